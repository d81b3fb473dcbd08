/* gst-drmeter element tests: every format, both layouts, 1 to 64 channels
 * give the engine's own results for the same samples, for any buffer sizes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include "drm-test-util.h"

#define RATE 8000
/* Two full windows and a tail (W = 24032 at 8 kHz). */
#define FRAMES (2 * 24032 + 12017)

static const guint test_channels[] = { 1, 2, 6, 8 };

/* Runs interleaved @data through drmeter in buffers of pseudo-random sizes
 * and returns the final message. */
static GstStructure *
run_element (DrmFormat format, guint channels, gboolean planar,
    const guint8 * data, guint64 frames, gboolean weighting, guint seed)
{
  GstHarness *h = gst_harness_new ("drmeter");
  GstBus *bus = gst_bus_new ();
  gsize ss = drm_format_sample_size (format);
  guint64 rng = seed * 2654435761u + 1;
  GstStructure *s;

  gst_element_set_bus (h->element, bus);
  g_object_set (h->element, "multichannel-weighting", weighting, NULL);
  gst_harness_set_src_caps (h, drm_test_caps (format, RATE, channels,
          planar));
  for (guint64 f = 0; f < frames;) {
    gsize n;

    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    /* Mostly a few hundred frames, sometimes one, sometimes many. */
    switch ((rng >> 33) % 8) {
      case 0:
        n = 1;
        break;
      case 1:
        n = 1 + (gsize) ((rng >> 40) % 30000);
        break;
      default:
        n = 1 + (gsize) ((rng >> 40) % 700);
        break;
    }
    n = (gsize) MIN ((guint64) n, frames - f);
    fail_unless_equals_int (gst_harness_push (h, drm_test_buffer (data, ss,
                channels, RATE, f, n, planar, format)), GST_FLOW_OK);
    f += n;
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  s = drm_test_pop_report (bus, 0);
  fail_unless (s != NULL, "no final message");
  fail_unless (drm_test_pop_report (bus, 0) == NULL, "too many messages");
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
  return s;
}

static void
check_format (DrmFormat format, guint channels, gboolean planar,
    gboolean weighting, guint64 frames)
{
  gsize ss = drm_format_sample_size (format);
  double *x = drm_test_signal (RATE, channels, frames, channels * 31 + format);
  guint8 *data = g_malloc (frames * channels * ss);
  DrmTrackResult want;
  GstStructure *s;
  gboolean weighted = !weighting;

  drm_test_encode (format, x, frames * channels, data);
  g_free (x);
  drm_test_engine_result (format, RATE, channels, data, frames, weighting,
      &want);
  s = run_element (format, channels, planar, data, frames, weighting,
      format * 10 + channels);
  drm_test_assert_report_equals (s, &want);
  fail_unless_equals_int (drm_test_read (s).format,
      drm_test_gst_format (format));
  weighted = drm_test_read (s).channel_weighted;
  fail_unless_equals_int (weighted, want.channel_weighted);
  gst_structure_free (s);
  g_free (data);
}

/* Index: format x layout x channel count. */
GST_START_TEST (test_format_layout_channels)
{
  guint n_ch = G_N_ELEMENTS (test_channels);
  DrmFormat format = (DrmFormat) (__i__ / (2 * n_ch));
  gboolean planar = (__i__ / n_ch) % 2;
  guint channels = test_channels[__i__ % n_ch];

  GST_INFO ("%s %s, %u channels",
      gst_audio_format_to_string (drm_test_gst_format (format)),
      planar ? "non-interleaved" : "interleaved", channels);
  check_format (format, channels, planar, FALSE, FRAMES);
}

GST_END_TEST;

/* More than 8 channels: the meta's offsets live outside the meta. */
GST_START_TEST (test_64_channels)
{
  check_format (DRM_FORMAT_S16, 64, TRUE, FALSE, 24032 + 100);
  check_format (DRM_FORMAT_F32, 64, FALSE, FALSE, 24032 + 100);
}

GST_END_TEST;

/* multichannel-weighting gives the engine's weighted DR for more than two
 * channels, and changes nothing for stereo. */
GST_START_TEST (test_multichannel_weighting)
{
  check_format (DRM_FORMAT_F32, 6, FALSE, TRUE, FRAMES);
  check_format (DRM_FORMAT_S24, 8, TRUE, TRUE, FRAMES);
  check_format (DRM_FORMAT_S16, 2, FALSE, TRUE, FRAMES);
}

GST_END_TEST;

static Suite *
drmeter_formats_suite (void)
{
  Suite *s = suite_create ("drmeter-formats");
  TCase *tc = tcase_create ("formats");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_loop_test (tc, test_format_layout_channels, 0,
      DRM_FORMAT_COUNT * 2 * G_N_ELEMENTS (test_channels));
  tcase_add_test (tc, test_64_channels);
  tcase_add_test (tc, test_multichannel_weighting);
  return s;
}

GST_CHECK_MAIN (drmeter_formats);
