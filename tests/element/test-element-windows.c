/* gst-drmeter element tests: the "drmeter-window" messages of the
 * post-windows property.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <math.h>
#include <string.h>
#include "drm-test-stream.h"

/* A harness whose element posts "drmeter-window" messages if
 * @post_windows. */
static DrmTestHarness
setup_harness (gboolean post_windows)
{
  DrmTestHarness f = drm_test_harness_setup ();

  if (post_windows)
    g_object_set (f.h->element, "post-windows", TRUE, NULL);
  return f;
}

/* Every "drmeter" and "drmeter-window" message on the bus, in order. */
static GPtrArray *
pop_all (GstBus * bus)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  GstMessage *msg;

  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    const GstStructure *s = gst_message_get_structure (msg);

    if (s && (gst_structure_has_name (s, GST_DRMETER_MESSAGE_NAME)
            || gst_structure_has_name (s, GST_DRMETER_WINDOW_MESSAGE_NAME)))
      g_ptr_array_add (all, gst_structure_copy (s));
    gst_message_unref (msg);
  }
  return all;
}

static guint
count_windows (GPtrArray * all)
{
  guint n = 0;

  for (guint i = 0; i < all->len; i++)
    if (gst_structure_has_name (g_ptr_array_index (all, i),
            GST_DRMETER_WINDOW_MESSAGE_NAME))
      n++;
  return n;
}

/* ---- the engine's own windows, for comparison ---- */

typedef struct
{
  guint64 index, first_frame, frames;
  double rms[DRM_MAX_CHANNELS], peak[DRM_MAX_CHANNELS];
  int rms_bin[DRM_MAX_CHANNELS];
} EngineWindow;

static void
collect_window (const DrmWindowInfo * w, void *user_data)
{
  GArray *windows = user_data;
  EngineWindow e = { w->index, w->first_frame, w->frames, {0}, {0}, {0} };

  for (guint c = 0; c < w->channels; c++) {
    e.rms[c] = w->rms[c];
    e.peak[c] = w->peak[c];
    e.rms_bin[c] = w->rms_bin[c];
  }
  g_array_append_val (windows, e);
}

/* The engine's windows for frames [from, last) of @st, in one piece. */
static GArray *
engine_windows (const DrmTestStream * st, guint64 from, guint64 last,
    DrmTrackResult * result)
{
  GArray *windows = g_array_new (FALSE, TRUE, sizeof (EngineWindow));
  gsize fb = drm_test_stream_frame_bytes (st);
  int err = 0;
  DrmMeter *m = drm_meter_new (st->rate, st->channels, 0, &err);

  fail_unless (m != NULL);
  drm_meter_set_window_func (m, collect_window, windows);
  fail_unless_equals_int (drm_meter_add_interleaved (m, st->format,
          st->data + from * fb, last - from), DRM_OK);
  fail_unless_equals_int (drm_meter_finish (m, result), DRM_OK);
  drm_meter_free (m);
  return windows;
}

static double
dbfs (double v)
{
  return v > 0.0 ? 20.0 * log10 (v) : -INFINITY;
}

/* Asserts the window messages of one track in @all (from message @at
 * on, @n of them, then the track's final report) against the engine's,
 * with the track starting at @t0 (ns). */
static void
assert_track_windows (GPtrArray * all, guint at, const DrmTestStream * st,
    guint64 from, guint64 last, guint track, GstClockTime t0)
{
  DrmTrackResult r;
  GArray *want = engine_windows (st, from, last, &r);
  GstDrMeterParsedReport report;
  const GstStructure *fin;
  GstClockTime next = t0;
  guint64 frames = 0;

  fail_unless (at + want->len < all->len);
  fail_unless_equals_uint64 (want->len, r.windows);
  for (guint i = 0; i < want->len; i++) {
    const GstStructure *s = g_ptr_array_index (all, at + i);
    const EngineWindow *e = &g_array_index (want, EngineWindow, i);
    GstDrMeterParsedWindow w;
    GstClockTime end;

    fail_unless (gst_structure_has_name (s, GST_DRMETER_WINDOW_MESSAGE_NAME),
        "message %u is %s", at + i, gst_structure_get_name (s));
    drm_test_parse_window (s, &w);
    fail_unless_equals_int (w.track, track);
    /* Order and contiguity: index i, starting where the one before ended. */
    fail_unless_equals_uint64 (w.index, i);
    fail_unless_equals_uint64 (e->index, i);
    fail_unless_equals_uint64 (w.frames, e->frames);
    fail_unless_equals_uint64 (e->first_frame, frames);
    end = t0 + gst_util_uint64_scale (frames + e->frames, GST_SECOND,
        st->rate);
    fail_unless_equals_uint64 (w.start, next);
    fail_unless_equals_uint64 (w.start + w.duration, end);
    fail_unless_equals_uint64 (w.running_time, end);
    next = end;
    frames += e->frames;

    /* The engine's values, in dBFS, bit for bit. */
    fail_unless_equals_int (w.channels, st->channels);
    for (guint c = 0; c < st->channels; c++) {
      fail_unless (w.rms[c] == dbfs (e->rms[c]), "window %u ch %u rms "
          "%.17g, engine %.17g", i, c, w.rms[c], dbfs (e->rms[c]));
      fail_unless (w.peak[c] == dbfs (e->peak[c]), "window %u ch %u peak "
          "%.17g, engine %.17g", i, c, w.peak[c], dbfs (e->peak[c]));
      fail_unless_equals_int (w.rms_bin[c], e->rms_bin[c]);
    }
  }
  fail_unless_equals_uint64 (frames, last - from);

  /* Then the track's final report, which counts exactly these windows. */
  fin = g_ptr_array_index (all, at + want->len);
  drm_test_parse_report (fin, &report);
  fail_unless_equals_uint64 (report.windows, want->len);
  fail_unless_equals_int (report.track, track);
  fail_unless (report.has_window_summary);
  drm_test_assert_report_equals (fin, &r);

  /* The window summary: the loud set is the windows at or above the loud
   * bin, as many as the engine took; the peaks are the engine's. */
  for (guint c = 0; c < st->channels; c++) {
    const GstDrMeterParsedChannel *ch = &report.channel[c];
    guint64 loud = 0;
    double primary = -INFINITY;

    fail_unless_equals_int (ch->loud_bin, r.channel[c].loud_bin);
    fail_unless_equals_uint64 (ch->loud_windows, r.channel[c].loud_windows);
    for (guint i = 0; i < want->len; i++) {
      GstDrMeterParsedWindow w = drm_test_read_window (g_ptr_array_index (all,
              at + i));

      if (r.channel[c].loud_bin >= 0 && w.rms_bin[c] >= r.channel[c].loud_bin)
        loud++;
      primary = MAX (primary, w.peak[c]);
    }
    fail_unless_equals_uint64 (loud, r.channel[c].loud_windows);
    fail_unless (ch->primary_peak == primary);
    fail_unless (ch->primary_peak == dbfs (r.channel[c].primary_peak));
    fail_unless (ch->selected_peak == dbfs (r.channel[c].selected_peak));
  }
  g_array_unref (want);
}

/* Off by default. */
GST_START_TEST (test_property_default)
{
  GstElement *e = gst_element_factory_make ("drmeter", NULL);
  gboolean on = TRUE;

  fail_unless (e != NULL);
  g_object_get (e, "post-windows", &on, NULL);
  fail_if (on);
  g_object_set (e, "post-windows", TRUE, NULL);
  g_object_get (e, "post-windows", &on, NULL);
  fail_unless (on);
  gst_object_unref (e);
}

GST_END_TEST;

/* One message per window, in order, contiguous, with the engine's values;
 * the short tail window comes at EOS, just before the final report. The
 * same messages for any buffer split and either layout. */
GST_START_TEST (test_windows_match_engine)
{
  const guint rate = 8000;
  const guint64 wf = (guint64) floor (rate * 3.0040816326530613);
  /* 3 whole windows and a tail of 1234 frames. */
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S16, rate, 2, 3 * wf + 1234, 7);
  const gsize splits[] = { 1000, 24032, 333 };
  GPtrArray *reference = NULL;

  for (guint sp = 0; sp < G_N_ELEMENTS (splits); sp++) {
    DrmTestHarness f = setup_harness (TRUE);
    GPtrArray *all;
    const GstStructure *tail;

    gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate,
            st.channels, sp == 2));
    drm_test_stream_push_at (f.h, &st, 0, st.frames, splits[sp], 0, sp == 2);
    /* The three whole windows are out before EOS. */
    all = pop_all (f.bus);
    fail_unless_equals_int (all->len, 3);
    fail_unless_equals_int (count_windows (all), 3);
    g_ptr_array_unref (all);

    gst_harness_push_event (f.h, gst_event_new_eos ());
    all = pop_all (f.bus);
    /* The tail window, then the final report. */
    fail_unless_equals_int (all->len, 2);
    tail = g_ptr_array_index (all, 0);
    fail_unless_equals_uint64 (drm_test_read_window (tail).index, 3);
    fail_unless_equals_uint64 (drm_test_read_window (tail).frames, 1234);
    g_ptr_array_unref (all);
    drm_test_harness_teardown (&f);

    /* Again, everything in one list, against the engine. */
    f = setup_harness (TRUE);
    gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate,
            st.channels, sp == 2));
    drm_test_stream_push_at (f.h, &st, 0, st.frames, splits[sp], 0, sp == 2);
    gst_harness_push_event (f.h, gst_event_new_eos ());
    all = pop_all (f.bus);
    fail_unless_equals_int (all->len, 4 + 1);
    assert_track_windows (all, 0, &st, 0, st.frames, 1, 0);
    if (!reference) {
      reference = all;
    } else {
      for (guint i = 0; i < all->len; i++) {
        GstStructure *a = g_ptr_array_index (all, i);
        GstStructure *b = g_ptr_array_index (reference, i);

        gst_structure_remove_field (a, GST_DRMETER_FIELD_STREAM_ID);
        gst_structure_remove_field (b, GST_DRMETER_FIELD_STREAM_ID);
        fail_unless (gst_structure_is_equal (a, b), "split %" G_GSIZE_FORMAT
            " differs at message %u", splits[sp], i);
      }
      g_ptr_array_unref (all);
    }
    drm_test_harness_teardown (&f);
  }
  g_ptr_array_unref (reference);
  g_free (st.data);
}

GST_END_TEST;

/* Off: no window message at all, the reports are as before. Turned on
 * in the middle of a track, windows come from the next completed one on,
 * numbered within the track. */
GST_START_TEST (test_windows_off_and_on)
{
  const guint rate = 8000;
  guint64 wf = (guint64) floor (rate * 3.0040816326530613);
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_F32, rate, 1, 3 * wf, 9);
  DrmTestHarness f = setup_harness (FALSE);
  GPtrArray *all;
  const GstStructure *s;

  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 1, FALSE));
  drm_test_stream_push_at (f.h, &st, 0, wf + 100, 500, 0, FALSE);
  all = pop_all (f.bus);
  fail_unless_equals_int (all->len, 0);
  g_ptr_array_unref (all);

  g_object_set (f.h->element, "post-windows", TRUE, NULL);
  drm_test_stream_push_at (f.h, &st, wf + 100, st.frames, 500, wf + 100,
      FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = pop_all (f.bus);
  /* Windows 1 and 2 (exact windows: no tail), then the report. */
  fail_unless_equals_int (all->len, 3);
  s = g_ptr_array_index (all, 0);
  fail_unless_equals_uint64 (drm_test_read_window (s).index, 1);
  fail_unless_equals_uint64 (drm_test_read_window (s).start,
      gst_util_uint64_scale (wf, GST_SECOND, rate));
  s = g_ptr_array_index (all, 1);
  fail_unless_equals_uint64 (drm_test_read_window (s).index, 2);
  fail_unless_equals_uint64 (drm_test_read_window (s).frames, wf);
  s = g_ptr_array_index (all, 2);
  fail_unless_equals_uint64 (drm_test_read (s).windows, 3);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);

  /* Off for a whole track: the final report only. */
  f = setup_harness (FALSE);
  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 1, FALSE));
  drm_test_stream_push_at (f.h, &st, 0, st.frames, 4096, 0, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = pop_all (f.bus);
  fail_unless_equals_int (all->len, 1);
  fail_unless_equals_int (count_windows (all), 0);
  /* and no window summary in the report */
  fail_if (drm_test_read (g_ptr_array_index (all, 0)).has_window_summary);
  fail_if (gst_structure_has_field (g_ptr_array_index (all, 0),
          GST_DRMETER_FIELD_CHANNEL_LOUD_BIN));
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* Two gapless tracks: each track's windows are numbered from 0 and carry
 * its track number; the second track's start where the first one ended.
 * A track shorter than a window has one (tail) window. */
GST_START_TEST (test_windows_two_tracks)
{
  const guint rate = 8000;
  guint64 wf = (guint64) floor (rate * 3.0040816326530613);
  guint64 cut = 2 * wf + 10;
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S24_32, rate, 3, cut + 5000, 13);
  DrmTestHarness f = setup_harness (TRUE);
  GPtrArray *all;

  gst_harness_push_event (f.h, gst_event_new_stream_start ("a"));
  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 3, FALSE));
  drm_test_stream_push_at (f.h, &st, 0, cut, 4000, 0, FALSE);
  gst_harness_push_event (f.h, gst_event_new_stream_start ("b"));
  drm_test_stream_push_at (f.h, &st, cut, st.frames, 4000, cut, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = pop_all (f.bus);
  /* 3 windows + report, 1 window + report. */
  fail_unless_equals_int (all->len, 4 + 2);
  assert_track_windows (all, 0, &st, 0, cut, 1, 0);
  assert_track_windows (all, 4, &st, cut, st.frames, 2,
      gst_util_uint64_scale (cut, GST_SECOND, rate));
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* A silent channel: -inf dBFS and bin -1; a full-scale one: 0 dBFS peak. */
GST_START_TEST (test_windows_silence)
{
  const guint rate = 4000;
  const guint64 frames = rate;
  gint16 *data = g_new0 (gint16, frames * 2);
  DrmTestHarness f = setup_harness (TRUE);
  GstBuffer *buf;
  GPtrArray *all;
  GstDrMeterParsedWindow w;

  for (guint64 i = 0; i < frames; i++)
    data[2 * i + 1] = (i % 2) ? G_MININT16 : G_MAXINT16;
  gst_harness_set_src_caps (f.h, drm_test_caps (DRM_FORMAT_S16, rate, 2,
          FALSE));
  buf = drm_test_buffer ((const guint8 *) data, 2, 2, rate, 0, frames, FALSE,
      DRM_FORMAT_S16);
  fail_unless_equals_int (gst_harness_push (f.h, buf), GST_FLOW_OK);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = pop_all (f.bus);
  fail_unless_equals_int (all->len, 2);
  w = drm_test_read_window (g_ptr_array_index (all, 0));
  fail_unless (isinf (w.rms[0]) && w.rms[0] < 0);
  fail_unless (isinf (w.peak[0]) && w.peak[0] < 0);
  fail_unless_equals_int (w.rms_bin[0], -1);
  fail_unless (w.peak[1] == 0.0);
  fail_unless (w.rms_bin[1] >= 0);
  fail_unless_equals_uint64 (w.frames, frames);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (data);
}

GST_END_TEST;

/* The DR fallback (the second-highest peak below the loud RMS): the
 * selected peak posted is the highest one, the peak the DR came from. */
GST_START_TEST (test_selected_peak_fallback)
{
  const guint rate = 44100;
  const guint64 quiet = 132480, frames = quiet + 132300;
  gint16 *data = g_new0 (gint16, frames);
  DrmTestHarness f = setup_harness (TRUE);
  GstBuffer *buf;
  GPtrArray *all;
  const GstStructure *fin;
  gdouble primary, selected, dr;

  for (guint64 i = 0; i < frames; i++) {
    gdouble a = i < quiet ? 0.01 : 0.9;
    gdouble t = (gdouble) (i < quiet ? i : i - quiet) / rate;

    data[i] = (gint16) lround (a * 32767.0 * sin (2.0 * G_PI * 440.0 * t));
  }
  gst_harness_set_src_caps (f.h, drm_test_caps (DRM_FORMAT_S16, rate, 1,
          FALSE));
  buf = drm_test_buffer ((const guint8 *) data, 2, 1, rate, 0, frames, FALSE,
      DRM_FORMAT_S16);
  fail_unless_equals_int (gst_harness_push (f.h, buf), GST_FLOW_OK);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = pop_all (f.bus);
  fail_unless_equals_int (all->len, 3);
  fin = g_ptr_array_index (all, 2);
  primary = drm_test_read (fin).channel[0].primary_peak;
  selected = drm_test_read (fin).channel[0].selected_peak;
  dr = drm_test_read (fin).channel[0].dr;
  /* the highest peak, about -0.92 dBFS, not the quiet -40 dBFS one */
  fail_unless (selected == primary, "selected %.3f, primary %.3f", selected,
      primary);
  fail_unless (selected > -1.0 && selected < -0.8);
  fail_unless (dr >= 0.0 && dr < 0.05);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (data);
}

GST_END_TEST;

static Suite *
drmeter_windows_suite (void)
{
  Suite *s = suite_create ("drmeter-windows");
  TCase *tc = tcase_create ("windows");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_property_default);
  tcase_add_test (tc, test_windows_match_engine);
  tcase_add_test (tc, test_windows_off_and_on);
  tcase_add_test (tc, test_windows_two_tracks);
  tcase_add_test (tc, test_windows_silence);
  tcase_add_test (tc, test_selected_peak_fallback);
  return s;
}

GST_CHECK_MAIN (drmeter_windows);
