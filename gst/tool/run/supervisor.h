/* gst-drmeter: measuring files in worker processes, with a watchdog.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_SUPERVISOR_H
#define DRMT_SUPERVISOR_H

#include <glib.h>
#include "measure/measure.h"
#include "album/album.h"
#include "partjob.h"

G_BEGIN_DECLS

/* Seconds without a new buffer of samples after which a measurement is
 * abandoned as "decoder stalled" (docs/gst-drmeter.md, --stall-timeout). */
#define DRMT_DEFAULT_STALL_TIMEOUT 15

/* One place where files are measured one after another, each in a worker
 * process (worker.c). The process is started when needed and kept for the
 * next file; a worker that crashed or was killed is replaced. */
typedef struct _DrmtWorker DrmtWorker;

/* Called from the main loop when the job is over: the file is measured
 * or failed (the track says which), or @track is NULL for a part job and
 * for a head job whose file is finished elsewhere (its parts failed or
 * were given up). @w can take the next job from here. */
typedef void (*DrmtWorkerDone) (DrmtWorker * w, DrmtScannedTrack * track,
    gpointer user_data);
/* A head job's plan (plan->parts 1: it measures the file in one pass). */
typedef void (*DrmtWorkerPlan) (DrmtWorker * w, const DrmtPartPlan * plan,
    gpointer user_data);
/* A part measured, or failed (r->doubt: a doubt, a crash, a stall, a
 * damaged record); @r is the callee's. It ends the job (the done callback
 * follows with NULL); after the head job's own good part (part 0) the
 * process holds its paused pipeline (drmt_worker_is_holding) and can
 * measure other parts of the file meanwhile. */
typedef void (*DrmtWorkerPart) (DrmtWorker * w, DrmtScannedTrack * track,
    DrmtPartResult * r, gpointer user_data);

DrmtWorker *drmt_worker_new (void);
/* Measures @track (not owned; it must outlive the job) in the worker.
 * With @opts->parts > 1 this is the head job of a file in parts: the
 * worker probes the file and says how it cut it (the plan handler), then
 * measures part 0 (the part handler) and waits for the other parts.
 * @stall_timeout: seconds without new samples before the worker is killed
 * (0: never). A worker that dies gives the track "decoder crashed (signal
 * N)", one killed for a stall "decoder stalled (...)". */
void drmt_worker_measure (DrmtWorker * w, DrmtScannedTrack * track,
    const DrmtScanOptions * opts, guint stall_timeout,
    DrmtWorkerDone done, gpointer user_data);
/* Measures part @part of @track (a part job; ends with the part handler,
 * then done with NULL). */
void drmt_worker_measure_part (DrmtWorker * w, DrmtScannedTrack * track,
    const DrmtScanOptions * opts, const DrmtPartJob * part,
    guint stall_timeout, DrmtWorkerDone done, gpointer user_data);
/* The handlers for head and part jobs, set once before any job. */
void drmt_worker_set_part_handlers (DrmtWorker * w, DrmtWorkerPlan on_plan,
    DrmtWorkerPart on_part);
/* A worker that holds a head part, free of jobs: a job that sends it
 * every part (checked, in window order), to combine into the track (the
 * done callback follows with it, or the part handler with a doubt). */
void drmt_worker_combine (DrmtWorker * w, DrmtPartResult * const *parts,
    guint n, guint stall_timeout, DrmtWorkerDone done, gpointer user_data);
/* The process holds a head part's paused pipeline (its file's part 0),
 * alive, not yet combined. */
gboolean drmt_worker_is_holding (DrmtWorker * w);
/* Lets the held pipeline go (the file is given up); no callback. */
void drmt_worker_release (DrmtWorker * w);
/* Kills the process of a running job; done with NULL follows, no other
 * handler. */
void drmt_worker_cancel (DrmtWorker * w);
/* Starts the process of an idle worker now, so that it is ready when its
 * job comes (a part job, soon after its head job's plan). */
void drmt_worker_start_process (DrmtWorker * w);
/* Ends the process of an idle worker (none is started again until a job
 * comes); nothing for a busy one. */
void drmt_worker_end_process (DrmtWorker * w);
/* The worker has a process (running, or started and idle). */
gboolean drmt_worker_has_process (DrmtWorker * w);
/* The track being measured, NULL when idle. */
DrmtScannedTrack *drmt_worker_get_track (DrmtWorker * w);
/* Decoders the current job runs: 1; a head job until its plan: its
 * parts (DrmtScanOptions.parts, held for the part jobs to come); 0 for a
 * job combining parts, and when idle; 1 for a job that ended until its
 * done callback has run. */
guint drmt_worker_get_decoders (DrmtWorker * w);
/* Audio time measured so far in the current file, ns. */
guint64 drmt_worker_get_position (DrmtWorker * w);
/* The same, kept after the job ended (a part's whole length). */
guint64 drmt_worker_get_last_position (DrmtWorker * w);
/* The position now, from the last one reported and the job's speed. */
guint64 drmt_worker_get_position_now (DrmtWorker * w);
/* Ends the worker process of every DrmtWorker of @workers, which it
 * frees (a job still running is abandoned without its callback), and
 * waits a little for them and for every process let go before
 * (drmt_worker_end_process, drmt_worker_cancel) to exit: they end in
 * parallel, and none outlives the scan. */
void drmt_workers_free (GPtrArray * workers);

/* Worker processes started so far (a scan whose every result came from
 * the cache starts none). */
guint drmt_workers_started (void);

/* SIGKILL to every worker process (Ctrl-C). */
void drmt_workers_kill_all (void);

G_END_DECLS

#endif
