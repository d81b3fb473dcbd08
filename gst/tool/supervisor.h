/* gst-drmeter: measuring files in worker processes, with a watchdog.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_SUPERVISOR_H
#define DRMT_SUPERVISOR_H

#include <glib.h>
#include "scan.h"
#include "track.h"

G_BEGIN_DECLS

/* Seconds without a new buffer of samples after which a measurement is
 * abandoned as "decoder stalled" (docs/gst-drmeter.md, --stall-timeout). */
#define DRMT_DEFAULT_STALL_TIMEOUT 15

/* One place where files are measured one after another, each in a worker
 * process (worker.c). The process is started when needed and kept for the
 * next file; a worker that crashed or was killed is replaced. */
typedef struct _DrmtWorker DrmtWorker;

/* Called from the main loop when the file is measured or failed (the
 * track says which). @w can take the next file from here. */
typedef void (*DrmtWorkerDone) (DrmtWorker * w, DrmtScannedTrack * track,
    gpointer user_data);

DrmtWorker *drmt_worker_new (void);
/* Measures @track (not owned; it must outlive the job) in the worker,
 * in at most @opts->parts parts at once (split.c, in the worker).
 * @stall_timeout: seconds without new samples before the worker is killed
 * (0: never). A worker that dies gives the track "decoder crashed (signal
 * N)", one killed for a stall "decoder stalled (...)". */
void drmt_worker_measure (DrmtWorker * w, DrmtScannedTrack * track,
    const DrmtScanOptions * opts, guint stall_timeout,
    DrmtWorkerDone done, gpointer user_data);
/* The track being measured, NULL when idle. */
DrmtScannedTrack *drmt_worker_get_track (DrmtWorker * w);
/* Decoders the current job may run at once: its parts (DrmtScanOptions),
 * 1 for a one-pass job or after its parts failed, 0 when idle. */
guint drmt_worker_get_decoders (DrmtWorker * w);
/* Audio time measured so far in the current file, ns. */
guint64 drmt_worker_get_position (DrmtWorker * w);
/* Ends the worker process (waiting a little for it to exit) and frees
 * @w; a job still running is abandoned without its callback. */
void drmt_worker_free (DrmtWorker * w);
/* The same for every DrmtWorker of @workers, which it frees: the
 * processes end in parallel. */
void drmt_workers_free (GPtrArray * workers);

/* SIGKILL to every worker process (Ctrl-C). */
void drmt_workers_kill_all (void);

G_END_DECLS

#endif
