/* gst-drmeter: how many streams an Ogg file holds one after another.
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
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "oggchain.h"

#define PAGE_HEADER 27
#define BOS 0x02                /* header_type: first page of a stream */

guint
drmt_ogg_count_links (const gchar * path)
{
  guint8 h[PAGE_HEADER + 255];
  guint64 at = 0;
  guint links = 0;
  gboolean in_data = TRUE;      /* a page that is not BOS came last */
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0)
    return 0;
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
    if (h[5] & BOS) {
      /* several BOS pages in a row are one link (multiplexed streams) */
      if (in_data)
        links++;
      in_data = FALSE;
    } else {
      in_data = TRUE;
    }
    at += PAGE_HEADER + segments + body;
  }
  close (fd);
  return links;
}
