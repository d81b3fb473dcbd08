/* gst-drmeter element tests: the reference-order property.
 *
 * Summing a window's squares in SIMD lanes or sample by sample can differ
 * in the last bit; that changes a printed number only when a window's RMS
 * sits on a 0.005 dB histogram boundary. The test builds such a signal
 * (the last sample of a window bisected onto the boundary) and checks
 * that reference-order=true gives the reference's sequential result and
 * false the lane result, each from the next track on.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <string.h>
#include "drm-test-stream.h"

#define RATE 44100
#define N 1025

static gfloat
channel_dr (const double *x, unsigned flags, int *bin)
{
  DrmMeter *m = drm_meter_new (RATE, 1, flags, NULL);
  DrmTrackResult *r = g_new (DrmTrackResult, 1);
  gfloat dr;

  drm_meter_add_frames_f64 (m, x, N);
  drm_meter_finish (m, r);
  dr = r->channel[0].dr;
  *bin = r->channel[0].loud_bin;
  g_free (r);
  drm_meter_free (m);
  return dr;
}

/* Fills @x with a signal whose DR differs between the two orders. */
static gboolean
find_boundary_signal (double *x, gfloat * seq, gfloat * lanes)
{
  guint64 rng = 12345;

  for (int trial = 0; trial < 200; trial++) {
    double lo = 0.0, hi = 0.9;
    int klo, khi, k;

    for (int i = 0; i < N; i++) {
      rng ^= rng << 13;
      rng ^= rng >> 7;
      rng ^= rng << 17;
      x[i] = 0.2 + 0.6 * (double) (rng >> 11) * 0x1p-53;
    }
    x[N - 1] = lo;
    channel_dr (x, DRM_FLAG_SEQUENTIAL, &klo);
    x[N - 1] = hi;
    channel_dr (x, DRM_FLAG_SEQUENTIAL, &khi);
    if (klo == khi)
      continue;
    while (nextafter (lo, hi) < hi) {
      double mid = lo + (hi - lo) / 2;

      if (mid <= lo || mid >= hi)
        break;
      x[N - 1] = mid;
      channel_dr (x, DRM_FLAG_SEQUENTIAL, &k);
      if (k == klo)
        lo = mid;
      else
        hi = mid;
    }
    for (double v = lo; v <= hi; v = nextafter (v, 2.0)) {
      int ks, kl;

      x[N - 1] = v;
      *seq = channel_dr (x, DRM_FLAG_SEQUENTIAL, &ks);
      *lanes = channel_dr (x, 0, &kl);
      if (ks != kl && *seq != *lanes)
        return TRUE;
    }
  }
  return FALSE;
}

static gdouble
final_dr_value (DrmTestHarness * f)
{
  GPtrArray *all = drm_test_pop_all_reports (f->bus);
  GstDrMeterParsedReport r;

  fail_unless_equals_int (all->len, 1);
  drm_test_parse_report (g_ptr_array_index (all, 0), &r);
  fail_unless (r.final);
  g_ptr_array_unref (all);
  return r.dr_value;
}

static void
push_track (DrmTestHarness * f, const double *x, const gchar * stream_id)
{
  GstBuffer *buf = gst_buffer_new_memdup (x, N * sizeof (double));
  GstSegment segment;

  gst_harness_push_event (f->h, gst_event_new_stream_start (stream_id));
  gst_harness_set_src_caps (f->h, drm_test_caps (DRM_FORMAT_F64, RATE, 1,
          FALSE));
  gst_segment_init (&segment, GST_FORMAT_TIME);
  gst_harness_push_event (f->h, gst_event_new_segment (&segment));
  fail_unless_equals_int (gst_harness_push (f->h, buf), GST_FLOW_OK);
}

GST_START_TEST (test_reference_order)
{
  double *x = g_new (double, N);
  gfloat seq = 0, lanes = 0;
  DrmTestHarness f = drm_test_harness_setup ();
  gboolean order = TRUE;

  fail_unless (find_boundary_signal (x, &seq, &lanes));

  /* Default: lanes. */
  g_object_get (f.h->element, "reference-order", &order, NULL);
  fail_if (order);
  push_track (&f, x, "a");
  gst_harness_push_event (f.h, gst_event_new_eos ());
  fail_unless (final_dr_value (&f) == (gdouble) lanes);

  /* Set while a track runs: that track keeps its order, the next one
   * (a new stream) sums in the reference's. */
  push_track (&f, x, "b");
  g_object_set (f.h->element, "reference-order", TRUE, NULL);
  push_track (&f, x, "c");
  fail_unless (final_dr_value (&f) == (gdouble) lanes);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  fail_unless (final_dr_value (&f) == (gdouble) seq);

  drm_test_harness_teardown (&f);
  g_free (x);
}

GST_END_TEST;

static Suite *
order_suite (void)
{
  Suite *s = suite_create ("drmeter-order");
  TCase *tc = tcase_create ("order");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_reference_order);
  return s;
}

GST_CHECK_MAIN (order);
