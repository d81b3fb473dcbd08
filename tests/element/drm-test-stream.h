/* gst-drmeter element tests: a drmeter harness with its own bus, and test
 * streams pushed through it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRM_TEST_STREAM_H
#define DRM_TEST_STREAM_H

#include <gst/gst.h>
#include <gst/check/gstharness.h>
#include "drm-test-util.h"

G_BEGIN_DECLS

/* ---- the harness ---- */

/* A drmeter element in a GstHarness, its messages on @bus. */
typedef struct
{
  GstHarness *h;
  GstBus *bus;
} DrmTestHarness;

DrmTestHarness drm_test_harness_setup (void);
void drm_test_harness_teardown (DrmTestHarness * f);

/* ---- test streams ---- */

/* Encoded interleaved samples of the test signal (drm_test_signal()).
 * g_free() @data when done. */
typedef struct
{
  DrmFormat format;
  guint rate;
  guint channels;
  guint64 frames;
  guint8 *data;
} DrmTestStream;

DrmTestStream drm_test_stream_make (DrmFormat format, guint rate,
    guint channels, guint64 frames, guint seed);

/* Bytes in one interleaved frame of @st. */
gsize drm_test_stream_frame_bytes (const DrmTestStream * st);

/* A buffer of frames [first, first + n) of @st (see drm_test_buffer()). */
GstBuffer *drm_test_stream_buffer (const DrmTestStream * st, guint64 first,
    gsize n, gboolean planar);

/* Sets caps for @st on the harness's source. */
void drm_test_stream_set_caps (GstHarness * h, const DrmTestStream * st,
    gboolean planar);

/* Pushes frames [from, last) of @st in buffers of @bufsize frames, with
 * timestamps from @ts_offset frames on; asserts GST_FLOW_OK. */
void drm_test_stream_push_at (GstHarness * h, const DrmTestStream * st,
    guint64 from, guint64 last, gsize bufsize, guint64 ts_offset,
    gboolean planar);

/* The same with timestamps at the frames' own positions in @st. */
void drm_test_stream_push (GstHarness * h, const DrmTestStream * st,
    guint64 from, guint64 last, gsize bufsize, gboolean planar);

/* The engine's final result on frames [from, last) of @st, unweighted. */
void drm_test_stream_engine_result (const DrmTestStream * st, guint64 from,
    guint64 last, DrmTrackResult * r);

/* Asserts that @s reports exactly the engine's result on frames
 * [from, last) of @st (drm_test_assert_report_equals()). */
void drm_test_stream_assert_report (const GstStructure * s,
    const DrmTestStream * st, guint64 from, guint64 last);

/* ---- reports ---- */

/* Every "drmeter" message on @bus now, in order; unref the array. Read
 * their fields with drm_test_read (). */
GPtrArray *drm_test_pop_all_reports (GstBus * bus);

G_END_DECLS

#endif
