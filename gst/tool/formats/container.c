/* gst-drmeter: which container a file is, and where its audio bytes lie.
 *
 * The tag writer tags a copy of each file and, before the copy replaces
 * the original, checks that the copy's audio bytes are the original's.
 * Each container is read only as far as needed to tell its tag blocks
 * from its audio: a few headers, then one comparison of the audio bytes
 * (files are mapped, and were just read by the copy, so this costs about
 * one more read from the page cache).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "container.h"

/* A byte range of a mapped file. */
typedef struct {
  gsize offset, length;
} Piece;

static guint32
be32 (const guint8 * p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8
      | p[3];
}

static guint32
le32 (const guint8 * p)
{
  return (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8
      | p[0];
}

static guint64
be64 (const guint8 * p)
{
  return (guint64) be32 (p) << 32 | be32 (p + 4);
}

/* The size of an ID3v2 tag at @p (header, body, footer), 0 if none. */
static gsize
id3v2_size (const guint8 * p, gsize len)
{
  gsize size;

  if (len < 10 || memcmp (p, "ID3", 3) != 0 || p[3] == 0xff || p[4] == 0xff
      || ((p[6] | p[7] | p[8] | p[9]) & 0x80))
    return 0;
  size = 10 + ((gsize) p[6] << 21 | (gsize) p[7] << 14 | (gsize) p[8] << 7
      | p[9]);
  if (p[5] & 0x10)
    size += 10;                 /* footer */
  return size <= len ? size : 0;
}

/* Past every leading ID3v2 tag. */
static gsize
skip_id3v2 (const guint8 * p, gsize len)
{
  gsize at = 0, n;

  while ((n = id3v2_size (p + at, len - at)) > 0)
    at += n;
  return at;
}

/* The end of the data before trailing ID3v1 and APEv2 tags. */
static gsize
strip_tail_tags (const guint8 * p, gsize start, gsize end)
{
  gboolean again = TRUE;

  while (again) {
    again = FALSE;
    if (end - start >= 128 && memcmp (p + end - 128, "TAG", 3) == 0) {
      end -= 128;
      again = TRUE;
    }
    if (end - start >= 32 && memcmp (p + end - 32, "APETAGEX", 8) == 0) {
      const guint8 *f = p + end - 32;
      gsize size = le32 (f + 12) + ((le32 (f + 20) & 0x80000000u) ? 32 : 0);

      if (size >= 32 && size <= end - start) {
        end -= size;
        again = TRUE;
      }
    }
  }
  return end;
}

static gboolean
tail_tagged_pieces (const guint8 * p, gsize len, GArray * out)
{
  gsize start = skip_id3v2 (p, len);
  Piece piece = { start, strip_tail_tags (p, start, len) - start };

  g_array_append_val (out, piece);
  return piece.length > 0;
}

static gboolean
flac_pieces (const guint8 * p, gsize len, GArray * out)
{
  gsize at = skip_id3v2 (p, len);
  gboolean last = FALSE, first = TRUE;
  Piece audio;

  if (len - at < 4 || memcmp (p + at, "fLaC", 4) != 0)
    return FALSE;
  at += 4;
  while (!last) {
    gsize size;

    if (len - at < 4)
      return FALSE;
    last = (p[at] & 0x80) != 0;
    size = (gsize) p[at + 1] << 16 | (gsize) p[at + 2] << 8 | p[at + 3];
    if (len - at - 4 < size)
      return FALSE;
    if (first) {                /* STREAMINFO: its MD5 and lengths */
      Piece info = { at, 4 + size };

      if ((p[at] & 0x7f) != 0)
        return FALSE;
      g_array_append_val (out, info);
      first = FALSE;
    }
    at += 4 + size;
  }
  audio.offset = at;
  audio.length = strip_tail_tags (p, at, len) - at;
  g_array_append_val (out, audio);
  return audio.length > 0;
}

/* Ogg: the pages after the first stream's header packets (3 for Vorbis,
 * 2 for Opus), without their sequence numbers and checksums. */
static gboolean
ogg_pieces (const guint8 * p, gsize len, guint headers, GArray * out)
{
  gsize at = 0;
  guint packets = 0;
  guint32 serial = 0;
  gboolean first = TRUE;

  while (at < len) {
    const guint8 *h = p + at;
    gsize header, body = 0;
    guint nseg, i;

    if (len - at < 27 || memcmp (h, "OggS", 4) != 0)
      return FALSE;
    nseg = h[26];
    header = 27 + nseg;
    if (len - at < header)
      return FALSE;
    for (i = 0; i < nseg; i++)
      body += h[27 + i];
    if (len - at - header < body)
      return FALSE;
    if (first) {
      serial = le32 (h + 14);
      first = FALSE;
    }
    if (packets < headers) {
      if (le32 (h + 14) == serial)
        for (i = 0; i < nseg; i++)
          if (h[27 + i] < 255)
            packets++;
    } else {
      Piece fields = { at + 4, 14 };    /* version, flags, granule, serial */
      Piece rest = { at + 26, 1 + nseg + body };

      g_array_append_val (out, fields);
      g_array_append_val (out, rest);
    }
    at += header + body;
  }
  return packets >= headers && out->len > 0;
}

/* RIFF (little-endian sizes) or IFF (big-endian): the payloads of the two
 * chunks that make the audio. */
static gboolean
chunk_pieces (const guint8 * p, gsize len, gboolean big_endian,
    const gchar * format, const gchar * samples, GArray * out)
{
  gsize at = 12;
  guint found = 0;

  while (len - at >= 8 && at < len) {
    guint32 size = big_endian ? be32 (p + at + 4) : le32 (p + at + 4);
    gsize avail = len - at - 8;
    Piece piece = { at + 8, MIN ((gsize) size, avail) };

    if (memcmp (p + at, format, 4) == 0 || memcmp (p + at, samples, 4) == 0) {
      g_array_append_val (out, piece);
      found++;
    }
    if (size > avail)
      break;
    at += 8 + (gsize) size + (size & 1);
  }
  return found >= 2;
}

static gboolean
mp4_pieces (const guint8 * p, gsize len, GArray * out)
{
  gsize at = 0;

  while (len - at >= 8 && at < len) {
    guint64 size = be32 (p + at);
    gsize head = 8;

    if (size == 1) {
      if (len - at < 16)
        return FALSE;
      size = be64 (p + at + 8);
      head = 16;
    } else if (size == 0) {
      size = len - at;
    }
    if (size < head || size > len - at)
      return FALSE;
    if (memcmp (p + at + 4, "mdat", 4) == 0) {
      Piece piece = { at + head, (gsize) size - head };
      g_array_append_val (out, piece);
    }
    at += (gsize) size;
  }
  return out->len > 0;
}

static gboolean
audio_pieces (DrmtContainer c, const guint8 * p, gsize len, GArray * out)
{
  switch (c) {
    case DRMT_CONTAINER_FLAC:
      return flac_pieces (p, len, out);
    case DRMT_CONTAINER_OGG_VORBIS:
      return ogg_pieces (p, len, 3, out);
    case DRMT_CONTAINER_OGG_OPUS:
      return ogg_pieces (p, len, 2, out);
    case DRMT_CONTAINER_WAV:
      return len >= 12 && chunk_pieces (p, len, FALSE, "fmt ", "data", out);
    case DRMT_CONTAINER_AIFF:
      return len >= 12 && chunk_pieces (p, len, TRUE, "COMM", "SSND", out);
    case DRMT_CONTAINER_MP4:
      return mp4_pieces (p, len, out);
    case DRMT_CONTAINER_MP3:
    case DRMT_CONTAINER_WAVPACK:
    case DRMT_CONTAINER_APE:
    case DRMT_CONTAINER_MPC:
    case DRMT_CONTAINER_TTA:
      return tail_tagged_pieces (p, len, out);
    case DRMT_CONTAINER_UNKNOWN:
      break;
  }
  return FALSE;
}

/* Compares the concatenations of two piece lists. */
static gboolean
same_bytes (const guint8 * a, GArray * pa, const guint8 * b, GArray * pb)
{
  guint ia = 0, ib = 0;
  gsize oa = 0, ob = 0;

  while (ia < pa->len && ib < pb->len) {
    const Piece *x = &g_array_index (pa, Piece, ia);
    const Piece *y = &g_array_index (pb, Piece, ib);
    gsize n = MIN (x->length - oa, y->length - ob);

    if (memcmp (a + x->offset + oa, b + y->offset + ob, n) != 0)
      return FALSE;
    oa += n;
    ob += n;
    if (oa == x->length) {
      ia++;
      oa = 0;
    }
    if (ob == y->length) {
      ib++;
      ob = 0;
    }
  }
  /* both at their ends (empty pieces left over are fine) */
  for (; ia < pa->len; ia++, oa = 0)
    if (g_array_index (pa, Piece, ia).length > oa)
      return FALSE;
  for (; ib < pb->len; ib++, ob = 0)
    if (g_array_index (pb, Piece, ib).length > ob)
      return FALSE;
  return TRUE;
}

gboolean
drmt_container_same_audio (DrmtContainer c, const gchar * original,
    const gchar * copy, gchar ** why)
{
  GMappedFile *ma = NULL, *mb = NULL;
  GArray *pa = g_array_new (FALSE, FALSE, sizeof (Piece));
  GArray *pb = g_array_new (FALSE, FALSE, sizeof (Piece));
  GError *err = NULL;
  gboolean ok = FALSE;

  ma = g_mapped_file_new (original, FALSE, &err);
  if (ma)
    mb = g_mapped_file_new (copy, FALSE, &err);
  if (!ma || !mb) {
    *why = g_strdup (err->message);
    g_error_free (err);
  } else {
    const guint8 *a = (const guint8 *) g_mapped_file_get_contents (ma);
    const guint8 *b = (const guint8 *) g_mapped_file_get_contents (mb);
    gsize la = g_mapped_file_get_length (ma);
    gsize lb = g_mapped_file_get_length (mb);

    if (!a || !audio_pieces (c, a, la, pa))
      *why = g_strdup ("the audio data of the file could not be located");
    else if (!b || !audio_pieces (c, b, lb, pb))
      *why = g_strdup ("the tagged copy's audio data could not be located");
    else if (!same_bytes (a, pa, b, pb))
      *why = g_strdup ("the tagged copy's audio data differs");
    else
      ok = TRUE;
  }
  if (ma)
    g_mapped_file_unref (ma);
  if (mb)
    g_mapped_file_unref (mb);
  g_array_unref (pa);
  g_array_unref (pb);
  return ok;
}

static DrmtContainer
sniff (const guint8 * p, gsize len, gsize id3_end)
{
  const guint8 *q = p + id3_end;
  gsize n = len - id3_end;

  if (n >= 4 && memcmp (q, "fLaC", 4) == 0)
    return DRMT_CONTAINER_FLAC;
  if (id3_end == 0 && len >= 28 + 8 && memcmp (p, "OggS", 4) == 0) {
    const guint8 *packet = p + 27 + p[26];
    gsize left = len - (gsize) (packet - p);

    if ((gsize) (packet - p) > len)
      return DRMT_CONTAINER_UNKNOWN;
    if (left >= 7 && memcmp (packet, "\001vorbis", 7) == 0)
      return DRMT_CONTAINER_OGG_VORBIS;
    if (left >= 8 && memcmp (packet, "OpusHead", 8) == 0)
      return DRMT_CONTAINER_OGG_OPUS;
    return DRMT_CONTAINER_UNKNOWN;
  }
  if (id3_end == 0 && len >= 12 && memcmp (p, "RIFF", 4) == 0
      && memcmp (p + 8, "WAVE", 4) == 0)
    return DRMT_CONTAINER_WAV;
  if (id3_end == 0 && len >= 12 && memcmp (p, "FORM", 4) == 0
      && (memcmp (p + 8, "AIFF", 4) == 0 || memcmp (p + 8, "AIFC", 4) == 0))
    return DRMT_CONTAINER_AIFF;
  if (id3_end == 0 && len >= 8 && memcmp (p + 4, "ftyp", 4) == 0)
    return DRMT_CONTAINER_MP4;
  if (n >= 4 && memcmp (q, "wvpk", 4) == 0)
    return DRMT_CONTAINER_WAVPACK;
  if (n >= 4 && memcmp (q, "MAC ", 4) == 0)
    return DRMT_CONTAINER_APE;
  if (n >= 4 && (memcmp (q, "MPCK", 4) == 0 || memcmp (q, "MP+", 3) == 0))
    return DRMT_CONTAINER_MPC;
  if (n >= 4 && memcmp (q, "TTA1", 4) == 0)
    return DRMT_CONTAINER_TTA;
  /* an MPEG audio frame header: sync, layer III or II or I, a bitrate
   * index other than 15 and a sampling rate index other than 3 */
  if (n >= 4 && q[0] == 0xff && (q[1] & 0xe0) == 0xe0 && (q[1] & 0x06)
      && (q[2] & 0xf0) != 0xf0 && (q[2] & 0x0c) != 0x0c)
    return DRMT_CONTAINER_MP3;
  return DRMT_CONTAINER_UNKNOWN;
}

DrmtContainer
drmt_container_of_file (const gchar * path, gchar ** error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  GMappedFile *m;
  DrmtContainer c = DRMT_CONTAINER_UNKNOWN;

  if (fd < 0) {
    *error = g_strdup (g_strerror (errno));
    return c;
  }
  m = g_mapped_file_new_from_fd (fd, FALSE, NULL);
  close (fd);
  if (!m) {
    *error = g_strdup ("could not map the file");
    return c;
  }
  if (g_mapped_file_get_contents (m)) {
    const guint8 *p = (const guint8 *) g_mapped_file_get_contents (m);
    gsize len = g_mapped_file_get_length (m);

    c = sniff (p, len, skip_id3v2 (p, len));
  }
  g_mapped_file_unref (m);
  return c;
}

const gchar *
drmt_container_name (DrmtContainer c)
{
  static const gchar *const names[] = {
    "unknown", "FLAC", "Ogg Vorbis", "Ogg Opus", "MP3", "WAV", "AIFF",
    "MP4", "WavPack", "Monkey's Audio", "Musepack", "TTA",
  };

  return (guint) c < G_N_ELEMENTS (names) ? names[c] : "unknown";
}

/* The offset of the top-level "ID3 " chunk of the WAV file on @fd, or 0
 * (none, or not a RIFF WAVE file). */
static guint64
upper_id3_chunk (int fd)
{
  guint8 head[12];
  guint64 at = 12, end;

  if (pread (fd, head, 12, 0) != 12 || memcmp (head, "RIFF", 4) != 0
      || memcmp (head + 8, "WAVE", 4) != 0)
    return 0;
  end = 8 + (guint64) le32 (head + 4);
  while (at + 8 <= end) {
    guint8 c[8];

    if (pread (fd, c, 8, (off_t) at) != 8)
      break;
    if (memcmp (c, "ID3 ", 4) == 0)
      return at;
    at += 8 + (guint64) le32 (c + 4) + (le32 (c + 4) & 1);
  }
  return 0;
}

gboolean
drmt_container_wav_upper_id3 (const gchar * path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  guint64 at;

  if (fd < 0)
    return FALSE;
  at = upper_id3_chunk (fd);
  close (fd);
  return at > 0;
}

gboolean
drmt_container_wav_id3_lowercase (const gchar * path, gchar ** why)
{
  int fd = open (path, O_RDWR | O_CLOEXEC);
  guint64 at;
  gboolean ok = TRUE;

  if (fd < 0) {
    *why = g_strdup (g_strerror (errno));
    return FALSE;
  }
  at = upper_id3_chunk (fd);
  if (at > 0 && pwrite (fd, "id3 ", 4, (off_t) at) != 4) {
    *why = g_strdup (g_strerror (errno));
    ok = FALSE;
  }
  close (fd);
  return ok;
}
