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

#include <glib.h>
#include "measure/measure.h"
#include "supervisor.h"
#include "worker.h"
#include "cache.h"

G_BEGIN_DECLS

typedef struct {
  guint jobs;                   /* decoders at work at once, >= 1 */
  gboolean split;               /* long files in parts (split.h) */
  DrmtScanOptions scan;
  guint stall_timeout;          /* s without new samples; 0: no limit */
  DrmtCache *cache;             /* results taken and kept; NULL: none */
  /* each file as it finishes, in completion order */
  void (*track_done) (DrmtScannedTrack * track, gpointer user_data);
  /* each album once all its files are done, in the order of @albums */
  void (*album_done) (DrmtScannedAlbum * album, gpointer user_data);
  gpointer user_data;
} DrmtRunnerConfig;

/* Measures every file of @albums (DrmtScannedAlbum*) that cfg->cache does
 * not hold (those are done first, without a decoder), largest first (in
 * listing order with one job), with
 * at most cfg->jobs decoders at a time, from one main loop: each file in a
 * worker process (supervisor.h), or a long one in parts at once (split.h,
 * each part one decoder, in this process).
 * Each album is freed (its slot set to NULL) right after album_done, so
 * memory holds only the albums still in progress. */
void drmt_run (GPtrArray * albums, const DrmtRunnerConfig * cfg);

G_END_DECLS

#endif
