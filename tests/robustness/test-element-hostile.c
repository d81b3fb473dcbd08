/* gst-drmeter robustness: the drmeter element under hostile streams.
 *
 * Each case has a defined outcome (docs/element.md), asserted here: flow
 * returns, which messages come, and that every message equals the engine's
 * result on the same samples, bit for bit.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <string.h>
#include "drm-test-stream.h"

/* Asserts that the bus holds exactly one message, final, equal to the
 * engine's result on the whole of @st. */
static void
assert_one_final (GstBus * bus, const DrmTestStream * st)
{
  GPtrArray *all = drm_test_pop_all_reports (bus);
  const GstStructure *s;

  fail_unless_equals_int (all->len, 1);
  s = g_ptr_array_index (all, 0);
  fail_unless (drm_test_read (s).final);
  drm_test_stream_assert_report (s, st, 0, st->frames);
  g_ptr_array_unref (all);
}

static void
push_segment (GstHarness * h)
{
  GstSegment segment;

  gst_segment_init (&segment, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&segment)));
}

/* ---- bad order ---- */

/* A buffer before caps is refused with NOT_NEGOTIATED, measures nothing,
 * and the element works normally once caps come. */
GST_START_TEST (test_buffers_before_caps)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, 8000, 2, 8000, 1);

  gst_harness_play (f.h);
  fail_unless (gst_harness_push_event (f.h,
          gst_event_new_stream_start ("early")));
  push_segment (f.h);
  for (int i = 0; i < 10; i++)
    fail_unless_equals_int (gst_harness_push (f.h, drm_test_stream_buffer (&st,
                0, 100, FALSE)), GST_FLOW_NOT_NEGOTIATED);
  fail_unless (drm_test_pop_report (f.bus, 0) == NULL);

  /* Caps must come before the segment: flush it away first. */
  fail_unless (gst_harness_push_event (f.h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (f.h, gst_event_new_flush_stop (TRUE)));
  drm_test_stream_set_caps (f.h, &st, FALSE);
  drm_test_stream_push (f.h, &st, 0, st.frames, 1000, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  assert_one_final (f.bus, &st);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* Caps changes mid-stream, in the middle of a window: each new format,
 * rate or channel count ends the track (one final message each, equal to
 * the engine on its part); a layout change does not. */
GST_START_TEST (test_caps_changes_midstream)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream a =
      drm_test_stream_make (DRM_FORMAT_S16, 48000, 2, 48000 * 4 + 17, 2);
  DrmTestStream b =
      drm_test_stream_make (DRM_FORMAT_F32, 48000, 2, 48000 * 2 + 5, 3);
  DrmTestStream c =
      drm_test_stream_make (DRM_FORMAT_S24, 44100, 1, 44100 * 3, 4);
  DrmTestStream d =
      drm_test_stream_make (DRM_FORMAT_F64, 44100, 6, 44100 * 2 + 1, 5);
  GPtrArray *all;

  drm_test_stream_set_caps (f.h, &a, FALSE);
  drm_test_stream_push (f.h, &a, 0, 70001, 4096, FALSE);
  /* The layout alone changes: the same track goes on. */
  drm_test_stream_set_caps (f.h, &a, TRUE);
  drm_test_stream_push (f.h, &a, 70001, a.frames, 3000, TRUE);
  /* Another format, same rate and channels. */
  drm_test_stream_set_caps (f.h, &b, FALSE);
  drm_test_stream_push (f.h, &b, 0, b.frames, 1234, FALSE);
  /* Another rate and channel count. */
  drm_test_stream_set_caps (f.h, &c, TRUE);
  drm_test_stream_push (f.h, &c, 0, c.frames, 999, TRUE);
  drm_test_stream_set_caps (f.h, &d, FALSE);
  drm_test_stream_push (f.h, &d, 0, d.frames, 10000, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());

  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 4);
  drm_test_stream_assert_report (g_ptr_array_index (all, 0), &a, 0, a.frames);
  drm_test_stream_assert_report (g_ptr_array_index (all, 1), &b, 0, b.frames);
  drm_test_stream_assert_report (g_ptr_array_index (all, 2), &c, 0, c.frames);
  drm_test_stream_assert_report (g_ptr_array_index (all, 3), &d, 0, d.frames);
  for (guint i = 0; i < all->len; i++) {
    fail_unless (drm_test_read (g_ptr_array_index (all, i)).final);
    fail_unless_equals_int (drm_test_read (g_ptr_array_index (all,
                i)).track, i + 1);
  }
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (a.data);
  g_free (b.data);
  g_free (c.data);
  g_free (d.data);
}

GST_END_TEST;

/* Caps that cannot be measured are refused; the track so far survives. */
GST_START_TEST (test_refused_caps_keep_track)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S16, 48000, 2, 48000 * 2, 6);
  GstCaps *bad = gst_caps_from_string ("audio/x-raw, format=(string)S8, "
      "rate=(int)48000, channels=(int)2, layout=(string)interleaved");

  drm_test_stream_set_caps (f.h, &st, FALSE);
  drm_test_stream_push (f.h, &st, 0, st.frames / 2, 4800, FALSE);
  fail_if (gst_pad_send_event (f.h->element->sinkpads->data,
          gst_event_new_caps (bad)));
  gst_caps_unref (bad);
  drm_test_stream_push (f.h, &st, st.frames / 2, st.frames, 4800, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  assert_one_final (f.bus, &st);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* EOS twice, EOS with nothing measured, EOS then a new stream. */
GST_START_TEST (test_eos_twice)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_F32, 44100, 2, 44100 * 3, 7);
  GPtrArray *all;

  drm_test_stream_set_caps (f.h, &st, FALSE);
  /* Nothing measured: no message. */
  fail_unless (gst_harness_push_event (f.h, gst_event_new_eos ()));
  fail_unless (drm_test_pop_report (f.bus, 0) == NULL);

  fail_unless (gst_harness_push_event (f.h,
          gst_event_new_stream_start ("second")));
  push_segment (f.h);
  drm_test_stream_push (f.h, &st, 0, st.frames, 4410, FALSE);
  fail_unless (gst_harness_push_event (f.h, gst_event_new_eos ()));
  /* Sent straight to the pad: the harness source pad is EOS already. */
  gst_pad_send_event (f.h->element->sinkpads->data, gst_event_new_eos ());
  gst_pad_send_event (f.h->element->sinkpads->data, gst_event_new_eos ());
  assert_one_final (f.bus, &st);

  /* After EOS, data is refused by the pad (EOS). */
  fail_unless_equals_int (gst_harness_push (f.h, drm_test_stream_buffer (&st,
              0, 10, FALSE)), GST_FLOW_EOS);

  /* A new stream after EOS measures again, as track 2. */
  fail_unless (gst_harness_push_event (f.h,
          gst_event_new_stream_start ("third")));
  push_segment (f.h);
  drm_test_stream_push (f.h, &st, 0, st.frames / 3, 999, FALSE);
  fail_unless (gst_harness_push_event (f.h, gst_event_new_eos ()));
  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 1);
  drm_test_stream_assert_report (g_ptr_array_index (all, 0), &st, 0,
      st.frames / 3);
  fail_unless_equals_int (drm_test_read (g_ptr_array_index (all, 0)).track, 2);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* ---- flushes ---- */

static void
flush (GstHarness * h)
{
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  push_segment (h);
}

/* A storm of flushes between (and instead of) buffers, interim reports on:
 * each flush discards the unfinished track; the stream after the last
 * flush is measured exactly. No final message for a discarded track. */
GST_START_TEST (test_flush_storm)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S24_32, 8000, 2, 8000 * 7, 8);
  GPtrArray *all;

  g_object_set (f.h->element, "interval", (guint64) GST_SECOND, NULL);
  drm_test_stream_set_caps (f.h, &st, FALSE);
  for (int i = 0; i < 500; i++) {
    drm_test_stream_push (f.h, &st, 0, 1 + (guint64) (i * 37) % 12000, 1000,
        FALSE);
    flush (f.h);
    if (i % 7 == 0)
      flush (f.h);
  }
  all = drm_test_pop_all_reports (f.bus);
  for (guint i = 0; i < all->len; i++)
    fail_if (drm_test_read (g_ptr_array_index (all, i)).final);
  g_ptr_array_unref (all);

  drm_test_stream_push (f.h, &st, 0, st.frames, 777, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  /* Interim reports at 1..7 s, then the final one. */
  fail_unless_equals_int (all->len, 8);
  for (guint i = 0; i < 7; i++) {
    drm_test_stream_assert_report (g_ptr_array_index (all, i), &st, 0,
        (i + 1) * 8000);
  }
  drm_test_stream_assert_report (g_ptr_array_index (all, 7), &st, 0,
      st.frames);
  fail_unless_equals_int (drm_test_read (g_ptr_array_index (all, 7)).track, 1);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

typedef struct
{
  GstHarness *h;
  volatile gint stop;
  volatile gint count;
} Storm;

static gpointer
flush_thread (gpointer data)
{
  Storm *s = data;
  GstPad *pad = s->h->element->sinkpads->data;

  /* As an application's seek does: FLUSH_START from its own thread; the
   * streaming thread then sends FLUSH_STOP and a new segment. */
  while (!g_atomic_int_get (&s->stop)) {
    gst_pad_send_event (pad, gst_event_new_flush_start ());
    g_atomic_int_inc (&s->count);
    g_usleep (300);
  }
  return NULL;
}

/* Flushes from another thread while the streaming thread pushes: pushes
 * return OK, FLUSHING or (GStreamer's own flush race, see below) ERROR,
 * but the element itself never fails (it posts no error), nothing crashes
 * or deadlocks, no final report is posted, and once the storm is over a
 * flushed, fresh stream is measured exactly. */
GST_START_TEST (test_flush_storm_from_thread)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_F32, 16000, 2, 16000 * 4, 9);
  Storm storm = { f.h, 0, 0 };
  GThread *t;
  guint flushing = 0, errors = 0;
  GstSegment segment;
  GstMessage *msg;

  gst_segment_init (&segment, GST_FORMAT_TIME);

  g_object_set (f.h->element, "interval", (guint64) (10 * GST_MSECOND), NULL);
  drm_test_stream_set_caps (f.h, &st, FALSE);
  t = g_thread_new ("flusher", flush_thread, &storm);
  for (int i = 0; i < 3000 || g_atomic_int_get (&storm.count) < 100; i++) {
    GstFlowReturn ret = gst_harness_push (f.h, drm_test_stream_buffer (&st,
            (guint64) (i * 160) % (st.frames - 160), 160, FALSE));

    /* FLUSH_START from the flusher and FLUSH_STOP from this thread race
     * inside GstPad itself (flush events take no stream lock): either pad
     * of the element may be left flushing, so a SEGMENT that
     * GstBaseTransform forwards can fail, and the harness then answers its
     * next push with ERROR. Any transform element shows this; what must
     * hold is no crash, no deadlock, full recovery after a clean flush,
     * and no error of the element's own (it posts one whenever it
     * returns ERROR itself): all checked below. */
    fail_unless (ret == GST_FLOW_OK || ret == GST_FLOW_FLUSHING
        || ret == GST_FLOW_ERROR, "push returned %s",
        gst_flow_get_name (ret));
    if (ret != GST_FLOW_OK) {
      flushing++;
      gst_harness_push_event (f.h, gst_event_new_flush_stop (TRUE));
      gst_harness_push_event (f.h, gst_event_new_segment (&segment));
    }
  }
  g_atomic_int_set (&storm.stop, 1);
  g_thread_join (t);
  fail_unless (storm.count > 0);
  GST_INFO ("%u flushes, %u pushes refused", storm.count, flushing);
  while ((msg = gst_bus_pop (f.bus))) {
    const GstStructure *s = gst_message_get_structure (msg);

    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      GError *err = NULL;

      gst_message_parse_error (msg, &err, NULL);
      g_printerr ("the element posted an error: %s\n", err->message);
      g_error_free (err);
      errors++;
    } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT && s
        && gst_structure_has_name (s, GST_DRMETER_MESSAGE_NAME)) {
      fail_if (drm_test_read (s).final, "a final report for a flushed "
          "track");
    }
    gst_message_unref (msg);
  }
  fail_unless_equals_int (errors, 0);

  g_object_set (f.h->element, "interval", (guint64) 0, NULL);
  /* The pad may still be flushing from the storm's last FLUSH_START. */
  gst_harness_push_event (f.h, gst_event_new_flush_start ());
  fail_unless (gst_harness_push_event (f.h, gst_event_new_flush_stop (TRUE)));
  push_segment (f.h);
  drm_test_stream_push (f.h, &st, 0, st.frames, 1600, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  assert_one_final (f.bus, &st);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* ---- timestamps, gaps, discontinuities ---- */

/* Gaps and discontinuities do not change what is measured: GAP events add
 * nothing, GAP-flagged buffers are measured as the samples they hold,
 * buffers without timestamps, with timestamps jumping forward or back, or
 * flagged DISCONT are all measured. Positions follow the last timestamp
 * that did not follow on. */
GST_START_TEST (test_gaps_and_discontinuities)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S16, 48000, 2, 48000 * 5, 10);
  DrmTrackResult want;
  GstStructure *s;
  GstBuffer *buf;
  guint64 pos = 0;
  const gsize n = 4800;

  drm_test_stream_set_caps (f.h, &st, FALSE);
  for (int i = 0; pos < st.frames; i++, pos += n) {
    buf = drm_test_stream_buffer (&st, pos, n, FALSE);
    switch (i % 6) {
      case 1:                  /* a GAP event before the buffer */
        fail_unless (gst_harness_push_event (f.h,
                gst_event_new_gap (GST_BUFFER_PTS (buf), GST_SECOND)));
        break;
      case 2:                  /* no timestamp */
        GST_BUFFER_PTS (buf) = GST_CLOCK_TIME_NONE;
        GST_BUFFER_DURATION (buf) = GST_CLOCK_TIME_NONE;
        break;
      case 3:                  /* a jump forward, flagged */
        GST_BUFFER_PTS (buf) += 10 * GST_SECOND;
        GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
        break;
      case 4:                  /* a jump back, not flagged */
        GST_BUFFER_PTS (buf) = GST_BUFFER_PTS (buf) / 2;
        GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_GAP);
        break;
      default:
        break;
    }
    fail_unless_equals_int (gst_harness_push (f.h, buf), GST_FLOW_OK);
  }
  /* A last buffer that jumps: the end is its timestamp plus its frames. */
  gst_harness_push_event (f.h, gst_event_new_eos ());
  drm_test_stream_engine_result (&st, 0, st.frames, &want);
  s = drm_test_pop_report (f.bus, 0);
  fail_unless (s != NULL);
  drm_test_assert_report_equals (s, &want);
  /* The last buffer (i = 49, i % 6 == 1) follows the buffer before it,
   * which was pushed with its own timestamp. */
  fail_unless_equals_uint64 (drm_test_read (s).timestamp,
      gst_util_uint64_scale (st.frames, GST_SECOND, st.rate));
  gst_structure_free (s);
  fail_unless (drm_test_pop_report (f.bus, 0) == NULL);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* Timestamps at the end of the clock's range: positions never wrap around
 * to small values; they are either past the last timestamp or unknown. */
GST_START_TEST (test_timestamps_near_the_end_of_time)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S16, 8000, 1, 8000 * 2, 11);
  GstClockTime start = G_MAXUINT64 - GST_SECOND;
  GPtrArray *all;

  g_object_set (f.h->element, "interval", (guint64) (500 * GST_MSECOND), NULL);
  drm_test_stream_set_caps (f.h, &st, FALSE);
  for (guint64 pos = 0; pos < st.frames; pos += 800) {
    GstBuffer *buf = drm_test_stream_buffer (&st, pos, 800, FALSE);

    GST_BUFFER_PTS (buf) = start + gst_util_uint64_scale (pos, GST_SECOND,
        st.rate);
    if (GST_BUFFER_PTS (buf) < start)
      GST_BUFFER_PTS (buf) = GST_CLOCK_TIME_NONE;
    GST_BUFFER_DURATION (buf) = GST_CLOCK_TIME_NONE;
    fail_unless_equals_int (gst_harness_push (f.h, buf), GST_FLOW_OK);
  }
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  /* Interim reports at 0.5, 1, 1.5 and 2 s, then the final one. */
  fail_unless_equals_int (all->len, 5);
  for (guint i = 0; i < all->len; i++) {
    const GstStructure *s = g_ptr_array_index (all, i);
    guint64 ts = drm_test_read (s).timestamp;

    fail_unless (ts == GST_CLOCK_TIME_NONE || ts >= start,
        "report %u: timestamp %" G_GUINT64_FORMAT " wrapped around", i, ts);
  }
  drm_test_stream_assert_report (g_ptr_array_index (all, 4), &st, 0,
      st.frames);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* ---- sizes and shapes ---- */

/* One huge buffer (2^24 frames, about 6 min) with interim reports every
 * second: the buffer is cut at each report, every report is exact. */
GST_START_TEST (test_huge_buffer)
{
  DrmTestHarness f = drm_test_harness_setup ();
  const guint rate = 48000;
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S16, rate, 1, 1 << 24, 12);
  GPtrArray *all;
  guint n_interim = (guint) (st.frames / rate);

  g_object_set (f.h->element, "interval", (guint64) GST_SECOND, NULL);
  drm_test_stream_set_caps (f.h, &st, FALSE);
  drm_test_stream_push (f.h, &st, 0, st.frames, st.frames, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, n_interim + 1);
  for (guint i = 0; i < n_interim; i += 37) {
    const GstStructure *s = g_ptr_array_index (all, i);

    fail_unless_equals_uint64 (drm_test_read (s).frames,
        (guint64) (i + 1) * rate);
    drm_test_stream_assert_report (s, &st, 0, (guint64) (i + 1) * rate);
  }
  drm_test_stream_assert_report (g_ptr_array_index (all, n_interim), &st, 0,
      st.frames);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* One frame per buffer, planar and interleaved in turn: exact. */
GST_START_TEST (test_one_frame_buffers)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S24, 8000, 3, 8000 * 7 + 3, 13);
  GPtrArray *all;

  g_object_set (f.h->element, "interval", (guint64) (2 * GST_SECOND), NULL);
  drm_test_stream_set_caps (f.h, &st, FALSE);
  drm_test_stream_push (f.h, &st, 0, st.frames / 2, 1, FALSE);
  drm_test_stream_set_caps (f.h, &st, TRUE);
  drm_test_stream_push (f.h, &st, st.frames / 2, st.frames, 1, TRUE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 4);
  for (guint i = 0; i < 3; i++) {
    drm_test_stream_assert_report (g_ptr_array_index (all, i), &st, 0,
        (i + 1) * 16000);
  }
  drm_test_stream_assert_report (g_ptr_array_index (all, 3), &st, 0,
      st.frames);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* Empty buffers and a trailing partial frame change nothing. */
GST_START_TEST (test_empty_and_partial_buffers)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_F64, 44100, 2, 44100 * 4, 14);

  drm_test_stream_set_caps (f.h, &st, FALSE);
  for (guint64 pos = 0; pos < st.frames; pos += 4410) {
    GstBuffer *buf = drm_test_stream_buffer (&st, pos, 4410, FALSE);
    GstBuffer *empty = gst_buffer_new ();
    guint8 *tail = g_malloc0 (drm_test_stream_frame_bytes (&st) - 1);

    fail_unless_equals_int (gst_harness_push (f.h, empty), GST_FLOW_OK);
    /* A partial frame after the whole ones: ignored. */
    buf = gst_buffer_append (buf, gst_buffer_new_wrapped (tail,
            drm_test_stream_frame_bytes (&st) - 1));
    fail_unless_equals_int (gst_harness_push (f.h, buf), GST_FLOW_OK);
  }
  gst_harness_push_event (f.h, gst_event_new_eos ());
  assert_one_final (f.bus, &st);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* 64 channels, planar and interleaved; 768 kHz; both at once. */
static void
check_shape (DrmFormat format, guint rate, guint channels, guint64 frames,
    gsize bufsize, gboolean planar)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st =
      drm_test_stream_make (format, rate, channels, frames, rate + channels);
  GPtrArray *all;

  g_object_set (f.h->element, "interval", (guint64) GST_SECOND, NULL);
  drm_test_stream_set_caps (f.h, &st, planar);
  drm_test_stream_push (f.h, &st, 0, st.frames, bufsize, planar);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  /* An interim report at every whole second (the last frame's too), then
   * the final one. */
  fail_unless_equals_int (all->len, frames / rate + 1);
  drm_test_stream_assert_report (g_ptr_array_index (all, all->len - 1), &st, 0,
      st.frames);
  fail_unless_equals_int (drm_test_read (g_ptr_array_index (all,
              all->len - 1)).channels, channels);
  if (all->len > 1) {
    drm_test_stream_assert_report (g_ptr_array_index (all, 0), &st, 0, rate);
  }
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_START_TEST (test_64_channels)
{
  check_shape (DRM_FORMAT_S16, 8000, 64, 8000 * 7 + 1, 1000, FALSE);
  check_shape (DRM_FORMAT_F32, 8000, 64, 8000 * 4, 777, TRUE);
}

GST_END_TEST;

GST_START_TEST (test_768_khz)
{
  check_shape (DRM_FORMAT_S32, 768000, 2, 768000 * 4 + 5, 76800, FALSE);
  check_shape (DRM_FORMAT_F32, 768000, 64, 768000 / 8, 7680, TRUE);
}

GST_END_TEST;

/* The extremes of the caps' rate range. */
GST_START_TEST (test_extreme_rates)
{
  check_shape (DRM_FORMAT_S16, 1, 2, 20, 3, FALSE);
  check_shape (DRM_FORMAT_U8, G_MAXINT, 1, 4096, 1000, FALSE);
}

GST_END_TEST;

/* Intervals at the edges of their range: a nanosecond (which counts as
 * the lower bound, 10 ms: a report every 80 frames at 8 kHz), and values
 * so large that k x interval overflows. */
GST_START_TEST (test_extreme_intervals)
{
  const guint64 intervals[] = { 1, G_MAXUINT64, G_MAXUINT64 / 2 + 1,
    G_MAXUINT64 / 8000, GST_SECOND / 8000 - 1
  };
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, 8000, 1, 2000, 15);

  for (guint k = 0; k < G_N_ELEMENTS (intervals); k++) {
    DrmTestHarness f = drm_test_harness_setup ();
    GPtrArray *all;
    guint expect = intervals[k] < GST_SECOND / 8000 ? 2000 / 80 : 0;

    g_object_set (f.h->element, "interval", intervals[k], NULL);
    drm_test_stream_set_caps (f.h, &st, FALSE);
    drm_test_stream_push (f.h, &st, 0, st.frames, 333, FALSE);
    gst_harness_push_event (f.h, gst_event_new_eos ());
    all = drm_test_pop_all_reports (f.bus);
    /* An interim report every 10 ms (the last one's frame has a final
     * one too), or none. */
    fail_unless_equals_int (all->len, expect + 1);
    if (expect) {
      drm_test_stream_assert_report (g_ptr_array_index (all, 0), &st, 0, 80);
    }
    drm_test_stream_assert_report (g_ptr_array_index (all, all->len - 1), &st,
        0, st.frames);
    g_ptr_array_unref (all);
    drm_test_harness_teardown (&f);
  }
  g_free (st.data);
}

GST_END_TEST;

/* Float samples that are not numbers, infinite, denormal or far above full
 * scale: measured as the engine measures them, no NaN in any message. */
GST_START_TEST (test_hostile_float_samples)
{
  DrmTestHarness f = drm_test_harness_setup ();
  const guint rate = 8000, frames = rate * 4;
  gfloat *x = g_new (gfloat, frames * 2);
  DrmTrackResult want;
  GstStructure *s;
  const gfloat special[] = { NAN, INFINITY, -INFINITY, 1e-40f, -1e-45f,
    3.0e38f, 1e20f, -0.0f, 0.5f
  };

  for (guint i = 0; i < frames * 2; i++)
    x[i] = (i % 3) ? special[i % G_N_ELEMENTS (special)] : 0.25f;
  gst_harness_set_src_caps (f.h, drm_test_caps (DRM_FORMAT_F32, rate, 2,
          FALSE));
  for (guint pos = 0; pos < frames; pos += 1000) {
    GstBuffer *buf = drm_test_buffer ((const guint8 *) x, 4, 2, rate, pos,
        1000, FALSE, DRM_FORMAT_F32);

    fail_unless_equals_int (gst_harness_push (f.h, buf), GST_FLOW_OK);
  }
  gst_harness_push_event (f.h, gst_event_new_eos ());
  drm_test_engine_result (DRM_FORMAT_F32, rate, 2, x, frames, FALSE, &want);
  s = drm_test_pop_report (f.bus, 0);
  fail_unless (s != NULL);
  drm_test_assert_report_equals (s, &want);
  fail_unless (drm_test_read (s).invalid_samples > 0);
  for (gint i = 0; i < gst_structure_n_fields (s); i++) {
    const GValue *v = gst_structure_get_value (s,
        gst_structure_nth_field_name (s, i));

    if (G_VALUE_HOLDS_DOUBLE (v))
      fail_if (isnan (g_value_get_double (v)), "%s is NaN",
          gst_structure_nth_field_name (s, i));
  }
  for (guint c = 0; c < 2; c++) {
    fail_if (isnan (drm_test_read (s).channel[c].dr));
    fail_if (isnan (drm_test_read (s).channel[c].peak));
    fail_if (isnan (drm_test_read (s).channel[c].rms));
  }
  gst_structure_free (s);
  drm_test_harness_teardown (&f);
  g_free (x);
}

GST_END_TEST;

/* ---- other threads ---- */

typedef struct
{
  GstElement *element;
  volatile gint stop;
  volatile gint count;
} Meddler;

static gpointer
property_thread (gpointer data)
{
  Meddler *m = data;
  GRand *r = g_rand_new_with_seed (42);

  while (!g_atomic_int_get (&m->stop)) {
    switch (g_rand_int_range (r, 0, 5)) {
      case 0:
        g_object_set (m->element, "interval",
            (guint64) g_rand_int_range (r, 0, 3) * 100 * GST_MSECOND, NULL);
        break;
      case 1:
        g_object_set (m->element, "post-messages", g_rand_boolean (r), NULL);
        break;
      case 2:
        g_object_set (m->element, "multichannel-weighting",
            g_rand_boolean (r), NULL);
        break;
      case 3:
        g_object_set (m->element, "album-length-weighting",
            g_rand_boolean (r), NULL);
        break;
      default:
        g_signal_emit_by_name (m->element, "reset");
        break;
    }
    g_atomic_int_inc (&m->count);
    g_usleep (20);
  }
  g_rand_free (r);
  return NULL;
}

/* Properties and the reset signal from another thread while it streams:
 * no crash, every message well formed; once the meddling stops, a reset
 * and a whole stream give the exact result, as track 1 of a new album. */
GST_START_TEST (test_property_changes_from_thread)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_S16, 16000, 6, 16000 * 5, 16);
  Meddler m = { f.h->element, 0, 0 };
  GThread *t;
  GPtrArray *all;

  drm_test_stream_set_caps (f.h, &st, FALSE);
  t = g_thread_new ("meddler", property_thread, &m);
  for (int round = 0; round < 6 || g_atomic_int_get (&m.count) < 100;
      round++) {
    drm_test_stream_push (f.h, &st, 0, st.frames, 160, round % 2);
    if (round % 3 == 2)
      gst_harness_push_event (f.h, gst_event_new_stream_start ("next"));
  }
  g_atomic_int_set (&m.stop, 1);
  g_thread_join (t);
  fail_unless (m.count > 0);
  all = drm_test_pop_all_reports (f.bus);
  for (guint i = 0; i < all->len; i++) {
    const GstStructure *s = g_ptr_array_index (all, i);

    fail_unless (drm_test_read (s).frames > 0);
    fail_unless_equals_int (drm_test_read (s).channels, 6);
  }
  g_ptr_array_unref (all);

  g_object_set (f.h->element, "interval", (guint64) 0, "post-messages", TRUE,
      "multichannel-weighting", FALSE, "album-length-weighting", FALSE, NULL);
  g_signal_emit_by_name (f.h->element, "reset");
  drm_test_stream_push (f.h, &st, 0, st.frames, 1600, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 1);
  drm_test_stream_assert_report (g_ptr_array_index (all, 0), &st, 0,
      st.frames);
  fail_unless_equals_int (drm_test_read (g_ptr_array_index (all, 0)).track, 1);
  fail_unless_equals_int (drm_test_read (g_ptr_array_index (all,
              0)).album_tracks, 1);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* GStreamer core's own warnings about event order on pads that another
 * thread deactivates and activates under the streaming thread's feet: the
 * test's doing, not the element's. Anything else fails the test. */
static const gchar *const expected_warnings[] = {
  "Sticky event misordering",
  "Got data flow before",
};

static guint ignored_warnings;

static void
filter_log (const gchar * domain, GLogLevelFlags level, const gchar * msg,
    gpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected_warnings); i++)
    if (!(level & G_LOG_LEVEL_CRITICAL) && strstr (msg, expected_warnings[i])) {
      g_atomic_int_inc (&ignored_warnings);
      return;
    }
  fail ("unexpected %s: %s", domain, msg);
}

static gpointer
state_thread (gpointer data)
{
  Meddler *m = data;
  const GstState states[] = { GST_STATE_READY, GST_STATE_PAUSED,
    GST_STATE_PLAYING, GST_STATE_NULL, GST_STATE_PLAYING
  };

  while (!g_atomic_int_get (&m->stop)) {
    gst_element_set_state (m->element,
        states[g_atomic_int_get (&m->count) % 5]);
    g_atomic_int_inc (&m->count);
    g_usleep (200);
  }
  gst_element_set_state (m->element, GST_STATE_PLAYING);
  return NULL;
}

/* State changes from another thread while it streams: each push is OK,
 * FLUSHING (pads inactive), NOT_NEGOTIATED (caps lost with the stop) or an
 * ERROR of GStreamer core's event order checks, and the element posts no
 * error; nothing crashes; stopping drops the unfinished track without a message.
 * Back in PLAYING with caps again, a whole stream is measured exactly. */
GST_START_TEST (test_state_changes_from_thread)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st =
      drm_test_stream_make (DRM_FORMAT_F32, 16000, 2, 16000 * 4, 17);
  Meddler m = { f.h->element, 0, 0 };
  GThread *t;
  GPtrArray *all;
  GstCaps *caps = drm_test_caps (st.format, st.rate, st.channels, FALSE);
  GstSegment segment;

  guint handler;

  gst_segment_init (&segment, GST_FORMAT_TIME);
  drm_test_stream_set_caps (f.h, &st, FALSE);
  handler = g_log_set_handler ("GStreamer", G_LOG_LEVEL_WARNING |
      G_LOG_LEVEL_CRITICAL, filter_log, NULL);
  t = g_thread_new ("states", state_thread, &m);
  for (int i = 0; i < 4000 || g_atomic_int_get (&m.count) < 100; i++) {
    GstFlowReturn ret = gst_harness_push (f.h, drm_test_stream_buffer (&st,
            (guint64) (i * 160) % (st.frames - 160), 160, FALSE));

    /* GST_FLOW_ERROR can only come from GStreamer core's pad checks (a
     * buffer racing the re-sent events: "data flow before segment"), never
     * from the element: it must not post an error. */
    if (ret == GST_FLOW_ERROR) {
      GstMessage *msg = gst_bus_pop_filtered (f.bus, GST_MESSAGE_ERROR);
      GError *err = NULL;
      gchar *dbg = NULL;

      if (msg) {
        gst_message_parse_error (msg, &err, &dbg);
        fail ("the element posted an error: %s (%s)", err->message,
            dbg ? dbg : "");
      }
    }
    fail_unless (ret == GST_FLOW_OK || ret == GST_FLOW_FLUSHING
        || ret == GST_FLOW_NOT_NEGOTIATED || ret == GST_FLOW_ERROR,
        "push returned %s", gst_flow_get_name (ret));
    if (ret != GST_FLOW_OK) {
      /* Caps again, as a source does after a renegotiation request. */
      gst_pad_send_event (f.h->element->sinkpads->data,
          gst_event_new_stream_start ("again"));
      gst_pad_send_event (f.h->element->sinkpads->data,
          gst_event_new_caps (caps));
      gst_pad_send_event (f.h->element->sinkpads->data,
          gst_event_new_segment (&segment));
    }
  }
  g_atomic_int_set (&m.stop, 1);
  g_thread_join (t);
  fail_unless (m.count > 0);
  all = drm_test_pop_all_reports (f.bus);
  g_ptr_array_unref (all);

  /* A clean restart: a stop drops the unfinished track without a message. */
  fail_unless_equals_int (gst_element_set_state (f.h->element,
          GST_STATE_NULL), GST_STATE_CHANGE_SUCCESS);
  fail_unless_equals_int (gst_element_set_state (f.h->element,
          GST_STATE_PLAYING), GST_STATE_CHANGE_SUCCESS);
  gst_pad_send_event (f.h->element->sinkpads->data,
      gst_event_new_stream_start ("final"));
  gst_pad_send_event (f.h->element->sinkpads->data,
      gst_event_new_caps (caps));
  fail_unless (gst_pad_send_event (f.h->element->sinkpads->data,
          gst_event_new_segment (&segment)));
  g_log_remove_handler ("GStreamer", handler);
  GST_INFO ("%u state changes, %u core warnings about event order",
      m.count, ignored_warnings);
  fail_unless (drm_test_pop_report (f.bus, 0) == NULL);
  drm_test_stream_push (f.h, &st, 0, st.frames, 1600, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  assert_one_final (f.bus, &st);
  gst_caps_unref (caps);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

static Suite *
hostile_suite (void)
{
  Suite *s = suite_create ("drmeter-hostile");
  TCase *tc = tcase_create ("hostile");

  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_buffers_before_caps);
  tcase_add_test (tc, test_caps_changes_midstream);
  tcase_add_test (tc, test_refused_caps_keep_track);
  tcase_add_test (tc, test_eos_twice);
  tcase_add_test (tc, test_flush_storm);
  tcase_add_test (tc, test_flush_storm_from_thread);
  tcase_add_test (tc, test_gaps_and_discontinuities);
  tcase_add_test (tc, test_timestamps_near_the_end_of_time);
  tcase_add_test (tc, test_huge_buffer);
  tcase_add_test (tc, test_one_frame_buffers);
  tcase_add_test (tc, test_empty_and_partial_buffers);
  tcase_add_test (tc, test_64_channels);
  tcase_add_test (tc, test_768_khz);
  tcase_add_test (tc, test_extreme_rates);
  tcase_add_test (tc, test_extreme_intervals);
  tcase_add_test (tc, test_hostile_float_samples);
  tcase_add_test (tc, test_property_changes_from_thread);
  tcase_add_test (tc, test_state_changes_from_thread);
  return s;
}

GST_CHECK_MAIN (hostile);
