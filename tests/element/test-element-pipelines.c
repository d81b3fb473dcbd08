/* gst-drmeter element tests in real pipelines: a live source, seeks,
 * state cycles and properties changed from another thread.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include "drm-test-util.h"

static GstElement *
launch (const gchar * desc)
{
  GError *err = NULL;
  GstElement *pipe = gst_parse_launch (desc, &err);

  fail_unless (pipe != NULL, "%s: %s", desc, err ? err->message : "?");
  return pipe;
}

/* The next drmeter message, or EOS (returns NULL and sets *eos). Fails on
 * an error or after @timeout. */
static GstStructure *
next_report (GstBus * bus, GstClockTime timeout, gboolean * eos)
{
  *eos = FALSE;
  for (;;) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, timeout,
        GST_MESSAGE_ELEMENT | GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    const GstStructure *s;
    GstStructure *copy = NULL;

    fail_unless (msg != NULL, "timeout");
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      GError *err = NULL;

      gst_message_parse_error (msg, &err, NULL);
      fail ("error: %s", err->message);
    }
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
      gst_message_unref (msg);
      *eos = TRUE;
      return NULL;
    }
    s = gst_message_get_structure (msg);
    if (s && gst_structure_has_name (s, GST_DRMETER_MESSAGE_NAME))
      copy = gst_structure_copy (s);
    gst_message_unref (msg);
    if (copy)
      return copy;
  }
}

/* Runs to EOS; returns the final messages. */
static GPtrArray *
finals_until_eos (GstBus * bus)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  gboolean eos = FALSE;

  while (!eos) {
    GstStructure *s = next_report (bus, 30 * GST_SECOND, &eos);

    if (!s)
      continue;
    if (drm_test_read (s).final)
      g_ptr_array_add (all, s);
    else
      gst_structure_free (s);
  }
  return all;
}

/* A live source: interim reports every 100 ms of stream time while it
 * plays, a final report at EOS. */
GST_START_TEST (test_live_source)
{
  GstElement *pipe = launch ("audiotestsrc is-live=true wave=pink-noise "
      "samplesperbuffer=441 ! audio/x-raw,format=S16LE,rate=44100,channels=2 "
      "! drmeter interval=100000000 ! fakesink sync=true");
  GstBus *bus = gst_element_get_bus (pipe);
  GstStructure *s;
  gboolean eos = FALSE, final = TRUE;
  GstClockTime prev_rt = 0;
  guint64 frames = 0;

  fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  for (guint k = 1; k <= 4; k++) {
    GstClockTime rt;

    s = next_report (bus, 5 * GST_SECOND, &eos);
    fail_unless (s != NULL);
    fail_if (drm_test_read (s).final);
    fail_unless_equals_uint64 (drm_test_read (s).frames, k * 4410);
    /* A live source starts at the running time it started at: reports
     * are contiguous from there. */
    rt = drm_test_read (s).running_time;
    if (k > 1)
      fail_unless_equals_uint64 (rt - prev_rt, 100 * GST_MSECOND);
    prev_rt = rt;
    gst_structure_free (s);
  }
  gst_element_send_event (pipe, gst_event_new_eos ());
  do {
    s = next_report (bus, 5 * GST_SECOND, &eos);
    fail_unless (s != NULL, "no final message before EOS");
    final = drm_test_read (s).final;
    frames = drm_test_read (s).frames;
    gst_structure_free (s);
  } while (!final);
  fail_unless (frames >= 4 * 4410);
  s = next_report (bus, 5 * GST_SECOND, &eos);
  fail_unless (s == NULL && eos);

  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipe);
}

GST_END_TEST;

static gchar *
write_fixture_file (const gchar * name, gchar ** dir)
{
  const DrmFixture *fx = drm_test_find_fixture (name);
  gchar *path;

  fail_unless (fx != NULL);
  *dir = g_dir_make_tmp ("drmeter-test-XXXXXX", NULL);
  fail_unless (*dir != NULL);
  path = g_build_filename (*dir, fx->file, NULL);
  fail_unless (drm_test_write_wav (fx, path));
  return path;
}

static void
remove_file (gchar * path, gchar * dir)
{
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}

/* Flushing seeks in a real pipeline: what was measured before the seek is
 * discarded, so a seek back to the start measures the file exactly once,
 * and a seek into it measures from there on. */
GST_START_TEST (test_flushing_seek)
{
  const DrmFixture *fx = drm_test_find_fixture ("601_eight_channel_report_map.wav");
  gchar *dir, *path = write_fixture_file (fx->file, &dir);
  gchar *desc = g_strdup_printf ("filesrc location=\"%s\" blocksize=4096 ! "
      "wavparse ! drmeter ! fakesink", path);
  const gint64 starts[] = { 0, 3 * GST_SECOND };

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++) {
    GstElement *pipe = launch (desc);
    GstBus *bus = gst_element_get_bus (pipe);
    GPtrArray *finals;
    const GstStructure *s;
    guint64 skipped = gst_util_uint64_scale (starts[i], fx->rate, GST_SECOND);
    GstClockTime end = gst_util_uint64_scale (fx->frames, GST_SECOND,
        fx->rate);

    fail_unless (gst_element_set_state (pipe, GST_STATE_PAUSED) !=
        GST_STATE_CHANGE_FAILURE);
    fail_unless (gst_element_get_state (pipe, NULL, NULL, 10 * GST_SECOND)
        == GST_STATE_CHANGE_SUCCESS);
    fail_unless (gst_element_seek_simple (pipe, GST_FORMAT_TIME,
            GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, starts[i]));
    fail_unless (gst_element_get_state (pipe, NULL, NULL, 10 * GST_SECOND)
        == GST_STATE_CHANGE_SUCCESS);
    fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
        GST_STATE_CHANGE_FAILURE);
    finals = finals_until_eos (bus);
    fail_unless_equals_int (finals->len, 1);
    s = g_ptr_array_index (finals, 0);
    fail_unless_equals_uint64 (drm_test_read (s).frames, fx->frames - skipped);
    fail_unless_equals_uint64 (drm_test_read (s).timestamp, end);
    fail_unless_equals_uint64 (drm_test_read (s).stream_time, end);
    fail_unless_equals_uint64 (drm_test_read (s).running_time,
        end - (GstClockTime) starts[i]);
    if (starts[i] == 0)
      drm_test_assert_tokens (s, fx);
    g_ptr_array_unref (finals);
    gst_element_set_state (pipe, GST_STATE_NULL);
    gst_object_unref (bus);
    gst_object_unref (pipe);
  }
  g_free (desc);
  remove_file (path, dir);
}

GST_END_TEST;

/* PLAYING -> NULL -> PLAYING, again and again: one final message per run,
 * the same values each time; the album counts every run. Stopping before
 * EOS posts nothing. */
GST_START_TEST (test_state_cycles)
{
  GstElement *pipe = launch ("audiotestsrc num-buffers=25 "
      "samplesperbuffer=1000 wave=saw freq=3 ! "
      "audio/x-raw,format=F32LE,rate=8000,channels=1 ! drmeter name=m ! "
      "fakesink");
  GstBus *bus = gst_element_get_bus (pipe);
  gdouble first_dr = -1;

  for (guint run = 1; run <= 3; run++) {
    GPtrArray *finals;
    const GstStructure *s;
    gdouble dr = 0;
    guint tracks = 0;

    fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
        GST_STATE_CHANGE_FAILURE);
    finals = finals_until_eos (bus);
    fail_unless_equals_int (finals->len, 1);
    s = g_ptr_array_index (finals, 0);
    fail_unless_equals_uint64 (drm_test_read (s).frames, 25000);
    dr = drm_test_read (s).dr_value;
    if (run == 1)
      first_dr = dr;
    fail_unless (dr == first_dr);
    tracks = drm_test_read (s).album_tracks;
    fail_unless_equals_int (tracks, run);
    g_ptr_array_unref (finals);

    fail_unless (gst_element_set_state (pipe, GST_STATE_NULL) ==
        GST_STATE_CHANGE_SUCCESS);
    /* And a run stopped halfway. */
    fail_unless (gst_element_set_state (pipe, GST_STATE_PAUSED) !=
        GST_STATE_CHANGE_FAILURE);
    fail_unless (gst_element_get_state (pipe, NULL, NULL, 10 * GST_SECOND)
        == GST_STATE_CHANGE_SUCCESS);
    fail_unless (gst_element_set_state (pipe, GST_STATE_NULL) ==
        GST_STATE_CHANGE_SUCCESS);
    gst_bus_set_flushing (bus, TRUE);
    gst_bus_set_flushing (bus, FALSE);
  }
  gst_object_unref (bus);
  gst_object_unref (pipe);
}

GST_END_TEST;

typedef struct
{
  GstElement *meter;
  volatile gint stop;
} Poker;

static gpointer
poke_properties (gpointer data)
{
  Poker *p = data;
  guint i = 0;

  while (!g_atomic_int_get (&p->stop)) {
    guint64 interval = 0;
    gboolean w = FALSE;

    g_object_set (p->meter, "interval", (guint64) ((i % 5) * 10 * GST_MSECOND),
        "multichannel-weighting", (i & 1) != 0, "album-length-weighting",
        (i & 2) != 0, "post-messages", (i % 3) != 0, NULL);
    g_object_get (p->meter, "interval", &interval, "multichannel-weighting",
        &w, NULL);
    if (i % 50 == 0)
      g_signal_emit_by_name (p->meter, "reset");
    i++;
    g_usleep (200);
  }
  return NULL;
}

/* Properties set and read from another thread while data flows. */
GST_START_TEST (test_properties_while_streaming)
{
  GstElement *pipe = launch ("audiotestsrc is-live=true wave=pink-noise "
      "samplesperbuffer=128 ! audio/x-raw,format=F32LE,rate=48000,channels=6,"
      "channel-mask=(bitmask)0x3f ! drmeter name=m ! fakesink sync=true");
  GstBus *bus = gst_element_get_bus (pipe);
  Poker p = { gst_bin_get_by_name (GST_BIN (pipe), "m"), 0 };
  GThread *thread;
  GPtrArray *finals;
  guint64 frames;

  fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  thread = g_thread_new ("poker", poke_properties, &p);
  g_usleep (400 * 1000);
  g_atomic_int_set (&p.stop, 1);
  g_thread_join (thread);
  g_object_set (p.meter, "post-messages", TRUE, "interval", (guint64) 0,
      NULL);
  g_usleep (50 * 1000);
  gst_element_send_event (pipe, gst_event_new_eos ());
  finals = finals_until_eos (bus);
  fail_unless_equals_int (finals->len, 1);
  frames = drm_test_read (g_ptr_array_index (finals, 0)).frames;
  fail_unless (frames > 0);
  g_ptr_array_unref (finals);

  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (p.meter);
  gst_object_unref (bus);
  gst_object_unref (pipe);
}

GST_END_TEST;

static Suite *
drmeter_pipelines_suite (void)
{
  Suite *s = suite_create ("drmeter-pipelines");
  TCase *tc = tcase_create ("pipelines");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_live_source);
  tcase_add_test (tc, test_flushing_seek);
  tcase_add_test (tc, test_state_cycles);
  tcase_add_test (tc, test_properties_while_streaming);
  return s;
}

GST_CHECK_MAIN (drmeter_pipelines);
