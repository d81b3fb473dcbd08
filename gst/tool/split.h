/* gst-drmeter: one long file measured in parts at once (split.c).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_SPLIT_H
#define DRMT_SPLIT_H

#include <glib.h>
#include "scan.h"

G_BEGIN_DECLS

/* Parts shorter than this are not worth a decoder of their own. */
#define DRMT_SPLIT_MIN_PART_SECONDS 60

typedef struct _DrmtSplit DrmtSplit;

/* Called once, from the main loop, when the track is filled or failed,
 * exactly as a one-pass scan of it would have filled it. */
typedef void (*DrmtSplitDone) (DrmtSplit * split, gpointer user_data);

/* TRUE for the names of formats that can be split (FLAC, WAV, RF64,
 * WavPack): what the scanner decides without opening the file. */
gboolean drmt_split_name_ok (const gchar * path);

/* How many parts @track could be measured in (at most @wanted, 1 when it
 * cannot be split): files of those formats of at least two parts' length.
 * Reads the file's header with a short GStreamer probe, so only a worker
 * process calls it (worker.c), never the scanner. */
guint drmt_split_parts_possible (DrmtScannedTrack * track, guint wanted);

/* Measures @track (not owned) in @parts parts at once, cut at window
 * boundaries, and combines them; on any doubt (a part that did not get
 * exactly its frames, neighbours that decoded different samples at a
 * cut, a failure) measures it again in one pass. With the environment
 * variable DRMT_SPLIT_DEBUG set, says on stderr how it measured the file
 * (in how many parts, or why again in one pass);
 * DRMT_SPLIT_DEBUG=disagree makes the first cut's hashes differ (to test
 * the fallback). */
DrmtSplit *drmt_split_start (DrmtScannedTrack * track,
    const DrmtScanOptions * opts, guint parts, DrmtSplitDone done,
    gpointer user_data);
/* Audio time measured so far, all parts together, ns. */
guint64 drmt_split_get_position (DrmtSplit * split);
/* Bytes read so far, all parts together (the watchdog's sign of life). */
guint64 drmt_split_get_bytes (DrmtSplit * split);
/* Stops what still runs and frees @split. */
void drmt_split_free (DrmtSplit * split);

G_END_DECLS

#endif
