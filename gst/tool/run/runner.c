/* gst-drmeter: measuring many files at once, albums in order.
 *
 * Every file is measured in a worker process (supervisor.c), a long one
 * too: the scanner only decides, from its name and size, for how many
 * decoders a file may be cut; the worker of its head job reads its length
 * once and cuts off part 0 (split.c), and each further part, cut when a
 * decoder is free, is a job of its own (splitrun.c). -j counts the
 * decoders at work, whichever jobs they are, and bounds the worker
 * processes. The order: the parts of files already started (on the
 * file's head first: it holds part 0), then files to measure again in one
 * pass (their parts failed), then the files, largest first. The scanner
 * never runs a GStreamer pipeline on a user's file itself.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "run.h"
#include "output/output.h"
#include "supervisor.h"
#include "split.h"
#include "splitrun.h"

typedef struct {
  const DrmtRunnerConfig *cfg;
  GPtrArray *albums;
  GMainLoop *loop;
  GPtrArray *idle;              /* DrmtWorker*, ready for a file */
  GPtrArray *running;           /* DrmtWorker*, measuring one */
  GPtrArray *queue;             /* DrmtScannedTrack*, largest first */
  GPtrArray *splits;            /* DrmtSplitRun*, files in parts */
  GQueue again;                 /* DrmtScannedTrack*: one pass, once more */
  guint next;                   /* the next file of the queue to start */
  guint64 queued_bytes;         /* of the files not started yet */
  guint emitted;                /* albums handed to album_done */
  guint total, done;            /* files */
  guint64 bytes_total, bytes_done;      /* their sizes, for the ETA */
  guint64 measured;             /* ns of audio in finished files */
  gint64 start;                 /* monotonic us */
} Runner;

static void start_more (Runner * r);

static void
show_progress (Runner * r)
{
  guint64 audio = r->measured;
  gint64 elapsed = g_get_monotonic_time () - r->start;
  DrmtProgress p = { r->done, r->total, r->bytes_done, r->bytes_total, -1,
    elapsed / 1e6, NULL
  };
  guint i;

  if (!drmt_progress_enabled ())
    return;
  for (i = 0; i < r->running->len; i++) {
    DrmtWorker *w = g_ptr_array_index (r->running, i);
    DrmtScannedTrack *t = drmt_worker_get_track (w);

    audio += drmt_worker_get_position (w);
    if (t && !p.current)
      p.current = t->display;
  }
  /* a file in parts: the parts whose workers are done */
  for (i = 0; i < r->splits->len; i++)
    audio += drmt_split_run_get_position (g_ptr_array_index (r->splits, i));
  if (elapsed > 100000)
    p.speed = (gdouble) audio / 1e3 / (gdouble) elapsed;
  drmt_progress_update (&p);
}

static gboolean
on_tick (gpointer user_data)
{
  show_progress (user_data);
  return G_SOURCE_CONTINUE;
}

/* Albums leave in listing order, each as soon as it and all before it are
 * complete: the output does not depend on the number of jobs. */
static void
emit_albums (Runner * r)
{
  while (r->emitted < r->albums->len) {
    DrmtScannedAlbum *a = g_ptr_array_index (r->albums, r->emitted);

    if (!drmt_scanned_album_complete (a))
      break;
    if (r->cfg->album_done)
      r->cfg->album_done (a, r->cfg->user_data);
    drmt_scanned_album_free (a);
    g_ptr_array_index (r->albums, r->emitted) = NULL;
    r->emitted++;
  }
  if (r->emitted >= r->albums->len)
    g_main_loop_quit (r->loop);
}

/* The tracks an embedded CUE sheet cut the file into join its album,
 * after it (they are measured already). */
static void
adopt_embedded_tracks (Runner * r, DrmtScannedAlbum * a, guint at,
    DrmtScannedTrack * t)
{
  guint n;

  if (!t->owns_image_tracks)
    return;
  n = t->image_tracks->len;
  for (guint k = 0; k < n; k++)
    g_ptr_array_insert (a->tracks, at + 1 + k,
        g_ptr_array_index (t->image_tracks, k));
  t->owns_image_tracks = FALSE;
  r->total += n;
}

/* A file is done, measured in a worker (in parts or not); an image's
 * first track brings the image's other tracks along. */
static void
track_finished (Runner * r, DrmtScannedTrack * t)
{
  DrmtScannedAlbum *a;

  /* the album of this track: the oldest not yet emitted that holds it */
  for (guint i = r->emitted; i < r->albums->len; i++) {
    guint at;

    a = g_ptr_array_index (r->albums, i);
    if (!g_ptr_array_find (a->tracks, t, &at))
      continue;
    adopt_embedded_tracks (r, a, at, t);
    for (guint k = 0; k <= (t->image_tracks ? t->image_tracks->len : 0);
        k++) {
      DrmtScannedTrack *done = k == 0 ? t :
          g_ptr_array_index (t->image_tracks, k - 1);

      done->done = TRUE;
      r->done++;
      if (k == 0)
        r->bytes_done += t->size;       /* the image, once */
      if (done->ok)
        r->measured += done->duration;
      if (r->cfg->track_done)
        r->cfg->track_done (done, r->cfg->user_data);
      a->done++;
    }
    break;
  }
  start_more (r);
  emit_albums (r);
  show_progress (r);
}

/* The file in parts that @t is (a worker may measure parts of several
 * files, one after the other, while it holds one's part 0). */
static DrmtSplitRun *
split_of (Runner * r, DrmtScannedTrack * t)
{
  for (guint i = 0; i < r->splits->len; i++) {
    DrmtSplitRun *s = g_ptr_array_index (r->splits, i);

    if (drmt_split_run_get_track (s) == t)
      return s;
  }
  return NULL;
}

/* A file in parts is over (combined, or given up; its head let go of
 * part 0). */
static void
end_split (Runner * r, DrmtSplitRun * s)
{
  g_ptr_array_remove (r->splits, s);
  drmt_split_run_free (s);
}

/* On the first doubt the file is measured again in one pass, and the
 * user is told why (the result printed is the one-pass scan's, byte for
 * byte). */
static void
measure_again (Runner * r, DrmtScannedTrack * t, const gchar * why)
{
  /* above the progress line, as an error line, but no error: the
   * one-pass scan decides the file's outcome */
  gchar *line = g_strdup_printf ("measured again in one pass: %s", why);

  drmt_print_error_line (t->display, line);
  g_free (line);
  g_queue_push_tail (&r->again, t);
}

static void on_job_done (DrmtWorker * w, DrmtScannedTrack * t,
    gpointer user_data);

/* Files whose every part is in go to their heads, when idle, to combine
 * (before the heads take other jobs). */
static void
combine_ready (Runner * r)
{
  for (guint i = 0; i < r->splits->len; i++) {
    DrmtSplitRun *s = g_ptr_array_index (r->splits, i);
    DrmtWorker *head = drmt_split_run_get_head (s);

    if (!drmt_split_run_ready (s)
        || !g_ptr_array_remove_fast (r->idle, head))
      continue;
    if (!drmt_worker_is_holding (head)) {
      /* its process ended while it waited */
      g_ptr_array_add (r->idle, head);
      measure_again (r, drmt_split_run_get_track (s),
          "the process that held its first part ended");
      end_split (r, s);
      i--;
      continue;
    }
    g_ptr_array_add (r->running, head);
    drmt_split_run_combine (s, r->cfg->stall_timeout, on_job_done, r);
  }
}

static void
on_job_done (DrmtWorker * w, DrmtScannedTrack * t, gpointer user_data)
{
  Runner *r = user_data;
  DrmtSplitRun *s = t ? split_of (r, t) : NULL;

  g_ptr_array_remove_fast (r->running, w);
  g_ptr_array_add (r->idle, w);
  if (s) {
    /* the head combined the parts */
    if (g_getenv ("DRMT_SPLIT_DEBUG")) {
      gchar *line = g_strdup_printf ("measured in %u parts, %u out of "
          "order", drmt_split_run_get_parts (s),
          drmt_split_run_get_early (s));

      drmt_print_error_line (t->display, line);
      g_free (line);
    }
    end_split (r, s);
  }
  combine_ready (r);
  if (t) {
    drmt_cache_keep (r->cfg->cache, t);
    track_finished (r, t);
  } else {
    start_more (r);             /* a part job, or a file given up */
  }
}

static void
on_plan (DrmtWorker * w, const DrmtPartPlan * plan, gpointer user_data)
{
  Runner *r = user_data;

  if (plan->parts > 1)
    g_ptr_array_add (r->splits, drmt_split_run_new (drmt_worker_get_track
            (w), &r->cfg->scan, w, plan));
  /* the decoders held for the parts are free, or wanted by them */
  start_more (r);
}

/* A part came, or failed. Its job's done callback follows, which starts
 * more. */
static void
on_part (DrmtWorker * w, DrmtScannedTrack * t, DrmtPartResult * res,
    gpointer user_data)
{
  Runner *r = user_data;
  DrmtSplitRun *s = split_of (r, t);
  gchar *why;

  if (s) {
    const gchar *doubt = drmt_split_run_add (s, w, res);

    if (!doubt)
      return;
    why = g_strdup (doubt);
    end_split (r, s);
  } else {
    /* a head job that failed before its plan: the probe */
    why = g_strdup (res->doubt ? res->doubt : "the file's probe failed");
    drmt_part_result_free (res);
  }
  measure_again (r, t, why);
  g_free (why);
}

/* Another worker process, if -j allows one more: one per decoder at
 * most, whatever they run or hold. */
static DrmtWorker *
new_worker (Runner * r)
{
  if (r->running->len + r->idle->len >= r->cfg->jobs)
    return NULL;
  return drmt_worker_new ();
}

/* An idle worker for a job, or a new one: @prefer if it is idle (a file's
 * head, for its parts), else one that holds no other file's part 0, else
 * any (it combines its file once this job is done); NULL when every
 * worker -j allows is busy (one is about to be free). */
static DrmtWorker *
take_worker (Runner * r, DrmtWorker * prefer)
{
  DrmtWorker *w = NULL;
  guint i;

  if (prefer && g_ptr_array_remove_fast (r->idle, prefer))
    w = prefer;
  /* one whose process is started (for a part), if there is one */
  for (i = r->idle->len; !w && i > 0; i--) {
    DrmtWorker *x = g_ptr_array_index (r->idle, i - 1);

    if (!drmt_worker_is_holding (x) && drmt_worker_has_process (x))
      w = g_ptr_array_steal_index (r->idle, i - 1);
  }
  for (i = r->idle->len; !w && i > 0; i--)
    if (!drmt_worker_is_holding (g_ptr_array_index (r->idle, i - 1)))
      w = g_ptr_array_steal_index (r->idle, i - 1);
  if (!w && r->idle->len > 0)
    w = g_ptr_array_steal_index_fast (r->idle, r->idle->len - 1);
  if (!w && !(w = new_worker (r)))
    return NULL;
  drmt_worker_set_part_handlers (w, on_plan, on_part);
  g_ptr_array_add (r->running, w);
  return w;
}

typedef enum {
  PART_NONE,                    /* no part waits */
  PART_STARTED,
  PART_NO_WORKER                /* one waits for a worker to be free */
} PartStart;

/* The next part of a file already started, if one waits: on the file's
 * head when it is idle, else on another worker. */
static PartStart
start_part (Runner * r)
{
  for (guint i = 0; i < r->splits->len; i++) {
    DrmtSplitRun *s = g_ptr_array_index (r->splits, i);
    DrmtWorker *w;

    if (!drmt_split_run_has_waiting (s))
      continue;
    w = take_worker (r, drmt_split_run_get_head (s));
    if (!w)
      return PART_NO_WORKER;
    drmt_split_run_start_next (s, w, r->cfg->stall_timeout, on_job_done, r);
    return PART_STARTED;
  }
  return PART_NONE;
}

/* Decoders at work: -j counts these, however the files are cut. */
static guint
busy (Runner * r)
{
  guint n = 0;

  for (guint i = 0; i < r->running->len; i++)
    n += drmt_worker_get_decoders (g_ptr_array_index (r->running, i));
  return n;
}

/* Decoders for @t: a file bigger than its share of the work left per
 * decoder would keep one decoder busy while the others run out of files,
 * so it is cut for about as many decoders as it holds shares, up to -j:
 * also at the end of a library, where the other decoders still finish
 * other files and then come to its parts (they go first). Decided from
 * the name and size alone: the worker reads the length and may not cut
 * it (split.c). */
static guint
parts_for (Runner * r, DrmtScannedTrack * t)
{
  guint64 left = MAX (r->queued_bytes, 1);
  guint64 shares = (t->size * r->cfg->jobs + left - 1) / left;

  /* an image is cut into its tracks in one pass */
  if (!r->cfg->split || shares < 2 || t->cue_sheet
      || !drmt_split_name_ok (t->path))
    return 1;
  return (guint) MIN (shares, r->cfg->jobs);
}

/* Bytes a part must surely hold: a minute (DRMT_SPLIT_MIN_PART_SECONDS)
 * at 256 kbit/s, less than lossless music takes. */
#define MIN_PART_BYTES ((guint64) DRMT_SPLIT_MIN_PART_SECONDS * 32000)

/* Idle workers whose processes start now, while @t's head job probes it:
 * starting one (GStreamer, its registry) takes about as long as the
 * probe, and its part would wait for it. The plan may cut the file into
 * fewer parts than @parts (one for a short track), and a process started
 * for a part that never comes is one more than there are jobs; so only
 * for the parts its size surely holds, only when no other job waits to
 * start (it would take the process at once: nothing gained), and no more
 * than the other CPUs can start at once. */
static void
prepare_workers (Runner * r, DrmtScannedTrack * t, guint parts)
{
  guint cpus = MAX (1, g_get_num_processors ());
  guint n = (guint) MIN (parts, t->size / MIN_PART_BYTES);
  DrmtWorker *w;

  if (n < 2 || r->next < r->queue->len || !g_queue_is_empty (&r->again))
    return;
  /* (never more processes than -j: new_worker) */
  n = MIN (n - 1, cpus - 1);
  while (r->idle->len < n && (w = new_worker (r)))
    g_ptr_array_add (r->idle, w);
  n = MIN (n, r->idle->len);
  for (guint i = 0; i < n; i++)
    drmt_worker_start_process (g_ptr_array_index (r->idle,
            r->idle->len - 1 - i));
}

/* Decoders that head jobs still hold for parts not planned yet. */
static guint
held_for_parts (Runner * r)
{
  guint n = 0;

  for (guint i = 0; i < r->running->len; i++) {
    guint d = drmt_worker_get_decoders (g_ptr_array_index (r->running, i));

    n += d > 1 ? d - 1 : 0;
  }
  return n;
}

/* Ends the processes of idle workers that no job can take any more: no
 * file left to start, no part waiting, none that a head job may still
 * plan. A scan never keeps more worker processes than jobs it runs. */
static void
end_unneeded_workers (Runner * r)
{
  guint wanted = held_for_parts (r);

  if (r->next < r->queue->len || !g_queue_is_empty (&r->again))
    return;
  for (guint i = 0; i < r->splits->len; i++)
    wanted += drmt_split_run_has_waiting (g_ptr_array_index (r->splits, i));
  for (guint i = 0; i < r->idle->len; i++) {
    DrmtWorker *w = g_ptr_array_index (r->idle, i);

    if (!drmt_worker_has_process (w))
      continue;
    if (wanted > 0)
      wanted--;
    else
      drmt_worker_end_process (w);
  }
}

static void
start_more (Runner * r)
{
  guint n;

  while ((n = busy (r)) < r->cfg->jobs) {
    DrmtScannedTrack *t;
    DrmtScanOptions opts = r->cfg->scan;
    PartStart part = start_part (r);
    DrmtWorker *w;

    if (part == PART_STARTED)
      continue;
    /* no worker free: one is about to be (its done callback starts more) */
    if (part == PART_NO_WORKER || (g_queue_is_empty (&r->again)
            && r->next >= r->queue->len) || !(w = take_worker (r, NULL)))
      break;
    if (!g_queue_is_empty (&r->again)) {
      t = g_queue_pop_head (&r->again);
      opts.parts = 1;
    } else {
      t = g_ptr_array_index (r->queue, r->next++);
      opts.parts = parts_for (r, t);
      r->queued_bytes -= MIN (r->queued_bytes, t->size);
    }
    drmt_worker_measure (w, t, &opts, r->cfg->stall_timeout, on_job_done, r);
    if (opts.parts > 1)
      prepare_workers (r, t, opts.parts);
  }
  end_unneeded_workers (r);
}

/* Largest first: the long files start early, so that the scan does not end
 * with one decoder on a long file while the others idle. Equal sizes keep
 * the listing order. */
static gint
larger_first (gconstpointer a, gconstpointer b)
{
  const DrmtScannedTrack *x = *(DrmtScannedTrack * const *) a;
  const DrmtScannedTrack *y = *(DrmtScannedTrack * const *) b;

  return x->size > y->size ? -1 : x->size < y->size ? 1 : 0;
}

void
drmt_run (GPtrArray * albums, const DrmtRunnerConfig * cfg)
{
  Runner r = { 0 };
  guint tick = 0, i;
  GPtrArray *cached = g_ptr_array_new ();

  r.cfg = cfg;
  r.albums = albums;
  r.running = g_ptr_array_new ();
  r.idle = g_ptr_array_new ();
  r.queue = g_ptr_array_new ();
  r.splits = g_ptr_array_new ();
  g_queue_init (&r.again);
  r.loop = g_main_loop_new (NULL, FALSE);
  r.start = g_get_monotonic_time ();
  for (i = 0; i < albums->len; i++) {
    GPtrArray *tracks = ((DrmtScannedAlbum *) g_ptr_array_index (albums,
            i))->tracks;

    r.total += tracks->len;
    for (guint k = 0; k < tracks->len; k++) {
      DrmtScannedTrack *t = g_ptr_array_index (tracks, k);

      if (t->image_follower)
        continue;               /* measured with its image's first track */
      r.bytes_total += t->size;
      if (drmt_cache_take (cfg->cache, t)) {
        g_ptr_array_add (cached, t);
        continue;
      }
      g_ptr_array_add (r.queue, t);
      r.queued_bytes += t->size;
    }
  }
  /* one decoder is never idle: keep the listing order */
  if (cfg->jobs > 1)
    g_ptr_array_sort (r.queue, larger_first);

  if (drmt_progress_enabled ())
    tick = g_timeout_add (250, on_tick, &r);
  /* the files the cache held are done at once, as if measured now */
  for (i = 0; i < cached->len; i++)
    track_finished (&r, g_ptr_array_index (cached, i));
  g_ptr_array_unref (cached);
  start_more (&r);
  emit_albums (&r);             /* quits at once when there is nothing */
  if (r.emitted < albums->len)
    g_main_loop_run (r.loop);
  if (tick)
    g_source_remove (tick);
  drmt_progress_clear ();
  drmt_trace ("workers-stop", NULL);

  g_main_loop_unref (r.loop);
  g_ptr_array_unref (r.running);
  g_ptr_array_unref (r.queue);
  g_ptr_array_unref (r.splits);
  drmt_workers_free (r.idle);   /* ends the worker processes */
}
