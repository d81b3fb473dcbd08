/* gst-drmeter: measuring the tracks of a CUE sheet's image in one pass.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_IMAGE_H
#define DRMT_IMAGE_H

#include <gst/gst.h>
#include "drmeter-schema.h"
#include "discover/discover.h"
#include "album/album.h"

G_BEGIN_DECLS

/* The cut of one image into its tracks: the image's first track (walk.c)
 * and the others it carries, their stream positions once the rate is
 * known, and the drmeter element's final report of each part. */
typedef struct _DrmtImageCut DrmtImageCut;

/* A file whose CUESHEET tag (@text) cuts it into tracks: @t becomes the
 * first of them and carries the others (t->owns_image_tracks). FALSE,
 * with *@reason, for a sheet that cannot be used as it is (unparsable,
 * several FILEs, a track it cannot cut); @t is then unchanged. */
gboolean drmt_image_from_embedded (DrmtScannedTrack * t, const gchar * text,
    gchar ** reason);

/* NULL unless @lead is the first track of an image. */
DrmtImageCut *drmt_image_cut_new (DrmtScannedTrack * lead);
void drmt_image_cut_free (DrmtImageCut * cut);

/* The image's tracks, in file order (the lead first). */
GPtrArray *drmt_image_cut_tracks (DrmtImageCut * cut);

/* Streaming thread, before the first sample reaches the meter: the
 * "drmeter-split" event that cuts the stream at @rate (docs/element.md).
 * Then each buffer's frames, to know the image's length. */
GstEvent *drmt_image_cut_event (DrmtImageCut * cut, guint rate);
void drmt_image_cut_count (DrmtImageCut * cut, guint64 frames);

/* Main thread: the next final report (taken) and its windows (taken, may
 * be NULL), in stream order. */
void drmt_image_cut_add (DrmtImageCut * cut, GstDrMeterParsedReport * r,
    DrmtWindows * windows);

/* After EOS: the report of track @k (windows stolen into *@windows when
 * not NULL), or NULL with *@reason set (an INDEX past the end of the
 * image) to g_free. */
const GstDrMeterParsedReport *drmt_image_cut_result (DrmtImageCut * cut,
    guint k, DrmtWindows ** windows, gchar ** reason);
/* Frames of the whole image, and the sample track @k starts at. */
guint64 drmt_image_cut_total_frames (DrmtImageCut * cut);
guint64 drmt_image_cut_first_sample (DrmtImageCut * cut, guint k);

G_END_DECLS

#endif
