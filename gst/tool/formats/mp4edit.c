/* gst-drmeter: the part of an MP4 file's audio track that is played, and
 * the probe that lets qtdemux deliver every packet of it.
 *
 * An AAC encoder starts with priming samples (1024 for ffmpeg's, 2112 for
 * Apple's) and pads the last frame. The file says which part is music: an
 * edit list (ffmpeg: media time 1024, a duration of exactly the input) or
 * Apple's iTunSMPB tag (priming, padding, length); the sample table's
 * last entry is shortened to match. foobar2000 and ffmpeg skip the
 * priming. GStreamer 1.22's qtdemux applies the edit list as a segment
 * but, before pushing a packet, compares the packet's time in the track
 * (its media time) with the end of the movie (its presentation time), so
 * it drops every packet that starts within the edit's media time of the
 * end: with ffmpeg's 1024 priming samples, the last packet, 680 samples
 * of music in a 10 s file. The decoder then clips the segment's start in
 * nanoseconds, rounded down, and keeps one priming sample (measured:
 * 440,321 samples where the edit list declares 441,000).
 *
 * GStreamer 1.26's qtdemux reads the iTunSMPB tag itself where no edit
 * list is shown to it: it marks the first packet's priming with a
 * GstAudioClippingMeta and ends its segment at the tag's length, so the
 * decoder already delivers the 441,000 samples of a 10 s file (the
 * scanner trimmed them a second time).
 *
 * So qtdemux is shown the track without its edit list, without its
 * iTunSMPB tag, and with a movie and track one second longer than the
 * sample table (the bytes it pulls are changed, the file is not): on
 * every release it then pushes every packet from the first, the decoder
 * clips nothing, and the scanner keeps exactly [skip, skip + length) of
 * the decoded samples (gapless.c's trim). Should a demuxer still mark
 * packets to clip, the trim stands down (quirks.c).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>
#include "mp4edit.h"
#include "bytes.h"

typedef struct {
  const guint8 *p;              /* the file */
  gsize len;
} File;

/* A box: its type, payload [body, end) within the file. */
typedef struct {
  gsize at, body, end;
  gchar type[5];
} Box;



/* The box at @at, inside [.., @end). */
static gboolean
box_at (const File * f, gsize at, gsize end, Box * b)
{
  guint64 size;
  gsize head = 8;

  if (end - at < 8)
    return FALSE;
  size = drmt_be32 (f->p + at);
  if (size == 1) {
    if (end - at < 16)
      return FALSE;
    size = drmt_be64 (f->p + at + 8);
    head = 16;
  } else if (size == 0) {
    size = end - at;
  }
  if (size < head || size > end - at)
    return FALSE;
  b->at = at;
  b->body = at + head;
  b->end = at + (gsize) size;
  memcpy (b->type, f->p + at + 4, 4);
  b->type[4] = '\0';
  return TRUE;
}

/* The first child of type @type in [from, end). */
static gboolean
child (const File * f, gsize from, gsize end, const gchar * type, Box * b)
{
  gsize at = from;

  while (box_at (f, at, end, b)) {
    if (strcmp (b->type, type) == 0)
      return TRUE;
    at = b->end;
  }
  return FALSE;
}

/* A path of children under @parent, "mdia/minf/stbl/stts". */
static gboolean
descend (const File * f, const Box * parent, const gchar * path, Box * b)
{
  gchar **parts = g_strsplit (path, "/", -1);
  Box at = *parent;
  gboolean ok = TRUE;

  for (guint i = 0; parts[i] && ok; i++)
    ok = child (f, at.body, at.end, parts[i], &at);
  g_strfreev (parts);
  if (ok)
    *b = at;
  return ok;
}

/* A full box's version, and its durations at the offsets of each. */
static gboolean
duration_field (const File * f, const Box * b, gsize v0, gsize v1,
    gsize * at, guint * size, guint64 * value, guint32 * timescale)
{
  guint version;

  if (b->end - b->body < 4)
    return FALSE;
  version = f->p[b->body];
  *size = version == 1 ? 8 : 4;
  *at = b->body + (version == 1 ? v1 : v0);
  if (version > 1 || *at + *size > b->end || *at < 4)
    return FALSE;
  *timescale = drmt_be32 (f->p + *at - 4);
  *value = *size == 8 ? drmt_be64 (f->p + *at) :
      drmt_be32 (f->p + *at);
  return *timescale > 0;
}

static gboolean
is_sound (const File * f, const Box * trak)
{
  Box hdlr;

  return descend (f, trak, "mdia/hdlr", &hdlr) && hdlr.end - hdlr.body >= 12
      && memcmp (f->p + hdlr.body + 8, "soun", 4) == 0;
}

/* The sum of the sample table's durations. */
static gboolean
stts_total (const File * f, const Box * stts, guint64 * total)
{
  guint32 n;

  if (stts->end - stts->body < 8)
    return FALSE;
  n = drmt_be32 (f->p + stts->body + 4);
  if (n == 0 || (stts->end - stts->body - 8) / 8 < n)
    return FALSE;
  *total = 0;
  for (guint32 i = 0; i < n; i++) {
    const guint8 *e = f->p + stts->body + 8 + 8 * (gsize) i;

    *total += (guint64) drmt_be32 (e) * drmt_be32 (e + 4);
  }
  return TRUE;
}

/* Apple's " 00000000 PRIMING PADDING LENGTH ..." (hexadecimal), under
 * moov/udta/meta/ilst/----. */
static gboolean
itunsmpb (const File * f, const Box * moov, guint64 * skip, guint64 * length,
    gsize * item_at)
{
  Box meta, ilst, item;
  gsize at;

  if (!descend (f, moov, "udta/meta", &meta))
    return FALSE;
  /* a full box (iTunes), or QuickTime's plain one */
  at = meta.end - meta.body >= 4
      && drmt_be32 (f->p + meta.body) == 0 ? meta.body + 4 :
      meta.body;
  if (!child (f, at, meta.end, "ilst", &ilst))
    return FALSE;
  for (at = ilst.body; box_at (f, at, ilst.end, &item); at = item.end) {
    Box name, data;
    gchar text[128];
    guint32 zero, priming, padding;
    guint64 len;
    gsize n;

    if (strcmp (item.type, "----") != 0
        || !child (f, item.body, item.end, "name", &name)
        || name.end - name.body != 4 + 8
        || memcmp (f->p + name.body + 4, "iTunSMPB", 8) != 0
        || !child (f, item.body, item.end, "data", &data)
        || data.end - data.body <= 8)
      continue;
    n = MIN (data.end - data.body - 8, sizeof text - 1);
    memcpy (text, f->p + data.body + 8, n);
    text[n] = '\0';
    *item_at = item.at;
    if (sscanf (text, " %x %x %x %" G_GINT64_MODIFIER "x", &zero, &priming,
            &padding, &len) != 4)
      return FALSE;
    *skip = priming;
    *length = len;
    return TRUE;
  }
  return FALSE;
}

/* The edit list's one piece, when it is the simple kind: one entry, rate
 * 1, a media time. No edit list: the whole track. */
static gboolean
edit_list (const File * f, const Box * trak, guint32 movie_scale,
    DrmtMp4 * m, gsize * edts_at)
{
  Box edts, elst;
  const guint8 *e;
  guint version;
  guint64 duration;
  gint64 media_time;

  *edts_at = 0;
  if (!child (f, trak->body, trak->end, "edts", &edts)) {
    m->skip = 0;
    m->length = m->media;
    m->source = "sample table";
    return TRUE;
  }
  *edts_at = edts.at;
  if (!child (f, edts.body, edts.end, "elst", &elst)
      || elst.end - elst.body < 8
      || drmt_be32 (f->p + elst.body + 4) != 1)
    return FALSE;
  version = f->p[elst.body];
  e = f->p + elst.body + 8;
  if (elst.end - elst.body < 8 + (version == 1 ? 20 : 12))
    return FALSE;
  if (version == 1) {
    duration = drmt_be64 (e);
    media_time = (gint64) drmt_be64 (e + 8);
    e += 16;
  } else {
    duration = drmt_be32 (e);
    media_time = (gint32) drmt_be32 (e + 4);
    e += 8;
  }
  if (media_time < 0 || drmt_be32 (e) != 0x00010000
      || (guint64) media_time > m->media)
    return FALSE;
  m->skip = (guint64) media_time;
  m->length = m->media - m->skip;
  /* 0 (some writers): to the end; longer than the track: the track */
  if (duration > 0)
    m->length = MIN (m->length, gst_util_uint64_scale_round (duration,
            m->timescale, movie_scale));
  m->source = "edit list";
  return TRUE;
}

static void
add_patch (DrmtMp4 * m, gsize at, guint len, guint64 value)
{
  DrmtMp4Patch *p = &m->patch[m->n_patches++];

  p->at = at;
  p->len = len;
  for (guint i = 0; i < len; i++)
    p->bytes[i] = (guint8) (value >> (8 * (len - 1 - i)));
}

static gboolean
read_moov (const File * f, const Box * moov, DrmtMp4 * m)
{
  Box mvhd, trak, mdhd, stts;
  gsize mvhd_at, mdhd_at, edts_at, smpb_at, at;
  guint mvhd_size, mdhd_size;
  guint64 mvhd_dur, mdhd_dur, longer, skip, length;
  guint32 movie_scale, scale;
  gboolean found = FALSE;

  if (!child (f, moov->body, moov->end, "mvhd", &mvhd)
      || !duration_field (f, &mvhd, 16, 24, &mvhd_at, &mvhd_size, &mvhd_dur,
          &movie_scale))
    return FALSE;
  for (at = moov->body; !found && box_at (f, at, moov->end, &trak);
      at = trak.end)
    found = strcmp (trak.type, "trak") == 0 && is_sound (f, &trak);
  if (!found || !descend (f, &trak, "mdia/mdhd", &mdhd)
      || !duration_field (f, &mdhd, 16, 24, &mdhd_at, &mdhd_size, &mdhd_dur,
          &scale)
      || !descend (f, &trak, "mdia/minf/stbl/stts", &stts))
    return FALSE;
  m->timescale = scale;
  if (!stts_total (f, &stts, &m->media)
      || !edit_list (f, &trak, movie_scale, m, &edts_at))
    return FALSE;
  /* Apple's tag, where no edit list says more */
  smpb_at = 0;
  if (itunsmpb (f, moov, &skip, &length, &smpb_at) && m->skip == 0
      && m->length == m->media && skip < m->media) {
    m->skip = skip;
    m->length = length > 0 ? MIN (length, m->media - skip) : m->media - skip;
    m->source = "iTunSMPB";
  }

  /* what qtdemux is shown: no edit list, no iTunSMPB tag (the tag's item
   * becomes a "free" box), one second more of both durations */
  if (edts_at)
    add_patch (m, edts_at + 4, 4, drmt_be32 ((const guint8 *) "free"));
  if (smpb_at)
    add_patch (m, smpb_at + 4, 4, drmt_be32 ((const guint8 *) "free"));
  longer = m->media + scale;
  if (mdhd_size == 8 || longer <= G_MAXUINT32)
    add_patch (m, mdhd_at, mdhd_size, MAX (mdhd_dur, longer));
  longer = gst_util_uint64_scale_ceil (longer, movie_scale, scale) + 1;
  if (mvhd_size == 8 || longer <= G_MAXUINT32)
    add_patch (m, mvhd_at, mvhd_size, MAX (mvhd_dur, longer));
  return m->n_patches == 2u + (edts_at ? 1u : 0u) + (smpb_at ? 1u : 0u);
}

gboolean
drmt_mp4_lacks_moov (const gchar * path)
{
  GMappedFile *mf = g_mapped_file_new (path, FALSE, NULL);
  gboolean lacks = FALSE;

  if (!mf)
    return FALSE;
  if (g_mapped_file_get_contents (mf)) {
    File f = { (const guint8 *) g_mapped_file_get_contents (mf),
      g_mapped_file_get_length (mf)
    };
    Box b;
    gsize at = 0;

    lacks = f.len >= 8 && memcmp (f.p + 4, "ftyp", 4) == 0;
    /* the top-level boxes, up to one that runs past the end */
    while (lacks && box_at (&f, at, f.len, &b)) {
      if (strcmp (b.type, "moov") == 0 || strcmp (b.type, "moof") == 0)
        lacks = FALSE;
      at = b.end;
    }
  }
  g_mapped_file_unref (mf);
  return lacks;
}

gboolean
drmt_mp4_read (const gchar * path, DrmtMp4 * m)
{
  GMappedFile *mf = g_mapped_file_new (path, FALSE, NULL);
  gboolean ok = FALSE;

  memset (m, 0, sizeof *m);
  if (!mf)
    return FALSE;
  if (g_mapped_file_get_contents (mf)) {
    File f = { (const guint8 *) g_mapped_file_get_contents (mf),
      g_mapped_file_get_length (mf)
    };
    Box b;

    if (f.len >= 8 && memcmp (f.p + 4, "ftyp", 4) == 0
        && child (&f, 0, f.len, "moov", &b))
      ok = read_moov (&f, &b, m);
  }
  g_mapped_file_unref (mf);
  if (!ok)
    memset (m, 0, sizeof *m);
  return ok;
}

/* ---------------------------------------------------------------- */

static GstPadProbeReturn
on_pulled (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  const DrmtMp4 *m = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  guint64 from = GST_BUFFER_OFFSET (buf), to;
  GstMapInfo map;

  if (!buf || from == GST_BUFFER_OFFSET_NONE)
    return GST_PAD_PROBE_OK;
  to = from + gst_buffer_get_size (buf);
  for (guint i = 0; i < m->n_patches; i++) {
    const DrmtMp4Patch *p = &m->patch[i];

    if (p->at >= to || p->at + p->len <= from)
      continue;
    buf = gst_buffer_make_writable (buf);
    GST_PAD_PROBE_INFO_DATA (info) = buf;
    if (!gst_buffer_map (buf, &map, GST_MAP_WRITE))
      continue;
    for (guint k = 0; k < p->len; k++)
      if (p->at + k >= from && p->at + k < to)
        map.data[p->at + k - from] = p->bytes[k];
    gst_buffer_unmap (buf, &map);
  }
  return GST_PAD_PROBE_OK;
}

void
drmt_mp4_attach_patches (GstPad * pad, const DrmtMp4 * m)
{
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_PULL,
      on_pulled, g_memdup2 (m, sizeof *m), g_free);
}
