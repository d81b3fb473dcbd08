/* gst-drmeter: a FLAC, WavPack or WAV file's length from its header.
 *
 * Cutting a file into parts needs its length and rate. Asking GStreamer
 * (a discoverer that prerolls a whole pipeline) costs about as much as
 * starting a part, on the path every part waits for; the header of a
 * native FLAC file (STREAMINFO), a WavPack file (its first block) or a PCM
 * WAV says it in a few bytes. (For WavPack GStreamer 1.22 can even be
 * wrong: it takes a file that starts with many seconds of digital silence
 * at 96 kHz and up for MPEG audio.)
 * Only a length: the parts themselves check that each got exactly its
 * frames, and the last one runs to the stream's end, wherever that is.
 * Anything unusual (an ID3 tag before "fLaC", no sample count) is left to
 * GStreamer.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>
#include <gst/audio/audio.h>
#include "lengthprobe.h"
#include "embedded-cue.h"
#include "wavfile.h"
#include "declared.h"
#include "bytes.h"

#define FLAC_STREAMINFO 0
#define FLAC_VORBIS_COMMENT 4
/* a comment block larger than this is left to GStreamer */
#define MAX_COMMENTS (16 << 20)

static guint32
le32 (const guint8 * p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

/* TRUE if the Vorbis comments in @p hold a CUESHEET (as image.c reads
 * it); FALSE too when they are damaged (the scan will say so). */
static gboolean
comments_hold_sheet (const guint8 * p, gsize n)
{
  gsize at = 4;
  guint32 count;

  if (n < 4 || le32 (p) > n - 8)
    return FALSE;
  at += le32 (p);
  count = le32 (p + at);
  at += 4;
  for (guint32 i = 0; i < count && at + 4 <= n; i++) {
    guint32 len = le32 (p + at);

    at += 4;
    if (len > n - at)
      return FALSE;
    if (len >= 9 && g_ascii_strncasecmp ((const gchar *) p + at,
            "CUESHEET=", 9) == 0)
      return TRUE;
    at += len;
  }
  return FALSE;
}

static DrmtLengthProbe
flac_length (FILE * f, guint64 * frames, guint * rate)
{
  guint8 head[4], info[34];
  gboolean last = FALSE, have_info = FALSE;
  DrmtLengthProbe r = DRMT_LENGTH_UNKNOWN;

  if (fread (head, 1, 4, f) != 4 || memcmp (head, "fLaC", 4) != 0)
    return DRMT_LENGTH_UNKNOWN;
  while (!last && fread (head, 1, 4, f) == 4) {
    guint type = head[0] & 0x7f;
    guint32 len = (head[1] << 16) | (head[2] << 8) | head[3];

    last = (head[0] & 0x80) != 0;
    if (type == FLAC_STREAMINFO && len == sizeof info) {
      if (fread (info, 1, sizeof info, f) != sizeof info)
        return DRMT_LENGTH_UNKNOWN;
      *rate = (info[10] << 12) | (info[11] << 4) | (info[12] >> 4);
      *frames = ((guint64) (info[13] & 0x0f) << 32) |
          ((guint32) info[14] << 24) | (info[15] << 16) | (info[16] << 8) |
          info[17];
      have_info = *rate > 0 && *frames > 0;
    } else if (type == FLAC_VORBIS_COMMENT && len <= MAX_COMMENTS) {
      guint8 *c = g_malloc (len);
      gboolean sheet = fread (c, 1, len, f) == len
          && comments_hold_sheet (c, len);

      g_free (c);
      if (sheet)
        return DRMT_LENGTH_IMAGE;
    } else if (fseeko (f, len, SEEK_CUR) != 0) {
      return DRMT_LENGTH_UNKNOWN;
    }
  }
  if (have_info && last)
    r = DRMT_LENGTH_KNOWN;
  return r;
}

/* TRUE if the APEv2 tag at the end of the file (before an ID3v1 tag, if
 * any) has a CUESHEET item, as WavPack images carry their sheet. */
static gboolean
ape_tag_holds_sheet (FILE * f, guint64 size)
{
  guint8 foot[32], id3[3];
  guint64 end = size;
  guint32 tag_size, count, at = 0;
  guint8 *items;
  gboolean sheet = FALSE;

  if (size >= 128 && fseeko (f, size - 128, SEEK_SET) == 0
      && fread (id3, 1, 3, f) == 3 && memcmp (id3, "TAG", 3) == 0)
    end = size - 128;
  if (end < 32 || fseeko (f, end - 32, SEEK_SET) != 0
      || fread (foot, 1, 32, f) != 32 || memcmp (foot, "APETAGEX", 8) != 0)
    return FALSE;
  tag_size = drmt_le32 (foot + 12);
  count = drmt_le32 (foot + 16);
  if (tag_size < 32 || tag_size > end || tag_size > MAX_COMMENTS)
    return FALSE;
  items = g_malloc (tag_size - 32);
  if (fseeko (f, end - tag_size, SEEK_SET) == 0
      && fread (items, 1, tag_size - 32, f) == tag_size - 32) {
    for (; count > 0 && !sheet && at + 8 < tag_size - 32; count--) {
      guint32 value = drmt_le32 (items + at);
      const guint8 *key = items + at + 8;
      gsize room = tag_size - 32 - at - 8;
      const guint8 *nul = memchr (key, 0, room);

      if (!nul || value > room - (nul - key) - 1)
        break;
      sheet = g_ascii_strcasecmp ((const gchar *) key, "CUESHEET") == 0;
      at += 8 + (nul - key) + 1 + value;
    }
  }
  g_free (items);
  return sheet;
}

static DrmtLengthProbe
wavpack_length (FILE * f, guint64 size, guint64 * frames, guint * rate)
{
  guint8 head[32];

  if (fseeko (f, 0, SEEK_SET) != 0 || fread (head, 1, 32, f) != 32
      || !drmt_wavpack_header (head, 32, frames, rate) || *rate == 0
      || *frames == 0)
    return DRMT_LENGTH_UNKNOWN;
  return ape_tag_holds_sheet (f, size) ? DRMT_LENGTH_IMAGE : DRMT_LENGTH_KNOWN;
}

static DrmtLengthProbe
wav_length (const gchar * path, guint64 size, guint64 * frames, guint * rate)
{
  DrmtWav wav = { 0 };
  DrmtLengthProbe r = DRMT_LENGTH_UNKNOWN;
  GstAudioInfo info;
  gchar *sheet;

  drmt_wav_read (path, size, &wav);
  if (wav.kind == DRMT_WAV_PCM && wav.caps
      && gst_audio_info_from_caps (&info, wav.caps)
      && GST_AUDIO_INFO_RATE (&info) > 0 && wav.frames > 0) {
    *rate = GST_AUDIO_INFO_RATE (&info);
    *frames = wav.frames;
    sheet = drmt_embedded_cue_sheet (wav.tags);
    r = sheet ? DRMT_LENGTH_IMAGE : DRMT_LENGTH_KNOWN;
    g_free (sheet);
  }
  drmt_wav_clear (&wav);
  return r;
}

DrmtLengthProbe
drmt_length_from_header (const gchar * path, guint64 size, guint64 * frames,
    guint * rate)
{
  FILE *f = fopen (path, "rb");
  DrmtLengthProbe r = DRMT_LENGTH_UNKNOWN;

  if (!f)
    return DRMT_LENGTH_UNKNOWN;
  r = flac_length (f, frames, rate);
  if (r == DRMT_LENGTH_UNKNOWN)
    r = wavpack_length (f, size, frames, rate);
  fclose (f);
  if (r == DRMT_LENGTH_UNKNOWN)
    r = wav_length (path, size, frames, rate);
  return r;
}
