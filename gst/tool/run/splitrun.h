/* gst-drmeter: one long file measured in parts by several workers, the
 * scanner's side (splitrun.c).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_SPLIT_RUN_H
#define DRMT_SPLIT_RUN_H

#include <glib.h>
#include "supervisor.h"
#include "partjob.h"

G_BEGIN_DECLS

typedef struct _DrmtSplitRun DrmtSplitRun;

/* The file of @head, a head job whose plan cut part 0 off it; @head
 * measures part 0, the rest waits for decoders. */
DrmtSplitRun *drmt_split_run_new (DrmtScannedTrack * track,
    const DrmtScanOptions * opts, DrmtWorker * head,
    const DrmtPartPlan * plan);
DrmtScannedTrack *drmt_split_run_get_track (DrmtSplitRun * s);
/* The worker that measured part 0 and combines the parts. */
DrmtWorker *drmt_split_run_get_head (DrmtSplitRun * s);
/* Parts cut so far. */
guint drmt_split_run_get_parts (DrmtSplitRun * s);
/* Parts that came while a part before them was still out. */
guint drmt_split_run_get_early (DrmtSplitRun * s);
/* TRUE while some of the file is not handed out yet, and fewer of its
 * parts run than the decoders its plan allows. */
gboolean drmt_split_run_has_waiting (DrmtSplitRun * s);
/* Cuts the next part (drmt_part_plan_next: the frames still to measure
 * shared among the file's decoders) and starts it on @w. */
void drmt_split_run_start_next (DrmtSplitRun * s, DrmtWorker * w,
    guint stall_timeout, DrmtWorkerDone done, gpointer user_data);
/* A part came from @w (@r taken). NULL while parts are to come, or when
 * every part is in and checked (drmt_split_run_ready). Else the file must
 * be measured again in one pass, for the reason returned (valid until
 * the run is freed): its workers are stopped or released already. */
const gchar *drmt_split_run_add (DrmtSplitRun * s, DrmtWorker * w,
    DrmtPartResult * r);
/* TRUE when every part is in and checked and the head is free: then
 * drmt_split_run_combine. */
gboolean drmt_split_run_ready (DrmtSplitRun * s);
/* Sends every part, in window order, to the head to combine; @done
 * brings the track (or a part doubt comes first, to the part handler). */
void drmt_split_run_combine (DrmtSplitRun * s, guint stall_timeout,
    DrmtWorkerDone done, gpointer user_data);
/* Audio time of the parts whose workers are done (ns): the progress line
 * adds the running ones' own. */
guint64 drmt_split_run_get_position (DrmtSplitRun * s);
void drmt_split_run_free (DrmtSplitRun * s);

G_END_DECLS

#endif
