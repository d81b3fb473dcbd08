/* gst-drmeter element tests: interim reports, gapless stream switches,
 * caps changes, flushes and property changes while streaming.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <string.h>
#include "drm-test-stream.h"

/* Interim reports at every 100 ms of stream time, whatever the buffer
 * sizes: the same messages for three different splits, each one the
 * engine's result for the track so far, the final one undisturbed. */
GST_START_TEST (test_interval_reports)
{
  const guint rate = 44100, per = rate / 10;
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_F32, rate, 2, 2 * rate + rate / 20, 3);
  const gsize splits[] = { 1000, 4410, 77777 };
  guint64 n_interim = st.frames / per;
  GPtrArray *reference = NULL;

  for (guint sp = 0; sp < G_N_ELEMENTS (splits); sp++) {
    DrmTestHarness f = drm_test_harness_setup ();
    GPtrArray *all;

    g_object_set (f.h->element, "interval", (guint64) (100 * GST_MSECOND),
        NULL);
    gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate,
            st.channels, sp == 1));
    drm_test_stream_push_at (f.h, &st, 0, st.frames, splits[sp], 0, sp == 1);
    gst_harness_push_event (f.h, gst_event_new_eos ());
    all = drm_test_pop_all_reports (f.bus);
    fail_unless_equals_int (all->len, n_interim + 1);

    for (guint k = 0; k < all->len; k++) {
      const GstStructure *s = g_ptr_array_index (all, k);
      gboolean last = k + 1 == all->len;
      guint64 frames = last ? st.frames : (k + 1) * per;
      GstClockTime ts = gst_util_uint64_scale (frames, GST_SECOND, rate);

      /* The harness makes up a new stream id each time. */
      gst_structure_remove_field ((GstStructure *) s,
          GST_DRMETER_FIELD_STREAM_ID);
      fail_unless_equals_int (drm_test_read (s).final, last);
      fail_unless_equals_uint64 (drm_test_read (s).frames, frames);
      fail_unless_equals_uint64 (drm_test_read (s).timestamp, ts);
      fail_unless_equals_uint64 (drm_test_read (s).running_time, ts);
      fail_unless_equals_uint64 (drm_test_read (s).stream_time, ts);
      fail_unless_equals_uint64 (drm_test_read (s).duration, ts);
      if (!last)
        fail_unless_equals_uint64 (ts, (k + 1) * 100 * GST_MSECOND);
      fail_unless_equals_int (drm_test_read (s).track, 1);
      fail_unless_equals_int (drm_test_read (s).album_tracks, 1);
      /* Interim or final: the engine's result had the track ended here. */
      if (sp == 0) {
        drm_test_stream_assert_report (s, &st, 0, frames);
      } else {
        const GstStructure *r = g_ptr_array_index (reference, k);

        if (!gst_structure_is_equal (s, r)) {
          gchar *a = gst_structure_to_string (s), *b =
              gst_structure_to_string (r);

          fail ("split %" G_GSIZE_FORMAT " differs at report %u: %s vs %s",
              splits[sp], k, a, b);
        }
      }
    }
    if (reference)
      g_ptr_array_unref (all);
    else
      reference = all;
    drm_test_harness_teardown (&f);
  }
  g_ptr_array_unref (reference);
  g_free (st.data);
}

GST_END_TEST;

/* An interval that is no whole number of frames: each report comes at the
 * first frame at or after k intervals. */
GST_START_TEST (test_interval_rounding)
{
  const guint rate = 8000;
  const guint64 interval = GST_SECOND / 3;
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S16, rate, 1, 3 * rate, 5);
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;
  GstClockTime prev = 0;

  g_object_set (f.h->element, "interval", interval, NULL);
  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 1, FALSE));
  drm_test_stream_push_at (f.h, &st, 0, st.frames, 1237, 0, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 9 + 1);
  for (guint k = 0; k + 1 < all->len; k++) {
    const GstStructure *s = g_ptr_array_index (all, k);
    GstClockTime ts = drm_test_read (s).timestamp;
    guint64 frames = drm_test_read (s).frames;

    fail_unless_equals_uint64 (frames, gst_util_uint64_scale_ceil ((k + 1) *
            interval, rate, GST_SECOND));
    fail_unless (ts >= (k + 1) * interval && ts < (k + 1) * interval +
        GST_SECOND / rate, "report %u at %" GST_TIME_FORMAT, k,
        GST_TIME_ARGS (ts));
    fail_unless (ts > prev);
    prev = ts;
  }
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* An interval below 10 ms counts as 10 ms: interval=1 (ns) used to post a
 * report per frame, enough to fill the memory of an application that
 * reads its bus slowly. */
GST_START_TEST (test_interval_lower_bound)
{
  const guint rate = 44100;
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S16, rate, 2, 2 * rate + 7, 3);
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;
  guint64 interval = 0;

  g_object_set (f.h->element, "interval", (guint64) 1, NULL);
  g_object_get (f.h->element, "interval", &interval, NULL);
  fail_unless_equals_uint64 (interval, 10 * GST_MSECOND);
  g_object_set (f.h->element, "interval", 10 * GST_MSECOND - 1, NULL);
  g_object_get (f.h->element, "interval", &interval, NULL);
  fail_unless_equals_uint64 (interval, 10 * GST_MSECOND);
  /* 0 (no interim reports) and longer intervals stay as they are */
  g_object_set (f.h->element, "interval", (guint64) 0, NULL);
  g_object_get (f.h->element, "interval", &interval, NULL);
  fail_unless_equals_uint64 (interval, 0);
  g_object_set (f.h->element, "interval", 10 * GST_MSECOND + 1, NULL);
  g_object_get (f.h->element, "interval", &interval, NULL);
  fail_unless_equals_uint64 (interval, 10 * GST_MSECOND + 1);

  g_object_set (f.h->element, "interval", (guint64) 1, NULL);
  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 2, FALSE));
  /* one frame per buffer: nothing but the bound limits the reports */
  drm_test_stream_push_at (f.h, &st, 0, st.frames, 1, 0, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  /* 200 interim reports (every 441 frames) and the final one */
  fail_unless_equals_int (all->len, 200 + 1);
  for (guint k = 0; k + 1 < all->len; k++)
    fail_unless_equals_uint64 (drm_test_read (g_ptr_array_index (all,
                k)).frames, (guint64) (k + 1) * 441);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* Gapless: a new stream id ends the track and starts the next; the album
 * goes on. The same id again changes nothing. */
GST_START_TEST (test_stream_switch)
{
  const guint rate = 8000;
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S24_32, rate, 2, 9 * rate, 11);
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTrackResult a, b;
  GPtrArray *all;
  const GstStructure *s;
  DrmAlbum album;
  gdouble v;
  gint dr;

  g_object_set (f.h->element, "interval", (guint64) GST_SECOND, NULL);
  gst_harness_push_event (f.h, gst_event_new_stream_start ("track-a"));
  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 2, FALSE));
  drm_test_stream_push_at (f.h, &st, 0, 2 * rate, 3000, 0, FALSE);
  gst_harness_push_event (f.h, gst_event_new_stream_start ("track-a"));
  drm_test_stream_push_at (f.h, &st, 2 * rate, 4 * rate + 500, 3000, 2 * rate,
      FALSE);
  gst_harness_push_event (f.h, gst_event_new_stream_start ("track-b"));
  drm_test_stream_push_at (f.h, &st, 4 * rate + 500, 9 * rate, 3000,
      4 * rate + 500, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());

  all = drm_test_pop_all_reports (f.bus);
  /* Track a: interim at 1, 2, 3, 4 s and its end; track b: interim at
   * 1, 2, 3, 4 s of its own and its end. */
  fail_unless_equals_int (all->len, 10);
  drm_test_stream_engine_result (&st, 0, 4 * rate + 500, &a);
  drm_test_stream_engine_result (&st, 4 * rate + 500, 9 * rate, &b);

  s = g_ptr_array_index (all, 4);
  fail_unless (drm_test_read (s).final);
  drm_test_assert_report_equals (s, &a);
  fail_unless_equals_string (drm_test_read (s).stream_id,
      "track-a");
  fail_unless_equals_int (drm_test_read (s).track, 1);
  fail_unless_equals_int (drm_test_read (s).album_tracks, 1);

  s = g_ptr_array_index (all, 5);
  fail_unless (!drm_test_read (s).final);
  fail_unless_equals_uint64 (drm_test_read (s).frames, rate);
  fail_unless_equals_string (drm_test_read (s).stream_id,
      "track-b");
  fail_unless_equals_int (drm_test_read (s).track, 2);
  /* Interim album: as if this track ended here. */
  fail_unless_equals_int (drm_test_read (s).album_tracks, 2);
  fail_unless_equals_uint64 (drm_test_read (s).timestamp,
      gst_util_uint64_scale (4 * rate + 500 + rate, GST_SECOND, rate));

  s = g_ptr_array_index (all, 9);
  fail_unless (drm_test_read (s).final);
  drm_test_assert_report_equals (s, &b);
  fail_unless_equals_int (drm_test_read (s).track, 2);
  fail_unless_equals_int (drm_test_read (s).album_tracks, 2);
  drm_album_init (&album, FALSE);
  drm_album_add (&album, &a);
  drm_album_add (&album, &b);
  v = drm_test_read (s).album_dr_value;
  fail_unless (v == (double) drm_album_get_dr (&album));
  dr = drm_test_read (s).album_dr;
  fail_unless_equals_int (dr, drm_album_get_dr_displayed (&album));

  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* Another format, rate or channel count ends the track; another layout or
 * the same caps again do not. */
GST_START_TEST (test_caps_changes)
{
  DrmTestStream a =
      drm_test_stream_make (DRM_FORMAT_S16, 8000, 2, 3 * 8000, 21);
  DrmTestStream b =
      drm_test_stream_make (DRM_FORMAT_F32, 8000, 2, 2 * 8000, 22);
  DrmTestStream c =
      drm_test_stream_make (DRM_FORMAT_F32, 16000, 2, 2 * 16000, 23);
  DrmTestStream d = drm_test_stream_make (DRM_FORMAT_F32, 16000, 6, 16000, 24);
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;

  gst_harness_set_src_caps (f.h, drm_test_caps (a.format, 8000, 2, FALSE));
  drm_test_stream_push_at (f.h, &a, 0, 8000, 1000, 0, FALSE);
  /* Same caps again, then another layout: the same track. */
  gst_harness_set_src_caps (f.h, drm_test_caps (a.format, 8000, 2, FALSE));
  drm_test_stream_push_at (f.h, &a, 8000, 16000, 1000, 8000, FALSE);
  gst_harness_set_src_caps (f.h, drm_test_caps (a.format, 8000, 2, TRUE));
  drm_test_stream_push_at (f.h, &a, 16000, a.frames, 1000, 16000, TRUE);
  fail_unless (drm_test_pop_report (f.bus, 0) == NULL);

  /* Format, rate, channels: each ends a track. */
  gst_harness_set_src_caps (f.h, drm_test_caps (b.format, 8000, 2, FALSE));
  drm_test_stream_push_at (f.h, &b, 0, b.frames, 999, 0, FALSE);
  gst_harness_set_src_caps (f.h, drm_test_caps (c.format, 16000, 2, FALSE));
  drm_test_stream_push_at (f.h, &c, 0, c.frames, 999, 0, FALSE);
  gst_harness_set_src_caps (f.h, drm_test_caps (d.format, 16000, 6, TRUE));
  drm_test_stream_push_at (f.h, &d, 0, d.frames, 999, 0, TRUE);
  gst_harness_push_event (f.h, gst_event_new_eos ());

  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 4);
  drm_test_stream_assert_report (g_ptr_array_index (all, 0), &a, 0, a.frames);
  drm_test_stream_assert_report (g_ptr_array_index (all, 1), &b, 0, b.frames);
  drm_test_stream_assert_report (g_ptr_array_index (all, 2), &c, 0, c.frames);
  drm_test_stream_assert_report (g_ptr_array_index (all, 3), &d, 0, d.frames);
  for (guint k = 0; k < 4; k++) {
    fail_unless (drm_test_read (g_ptr_array_index (all, k)).final);
    fail_unless_equals_int (drm_test_read (g_ptr_array_index (all,
                k)).album_tracks, k + 1);
  }

  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (a.data);
  g_free (b.data);
  g_free (c.data);
  g_free (d.data);
}

GST_END_TEST;

/* The same caps again (a renegotiation) or another layout in the middle
 * of a track leave the interim schedule alone. */
GST_START_TEST (test_renegotiation_keeps_schedule)
{
  const guint rate = 8000;
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S16, rate, 2, 3 * rate + 10, 61);
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;

  g_object_set (f.h->element, "interval", (guint64) GST_SECOND, NULL);
  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 2, FALSE));
  drm_test_stream_push_at (f.h, &st, 0, rate + rate / 2, 500, 0, FALSE);
  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 2, FALSE));
  drm_test_stream_push_at (f.h, &st, rate + rate / 2, 2 * rate + rate / 2, 500,
      rate + rate / 2, FALSE);
  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 2, TRUE));
  drm_test_stream_push_at (f.h, &st, 2 * rate + rate / 2, st.frames, 500,
      2 * rate + rate / 2, TRUE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 4);
  for (guint k = 0; k < 3; k++)
    fail_unless_equals_uint64 (drm_test_read (g_ptr_array_index (all,
                k)).frames, (k + 1) * rate);
  fail_unless (drm_test_read (g_ptr_array_index (all, 3)).final);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* Positions: none without timestamps (duration still known); a jump in
 * the timestamps is followed; a huge interval posts no interim report. */
GST_START_TEST (test_timestamps)
{
  const guint rate = 8000;
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_U8, rate, 1, 2 * rate, 71);
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;
  const GstStructure *s;

  g_object_set (f.h->element, "interval", G_MAXUINT64, NULL);
  gst_harness_push_event (f.h, gst_event_new_stream_start ("a"));
  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 1, FALSE));
  for (guint64 pos = 0; pos < st.frames; pos += 1000) {
    GstBuffer *buf = drm_test_buffer (st.data, 1, 1, rate, pos, 1000, FALSE,
        st.format);

    GST_BUFFER_PTS (buf) = GST_CLOCK_TIME_NONE;
    fail_unless_equals_int (gst_harness_push (f.h, buf), GST_FLOW_OK);
  }
  gst_harness_push_event (f.h, gst_event_new_stream_start ("b"));
  /* One second, then a jump of 10 s, then one more second. */
  drm_test_stream_push_at (f.h, &st, 0, rate, 1000, 0, FALSE);
  drm_test_stream_push_at (f.h, &st, rate, 2 * rate, 1000, 11 * rate, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());

  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 2);
  s = g_ptr_array_index (all, 0);
  fail_unless_equals_uint64 (drm_test_read (s).duration, 2 * GST_SECOND);
  fail_unless_equals_uint64 (drm_test_read (s).timestamp,
      GST_CLOCK_TIME_NONE);
  fail_unless_equals_uint64 (drm_test_read (s).stream_time,
      GST_CLOCK_TIME_NONE);
  fail_unless_equals_uint64 (drm_test_read (s).running_time,
      GST_CLOCK_TIME_NONE);
  s = g_ptr_array_index (all, 1);
  fail_unless_equals_uint64 (drm_test_read (s).duration, 2 * GST_SECOND);
  fail_unless_equals_uint64 (drm_test_read (s).timestamp,
      12 * GST_SECOND);
  fail_unless_equals_uint64 (drm_test_read (s).running_time,
      12 * GST_SECOND);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* A flush discards the unfinished track: what follows is measured afresh,
 * with interim reports counted from the new start. */
GST_START_TEST (test_flush_discards)
{
  const guint rate = 8000;
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S32, rate, 2, 6 * rate, 31);
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;
  GstSegment segment;
  const GstStructure *s;

  g_object_set (f.h->element, "interval", (guint64) GST_SECOND, NULL);
  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 2, FALSE));
  drm_test_stream_push_at (f.h, &st, 0, 3 * rate + 100, 777, 0, FALSE);
  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 3);
  g_ptr_array_unref (all);

  /* Seek to 2 s: flush, a new segment, the stream again from there. */
  gst_harness_push_event (f.h, gst_event_new_flush_start ());
  gst_harness_push_event (f.h, gst_event_new_flush_stop (TRUE));
  gst_segment_init (&segment, GST_FORMAT_TIME);
  segment.start = segment.time = segment.position = 2 * GST_SECOND;
  gst_harness_push_event (f.h, gst_event_new_segment (&segment));
  drm_test_stream_push_at (f.h, &st, 2 * rate, st.frames, 777, 2 * rate,
      FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());

  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 4 + 1);
  for (guint k = 0; k < 4; k++) {
    s = g_ptr_array_index (all, k);
    fail_unless_equals_uint64 (drm_test_read (s).frames, (k + 1) * rate);
    fail_unless_equals_uint64 (drm_test_read (s).timestamp,
        (k + 3) * GST_SECOND);
    fail_unless_equals_uint64 (drm_test_read (s).stream_time,
        (k + 3) * GST_SECOND);
    fail_unless_equals_uint64 (drm_test_read (s).running_time,
        (k + 1) * GST_SECOND);
  }
  s = g_ptr_array_index (all, 4);
  fail_unless (drm_test_read (s).final);
  drm_test_stream_assert_report (s, &st, 2 * rate, st.frames);
  fail_unless_equals_int (drm_test_read (s).track, 1);
  fail_unless_equals_int (drm_test_read (s).album_tracks, 1);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* Properties change while streaming: a new interval counts from where it
 * is set; weighting applies to the next report; post-messages mutes. */
GST_START_TEST (test_property_changes)
{
  const guint rate = 8000;
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_F64, rate, 6, 10 * rate, 41);
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;
  const GstStructure *s;
  DrmTrackResult want;
  int err;
  DrmMeter *m;
  gboolean weighted = FALSE;

  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 6, FALSE));
  drm_test_stream_push_at (f.h, &st, 0, 2 * rate + 100, 1000, 0, FALSE);
  /* From frame 16100 on: reports at 16100 + 4000 k. */
  g_object_set (f.h->element, "interval", (guint64) (GST_SECOND / 2), NULL);
  drm_test_stream_push_at (f.h, &st, 2 * rate + 100, 4 * rate, 1000,
      2 * rate + 100, FALSE);
  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 3);
  for (guint k = 0; k < all->len; k++)
    fail_unless_equals_uint64 (drm_test_read (g_ptr_array_index (all,
                k)).frames, 2 * rate + 100 + (k + 1) * rate / 2);
  g_ptr_array_unref (all);

  g_object_set (f.h->element, "interval", (guint64) 0,
      "multichannel-weighting", TRUE, NULL);
  drm_test_stream_push_at (f.h, &st, 4 * rate, 6 * rate, 1000, 4 * rate,
      FALSE);
  fail_unless (drm_test_pop_report (f.bus, 0) == NULL);

  g_object_set (f.h->element, "post-messages", FALSE, "interval",
      (guint64) (GST_SECOND / 10), NULL);
  drm_test_stream_push_at (f.h, &st, 6 * rate, 8 * rate, 1000, 6 * rate,
      FALSE);
  fail_unless (drm_test_pop_report (f.bus, 0) == NULL);

  g_object_set (f.h->element, "post-messages", TRUE, "interval",
      (guint64) 0, NULL);
  drm_test_stream_push_at (f.h, &st, 8 * rate, st.frames, 1000, 8 * rate,
      FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 1);
  s = g_ptr_array_index (all, 0);

  /* The whole track, weighted by channel loudness. */
  m = drm_meter_new (rate, 6, 0, &err);
  fail_unless (m != NULL);
  drm_meter_add_interleaved (m, st.format, st.data, st.frames);
  drm_meter_set_channel_weighting (m, TRUE);
  drm_meter_finish (m, &want);
  drm_meter_free (m);
  fail_unless (want.channel_weighted);
  drm_test_assert_report_equals (s, &want);
  weighted = drm_test_read (s).channel_weighted;
  fail_unless (weighted);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* album-length-weighting weights each track by its duration. */
GST_START_TEST (test_album_length_weighting)
{
  const guint rate = 8000;
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S16, rate, 1, 12 * rate, 51);
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTrackResult a, b;
  DrmAlbum album;
  GPtrArray *all;
  const GstStructure *s;
  gboolean lw = FALSE;
  gdouble v = 0;

  g_object_set (f.h->element, "album-length-weighting", TRUE, NULL);
  gst_harness_push_event (f.h, gst_event_new_stream_start ("a"));
  gst_harness_set_src_caps (f.h, drm_test_caps (st.format, rate, 1, FALSE));
  drm_test_stream_push_at (f.h, &st, 0, 2 * rate, 4000, 0, FALSE);
  gst_harness_push_event (f.h, gst_event_new_stream_start ("b"));
  drm_test_stream_push_at (f.h, &st, 2 * rate, st.frames, 4000, 2 * rate,
      FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 2);
  drm_test_stream_engine_result (&st, 0, 2 * rate, &a);
  drm_test_stream_engine_result (&st, 2 * rate, st.frames, &b);
  drm_album_init (&album, TRUE);
  drm_album_add (&album, &a);
  drm_album_add (&album, &b);
  s = g_ptr_array_index (all, 1);
  lw = drm_test_read (s).album_length_weighted;
  fail_unless (lw);
  v = drm_test_read (s).album_dr_value;
  fail_unless (v == (double) drm_album_get_dr (&album));
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

static Suite *
drmeter_streams_suite (void)
{
  Suite *s = suite_create ("drmeter-streams");
  TCase *tc = tcase_create ("streams");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_interval_reports);
  tcase_add_test (tc, test_interval_rounding);
  tcase_add_test (tc, test_interval_lower_bound);
  tcase_add_test (tc, test_stream_switch);
  tcase_add_test (tc, test_caps_changes);
  tcase_add_test (tc, test_renegotiation_keeps_schedule);
  tcase_add_test (tc, test_timestamps);
  tcase_add_test (tc, test_flush_discards);
  tcase_add_test (tc, test_property_changes);
  tcase_add_test (tc, test_album_length_weighting);
  return s;
}

GST_CHECK_MAIN (drmeter_streams);
