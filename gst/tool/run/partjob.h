/* gst-drmeter: a long file measured in parts, each part a job of its own
 * worker process: what crosses the wire for it (wire.c) and how the
 * scanner checks that the parts fit together (partjob.c).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_PART_JOB_H
#define DRMT_PART_JOB_H

#include <glib.h>
#include "measure/measure.h"

G_BEGIN_DECLS

/* How the worker of a file's first part (its "head" job) cut the file,
 * from its one probe of the file's length (split.c). */
typedef struct {
  guint parts;                  /* 1: not cut, measured in one pass */
  guint64 part_frames;          /* each part but the last: whole windows */
} DrmtPartPlan;

/* One part of a file for one worker. */
typedef struct {
  guint index;                  /* 0: the head part (the head job's own) */
  guint count;                  /* parts of the file */
  DrmtScanPart range;           /* frames [first, first + frames); the
                                 * last part: frames 0, to the stream's end */
} DrmtPartJob;

/* What a worker sends back for a part. */
typedef struct {
  guint index;
  DrmtPartFacts facts;          /* first frame, frames, the cut hashes */
  gchar *doubt;                 /* why it cannot be used; else NULL */
  GBytes *part;                 /* the DrmPart (DRMPART1 bytes); NULL with
                                 * a doubt */
} DrmtPartResult;

/* The range of part @index of @plan. */
void drmt_part_plan_range (const DrmtPartPlan * plan, guint index,
    DrmtScanPart * range);

DrmtPartResult *drmt_part_result_new_doubt (guint index, const gchar * why);
void drmt_part_result_free (DrmtPartResult * r);

/* NULL when @results (plan->parts of them, result i for part i) fit
 * together exactly: each measured, its bytes a valid part of the range it
 * was given, decoded from at or before its guard frames, the last one to
 * the stream's end, both sides of every cut hashing the same; else why
 * not (a static string). DRMT_SPLIT_DEBUG=disagree makes the first cut
 * disagree (to test the fallback). */
const gchar *drmt_part_results_check (const DrmtPartPlan * plan,
    DrmtPartResult * const *results);

G_END_DECLS

#endif
