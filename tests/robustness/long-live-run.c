/* gst-drmeter robustness: a day of live audio through the element.
 *
 * A fast synthetic live source: 86400 one-second buffers (48 kHz stereo S16,
 * contiguous timestamps, a TIME segment) pushed as fast as the element takes
 * them, with interval = 1 s and recent = 100 (the DR of the last five
 * minutes in every report): 86400 interim messages, then the final one at
 * EOS. Messages are handled as they are posted (a bus sync handler, as a
 * live application's would be), so nothing piles up.
 *
 * Checks: every interim message comes at its second; a sample of them and
 * the final one equal, bit for bit, the engine's result on the same frames
 * (a second meter fed the same buffers), their recent fields the engine's
 * recent result; the resident memory after the first minute and at the
 * end differ by less than 1 MiB. Prints the figures, with the time each
 * hour's pushes took (one second of audio and one report each): flat if
 * the cost of a report does not grow with the stream's length.
 *
 * On demand: meson test -C build --benchmark long-live-run (about a minute).
 * DRM_LIVE_SECONDS changes the length (default 86400), DRM_LIVE_RECENT the
 * recent property (default 100; 0 for none).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <stdio.h>
#include <string.h>
#include "drm-test-util.h"

#define RATE 48000
#define CHANNELS 2
#define N_PATTERNS 16

typedef struct
{
  DrmMeter *reference;
  guint recent;
  gint recent_min, recent_max;  /* recent-dr seen in full 100-window sets */
  guint64 interims;
  guint64 finals;
  guint64 checked;
  gboolean bad;
  gchar *error;
} Watch;

/* Resident and peak resident memory, kB. */
static void
read_memory (guint64 * rss, guint64 * hwm)
{
  FILE *f = fopen ("/proc/self/status", "r");
  char line[256];

  *rss = *hwm = 0;
  if (!f)
    return;
  while (fgets (line, sizeof line, f)) {
    unsigned long long v;

    if (sscanf (line, "VmRSS: %llu", &v) == 1)
      *rss = v;
    else if (sscanf (line, "VmHWM: %llu", &v) == 1)
      *hwm = v;
  }
  fclose (f);
}

/* The report's recent fields are the engine's recent result (none if
 * @recent is 0). */
static void
assert_recent_equals (const GstStructure * s, const DrmMeter * reference,
    guint recent)
{
  GstDrMeterParsedReport got;
  DrmTrackResult r;

  drm_test_parse_report (s, &got);
  fail_unless (got.has_recent == (recent > 0));
  if (recent == 0)
    return;
  drm_meter_get_recent_result (reference, &r);
  fail_unless_equals_int (got.recent_dr, r.dr_displayed);
  fail_unless (drm_test_bits (got.recent_dr_value) ==
      drm_test_bits ((double) r.dr));
  fail_unless (drm_test_bits (got.recent_peak) ==
      drm_test_bits ((double) r.peak_db));
  fail_unless (drm_test_bits (got.recent_rms) ==
      drm_test_bits ((double) r.rms_db));
  fail_unless_equals_uint64 (got.recent_windows, r.windows);
  for (guint c = 0; c < r.channels; c++)
    fail_unless (drm_test_bits (got.channel[c].recent_dr) ==
        drm_test_bits ((double) r.channel[c].dr));
}

static GstBusSyncReply
on_message (GstBus * bus, GstMessage * msg, gpointer data)
{
  Watch *w = data;
  const GstStructure *s = gst_message_get_structure (msg);
  GstDrMeterParsedReport got;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    w->bad = TRUE;
  } else if (s && gst_structure_has_name (s, GST_DRMETER_MESSAGE_NAME)) {
    /* the streaming thread: no assertion here, the main thread reports */
    if (!gst_drmeter_parse_report (s, &got)) {
      if (!w->error)
        w->error = g_strdup ("a report the schema reader does not read");
    } else if (got.final) {
      w->finals++;
    } else {
      w->interims++;
      if (got.frames != w->interims * RATE && !w->error)
        w->error = g_strdup_printf ("interim %" G_GUINT64_FORMAT " at frame %"
            G_GUINT64_FORMAT, w->interims, got.frames);
      if (w->recent > 0 && got.recent_windows == w->recent) {
        w->recent_min = MIN (w->recent_min, got.recent_dr);
        w->recent_max = MAX (w->recent_max, got.recent_dr);
      }
      /* The reference meter is at the same frame: compare now and then. */
      if (w->interims % 600 == 1) {
        DrmTrackResult r;

        drm_meter_get_result (w->reference, &r);
        drm_test_assert_report_equals (s, &r);
        assert_recent_equals (s, w->reference, w->recent);
        w->checked++;
      }
    }
  }
  gst_message_unref (msg);
  return GST_BUS_DROP;
}

GST_START_TEST (test_day_of_live_audio)
{
  const gchar *env = g_getenv ("DRM_LIVE_SECONDS");
  const gchar *recent_env = g_getenv ("DRM_LIVE_RECENT");
  guint64 seconds = env ? g_ascii_strtoull (env, NULL, 10) : 86400;
  guint recent = recent_env ? (guint) g_ascii_strtoull (recent_env, NULL,
      10) : 100;
  guint64 hours = (seconds + 3599) / 3600;
  gint64 *hour_us = g_new0 (gint64, hours);
  gint64 *hour_min = g_new0 (gint64, hours);
  gint64 recent_us = 0;
  DrmTrackResult recent_want;
  GstHarness *h = gst_harness_new ("drmeter");
  GstBus *bus = gst_bus_new ();
  GstBuffer *patterns[N_PATTERNS];
  Watch w = { 0, };
  DrmTrackResult want;
  GstStructure *last = NULL;
  guint64 rss0 = 0, hwm0 = 0, rss1, hwm1, rss_start, hwm_start;
  gint64 t0, t1, p0;
  int err = 0;

  read_memory (&rss_start, &hwm_start);
  /* Sixteen different seconds of signal, played in a scrambled order; in
   * every other hour only the loudest four, so that the dynamics of the
   * last minutes change while the day's hardly does. */
  for (guint k = 0; k < N_PATTERNS; k++) {
    double *x = drm_test_signal (RATE, CHANNELS, RATE, 1000 + k);
    gsize size = RATE * CHANNELS * sizeof (gint16);
    gint16 *pcm = g_malloc (size);

    /* Each second at its own level: a true dynamic range. */
    for (gsize i = 0; i < (gsize) RATE * CHANNELS; i++)
      x[i] *= 1.0 / (1 + k % 5);
    drm_test_encode (DRM_FORMAT_S16, x, RATE * CHANNELS, pcm);
    patterns[k] = gst_buffer_new_wrapped (pcm, size);
    g_free (x);
  }

  w.reference = drm_meter_new (RATE, CHANNELS, 0, &err);
  fail_unless (w.reference != NULL);
  w.recent = recent;
  w.recent_min = G_MAXINT;
  w.recent_max = G_MININT;
  fail_unless_equals_int (drm_meter_set_recent (w.reference, recent), DRM_OK);
  gst_bus_set_sync_handler (bus, on_message, &w, NULL);
  gst_element_set_bus (h->element, bus);
  g_object_set (h->element, "interval", (guint64) GST_SECOND, "recent",
      recent, NULL);
  gst_harness_set_src_caps (h, drm_test_caps (DRM_FORMAT_S16, RATE, CHANNELS,
          FALSE));

  t0 = g_get_monotonic_time ();
  for (guint64 sec = 0; sec < seconds; sec++) {
    guint64 pick = (sec * 7 + sec / 13) % N_PATTERNS;
    GstBuffer *p = patterns[(sec / 3600) % 2 ? pick / 5 * 5 : pick];
    GstBuffer *buf = gst_buffer_copy (p);       /* shares the memory */
    GstMapInfo map;

    GST_BUFFER_PTS (buf) = sec * GST_SECOND;
    GST_BUFFER_DURATION (buf) = GST_SECOND;
    if (sec == 0)
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
    fail_unless (gst_buffer_map (p, &map, GST_MAP_READ));
    fail_unless_equals_int (drm_meter_add_interleaved (w.reference,
            DRM_FORMAT_S16, map.data, RATE), DRM_OK);
    gst_buffer_unmap (p, &map);
    p0 = g_get_monotonic_time ();
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
    p0 = g_get_monotonic_time () - p0;
    hour_us[sec / 3600] += p0;
    /* the least push of the hour: what the machine's noise leaves alone */
    if (sec % 3600 == 0 || p0 < hour_min[sec / 3600])
      hour_min[sec / 3600] = p0;
    /* The harness keeps what comes out: drop it, as a sink would. */
    gst_buffer_unref (gst_harness_pull (h));
    if (sec == 59)
      read_memory (&rss0, &hwm0);
  }
  t1 = g_get_monotonic_time ();
  read_memory (&rss1, &hwm1);
  /* What the recent fields cost the engine alone, per report, at the end
   * of the day. */
  p0 = g_get_monotonic_time ();
  for (guint k = 0; k < 1000; k++)
    drm_meter_get_recent_result (w.reference, &recent_want);
  recent_us = g_get_monotonic_time () - p0;

  /* The final report: caught with a plain bus this time. */
  gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
  gst_harness_push_event (h, gst_event_new_eos ());
  last = drm_test_pop_report (bus, 0);
  fail_unless (last != NULL);
  assert_recent_equals (last, w.reference, recent);
  drm_meter_finish (w.reference, &want);
  drm_test_assert_report_equals (last, &want);

  printf ("long live run: %" G_GUINT64_FORMAT " s of 48 kHz stereo S16 "
      "(%.1f h) in %.1f s wall time (%.0fx real time)\n", seconds,
      seconds / 3600.0, (t1 - t0) / 1e6, seconds / ((t1 - t0) / 1e6));
  printf ("  interim messages: %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT
      " compared with the engine), final: DR%d, %" G_GUINT64_FORMAT
      " frames, equal to the engine\n", w.interims, w.checked,
      want.dr_displayed, want.frames);
  printf ("  memory: VmRSS %" G_GUINT64_FORMAT " kB at start, %"
      G_GUINT64_FORMAT " kB after 1 min, %" G_GUINT64_FORMAT
      " kB at the end (%+" G_GINT64_FORMAT " kB); peak VmHWM %"
      G_GUINT64_FORMAT " kB\n", rss_start, rss0, rss1,
      (gint64) rss1 - (gint64) rss0, hwm1);
  if (recent > 0 && w.recent_min <= w.recent_max)
    printf ("  recent = %u windows: the recent DR ranged from DR%d to DR%d "
        "once %u windows were kept, ", recent, w.recent_min, w.recent_max,
        recent);
  else if (recent > 0)
    printf ("  recent = %u windows (never all kept): ", recent);
  if (recent > 0)
    printf ("final recent DR%d (%u windows); the engine's recent result "
        "takes %.1f us per report\n", recent_want.dr_displayed,
        (unsigned) recent_want.windows, recent_us / 1000.0);
  else
    printf ("  recent = 0: no recent fields\n");
  printf ("  pushes (1 s of audio and 1 report each), mean per hour:");
  for (guint64 k = 0; k < hours; k++) {
    guint64 n = MIN (seconds - k * 3600, 3600);

    printf ("%s%.1f", k % 12 ? " " : "\n    ", hour_us[k] / (double) n);
  }
  printf (" us\n  least per hour:");
  for (guint64 k = 0; k < hours; k++)
    printf ("%s%" G_GINT64_FORMAT, k % 12 ? " " : "\n    ", hour_min[k]);
  printf (" us\n");
  fflush (stdout);

  fail_if (w.bad, "an error message was posted");
  fail_if (w.error != NULL, "%s", w.error);
  fail_unless_equals_uint64 (w.interims, seconds);
  fail_unless (rss1 <= rss0 + 1024, "memory grew from %" G_GUINT64_FORMAT
      " kB to %" G_GUINT64_FORMAT " kB", rss0, rss1);

  gst_structure_free (last);
  g_free (hour_us);
  g_free (hour_min);
  g_free (w.error);
  drm_meter_free (w.reference);
  for (guint k = 0; k < N_PATTERNS; k++)
    gst_buffer_unref (patterns[k]);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
live_suite (void)
{
  Suite *s = suite_create ("drmeter-long-live-run");
  TCase *tc = tcase_create ("live");

  tcase_set_timeout (tc, 3600);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_day_of_live_audio);
  return s;
}

GST_CHECK_MAIN (live);
