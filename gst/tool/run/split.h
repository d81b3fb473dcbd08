/* gst-drmeter: one long file measured in parts at once, the worker's side
 * (split.c).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_SPLIT_H
#define DRMT_SPLIT_H

#include <glib.h>
#include "measure/measure.h"
#include "partjob.h"

G_BEGIN_DECLS

/* Files shorter than two of these are not worth cutting. */
#define DRMT_SPLIT_MIN_PART_SECONDS 60
/* No part is shorter than this, nor than a 64th of a decoder's share of
 * the file (but the last): its start (a pipeline, a seek: 2 to 4 ms of
 * CPU) stays a small share of it. */
#define DRMT_SPLIT_MIN_CUT_SECONDS 20

/* TRUE for the names of formats that can be split (FLAC, WAV, RF64,
 * AIFF, AIFF-C, WavPack): what the scanner decides without opening the
 * file. (WAV, RF64 and AIFF PCM are read by wavfile.c, which starts a part
 * at its byte offset; other codecs in them go to decodebin, which seeks.) */
gboolean drmt_split_name_ok (const gchar * path);

/* How to cut @track for at most @wanted decoders (plan->parts 1 when it
 * cannot be split): files of those formats of at least two minutes. Cuts
 * part 0, the head job's own; the scanner cuts the others
 * (drmt_part_plan_next). Reads the file's header, or else a short
 * GStreamer probe, so only a worker process calls it (worker.c, the head
 * job), once per file. */
void drmt_split_plan (DrmtScannedTrack * track, guint wanted,
    DrmtPartPlan * plan);

/* Combines @parts (DrmtPartResult *, every part of the file in window
 * order, checked by the scanner: partjob.c) and lets @head, the paused
 * scan of part 0 (drmt_scan_start_part), fill @track exactly as a
 * one-pass scan would; @head then calls its done callback again. NULL on
 * success, else why not (a static string; nothing was filled). */
const gchar *drmt_split_combine (DrmtScan * head, DrmtScannedTrack * track,
    const DrmtScanOptions * opts, GPtrArray * parts);

G_END_DECLS

#endif
