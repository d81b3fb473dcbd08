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

/* The most parts a file is cut into (a PARTS record holds them all). */
#define DRMT_PART_MAX_PARTS 1024

/* Tests: every part (but the last) this many seconds, so that a short
 * file has many more parts than decoders. */
#define DRMT_SPLIT_PART_SECONDS_ENV "DRMT_SPLIT_PART_SECONDS"
/* Tests: each worker holds a part back for a random time (up to 0.15 s)
 * before it sends it, so that parts come back in any order. */
#define DRMT_SPLIT_SHUFFLE_ENV "DRMT_SPLIT_SHUFFLE"

/* How the worker of a file's first part (its "head" job) starts to cut
 * the file, from its one probe of the file's length (split.c). Only part
 * 0 is cut there: the scanner cuts the others one at a time, as decoders
 * free up (drmt_part_plan_next), so that they all end together. */
typedef struct {
  guint parts;                  /* 1: not cut, measured in one pass; else
                                 * the decoders the file may use */
  guint rate;                   /* frames per second */
  guint64 frames;               /* the stream's length, as the header says
                                 * (the last part runs to the real end) */
  guint64 window_frames;        /* parts start on window boundaries */
  guint64 first_frames;         /* part 0: whole windows */
  guint64 min_frames;           /* no part shorter (but the last) */
} DrmtPartPlan;

/* One part of a file for one worker. */
typedef struct {
  guint index;                  /* 0: the head part (the head job's own) */
  guint count;                  /* parts of the file cut so far, this one
                                 * included (index + 1) */
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

/* The frames of the next part, from frame @cut_at on (0: the rest of
 * the stream, the last part), for a decoder that is free now, while
 * @running_left frames of the file's parts already handed out remain to
 * be measured by @decoders - 1 others. Each decoder gets an equal share of
 * all that is left, so that all of them end together, but never more
 * than half of what is not handed out: the first parts large (their
 * start-up a small share), the last ones shorter and shorter, for
 * whoever is free. Whole windows, never under plan->min_frames; @index:
 * the part's index (the last one possible runs to the end). */
guint64 drmt_part_plan_next (const DrmtPartPlan * plan, guint index,
    guint64 cut_at, guint64 running_left, guint decoders);

DrmtPartResult *drmt_part_result_new_doubt (guint index, const gchar * why);
void drmt_part_result_free (DrmtPartResult * r);

/* NULL when @results (@n of them, result i for part i, cut as @ranges
 * says) fit together exactly: each measured, its bytes a valid part of
 * the range it was given, decoded from at or before its guard frames, the
 * last one to the stream's end, both sides of every cut hashing the same;
 * else why not (a static string). DRMT_SPLIT_DEBUG=disagree makes the
 * first cut disagree (to test the fallback). */
const gchar *drmt_part_results_check (const DrmtScanPart * ranges, guint n,
    DrmtPartResult * const *results);

G_END_DECLS

#endif
