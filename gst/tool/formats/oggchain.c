/* gst-drmeter: how many streams an Ogg file holds one after another, and
 * where its first stream ends.
 *
 * Two Ogg files joined byte for byte (`cat a.ogg b.ogg`) are a chained
 * stream: a second set of beginning-of-stream pages follows the first
 * stream's pages. GStreamer 1.22's decodebin switches to the second link
 * while the first is still draining, and whether the meter then sees the
 * first link only, or a discontinuity, depends on thread timing (measured:
 * half the length 9 runs in 12, "audio data lost" 3 in 12). The scanner
 * counts the links before decoding, from the page headers alone, and
 * reports a chained file as holding several streams, every time.
 *
 * The same walk finds the first stream's end. By the Ogg rules its last
 * page carries the end-of-stream flag, and that page's granule position
 * is the position of the last sample: Vorbis and FLAC count samples from
 * 0, Opus at 48 kHz from before its pre-skip. A file whose last page lacks
 * the flag has lost its end (declared.c reports it).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include "oggchain.h"
#include "bytes.h"

#define PAGE_HEADER 27
#define BOS 0x02                /* header_type: first page of a stream */
#define EOS 0x04                /* header_type: last page of a stream */


/* The first stream's codec, from its first packet (the BOS page's). */
static void
read_codec (int fd, guint64 body_at, DrmtOggEnd * e)
{
  guint8 p[19];

  if (pread (fd, p, sizeof p, (off_t) body_at) != sizeof p)
    return;
  if (memcmp (p, "\001vorbis", 7) == 0)
    e->codec = DRMT_OGG_VORBIS;
  else if (memcmp (p, "\177FLAC", 5) == 0)
    e->codec = DRMT_OGG_FLAC;
  else if (memcmp (p, "OpusHead", 8) == 0) {
    e->codec = DRMT_OGG_OPUS;
    e->preskip = p[10] | p[11] << 8;
  }
}

/* Follows the pages by their lengths from the start; where a page is cut
 * or is not a page, the walk ends there. */
gboolean
drmt_ogg_read_end (const gchar * path, DrmtOggEnd * e)
{
  guint8 h[PAGE_HEADER + 255];
  guint64 at = 0;
  gboolean in_data = TRUE;      /* a page that is not BOS came last */
  guint32 serial = 0;
  struct stat st;
  int fd = g_open (path, O_RDONLY, 0);

  memset (e, 0, sizeof *e);
  e->last_granule = -1;
  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) != 0) {
    close (fd);
    return FALSE;
  }
  for (;;) {
    ssize_t n = pread (fd, h, sizeof h, (off_t) at);
    guint segments, i;
    guint64 body = 0;

    if (n < 0 && errno == EINTR)
      continue;
    if (n < PAGE_HEADER || memcmp (h, "OggS", 4) != 0 || h[4] != 0)
      break;
    segments = h[26];
    if ((gsize) n < PAGE_HEADER + segments)
      break;
    for (i = 0; i < segments; i++)
      body += h[PAGE_HEADER + i];
    if (at + PAGE_HEADER + segments + body > (guint64) st.st_size)
      break;
    if (h[5] & BOS) {
      /* several BOS pages in a row are one link (multiplexed streams) */
      if (in_data)
        e->links++;
      in_data = FALSE;
      if (e->links == 1 && at == 0) {
        serial = drmt_le32 (h + 14);
        read_codec (fd, at + PAGE_HEADER + segments, e);
      }
    } else {
      in_data = TRUE;
    }
    if (e->links == 1 && drmt_le32 (h + 14) == serial) {
      gint64 granule = (gint64) drmt_le64 (h + 6);

      if (granule != -1)
        e->last_granule = granule;
      e->eos = (h[5] & EOS) != 0;
    }
    at += PAGE_HEADER + segments + body;
  }
  if (at > 0 && at < (guint64) st.st_size)
    e->damaged_at = at;
  close (fd);
  return e->links > 0;
}
