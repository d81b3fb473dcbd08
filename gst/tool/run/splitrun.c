/* gst-drmeter: one long file measured in parts by several workers, the
 * scanner's side.
 *
 * Each part is a job of its own, so that -j counts busy decoders however
 * the files are cut (runner.c schedules them). The head job (its worker
 * read the file's length and cut part 0 off it, split.c) measures part 0
 * from the file's start; the scanner cuts the rest one part at a time,
 * as decoders free up: each gets an equal share of everything the file's
 * decoders still have to measure (partjob.c), judged from how far the
 * running parts got, so the first parts are large and the last ones end
 * together. The head keeps part 0's pipeline, paused, and measures more
 * parts of the file meanwhile; once every part is in, in window order and
 * checked, it combines them and fills the track as a one-pass scan would.
 * The first doubt stops every worker of the file: the runner measures it
 * again in one pass.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "splitrun.h"

struct _DrmtSplitRun {
  DrmtScannedTrack *track;
  DrmtScanOptions opts;
  DrmtPartPlan plan;
  DrmtWorker *head;
  GArray *ranges;               /* DrmtScanPart: part i's frames, as cut */
  GPtrArray *worker;            /* DrmtWorker*: who measures part i, or NULL */
  GPtrArray *result;            /* DrmtPartResult*: what came for part i */
  guint64 cut_at;               /* the first frame not handed out */
  gboolean cut_all;             /* the last part (to the end) is out */
  guint results;
  guint early;                  /* parts that came before one ahead */
  guint64 done_ns;              /* audio of the part jobs done */
  gboolean checked;             /* every part is in and fits */
  gboolean combining;           /* every part went to the head job */
  gchar *why;                   /* the first doubt */
};

DrmtSplitRun *
drmt_split_run_new (DrmtScannedTrack * track, const DrmtScanOptions * opts,
    DrmtWorker * head, const DrmtPartPlan * plan)
{
  DrmtSplitRun *s = g_new0 (DrmtSplitRun, 1);
  DrmtScanPart first = { 0, plan->first_frames };

  s->track = track;
  s->opts = *opts;
  s->opts.parts = 1;
  s->plan = *plan;
  s->head = head;
  s->ranges = g_array_new (FALSE, FALSE, sizeof (DrmtScanPart));
  s->worker = g_ptr_array_new ();
  s->result = g_ptr_array_new_with_free_func ((GDestroyNotify)
      drmt_part_result_free);
  g_array_append_val (s->ranges, first);
  g_ptr_array_add (s->worker, head);
  g_ptr_array_add (s->result, NULL);
  s->cut_at = plan->first_frames;
  return s;
}

DrmtScannedTrack *
drmt_split_run_get_track (DrmtSplitRun * s)
{
  return s->track;
}

DrmtWorker *
drmt_split_run_get_head (DrmtSplitRun * s)
{
  return s->head;
}

guint
drmt_split_run_get_parts (DrmtSplitRun * s)
{
  return s->ranges->len;
}

guint
drmt_split_run_get_early (DrmtSplitRun * s)
{
  return s->early;
}

/* Parts handed out and not in yet. */
static guint
running (DrmtSplitRun * s)
{
  guint n = 0;

  for (guint i = 0; i < s->ranges->len; i++)
    if (g_ptr_array_index (s->worker, i) && !g_ptr_array_index (s->result, i))
      n++;
  return n;
}

gboolean
drmt_split_run_has_waiting (DrmtSplitRun * s)
{
  /* (no more decoders at once than the plan allows) */
  return !s->why && !s->cut_all && running (s) < s->plan.parts;
}

/* Frames the running parts still have to measure, and how many run. */
static guint64
running_left (DrmtSplitRun * s, guint * running)
{
  guint64 left = 0;

  *running = 0;
  for (guint i = 0; i < s->ranges->len; i++) {
    DrmtWorker *w = g_ptr_array_index (s->worker, i);
    const DrmtScanPart *range = &g_array_index (s->ranges, DrmtScanPart, i);
    guint64 done;

    if (!w || g_ptr_array_index (s->result, i))
      continue;
    /* (a part job's position counts from its first frame) */
    done = gst_util_uint64_scale (drmt_worker_get_position_now (w),
        s->plan.rate, GST_SECOND);
    (*running)++;
    left += range->frames > done ? range->frames - done : 0;
  }
  return left;
}

void
drmt_split_run_start_next (DrmtSplitRun * s, DrmtWorker * w,
    guint stall_timeout, DrmtWorkerDone done, gpointer user_data)
{
  DrmtPartJob job;
  guint running;
  guint64 left;

  g_return_if_fail (drmt_split_run_has_waiting (s));
  left = running_left (s, &running);
  job.index = s->ranges->len;
  job.count = job.index + 1;
  job.range.first = s->cut_at;
  job.range.frames = drmt_part_plan_next (&s->plan, job.index, s->cut_at,
      left, MAX (s->plan.parts, running + 1));
  s->cut_at += job.range.frames;
  s->cut_all = job.range.frames == 0;
  g_array_append_val (s->ranges, job.range);
  g_ptr_array_add (s->worker, w);
  g_ptr_array_add (s->result, NULL);
  drmt_worker_measure_part (w, s->track, &s->opts, &job, stall_timeout,
      done, user_data);
}

/* Stops the file's workers: their done callbacks free them. */
static const gchar *
give_up (DrmtSplitRun * s, const gchar * why)
{
  s->why = g_strdup (why);
  /* those measuring its parts (the head too, if it measures part 0 or
   * another; one that failed is over already) */
  for (guint i = 0; i < s->worker->len; i++) {
    DrmtWorker *w = g_ptr_array_index (s->worker, i);

    if (w && !g_ptr_array_index (s->result, i))
      drmt_worker_cancel (w);
    g_ptr_array_index (s->worker, i) = NULL;
  }
  /* a head that holds part 0 lets it go, whatever job it runs */
  drmt_worker_release (s->head);
  return s->why;
}

const gchar *
drmt_split_run_add (DrmtSplitRun * s, DrmtWorker * w, DrmtPartResult * r)
{
  guint i = r->index;
  const gchar *why = NULL;

  if (s->why) {
    drmt_part_result_free (r);
    return s->why;
  }
  if (r->doubt)
    why = r->doubt;
  else if (s->combining || i >= s->ranges->len
      || g_ptr_array_index (s->result, i)
      || g_ptr_array_index (s->worker, i) != w)
    why = "a part came twice or from the wrong worker";
  if (why) {
    why = give_up (s, why);
    drmt_part_result_free (r);
    return why;
  }
  g_ptr_array_index (s->result, i) = r;
  s->results++;
  for (guint k = 0; k < i; k++)
    if (!g_ptr_array_index (s->result, k)) {
      s->early++;
      break;
    }
  /* its worker is free: its audio stays in the progress line */
  s->done_ns += drmt_worker_get_last_position (w);
  g_ptr_array_index (s->worker, i) = NULL;
  if (!s->cut_all || s->results < s->ranges->len)
    return NULL;
  why = drmt_part_results_check ((const DrmtScanPart *) s->ranges->data,
      s->ranges->len, (DrmtPartResult * const *) s->result->pdata);
  if (why)
    return give_up (s, why);
  s->checked = TRUE;
  return NULL;
}

gboolean
drmt_split_run_ready (DrmtSplitRun * s)
{
  return s->checked && !s->combining && !s->why
      && !drmt_worker_get_track (s->head);
}

void
drmt_split_run_combine (DrmtSplitRun * s, guint stall_timeout,
    DrmtWorkerDone done, gpointer user_data)
{
  g_return_if_fail (drmt_split_run_ready (s));
  s->combining = TRUE;
  drmt_worker_combine (s->head, (DrmtPartResult * const *) s->result->pdata,
      s->result->len, stall_timeout, done, user_data);
}

guint64
drmt_split_run_get_position (DrmtSplitRun * s)
{
  return s->why ? 0 : s->done_ns;
}

void
drmt_split_run_free (DrmtSplitRun * s)
{
  if (!s)
    return;
  g_array_unref (s->ranges);
  g_ptr_array_unref (s->worker);
  g_ptr_array_unref (s->result);
  g_free (s->why);
  g_free (s);
}
