/* gst-drmeter: measuring the tracks of a CUE sheet's image in one pass.
 *
 * The image is decoded once. Before its first sample reaches the meter,
 * the sheet's times become sample positions at the stream's rate
 * (round-to-nearest of rate x t, as foobar2000 converts them) and one
 * "drmeter-split" event asks the element to end a track at each: the
 * element cuts inside buffers, so no seek is needed and the cut never
 * depends on how the decoder sizes its buffers. The element then posts one
 * final report per part, in order: part j runs from position j to
 * position j + 1 (the last to the end of the file). Audio before the first
 * position (a hidden track) is not measured at all (discard-first).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "image.h"
#include "discover/discover.h"

struct _DrmtImageCut {
  GPtrArray *tracks;            /* DrmtScannedTrack*, not owned */

  GMutex lock;                  /* the streaming thread writes these */
  guint rate;                   /* 0 until the first buffer */
  GArray *positions;            /* guint64, ascending */
  guint64 total;                /* frames that reached the meter */

  /* main thread */
  GPtrArray *reports;           /* GstDrMeterParsedReport*, one per part */
  GPtrArray *windows;           /* DrmtWindows* or NULL, one per part */
};

gboolean
drmt_image_from_embedded (DrmtScannedTrack * t, const gchar * text,
    gchar ** reason)
{
  DrmtCueSheet *cs = drmt_cue_sheet_parse (text, reason);
  guint i;

  if (!cs)
    return FALSE;
  *reason = NULL;
  if (cs->files->len != 1)
    *reason = g_strdup ("it names several FILEs");
  for (i = 0; i < cs->tracks->len && !*reason; i++) {
    const DrmtCueTrack *ct = g_ptr_array_index (cs->tracks, i);

    if (ct->error)
      *reason = g_strdup_printf ("track %u: %s", ct->number, ct->error);
  }
  if (*reason) {
    drmt_cue_sheet_free (cs);
    return FALSE;
  }
  /* the sheet is the file's own: its name stands for the sheet */
  t->cue_sheet = g_strdup (t->display);
  t->image_tracks = g_ptr_array_new ();
  t->owns_image_tracks = TRUE;
  for (i = 0; i < cs->tracks->len; i++) {
    const DrmtCueTrack *ct = g_ptr_array_index (cs->tracks, i);
    DrmtScannedTrack *f = t;

    if (i > 0) {
      f = drmt_scanned_track_new (t->path, t->size);
      f->cue_sheet = g_strdup (t->display);
      f->walk_index = t->walk_index;
      f->disc_folder = t->disc_folder;
      f->stamp = t->stamp;      /* tags see one file of several tracks */
      f->image_follower = TRUE;
      g_ptr_array_add (t->image_tracks, f);
    }
    drmt_cue_fill_track (f, cs, ct);
  }
  drmt_cue_sheet_free (cs);
  return TRUE;
}

DrmtImageCut *
drmt_image_cut_new (DrmtScannedTrack * lead)
{
  DrmtImageCut *cut;

  if (!lead->image_tracks)
    return NULL;
  cut = g_new0 (DrmtImageCut, 1);
  cut->tracks = g_ptr_array_new ();
  g_ptr_array_add (cut->tracks, lead);
  for (guint i = 0; i < lead->image_tracks->len; i++)
    g_ptr_array_add (cut->tracks, g_ptr_array_index (lead->image_tracks, i));
  g_mutex_init (&cut->lock);
  cut->positions = g_array_new (FALSE, FALSE, sizeof (guint64));
  cut->reports = g_ptr_array_new_with_free_func (g_free);
  cut->windows = g_ptr_array_new_with_free_func ((GDestroyNotify)
      drmt_windows_free);
  return cut;
}

void
drmt_image_cut_free (DrmtImageCut * cut)
{
  if (!cut)
    return;
  g_ptr_array_unref (cut->tracks);
  g_array_unref (cut->positions);
  g_ptr_array_unref (cut->reports);
  g_ptr_array_unref (cut->windows);
  g_mutex_clear (&cut->lock);
  g_free (cut);
}

GPtrArray *
drmt_image_cut_tracks (DrmtImageCut * cut)
{
  return cut->tracks;
}

static void
add_position (GArray * positions, guint64 pos)
{
  guint i = 0;

  while (i < positions->len && g_array_index (positions, guint64, i) < pos)
    i++;
  if (i == positions->len || g_array_index (positions, guint64, i) != pos)
    g_array_insert_val (positions, i, pos);
}

GstEvent *
drmt_image_cut_event (DrmtImageCut * cut, guint rate)
{
  GstStructure *s;
  GValue array = G_VALUE_INIT, v = G_VALUE_INIT;
  guint i;

  g_mutex_lock (&cut->lock);
  cut->rate = rate;
  g_array_set_size (cut->positions, 0);
  for (i = 0; i < cut->tracks->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (cut->tracks, i);

    add_position (cut->positions, drmt_cue_sample_of (t->cue_start, rate));
    if (t->cue_end >= 0)
      add_position (cut->positions, drmt_cue_sample_of (t->cue_end, rate));
  }
  gst_value_array_init (&array, cut->positions->len);
  g_value_init (&v, G_TYPE_UINT64);
  for (i = 0; i < cut->positions->len; i++) {
    g_value_set_uint64 (&v, g_array_index (cut->positions, guint64, i));
    gst_value_array_append_value (&array, &v);
  }
  g_value_unset (&v);
  s = gst_structure_new (GST_DRMETER_SPLIT_EVENT_NAME,
      GST_DRMETER_SPLIT_FIELD_DISCARD_FIRST,
      G_TYPE_BOOLEAN, g_array_index (cut->positions, guint64, 0) > 0, NULL);
  gst_structure_take_value (s, GST_DRMETER_SPLIT_FIELD_FRAMES, &array);
  g_mutex_unlock (&cut->lock);
  return gst_event_new_custom (GST_EVENT_CUSTOM_DOWNSTREAM, s);
}

void
drmt_image_cut_count (DrmtImageCut * cut, guint64 frames)
{
  g_mutex_lock (&cut->lock);
  cut->total += frames;
  g_mutex_unlock (&cut->lock);
}

void
drmt_image_cut_add (DrmtImageCut * cut, GstDrMeterParsedReport * r,
    DrmtWindows * windows)
{
  g_ptr_array_add (cut->reports, r);
  g_ptr_array_add (cut->windows, windows);
}

guint64
drmt_image_cut_total_frames (DrmtImageCut * cut)
{
  guint64 total;

  g_mutex_lock (&cut->lock);
  total = cut->total;
  g_mutex_unlock (&cut->lock);
  return total;
}

guint64
drmt_image_cut_first_sample (DrmtImageCut * cut, guint k)
{
  const DrmtScannedTrack *t = g_ptr_array_index (cut->tracks, k);

  return drmt_cue_sample_of (t->cue_start, cut->rate);
}

/* A reason that names a time of the sheet and the image's length (as a
 * CUE time, rounded down): @format takes the two in that order. */
static gchar *
reason_with_times (const gchar * format, gint64 cue_time, guint64 frames,
    guint rate)
{
  gchar *at = drmt_cue_time_string (cue_time);
  gchar *len = drmt_cue_time_string ((gint64) gst_util_uint64_scale (frames,
          DRMT_CUE_FPS, rate));
  gchar *reason = g_strdup_printf (format, at, len);

  g_free (at);
  g_free (len);
  return reason;
}

const GstDrMeterParsedReport *
drmt_image_cut_result (DrmtImageCut * cut, guint k, DrmtWindows ** windows,
    gchar ** reason)
{
  const DrmtScannedTrack *t = g_ptr_array_index (cut->tracks, k);
  guint64 start, end = 0, total = drmt_image_cut_total_frames (cut);
  const GstDrMeterParsedReport *r;
  guint j;

  *reason = NULL;
  if (cut->rate == 0) {
    *reason = g_strdup ("no audio samples in the image");
    return NULL;
  }
  /* more parts than the sheet made: the stream started again (a chained
   * stream, a change of format) and the cuts no longer fit */
  if (cut->reports->len > cut->positions->len) {
    *reason = g_strdup ("the image holds several streams one after "
        "another: its tracks cannot be cut from it");
    return NULL;
  }
  start = drmt_cue_sample_of (t->cue_start, cut->rate);
  if (t->cue_end >= 0)
    end = drmt_cue_sample_of (t->cue_end, cut->rate);
  for (j = 0; j < cut->positions->len; j++)
    if (g_array_index (cut->positions, guint64, j) == start)
      break;

  if (start >= total || j >= cut->reports->len) {
    *reason = reason_with_times ("INDEX 01 (%s) is past the end of the "
        "image (%s long)", t->cue_start, total, cut->rate);
    return NULL;
  }
  r = g_ptr_array_index (cut->reports, j);
  /* A part cut short by the end of the file: the next INDEX 01 lies past
   * the end, and a part of the track would read as the track. */
  if ((t->cue_end >= 0 && r->frames != end - start)
      || (t->cue_end < 0 && start + r->frames != total)) {
    *reason = reason_with_times ("the image ends before this track does "
        "(the next INDEX 01 is at %s, the image is %s long)", t->cue_end,
        total, cut->rate);
    return NULL;
  }
  if (windows)
    *windows = g_steal_pointer (&g_ptr_array_index (cut->windows, j));
  return r;
}
