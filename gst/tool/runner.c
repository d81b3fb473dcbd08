/* gst-drmeter: measuring many files at once, albums in order.
 *
 * Every file is measured in a worker process (supervisor.c), a long one
 * too: the scanner only decides, from its name and size, how many parts a
 * worker may cut it into (split.c runs there, probe and parts). It never
 * runs a GStreamer pipeline on a user's file itself.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runner.h"
#include "progress.h"
#include "supervisor.h"
#include "split.h"

typedef struct {
  const DrmtRunnerConfig *cfg;
  GPtrArray *albums;
  GMainLoop *loop;
  GPtrArray *idle;              /* DrmtWorker*, ready for a file */
  GPtrArray *running;           /* DrmtWorker*, measuring one */
  GPtrArray *queue;             /* DrmtScannedTrack*, largest first */
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
  for (i = 0; i < r->running->len; i++)
    audio += drmt_worker_get_position (g_ptr_array_index (r->running, i));
  if (r->running->len > 0)
    p.current =
        drmt_worker_get_track (g_ptr_array_index (r->running, 0))->display;
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

static void
on_file_done (DrmtWorker * w, DrmtScannedTrack * t, gpointer user_data)
{
  Runner *r = user_data;

  g_ptr_array_remove_fast (r->running, w);
  g_ptr_array_add (r->idle, w);
  track_finished (r, t);
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

/* Parts for @t: a file bigger than its share of the work left per
 * decoder would keep one decoder busy while the others run out of files,
 * so it is cut into about as many shares as it holds, one per free
 * decoder at most. Decided from the name and size alone: the worker
 * probes the length and may cut it into fewer parts (split.c). */
static guint
parts_for (Runner * r, DrmtScannedTrack * t, guint free)
{
  guint64 left = MAX (r->queued_bytes, 1);
  guint64 shares = (t->size * r->cfg->jobs + left - 1) / left;

  /* an image is cut into its tracks in one pass */
  if (!r->cfg->split || free < 2 || shares < 2 || t->cue_sheet
      || !drmt_split_name_ok (t->path))
    return 1;
  return (guint) MIN (shares, free);
}

static void
start_more (Runner * r)
{
  guint n;

  while ((n = busy (r)) < r->cfg->jobs && r->next < r->queue->len) {
    DrmtScannedTrack *t = g_ptr_array_index (r->queue, r->next++);
    DrmtScanOptions opts = r->cfg->scan;
    DrmtWorker *w;

    opts.parts = parts_for (r, t, r->cfg->jobs - n);
    r->queued_bytes -= MIN (r->queued_bytes, t->size);
    w = r->idle->len > 0 ? g_ptr_array_steal_index_fast (r->idle,
        r->idle->len - 1) : drmt_worker_new ();
    g_ptr_array_add (r->running, w);
    drmt_worker_measure (w, t, &opts, r->cfg->stall_timeout,
        on_file_done, r);
  }
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

  r.cfg = cfg;
  r.albums = albums;
  r.running = g_ptr_array_new ();
  r.idle = g_ptr_array_new ();
  r.queue = g_ptr_array_new ();
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
      g_ptr_array_add (r.queue, t);
      r.queued_bytes += t->size;
    }
  }
  /* one decoder is never idle: keep the listing order */
  if (cfg->jobs > 1)
    g_ptr_array_sort (r.queue, larger_first);

  if (drmt_progress_enabled ())
    tick = g_timeout_add (250, on_tick, &r);
  start_more (&r);
  emit_albums (&r);             /* quits at once when there is nothing */
  if (r.emitted < albums->len)
    g_main_loop_run (r.loop);
  if (tick)
    g_source_remove (tick);
  drmt_progress_clear ();

  g_main_loop_unref (r.loop);
  g_ptr_array_unref (r.running);
  g_ptr_array_unref (r.queue);
  drmt_workers_free (r.idle);   /* ends the worker processes */
}
