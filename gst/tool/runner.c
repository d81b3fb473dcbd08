/* gst-drmeter: measuring many files at once, albums in order.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runner.h"
#include "progress.h"
#include "supervisor.h"

typedef struct {
  const DrmtRunnerConfig *cfg;
  GPtrArray *albums;
  GMainLoop *loop;
  GPtrArray *idle;              /* DrmtWorker*, ready for a file */
  GPtrArray *running;           /* DrmtWorker*, measuring one */
  guint next_album, next_track; /* the next file to start */
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

static void
on_file_done (DrmtWorker * w, DrmtScannedTrack * t, gpointer user_data)
{
  Runner *r = user_data;
  DrmtScannedAlbum *a;

  g_ptr_array_remove_fast (r->running, w);
  g_ptr_array_add (r->idle, w);

  r->done++;
  r->bytes_done += t->size;
  if (t->ok)
    r->measured += t->duration;
  if (r->cfg->track_done)
    r->cfg->track_done (t, r->cfg->user_data);

  /* the album of this track: the oldest not yet emitted that holds it */
  for (guint i = r->emitted; i < r->albums->len; i++) {
    a = g_ptr_array_index (r->albums, i);
    if (g_ptr_array_find (a->tracks, t, NULL)) {
      a->done++;
      break;
    }
  }
  start_more (r);
  emit_albums (r);
  show_progress (r);
}

static void
start_more (Runner * r)
{
  while (r->running->len < r->cfg->jobs && r->next_album < r->albums->len) {
    DrmtScannedAlbum *a = g_ptr_array_index (r->albums, r->next_album);
    DrmtScannedTrack *t;
    DrmtWorker *w;

    if (r->next_track >= a->tracks->len) {
      r->next_album++;
      r->next_track = 0;
      continue;
    }
    t = g_ptr_array_index (a->tracks, r->next_track++);
    w = r->idle->len > 0 ? g_ptr_array_steal_index_fast (r->idle,
        r->idle->len - 1) : drmt_worker_new ();
    g_ptr_array_add (r->running, w);
    drmt_worker_measure (w, t, &r->cfg->scan, r->cfg->stall_timeout,
        on_file_done, r);
  }
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
  r.loop = g_main_loop_new (NULL, FALSE);
  r.start = g_get_monotonic_time ();
  for (i = 0; i < albums->len; i++) {
    GPtrArray *tracks =
        ((DrmtScannedAlbum *) g_ptr_array_index (albums, i))->tracks;

    r.total += tracks->len;
    for (guint k = 0; k < tracks->len; k++)
      r.bytes_total += ((DrmtScannedTrack *) g_ptr_array_index (tracks,
              k))->size;
  }

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
  drmt_workers_free (r.idle);   /* ends the worker processes */
}
