/* gst-drmeter: the structure of the drmeter element message.
 *
 * One function: an engine track result plus the element's context in, the
 * message's structure out, with the field names of drmeter-schema.h.
 * docs/element.md describes every field.
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
  gst_structure_take_value (s, GST_DRMETER_FIELD_CHANNEL_POSITIONS, &array);
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
  gst_structure_take_value (s, GST_DRMETER_FIELD_CHANNEL_LOUD_BIN, &bins);
  gst_structure_take_value (s, GST_DRMETER_FIELD_CHANNEL_LOUD_WINDOWS, &loud);
  gst_structure_take_value (s, GST_DRMETER_FIELD_CHANNEL_PRIMARY_PEAK,
      &primary);
  gst_structure_take_value (s, GST_DRMETER_FIELD_CHANNEL_SELECTED_PEAK,
      &selected);
}

/* The DR of the last windows: the track fields of @recent, prefixed. */
static void
add_recent (GstStructure * s, const DrmTrackResult * recent)
{
  gst_structure_set (s,
      GST_DRMETER_FIELD_RECENT_DR, G_TYPE_INT, recent->dr_displayed,
      GST_DRMETER_FIELD_RECENT_DR_VALUE, G_TYPE_DOUBLE, widen (recent->dr),
      GST_DRMETER_FIELD_RECENT_PEAK, G_TYPE_DOUBLE, widen (recent->peak_db),
      GST_DRMETER_FIELD_RECENT_RMS, G_TYPE_DOUBLE, widen (recent->rms_db),
      GST_DRMETER_FIELD_RECENT_WINDOWS, G_TYPE_UINT64,
      (guint64) recent->windows, NULL);
  take_channel_array (s, GST_DRMETER_FIELD_RECENT_CHANNEL_DR, recent,
      channel_dr);
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
      GST_DRMETER_FIELD_FINAL, G_TYPE_BOOLEAN, report->final,
      GST_DRMETER_FIELD_TRACK, G_TYPE_UINT, report->track,
      GST_DRMETER_FIELD_DR, G_TYPE_INT, r->dr_displayed,
      GST_DRMETER_FIELD_DR_VALUE, G_TYPE_DOUBLE, widen (r->dr),
      GST_DRMETER_FIELD_PEAK, G_TYPE_DOUBLE, widen (r->peak_db),
      GST_DRMETER_FIELD_RMS, G_TYPE_DOUBLE, widen (r->rms_db), NULL);

  take_channel_array (s, GST_DRMETER_FIELD_CHANNEL_DR, r, channel_dr);
  take_channel_array (s, GST_DRMETER_FIELD_CHANNEL_PEAK, r, channel_peak_db);
  take_channel_array (s, GST_DRMETER_FIELD_CHANNEL_RMS, r, channel_rms_db);
  take_position_array (s, r, report->positions);

  gst_structure_set (s,
      GST_DRMETER_FIELD_CHANNEL_WEIGHTED, G_TYPE_BOOLEAN,
      r->channel_weighted != 0,
      GST_DRMETER_FIELD_FRAMES, G_TYPE_UINT64, (guint64) r->frames,
      GST_DRMETER_FIELD_WINDOWS, G_TYPE_UINT64, (guint64) r->windows,
      GST_DRMETER_FIELD_INVALID_SAMPLES, G_TYPE_UINT64,
      (guint64) r->invalid_samples,
      GST_DRMETER_FIELD_RATE, G_TYPE_INT, (gint) r->rate,
      GST_DRMETER_FIELD_CHANNELS, G_TYPE_INT, (gint) r->channels,
      GST_DRMETER_FIELD_FORMAT, G_TYPE_STRING,
      gst_audio_format_to_string (report->format),
      GST_DRMETER_FIELD_DURATION, G_TYPE_UINT64, duration,
      GST_DRMETER_FIELD_TIMESTAMP, G_TYPE_UINT64, report->timestamp,
      GST_DRMETER_FIELD_STREAM_TIME, G_TYPE_UINT64, report->stream_time,
      GST_DRMETER_FIELD_RUNNING_TIME, G_TYPE_UINT64, report->running_time,
      GST_DRMETER_FIELD_ALBUM_DR, G_TYPE_INT,
      drm_album_get_dr_displayed (report->album),
      GST_DRMETER_FIELD_ALBUM_DR_VALUE, G_TYPE_DOUBLE,
      widen (drm_album_get_dr (report->album)),
      GST_DRMETER_FIELD_ALBUM_TRACKS, G_TYPE_UINT, report->album->tracks,
      GST_DRMETER_FIELD_ALBUM_LENGTH_WEIGHTED, G_TYPE_BOOLEAN,
      report->album->length_weighting != 0, NULL);

  if (report->stream_id)
    gst_structure_set (s, GST_DRMETER_FIELD_STREAM_ID, G_TYPE_STRING,
        report->stream_id, NULL);
  if (report->window_fields)
    add_window_summary (s, r);
  if (report->recent)
    add_recent (s, report->recent);

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
      GST_DRMETER_WINDOW_FIELD_TRACK, G_TYPE_UINT, context->track,
      GST_DRMETER_WINDOW_FIELD_INDEX, G_TYPE_UINT64, (guint64) w->index,
      GST_DRMETER_WINDOW_FIELD_START, G_TYPE_UINT64, context->start,
      GST_DRMETER_WINDOW_FIELD_DURATION, G_TYPE_UINT64, context->duration,
      GST_DRMETER_WINDOW_FIELD_FRAMES, G_TYPE_UINT64, (guint64) w->frames,
      GST_DRMETER_WINDOW_FIELD_RUNNING_TIME, G_TYPE_UINT64,
      context->running_time, NULL);

  take_window_array (s, GST_DRMETER_WINDOW_FIELD_RMS, w->channels, w->rms);
  take_window_array (s, GST_DRMETER_WINDOW_FIELD_PEAK, w->channels, w->peak);

  gst_value_array_init (&bins, w->channels);
  for (guint c = 0; c < w->channels; c++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_INT);
    g_value_set_int (&v, w->rms_bin[c]);
    gst_value_array_append_and_take_value (&bins, &v);
  }
  gst_structure_take_value (s, GST_DRMETER_WINDOW_FIELD_RMS_BIN, &bins);

  return s;
}

gboolean
gst_drmeter_engine_format (GstAudioFormat format, DrmFormat * out)
{
  switch (format) {
    case GST_AUDIO_FORMAT_U8:
      *out = DRM_FORMAT_U8;
      return TRUE;
    case GST_AUDIO_FORMAT_S16:
      *out = DRM_FORMAT_S16;
      return TRUE;
    case GST_AUDIO_FORMAT_S24:
      *out = DRM_FORMAT_S24;
      return TRUE;
    case GST_AUDIO_FORMAT_S24_32:
      *out = DRM_FORMAT_S24_32;
      return TRUE;
    case GST_AUDIO_FORMAT_S32:
      *out = DRM_FORMAT_S32;
      return TRUE;
    case GST_AUDIO_FORMAT_F32:
      *out = DRM_FORMAT_F32;
      return TRUE;
    case GST_AUDIO_FORMAT_F64:
      *out = DRM_FORMAT_F64;
      return TRUE;
    default:
      return FALSE;
  }
}
