/* gst-drmeter element tests: a drmeter harness with its own bus, and test
 * streams pushed through it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include "drm-test-stream.h"

DrmTestHarness
drm_test_harness_setup (void)
{
  DrmTestHarness f;

  f.h = gst_harness_new ("drmeter");
  f.bus = gst_bus_new ();
  gst_element_set_bus (f.h->element, f.bus);
  return f;
}

void
drm_test_harness_teardown (DrmTestHarness * f)
{
  gst_element_set_bus (f->h->element, NULL);
  gst_object_unref (f->bus);
  gst_harness_teardown (f->h);
}

DrmTestStream
drm_test_stream_make (DrmFormat format, guint rate, guint channels,
    guint64 frames, guint seed)
{
  DrmTestStream st = { format, rate, channels, frames, NULL };
  double *x = drm_test_signal (rate, channels, frames, seed);

  st.data = g_malloc (frames * channels * drm_format_sample_size (format));
  drm_test_encode (format, x, frames * channels, st.data);
  g_free (x);
  return st;
}

gsize
drm_test_stream_frame_bytes (const DrmTestStream * st)
{
  return st->channels * drm_format_sample_size (st->format);
}

GstBuffer *
drm_test_stream_buffer (const DrmTestStream * st, guint64 first, gsize n,
    gboolean planar)
{
  return drm_test_buffer (st->data, drm_format_sample_size (st->format),
      st->channels, st->rate, first, n, planar, st->format);
}

void
drm_test_stream_set_caps (GstHarness * h, const DrmTestStream * st,
    gboolean planar)
{
  gst_harness_set_src_caps (h, drm_test_caps (st->format, st->rate,
          st->channels, planar));
}

void
drm_test_stream_push_at (GstHarness * h, const DrmTestStream * st,
    guint64 from, guint64 last, gsize bufsize, guint64 ts_offset,
    gboolean planar)
{
  for (guint64 f = from; f < last; f += bufsize) {
    gsize n = (gsize) MIN ((guint64) bufsize, last - f);
    GstBuffer *buf = drm_test_stream_buffer (st, f, n, planar);

    GST_BUFFER_PTS (buf) = gst_util_uint64_scale (f - from + ts_offset,
        GST_SECOND, st->rate);
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
}

void
drm_test_stream_push (GstHarness * h, const DrmTestStream * st,
    guint64 from, guint64 last, gsize bufsize, gboolean planar)
{
  drm_test_stream_push_at (h, st, from, last, bufsize, from, planar);
}

void
drm_test_stream_engine_result (const DrmTestStream * st, guint64 from,
    guint64 last, DrmTrackResult * r)
{
  drm_test_engine_result (st->format, st->rate, st->channels,
      st->data + from * drm_test_stream_frame_bytes (st), last - from, FALSE,
      r);
}

void
drm_test_stream_assert_report (const GstStructure * s,
    const DrmTestStream * st, guint64 from, guint64 last)
{
  DrmTrackResult want;

  drm_test_stream_engine_result (st, from, last, &want);
  drm_test_assert_report_equals (s, &want);
}

GPtrArray *
drm_test_pop_all_reports (GstBus * bus)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  GstStructure *s;

  while ((s = drm_test_pop_report (bus, 0)))
    g_ptr_array_add (all, s);
  return all;
}

