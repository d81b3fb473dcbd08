/* gst-drmeter, step "plan": the door of run/ (docs/architecture.md).
 *
 * Jobs for -j N: drmt_run() measures the albums of the walk in worker
 * processes (long files in parts), and hands each album on once all its
 * tracks are done, in folder order (DrmtRunnerConfig); worker.h is the
 * worker process's side of the same command.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_RUN_H
#define DRMT_RUN_H

#include "runner.h"
#include "supervisor.h"
#include "worker.h"

#endif
