/* gst-drmeter: the results as JSON (docs/json-schema.md).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "report.h"

void
drmt_json_string (GString * out, const gchar * s)
{
  gchar *valid;
  const gchar *p;

  if (!s) {
    g_string_append (out, "null");
    return;
  }
  valid = g_utf8_make_valid (s, -1);
  g_string_append_c (out, '"');
  for (p = valid; *p; p++) {
    guchar c = (guchar) * p;

    switch (c) {
      case '"':
        g_string_append (out, "\\\"");
        break;
      case '\\':
        g_string_append (out, "\\\\");
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      case '\t':
        g_string_append (out, "\\t");
        break;
      default:
        if (c < 0x20 || c == 0x7f)
          g_string_append_printf (out, "\\u%04x", c);
        else
          g_string_append_c (out, (gchar) c);
    }
  }
  g_string_append_c (out, '"');
  g_free (valid);
}

/* The shortest decimal that reads back as the same binary32: the values
 * the meter keeps are binary32, "12.04" rather than "12.039999961853027".
 * Infinite values (silence in dB) are null; NaN never occurs but would be
 * null too. */
static void
append_f32 (GString * out, gdouble v)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE], fmt[8];
  gfloat f = (gfloat) v;
  gint prec;

  if (!isfinite (v)) {
    g_string_append (out, "null");
    return;
  }
  for (prec = 1; prec <= 9; prec++) {
    g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
    g_ascii_formatd (buf, sizeof buf, fmt, (gdouble) f);
    if (strtof (buf, NULL) == f)
      break;
  }
  g_string_append (out, buf);
}

static void
append_f64 (GString * out, gdouble v)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v)) {
    g_string_append (out, "null");
    return;
  }
  g_string_append (out, g_ascii_dtostr (buf, sizeof buf, v));
}

static void
key (GString * out, const gchar * k)
{
  g_string_append_printf (out, "\"%s\": ", k);
}

static void
kv_str (GString * out, const gchar * k, const gchar * v)
{
  key (out, k);
  drmt_json_string (out, v);
  g_string_append (out, ", ");
}

static void
kv_u64 (GString * out, const gchar * k, guint64 v)
{
  key (out, k);
  g_string_append_printf (out, "%" G_GUINT64_FORMAT ", ", v);
}

static void
kv_uint_or_null (GString * out, const gchar * k, guint v)
{
  key (out, k);
  if (v)
    g_string_append_printf (out, "%u, ", v);
  else
    g_string_append (out, "null, ");
}

/* "peak_dbfs": -0.1, "peak_token": "-0.10" */
static void
kv_db (GString * out, const gchar * k, const gchar * token_key, gdouble db)
{
  gchar tok[DRM_TOKEN_SIZE];

  key (out, k);
  append_f32 (out, db);
  g_string_append (out, ", ");
  kv_str (out, token_key, drm_format_db (db, tok));
}

void
drmt_json_begin (GString * out, gboolean multichannel_weighting,
    gboolean length_weighting)
{
  g_string_append (out, "{\n  \"schema\": \"" DRMT_JSON_SCHEMA "\",\n");
  g_string_append_printf (out, "  \"schema_version\": %d,\n",
      DRMT_JSON_SCHEMA_VERSION);
  g_string_append (out, "  \"generator\": \"gst-drmeter " DRMT_VERSION "\",\n");
  g_string_append (out, "  \"compatible_with\": \"foobar2000 DR Meter 1.0.8\",\n");
  g_string_append_printf (out, "  \"settings\": {\"multichannel_weighting\": "
      "%s, \"album_length_weighting\": %s},\n",
      multichannel_weighting ? "true" : "false",
      length_weighting ? "true" : "false");
  g_string_append (out, "  \"albums\": [");
}

static void
append_track (GString * out, const DrmtTrack * t)
{
  gchar tok[DRM_TOKEN_SIZE], b[8];
  gchar *name = drmt_track_name (t);
  gint c;

  g_string_append (out, "        {");
  kv_str (out, "file", t->display);
  kv_str (out, "name", name);
  kv_uint_or_null (out, "track_number", t->track_number);
  kv_uint_or_null (out, "disc_number", t->disc_number);
  kv_str (out, "title", t->title);
  kv_str (out, "artist", t->artist);
  kv_str (out, "album", t->album);
  kv_str (out, "album_artist", t->album_artist);
  g_string_append (out, "\n         ");
  key (out, "dr");
  g_string_append_printf (out, "%d, ", t->dr);
  key (out, "dr_value");
  append_f32 (out, t->dr_value);
  g_string_append (out, ", ");
  kv_str (out, "dr_token", drm_format_dr (t->dr, tok));
  kv_db (out, "peak_dbfs", "peak_token", t->peak_db);
  kv_db (out, "rms_dbfs", "rms_token", t->rms_db);
  g_string_append (out, "\n         ");
  key (out, "duration_seconds");
  append_f64 (out, (gdouble) t->frames / t->rate);
  g_string_append (out, ", ");
  kv_str (out, "duration_token", drm_format_duration (t->frames, t->rate,
          tok));
  kv_u64 (out, "frames", t->frames);
  kv_u64 (out, "windows", t->windows);
  kv_u64 (out, "invalid_samples", t->invalid_samples);
  g_string_append (out, "\n         ");
  kv_u64 (out, "sample_rate", (guint64) t->rate);
  kv_u64 (out, "channel_count", (guint64) t->channels);
  kv_u64 (out, "bits_per_sample", (guint64) t->bits);
  kv_str (out, "sample_format", t->format);
  kv_str (out, "codec", t->codec);
  key (out, "bitrate");
  if (t->bitrate)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT ", ", t->bitrate);
  else
    g_string_append (out, "null, ");
  g_string_append (out, "\n         \"channels\": [");
  for (c = 0; c < t->channels; c++) {
    const DrmtChannel *ch = &t->channel[c];

    g_string_append (out, c ? ",\n           {" : "\n           {");
    kv_u64 (out, "index", (guint64) c);
    kv_str (out, "label", drmt_label_name (ch->label, b));
    key (out, "dr");
    append_f32 (out, ch->dr);
    g_string_append (out, ", ");
    kv_str (out, "dr_token", drm_format_db (ch->dr, tok));
    kv_db (out, "peak_dbfs", "peak_token", ch->peak_db);
    kv_db (out, "rms_dbfs", "rms_token", ch->rms_db);
    g_string_truncate (out, out->len - 2);
    g_string_append_c (out, '}');
  }
  g_string_append (out, "]}");
  g_free (name);
}

static void
append_int_list (GString * out, GPtrArray * sorted, gsize offset)
{
  GArray *v = g_array_new (FALSE, FALSE, sizeof (gint));
  guint i, j;

  for (i = 0; i < sorted->len; i++) {
    gint x = *(const gint *) ((const guint8 *) g_ptr_array_index (sorted,
            i) + offset);
    for (j = 0; j < v->len && g_array_index (v, gint, j) < x; j++);
    if (j == v->len || g_array_index (v, gint, j) != x)
      g_array_insert_val (v, j, x);
  }
  g_string_append_c (out, '[');
  for (i = 0; i < v->len; i++)
    g_string_append_printf (out, i ? ", %d" : "%d", g_array_index (v, gint,
            i));
  g_string_append (out, "], ");
  g_array_unref (v);
}

void
drmt_json_album (GString * out, const DrmtAlbum * album, GPtrArray * sorted,
    gboolean length_weighting, gboolean first)
{
  gchar tok[DRM_TOKEN_SIZE];
  gchar *artist = drmt_album_artist (sorted);
  gchar *title = drmt_album_title (sorted);
  gfloat dr = drmt_album_dr (sorted, length_weighting);
  gint labels[DRMT_N_LABELS];
  guint n_labels = drmt_report_labels (sorted, labels), i;
  gchar b[8];

  g_string_append (out, first ? "\n    {" : ",\n    {");
  kv_str (out, "path", album->display);
  kv_str (out, "artist", artist);
  kv_str (out, "album", title);
  g_string_append (out, "\n     ");
  kv_u64 (out, "track_count", sorted->len);
  key (out, "dr");
  g_string_append_printf (out, "%d, ", drm_dr_displayed (dr));
  key (out, "dr_value");
  append_f32 (out, dr);
  g_string_append (out, ", ");
  kv_str (out, "dr_token", drm_format_dr (drm_dr_displayed (dr), tok));
  g_string_append (out, "\n     ");
  key (out, "sample_rates");
  append_int_list (out, sorted, G_STRUCT_OFFSET (DrmtTrack, rate));
  key (out, "channel_counts");
  append_int_list (out, sorted, G_STRUCT_OFFSET (DrmtTrack, channels));
  key (out, "bits_per_sample");
  append_int_list (out, sorted, G_STRUCT_OFFSET (DrmtTrack, bits));
  g_string_append (out, "\n     \"channel_labels\": [");
  for (i = 0; i < n_labels; i++) {
    if (i)
      g_string_append (out, ", ");
    drmt_json_string (out, drmt_label_name (labels[i], b));
  }
  g_string_append (out, "],\n     \"tracks\": [\n");
  for (i = 0; i < sorted->len; i++) {
    append_track (out, g_ptr_array_index (sorted, i));
    g_string_append (out, i + 1 < sorted->len ? ",\n" : "\n");
  }
  g_string_append (out, "     ]}");
  g_free (artist);
  g_free (title);
}

void
drmt_json_end (GString * out, GPtrArray * errors, guint measured,
    gint exit_status)
{
  guint i;

  g_string_append (out, "\n  ],\n  \"errors\": [");
  for (i = 0; errors && i + 1 < errors->len; i += 2) {
    g_string_append (out, i ? ",\n    {" : "\n    {");
    key (out, "file");
    drmt_json_string (out, g_ptr_array_index (errors, i));
    g_string_append (out, ", ");
    key (out, "reason");
    drmt_json_string (out, g_ptr_array_index (errors, i + 1));
    g_string_append_c (out, '}');
  }
  g_string_append (out, errors && errors->len ? "\n  ],\n" : "],\n");
  g_string_append_printf (out, "  \"measured\": %u,\n  \"failed\": %u,\n"
      "  \"exit_status\": %d\n}\n", measured, errors ? errors->len / 2 : 0,
      exit_status);
}
