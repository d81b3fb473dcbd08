/* gst-drmeter element tests: registration, passthrough, the message schema,
 * bad input and the reset signal.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <math.h>
#include <string.h>
#include "drm-test-util.h"

#define RATE 8000

/* A harness around drmeter with a bus for its messages. */
static GstHarness *
new_harness (GstBus ** bus)
{
  GstHarness *h = gst_harness_new ("drmeter");

  *bus = gst_bus_new ();
  gst_element_set_bus (h->element, *bus);
  return h;
}

static void
free_harness (GstHarness * h, GstBus * bus)
{
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

/* Pushes @frames frames of fixture @fx in @bufsize-frame buffers. */
static void
push_fixture (GstHarness * h, const DrmFixture * fx, gsize bufsize)
{
  gsize ss = drm_format_sample_size (fx->format);
  guint8 *data = g_malloc (fx->frames * fx->channels * ss);

  drm_fixture_render (fx, fx->format, 0, fx->frames, data);
  for (guint64 f = 0; f < fx->frames; f += bufsize) {
    gsize n = (gsize) MIN ((guint64) bufsize, fx->frames - f);

    fail_unless_equals_int (gst_harness_push (h, drm_test_buffer (data, ss,
                fx->channels, fx->rate, f, n, FALSE, fx->format)),
        GST_FLOW_OK);
  }
  g_free (data);
}

GST_START_TEST (test_registration)
{
  GstElementFactory *factory = gst_element_factory_find ("drmeter");
  GstElement *e;
  GParamSpec **specs;
  guint n_specs;
  gboolean post = FALSE, mw = TRUE, alw = TRUE;
  guint64 interval = 1;
  guint signal_id;
  GSignalQuery query;

  fail_unless (factory != NULL);
  fail_unless_equals_string (gst_element_factory_get_metadata (factory,
          GST_ELEMENT_METADATA_KLASS), "Filter/Analyzer/Audio");
  fail_unless (gst_element_factory_get_metadata (factory,
          GST_ELEMENT_METADATA_LONGNAME) != NULL);
  fail_unless (gst_element_factory_get_metadata (factory,
          GST_ELEMENT_METADATA_DESCRIPTION) != NULL);
  fail_unless (gst_element_factory_get_metadata (factory,
          GST_ELEMENT_METADATA_AUTHOR) != NULL);

  e = gst_element_factory_create (factory, NULL);
  fail_unless (e != NULL);
  fail_unless (GST_IS_AUDIO_FILTER (e));
  g_object_get (e, "post-messages", &post, "interval", &interval,
      "multichannel-weighting", &mw, "album-length-weighting", &alw, NULL);
  fail_unless (post);
  fail_unless_equals_uint64 (interval, 0);
  fail_unless (!mw);
  fail_unless (!alw);

  /* Every property of our own is documented. */
  specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (e), &n_specs);
  for (guint i = 0; i < n_specs; i++) {
    const gchar *blurb = g_param_spec_get_blurb (specs[i]);

    fail_unless (blurb != NULL && *blurb != '\0', "%s has no blurb",
        specs[i]->name);
  }
  g_free (specs);

  signal_id = g_signal_lookup ("reset", G_OBJECT_TYPE (e));
  fail_unless (signal_id != 0);
  g_signal_query (signal_id, &query);
  fail_unless (query.signal_flags & G_SIGNAL_ACTION);
  fail_unless_equals_int (query.n_params, 0);

  gst_object_unref (e);
  gst_object_unref (factory);
}

GST_END_TEST;

GST_START_TEST (test_caps_accepted)
{
  GstElement *e = gst_element_factory_make ("drmeter", NULL);
  GstPad *sink = gst_element_get_static_pad (e, "sink");
  static const char *const rejected[] = {
    "audio/x-raw, format=S16BE, rate=8000, channels=1, layout=interleaved",
    "audio/x-raw, format=S8, rate=8000, channels=1, layout=interleaved",
    "audio/x-raw, format=U16LE, rate=8000, channels=1, layout=interleaved",
    "audio/x-raw, format=F32LE, rate=8000, channels=65, layout=interleaved",
    "audio/x-raw, format=F32LE, rate=0, channels=1, layout=interleaved",
    "audio/x-raw, format=F32LE, rate=8000, channels=0, layout=interleaved",
    "audio/x-alaw, rate=8000, channels=1",
  };

  for (int f = 0; f < DRM_FORMAT_COUNT; f++)
    for (int planar = 0; planar < 2; planar++) {
      GstCaps *caps = drm_test_caps ((DrmFormat) f, 96000, 64, planar);

      fail_unless (gst_pad_query_accept_caps (sink, caps),
          "rejected %" GST_PTR_FORMAT, caps);
      gst_caps_unref (caps);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rejected); i++) {
    GstCaps *caps = gst_caps_from_string (rejected[i]);

    fail_if (gst_pad_query_accept_caps (sink, caps), "accepted %s",
        rejected[i]);
    gst_caps_unref (caps);
  }
  gst_object_unref (sink);
  gst_object_unref (e);
}

GST_END_TEST;

/* The buffer that leaves is the buffer that came in, bytes untouched. */
GST_START_TEST (test_passthrough)
{
  for (int planar = 0; planar < 2; planar++) {
    GstBus *bus;
    GstHarness *h = new_harness (&bus);
    double *x = drm_test_signal (RATE, 2, 1000, 1);
    guint8 data[1000 * 2 * 4];
    GstBuffer *in, *out;
    GstMapInfo map;
    guint8 *copy;
    gsize size;

    drm_test_encode (DRM_FORMAT_F32, x, 2000, data);
    g_free (x);
    gst_harness_set_src_caps (h, drm_test_caps (DRM_FORMAT_F32, RATE, 2,
            planar));
    in = drm_test_buffer (data, 4, 2, RATE, 0, 1000, planar, DRM_FORMAT_F32);
    fail_unless (gst_buffer_map (in, &map, GST_MAP_READ));
    copy = g_memdup2 (map.data, map.size);
    size = map.size;
    gst_buffer_unmap (in, &map);

    gst_buffer_ref (in);
    fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
    out = gst_harness_pull (h);
    fail_unless (out == in, "a different buffer came out");
    fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
    fail_unless_equals_uint64 (map.size, size);
    fail_unless (memcmp (map.data, copy, size) == 0, "bytes changed");
    gst_buffer_unmap (out, &map);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), 0);
    gst_buffer_unref (out);
    gst_buffer_unref (in);
    g_free (copy);

    /* No latency added. */
    {
      GstQuery *q = gst_query_new_latency ();
      gboolean live;
      GstClockTime min, max;

      if (gst_element_query (h->element, q)) {
        gst_query_parse_latency (q, &live, &min, &max);
        fail_unless_equals_uint64 (min, 0);
      }
      gst_query_unref (q);
    }
    free_harness (h, bus);
  }
}

GST_END_TEST;

/* Every field's value for one known track (test-element-schema.c checks
 * that exactly the schema's fields are posted, each of its type). */
GST_START_TEST (test_message_schema)
{
  const DrmFixture *fx = drm_test_find_fixture ("301_stereo_silent_channel.wav");
  GstBus *bus;
  GstHarness *h = new_harness (&bus);
  GstSegment segment;
  GstStructure *s;
  GstDrMeterParsedReport r;

  fail_unless (fx != NULL);
  gst_harness_push_event (h, gst_event_new_stream_start ("schema-stream"));
  gst_harness_set_src_caps (h, drm_test_caps (fx->format, fx->rate,
          fx->channels, FALSE));
  /* Running time 10 s ahead of the timestamps. */
  gst_segment_init (&segment, GST_FORMAT_TIME);
  segment.base = 10 * GST_SECOND;
  gst_harness_push_event (h, gst_event_new_segment (&segment));
  push_fixture (h, fx, 4096);
  fail_unless (drm_test_pop_report (bus, 0) == NULL, "message before EOS");
  gst_harness_push_event (h, gst_event_new_eos ());

  s = drm_test_pop_report (bus, 0);
  fail_unless (s != NULL, "no message at EOS");
  fail_unless (drm_test_pop_report (bus, 0) == NULL, "more than one message");
  drm_test_parse_report (s, &r);

  drm_test_assert_tokens (s, fx);
  fail_unless (r.final);
  fail_unless_equals_int (r.track, 1);
  fail_if (r.channel_weighted);
  fail_unless_equals_uint64 (r.invalid_samples, 0);
  fail_unless_equals_int (r.format, GST_AUDIO_FORMAT_F32);
  fail_unless_equals_string (r.stream_id, "schema-stream");
  fail_unless_equals_int (r.channel[0].position,
      GST_AUDIO_CHANNEL_POSITION_FRONT_LEFT);
  fail_unless_equals_int (r.channel[1].position,
      GST_AUDIO_CHANNEL_POSITION_FRONT_RIGHT);
  fail_if (r.has_window_summary);

  fail_unless_equals_uint64 (r.duration, gst_util_uint64_scale (r.frames,
          GST_SECOND, fx->rate));
  fail_unless_equals_uint64 (r.timestamp, r.duration);
  fail_unless_equals_uint64 (r.stream_time, r.duration);
  fail_unless_equals_uint64 (r.running_time, r.duration + 10 * GST_SECOND);

  fail_unless_equals_int (r.album_dr, r.dr);
  fail_unless (r.album_dr_value == r.dr_value);
  fail_unless_equals_int (r.album_tracks, 1);
  fail_if (r.album_length_weighted);

  gst_structure_free (s);
  free_harness (h, bus);
}

GST_END_TEST;

/* What a harness's bus holds (all popped): final reports, and the
 * no-samples warnings (*caps: the last one's "caps" detail). */
static void
count_messages (GstBus * bus, guint * reports, guint * warnings,
    gboolean * caps)
{
  GstMessage *msg;

  *reports = *warnings = 0;
  while ((msg = gst_bus_pop (bus))) {
    const GstStructure *s = gst_message_get_structure (msg);
    const GstStructure *details = NULL;

    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT && s
        && gst_structure_has_name (s, GST_DRMETER_MESSAGE_NAME))
      (*reports)++;
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING) {
      GError *err = NULL;

      gst_message_parse_warning (msg, &err, NULL);
      gst_message_parse_warning_details (msg, &details);
      fail_unless (g_error_matches (err, GST_STREAM_ERROR,
              GST_STREAM_ERROR_FAILED), "warning: %s", err->message);
      fail_unless (details && gst_structure_has_field (details,
              GST_DRMETER_NO_SAMPLES_FIELD));
      fail_unless (gst_structure_get_boolean (details,
              GST_DRMETER_NO_SAMPLES_FIELD_CAPS, caps));
      (*warnings)++;
      g_error_free (err);
    }
    gst_message_unref (msg);
  }
}

/* No frames, no result, but a warning says so at EOS (once a stream):
 * EOS alone (as when a capsfilter upstream cannot be satisfied), EOS
 * after caps, after empty buffers, a second EOS. */
GST_START_TEST (test_no_samples_warning)
{
  GstBaseTransformClass *klass;
  GstBus *bus;
  GstHarness *h;
  guint reports, warnings;
  gboolean caps = TRUE;

  h = new_harness (&bus);
  gst_harness_play (h);
  gst_harness_push_event (h, gst_event_new_eos ());
  count_messages (bus, &reports, &warnings, &caps);
  fail_unless_equals_int (reports, 0);
  fail_unless_equals_int (warnings, 1);
  fail_if (caps, "no caps came, the warning says there were");
  free_harness (h, bus);

  h = new_harness (&bus);
  gst_harness_set_src_caps (h, drm_test_caps (DRM_FORMAT_S16, RATE, 2,
          FALSE));
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_new ()),
      GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_new_allocate (NULL,
              0, NULL)), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  /* the pad refuses a second EOS; hand one to the element directly */
  klass = GST_BASE_TRANSFORM_GET_CLASS (h->element);
  klass->sink_event (GST_BASE_TRANSFORM (h->element), gst_event_new_eos ());
  count_messages (bus, &reports, &warnings, &caps);
  fail_unless_equals_int (reports, 0);
  fail_unless_equals_int (warnings, 1);
  fail_unless (caps, "caps came, the warning says there were none");
  free_harness (h, bus);
}

GST_END_TEST;

/* A second EOS (after a flush, or if one reaches the element) posts
 * nothing more: no second report, no warning. */
GST_START_TEST (test_eos_twice)
{
  const DrmFixture *fx = drm_test_find_fixture ("201_one_frame_nonzero.wav");
  GstBus *bus;
  GstHarness *h = new_harness (&bus);
  GstBaseTransformClass *klass;
  GstStructure *s;
  guint reports, warnings;
  gboolean caps;

  gst_harness_set_src_caps (h, drm_test_caps (fx->format, fx->rate,
          fx->channels, FALSE));
  push_fixture (h, fx, 1);
  gst_harness_push_event (h, gst_event_new_eos ());
  s = drm_test_pop_report (bus, 0);
  fail_unless (s != NULL);
  drm_test_assert_tokens (s, fx);
  gst_structure_free (s);

  /* The pad refuses a second EOS; hand one to the element directly. */
  gst_harness_push_event (h, gst_event_new_eos ());
  klass = GST_BASE_TRANSFORM_GET_CLASS (h->element);
  klass->sink_event (GST_BASE_TRANSFORM (h->element), gst_event_new_eos ());
  count_messages (bus, &reports, &warnings, &caps);
  fail_unless_equals_int (reports, 0);
  fail_unless_equals_int (warnings, 0);
  free_harness (h, bus);
}

GST_END_TEST;

GST_START_TEST (test_buffer_before_caps)
{
  GstBus *bus;
  GstHarness *h = new_harness (&bus);
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 64, NULL);
  GstSegment segment;

  gst_buffer_memset (buf, 0, 0x11, 64);

  gst_segment_init (&segment, GST_FORMAT_TIME);
  gst_harness_play (h);
  gst_harness_push_event (h, gst_event_new_stream_start ("no-caps"));
  gst_harness_push_event (h, gst_event_new_segment (&segment));
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_NOT_NEGOTIATED);
  gst_harness_push_event (h, gst_event_new_eos ());
  fail_unless (drm_test_pop_report (bus, 0) == NULL);
  free_harness (h, bus);
}

GST_END_TEST;

/* A non-interleaved buffer whose meta claims more than it holds is an
 * error, not a crash; a partial trailing frame is ignored. */
GST_START_TEST (test_malformed_buffers)
{
  GstBus *bus;
  GstHarness *h = new_harness (&bus);
  guint8 data[100 * 2 * 2] = { 0, };
  GstBuffer *buf;
  GstMessage *msg;
  GstStructure *s;
  guint64 frames = 0;

  gst_harness_set_src_caps (h, drm_test_caps (DRM_FORMAT_S16, RATE, 2,
          FALSE));
  buf = gst_buffer_new_memdup (data, 5);
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  s = drm_test_pop_report (bus, 0);
  fail_unless (s != NULL);
  frames = drm_test_read (s).frames;
  fail_unless_equals_uint64 (frames, 1);
  gst_structure_free (s);
  free_harness (h, bus);

  h = new_harness (&bus);
  gst_harness_set_src_caps (h, drm_test_caps (DRM_FORMAT_S16, RATE, 2, TRUE));
  buf = drm_test_buffer (data, 2, 2, RATE, 0, 100, TRUE, DRM_FORMAT_S16);
  gst_buffer_set_size (buf, 100);
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_ERROR);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no error message");
  gst_message_unref (msg);
  free_harness (h, bus);
}

GST_END_TEST;

/* NaN, infinities and huge values are counted and measured as 0; no
 * message carries NaN. */
GST_START_TEST (test_invalid_samples)
{
  GstBus *bus;
  GstHarness *h = new_harness (&bus);
  float f32[8] = { 0.5f, NAN, INFINITY, -INFINITY, 0.25f, -0.25f, 0.0f,
    0.125f
  };
  double f64[4] = { 1e300, 0.5, -1e300, NAN };
  GstStructure *s;
  guint64 invalid = 0, frames = 0;
  GstDrMeterParsedReport r;

  gst_harness_set_src_caps (h, drm_test_caps (DRM_FORMAT_F32, RATE, 2,
          FALSE));
  fail_unless_equals_int (gst_harness_push (h, drm_test_buffer ((guint8 *)
              f32, 4, 2, RATE, 0, 4, FALSE, DRM_FORMAT_F32)), GST_FLOW_OK);
  /* Another format ends the track; then a second one in F64. */
  gst_harness_set_src_caps (h, drm_test_caps (DRM_FORMAT_F64, RATE, 2,
          FALSE));
  s = drm_test_pop_report (bus, 0);
  fail_unless (s != NULL, "a format change must end the track");
  invalid = drm_test_read (s).invalid_samples;
  fail_unless_equals_uint64 (invalid, 3);
  r = drm_test_read (s);
  fail_if (isnan (r.dr_value) || isnan (r.peak) || isnan (r.rms));
  gst_structure_free (s);

  fail_unless_equals_int (gst_harness_push (h, drm_test_buffer ((guint8 *)
              f64, 8, 2, RATE, 0, 2, FALSE, DRM_FORMAT_F64)), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  s = drm_test_pop_report (bus, 0);
  fail_unless (s != NULL);
  invalid = drm_test_read (s).invalid_samples;
  frames = drm_test_read (s).frames;
  fail_unless_equals_uint64 (frames, 2);
  fail_unless_equals_uint64 (invalid, 3);
  for (guint c = 0; c < 2; c++) {
    fail_unless (!isnan (drm_test_read (s).channel[c].dr));
    fail_unless (!isnan (drm_test_read (s).channel[c].peak));
    fail_unless (!isnan (drm_test_read (s).channel[c].rms));
  }
  gst_structure_free (s);
  free_harness (h, bus);
}

GST_END_TEST;

/* reset drops the unfinished track and the album: the final message
 * counts only what came after it, as track 1 of a new album. */
GST_START_TEST (test_reset_signal)
{
  GstBus *bus;
  GstHarness *h = new_harness (&bus);
  double *x = drm_test_signal (RATE, 1, 5 * RATE, 7);
  gint16 *data = g_new (gint16, 5 * RATE);
  DrmTrackResult want;
  GstStructure *s;
  guint album_tracks = 0, track = 0;

  drm_test_encode (DRM_FORMAT_S16, x, 5 * RATE, data);
  gst_harness_push_event (h, gst_event_new_stream_start ("a"));
  gst_harness_set_src_caps (h, drm_test_caps (DRM_FORMAT_S16, RATE, 1,
          FALSE));
  gst_harness_push (h, drm_test_buffer ((guint8 *) data, 2, 1, RATE, 0, RATE,
          FALSE, DRM_FORMAT_S16));
  /* Track 1 of the album ends at a new stream. */
  gst_harness_push_event (h, gst_event_new_stream_start ("b"));
  s = drm_test_pop_report (bus, 0);
  fail_unless (s != NULL);
  album_tracks = drm_test_read (s).album_tracks;
  fail_unless_equals_int (album_tracks, 1);
  gst_structure_free (s);

  gst_harness_push (h, drm_test_buffer ((guint8 *) data, 2, 1, RATE, RATE,
          2 * RATE, FALSE, DRM_FORMAT_S16));
  g_signal_emit_by_name (h->element, "reset");
  gst_harness_push (h, drm_test_buffer ((guint8 *) data, 2, 1, RATE,
          3 * RATE, 2 * RATE, FALSE, DRM_FORMAT_S16));
  gst_harness_push_event (h, gst_event_new_eos ());

  s = drm_test_pop_report (bus, 0);
  fail_unless (s != NULL);
  fail_unless (drm_test_pop_report (bus, 0) == NULL);
  drm_test_engine_result (DRM_FORMAT_S16, RATE, 1, data + 3 * RATE,
      2 * RATE, FALSE, &want);
  drm_test_assert_report_equals (s, &want);
  album_tracks = drm_test_read (s).album_tracks;
  fail_unless_equals_int (album_tracks, 1);
  track = drm_test_read (s).track;
  fail_unless_equals_int (track, 1);
  gst_structure_free (s);

  g_free (x);
  g_free (data);
  free_harness (h, bus);
}

GST_END_TEST;

/* post-messages=false measures silently; the album still counts the track. */
GST_START_TEST (test_post_messages_off)
{
  const DrmFixture *fx = drm_test_find_fixture ("201_one_frame_nonzero.wav");
  GstBus *bus;
  GstHarness *h = new_harness (&bus);
  GstStructure *s;
  guint album_tracks = 0;

  g_object_set (h->element, "post-messages", FALSE, "interval",
      (guint64) GST_MSECOND, NULL);
  gst_harness_push_event (h, gst_event_new_stream_start ("a"));
  gst_harness_set_src_caps (h, drm_test_caps (fx->format, fx->rate,
          fx->channels, FALSE));
  push_fixture (h, fx, 1);
  gst_harness_push_event (h, gst_event_new_stream_start ("b"));
  fail_unless (drm_test_pop_report (bus, 0) == NULL);

  g_object_set (h->element, "post-messages", TRUE, "interval",
      (guint64) 0, NULL);
  push_fixture (h, fx, 1);
  gst_harness_push_event (h, gst_event_new_eos ());
  s = drm_test_pop_report (bus, 0);
  fail_unless (s != NULL);
  album_tracks = drm_test_read (s).album_tracks;
  fail_unless_equals_int (album_tracks, 2);
  gst_structure_free (s);
  free_harness (h, bus);
}

GST_END_TEST;

static Suite *
drmeter_basics_suite (void)
{
  Suite *s = suite_create ("drmeter-basics");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_registration);
  tcase_add_test (tc, test_caps_accepted);
  tcase_add_test (tc, test_passthrough);
  tcase_add_test (tc, test_message_schema);
  tcase_add_test (tc, test_no_samples_warning);
  tcase_add_test (tc, test_eos_twice);
  tcase_add_test (tc, test_buffer_before_caps);
  tcase_add_test (tc, test_malformed_buffers);
  tcase_add_test (tc, test_invalid_samples);
  tcase_add_test (tc, test_reset_signal);
  tcase_add_test (tc, test_post_messages_off);
  return s;
}

GST_CHECK_MAIN (drmeter_basics);
