/* gst-drmeter: MP3 encoder delay and padding (LAME/Xing header), and the
 * probe that trims them from the decoded samples.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_GAPLESS_H
#define DRMT_GAPLESS_H

#include <gst/gst.h>

G_BEGIN_DECLS

/* What an MP3's Xing/Info frame with a LAME tag declares. Positions count
 * samples per channel of the decoded stream (the Info frame itself is not
 * audio: GStreamer's parser drops it). */
typedef struct {
  guint64 decoded;              /* frames x samples per frame */
  guint64 skip;                 /* leading samples to drop: delay + 529 */
  guint64 cut_from, cut_to;     /* trailing padding: [cut_from, cut_to) */
  guint delay, padding;         /* as the header says */
  /* 0: the positions above count samples; else units of this many per
   * second (an MP4 track's timescale), converted at the decoded rate */
  guint32 timescale;
} DrmtGapless;

/* Reads the header of the MPEG audio file @path. FALSE when it is not an
 * MP3 with a LAME tag that gives delay and padding (nothing to trim). */
gboolean drmt_gapless_read_mp3 (const gchar * path, DrmtGapless * g);

/* Frames measured once trimmed: what ffmpeg and foobar2000 decode. */
guint64 drmt_gapless_length (const DrmtGapless * g);

typedef struct _DrmtTrim DrmtTrim;

/* Drops the samples @g names from what flows out of @pad (a raw audio
 * source pad, interleaved or not). */
DrmtTrim *drmt_trim_attach (GstPad * pad, const DrmtGapless * g);
/* Samples seen before trimming; with @skip and @needed, at the decoded
 * rate, the ones the trim drops first and needs (g->cut_from: fewer seen
 * is a truncated file). */
guint64 drmt_trim_seen (DrmtTrim * trim, guint64 * skip, guint64 * needed);
/* The demuxer or parser trims the stream itself (quirks.c saw it mark
 * the first packet for clipping): the trim lets every sample through,
 * still counting them. Called before the first decoded sample arrives. */
void drmt_trim_stand_down (DrmtTrim * trim);
/* TRUE once drmt_trim_stand_down was called: the frames measured are
 * then to be checked against the declared length as they are. */
gboolean drmt_trim_stood_down (DrmtTrim * trim);
void drmt_trim_free (DrmtTrim * trim);

G_END_DECLS

#endif
