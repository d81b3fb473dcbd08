/* gst-drmeter: the schema of the drmeter element's messages, and its reader.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "drmeter-schema.h"

#define REPORT(name, type) \
  { GST_DRMETER_MESSAGE_NAME, name, type, FALSE, GST_DRMETER_ALWAYS }
#define REPORT_CHANNELS(name, type) \
  { GST_DRMETER_MESSAGE_NAME, name, type, TRUE, GST_DRMETER_ALWAYS }
#define SUMMARY(name, type) \
  { GST_DRMETER_MESSAGE_NAME, name, type, TRUE, GST_DRMETER_WITH_WINDOWS }
#define RECENT(name, type) \
  { GST_DRMETER_MESSAGE_NAME, name, type, FALSE, GST_DRMETER_WITH_RECENT }
#define RECENT_CHANNELS(name, type) \
  { GST_DRMETER_MESSAGE_NAME, name, type, TRUE, GST_DRMETER_WITH_RECENT }
#define WINDOW(name, type) \
  { GST_DRMETER_WINDOW_MESSAGE_NAME, name, type, FALSE, GST_DRMETER_ALWAYS }
#define WINDOW_CHANNELS(name, type) \
  { GST_DRMETER_WINDOW_MESSAGE_NAME, name, type, TRUE, GST_DRMETER_ALWAYS }

/* Only fundamental types here, so that the table is a constant. */
static const GstDrMeterField fields[] = {
  REPORT (GST_DRMETER_FIELD_FINAL, G_TYPE_BOOLEAN),
  REPORT (GST_DRMETER_FIELD_TRACK, G_TYPE_UINT),
  REPORT (GST_DRMETER_FIELD_DR, G_TYPE_INT),
  REPORT (GST_DRMETER_FIELD_DR_VALUE, G_TYPE_DOUBLE),
  REPORT (GST_DRMETER_FIELD_PEAK, G_TYPE_DOUBLE),
  REPORT (GST_DRMETER_FIELD_RMS, G_TYPE_DOUBLE),
  REPORT_CHANNELS (GST_DRMETER_FIELD_CHANNEL_DR, G_TYPE_DOUBLE),
  REPORT_CHANNELS (GST_DRMETER_FIELD_CHANNEL_PEAK, G_TYPE_DOUBLE),
  REPORT_CHANNELS (GST_DRMETER_FIELD_CHANNEL_RMS, G_TYPE_DOUBLE),
  REPORT_CHANNELS (GST_DRMETER_FIELD_CHANNEL_POSITIONS, G_TYPE_STRING),
  REPORT (GST_DRMETER_FIELD_CHANNEL_WEIGHTED, G_TYPE_BOOLEAN),
  REPORT (GST_DRMETER_FIELD_FRAMES, G_TYPE_UINT64),
  REPORT (GST_DRMETER_FIELD_WINDOWS, G_TYPE_UINT64),
  REPORT (GST_DRMETER_FIELD_INVALID_SAMPLES, G_TYPE_UINT64),
  REPORT (GST_DRMETER_FIELD_RATE, G_TYPE_INT),
  REPORT (GST_DRMETER_FIELD_CHANNELS, G_TYPE_INT),
  REPORT (GST_DRMETER_FIELD_FORMAT, G_TYPE_STRING),
  REPORT (GST_DRMETER_FIELD_DURATION, G_TYPE_UINT64),
  REPORT (GST_DRMETER_FIELD_TIMESTAMP, G_TYPE_UINT64),
  REPORT (GST_DRMETER_FIELD_STREAM_TIME, G_TYPE_UINT64),
  REPORT (GST_DRMETER_FIELD_RUNNING_TIME, G_TYPE_UINT64),
  REPORT (GST_DRMETER_FIELD_ALBUM_DR, G_TYPE_INT),
  REPORT (GST_DRMETER_FIELD_ALBUM_DR_VALUE, G_TYPE_DOUBLE),
  REPORT (GST_DRMETER_FIELD_ALBUM_TRACKS, G_TYPE_UINT),
  REPORT (GST_DRMETER_FIELD_ALBUM_LENGTH_WEIGHTED, G_TYPE_BOOLEAN),
  {GST_DRMETER_MESSAGE_NAME, GST_DRMETER_FIELD_STREAM_ID, G_TYPE_STRING,
      FALSE, GST_DRMETER_WITH_STREAM_ID},
  WINDOW (GST_DRMETER_WINDOW_FIELD_TRACK, G_TYPE_UINT),
  WINDOW (GST_DRMETER_WINDOW_FIELD_INDEX, G_TYPE_UINT64),
  WINDOW (GST_DRMETER_WINDOW_FIELD_START, G_TYPE_UINT64),
  WINDOW (GST_DRMETER_WINDOW_FIELD_DURATION, G_TYPE_UINT64),
  WINDOW (GST_DRMETER_WINDOW_FIELD_FRAMES, G_TYPE_UINT64),
  WINDOW (GST_DRMETER_WINDOW_FIELD_RUNNING_TIME, G_TYPE_UINT64),
  WINDOW_CHANNELS (GST_DRMETER_WINDOW_FIELD_RMS, G_TYPE_DOUBLE),
  WINDOW_CHANNELS (GST_DRMETER_WINDOW_FIELD_PEAK, G_TYPE_DOUBLE),
  WINDOW_CHANNELS (GST_DRMETER_WINDOW_FIELD_RMS_BIN, G_TYPE_INT),
  SUMMARY (GST_DRMETER_FIELD_CHANNEL_LOUD_BIN, G_TYPE_INT),
  SUMMARY (GST_DRMETER_FIELD_CHANNEL_LOUD_WINDOWS, G_TYPE_UINT64),
  SUMMARY (GST_DRMETER_FIELD_CHANNEL_PRIMARY_PEAK, G_TYPE_DOUBLE),
  SUMMARY (GST_DRMETER_FIELD_CHANNEL_SELECTED_PEAK, G_TYPE_DOUBLE),
  RECENT (GST_DRMETER_FIELD_RECENT_DR, G_TYPE_INT),
  RECENT (GST_DRMETER_FIELD_RECENT_DR_VALUE, G_TYPE_DOUBLE),
  RECENT_CHANNELS (GST_DRMETER_FIELD_RECENT_CHANNEL_DR, G_TYPE_DOUBLE),
  RECENT (GST_DRMETER_FIELD_RECENT_PEAK, G_TYPE_DOUBLE),
  RECENT (GST_DRMETER_FIELD_RECENT_RMS, G_TYPE_DOUBLE),
  RECENT (GST_DRMETER_FIELD_RECENT_WINDOWS, G_TYPE_UINT64),
};

const GstDrMeterField *
gst_drmeter_schema_fields (guint * n_fields)
{
  *n_fields = G_N_ELEMENTS (fields);
  return fields;
}

/* ---- per-channel arrays ---- */

/* The array @field if it holds @n values of @type. */
static const GValue *
channel_array (const GstStructure * s, const gchar * field, guint n,
    GType type)
{
  const GValue *a = gst_structure_get_value (s, field);

  if (!a || !GST_VALUE_HOLDS_ARRAY (a) || gst_value_array_get_size (a) != n)
    return NULL;
  for (guint c = 0; c < n; c++)
    if (G_VALUE_TYPE (gst_value_array_get_value (a, c)) != type)
      return NULL;
  return a;
}

/* Copies the @n values of @field (of @type) to @out, @stride bytes apart. */
static gboolean
get_channels (const GstStructure * s, const gchar * field, guint n,
    GType type, gpointer out, gsize stride)
{
  const GValue *a = channel_array (s, field, n, type);

  if (!a)
    return FALSE;
  for (guint c = 0; c < n; c++) {
    const GValue *v = gst_value_array_get_value (a, c);
    guint8 *to = (guint8 *) out + c * stride;

    if (type == G_TYPE_DOUBLE)
      *(gdouble *) to = g_value_get_double (v);
    else if (type == G_TYPE_INT)
      *(gint *) to = g_value_get_int (v);
    else if (type == G_TYPE_UINT64)
      *(guint64 *) to = g_value_get_uint64 (v);
    else
      g_return_val_if_reached (FALSE);
  }
  return TRUE;
}

#define CHANNEL_STRIDE sizeof (GstDrMeterParsedChannel)
#define CHANNEL_FIELD(out, member) (&(out)->channel[0].member)

static gboolean
get_positions (const GstStructure * s, GstDrMeterParsedReport * out)
{
  const GValue *a = channel_array (s, GST_DRMETER_FIELD_CHANNEL_POSITIONS,
      out->channels, G_TYPE_STRING);
  GEnumClass *klass;
  gboolean ok = TRUE;

  if (!a)
    return FALSE;
  klass = g_type_class_ref (GST_TYPE_AUDIO_CHANNEL_POSITION);
  for (gint c = 0; c < out->channels && ok; c++) {
    const gchar *nick =
        g_value_get_string (gst_value_array_get_value (a, c));
    GEnumValue *e = nick ? g_enum_get_value_by_nick (klass, nick) : NULL;

    ok = e != NULL;
    if (ok)
      out->channel[c].position = e->value;
  }
  g_type_class_unref (klass);
  return ok;
}

static gboolean
get_window_summary (const GstStructure * s, GstDrMeterParsedReport * r)
{
  guint n = r->channels;

  return get_channels (s, GST_DRMETER_FIELD_CHANNEL_LOUD_BIN, n, G_TYPE_INT,
      CHANNEL_FIELD (r, loud_bin), CHANNEL_STRIDE)
      && get_channels (s, GST_DRMETER_FIELD_CHANNEL_LOUD_WINDOWS, n,
      G_TYPE_UINT64, CHANNEL_FIELD (r, loud_windows), CHANNEL_STRIDE)
      && get_channels (s, GST_DRMETER_FIELD_CHANNEL_PRIMARY_PEAK, n,
      G_TYPE_DOUBLE, CHANNEL_FIELD (r, primary_peak), CHANNEL_STRIDE)
      && get_channels (s, GST_DRMETER_FIELD_CHANNEL_SELECTED_PEAK, n,
      G_TYPE_DOUBLE, CHANNEL_FIELD (r, selected_peak), CHANNEL_STRIDE);
}

static gboolean
get_recent (const GstStructure * s, GstDrMeterParsedReport * r)
{
  return gst_structure_get (s,
      GST_DRMETER_FIELD_RECENT_DR, G_TYPE_INT, &r->recent_dr,
      GST_DRMETER_FIELD_RECENT_DR_VALUE, G_TYPE_DOUBLE, &r->recent_dr_value,
      GST_DRMETER_FIELD_RECENT_PEAK, G_TYPE_DOUBLE, &r->recent_peak,
      GST_DRMETER_FIELD_RECENT_RMS, G_TYPE_DOUBLE, &r->recent_rms,
      GST_DRMETER_FIELD_RECENT_WINDOWS, G_TYPE_UINT64, &r->recent_windows,
      NULL)
      && get_channels (s, GST_DRMETER_FIELD_RECENT_CHANNEL_DR, r->channels,
      G_TYPE_DOUBLE, CHANNEL_FIELD (r, recent_dr), CHANNEL_STRIDE);
}

/* ---- the messages ---- */

/* Mirrors gst_structure_new() in the writer: every scalar, each with its
 * type; FALSE if one is missing or of another type. */
static gboolean
get_report_scalars (const GstStructure * s, GstDrMeterParsedReport * r)
{
  return gst_structure_get (s,
      GST_DRMETER_FIELD_FINAL, G_TYPE_BOOLEAN, &r->final,
      GST_DRMETER_FIELD_TRACK, G_TYPE_UINT, &r->track,
      GST_DRMETER_FIELD_DR, G_TYPE_INT, &r->dr,
      GST_DRMETER_FIELD_DR_VALUE, G_TYPE_DOUBLE, &r->dr_value,
      GST_DRMETER_FIELD_PEAK, G_TYPE_DOUBLE, &r->peak,
      GST_DRMETER_FIELD_RMS, G_TYPE_DOUBLE, &r->rms,
      GST_DRMETER_FIELD_CHANNEL_WEIGHTED, G_TYPE_BOOLEAN, &r->channel_weighted,
      GST_DRMETER_FIELD_FRAMES, G_TYPE_UINT64, &r->frames,
      GST_DRMETER_FIELD_WINDOWS, G_TYPE_UINT64, &r->windows,
      GST_DRMETER_FIELD_INVALID_SAMPLES, G_TYPE_UINT64, &r->invalid_samples,
      GST_DRMETER_FIELD_RATE, G_TYPE_INT, &r->rate,
      GST_DRMETER_FIELD_CHANNELS, G_TYPE_INT, &r->channels,
      GST_DRMETER_FIELD_DURATION, G_TYPE_UINT64, &r->duration,
      GST_DRMETER_FIELD_TIMESTAMP, G_TYPE_UINT64, &r->timestamp,
      GST_DRMETER_FIELD_STREAM_TIME, G_TYPE_UINT64, &r->stream_time,
      GST_DRMETER_FIELD_RUNNING_TIME, G_TYPE_UINT64, &r->running_time,
      GST_DRMETER_FIELD_ALBUM_DR, G_TYPE_INT, &r->album_dr,
      GST_DRMETER_FIELD_ALBUM_DR_VALUE, G_TYPE_DOUBLE, &r->album_dr_value,
      GST_DRMETER_FIELD_ALBUM_TRACKS, G_TYPE_UINT, &r->album_tracks,
      GST_DRMETER_FIELD_ALBUM_LENGTH_WEIGHTED, G_TYPE_BOOLEAN,
      &r->album_length_weighted, NULL);
}

gboolean
gst_drmeter_parse_report (const GstStructure * s,
    GstDrMeterParsedReport * r)
{
  const gchar *format;
  guint n;

  g_return_val_if_fail (s != NULL && r != NULL, FALSE);

  memset (r, 0, sizeof *r);
  if (!gst_structure_has_name (s, GST_DRMETER_MESSAGE_NAME)
      || !get_report_scalars (s, r)
      || r->rate <= 0 || r->channels <= 0 || r->channels > DRM_MAX_CHANNELS)
    return FALSE;
  format = gst_structure_get_string (s, GST_DRMETER_FIELD_FORMAT);
  r->format = format ? gst_audio_format_from_string (format) :
      GST_AUDIO_FORMAT_UNKNOWN;
  if (r->format == GST_AUDIO_FORMAT_UNKNOWN)
    return FALSE;

  n = r->channels;
  if (!get_channels (s, GST_DRMETER_FIELD_CHANNEL_DR, n, G_TYPE_DOUBLE,
          CHANNEL_FIELD (r, dr), CHANNEL_STRIDE)
      || !get_channels (s, GST_DRMETER_FIELD_CHANNEL_PEAK, n, G_TYPE_DOUBLE,
          CHANNEL_FIELD (r, peak), CHANNEL_STRIDE)
      || !get_channels (s, GST_DRMETER_FIELD_CHANNEL_RMS, n, G_TYPE_DOUBLE,
          CHANNEL_FIELD (r, rms), CHANNEL_STRIDE)
      || !get_positions (s, r))
    return FALSE;

  r->stream_id = gst_structure_get_string (s, GST_DRMETER_FIELD_STREAM_ID);
  r->has_window_summary = get_window_summary (s, r);
  r->has_recent = get_recent (s, r);
  return TRUE;
}

gboolean
gst_drmeter_parse_window (const GstStructure * s,
    GstDrMeterParsedWindow * w)
{
  const GValue *rms;

  g_return_val_if_fail (s != NULL && w != NULL, FALSE);

  memset (w, 0, sizeof *w);
  if (!gst_structure_has_name (s, GST_DRMETER_WINDOW_MESSAGE_NAME)
      || !gst_structure_get (s,
          GST_DRMETER_WINDOW_FIELD_TRACK, G_TYPE_UINT, &w->track,
          GST_DRMETER_WINDOW_FIELD_INDEX, G_TYPE_UINT64, &w->index,
          GST_DRMETER_WINDOW_FIELD_START, G_TYPE_UINT64, &w->start,
          GST_DRMETER_WINDOW_FIELD_DURATION, G_TYPE_UINT64, &w->duration,
          GST_DRMETER_WINDOW_FIELD_FRAMES, G_TYPE_UINT64, &w->frames,
          GST_DRMETER_WINDOW_FIELD_RUNNING_TIME, G_TYPE_UINT64,
          &w->running_time, NULL))
    return FALSE;

  /* the channel count is the arrays' length */
  rms = gst_structure_get_value (s, GST_DRMETER_WINDOW_FIELD_RMS);
  if (!rms || !GST_VALUE_HOLDS_ARRAY (rms))
    return FALSE;
  w->channels = gst_value_array_get_size (rms);
  if (w->channels == 0 || w->channels > DRM_MAX_CHANNELS)
    return FALSE;
  return get_channels (s, GST_DRMETER_WINDOW_FIELD_RMS, w->channels,
      G_TYPE_DOUBLE, w->rms, sizeof w->rms[0])
      && get_channels (s, GST_DRMETER_WINDOW_FIELD_PEAK, w->channels,
      G_TYPE_DOUBLE, w->peak, sizeof w->peak[0])
      && get_channels (s, GST_DRMETER_WINDOW_FIELD_RMS_BIN, w->channels,
      G_TYPE_INT, w->rms_bin, sizeof w->rms_bin[0]);
}
