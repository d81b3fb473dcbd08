/* gst-drmeter element tests: ending tracks at given frames with the
 * "drmeter-split" event (docs/element.md).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <string.h>
#include "drm-test-stream.h"

#define RATE 44100

/* Track ends inside buffers, on buffer edges and one frame from them. */
static const guint64 cuts[] = { 1, 44100, 44101, 130000, 130588, 200000 };

#define N_CUTS G_N_ELEMENTS (cuts)
#define STREAM_FRAMES 300007

static GstEvent *
split_event (const guint64 * frames, guint n, gboolean discard_first)
{
  GstStructure *s = gst_structure_new_empty ("drmeter-split");
  GValue array = G_VALUE_INIT, v = G_VALUE_INIT;

  gst_value_array_init (&array, n);
  g_value_init (&v, G_TYPE_UINT64);
  for (guint i = 0; i < n; i++) {
    g_value_set_uint64 (&v, frames[i]);
    gst_value_array_append_value (&array, &v);
  }
  g_value_unset (&v);
  gst_structure_take_value (s, "frames", &array);
  if (discard_first)
    gst_structure_set (s, "discard-first", G_TYPE_BOOLEAN, TRUE, NULL);
  return gst_event_new_custom (GST_EVENT_CUSTOM_DOWNSTREAM, s);
}

static void
push_stream_start (GstHarness * h, const gchar * id)
{
  fail_unless (gst_harness_push_event (h, gst_event_new_stream_start (id)));
}

/* The final reports of the frames [bounds[k], bounds[k+1]) pushed as
 * separate streams one after another into one element (gapless playback):
 * what the split must give. */
static GPtrArray *
separate_streams (const DrmTestStream * st, const guint64 * bounds, guint n,
    gboolean planar)
{
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;

  drm_test_stream_set_caps (f.h, st, planar);
  for (guint k = 0; k + 1 < n; k++) {
    gchar *id = g_strdup_printf ("part-%u", k);

    push_stream_start (f.h, id);
    g_free (id);
    drm_test_stream_push (f.h, st, bounds[k], bounds[k + 1], 4096, planar);
  }
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  drm_test_harness_teardown (&f);
  return all;
}

/* Asserts that two reports are equal but for their stream id. */
static void
assert_same_report (GstStructure * a, GstStructure * b, guint k)
{
  gst_structure_remove_field (a, GST_DRMETER_FIELD_STREAM_ID);
  gst_structure_remove_field (b, GST_DRMETER_FIELD_STREAM_ID);
  if (!gst_structure_is_equal (a, b)) {
    gchar *sa = gst_structure_to_string (a), *sb = gst_structure_to_string (b);

    fail ("track %u differs:\n%s\n%s", k + 1, sa, sb);
  }
}

static const gsize bufsizes[] = { 1, 588, 4096, 44100, 65536, STREAM_FRAMES };

/* One stream split into tracks gives, for every buffer size and layout,
 * the very reports of the same frames played as separate streams: the
 * same DR bits, peaks, RMS, frames, timestamps and album values. */
GST_START_TEST (test_split_equals_separate_streams)
{
  gsize bufsize = bufsizes[__i__ % G_N_ELEMENTS (bufsizes)];
  gboolean planar = __i__ >= (gint) G_N_ELEMENTS (bufsizes);
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, RATE, 2,
      STREAM_FRAMES, 11);
  guint64 bounds[N_CUTS + 2];
  GPtrArray *want, *got;
  DrmTestHarness f;

  /* bufsize 1 pushes 300007 buffers: keep that one short */
  if (bufsize == 1)
    st.frames = 130600;
  bounds[0] = 0;
  memcpy (bounds + 1, cuts, sizeof cuts);
  bounds[N_CUTS + 1] = st.frames;
  {
    guint n = 1;

    while (n < N_CUTS + 1 && bounds[n] < st.frames)
      n++;
    bounds[n] = st.frames;
    want = separate_streams (&st, bounds, n + 1, planar);
    fail_unless_equals_int (want->len, n);
  }

  f = drm_test_harness_setup ();
  drm_test_stream_set_caps (f.h, &st, planar);
  push_stream_start (f.h, "image");
  fail_unless (gst_harness_push_event (f.h, split_event (cuts, N_CUTS,
              FALSE)));
  drm_test_stream_push (f.h, &st, 0, st.frames, bufsize, planar);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  got = drm_test_pop_all_reports (f.bus);

  fail_unless_equals_int (got->len, want->len);
  for (guint k = 0; k < got->len; k++)
    assert_same_report (g_ptr_array_index (got, k),
        g_ptr_array_index (want, k), k);
  /* and each is the engine's result on its frames */
  for (guint k = 0; k < got->len; k++)
    drm_test_stream_assert_report (g_ptr_array_index (got, k), &st,
        bounds[k], bounds[k + 1]);
  /* every buffer left untouched, in order */
  fail_unless_equals_int (gst_harness_buffers_received (f.h),
      (st.frames + bufsize - 1) / bufsize);

  g_ptr_array_unref (got);
  g_ptr_array_unref (want);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* Several events add up; positions may come in any order and twice; the
 * event may come in the middle of the stream, for a position ahead. */
GST_START_TEST (test_split_events_merge)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_F32, 48000, 1,
      200000, 5);
  const guint64 late[] = { 150000, 90000 }, early[] = { 60000, 90000 };
  const guint64 bounds[] = { 0, 60000, 90000, 150000, 200000 };
  GPtrArray *got, *want = separate_streams (&st, bounds, 5, FALSE);
  DrmTestHarness f = drm_test_harness_setup ();

  drm_test_stream_set_caps (f.h, &st, FALSE);
  push_stream_start (f.h, "s");
  fail_unless (gst_harness_push_event (f.h, split_event (late, 2, FALSE)));
  drm_test_stream_push (f.h, &st, 0, 50000, 7000, FALSE);
  fail_unless (gst_harness_push_event (f.h, split_event (early, 2, FALSE)));
  drm_test_stream_push (f.h, &st, 50000, st.frames, 7000, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  got = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (got->len, 4);
  for (guint k = 0; k < got->len; k++)
    assert_same_report (g_ptr_array_index (got, k),
        g_ptr_array_index (want, k), k);
  fail_unless_equals_int (drm_test_read (g_ptr_array_index (got,
              3)).album_tracks, 4);
  g_ptr_array_unref (got);
  g_ptr_array_unref (want);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* Counts the "drmeter-window" messages on @bus and returns the "drmeter"
 * reports, in order. */
static GPtrArray *
pop_reports_counting_windows (GstBus * bus, guint * windows)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  GstMessage *msg;

  *windows = 0;
  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    const GstStructure *s = gst_message_get_structure (msg);

    if (gst_structure_has_name (s, GST_DRMETER_WINDOW_MESSAGE_NAME))
      (*windows)++;
    else if (gst_structure_has_name (s, GST_DRMETER_MESSAGE_NAME))
      g_ptr_array_add (all, gst_structure_copy (s));
    gst_message_unref (msg);
  }
  return all;
}

/* discard-first: audio before the first position belongs to no track (a
 * CUE sheet's hidden track): not measured, no window of it posted, no
 * report; the first track starts at the position, timestamps and all. */
GST_START_TEST (test_split_discard_first)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S24, RATE, 2,
      400000, 9);
  const guint64 at[] = { 150001, 300000 };
  const guint64 bounds[] = { 150001, 300000, 400000 };
  GPtrArray *got, *want = separate_streams (&st, bounds, 3, FALSE);
  DrmTestHarness f = drm_test_harness_setup ();
  guint windows, want_windows;

  g_object_set (f.h->element, "post-windows", TRUE, NULL);
  drm_test_stream_set_caps (f.h, &st, FALSE);
  push_stream_start (f.h, "s");
  /* a few frames already measured are dropped as well */
  drm_test_stream_push (f.h, &st, 0, 1000, 1000, FALSE);
  fail_unless (gst_harness_push_event (f.h, split_event (at, 2, TRUE)));
  drm_test_stream_push (f.h, &st, 1000, st.frames, 10000, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  got = pop_reports_counting_windows (f.bus, &windows);

  fail_unless_equals_int (got->len, 2);
  want_windows = 0;
  for (guint k = 0; k < got->len; k++) {
    GstStructure *s = g_ptr_array_index (got, k);

    want_windows += drm_test_read (s).windows;
    /* separate_streams() runs without post-windows */
    gst_structure_remove_fields (s, GST_DRMETER_FIELD_CHANNEL_LOUD_BIN,
        GST_DRMETER_FIELD_CHANNEL_LOUD_WINDOWS,
        GST_DRMETER_FIELD_CHANNEL_PRIMARY_PEAK,
        GST_DRMETER_FIELD_CHANNEL_SELECTED_PEAK, NULL);
    assert_same_report (s, g_ptr_array_index (want, k), k);
  }
  fail_unless_equals_int (windows, want_windows);
  /* the first track's timeline starts at frame 150001 */
  fail_unless_equals_uint64 (drm_test_read (g_ptr_array_index (got,
              0)).timestamp, gst_util_uint64_scale (150001, GST_SECOND, RATE)
      + gst_util_uint64_scale (300000 - 150001, GST_SECOND, RATE));
  g_ptr_array_unref (got);
  g_ptr_array_unref (want);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

static guint
count_warnings (GstBus * bus)
{
  GstMessage *msg;
  guint n = 0;

  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING))) {
    n++;
    gst_message_unref (msg);
  }
  return n;
}

/* A harness that measures @st (interleaved), a stream begun. */
static DrmTestHarness
harness_for (const DrmTestStream * st, const gchar * stream_id)
{
  DrmTestHarness f = drm_test_harness_setup ();

  drm_test_stream_set_caps (f.h, st, FALSE);
  push_stream_start (f.h, stream_id);
  return f;
}

/* The end of a test on harness_for(): the element posted no warning the
 * test did not count; @got, the harness and the samples are freed. */
static void
harness_done (DrmTestHarness * f, DrmTestStream * st, GPtrArray * got)
{
  fail_unless_equals_int (count_warnings (f->bus), 0);
  g_ptr_array_unref (got);
  drm_test_harness_teardown (f);
  g_free (st->data);
}

/* A position the stream has passed, or a malformed event, posts a warning
 * and changes nothing: the track is not ended at some other frame. A
 * position at the current frame ends the track there. */
GST_START_TEST (test_split_bad_positions)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, RATE, 2,
      100000, 3);
  const guint64 passed[] = { 10 }, here[] = { 50000 };
  GPtrArray *got;
  DrmTestHarness f = harness_for (&st, "s");

  drm_test_stream_push (f.h, &st, 0, 50000, 5000, FALSE);
  fail_unless (gst_harness_push_event (f.h, split_event (passed, 1, FALSE)));
  fail_unless_equals_int (count_warnings (f.bus), 1);
  fail_unless (gst_harness_push_event (f.h,
          gst_event_new_custom (GST_EVENT_CUSTOM_DOWNSTREAM,
              gst_structure_new ("drmeter-split", "frames", G_TYPE_STRING,
                  "soon", NULL))));
  fail_unless (gst_harness_push_event (f.h,
          gst_event_new_custom (GST_EVENT_CUSTOM_DOWNSTREAM,
              gst_structure_new_empty ("drmeter-split"))));
  fail_unless_equals_int (count_warnings (f.bus), 2);
  got = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (got->len, 0);
  g_ptr_array_unref (got);

  fail_unless (gst_harness_push_event (f.h, split_event (here, 1, FALSE)));
  got = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (got->len, 1);
  drm_test_stream_assert_report (g_ptr_array_index (got, 0), &st, 0, 50000);
  g_ptr_array_unref (got);

  drm_test_stream_push (f.h, &st, 50000, st.frames, 5000, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  got = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (got->len, 1);
  drm_test_stream_assert_report (g_ptr_array_index (got, 0), &st, 50000,
      st.frames);
  harness_done (&f, &st, got);
}

GST_END_TEST;

/* Positions past the end: the last track ends at EOS as usual, and the
 * next stream starts with no position pending and counts from 0. */
GST_START_TEST (test_split_past_end_and_new_stream)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, RATE, 2,
      100000, 4);
  const guint64 at[] = { 40000, 250000 }, again[] = { 30000 };
  GPtrArray *got;
  DrmTestHarness f = harness_for (&st, "one");

  fail_unless (gst_harness_push_event (f.h, split_event (at, 2, FALSE)));
  drm_test_stream_push (f.h, &st, 0, st.frames, 4410, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  got = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (got->len, 2);
  drm_test_stream_assert_report (g_ptr_array_index (got, 1), &st, 40000,
      st.frames);
  g_ptr_array_unref (got);

  /* a new stream: positions count from its first frame */
  push_stream_start (f.h, "two");
  fail_unless (gst_harness_push_event (f.h, split_event (again, 1, FALSE)));
  drm_test_stream_push_at (f.h, &st, 0, st.frames, 4410, 0, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  got = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (got->len, 2);
  drm_test_stream_assert_report (g_ptr_array_index (got, 0), &st, 0, 30000);
  drm_test_stream_assert_report (g_ptr_array_index (got, 1), &st, 30000,
      st.frames);
  fail_unless_equals_int (drm_test_read (g_ptr_array_index (got,
              1)).album_tracks, 4);
  harness_done (&f, &st, got);
}

GST_END_TEST;

/* A flush forgets positions not reached; after it positions count from the
 * next buffer's timestamp (a seek to frame 60000: a cut at 80000 ends the
 * track after 20000 frames). */
GST_START_TEST (test_split_after_flush)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, RATE, 2,
      120000, 6);
  const guint64 before[] = { 50000 }, after[] = { 80000 };
  GPtrArray *got;
  DrmTestHarness f = harness_for (&st, "s");

  fail_unless (gst_harness_push_event (f.h, split_event (before, 1, FALSE)));
  drm_test_stream_push (f.h, &st, 0, 30000, 3000, FALSE);
  fail_unless (gst_harness_push_event (f.h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (f.h, gst_event_new_flush_stop (TRUE)));
  {
    GstSegment seg;

    gst_segment_init (&seg, GST_FORMAT_TIME);
    seg.start = seg.time = gst_util_uint64_scale (60000, GST_SECOND, RATE);
    fail_unless (gst_harness_push_event (f.h, gst_event_new_segment (&seg)));
  }
  fail_unless (gst_harness_push_event (f.h, split_event (after, 1, FALSE)));
  drm_test_stream_push (f.h, &st, 60000, st.frames, 3000, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  got = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (got->len, 2);
  drm_test_stream_assert_report (g_ptr_array_index (got, 0), &st, 60000,
      80000);
  drm_test_stream_assert_report (g_ptr_array_index (got, 1), &st, 80000,
      st.frames);
  harness_done (&f, &st, got);
}

GST_END_TEST;

/* Interim reports count from each track's start, as with separate
 * streams. */
GST_START_TEST (test_split_with_interval)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, RATE, 2,
      3 * RATE, 8);
  const guint64 at[] = { RATE + 1234 };
  GPtrArray *got;
  DrmTestHarness f = harness_for (&st, "s");
  guint finals = 0;

  g_object_set (f.h->element, "interval", (guint64) (250 * GST_MSECOND),
      NULL);
  fail_unless (gst_harness_push_event (f.h, split_event (at, 1, FALSE)));
  drm_test_stream_push (f.h, &st, 0, st.frames, 10000, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  got = drm_test_pop_all_reports (f.bus);
  for (guint k = 0; k < got->len; k++) {
    const GstStructure *s = g_ptr_array_index (got, k);
    guint64 frames = drm_test_read (s).frames;

    if (drm_test_read (s).final) {
      finals++;
      continue;
    }
    /* interim: at a multiple of 250 ms from its track's start */
    fail_unless_equals_uint64 (frames % (RATE / 4), 0);
    if (finals == 1)
      drm_test_stream_assert_report (s, &st, at[0], at[0] + frames);
  }
  fail_unless_equals_int (finals, 2);
  /* 4 in the first track (0.25 .. 1.0 s), 7 in the second (1.97 s) */
  fail_unless_equals_int (got->len, 2 + 4 + 7);
  harness_done (&f, &st, got);
}

GST_END_TEST;

/* The structure parses from a string, as an application in Python writes
 * it (Gst.Structure.from_string). */
GST_START_TEST (test_split_from_string)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, RATE, 1,
      10000, 2);
  GstStructure *s = gst_structure_from_string
      ("drmeter-split, frames=(guint64)< 2000, 7000 >", NULL);
  GPtrArray *got;
  DrmTestHarness f;

  fail_unless (s != NULL);
  f = harness_for (&st, "s");
  fail_unless (gst_harness_push_event (f.h,
          gst_event_new_custom (GST_EVENT_CUSTOM_DOWNSTREAM, s)));
  drm_test_stream_push (f.h, &st, 0, st.frames, 3000, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  got = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (got->len, 3);
  drm_test_stream_assert_report (g_ptr_array_index (got, 1), &st, 2000,
      7000);
  harness_done (&f, &st, got);
}

GST_END_TEST;

static Suite *
split_suite (void)
{
  Suite *s = suite_create ("drmeter-split");
  TCase *tc = tcase_create ("split");

  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_split_equals_separate_streams, 0,
      2 * G_N_ELEMENTS (bufsizes));
  tcase_add_test (tc, test_split_events_merge);
  tcase_add_test (tc, test_split_discard_first);
  tcase_add_test (tc, test_split_bad_positions);
  tcase_add_test (tc, test_split_past_end_and_new_stream);
  tcase_add_test (tc, test_split_after_flush);
  tcase_add_test (tc, test_split_with_interval);
  tcase_add_test (tc, test_split_from_string);
  return s;
}

GST_CHECK_MAIN (split);
