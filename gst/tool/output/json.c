/* gst-drmeter: the results as JSON (docs/json-schema.md).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "progress.h"
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

/* The shortest "%.Ng" that reads back as @v: as the same binary64, or
 * with @single as the same binary32 (the values the meter keeps are
 * binary32: "12.04" rather than "12.039999961853027"). -inf (silence in
 * dB) is null; +inf (an RMS or peak beyond binary32, from float samples of
 * about 1e19 and more) is the string "+inf", so that it is never taken for
 * silence; NaN never occurs but would be null too. */
static void
append_shortest (GString * out, gdouble v, gboolean single)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE], fmt[8];
  gfloat f = (gfloat) v;

  if (isinf (v) && v > 0) {
    g_string_append (out, "\"+inf\"");
    return;
  }
  if (!isfinite (v)) {
    g_string_append (out, "null");
    return;
  }
  if (single)
    v = f;
  for (gint prec = 1; prec <= (single ? 9 : 17); prec++) {
    g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
    g_ascii_formatd (buf, sizeof buf, fmt, v);
    if (single ? strtof (buf, NULL) == f : g_ascii_strtod (buf, NULL) == v)
      break;
  }
  g_string_append (out, buf);
}

static void
append_f32 (GString * out, gdouble v)
{
  append_shortest (out, v, TRUE);
}

static void
append_f64 (GString * out, gdouble v)
{
  append_shortest (out, v, FALSE);
}

/* An object being written: members separated by ", ", or by ",\n" and
 * @indent after drmt_json_break(). */
typedef struct {
  GString *out;
  gboolean first;
  const gchar *brk;             /* pending line break and indent */
} Obj;

static void
obj_begin (Obj * o, GString * out)
{
  o->out = out;
  o->first = TRUE;
  o->brk = NULL;
  g_string_append_c (out, '{');
}

static void
obj_break (Obj * o, const gchar * indent)
{
  o->brk = indent;
}

static void
obj_end (Obj * o)
{
  g_string_append_c (o->out, '}');
}

static void
key (Obj * o, const gchar * k)
{
  if (!o->first)
    g_string_append_c (o->out, ',');
  if (o->brk) {
    g_string_append_c (o->out, '\n');
    g_string_append (o->out, o->brk);
  } else if (!o->first) {
    g_string_append_c (o->out, ' ');
  }
  o->first = FALSE;
  o->brk = NULL;
  g_string_append_printf (o->out, "\"%s\": ", k);
}

static void
kv_str (Obj * o, const gchar * k, const gchar * v)
{
  key (o, k);
  drmt_json_string (o->out, v);
}

static void
kv_u64 (Obj * o, const gchar * k, guint64 v)
{
  key (o, k);
  g_string_append_printf (o->out, "%" G_GUINT64_FORMAT, v);
}

static void
kv_int (Obj * o, const gchar * k, gint v)
{
  key (o, k);
  g_string_append_printf (o->out, "%d", v);
}

static void
kv_uint_or_null (Obj * o, const gchar * k, guint64 v)
{
  key (o, k);
  if (v)
    g_string_append_printf (o->out, "%" G_GUINT64_FORMAT, v);
  else
    g_string_append (o->out, "null");
}

static void
kv_bool (Obj * o, const gchar * k, gboolean v)
{
  key (o, k);
  g_string_append (o->out, v ? "true" : "false");
}

static void
kv_f32 (Obj * o, const gchar * k, gdouble v)
{
  key (o, k);
  append_f32 (o->out, v);
}

/* "peak_dbfs": -0.1, "peak_token": "-0.10" */
static void
kv_db (Obj * o, const gchar * k, const gchar * token_key, gdouble db)
{
  gchar tok[DRM_TOKEN_SIZE];

  kv_f32 (o, k, db);
  kv_str (o, token_key, drm_format_db (db, tok));
}

void
drmt_json_begin (GString * out, gboolean multichannel_weighting,
    gboolean length_weighting, gboolean reference_order)
{
  g_string_append (out, "{\n  \"schema\": \"" DRMT_JSON_SCHEMA "\",\n");
  g_string_append_printf (out, "  \"schema_version\": %d,\n",
      DRMT_JSON_SCHEMA_VERSION);
  g_string_append (out, "  \"generator\": \"gst-drmeter " DRMT_VERSION "\",\n");
  g_string_append (out, "  \"compatible_with\": \"foobar2000 DR Meter 1.0.8\",\n");
  g_string_append_printf (out, "  \"settings\": {\"multichannel_weighting\": "
      "%s, \"album_length_weighting\": %s, \"reference_order\": %s},\n",
      multichannel_weighting ? "true" : "false",
      length_weighting ? "true" : "false",
      reference_order ? "true" : "false");
  g_string_append (out, "  \"albums\": [");
}

/* --write-tags: "tags": {"status": "written", "dynamic_range": 12,
 * "album_dynamic_range": 11, "reason": null} */
static void
append_tags (Obj * o, const DrmtScannedTrack * t)
{
  Obj to;

  obj_break (o, "         ");
  key (o, "tags");
  obj_begin (&to, o->out);
  kv_str (&to, "status", t->tag_status);
  kv_int (&to, "dynamic_range", t->tag_dr);
  kv_int (&to, "album_dynamic_range", t->tag_album_dr);
  kv_str (&to, "reason", t->tag_error);
  obj_end (&to);
}

static void
append_track (GString * out, const DrmtScannedTrack * t)
{
  gchar tok[DRM_TOKEN_SIZE], b[8];
  gchar *name = drmt_scanned_track_name (t);
  gchar *file_bytes;
  const gchar *ind = "         ";
  Obj o;
  gint c;

  g_string_append (out, "        ");
  obj_begin (&o, out);
  kv_str (&o, "file", t->display);
  /* the path's exact bytes, which "file" cannot hold when they are not
   * UTF-8: a script opens the file with base64-decoded bytes */
  file_bytes = g_base64_encode ((const guchar *) t->path, strlen (t->path));
  kv_str (&o, "file_bytes", file_bytes);
  g_free (file_bytes);
  kv_str (&o, "name", name);
  kv_uint_or_null (&o, "track_number", t->track_number);
  kv_uint_or_null (&o, "disc_number", t->disc_number);
  obj_break (&o, ind);
  kv_str (&o, "title", t->title);
  kv_str (&o, "artist", t->artist);
  kv_str (&o, "album", t->album);
  kv_str (&o, "album_artist", t->album_artist);
  kv_str (&o, "year", t->year);
  obj_break (&o, ind);
  kv_str (&o, "cue_sheet", t->cue_sheet);
  key (&o, "cue_first_sample");
  if (t->cue_sheet)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, t->cue_first_sample);
  else
    g_string_append (out, "null");
  obj_break (&o, ind);
  kv_int (&o, "dr", t->dr);
  kv_f32 (&o, "dr_value", t->dr_value);
  kv_str (&o, "dr_token", drm_format_dr (t->dr, tok));
  kv_bool (&o, "near_boundary", drm_dr_near_boundary ((float) t->dr_value));
  obj_break (&o, ind);
  kv_db (&o, "peak_dbfs", "peak_token", t->peak_db);
  kv_db (&o, "rms_dbfs", "rms_token", t->rms_db);
  obj_break (&o, ind);
  key (&o, "duration_seconds");
  append_f64 (out, (gdouble) t->frames / t->rate);
  kv_str (&o, "duration_token", drm_format_duration (t->frames, t->rate,
          tok));
  kv_u64 (&o, "frames", t->frames);
  kv_u64 (&o, "windows", t->windows);
  kv_u64 (&o, "invalid_samples", t->invalid_samples);
  obj_break (&o, ind);
  kv_int (&o, "sample_rate", t->rate);
  kv_int (&o, "channel_count", t->channels);
  kv_int (&o, "bits_per_sample", t->bits);
  kv_str (&o, "sample_format", t->format);
  kv_str (&o, "codec", t->codec);
  kv_str (&o, "decoder", t->decoder);
  kv_uint_or_null (&o, "bitrate", t->bitrate);
  obj_break (&o, ind);
  key (&o, "channels");
  g_string_append_c (out, '[');
  for (c = 0; c < t->channels; c++) {
    const DrmtChannel *ch = &t->channel[c];
    Obj co;

    g_string_append (out, c ? ",\n           " : "\n           ");
    obj_begin (&co, out);
    kv_int (&co, "index", c);
    kv_str (&co, "label", drmt_label_name (ch->label, b));
    kv_f32 (&co, "dr", ch->dr);
    kv_str (&co, "dr_token", drm_format_db (ch->dr, tok));
    kv_db (&co, "peak_dbfs", "peak_token", ch->peak_db);
    kv_db (&co, "rms_dbfs", "rms_token", ch->rms_db);
    obj_end (&co);
  }
  g_string_append_c (out, ']');
  if (t->tag_status)
    append_tags (&o, t);
  obj_end (&o);
  g_free (name);
}

/* The distinct values of a gint field of the tracks, as the log lists
 * them, as an array. */
static void
kv_distinct (Obj * o, const gchar * k, GPtrArray * sorted, gsize offset)
{
  key (o, k);
  g_string_append_c (o->out, '[');
  drmt_report_append_distinct (o->out, sorted, offset);
  g_string_append_c (o->out, ']');
}

void
drmt_json_album (GString * out, const DrmtScannedAlbum * album,
    GPtrArray * sorted,
    gboolean length_weighting, gboolean first)
{
  gchar tok[DRM_TOKEN_SIZE], b[8];
  gchar *artist = drmt_scanned_album_artist (sorted);
  gchar *title = drmt_scanned_album_title (sorted);
  gfloat dr = drmt_scanned_album_dr (sorted, length_weighting);
  gint labels[DRMT_N_LABELS];
  guint n_labels = drmt_report_labels (sorted, labels), i;
  const gchar *ind = "     ";
  Obj o;

  g_string_append (out, first ? "\n    " : ",\n    ");
  obj_begin (&o, out);
  kv_str (&o, "path", album->display);
  obj_break (&o, ind);
  kv_str (&o, "artist", artist);
  kv_str (&o, "album", title);
  obj_break (&o, ind);
  kv_u64 (&o, "track_count", sorted->len);
  kv_int (&o, "dr", drm_dr_displayed (dr));
  kv_f32 (&o, "dr_value", dr);
  kv_str (&o, "dr_token", drm_format_dr (drm_dr_displayed (dr), tok));
  kv_bool (&o, "near_boundary", drm_dr_near_boundary (dr));
  obj_break (&o, ind);
  kv_distinct (&o, "sample_rates", sorted,
      G_STRUCT_OFFSET (DrmtScannedTrack, rate));
  kv_distinct (&o, "channel_counts", sorted,
      G_STRUCT_OFFSET (DrmtScannedTrack, channels));
  kv_distinct (&o, "bits_per_sample", sorted,
      G_STRUCT_OFFSET (DrmtScannedTrack, bits));
  obj_break (&o, ind);
  key (&o, "channel_labels");
  g_string_append_c (out, '[');
  for (i = 0; i < n_labels; i++) {
    if (i)
      g_string_append (out, ", ");
    drmt_json_string (out, drmt_label_name (labels[i], b));
  }
  g_string_append_c (out, ']');
  obj_break (&o, ind);
  key (&o, "tracks");
  g_string_append (out, "[\n");
  for (i = 0; i < sorted->len; i++) {
    append_track (out, g_ptr_array_index (sorted, i));
    g_string_append (out, i + 1 < sorted->len ? ",\n" : "\n");
  }
  g_string_append (out, "     ]");
  obj_end (&o);
  g_free (artist);
  g_free (title);
}

void
drmt_json_end (GString * out, GPtrArray * skipped, const GArray * errors,
    guint measured, gint exit_status)
{
  guint i;

  g_string_append (out, "\n  ],\n");
  if (skipped) {                /* --skip-tagged */
    g_string_append (out, "  \"skipped_albums\": [");
    for (i = 0; i < skipped->len; i++) {
      if (i)
        g_string_append (out, ", ");
      drmt_json_string (out, g_ptr_array_index (skipped, i));
    }
    g_string_append (out, "],\n");
  }
  g_string_append (out, "  \"errors\": [");
  for (i = 0; errors && i < errors->len; i++) {
    const DrmtError *e = &g_array_index (errors, DrmtError, i);
    Obj o;

    g_string_append (out, i ? ",\n    " : "\n    ");
    obj_begin (&o, out);
    kv_str (&o, "file", e->file);
    kv_str (&o, "reason", e->reason);
    obj_end (&o);
  }
  g_string_append (out, errors && errors->len ? "\n  ],\n" : "],\n");
  g_string_append_printf (out, "  \"measured\": %u,\n  \"failed\": %u,\n"
      "  \"exit_status\": %d\n}\n", measured, errors ? errors->len : 0,
      exit_status);
}
