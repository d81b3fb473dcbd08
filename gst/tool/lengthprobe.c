/* gst-drmeter: a FLAC or WAV file's length from its header.
 *
 * Cutting a file into parts needs its length and rate. Asking GStreamer
 * (a discoverer that prerolls a whole pipeline) costs about as much as
 * starting a part, on the path every part waits for; the header of a
 * native FLAC file (STREAMINFO) or of a PCM WAV says it in a few bytes.
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
#include "image.h"
#include "wavfile.h"

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
    sheet = drmt_image_embedded_sheet (wav.tags);
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
  fclose (f);
  if (r == DRMT_LENGTH_UNKNOWN)
    r = wav_length (path, size, frames, rate);
  return r;
}
