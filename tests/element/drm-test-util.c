/* gst-drmeter element tests: shared helpers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <math.h>
#include <string.h>
#include "drm-test-util.h"

GstAudioFormat
drm_test_gst_format (DrmFormat format)
{
  switch (format) {
    case DRM_FORMAT_U8:
      return GST_AUDIO_FORMAT_U8;
    case DRM_FORMAT_S16:
      return GST_AUDIO_FORMAT_S16;
    case DRM_FORMAT_S24:
      return GST_AUDIO_FORMAT_S24;
    case DRM_FORMAT_S24_32:
      return GST_AUDIO_FORMAT_S24_32;
    case DRM_FORMAT_S32:
      return GST_AUDIO_FORMAT_S32;
    case DRM_FORMAT_F32:
      return GST_AUDIO_FORMAT_F32;
    case DRM_FORMAT_F64:
      return GST_AUDIO_FORMAT_F64;
    default:
      return GST_AUDIO_FORMAT_UNKNOWN;
  }
}

static gint64
to_int (double x, int bits)
{
  double hi = ldexp (1.0, bits - 1) - 1.0, lo = -ldexp (1.0, bits - 1);
  double v = (double) llround (ldexp (x, bits - 1));

  return (gint64) (v > hi ? hi : v < lo ? lo : v);
}

void
drm_test_encode (DrmFormat format, const double *x, gsize n, void *out)
{
  for (gsize i = 0; i < n; i++) {
    switch (format) {
      case DRM_FORMAT_U8:
        ((guint8 *) out)[i] = (guint8) (to_int (x[i], 8) + 128);
        break;
      case DRM_FORMAT_S16:
        ((gint16 *) out)[i] = (gint16) to_int (x[i], 16);
        break;
      case DRM_FORMAT_S24:{
        guint32 u = (guint32) to_int (x[i], 24);
        guint8 *p = (guint8 *) out + 3 * i;
#if G_BYTE_ORDER == G_BIG_ENDIAN
        p[0] = u >> 16;
        p[1] = u >> 8;
        p[2] = u;
#else
        p[0] = u;
        p[1] = u >> 8;
        p[2] = u >> 16;
#endif
        break;
      }
      case DRM_FORMAT_S24_32:
        ((gint32 *) out)[i] = (gint32) to_int (x[i], 24);
        break;
      case DRM_FORMAT_S32:
        ((gint32 *) out)[i] = (gint32) to_int (x[i], 32);
        break;
      case DRM_FORMAT_F32:
        ((float *) out)[i] = (float) x[i];
        break;
      case DRM_FORMAT_F64:
        ((double *) out)[i] = x[i];
        break;
      default:
        g_assert_not_reached ();
    }
  }
}

/* xorshift64*: a tiny deterministic generator. */
static guint64
next_random (guint64 * s)
{
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 0x2545F4914F6CDD1Dull;
}

double *
drm_test_signal (guint rate, guint channels, guint64 frames, guint64 seed)
{
  double *x = g_new (double, frames * channels);
  guint64 rng = 0x9E3779B97F4A7C15ull ^ seed;
  guint64 peak_every = rate / 3 + 1;

  for (guint64 f = 0; f < frames; f++) {
    guint64 second = f / rate;

    for (guint c = 0; c < channels; c++) {
      double level_db = -1.0 - (double) ((second * 7 + c * 5) % 36);
      double amp = pow (10.0, level_db / 20.0);
      double u = (double) (next_random (&rng) >> 11) * 0x1p-53 * 2.0 - 1.0;
      double v = amp * u;

      /* A peak now and then, at a level that depends on the channel. */
      if ((f + c * 97) % peak_every == 0)
        v = (f & 1 ? -0.97 : 0.97) / (1.0 + c * 0.25);
      x[f * channels + c] = v;
    }
  }
  return x;
}

static void
fill_info (GstAudioInfo * info, DrmFormat format, guint rate, guint channels,
    gboolean planar)
{
  GstAudioChannelPosition pos[64];

  gst_audio_info_init (info);
  if (channels > 2) {
    guint64 mask = gst_audio_channel_get_fallback_mask (channels);

    if (mask == 0 || !gst_audio_channel_positions_from_mask (channels, mask,
            pos)) {
      for (guint c = 0; c < channels; c++)
        pos[c] = GST_AUDIO_CHANNEL_POSITION_NONE;
    }
    gst_audio_info_set_format (info, drm_test_gst_format (format), rate,
        channels, pos);
  } else {
    gst_audio_info_set_format (info, drm_test_gst_format (format), rate,
        channels, NULL);
  }
  info->layout = planar ? GST_AUDIO_LAYOUT_NON_INTERLEAVED :
      GST_AUDIO_LAYOUT_INTERLEAVED;
}

GstCaps *
drm_test_caps (DrmFormat format, guint rate, guint channels, gboolean planar)
{
  GstAudioInfo info;

  fill_info (&info, format, rate, channels, planar);
  return gst_audio_info_to_caps (&info);
}

GstBuffer *
drm_test_buffer (const guint8 * data, gsize ss, guint channels, guint rate,
    guint64 first, gsize n, gboolean planar, DrmFormat format)
{
  gsize size = n * ss * channels;
  guint8 *mem = g_malloc (size ? size : 1);
  GstBuffer *buf;

  if (!planar) {
    memcpy (mem, data + first * ss * channels, size);
    buf = gst_buffer_new_wrapped (mem, size);
  } else {
    GstAudioInfo info;
    gsize offsets[64];

    for (guint c = 0; c < channels; c++) {
      guint8 *plane = mem + (channels - 1 - c) * n * ss;

      offsets[c] = (channels - 1 - c) * n * ss;
      for (gsize i = 0; i < n; i++)
        memcpy (plane + i * ss, data + ((first + i) * channels + c) * ss, ss);
    }
    buf = gst_buffer_new_wrapped (mem, size);
    fill_info (&info, format, rate, channels, TRUE);
    fail_unless (gst_buffer_add_audio_meta (buf, &info, n, offsets) != NULL);
  }
  GST_BUFFER_PTS (buf) = gst_util_uint64_scale (first, GST_SECOND, rate);
  GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (first + n, GST_SECOND,
      rate) - GST_BUFFER_PTS (buf);
  GST_BUFFER_OFFSET (buf) = first;
  GST_BUFFER_OFFSET_END (buf) = first + n;
  return buf;
}

void
drm_test_engine_result (DrmFormat format, guint rate, guint channels,
    const void *data, guint64 frames, gboolean weighting,
    DrmTrackResult * result)
{
  int err = 0;
  DrmMeter *m = drm_meter_new (rate, channels, 0, &err);

  fail_unless (m != NULL, "meter: %s", drm_error_string (err));
  drm_meter_set_channel_weighting (m, weighting);
  fail_unless_equals_int (drm_meter_add_interleaved (m, format, data,
          (size_t) frames), DRM_OK);
  fail_unless_equals_int (drm_meter_finish (m, result), DRM_OK);
  drm_meter_free (m);
}

GstStructure *
drm_test_pop_report (GstBus * bus, GstClockTime timeout)
{
  for (;;) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, timeout,
        GST_MESSAGE_ELEMENT);
    const GstStructure *s;
    GstStructure *copy = NULL;

    if (!msg)
      return NULL;
    s = gst_message_get_structure (msg);
    if (s && gst_structure_has_name (s, GST_DRMETER_MESSAGE_NAME))
      copy = gst_structure_copy (s);
    gst_message_unref (msg);
    if (copy)
      return copy;
  }
}

guint64
drm_test_bits (gdouble d)
{
  guint64 u;

  memcpy (&u, &d, sizeof u);
  return u;
}

void
drm_test_parse_report (const GstStructure * s, GstDrMeterParsedReport * r)
{
  fail_unless (s != NULL, "no report");
  fail_unless (gst_drmeter_parse_report (s, r), "not a whole report: %"
      GST_PTR_FORMAT, s);
}

void
drm_test_parse_window (const GstStructure * s, GstDrMeterParsedWindow * w)
{
  fail_unless (s != NULL, "no window");
  fail_unless (gst_drmeter_parse_window (s, w), "not a whole window: %"
      GST_PTR_FORMAT, s);
}

GstDrMeterParsedReport
drm_test_read (const GstStructure * s)
{
  GstDrMeterParsedReport r;

  drm_test_parse_report (s, &r);
  return r;
}

GstDrMeterParsedWindow
drm_test_read_window (const GstStructure * s)
{
  GstDrMeterParsedWindow w;

  drm_test_parse_window (s, &w);
  return w;
}

static void
assert_same_bits (const gchar * what, gint channel, gdouble got, float want)
{
  fail_unless (drm_test_bits (got) == drm_test_bits ((double) want),
      "%s (channel %d): got %.17g, want %.17g", what, channel, got,
      (double) want);
}

void
drm_test_assert_report_equals (const GstStructure * s,
    const DrmTrackResult * r)
{
  GstDrMeterParsedReport got;

  drm_test_parse_report (s, &got);
  fail_unless_equals_int (got.dr, r->dr_displayed);
  assert_same_bits ("dr-value", -1, got.dr_value, r->dr);
  assert_same_bits ("peak", -1, got.peak, r->peak_db);
  assert_same_bits ("rms", -1, got.rms, r->rms_db);
  fail_unless_equals_uint64 (got.frames, r->frames);
  fail_unless_equals_uint64 (got.windows, r->windows);
  fail_unless_equals_int (got.rate, r->rate);
  fail_unless_equals_int (got.channels, r->channels);
  for (guint c = 0; c < r->channels; c++) {
    assert_same_bits ("channel DR", c, got.channel[c].dr, r->channel[c].dr);
    assert_same_bits ("channel peak", c, got.channel[c].peak,
        r->channel[c].peak_db);
    assert_same_bits ("channel RMS", c, got.channel[c].rms,
        r->channel[c].rms_db);
  }
}

void
drm_test_assert_tokens (const GstStructure * s, const DrmFixture * fx)
{
  char buf[DRM_TOKEN_SIZE];
  GstDrMeterParsedReport r;

  drm_test_parse_report (s, &r);
  fail_unless_equals_string (drm_format_dr (r.dr, buf), fx->dr_token);
  fail_unless_equals_string (drm_format_db (r.peak, buf), fx->peak_token);
  fail_unless_equals_string (drm_format_db (r.rms, buf), fx->rms_token);
  fail_unless_equals_uint64 (r.frames, fx->frames);
  fail_unless_equals_string (drm_format_duration (r.frames,
          (unsigned) r.rate, buf), fx->duration_token);
  fail_unless_equals_int (r.channels, fx->channels);
  for (guint c = 0; c < fx->channels; c++) {
    fail_unless_equals_string (drm_format_db (r.channel[c].dr, buf),
        fx->channel[c].dr_token);
    fail_unless_equals_string (drm_format_db (r.channel[c].rms, buf),
        fx->channel[c].rms_token);
  }
}
