/* gst-drmeter element tests: the message schema (gst/drmeter-schema.h)
 * against what the element posts, what the reader accepts and what
 * docs/element.md lists.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <string.h>
#include "drm-test-stream.h"
#include "drmeter-schema.h"

#define RATE 8000
#define CHANNELS 2

static gboolean
field_expected (const GstDrMeterField * f, gboolean windows,
    gboolean stream_id, gboolean recent)
{
  switch (f->presence) {
    case GST_DRMETER_WITH_WINDOWS:
      return windows;
    case GST_DRMETER_WITH_RECENT:
      return recent;
    case GST_DRMETER_WITH_STREAM_ID:
      return stream_id;
    default:
      return TRUE;
  }
}

static void
assert_field_type (const GstStructure * s, const GstDrMeterField * f,
    guint channels)
{
  const GValue *v = gst_structure_get_value (s, f->name);

  fail_unless (v != NULL, "%s: field %s missing", f->message, f->name);
  if (!f->per_channel) {
    fail_unless (G_VALUE_TYPE (v) == f->type, "%s is %s, want %s", f->name,
        G_VALUE_TYPE_NAME (v), g_type_name (f->type));
    return;
  }
  fail_unless (GST_VALUE_HOLDS_ARRAY (v), "%s is no GstValueArray", f->name);
  fail_unless_equals_int (gst_value_array_get_size (v), channels);
  for (guint c = 0; c < channels; c++)
    fail_unless (G_VALUE_TYPE (gst_value_array_get_value (v, c)) == f->type,
        "%s[%u] is not %s", f->name, c, g_type_name (f->type));
}

/* @s holds exactly the schema's fields of its message, each of its type. */
static void
assert_matches_schema (const GstStructure * s, gboolean windows,
    gboolean stream_id, gboolean recent)
{
  guint n, expected = 0;
  const GstDrMeterField *fields = gst_drmeter_schema_fields (&n);

  for (guint i = 0; i < n; i++) {
    const GstDrMeterField *f = &fields[i];

    if (!gst_structure_has_name (s, f->message))
      continue;
    if (!field_expected (f, windows, stream_id, recent)) {
      fail_if (gst_structure_has_field (s, f->name), "%s: unexpected %s",
          f->message, f->name);
      continue;
    }
    assert_field_type (s, f, CHANNELS);
    expected++;
  }
  fail_unless_equals_int (gst_structure_n_fields (s), expected);
}

/* Every "drmeter" and "drmeter-window" structure of one short track (two
 * complete windows and a short one), with @recent windows kept. */
static GPtrArray *
measure_track (gboolean post_windows, const gchar * stream_id, guint recent)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st = drm_test_stream_make (DRM_FORMAT_S16, RATE, CHANNELS,
      RATE * 7, 3);
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  GstMessage *msg;

  g_object_set (f.h->element, "post-windows", post_windows, "recent",
      recent, NULL);
  if (stream_id)
    gst_harness_push_event (f.h, gst_event_new_stream_start (stream_id));
  drm_test_stream_set_caps (f.h, &st, FALSE);
  drm_test_stream_push (f.h, &st, 0, st.frames, 1024, FALSE);
  gst_harness_push_event (f.h, gst_event_new_eos ());
  while ((msg = gst_bus_pop_filtered (f.bus, GST_MESSAGE_ELEMENT))) {
    g_ptr_array_add (all, gst_structure_copy (gst_message_get_structure
            (msg)));
    gst_message_unref (msg);
  }
  g_free (st.data);
  drm_test_harness_teardown (&f);
  return all;
}

GST_START_TEST (test_element_posts_the_schema)
{
  GPtrArray *all = measure_track (TRUE, "schema-stream", 0);
  guint windows = 0;

  fail_unless (all->len >= 2);
  for (guint i = 0; i < all->len; i++) {
    const GstStructure *s = g_ptr_array_index (all, i);

    assert_matches_schema (s, TRUE, TRUE, FALSE);
    if (gst_structure_has_name (s, GST_DRMETER_WINDOW_MESSAGE_NAME))
      windows++;
  }
  fail_unless_equals_int (windows, all->len - 1);
  g_ptr_array_unref (all);

  /* without post-windows: no summary, no window messages */
  all = measure_track (FALSE, "schema-stream", 0);
  fail_unless_equals_int (all->len, 1);
  assert_matches_schema (g_ptr_array_index (all, 0), FALSE, TRUE, FALSE);
  g_ptr_array_unref (all);

  /* with recent: the recent fields */
  all = measure_track (FALSE, "schema-stream", 5);
  fail_unless_equals_int (all->len, 1);
  assert_matches_schema (g_ptr_array_index (all, 0), FALSE, TRUE, TRUE);
  g_ptr_array_unref (all);
}

GST_END_TEST;

/* The reader gives back what the element wrote. */
GST_START_TEST (test_reader_reads_every_field)
{
  GPtrArray *all = measure_track (TRUE, "schema-stream", 5);
  const GstStructure *last = g_ptr_array_index (all, all->len - 1);
  GstDrMeterParsedReport r;
  GstDrMeterParsedWindow w;
  guint64 frames = 0;

  fail_unless (gst_drmeter_parse_report (last, &r));
  fail_unless (r.final);
  fail_unless_equals_int (r.track, 1);
  fail_unless_equals_int (r.rate, RATE);
  fail_unless_equals_int (r.channels, CHANNELS);
  fail_unless_equals_uint64 (r.frames, RATE * 7);
  fail_unless_equals_uint64 (r.windows, all->len - 1);
  fail_unless_equals_uint64 (r.duration, 7 * GST_SECOND);
  fail_unless_equals_uint64 (r.timestamp, 7 * GST_SECOND);
  fail_unless_equals_int (r.format, GST_AUDIO_FORMAT_S16);
  fail_unless_equals_string (r.stream_id, "schema-stream");
  fail_unless_equals_int (r.album_tracks, 1);
  fail_unless_equals_int (r.album_dr, r.dr);
  fail_unless (r.has_window_summary);
  /* two complete windows of 3 s in 7 s */
  fail_unless (r.has_recent);
  fail_unless_equals_uint64 (r.recent_windows, 2);
  fail_unless (r.recent_dr_value > 0 && r.recent_peak <= 0.0);
  fail_unless_equals_int (r.recent_dr, drm_dr_displayed ((float)
          r.recent_dr_value));
  fail_unless (r.channel[1].recent_dr > 0);
  fail_unless_equals_int (r.channel[0].position,
      GST_AUDIO_CHANNEL_POSITION_FRONT_LEFT);
  fail_unless_equals_int (r.channel[1].position,
      GST_AUDIO_CHANNEL_POSITION_FRONT_RIGHT);
  for (guint c = 0; c < CHANNELS; c++) {
    fail_unless (r.channel[c].dr > 0);
    fail_unless (r.channel[c].primary_peak >= r.channel[c].selected_peak);
    fail_unless (r.channel[c].loud_bin >= 0);
    fail_unless (r.channel[c].loud_windows >= 1);
  }

  for (guint i = 0; i + 1 < all->len; i++) {
    fail_unless (gst_drmeter_parse_window (g_ptr_array_index (all, i), &w));
    fail_unless_equals_uint64 (w.index, i);
    fail_unless_equals_int (w.track, 1);
    fail_unless_equals_int (w.channels, CHANNELS);
    fail_unless (w.rms_bin[0] >= -1 && w.rms_bin[0] <= 10000);
    frames += w.frames;
  }
  fail_unless_equals_uint64 (frames, r.frames);
  g_ptr_array_unref (all);
}

GST_END_TEST;

/* A structure with a field gone, of another type or of another channel
 * count is not read. */
GST_START_TEST (test_reader_refuses_damaged_structures)
{
  GPtrArray *all = measure_track (TRUE, NULL, 3);
  const GstStructure *report = g_ptr_array_index (all, all->len - 1);
  const GstStructure *window = g_ptr_array_index (all, 0);
  GstDrMeterParsedReport r;
  GstDrMeterParsedWindow w;
  GstStructure *s;
  GValue one = G_VALUE_INIT, array = G_VALUE_INIT;
  guint n;
  const GstDrMeterField *fields = gst_drmeter_schema_fields (&n);

  fail_unless (gst_drmeter_parse_report (report, &r));
  fail_if (gst_drmeter_parse_report (window, &r));
  fail_if (gst_drmeter_parse_window (report, &w));

  /* each required field, removed */
  for (guint i = 0; i < n; i++) {
    const GstDrMeterField *f = &fields[i];
    gboolean is_report = !strcmp (f->message, GST_DRMETER_MESSAGE_NAME);

    if (f->presence != GST_DRMETER_ALWAYS)
      continue;
    s = gst_structure_copy (is_report ? report : window);
    gst_structure_remove_field (s, f->name);
    if (is_report)
      fail_if (gst_drmeter_parse_report (s, &r), "read without %s", f->name);
    else
      fail_if (gst_drmeter_parse_window (s, &w), "read without %s", f->name);
    gst_structure_free (s);
  }

  /* the summary needs all its fields */
  s = gst_structure_copy (report);
  gst_structure_remove_field (s, GST_DRMETER_FIELD_CHANNEL_LOUD_WINDOWS);
  fail_unless (gst_drmeter_parse_report (s, &r));
  fail_if (r.has_window_summary);
  gst_structure_free (s);

  /* so do the recent fields */
  fail_unless (gst_drmeter_parse_report (report, &r));
  fail_unless (r.has_recent);
  s = gst_structure_copy (report);
  gst_structure_remove_field (s, GST_DRMETER_FIELD_RECENT_CHANNEL_DR);
  fail_unless (gst_drmeter_parse_report (s, &r));
  fail_if (r.has_recent);
  gst_structure_free (s);

  /* another type */
  s = gst_structure_copy (report);
  gst_structure_set (s, GST_DRMETER_FIELD_FRAMES, G_TYPE_INT, 5, NULL);
  fail_if (gst_drmeter_parse_report (s, &r));
  gst_structure_free (s);

  /* one channel too few */
  s = gst_structure_copy (report);
  gst_value_array_init (&array, 1);
  g_value_init (&one, G_TYPE_DOUBLE);
  g_value_set_double (&one, 1.0);
  gst_value_array_append_and_take_value (&array, &one);
  gst_structure_take_value (s, GST_DRMETER_FIELD_CHANNEL_RMS, &array);
  fail_if (gst_drmeter_parse_report (s, &r));
  gst_structure_free (s);

  /* out of range */
  s = gst_structure_copy (report);
  gst_structure_set (s, GST_DRMETER_FIELD_CHANNELS, G_TYPE_INT,
      DRM_MAX_CHANNELS + 1, NULL);
  fail_if (gst_drmeter_parse_report (s, &r));
  gst_structure_set (s, GST_DRMETER_FIELD_CHANNELS, G_TYPE_INT, CHANNELS,
      GST_DRMETER_FIELD_RATE, G_TYPE_INT, 0, NULL);
  fail_if (gst_drmeter_parse_report (s, &r));
  gst_structure_free (s);
  g_ptr_array_unref (all);
}

GST_END_TEST;

/* ---- docs/element.md ---- */

typedef struct
{
  gchar *message, *name, *type;
} DocField;

static void
doc_field_free (gpointer p)
{
  DocField *d = p;

  g_free (d->message);
  g_free (d->name);
  g_free (d->type);
  g_free (d);
}

/* A table row "| `name` | type | meaning |" as its name and type. */
static gboolean
parse_row (const gchar * line, gchar ** name, gchar ** type)
{
  gchar **cells;
  gboolean ok;

  if (!g_str_has_prefix (line, "| `"))
    return FALSE;
  cells = g_strsplit (line, "|", -1);
  ok = g_strv_length (cells) >= 4;
  if (ok) {
    gchar *n = g_strstrip (cells[1]), *t = g_strstrip (cells[2]);
    gsize len = strlen (n);

    ok = len > 2 && n[len - 1] == '`';
    if (ok) {
      *name = g_strndup (n + 1, len - 2);
      *type = g_strdup (t);
    }
  }
  g_strfreev (cells);
  return ok;
}

/* The fields documented in the tables of "## The message" (the report)
 * and "## Window messages" (first the window message, then the report's
 * window summary). */
static GPtrArray *
read_doc_fields (const gchar * path)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func (doc_field_free);
  gchar *text = NULL, **lines;
  const gchar *message = NULL;
  gboolean in_table = FALSE, window_section = FALSE;
  guint window_tables = 0;

  fail_unless (g_file_get_contents (path, &text, NULL, NULL), "no %s", path);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    gchar *line = lines[i], *name, *type;

    if (g_str_has_prefix (line, "#")) {
      window_section = g_str_has_prefix (line, "## Window messages");
      message = !strcmp (line, "## The message") ?
          GST_DRMETER_MESSAGE_NAME : NULL;
      window_tables = 0;
      continue;
    }
    if (window_section && g_str_has_prefix (line, "|") && !in_table) {
      window_tables++;
      message = window_tables == 1 ? GST_DRMETER_WINDOW_MESSAGE_NAME :
          window_tables == 2 ? GST_DRMETER_MESSAGE_NAME : NULL;
    }
    in_table = g_str_has_prefix (line, "|");
    if (message && parse_row (line, &name, &type)) {
      DocField *d = g_new (DocField, 1);

      d->message = g_strdup (message);
      d->name = name;
      d->type = type;
      g_ptr_array_add (docs, d);
    }
  }
  g_strfreev (lines);
  g_free (text);
  return docs;
}

/* How docs/element.md writes a field's type; durations may add " (ns)". */
static gboolean
doc_type_matches (const GstDrMeterField * f, const gchar * doc)
{
  gchar *want = g_strdup_printf ("%s%s", f->per_channel ?
      "GstValueArray of " : "", g_type_name (f->type));
  gboolean ok = !strcmp (doc, want) || (g_str_has_prefix (doc, want)
      && !strcmp (doc + strlen (want), " (ns)"));

  g_free (want);
  return ok;
}

GST_START_TEST (test_docs_list_the_schema)
{
  GPtrArray *docs = read_doc_fields (DRM_ELEMENT_DOC);
  guint n;
  const GstDrMeterField *fields = gst_drmeter_schema_fields (&n);

  for (guint i = 0; i < n; i++) {
    const GstDrMeterField *f = &fields[i];
    const DocField *found = NULL;

    for (guint j = 0; j < docs->len && !found; j++) {
      const DocField *d = g_ptr_array_index (docs, j);

      if (!strcmp (d->message, f->message) && !strcmp (d->name, f->name))
        found = d;
    }
    fail_unless (found != NULL, "docs/element.md: no %s field %s",
        f->message, f->name);
    fail_unless (doc_type_matches (f, found->type),
        "docs/element.md: %s field %s is \"%s\", the schema says %s%s",
        f->message, f->name, found->type, f->per_channel ?
        "GstValueArray of " : "", g_type_name (f->type));
  }
  fail_unless_equals_int (docs->len, n);
  g_ptr_array_unref (docs);
}

GST_END_TEST;

static Suite *
schema_suite (void)
{
  Suite *s = suite_create ("drmeter-schema");
  TCase *tc = tcase_create ("schema");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_element_posts_the_schema);
  tcase_add_test (tc, test_reader_reads_every_field);
  tcase_add_test (tc, test_reader_refuses_damaged_structures);
  tcase_add_test (tc, test_docs_list_the_schema);
  return s;
}

GST_CHECK_MAIN (schema);
