/* gst-drmeter element tests: shared helpers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRM_TEST_UTIL_H
#define DRM_TEST_UTIL_H

#include <gst/gst.h>
#include <gst/audio/audio.h>
#include "fixtures.h"
#include "drmeter-schema.h"

G_BEGIN_DECLS

/* ---- WAV files from the conformance recipes (no GStreamer, no check) ---- */

/* Writes @fx as the WAV file the public fixture is: PCM or IEEE float,
 * WAVE_FORMAT_EXTENSIBLE with the fixture's channel mask for more than two
 * channels, a fact chunk for float. Returns FALSE on an I/O error. */
gboolean drm_test_write_wav (const DrmFixture * fx, const gchar * path);

/* The fixture with this id or file name (with or without ".wav"), NULL if
 * none. */
const DrmFixture *drm_test_find_fixture (const gchar * name);

/* ---- signals ---- */

/* The GStreamer (native endian) format of an engine format. */
GstAudioFormat drm_test_gst_format (DrmFormat format);

/* Encodes @n binary64 values in @format, as the fixtures do: integers are
 * lround(x * 2^(bits-1)), clamped; U8 is offset by 128. */
void drm_test_encode (DrmFormat format, const double *x, gsize n, void *out);

/* A deterministic test signal: @frames x @channels interleaved values in
 * [-1, 1), noise under an envelope that changes every second, a different
 * level per channel. g_free() the result. */
double *drm_test_signal (guint rate, guint channels, guint64 frames,
    guint64 seed);

/* Caps for @format at @rate with @channels (default positions), the
 * given layout. */
GstCaps *drm_test_caps (DrmFormat format, guint rate, guint channels,
    gboolean planar);

/* A buffer holding frames [first, first + n) of the interleaved @data
 * (sample size @ss), non-interleaved with a GstAudioMeta if @planar (its
 * planes in reverse order, to exercise the meta's offsets). PTS and
 * duration follow the frame position at @rate. */
GstBuffer *drm_test_buffer (const guint8 * data, gsize ss, guint channels,
    guint rate, guint64 first, gsize n, gboolean planar, DrmFormat format);

/* The engine's final result for interleaved @data in one piece. */
void drm_test_engine_result (DrmFormat format, guint rate, guint channels,
    const void *data, guint64 frames, gboolean weighting,
    DrmTrackResult * result);

/* ---- messages ---- */

/* The next "drmeter" element message on @bus (waits up to @timeout),
 * NULL if none. The caller owns the structure. */
GstStructure *drm_test_pop_report (GstBus * bus, GstClockTime timeout);

/* Reads @s with the schema's reader (gst/drmeter-schema.h); asserts that
 * it is a whole report or window. */
void drm_test_parse_report (const GstStructure * s,
    GstDrMeterParsedReport * r);
void drm_test_parse_window (const GstStructure * s,
    GstDrMeterParsedWindow * w);

/* The same, by value, for reading one field in an expression:
 * drm_test_read (s).frames. */
GstDrMeterParsedReport drm_test_read (const GstStructure * s);
GstDrMeterParsedWindow drm_test_read_window (const GstStructure * s);

/* The bits of @d, to compare values exactly (-0.0, infinities). */
guint64 drm_test_bits (gdouble d);

/* Asserts that @s reports exactly @r (DR, peak, RMS, per-channel values,
 * frames, windows, rate, channels): bit for bit. */
void drm_test_assert_report_equals (const GstStructure * s,
    const DrmTrackResult * r);

/* Asserts that @s formats to the fixture's printed tokens. */
void drm_test_assert_tokens (const GstStructure * s, const DrmFixture * fx);

G_END_DECLS

#endif
