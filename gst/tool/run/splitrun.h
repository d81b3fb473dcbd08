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

/* The file of @head, a head job whose plan cut it into plan->parts
 * parts; @head measures part 0, the others wait for workers. */
DrmtSplitRun *drmt_split_run_new (DrmtScannedTrack * track,
    const DrmtScanOptions * opts, DrmtWorker * head,
    const DrmtPartPlan * plan);
DrmtScannedTrack *drmt_split_run_get_track (DrmtSplitRun * s);
guint drmt_split_run_get_parts (DrmtSplitRun * s);
/* TRUE if @w is its head job or measures one of its parts. */
gboolean drmt_split_run_has_worker (DrmtSplitRun * s, DrmtWorker * w);
/* Parts not started yet. */
guint drmt_split_run_waiting_parts (DrmtSplitRun * s);
/* Starts its next part waiting for a worker on @w; FALSE if none waits. */
gboolean drmt_split_run_start_next (DrmtSplitRun * s, DrmtWorker * w,
    guint stall_timeout, DrmtWorkerDone done, gpointer user_data);
/* A part came from @w (@r taken). NULL while parts are to come, or when
 * the last one sent the head job all of them to combine (its done
 * callback brings the track). Else the file must be measured again in
 * one pass, for the reason returned (valid until the run is freed): its
 * other workers are stopped or released already. */
const gchar *drmt_split_run_add (DrmtSplitRun * s, DrmtWorker * w,
    DrmtPartResult * r);
/* Audio time of the parts whose workers are done (ns): the progress line
 * adds the running ones' own. */
guint64 drmt_split_run_get_position (DrmtSplitRun * s);
void drmt_split_run_free (DrmtSplitRun * s);

G_END_DECLS

#endif
