/* gst-drmeter scanner tests: running the command, the fixtures as WAV
 * files, and the checks several topics share.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "scanner-test.h"
#include "expected-lines.h"

/* ------------------------------------------------------------------ */
/* helpers */

void
run_free (Run * r)
{
  g_free (r->out);
  g_free (r->err);
}

void
assert_exit (const Run * r, gint status)
{
  ck_assert_msg (r->status == status, "exit %d, want %d; stderr:\n%s",
      r->status, status, r->err);
}

/* Runs the command with @args (NULL-terminated), the log date pinned. */
Run
run_argv (const gchar * const *prefix, const gchar * const *args)
{
  GPtrArray *argv = g_ptr_array_new ();
  gchar **envp = g_get_environ ();
  GError *err = NULL;
  Run r = { NULL, NULL, -1 };
  gint wait = 0;

  for (; prefix && *prefix; prefix++)
    g_ptr_array_add (argv, (gpointer) * prefix);
  g_ptr_array_add (argv, (gpointer) g_getenv ("GST_DRMETER"));
  for (; args && *args; args++)
    g_ptr_array_add (argv, (gpointer) * args);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_setenv (envp, "SOURCE_DATE_EPOCH", "0", TRUE);

  if (!g_spawn_sync (NULL, (gchar **) argv->pdata, envp, G_SPAWN_DEFAULT,
          NULL, NULL, &r.out, &r.err, &wait, &err))
    ck_abort_msg ("cannot run gst-drmeter: %s", err->message);
  if (WIFEXITED (wait))
    r.status = WEXITSTATUS (wait);
  g_ptr_array_unref (argv);
  g_strfreev (envp);
  return r;
}

gchar **
lines_of (const gchar * text)
{
  return g_strsplit (text, "\n", -1);
}

/* Runs a gst-launch style description in process until EOS. */
gboolean
launch (const gchar * desc)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (desc, &err);
  GstMessage *m;
  gboolean ok;

  if (!p) {
    g_printerr ("cannot build '%s': %s\n", desc, err->message);
    g_error_free (err);
    return FALSE;
  }
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (p), 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  ok = m && GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS;
  if (m)
    gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  if (!ok)
    g_printerr ("pipeline failed: %s\n", desc);
  return ok;
}

gboolean
have_element (const gchar * name)
{
  GstElementFactory *f = gst_element_factory_find (name);

  if (f)
    gst_object_unref (f);
  return f != NULL;
}

gchar *
path_in (const gchar * dir, const gchar * name)
{
  return g_build_filename (dir, name, NULL);
}

void
copy_file (const gchar * from, const gchar * to)
{
  gchar *data;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, NULL));
  g_assert_true (g_file_set_contents (to, data, len, NULL));
  g_free (data);
}

/* ------------------------------------------------------------------ */
/* the fixtures as WAV files */

void
put16 (GByteArray * b, guint v)
{
  guint8 x[2] = { v & 0xff, (v >> 8) & 0xff };
  g_byte_array_append (b, x, 2);
}

void
put32 (GByteArray * b, guint32 v)
{
  guint8 x[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (b, x, 4);
}

void
put_tag (GByteArray * b, const gchar * tag)
{
  g_byte_array_append (b, (const guint8 *) tag, 4);
}

/* As published: integer PCM with a plain 16-byte fmt; floats with format
 * tag 3 and a fact chunk; 3 and 8 channels as WAVE_FORMAT_EXTENSIBLE with
 * the masks of fixtures.md (0x7, 0x63F). Little endian. */
void
write_fixture_wav (const DrmFixture * fx, const gchar * path)
{
  gboolean is_float = fx->format == DRM_FORMAT_F32
      || fx->format == DRM_FORMAT_F64;
  guint bytes = drm_format_sample_size (fx->format);
  guint block = bytes * fx->channels;
  guint32 data_len = (guint32) (fx->frames * block);
  gboolean ext = fx->channels > 2;
  guint32 mask = fx->channels == 3 ? 0x7 : fx->channels == 8 ? 0x63f : 0;
  static const guint8 float_guid[16] = { 0x03, 0, 0, 0, 0, 0, 0x10, 0,
    0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71
  };
  static const guint8 pcm_guid[16] = { 0x01, 0, 0, 0, 0, 0, 0x10, 0,
    0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71
  };
  GByteArray *b = g_byte_array_new ();
  guint32 fmt_len = ext ? 40 : 16;
  guint64 f, chunk = 4096;
  guint8 *buf = g_malloc (chunk * block);

  put_tag (b, "RIFF");
  put32 (b, 4 + 8 + fmt_len + (is_float ? 12 : 0) + 8 + data_len);
  put_tag (b, "WAVE");
  put_tag (b, "fmt ");
  put32 (b, fmt_len);
  put16 (b, ext ? 0xfffe : is_float ? 3 : 1);
  put16 (b, fx->channels);
  put32 (b, fx->rate);
  put32 (b, fx->rate * block);
  put16 (b, block);
  put16 (b, bytes * 8);
  if (ext) {
    put16 (b, 22);
    put16 (b, bytes * 8);
    put32 (b, mask);
    g_byte_array_append (b, is_float ? float_guid : pcm_guid, 16);
  }
  if (is_float) {
    put_tag (b, "fact");
    put32 (b, 4);
    put32 (b, (guint32) fx->frames);
  }
  put_tag (b, "data");
  put32 (b, data_len);
  for (f = 0; f < fx->frames; f += chunk) {
    guint64 n = MIN (chunk, fx->frames - f);

    drm_fixture_render (fx, fx->format, f, n, buf);
    g_byte_array_append (b, buf, n * block);
  }
  g_assert_true (g_file_set_contents (path, (gchar *) b->data, b->len, NULL));
  g_byte_array_unref (b);
  g_free (buf);
}

const DrmFixture *
fixture_by_file (const gchar * file)
{
  for (guint i = 0; i < drm_n_fixtures; i++)
    if (strcmp (drm_fixtures[i].file, file) == 0)
      return &drm_fixtures[i];
  return NULL;
}

/* The expected line of the fixture whose name is @stem. */
const gchar *
expected_line_for (const gchar * stem)
{
  gchar *needle = g_strdup_printf (" ?-%s ", stem);
  const gchar *found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (expected_track_lines); i++)
    if (strstr (expected_track_lines[i], needle))
      found = expected_track_lines[i];
  g_free (needle);
  return found;
}

gchar *
stem_of (const gchar * file)
{
  gchar *s = g_strdup (file);
  gchar *dot = strrchr (s, '.');

  if (dot)
    *dot = '\0';
  return s;
}

/* Official DR value of the fixtures: f32 mean of the f32 track values. */
gint
fixtures_album_dr (void)
{
  gdouble sum = 0;

  for (guint i = 0; i < drm_n_fixtures; i++) {
    union {
      guint32 u;
      gfloat f;
    } v = { drm_fixtures[i].track_dr_bits };
    sum += (gdouble) v.f;
  }
  return (gint) ((gfloat) (sum / drm_n_fixtures) + 0.5f);
}

/* ------------------------------------------------------------------ */
/* the log of the fixture folder */

gint
find_line (gchar ** lines, const gchar * text)
{
  for (gint i = 0; lines[i]; i++)
    if (strcmp (lines[i], text) == 0)
      return i;
  return -1;
}

/* ------------------------------------------------------------------ */
/* JSON */

/* Runs gst-drmeter --json, validates with check-json.py, returns its
 * summary lines. */
gchar **
json_summary (Run * r, const gchar * const *args)
{
  gchar *file = path_in (root, "results.json");
  gchar *out = NULL, *err = NULL;
  gint wait = 0;
  GPtrArray *a = g_ptr_array_new ();
  gchar **lines;
  const gchar *py[] = { g_getenv ("PYTHON3"), g_getenv ("CHECK_JSON"), file,
    NULL
  };

  g_ptr_array_add (a, (gpointer) "-q");
  g_ptr_array_add (a, (gpointer) "--json");
  g_ptr_array_add (a, (gpointer) "-o");
  g_ptr_array_add (a, file);
  for (; *args; args++)
    g_ptr_array_add (a, (gpointer) * args);
  g_ptr_array_add (a, NULL);
  *r = run_argv (NULL, (const gchar * const *) a->pdata);
  g_ptr_array_unref (a);

  ck_assert (g_spawn_sync (NULL, (gchar **) py, NULL, G_SPAWN_DEFAULT, NULL,
          NULL, &out, &err, &wait, NULL));
  ck_assert_msg (WIFEXITED (wait) && WEXITSTATUS (wait) == 0,
      "JSON check failed: %s", err);
  lines = lines_of (out);
  g_free (out);
  g_free (err);
  g_free (file);
  return lines;
}

/* Field @n (0-based) of a '|' separated summary line. */
gchar *
field (const gchar * line, guint n)
{
  gchar **f = g_strsplit (line, "|", -1);
  gchar *r = n < g_strv_length (f) ? g_strdup (f[n]) : g_strdup ("");

  g_strfreev (f);
  return r;
}

/* ------------------------------------------------------------------ */
/* bad input */

/* Lines of @err: each "gst-drmeter: <file>: <reason>". Checks that every
 * (file, reason fragment) pair is there exactly once and nothing else. */
void
assert_error_lines (const gchar * err, const gchar * const *pairs)
{
  gchar **l = lines_of (err);
  guint n = 0, expected = 0;

  for (guint i = 0; l[i]; i++)
    if (*l[i])
      n++;
  for (guint k = 0; pairs[k]; k += 2) {
    gchar *prefix = g_strdup_printf ("gst-drmeter: %s: ", pairs[k]);
    guint found = 0;

    for (guint i = 0; l[i]; i++)
      if (g_str_has_prefix (l[i], prefix)) {
        found++;
        ck_assert_msg (strstr (l[i] + strlen (prefix), pairs[k + 1]) != NULL,
            "reason for %s: %s", pairs[k], l[i]);
      }
    ck_assert_msg (found == 1, "%u lines for %s in:\n%s", found, pairs[k],
        err);
    g_free (prefix);
    expected++;
  }
  ck_assert_msg (n == expected, "%u lines, expected %u:\n%s", n, expected,
      err);
  g_strfreev (l);
}

