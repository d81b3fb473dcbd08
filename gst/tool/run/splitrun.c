/* gst-drmeter: one long file measured in parts by several workers, the
 * scanner's side.
 *
 * Each part is a job of its own worker process, so that -j counts busy
 * decoders however the files are cut (runner.c schedules them). The head
 * job (part 0, whose worker probed the file and cut it) waits, paused,
 * once its part is in; the scanner checks the parts as they come
 * (partjob.c) and sends them, in window order, to the head job, which
 * combines them and fills the track as a one-pass scan would. The first
 * doubt stops every worker of the file: the runner measures it again in
 * one pass.
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
  DrmtWorker **worker;          /* [parts]: who measures part i, or NULL */
  DrmtPartResult **result;      /* [parts]: what came */
  guint next;                   /* the next part to start */
  guint results;
  guint64 done_ns;              /* audio of the part jobs done */
  gboolean combining;           /* every part went to the head job */
  gchar *why;                   /* the first doubt */
};

DrmtSplitRun *
drmt_split_run_new (DrmtScannedTrack * track, const DrmtScanOptions * opts,
    DrmtWorker * head, const DrmtPartPlan * plan)
{
  DrmtSplitRun *s = g_new0 (DrmtSplitRun, 1);

  s->track = track;
  s->opts = *opts;
  s->opts.parts = 1;
  s->plan = *plan;
  s->head = head;
  s->worker = g_new0 (DrmtWorker *, plan->parts);
  s->result = g_new0 (DrmtPartResult *, plan->parts);
  s->worker[0] = head;
  s->next = 1;
  return s;
}

DrmtScannedTrack *
drmt_split_run_get_track (DrmtSplitRun * s)
{
  return s->track;
}

guint
drmt_split_run_get_parts (DrmtSplitRun * s)
{
  return s->plan.parts;
}

gboolean
drmt_split_run_has_worker (DrmtSplitRun * s, DrmtWorker * w)
{
  if (w == s->head)
    return TRUE;
  for (guint i = 1; i < s->plan.parts; i++)
    if (s->worker[i] == w)
      return TRUE;
  return FALSE;
}

guint
drmt_split_run_waiting_parts (DrmtSplitRun * s)
{
  return s->why ? 0 : s->plan.parts - s->next;
}

gboolean
drmt_split_run_start_next (DrmtSplitRun * s, DrmtWorker * w,
    guint stall_timeout, DrmtWorkerDone done, gpointer user_data)
{
  DrmtPartJob job;

  if (s->why || s->next >= s->plan.parts)
    return FALSE;
  job.index = s->next++;
  job.count = s->plan.parts;
  drmt_part_plan_range (&s->plan, job.index, &job.range);
  s->worker[job.index] = w;
  drmt_worker_measure_part (w, s->track, &s->opts, &job, stall_timeout,
      done, user_data);
  return TRUE;
}

/* Stops the file's other workers: their done callbacks free them. */
static const gchar *
give_up (DrmtSplitRun * s, const gchar * why)
{
  s->why = g_strdup (why);
  s->next = s->plan.parts;
  for (guint i = 1; i < s->plan.parts; i++)
    if (s->worker[i]) {
      drmt_worker_cancel (s->worker[i]);
      s->worker[i] = NULL;
    }
  /* a waiting head job is released, one still decoding stopped (one that
   * failed is over already) */
  if (drmt_worker_is_waiting (s->head))
    drmt_worker_send_parts (s->head, NULL, 0);
  else
    drmt_worker_cancel (s->head);
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
  else if (s->combining || i >= s->plan.parts || s->result[i]
      || s->worker[i] != w)
    why = "a part came twice or from the wrong worker";
  if (why) {
    why = give_up (s, why);
    drmt_part_result_free (r);
    return why;
  }
  s->result[i] = r;
  s->results++;
  if (i > 0) {
    /* its worker is free: its audio stays in the progress line */
    s->done_ns += drmt_worker_get_last_position (w);
    s->worker[i] = NULL;
  }
  if (s->results < s->plan.parts)
    return NULL;
  why = drmt_part_results_check (&s->plan, s->result);
  if (why)
    return give_up (s, why);
  s->combining = TRUE;
  drmt_worker_send_parts (s->head, s->result, s->plan.parts);
  return NULL;
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
  for (guint i = 0; i < s->plan.parts; i++)
    drmt_part_result_free (s->result[i]);
  g_free (s->result);
  g_free (s->worker);
  g_free (s->why);
  g_free (s);
}
