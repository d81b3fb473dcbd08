/* gst-drmeter: the length a file's container declares, what of the
 * decoded samples is kept to match it, and the check after decoding.
 *
 * A decoder that stops early, or a file cut short, must not give a
 * shorter track measured as if whole. Each container that says how long
 * its stream is gets its own rule:
 *   - MP4 (AAC, ALAC, ...): the sample table and edit list (mp4edit.c);
 *     the decoded samples are trimmed to the edit, and too few of them is
 *     a truncated file.
 *   - Ogg (Vorbis, Opus, FLAC): the first stream's last page must carry
 *     the end-of-stream flag, else the file was cut; its granule position
 *     is the end. GStreamer 1.22's audio decoders clip the last packet in
 *     nanoseconds, rounded down, and keep one sample too many where the
 *     granule ends inside a packet (measured: 441,001 samples of a Vorbis
 *     stream whose last granule is 441,000, which ffmpeg decodes): the
 *     decoded samples are trimmed to the granule.
 *   - WavPack: the first block's total samples; AIFF: the COMM chunk's
 *     frames, which the SSND chunk must hold (GStreamer 1.22's aiffparse
 *     waits for ever on a cut one); TTA: the header's samples, whose
 *     frames the file must hold (so does libav's decoder): the frames
 *     measured must be these.
 * FLAC (STREAMINFO), MP3 (LAME header) and WAV are checked in scan.c.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include "declared.h"
#include "bytes.h"
#include "container.h"
#include "oggchain.h"



/* Keep [skip, skip + length) of the decoded samples, nothing after. */
static void
keep (DrmtDeclared * d, const gchar * what, guint64 skip, guint64 length,
    guint32 timescale)
{
  d->what = what;
  d->frames = length;
  d->trims = TRUE;
  d->trim.skip = skip;
  d->trim.cut_from = d->trim.decoded = skip + length;
  d->trim.cut_to = G_MAXUINT64;
  d->trim.timescale = timescale;
}

static gchar *
read_ogg (const gchar * path, DrmtDeclared * d)
{
  DrmtOggEnd e;

  if (!drmt_ogg_read_end (path, &e))
    return NULL;
  if (e.links > 1)
    return g_strdup_printf ("holds several streams one after another (a "
        "chained Ogg file of %u streams): not measured as one track",
        e.links);
  if (e.codec == DRMT_OGG_OTHER || e.last_granule < 0)
    return NULL;
  if (!e.eos)
    return g_strdup ("truncated file: its last Ogg page does not end the "
        "stream (no end-of-stream flag): the end is missing");
  if (e.codec == DRMT_OGG_OPUS) {
    /* granules count 48 kHz samples from before the pre-skip, which the
     * decoders drop themselves */
    if ((guint64) e.last_granule >= e.preskip)
      keep (d, "last Ogg page's granule position", 0,
          (guint64) e.last_granule - e.preskip, 48000);
  } else {
    keep (d, "last Ogg page's granule position", 0,
        (guint64) e.last_granule, 0);
  }
  return NULL;
}

static gchar *
read_mp4 (const gchar * path, DrmtDeclared * d)
{
  if (drmt_mp4_lacks_moov (path))
    return g_strdup ("damaged file: it has no 'moov' box (its sample "
        "table): the file is cut short, or not MP4");
  if (!drmt_mp4_read (path, &d->mp4))
    return NULL;
  keep (d, strcmp (d->mp4.source, "edit list") == 0 ? "MP4 edit list" :
      strcmp (d->mp4.source, "iTunSMPB") == 0 ? "MP4 iTunSMPB tag" :
      "MP4 sample table", d->mp4.skip, d->mp4.length, d->mp4.timescale);
  return NULL;
}

/* The standard rates a WavPack block's flags (bits 23-26) index; 15 means
 * another rate, held in a metadata sub-block. */
static const guint wavpack_rates[15] = {
  6000, 8000, 9600, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000,
  64000, 88200, 96000, 192000
};

gboolean
drmt_wavpack_header (const guint8 * p, gsize len, guint64 * frames,
    guint * rate)
{
  guint32 total;

  if (len < 32 || memcmp (p, "wvpk", 4) != 0)
    return FALSE;
  total = drmt_le32 (p + 12);
  if (total == G_MAXUINT32)
    return FALSE;               /* the encoder did not know them */
  *frames = (guint64) p[11] << 32 | total;
  total = (drmt_le32 (p + 24) >> 23) & 0xf;
  *rate = total < G_N_ELEMENTS (wavpack_rates) ? wavpack_rates[total] : 0;
  return TRUE;
}

/* A WavPack block's flags: bytes stored per sample less one, float data,
 * and the bits the encoder shifted out (20-bit audio in 3 bytes). */
#define WAVPACK_BYTES_STORED 0x3
#define WAVPACK_FLOAT_DATA 0x80
#define WAVPACK_SHIFT(flags) (((flags) >> 13) & 0x1f)

static void
read_wavpack (const guint8 * p, gsize len, DrmtDeclared * d)
{
  guint rate;
  guint32 flags;

  if (!drmt_wavpack_header (p, len, &d->frames, &rate))
    return;
  d->what = "WavPack header";
  d->exact = TRUE;
  flags = drmt_le32 (p + 24);
  if (!(flags & WAVPACK_FLOAT_DATA))
    d->bits = ((flags & WAVPACK_BYTES_STORED) + 1) * 8 - WAVPACK_SHIFT (flags);
}

/* Bytes per frame of an AIFF/AIFC sample format, 0 when not known. */
static guint
aiff_frame_bytes (guint channels, guint bits, const guint8 * compression)
{
  static const struct {
    const gchar *id;
    guint bytes;                /* 0: from the sample size */
  } formats[] = {
    {"NONE", 0}, {"twos", 0}, {"sowt", 0}, {"raw ", 0}, {"in24", 3},
    {"in32", 4}, {"fl32", 4}, {"FL32", 4}, {"fl64", 8}, {"FL64", 8},
    {"ulaw", 1}, {"ULAW", 1}, {"alaw", 1}, {"ALAW", 1},
  };

  if (!compression)
    return channels * ((bits + 7) / 8);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (memcmp (compression, formats[i].id, 4) == 0)
      return channels * (formats[i].bytes ? formats[i].bytes :
          (bits + 7) / 8);
  return 0;
}

/* TTA1: the header's samples, and the seek table's frame sizes, which
 * the file must hold (libav's decoder waits for ever on a cut file). */
static gchar *
read_tta (const guint8 * p, gsize len, DrmtDeclared * d)
{
  guint32 rate, samples;
  guint64 frame, frames, need, at;

  if (len < 22 || memcmp (p, "TTA1", 4) != 0)
    return NULL;
  rate = drmt_le32 (p + 10);
  samples = drmt_le32 (p + 14);
  frame = (guint64) rate * 256 / 245;   /* samples per frame */
  if (rate == 0 || frame == 0)
    return NULL;
  frames = (samples + frame - 1) / frame;
  need = 22 + 4 * frames + 4;
  if (need > len)
    return g_strdup ("truncated file: its TTA seek table is cut short");
  for (at = 22; at < 22 + 4 * frames; at += 4)
    need += drmt_le32 (p + at);
  if (need > len)
    return g_strdup_printf ("truncated file: it holds %" G_GSIZE_FORMAT
        " of the %" G_GUINT64_FORMAT " bytes its TTA seek table declares",
        len, need);
  d->what = "TTA header";
  d->frames = samples;
  d->exact = TRUE;
  return NULL;
}

static gchar *
read_aiff (const guint8 * p, gsize len, DrmtDeclared * d)
{
  gboolean aifc = memcmp (p + 8, "AIFC", 4) == 0;
  guint64 frames = 0, held = 0;
  guint bpf = 0;
  gboolean comm = FALSE, ssnd = FALSE;
  gsize at = 12;

  while (len - at >= 8 && at < len) {
    guint32 size = drmt_be32 (p + at + 4);
    gsize avail = len - at - 8;
    const guint8 *b = p + at + 8;

    if (memcmp (p + at, "COMM", 4) == 0 && size >= 18 && avail >= 18) {
      frames = drmt_be32 (b + 2);
      bpf = aiff_frame_bytes (b[0] << 8 | b[1], b[6] << 8 | b[7],
          aifc && size >= 22 && avail >= 22 ? b + 18 : NULL);
      comm = TRUE;
    } else if (memcmp (p + at, "SSND", 4) == 0 && avail >= 8) {
      guint64 data = MIN ((gsize) size, avail);
      guint64 offset = drmt_be32 (b);

      held = data >= 8 + offset ? data - 8 - offset : 0;
      ssnd = TRUE;
    }
    if (size > avail)
      break;
    at += 8 + (gsize) size + (size & 1);
  }
  if (!comm || !ssnd || bpf == 0)
    return NULL;
  if (held / bpf < frames)
    return g_strdup_printf ("truncated file: its SSND chunk holds %"
        G_GUINT64_FORMAT " of the %" G_GUINT64_FORMAT " frames its COMM "
        "chunk declares", held / bpf, frames);
  d->what = "AIFF COMM chunk";
  d->frames = frames;
  d->exact = TRUE;
  return NULL;
}

gchar *
drmt_declared_read (const gchar * path, DrmtDeclared * d)
{
  gchar *reason = NULL, *error = NULL;
  DrmtContainer c;
  GMappedFile *m;

  memset (d, 0, sizeof *d);
  reason = read_ogg (path, d);
  if (reason || d->what)
    return reason;
  c = drmt_container_of_file (path, &error);
  g_free (error);
  d->container = c;
  if (c == DRMT_CONTAINER_MP4)
    return read_mp4 (path, d);
  m = g_mapped_file_new (path, FALSE, NULL);
  if (!m)
    return NULL;
  if (g_mapped_file_get_contents (m)) {
    const guint8 *p = (const guint8 *) g_mapped_file_get_contents (m);
    gsize len = g_mapped_file_get_length (m);

    if (c == DRMT_CONTAINER_WAVPACK)
      read_wavpack (p, len, d);
    else if (c == DRMT_CONTAINER_AIFF)
      reason = read_aiff (p, len, d);
    else
      reason = read_tta (p, len, d);
  }
  g_mapped_file_unref (m);
  return reason;
}

gchar *
drmt_declared_check (const DrmtDeclared * d, DrmtTrim * trim,
    guint64 measured)
{
  gboolean exact = d->exact;

  if (!d->what)
    return NULL;
  /* a demuxer that trimmed itself (quirks.c): the length as it is */
  if (d->trims && trim && drmt_trim_stood_down (trim)) {
    exact = TRUE;
  } else if (d->trims && trim) {
    guint64 skip, needed, seen = drmt_trim_seen (trim, &skip, &needed);

    /* counted without the samples dropped first (an AAC's priming) */
    if (seen < needed)
      return g_strdup_printf ("truncated file: %" G_GUINT64_FORMAT " of the %"
          G_GUINT64_FORMAT " samples its %s declares decoded",
          seen > skip ? seen - skip : 0, needed - skip, d->what);
  }
  if (exact && measured < d->frames)
    return g_strdup_printf ("truncated file: %" G_GUINT64_FORMAT " of the %"
        G_GUINT64_FORMAT " frames its %s declares decoded", measured,
        d->frames, d->what);
  if (exact && measured > d->frames)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " frames decoded where its "
        "%s declares %" G_GUINT64_FORMAT, measured, d->what, d->frames);
  return NULL;
}
