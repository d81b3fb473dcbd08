/* gst-drmeter: MP3 encoder delay and padding (LAME/Xing header), and the
 * probe that trims them from the decoded samples.
 *
 * An MP3 encoder adds silence at both ends: its own delay (576 samples
 * for LAME) plus the decoder's (528 + 1 samples), and padding to fill the
 * last frame. LAME (and ffmpeg's libmp3lame writer) records delay and
 * padding in the LAME tag of the first frame, the Xing/Info frame, which
 * also counts the audio frames. foobar2000 and ffmpeg honour it; the
 * parser of GStreamer 1.22 to 1.28 (mpegaudioparse) honours it only when
 * the encoder string starts with "LAME" (measured: a file lame 3.100
 * wrote decodes to the header's length, the same audio with the tag's
 * "Lavc" to 1584 samples more). Where the parser does not, the scanner
 * drops the samples ffmpeg drops itself: the first delay + 529, and
 * [frames x spf - padding + 529, frames x spf). Which of the two trims
 * is seen per file, not assumed from the encoder string: a parser that
 * trims marks the first packet for clipping (quirks.c), and the
 * scanner's trim then stands down.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gst/audio/audio.h>
#include "gapless.h"

#define DECODER_DELAY 529       /* 528 + 1, as LAME documents it */

static guint32
be32 (const guint8 * p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | (p[2] << 8) | p[3];
}

/* Skips ID3v2 tags; returns the offset of the first byte after them. */
static gboolean
skip_id3v2 (FILE * f, gint64 * offset)
{
  guint8 h[10];

  *offset = 0;
  for (;;) {
    if (fseeko (f, *offset, SEEK_SET) != 0 || fread (h, 1, 10, f) != 10)
      return FALSE;
    if (memcmp (h, "ID3", 3) != 0 || (h[6] | h[7] | h[8] | h[9]) & 0x80)
      return TRUE;
    *offset += 10 + (((gint64) h[6] << 21) | (h[7] << 14) | (h[8] << 7)
        | h[9]) + ((h[5] & 0x10) ? 10 : 0);
  }
}

gboolean
drmt_gapless_read_mp3 (const gchar * path, DrmtGapless * g)
{
  FILE *f = g_fopen (path, "rb");
  guint8 b[512];
  gint64 at;
  gsize n;
  guint version, layer, mono, side, spf, flags, pos;
  guint32 frames, v;

  memset (g, 0, sizeof *g);
  if (!f)
    return FALSE;
  if (!skip_id3v2 (f, &at) || fseeko (f, at, SEEK_SET) != 0) {
    fclose (f);
    return FALSE;
  }
  n = fread (b, 1, sizeof b, f);
  fclose (f);
  if (n < 4 || b[0] != 0xff || (b[1] & 0xe0) != 0xe0)
    return FALSE;
  version = (b[1] >> 3) & 3;    /* 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5 */
  layer = (b[1] >> 1) & 3;      /* 1: layer III */
  if (version == 1 || layer != 1)
    return FALSE;
  mono = ((b[3] >> 6) & 3) == 3;
  if (version == 3) {
    side = mono ? 17 : 32;
    spf = 1152;
  } else {
    side = mono ? 9 : 17;
    spf = 576;
  }
  pos = 4 + side;
  if (pos + 8 > n || (memcmp (b + pos, "Xing", 4) != 0
          && memcmp (b + pos, "Info", 4) != 0))
    return FALSE;
  flags = be32 (b + pos + 4);
  pos += 8;
  if (!(flags & 1) || pos + 4 > n)
    return FALSE;               /* no frame count: the end is not known */
  frames = be32 (b + pos);
  pos += 4;
  if (flags & 2)
    pos += 4;
  if (flags & 4)
    pos += 100;
  if (flags & 8)
    pos += 4;
  /* the LAME tag: a 9-byte version string, ..., delay and padding as two
   * 12-bit numbers at byte 21; ffmpeg trusts these three writers */
  if (pos + 24 > n || (memcmp (b + pos, "LAME", 4) != 0
          && memcmp (b + pos, "Lavf", 4) != 0
          && memcmp (b + pos, "Lavc", 4) != 0))
    return FALSE;
  v = ((guint32) b[pos + 21] << 16) | (b[pos + 22] << 8) | b[pos + 23];
  g->delay = v >> 12;
  g->padding = v & 0xfff;
  g->decoded = (guint64) frames * spf;
  g->skip = MIN ((guint64) g->delay + DECODER_DELAY, g->decoded);
  g->cut_to = g->decoded;
  g->cut_from = g->padding > DECODER_DELAY ?
      g->decoded - MIN (g->decoded, g->padding - DECODER_DELAY) : g->decoded;
  if (g->cut_from < g->skip)
    g->cut_from = g->skip;
  return TRUE;
}

guint64
drmt_gapless_length (const DrmtGapless * g)
{
  return g->cut_from - g->skip;
}

/* ---------------------------------------------------------------- */

struct _DrmtTrim {
  DrmtGapless declared;         /* as given */
  DrmtGapless g;                /* in samples at the decoded rate */
  GMutex lock;
  gint bpf;                     /* bytes per frame of the current caps */
  guint64 seen;                 /* frames seen so far */
  gboolean upstream;            /* upstream trims: let everything through */
  gulong probe;
  GstPad *pad;
};

/* The part of [pos, pos + n) that is kept, as [*from, *to) relative to
 * pos, for one kept range [a, b). */
static void
keep_range (guint64 pos, guint64 n, guint64 a, guint64 b, guint64 * from,
    guint64 * to)
{
  guint64 lo = MAX (pos, a), hi = MIN (pos + n, b);

  if (hi <= lo) {
    *from = *to = 0;
    return;
  }
  *from = lo - pos;
  *to = hi - pos;
}

/* @d's positions at @rate (the track's timescale is usually the rate:
 * then nothing changes). */
static void
to_samples (const DrmtGapless * d, gint rate, DrmtGapless * g)
{
  *g = *d;
  g->decoded = gst_util_uint64_scale (d->decoded, rate, d->timescale);
  g->skip = gst_util_uint64_scale (d->skip, rate, d->timescale);
  g->cut_from = gst_util_uint64_scale (d->cut_from, rate, d->timescale);
  if (d->cut_to != G_MAXUINT64)
    g->cut_to = gst_util_uint64_scale (d->cut_to, rate, d->timescale);
  g->timescale = 0;
}

/* A planar buffer clipped by its decoder says so in its meta only. */
static guint64
frames_of (GstBuffer * buf, gint bpf)
{
  GstAudioMeta *meta = gst_buffer_get_audio_meta (buf);

  return meta ? meta->samples : gst_buffer_get_size (buf) / bpf;
}

static GstBuffer *
part (GstBuffer * buf, gint bpf, guint64 n, guint64 from, guint64 to)
{
  if (from == 0 && to == n)
    return buf;
  return gst_audio_buffer_truncate (buf, bpf, from, to - from);
}

static GstPadProbeReturn
on_data (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  DrmtTrim *t = user_data;
  GstBuffer *buf, *head = NULL, *tail = NULL;
  guint64 pos, n, h0, h1, t0, t1;
  gint bpf;

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
    GstEvent *e = GST_PAD_PROBE_INFO_EVENT (info);

    if (GST_EVENT_TYPE (e) == GST_EVENT_CAPS) {
      GstCaps *caps;
      GstAudioInfo ai;

      gst_event_parse_caps (e, &caps);
      if (gst_audio_info_from_caps (&ai, caps)) {
        g_mutex_lock (&t->lock);
        t->bpf = GST_AUDIO_INFO_BPF (&ai);
        if (t->declared.timescale)
          to_samples (&t->declared, GST_AUDIO_INFO_RATE (&ai), &t->g);
        g_mutex_unlock (&t->lock);
      }
    }
    return GST_PAD_PROBE_OK;
  }

  buf = GST_PAD_PROBE_INFO_BUFFER (info);
  g_mutex_lock (&t->lock);
  bpf = t->bpf;
  if (bpf <= 0) {
    g_mutex_unlock (&t->lock);
    return GST_PAD_PROBE_OK;
  }
  pos = t->seen;
  n = frames_of (buf, bpf);
  t->seen += n;
  if (t->upstream) {
    g_mutex_unlock (&t->lock);
    return GST_PAD_PROBE_OK;
  }
  /* kept: [skip, cut_from) and anything after cut_to (frames an MP3
   * header does not count, as ffmpeg keeps them) */
  keep_range (pos, n, t->g.skip, t->g.cut_from, &h0, &h1);
  keep_range (pos, n, t->g.cut_to, G_MAXUINT64, &t0, &t1);
  g_mutex_unlock (&t->lock);
  if (h1 == h0 && t1 == t0)
    return GST_PAD_PROBE_DROP;
  if (h1 > h0 && t1 > t0) {
    /* both in one buffer: the head goes on first, by hand */
    GstPad *peer = gst_pad_get_peer (pad);

    head = part (gst_buffer_ref (buf), bpf, n, h0, h1);
    if (peer) {
      gst_pad_chain (peer, head);
      gst_object_unref (peer);
    } else {
      gst_buffer_unref (head);
    }
    tail = part (buf, bpf, n, t0, t1);
  } else if (h1 > h0) {
    tail = part (buf, bpf, n, h0, h1);
  } else {
    tail = part (buf, bpf, n, t0, t1);
  }
  GST_PAD_PROBE_INFO_DATA (info) = tail;
  return GST_PAD_PROBE_OK;
}

DrmtTrim *
drmt_trim_attach (GstPad * pad, const DrmtGapless * g)
{
  DrmtTrim *t = g_new0 (DrmtTrim, 1);

  t->declared = *g;
  t->g = *g;
  g_mutex_init (&t->lock);
  t->pad = gst_object_ref (pad);
  t->probe = gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_data, t, NULL);
  return t;
}

guint64
drmt_trim_seen (DrmtTrim * t, guint64 * skip, guint64 * needed)
{
  guint64 seen;

  g_mutex_lock (&t->lock);
  seen = t->seen;
  if (skip)
    *skip = t->g.skip;
  if (needed)
    *needed = t->g.cut_from;
  g_mutex_unlock (&t->lock);
  return seen;
}

void
drmt_trim_stand_down (DrmtTrim * t)
{
  g_mutex_lock (&t->lock);
  t->upstream = TRUE;
  g_mutex_unlock (&t->lock);
}

gboolean
drmt_trim_stood_down (DrmtTrim * t)
{
  gboolean upstream;

  g_mutex_lock (&t->lock);
  upstream = t->upstream;
  g_mutex_unlock (&t->lock);
  return upstream;
}

void
drmt_trim_free (DrmtTrim * t)
{
  if (!t)
    return;
  gst_pad_remove_probe (t->pad, t->probe);
  gst_object_unref (t->pad);
  g_mutex_clear (&t->lock);
  g_free (t);
}
