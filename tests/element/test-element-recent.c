/* gst-drmeter element tests: the recent property, the DR of the last N
 * complete windows in every report.
 *
 * The contract: each report's recent-* fields are, bit for bit, what the
 * element reports for a track made of exactly the frames of those windows,
 * whatever the buffer sizes and layout.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <math.h>
#include <string.h>
#include "drm-test-stream.h"
#include "drmeter-schema.h"

#define RATE 8000
#define W 24032                 /* floor (8000 * 3.0040816326530613) */

/* @s read through the schema reader; it must carry the recent fields. */
static GstDrMeterParsedReport
parse (const GstStructure * s)
{
  GstDrMeterParsedReport r;

  drm_test_parse_report (s, &r);
  fail_unless (r.has_recent, "no recent fields: %" GST_PTR_FORMAT, s);
  return r;
}

/* The engine's result for frames [from, last) of @st as one track. */
static void
engine_span (const DrmTestStream * st, guint64 from, guint64 last,
    unsigned flags, gboolean weighting, DrmTrackResult * r)
{
  int err = 0;
  DrmMeter *m = drm_meter_new (st->rate, st->channels, flags, &err);

  fail_unless (m != NULL);
  drm_meter_set_channel_weighting (m, weighting);
  fail_unless_equals_int (drm_meter_add_interleaved (m, st->format,
          st->data + from * drm_test_stream_frame_bytes (st), last - from),
      DRM_OK);
  drm_meter_finish (m, r);
  drm_meter_free (m);
}

/* Asserts that the recent-* fields of @s say exactly @r. */
static void
assert_recent_is (const GstStructure * s, const DrmTrackResult * r)
{
  GstDrMeterParsedReport got = parse (s);

  fail_unless_equals_int (got.recent_dr, r->dr_displayed);
  fail_unless (drm_test_bits (got.recent_dr_value) ==
      drm_test_bits ((double) r->dr), "recent-dr-value %.17g, want %.17g",
      got.recent_dr_value, (double) r->dr);
  fail_unless (drm_test_bits (got.recent_peak) ==
      drm_test_bits ((double) r->peak_db));
  fail_unless (drm_test_bits (got.recent_rms) ==
      drm_test_bits ((double) r->rms_db));
  fail_unless_equals_uint64 (got.recent_windows, r->windows);
  fail_unless_equals_int (got.channels, r->channels);
  for (guint c = 0; c < r->channels; c++)
    fail_unless (drm_test_bits (got.channel[c].recent_dr) ==
        drm_test_bits ((double) r->channel[c].dr), "recent channel %u", c);
}

/* Asserts that the recent-* fields of @s equal the track fields of @track,
 * the final report of a track made of the same frames. */
static void
assert_recent_is_report (const GstStructure * s, const GstStructure * track)
{
  GstDrMeterParsedReport got = parse (s), want;

  drm_test_parse_report (track, &want);
  fail_unless_equals_int (got.recent_dr, want.dr);
  fail_unless (drm_test_bits (got.recent_dr_value) ==
      drm_test_bits (want.dr_value));
  fail_unless (drm_test_bits (got.recent_peak) == drm_test_bits (want.peak));
  fail_unless (drm_test_bits (got.recent_rms) == drm_test_bits (want.rms));
  fail_unless_equals_uint64 (got.recent_windows, want.windows);
  fail_unless_equals_int (got.channels, want.channels);
  for (guint c = 0; c < (guint) want.channels; c++)
    fail_unless (drm_test_bits (got.channel[c].recent_dr) ==
        drm_test_bits (want.channel[c].dr));
}

/* The final report of frames [from, last) of @st pushed through a drmeter
 * of their own. */
static GstStructure *
element_track (const DrmTestStream * st, guint64 from, guint64 last,
    gboolean reference_order, gsize bufsize)
{
  DrmTestHarness f = drm_test_harness_setup ();
  GstStructure *s;

  g_object_set (f.h->element, "reference-order", reference_order, NULL);
  drm_test_stream_set_caps (f.h, st, FALSE);
  drm_test_stream_push (f.h, st, from, last, bufsize, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  s = drm_test_pop_report (f.bus, 0);
  fail_unless (s != NULL);
  fail_unless (drm_test_read (s).final);
  drm_test_harness_teardown (&f);
  return s;
}

/* The frames a report at @frames must cover with @n recent windows. */
static void
recent_span (guint64 frames, guint n, guint64 * from, guint64 * last)
{
  guint64 complete = frames / W;

  *last = complete * W;
  *from = *last - MIN (complete, (guint64) n) * W;
}

static GPtrArray *
run_stream (const DrmTestStream * st, guint recent, gsize bufsize,
    gboolean planar, gboolean reference_order)
{
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;

  g_object_set (f.h->element, "recent", recent, "interval",
      (guint64) GST_SECOND, "reference-order", reference_order, NULL);
  drm_test_stream_set_caps (f.h, st, planar);
  drm_test_stream_push (f.h, st, 0, st->frames, bufsize, planar);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  drm_test_harness_teardown (&f);
  return all;
}

static const gsize buffer_sizes[] = { 480, 1024, 7919, W, 100000 };

static const DrmFormat formats[] = {
  DRM_FORMAT_S16, DRM_FORMAT_F32, DRM_FORMAT_S24
};

GST_START_TEST (test_recent_equals_a_track)
{
  const guint n = 4;
  gsize bufsize = buffer_sizes[__i__ % 5];
  gboolean planar = (__i__ / 5) % 2;
  DrmFormat format = formats[__i__ / 10];
  DrmTestStream st = drm_test_stream_make (format, RATE, 2, 14 * W + 5000,
      40 + __i__);
  GPtrArray *all = run_stream (&st, n, bufsize, planar, FALSE);
  GstStructure *as_track[15] = { NULL, };
  guint finals = 0, changes = 0;
  gdouble last_value = -1;

  /* One report a second and the final one. */
  fail_unless_equals_int (all->len, st.frames / RATE + 1);
  for (guint i = 0; i < all->len; i++) {
    const GstStructure *s = g_ptr_array_index (all, i);
    GstDrMeterParsedReport r = parse (s);
    guint64 complete = r.frames / W, from, last;
    DrmTrackResult want;

    finals += r.final;
    recent_span (r.frames, n, &from, &last);
    engine_span (&st, from, last, 0, FALSE, &want);
    assert_recent_is (s, &want);
    fail_unless_equals_uint64 (r.recent_windows, MIN (complete, n));

    /* The same frames as a track of their own, through the element. */
    if (complete > 0) {
      if (!as_track[complete])
        as_track[complete] = element_track (&st, from, last, FALSE, 3001);
      assert_recent_is_report (s, as_track[complete]);
    }
    if (complete >= n && r.recent_dr_value != last_value) {
      last_value = r.recent_dr_value;
      changes++;
    }
  }
  fail_unless_equals_int (finals, 1);
  /* The signal's level moves from second to second: so does the DR of
   * the last four windows. */
  fail_unless (changes >= 5, "recent DR changed %u times", changes);

  for (guint k = 0; k < G_N_ELEMENTS (as_track); k++)
    if (as_track[k])
      gst_structure_free (as_track[k]);
  g_ptr_array_unref (all);
  g_free (st.data);
}

GST_END_TEST;

/* Off by default: no recent-* field at all. */
GST_START_TEST (test_recent_off)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, RATE, 2, 3 * W,
      7);
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;
  guint recent = 99;

  g_object_get (f.h->element, "recent", &recent, NULL);
  fail_unless_equals_int (recent, 0);
  g_object_set (f.h->element, "interval", (guint64) GST_SECOND, NULL);
  drm_test_stream_set_caps (f.h, &st, FALSE);
  drm_test_stream_push (f.h, &st, 0, st.frames, 4096, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  fail_unless (all->len > 1);
  for (guint i = 0; i < all->len; i++) {
    const GstStructure *s = g_ptr_array_index (all, i);
    guint n, fields = 0;
    const GstDrMeterField *schema = gst_drmeter_schema_fields (&n);

    for (guint k = 0; k < n; k++)
      if (schema[k].presence == GST_DRMETER_WITH_RECENT) {
        fail_if (gst_structure_has_field (s, schema[k].name), "%s",
            schema[k].name);
        fields++;
      }
    fail_unless_equals_int (fields, 6);
  }
  g_object_set (f.h->element, "recent", 100, NULL);
  g_object_get (f.h->element, "recent", &recent, NULL);
  fail_unless_equals_int (recent, 100);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* The start of a track: no complete window yet, then fewer than N; a
 * track shorter than a window has an empty recent set even at its end. */
GST_START_TEST (test_recent_at_the_start)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_F32, RATE, 2, 3 * W,
      8);
  GPtrArray *all = run_stream (&st, 100, 2000, FALSE, FALSE);
  DrmTestStream shortst = drm_test_stream_make (DRM_FORMAT_F32, RATE, 2,
      W - 1, 9);
  GPtrArray *short_all = run_stream (&shortst, 100, 2000, FALSE, FALSE);
  GstDrMeterParsedReport r;

  for (guint i = 0; i < all->len; i++) {
    r = parse (g_ptr_array_index (all, i));
    fail_unless_equals_uint64 (r.recent_windows, r.frames / W);
    if (r.recent_windows == 0) {
      fail_unless_equals_int (r.recent_dr, 0);
      fail_unless (r.recent_dr_value == 0.0);
      fail_unless (r.recent_peak == -INFINITY);
      fail_unless (r.recent_rms == -INFINITY);
      fail_unless (r.channel[1].recent_dr == 0.0);
    }
  }
  /* At the end the whole track is the recent set: the same DR. */
  r = parse (g_ptr_array_index (all, all->len - 1));
  fail_unless (r.final);
  fail_unless (drm_test_bits (r.recent_dr_value) == drm_test_bits (r.dr_value));

  r = parse (g_ptr_array_index (short_all, short_all->len - 1));
  fail_unless (r.final);
  fail_unless (r.dr_value > 0.0);
  fail_unless_equals_uint64 (r.recent_windows, 0);
  fail_unless (r.recent_peak == -INFINITY);

  g_ptr_array_unref (all);
  g_ptr_array_unref (short_all);
  g_free (st.data);
  g_free (shortst.data);
}

GST_END_TEST;

/* reference-order: the recent set is a track summed in that order too. */
GST_START_TEST (test_recent_reference_order)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_F64, RATE, 2,
      9 * W + 77, 10);
  GPtrArray *all = run_stream (&st, 3, 5000, FALSE, TRUE);
  const GstStructure *s = g_ptr_array_index (all, all->len - 1);
  GstStructure *track = element_track (&st, 6 * W, 9 * W, TRUE, 4096);
  DrmTrackResult want;

  fail_unless (drm_test_read (s).final);
  engine_span (&st, 6 * W, 9 * W, DRM_FLAG_SEQUENTIAL, FALSE, &want);
  assert_recent_is (s, &want);
  assert_recent_is_report (s, track);
  gst_structure_free (track);
  g_ptr_array_unref (all);
  g_free (st.data);
}

GST_END_TEST;

/* Six channels weighted by loudness, as the track is. */
GST_START_TEST (test_recent_multichannel_weighting)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, RATE, 6,
      7 * W + 10, 11);
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;

  g_object_set (f.h->element, "recent", 5, "interval", (guint64) GST_SECOND,
      "multichannel-weighting", TRUE, NULL);
  drm_test_stream_set_caps (f.h, &st, TRUE);
  drm_test_stream_push (f.h, &st, 0, st.frames, 3000, TRUE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  for (guint i = 0; i < all->len; i++) {
    const GstStructure *s = g_ptr_array_index (all, i);
    guint64 from, last;
    DrmTrackResult want;

    recent_span (parse (s).frames, 5, &from, &last);
    engine_span (&st, from, last, 0, TRUE, &want);
    assert_recent_is (s, &want);
  }
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* Turned on, changed and off while a track plays: it covers the complete
 * windows since it was turned on, at most N of them, always exactly. */
GST_START_TEST (test_recent_changed_while_playing)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, RATE, 1,
      12 * W, 12);
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;
  guint with_fields = 0;

  g_object_set (f.h->element, "interval", (guint64) GST_SECOND, NULL);
  drm_test_stream_set_caps (f.h, &st, FALSE);
  drm_test_stream_push (f.h, &st, 0, 2 * W + 100, 4000, FALSE);
  g_object_set (f.h->element, "recent", 6, NULL);
  drm_test_stream_push (f.h, &st, 2 * W + 100, 9 * W, 4000, FALSE);
  g_object_set (f.h->element, "recent", 2, NULL);
  drm_test_stream_push (f.h, &st, 9 * W, 11 * W, 4000, FALSE);
  g_object_set (f.h->element, "recent", 0, NULL);
  drm_test_stream_push (f.h, &st, 11 * W, 12 * W, 4000, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  for (guint i = 0; i < all->len; i++) {
    const GstStructure *s = g_ptr_array_index (all, i);
    GstDrMeterParsedReport r;
    guint64 frames, windows;
    DrmTrackResult want;

    drm_test_parse_report (s, &r);
    frames = r.frames;
    if (!r.has_recent) {
      fail_unless (frames <= 2 * W + 4100 || frames > 11 * W);
      continue;
    }
    with_fields++;
    windows = r.recent_windows;
    /* Windows 2 to 8 completed while 6 were kept, then 2. */
    if (frames >= 9 * W + 4000) {
      fail_unless_equals_uint64 (windows, 2);
    } else if (frames >= 8 * W + 4000) {
      fail_unless_equals_uint64 (windows, 6);
    } else {
      fail_unless_equals_uint64 (windows, frames / W - 2);
    }
    engine_span (&st, (frames / W - windows) * W, frames / W * W, 0, FALSE,
        &want);
    assert_recent_is (s, &want);
  }
  fail_unless (with_fields > 20);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* A new track (a new stream) starts its recent set afresh. */
GST_START_TEST (test_recent_new_track)
{
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, RATE, 2, 5 * W,
      13);
  DrmTestHarness f = drm_test_harness_setup ();
  GPtrArray *all;
  const GstStructure *s;
  DrmTrackResult want;

  g_object_set (f.h->element, "recent", 3, NULL);
  drm_test_stream_set_caps (f.h, &st, FALSE);
  drm_test_stream_push (f.h, &st, 0, 5 * W, 4096, FALSE);
  gst_harness_push_event (f.h, gst_event_new_stream_start ("second"));
  drm_test_stream_push (f.h, &st, 0, 2 * W + 5, 4096, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 2);
  s = g_ptr_array_index (all, 0);
  engine_span (&st, 2 * W, 5 * W, 0, FALSE, &want);
  assert_recent_is (s, &want);
  s = g_ptr_array_index (all, 1);
  engine_span (&st, 0, 2 * W, 0, FALSE, &want);
  assert_recent_is (s, &want);
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

/* Keeps every buffer that leaves the element, to measure again. */
static GstPadProbeReturn
keep_buffer (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  GByteArray *bytes = data;
  GstMapInfo map;

  if (gst_buffer_map (GST_PAD_PROBE_INFO_BUFFER (info), &map, GST_MAP_READ)) {
    g_byte_array_append (bytes, map.data, map.size);
    gst_buffer_unmap (GST_PAD_PROBE_INFO_BUFFER (info), &map);
  }
  return GST_PAD_PROBE_OK;
}

/* The "done" line in a real pipeline: a loud sine over quiet pink
 * noise for 65 s, then the noise alone, with recent=20 and a report every
 * second. The DR since the start stays near 1; the recent DR climbs to
 * the noise's once the sine has left the last 20 windows, and every report
 * equals the same windows measured as a track. */
GST_START_TEST (test_recent_follows_a_signal_switch)
{
  GError *err = NULL;
  GstElement *pipe = gst_parse_launch ("audiomixer name=mix ! "
      "audio/x-raw,rate=44100,channels=2,format=S16LE ! "
      "drmeter name=meter interval=1000000000 recent=20 ! fakesink "
      "audiotestsrc wave=sine volume=0.5 num-buffers=650 "
      "samplesperbuffer=4410 ! mix. "
      "audiotestsrc wave=pink-noise volume=0.1 num-buffers=1300 "
      "samplesperbuffer=4410 ! mix.", &err);
  GstElement *meter;
  GstPad *pad;
  GstBus *bus;
  GstMessage *msg;
  GByteArray *bytes = g_byte_array_new ();
  GPtrArray *all;
  DrmTestStream st = { DRM_FORMAT_S16, 44100, 2, 0, NULL };
  const guint64 w = 132480;
  GstDrMeterParsedReport first_full = { 0, }, last;

  fail_unless (pipe != NULL, "%s", err ? err->message : "?");
  meter = gst_bin_get_by_name (GST_BIN (pipe), "meter");
  pad = gst_element_get_static_pad (meter, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, keep_buffer, bytes,
      NULL);
  bus = gst_element_get_bus (pipe);
  fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  all = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_structure_free);
  for (;;) {
    const GstStructure *s;

    msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT);
    fail_unless (msg != NULL, "timeout");
    fail_if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR);
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
      gst_message_unref (msg);
      break;
    }
    s = gst_message_get_structure (msg);
    if (s && gst_structure_has_name (s, GST_DRMETER_MESSAGE_NAME))
      g_ptr_array_add (all, gst_structure_copy (s));
    gst_message_unref (msg);
  }
  gst_element_set_state (pipe, GST_STATE_NULL);

  st.data = bytes->data;
  st.frames = bytes->len / 4;
  fail_unless_equals_uint64 (st.frames, 1300 * 4410);
  fail_unless_equals_int (all->len, 130 + 1);
  for (guint i = 0; i < all->len; i++) {
    const GstStructure *s = g_ptr_array_index (all, i);
    GstDrMeterParsedReport r = parse (s);
    guint64 from, last_frame;
    DrmTrackResult want;

    /* windows of 44.1 kHz, not of RATE */
    last_frame = r.frames / w * w;
    from = last_frame - r.recent_windows * w;
    fail_unless_equals_uint64 (r.recent_windows, MIN (r.frames / w, 20));
    engine_span (&st, from, last_frame, 0, FALSE, &want);
    assert_recent_is (s, &want);
    if (r.recent_windows == 20 && first_full.frames == 0)
      first_full = r;
  }
  last = parse (g_ptr_array_index (all, all->len - 1));
  fail_unless (last.final);
  /* Sine first: about DR1 for the whole track and the first minute. */
  fail_unless (last.dr_value < 2.0 && first_full.recent_dr_value < 2.0);
  /* The last minute is noise alone: its DR is the noise's. */
  fail_unless (last.recent_dr_value > 8.0, "recent DR %g at the end",
      last.recent_dr_value);

  g_ptr_array_unref (all);
  g_byte_array_unref (bytes);
  gst_object_unref (pad);
  gst_object_unref (meter);
  gst_object_unref (bus);
  gst_object_unref (pipe);
}

GST_END_TEST;

static Suite *
drmeter_recent_suite (void)
{
  Suite *s = suite_create ("drmeter-recent");
  TCase *tc = tcase_create ("recent");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_loop_test (tc, test_recent_equals_a_track, 0,
      5 * 2 * G_N_ELEMENTS (formats));
  tcase_add_test (tc, test_recent_off);
  tcase_add_test (tc, test_recent_at_the_start);
  tcase_add_test (tc, test_recent_reference_order);
  tcase_add_test (tc, test_recent_multichannel_weighting);
  tcase_add_test (tc, test_recent_changed_while_playing);
  tcase_add_test (tc, test_recent_new_track);
  tcase_add_test (tc, test_recent_follows_a_signal_switch);
  return s;
}

GST_CHECK_MAIN (drmeter_recent);
