/* gst-drmeter: the structure of the drmeter element message.
 *
 * One function: an engine track result plus the element's context in, the
 * message's structure out. docs/element.md describes every field.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include "drmeter-message.h"

/* Public values are binary32; widening them is exact. The engine never
 * yields NaN, but a message must never carry one whatever happens. */
static gdouble
widen (float v)
{
  return isnan (v) ? 0.0 : (gdouble) v;
}

typedef float (*ChannelValue) (const DrmChannelResult * ch);

static float
channel_dr (const DrmChannelResult * ch)
{
  return ch->dr;
}

static float
channel_peak_db (const DrmChannelResult * ch)
{
  return ch->peak_db;
}

static float
channel_rms_db (const DrmChannelResult * ch)
{
  return ch->rms_db;
}

/* A GstValueArray of gdouble, one per channel. */
static void
take_channel_array (GstStructure * s, const gchar * field,
    const DrmTrackResult * r, ChannelValue value)
{
  GValue array = G_VALUE_INIT;

  gst_value_array_init (&array, r->channels);
  for (guint c = 0; c < r->channels; c++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_DOUBLE);
    g_value_set_double (&v, widen (value (&r->channel[c])));
    gst_value_array_append_and_take_value (&array, &v);
  }
  gst_structure_take_value (s, field, &array);
}

static void
take_position_array (GstStructure * s, const DrmTrackResult * r,
    const GstAudioChannelPosition * positions)
{
  GEnumClass *klass = g_type_class_ref (GST_TYPE_AUDIO_CHANNEL_POSITION);
  GValue array = G_VALUE_INIT;

  gst_value_array_init (&array, r->channels);
  for (guint c = 0; c < r->channels; c++) {
    GValue v = G_VALUE_INIT;
    GEnumValue *e = g_enum_get_value (klass, positions[c]);

    g_value_init (&v, G_TYPE_STRING);
    g_value_set_static_string (&v, e ? e->value_nick : "none");
    gst_value_array_append_and_take_value (&array, &v);
  }
  gst_structure_take_value (s, "channel-positions", &array);
  g_type_class_unref (klass);
}

static gdouble to_dbfs (double v);

/* What the windows messages need to be read: per channel, the loud set's
 * histogram threshold and size, the highest window peak and the peak the
 * DR was computed from. */
static void
add_window_summary (GstStructure * s, const DrmTrackResult * r)
{
  GValue bins = G_VALUE_INIT, loud = G_VALUE_INIT, primary = G_VALUE_INIT,
      selected = G_VALUE_INIT;

  gst_value_array_init (&bins, r->channels);
  gst_value_array_init (&loud, r->channels);
  gst_value_array_init (&primary, r->channels);
  gst_value_array_init (&selected, r->channels);
  for (guint c = 0; c < r->channels; c++) {
    const DrmChannelResult *ch = &r->channel[c];
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_INT);
    g_value_set_int (&v, ch->loud_bin);
    gst_value_array_append_and_take_value (&bins, &v);
    g_value_init (&v, G_TYPE_UINT64);
    g_value_set_uint64 (&v, ch->loud_windows);
    gst_value_array_append_and_take_value (&loud, &v);
    g_value_init (&v, G_TYPE_DOUBLE);
    g_value_set_double (&v, to_dbfs (ch->primary_peak));
    gst_value_array_append_and_take_value (&primary, &v);
    g_value_init (&v, G_TYPE_DOUBLE);
    g_value_set_double (&v, to_dbfs (ch->selected_peak));
    gst_value_array_append_and_take_value (&selected, &v);
  }
  gst_structure_take_value (s, "channel-loud-bin", &bins);
  gst_structure_take_value (s, "channel-loud-windows", &loud);
  gst_structure_take_value (s, "channel-primary-peak", &primary);
  gst_structure_take_value (s, "channel-selected-peak", &selected);
}

GstStructure *
gst_drmeter_report_to_structure (const DrmTrackResult * r,
    const GstDrMeterReport * report)
{
  GstStructure *s;
  guint64 duration;

  g_return_val_if_fail (r != NULL && report != NULL, NULL);
  g_return_val_if_fail (r->rate > 0 && r->channels > 0, NULL);
  g_return_val_if_fail (report->album != NULL, NULL);

  duration = gst_util_uint64_scale (r->frames, GST_SECOND, r->rate);

  s = gst_structure_new (GST_DRMETER_MESSAGE_NAME,
      "final", G_TYPE_BOOLEAN, report->final,
      "track", G_TYPE_UINT, report->track,
      "dr", G_TYPE_INT, r->dr_displayed,
      "dr-value", G_TYPE_DOUBLE, widen (r->dr),
      "peak", G_TYPE_DOUBLE, widen (r->peak_db),
      "rms", G_TYPE_DOUBLE, widen (r->rms_db), NULL);

  take_channel_array (s, "channel-dr", r, channel_dr);
  take_channel_array (s, "channel-peak", r, channel_peak_db);
  take_channel_array (s, "channel-rms", r, channel_rms_db);
  take_position_array (s, r, report->positions);

  gst_structure_set (s,
      "channel-weighted", G_TYPE_BOOLEAN, r->channel_weighted != 0,
      "frames", G_TYPE_UINT64, (guint64) r->frames,
      "windows", G_TYPE_UINT64, (guint64) r->windows,
      "invalid-samples", G_TYPE_UINT64, (guint64) r->invalid_samples,
      "rate", G_TYPE_INT, (gint) r->rate,
      "channels", G_TYPE_INT, (gint) r->channels,
      "format", G_TYPE_STRING, gst_audio_format_to_string (report->format),
      "duration", G_TYPE_UINT64, duration,
      "timestamp", G_TYPE_UINT64, report->timestamp,
      "stream-time", G_TYPE_UINT64, report->stream_time,
      "running-time", G_TYPE_UINT64, report->running_time,
      "album-dr", G_TYPE_INT, drm_album_get_dr_displayed (report->album),
      "album-dr-value", G_TYPE_DOUBLE,
      widen (drm_album_get_dr (report->album)),
      "album-tracks", G_TYPE_UINT, report->album->tracks,
      "album-length-weighted", G_TYPE_BOOLEAN,
      report->album->length_weighting != 0, NULL);

  if (report->stream_id)
    gst_structure_set (s, "stream-id", G_TYPE_STRING, report->stream_id,
        NULL);
  if (report->window_fields)
    add_window_summary (s, r);

  return s;
}

/* dBFS of a linear level: -inf for 0, never NaN. */
static gdouble
to_dbfs (double v)
{
  if (isnan (v))
    return 0.0;
  if (v <= 0.0)
    return -INFINITY;
  return 20.0 * log10 (v);
}

static void
take_window_array (GstStructure * s, const gchar * field, guint n,
    const double *values)
{
  GValue array = G_VALUE_INIT;

  gst_value_array_init (&array, n);
  for (guint c = 0; c < n; c++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_DOUBLE);
    g_value_set_double (&v, to_dbfs (values[c]));
    gst_value_array_append_and_take_value (&array, &v);
  }
  gst_structure_take_value (s, field, &array);
}

GstStructure *
gst_drmeter_window_to_structure (const DrmWindowInfo * w,
    const GstDrMeterWindow * context)
{
  GstStructure *s;
  GValue bins = G_VALUE_INIT;

  g_return_val_if_fail (w != NULL && context != NULL, NULL);
  g_return_val_if_fail (w->channels > 0, NULL);

  s = gst_structure_new (GST_DRMETER_WINDOW_MESSAGE_NAME,
      "track", G_TYPE_UINT, context->track,
      "index", G_TYPE_UINT64, (guint64) w->index,
      "start", G_TYPE_UINT64, context->start,
      "duration", G_TYPE_UINT64, context->duration,
      "frames", G_TYPE_UINT64, (guint64) w->frames,
      "running-time", G_TYPE_UINT64, context->running_time, NULL);

  take_window_array (s, "rms", w->channels, w->rms);
  take_window_array (s, "peak", w->channels, w->peak);

  gst_value_array_init (&bins, w->channels);
  for (guint c = 0; c < w->channels; c++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_INT);
    g_value_set_int (&v, w->rms_bin[c]);
    gst_value_array_append_and_take_value (&bins, &v);
  }
  gst_structure_take_value (s, "rms-bin", &bins);

  return s;
}
