/* gst-drmeter: a measuring process, started by the scanner.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_WORKER_H
#define DRMT_WORKER_H

#include <glib.h>
#include <unistd.h>

G_BEGIN_DECLS

/* The hidden first argument that makes gst-drmeter a worker:
 * "gst-drmeter --worker FD PARENT-PID" (supervisor.c starts it so). */
#define DRMT_WORKER_OPTION "--worker"

/* Measures the jobs that come on @fd one at a time (scan.c) and sends back
 * their progress and results (wire.h), until @fd closes. GStreamer must be
 * initialised and the drmeter element found. Dies with @parent. Returns
 * the exit status. */
int drmt_worker_run (int fd, pid_t parent);

G_END_DECLS

#endif
