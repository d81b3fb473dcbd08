/* gst-drmeter tests: the gst-drmeter command, run as users run it.
 *
 * The public conformance fixtures are written as WAV files (the same bytes
 * as the published ones), other material is made with GStreamer encoders,
 * then the built command is run on it and its logs, JSON, stderr lines and
 * exit statuses are checked.
 *
 * Environment (set by meson): GST_DRMETER = the command, PYTHON3 = a
 * Python 3 for the JSON schema check, CHECK_JSON = check-json.py.
 * DRMT_TEST_KEEP=1 keeps the material (the path is printed).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE             /* nftw */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ftw.h>
#include <sys/stat.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include "fixtures.h"
#include "expected-lines.h"

#define RULE "--------------------------------------------------------------------------------"
#define DOUBLE_RULE "================================================================================"

static gchar *root;             /* temporary folder of everything */
static gchar *fx_dir;           /* the 22 public fixtures */
static gchar *tags_dir;         /* tagged FLAC files */
static gchar *va_dir;           /* two artists */
static gchar *mixed_dir;        /* one signal, several formats */
static gchar *chained_dir;      /* streams one after another in a file */
static gchar *bad_dir;          /* good and bad files */
static gboolean have_mp3, have_vorbis, have_wavpack, have_avi, have_alac,
    have_aac;

/* ------------------------------------------------------------------ */
/* helpers */

typedef struct {
  gchar *out;
  gchar *err;
  gint status;                  /* exit status, -1 if killed */
} Run;

static void
run_free (Run * r)
{
  g_free (r->out);
  g_free (r->err);
}

/* Runs the command with @args (NULL-terminated), the log date pinned. */
static Run
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

#define RUN(...) run_argv (NULL, (const gchar * const []) { __VA_ARGS__, NULL })

static gchar **
lines_of (const gchar * text)
{
  return g_strsplit (text, "\n", -1);
}

/* Runs a gst-launch style description in process until EOS. */
static gboolean
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

static gboolean
have_element (const gchar * name)
{
  GstElementFactory *f = gst_element_factory_find (name);

  if (f)
    gst_object_unref (f);
  return f != NULL;
}

static gchar *
path_in (const gchar * dir, const gchar * name)
{
  return g_build_filename (dir, name, NULL);
}

static void
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

static void
put16 (GByteArray * b, guint v)
{
  guint8 x[2] = { v & 0xff, (v >> 8) & 0xff };
  g_byte_array_append (b, x, 2);
}

static void
put32 (GByteArray * b, guint32 v)
{
  guint8 x[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (b, x, 4);
}

static void
put_tag (GByteArray * b, const gchar * tag)
{
  g_byte_array_append (b, (const guint8 *) tag, 4);
}

/* As published: integer PCM with a plain 16-byte fmt; floats with format
 * tag 3 and a fact chunk; 3 and 8 channels as WAVE_FORMAT_EXTENSIBLE with
 * the masks of fixtures.md (0x7, 0x63F). Little endian. */
static void
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

static const DrmFixture *
fixture_by_file (const gchar * file)
{
  for (guint i = 0; i < drm_n_fixtures; i++)
    if (strcmp (drm_fixtures[i].file, file) == 0)
      return &drm_fixtures[i];
  return NULL;
}

/* The expected line of the fixture whose name is @stem. */
static const gchar *
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

static gchar *
stem_of (const gchar * file)
{
  gchar *s = g_strdup (file);
  gchar *dot = strrchr (s, '.');

  if (dot)
    *dot = '\0';
  return s;
}

/* Official DR value of the fixtures: f32 mean of the f32 track values. */
static gint
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

static gint
find_line (gchar ** lines, const gchar * text)
{
  for (gint i = 0; lines[i]; i++)
    if (strcmp (lines[i], text) == 0)
      return i;
  return -1;
}

START_TEST (test_fixture_log)
{
  Run r = RUN ("-q", fx_dir);
  gchar **l = lines_of (r.out);
  gchar *s;
  guint i;
  gdouble bits = 0, secs = 0;

  ck_assert_msg (r.status == 0, "exit %d: %s", r.status, r.err);
  ck_assert_str_eq (r.err, "");
  ck_assert_uint_eq (g_strv_length (l), 9 + drm_n_fixtures + 12);

  ck_assert_str_eq (l[0], "gst-drmeter v" DRMT_VERSION
      " / DR Meter v1.0.8 compatible");
  ck_assert_str_eq (l[1], "log date: 1970-01-01 00:00:00");
  ck_assert_str_eq (l[2], "");
  ck_assert_str_eq (l[3], RULE);
  ck_assert_str_eq (l[4], "Analyzed: ? / ?");
  ck_assert_str_eq (l[5], RULE);
  ck_assert_str_eq (l[6], "");
  ck_assert_str_eq (l[7], expected_heading);
  ck_assert_str_eq (l[8], RULE);

  /* every track line exactly as foobar2000 printed it; order: file names */
  for (i = 0; i < drm_n_fixtures; i++) {
    const gchar *line = l[9 + i];
    const gchar *name = strstr (line, " ?-");
    gchar *stem, *end;
    const gchar *want;

    ck_assert_msg (name != NULL, "not a track line: %s", line);
    stem = g_strdup (name + 3);
    end = strchr (stem, ' ');
    if (end)
      *end = '\0';
    want = expected_line_for (stem);
    ck_assert_msg (want != NULL, "unknown track %s", stem);
    ck_assert_str_eq (line, want);
    g_free (stem);
  }
  for (i = 1; i < drm_n_fixtures; i++)
    ck_assert_msg (strcmp (strstr (l[8 + i], " ?-"),
            strstr (l[9 + i], " ?-")) < 0, "track order");

  i = 9 + drm_n_fixtures;
  ck_assert_str_eq (l[i++], RULE);
  ck_assert_str_eq (l[i++], "");
  s = g_strdup_printf ("Number of tracks:  %u", drm_n_fixtures);
  ck_assert_str_eq (l[i++], s);
  g_free (s);
  s = g_strdup_printf ("Official DR value: DR%d", fixtures_album_dr ());
  ck_assert_str_eq (l[i++], s);
  g_free (s);
  ck_assert_str_eq (l[i++], "");
  ck_assert_str_eq (l[i++], "Samplerate:        8000, 44100, 48000 Hz");
  ck_assert_str_eq (l[i++], "Channels:          1, 2, 3, 8");
  ck_assert_str_eq (l[i++], "Bits per sample:   16, 32, 64");
  /* uncompressed: rate x channels x bits, averaged over the album's time */
  for (guint k = 0; k < drm_n_fixtures; k++) {
    const DrmFixture *fx = &drm_fixtures[k];
    gdouble t = (gdouble) fx->frames / fx->rate;

    bits += (gdouble) fx->rate * fx->channels *
        drm_format_sample_size (fx->format) * 8 * t;
    secs += t;
  }
  s = g_strdup_printf ("Bitrate:           %.0f kbps",
      floor (bits / secs / 1000 + 0.5));
  ck_assert_str_eq (l[i++], s);
  g_free (s);
  ck_assert_str_eq (l[i++], "Codec:             PCM, PCM (floating-point)");
  ck_assert_str_eq (l[i++], DOUBLE_RULE);
  ck_assert_str_eq (l[i++], "");       /* the text ends with a line end */
  ck_assert (l[i] == NULL);

  g_strfreev (l);
  run_free (&r);
}
END_TEST;

/* foobar2000's two optional weightings, as options. */
START_TEST (test_weighting)
{
  Run plain = RUN ("-q", fx_dir);
  Run m = RUN ("-q", "--multichannel-weighting", fx_dir);
  Run l = RUN ("-q", "-l", fx_dir);
  gchar **pl = lines_of (plain.out), **ml = lines_of (m.out);
  gdouble sum = 0, secs = 0;
  gchar *s;

  ck_assert_int_eq (m.status, 0);
  ck_assert_int_eq (l.status, 0);
  /* loudness weighting applies to more than two channels only: 10/20/30 dB
   * at -10/-20/-30 dBFS give 13.6 (DR14) instead of the mean 20 */
  for (guint i = 0; pl[i] && ml[i]; i++) {
    if (strstr (pl[i], " ?-302_"))
      ck_assert (g_str_has_prefix (ml[i], "DR14 "));
    else if (strstr (pl[i], " ?-601_"))
      ck_assert (!g_str_has_prefix (ml[i], "DR18 "));
    else if (strstr (pl[i], " ?-") && !strstr (pl[i], " ?-610_"))
      ck_assert_str_eq (ml[i], pl[i]);
  }
  /* length weighting: the album value weights each track by frames/rate */
  for (guint i = 0; i < drm_n_fixtures; i++) {
    union {
      guint32 u;
      gfloat f;
    } v = { drm_fixtures[i].track_dr_bits };
    gdouble t = (gdouble) drm_fixtures[i].frames / drm_fixtures[i].rate;

    sum += (gdouble) v.f * t;
    secs += t;
  }
  s = g_strdup_printf ("\nOfficial DR value: DR%d\n",
      (gint) ((gfloat) (sum / secs) + 0.5f));
  ck_assert_msg (strstr (l.out, s) != NULL, "no '%s'", s);
  g_free (s);
  g_strfreev (pl);
  g_strfreev (ml);
  run_free (&plain);
  run_free (&m);
  run_free (&l);
}
END_TEST;

/* Output does not depend on the number of jobs; albums in argument order. */
START_TEST (test_jobs_deterministic)
{
  Run a = RUN ("-q", "-j", "1", fx_dir, tags_dir, mixed_dir);
  Run b = RUN ("-q", "-j4", fx_dir, tags_dir, mixed_dir);
  Run c = RUN ("-q", "--jobs=16", fx_dir, tags_dir, mixed_dir);

  ck_assert_int_eq (a.status, 0);
  ck_assert_int_eq (b.status, 0);
  ck_assert_int_eq (c.status, 0);
  ck_assert_str_eq (a.out, b.out);
  ck_assert_str_eq (a.out, c.out);
  /* three logs, separated by one empty line */
  {
    gchar **parts = g_strsplit (a.out, "\n\ngst-drmeter v", -1);
    ck_assert_uint_eq (g_strv_length (parts), 3);
    g_strfreev (parts);
  }
  ck_assert_ptr_nonnull (strstr (a.out, "Number of tracks:  22"));
  ck_assert (strstr (a.out, "Number of tracks:  22") <
      strstr (a.out, "Analyzed: Artist / Album"));
  run_free (&a);
  run_free (&b);
  run_free (&c);
}
END_TEST;

/* --save: foo_dr.txt in the album's folder, CRLF; --output and --crlf. */
START_TEST (test_save_output)
{
  gchar *dir = path_in (root, "save");
  gchar *saved, *outfile = path_in (root, "out.txt");
  gchar *foo = NULL, *outdata = NULL;
  GString *crlf;
  Run r, o, c;

  g_mkdir (dir, 0755);
  for (guint i = 0; i < 3; i++) {
    gchar *from = path_in (fx_dir, drm_fixtures[i].file);
    gchar *to = path_in (dir, drm_fixtures[i].file);
    copy_file (from, to);
    g_free (from);
    g_free (to);
  }
  r = RUN ("-q", "--save", dir);
  ck_assert_int_eq (r.status, 0);
  saved = path_in (dir, "foo_dr.txt");
  ck_assert (g_file_get_contents (saved, &foo, NULL, NULL));
  crlf = g_string_new (NULL);
  for (const gchar * p = r.out; *p; p++) {
    if (*p == '\n')
      g_string_append_c (crlf, '\r');
    g_string_append_c (crlf, *p);
  }
  ck_assert_str_eq (foo, crlf->str);
  ck_assert_ptr_null (strstr (r.out, "\r"));

  /* a second run does not take foo_dr.txt for music */
  o = RUN ("-q", "-o", outfile, dir);
  ck_assert_int_eq (o.status, 0);
  ck_assert_str_eq (o.out, "");
  ck_assert (g_file_get_contents (outfile, &outdata, NULL, NULL));
  ck_assert_str_eq (outdata, r.out);

  c = RUN ("-q", "--crlf", dir);
  ck_assert_str_eq (c.out, crlf->str);

  g_string_free (crlf, TRUE);
  g_free (foo);
  g_free (outdata);
  g_free (saved);
  g_free (outfile);
  g_free (dir);
  run_free (&r);
  run_free (&o);
  run_free (&c);
}
END_TEST;

/* ------------------------------------------------------------------ */
/* JSON */

/* Runs gst-drmeter --json, validates with check-json.py, returns its
 * summary lines. */
static gchar **
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

static gchar *
tokens_of (const DrmFixture * fx)
{
  static const gchar *labels_1[] = { "FC" };
  static const gchar *labels_2[] = { "FL", "FR" };
  static const gchar *labels_3[] = { "FL", "FR", "FC" };
  static const gchar *labels_8[] = { "FL", "FR", "FC", "LFE", "BL", "BR",
    "SL", "SR"
  };
  const gchar **labels = fx->channels == 1 ? labels_1 : fx->channels == 2 ?
      labels_2 : fx->channels == 3 ? labels_3 : labels_8;
  GString *s = g_string_new (NULL);
  gchar *stem = stem_of (fx->file);

  g_string_append_printf (s, "TRACK|%s|?-%s|%s|", fx->file, stem,
      fx->dr_token);
  g_free (stem);
  /* dr_value: the binary32 track value */
  {
    union {
      guint32 u;
      gfloat f;
    } v = { fx->track_dr_bits };
    g_string_append_printf (s, "%.9g|", v.f);
  }
  g_string_append_printf (s, "%s|%s|%s|", fx->peak_token, fx->rms_token,
      fx->duration_token);
  for (guint c = 0; c < fx->channels; c++)
    g_string_append_printf (s, "%s%s=%s/%s", c ? "," : "", labels[c],
        fx->channel[c].dr_token, fx->channel[c].rms_token);
  return g_string_free (s, FALSE);
}

/* Field @n (0-based) of a '|' separated summary line. */
static gchar *
field (const gchar * line, guint n)
{
  gchar **f = g_strsplit (line, "|", -1);
  gchar *r = n < g_strv_length (f) ? g_strdup (f[n]) : g_strdup ("");

  g_strfreev (f);
  return r;
}

START_TEST (test_json_fixtures)
{
  Run r;
  const gchar *args[] = { fx_dir, NULL };
  gchar **l = json_summary (&r, args);
  guint tracks = 0;

  ck_assert_int_eq (r.status, 0);
  ck_assert_str_eq (r.out, "");
  ck_assert (g_str_has_prefix (l[0], "ALBUM|"));
  {
    gchar *dr = field (l[0], 4), *tok = field (l[0], 6), *n = field (l[0], 7);
    gchar *want = g_strdup_printf ("%d", fixtures_album_dr ());

    ck_assert_str_eq (dr, want);
    ck_assert_str_eq (n, "22");
    g_free (want);
    want = g_strdup_printf ("DR%d", fixtures_album_dr ());
    ck_assert_str_eq (tok, want);
    g_free (want);
    g_free (dr);
    g_free (tok);
    g_free (n);
  }
  for (gint i = 1; l[i] && g_str_has_prefix (l[i], "TRACK|"); i++) {
    gchar *file = field (l[i], 1);
    const DrmFixture *fx = fixture_by_file (file);
    gchar *want, *got;
    gchar **f = g_strsplit (l[i], "|", -1);
    gchar **ch;
    GString *g = g_string_new (NULL);
    gfloat dr_value;

    ck_assert_msg (fx != NULL, "unknown file %s", file);
    want = tokens_of (fx);
    /* TRACK|file|name|dr_token|dr_value|peak|rms|peak_db|rms_db|duration|
     * codec|frames|bits|format|channels */
    dr_value = strtof (f[4], NULL);
    g_string_append_printf (g, "TRACK|%s|%s|%s|%.9g|%s|%s|%s|", f[1], f[2],
        f[3], dr_value, f[5], f[6], f[9]);
    ch = g_strsplit (f[14], ",", -1);
    for (guint c = 0; ch[c]; c++) {
      gchar **t = g_strsplit (ch[c], "/", -1);     /* L=dr/peak/rms/... */
      g_string_append_printf (g, "%s%s/%s", c ? "," : "", t[0], t[2]);
      g_strfreev (t);
    }
    got = g_string_free (g, FALSE);
    ck_assert_str_eq (got, want);
    {
      gchar *frames = g_strdup_printf ("%" G_GUINT64_FORMAT, fx->frames);
      ck_assert_str_eq (f[11], frames);
      g_free (frames);
    }
    g_strfreev (ch);
    g_strfreev (f);
    g_free (want);
    g_free (got);
    g_free (file);
    tracks++;
  }
  ck_assert_uint_eq (tracks, drm_n_fixtures);
  ck_assert_str_eq (l[tracks + 1], "END|22|0|0");
  g_strfreev (l);
  run_free (&r);
}
END_TEST;

/* ------------------------------------------------------------------ */
/* bad input */

/* Lines of @err: each "gst-drmeter: <file>: <reason>". Checks that every
 * (file, reason fragment) pair is there exactly once and nothing else. */
static void
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

START_TEST (test_bad_files)
{
  gchar *missing = path_in (root, "missing.flac");
  gchar *good = path_in (bad_dir, "good.wav");
  gchar *empty = path_in (bad_dir, "empty.flac");
  gchar *random = path_in (bad_dir, "random.flac");
  gchar *trunc = path_in (bad_dir, "truncated.flac");
  gchar *damaged = path_in (bad_dir, "damaged.flac");
  gchar *video = path_in (bad_dir, "video.avi");
  gchar *text = path_in (bad_dir, "text.mp3");
  const gchar *pairs[] = {
    missing, "No such file or directory",
    empty, "empty file",
    random, "not an audio file",
    text, "not an audio file",
    trunc, "truncated file",
    damaged, "damaged file",
    have_avi ? video : NULL, "no audio stream",
    NULL
  };
  Run r = RUN ("-q", "-j", "3", bad_dir, missing);
  Run one;

  ck_assert_int_eq (r.status, 1);
  assert_error_lines (r.err, pairs);
  /* the good files are measured and reported */
  ck_assert_ptr_nonnull (strstr (r.out, "?-good "));
  ck_assert_ptr_nonnull (strstr (r.out, "?-whole "));
  ck_assert_ptr_nonnull (strstr (r.out, "Number of tracks:  2\n"));
  ck_assert_ptr_null (strstr (r.out, "?-truncated"));

  /* a single bad file: status 1, one line, no log */
  one = RUN ("-q", empty);
  ck_assert_int_eq (one.status, 1);
  ck_assert_str_eq (one.out, "");
  {
    const gchar *p1[] = { empty, "empty file", NULL };
    assert_error_lines (one.err, p1);
  }
  run_free (&one);

  /* the good one alone: 0 */
  one = RUN ("-q", good);
  ck_assert_int_eq (one.status, 0);
  ck_assert_str_eq (one.err, "");
  run_free (&one);

  g_free (missing);
  g_free (good);
  g_free (empty);
  g_free (random);
  g_free (trunc);
  g_free (damaged);
  g_free (video);
  g_free (text);
  run_free (&r);
}
END_TEST;

/* Files that hold several streams one after another (make_chained): a
 * chained Ogg file and an MP3 whose sample rate changes half way. The
 * element ends a track at each change; the scanner must not report a
 * part as the file. */
START_TEST (test_chained_files)
{
  gchar *ogg = path_in (chained_dir, "chained.ogg");
  gchar *mp3 = path_in (chained_dir, "rates.mp3");
  const gchar *pairs[] = {
    ogg, "holds several streams one after another",
    have_mp3 ? mp3 : NULL, "holds several streams one after another",
    NULL
  };
  Run r = RUN ("-q", chained_dir);

  ck_assert_int_eq (r.status, 1);
  assert_error_lines (r.err, pairs);
  ck_assert_ptr_nonnull (strstr (r.out, "?-good "));
  ck_assert_ptr_nonnull (strstr (r.out, "Number of tracks:  1\n"));
  run_free (&r);
  g_free (ogg);
  g_free (mp3);
}
END_TEST;

START_TEST (test_bad_files_json)
{
  Run r;
  const gchar *args[] = { bad_dir, NULL };
  gchar **l = json_summary (&r, args);
  guint errors = 0, tracks = 0, i;

  ck_assert_int_eq (r.status, 1);
  for (i = 0; l[i]; i++) {
    if (g_str_has_prefix (l[i], "ERROR|"))
      errors++;
    if (g_str_has_prefix (l[i], "TRACK|"))
      tracks++;
  }
  ck_assert_uint_eq (tracks, 2);
  ck_assert_uint_eq (errors, have_avi ? 6 : 5);
  {
    gchar *end = g_strdup_printf ("END|2|%u|1", errors);
    gboolean found = FALSE;

    for (i = 0; l[i]; i++)
      found |= strcmp (l[i], end) == 0;
    ck_assert_msg (found, "no %s", end);
    g_free (end);
  }
  g_strfreev (l);
  run_free (&r);
}
END_TEST;

/* A codec without an installed decoder: WMA (format tag 0x161) in a WAV
 * file, while gst-libav is not installed. */
START_TEST (test_missing_decoder)
{
  gchar *dir = path_in (root, "nodecoder");
  gchar *file = path_in (dir, "wma.wav");
  GByteArray *b;
  GstElementFactory *f = gst_element_factory_find ("avdec_wmav2");
  const gchar *pairs[] = { file, "missing GStreamer plugin: ", NULL };
  Run r;

  if (f) {
    gst_object_unref (f);
    g_printerr ("test_missing_decoder: skipped (a WMA decoder is installed)\n");
    goto out;
  }
  g_mkdir (dir, 0755);
  b = g_byte_array_new ();
  put_tag (b, "RIFF");
  put32 (b, 4 + 8 + 28 + 8 + 4096);
  put_tag (b, "WAVE");
  put_tag (b, "fmt ");
  put32 (b, 28);
  put16 (b, 0x161);
  put16 (b, 2);
  put32 (b, 44100);
  put32 (b, 16000);
  put16 (b, 2048);
  put16 (b, 16);
  put16 (b, 10);
  for (guint i = 0; i < 10; i++)
    g_byte_array_append (b, (const guint8 *) "", 1);
  put_tag (b, "data");
  put32 (b, 4096);
  for (guint i = 0; i < 4096; i++) {
    guint8 x = (guint8) i;
    g_byte_array_append (b, &x, 1);
  }
  ck_assert (g_file_set_contents (file, (gchar *) b->data, b->len, NULL));
  g_byte_array_unref (b);
  r = RUN ("-q", dir);
  ck_assert_int_eq (r.status, 1);
  ck_assert_str_eq (r.out, "");
  assert_error_lines (r.err, pairs);
  run_free (&r);
out:
  g_free (dir);
  g_free (file);
}
END_TEST;

/* Unreadable file and folder. chmod 000 does not stop root: as root the
 * command runs as "nobody" (setpriv), otherwise the modes do it. */
START_TEST (test_unreadable)
{
  gchar *dir = path_in (root, "locked");
  gchar *sub = path_in (dir, "closed");
  gchar *good = path_in (dir, "good.wav");
  gchar *secret = path_in (dir, "secret.wav");
  gchar *reg = path_in (root, "nobody-registry.bin");
  gchar *from = path_in (fx_dir, drm_fixtures[0].file);
  gboolean as_root = geteuid () == 0;
  gchar *setpriv = g_find_program_in_path ("setpriv");
  const gchar *pairs[] = { secret, "Permission denied", sub,
    "Permission denied", NULL
  };
  Run r;

  if (as_root && !setpriv) {
    g_printerr ("test_unreadable: skipped (root without setpriv)\n");
    goto out;
  }
  g_mkdir (dir, 0755);
  g_mkdir (sub, 0755);
  copy_file (from, good);
  copy_file (from, secret);
  g_chmod (secret, 0);
  g_chmod (sub, 0);
  if (as_root) {
    gchar *regenv = g_strdup_printf ("GST_REGISTRY_1_0=%s", reg);
    const gchar *prefix[] = { setpriv, "--reuid=65534", "--regid=65534",
      "--clear-groups", "env", regenv, "HOME=/nonexistent", NULL
    };
    const gchar *args[] = { "-q", dir, NULL };

    g_chmod (root, 0755);
    r = run_argv (prefix, args);
    g_free (regenv);
  } else {
    r = RUN ("-q", dir);
  }
  ck_assert_msg (r.status == 1, "exit %d: %s", r.status, r.err);
  assert_error_lines (r.err, pairs);
  ck_assert_ptr_nonnull (strstr (r.out, "Number of tracks:  1\n"));
  g_chmod (sub, 0755);
  g_chmod (secret, 0644);
  run_free (&r);
out:
  g_free (setpriv);
  g_free (dir);
  g_free (sub);
  g_free (good);
  g_free (secret);
  g_free (reg);
  g_free (from);
}
END_TEST;

START_TEST (test_usage)
{
  Run r = run_argv (NULL, NULL);

  ck_assert_int_eq (r.status, 2);
  ck_assert_ptr_nonnull (strstr (r.err, "Usage"));
  ck_assert_str_eq (r.out, "");
  run_free (&r);

  r = RUN ("--no-such-option", fx_dir);
  ck_assert_int_eq (r.status, 2);
  ck_assert_str_eq (r.out, "");
  run_free (&r);

  r = RUN ("-j", "-3", fx_dir);
  ck_assert_int_eq (r.status, 2);
  run_free (&r);

  r = RUN ("--jobs=many", fx_dir);
  ck_assert_int_eq (r.status, 2);
  run_free (&r);

  r = RUN ("--help");
  ck_assert_int_eq (r.status, 0);
  for (const gchar * const *o = (const gchar * const[]) { "--save",
      "--output=FILE", "--json", "--jobs=N", "--multichannel-weighting",
      "--album-length-weighting", "--crlf", "--all-files", "--quiet",
      "--version", "PATH", NULL}; *o; o++)
    ck_assert_msg (strstr (r.out, *o) != NULL, "--help lacks %s", *o);
  run_free (&r);

  r = RUN ("--version");
  ck_assert_int_eq (r.status, 0);
  ck_assert_str_eq (r.out, "gst-drmeter " DRMT_VERSION
      " (DR Meter v1.0.8 compatible)\n");
  run_free (&r);
}
END_TEST;

/* A folder that links to its parent: each folder is measured once; hidden
 * files are not measured. */
START_TEST (test_symlink_loop)
{
  gchar *dir = path_in (root, "loop");
  gchar *sub = path_in (dir, "sub");
  gchar *link = path_in (sub, "up");
  gchar *self = path_in (dir, "self");
  gchar *from = path_in (fx_dir, drm_fixtures[0].file);
  gchar *a = path_in (dir, "a.wav"), *b = path_in (sub, "b.wav");
  Run r;

  g_mkdir_with_parents (sub, 0755);
  copy_file (from, a);
  copy_file (from, b);
  ck_assert_int_eq (symlink ("..", link), 0);
  ck_assert_int_eq (symlink (".", self), 0);
  /* hidden names are skipped: macOS resource forks are not audio */
  {
    gchar *fork = path_in (dir, "._a.wav");
    ck_assert (g_file_set_contents (fork, "\0\5\26\7junk", 8, NULL));
    g_free (fork);
  }
  r = RUN ("-q", dir);
  ck_assert_msg (r.status == 0, "exit %d: %s", r.status, r.err);
  ck_assert_str_eq (r.err, "");
  {
    gchar **logs = g_strsplit (r.out, "Analyzed:", -1);
    ck_assert_uint_eq (g_strv_length (logs), 3);      /* two albums */
    g_strfreev (logs);
  }
  ck_assert_ptr_nonnull (strstr (r.out, "?-a "));
  ck_assert_ptr_nonnull (strstr (r.out, "?-b "));
  run_free (&r);
  g_free (dir);
  g_free (sub);
  g_free (link);
  g_free (self);
  g_free (from);
  g_free (a);
  g_free (b);
}
END_TEST;

/* A name that is not UTF-8: measured, shown with U+FFFD, valid JSON. */
START_TEST (test_non_utf8_name)
{
  gchar *dir = path_in (root, "latin1");
  gchar *name = path_in (dir, "caf\xe9.wav");
  gchar *from = path_in (fx_dir, drm_fixtures[0].file);
  const gchar *args[] = { dir, NULL };
  gchar **l;
  Run r;

  g_mkdir (dir, 0755);
  copy_file (from, name);
  r = RUN ("-q", dir);
  ck_assert_msg (r.status == 0, "exit %d: %s", r.status, r.err);
  ck_assert_ptr_nonnull (strstr (r.out, "?-caf\xef\xbf\xbd "));
  ck_assert (g_utf8_validate (r.out, -1, NULL));
  run_free (&r);
  /* named on the command line too */
  r = RUN ("-q", name);
  ck_assert_int_eq (r.status, 0);
  run_free (&r);

  l = json_summary (&r, args);
  ck_assert_int_eq (r.status, 0);
  ck_assert (g_str_has_prefix (l[1], "TRACK|caf\xef\xbf\xbd.wav|"));
  g_strfreev (l);
  run_free (&r);
  g_free (dir);
  g_free (name);
  g_free (from);
}
END_TEST;

/* A folder of thousands of files. */
START_TEST (test_many_files)
{
  gchar *dir = path_in (root, "many");
  const DrmFixture *fx = fixture_by_file ("201_one_frame_nonzero.wav");
  gchar *from = path_in (fx_dir, fx->file);
  gchar *data;
  gsize len;
  const guint n = 2000;
  Run r;
  gchar *s;

  g_mkdir (dir, 0755);
  ck_assert (g_file_get_contents (from, &data, &len, NULL));
  for (guint i = 0; i < n; i++) {
    gchar *name = g_strdup_printf ("%s/t%u.wav", dir, i);
    ck_assert (g_file_set_contents (name, data, len, NULL));
    g_free (name);
  }
  r = RUN ("-q", dir);
  ck_assert_msg (r.status == 0, "exit %d: %s", r.status, r.err);
  s = g_strdup_printf ("Number of tracks:  %u\n", n);
  ck_assert_ptr_nonnull (strstr (r.out, s));
  /* natural order: t2 before t10 */
  ck_assert (strstr (r.out, "?-t2 ") < strstr (r.out, "?-t10 "));
  g_free (s);
  g_free (data);
  g_free (from);
  g_free (dir);
  run_free (&r);
}
END_TEST;

/* ------------------------------------------------------------------ */
/* tags and names */

START_TEST (test_tags_naming)
{
  Run r = RUN ("-q", tags_dir);
  gchar **l = lines_of (r.out);
  gint h = 9;                   /* the first track line */

  ck_assert_msg (r.status == 0, "exit %d: %s", r.status, r.err);
  ck_assert_str_eq (l[4], "Analyzed: Artist / Album");
  ck_assert_int_eq (find_line (l, RULE), 3);
  /* numbered tracks by number, then the others by file name */
  ck_assert (g_str_has_prefix (strstr (l[h], " 02-"), " 02-Second "));
  ck_assert (g_str_has_prefix (strstr (l[h + 1], " 10-"), " 10-Tënth "));
  ck_assert (g_str_has_prefix (strstr (l[h + 2], " ?-"), " ?-c "));
  ck_assert (g_str_has_prefix (strstr (l[h + 3], " ?-"),
          " ?-Untitled number "));
  ck_assert_str_eq (l[h + 4], RULE);
  /* names are padded by characters: the columns line up */
  ck_assert_int_eq (g_utf8_strlen (l[h], -1), g_utf8_strlen (l[h + 1], -1));
  ck_assert_int_eq (g_utf8_strlen (l[h], -1), 80 + 4 * 13);
  ck_assert_int_eq (g_utf8_strlen (l[h + 1], -1), 80 + 4 * 13);
  ck_assert_ptr_nonnull (strstr (r.out, "Codec:             FLAC\n"));
  ck_assert_ptr_nonnull (strstr (r.out, "Bits per sample:   16\n"));
  ck_assert_ptr_nonnull (strstr (r.out, "Samplerate:        44100 Hz\n"));
  ck_assert_ptr_nonnull (strstr (r.out, "Channels:          2\n"));
  g_strfreev (l);
  run_free (&r);

  /* two artists and no album artist: Various Artists */
  r = RUN ("-q", va_dir);
  ck_assert_int_eq (r.status, 0);
  ck_assert_ptr_nonnull (strstr (r.out,
          "\nAnalyzed: Various Artists / Compilation\n"));
  ck_assert_ptr_nonnull (strstr (r.out, " 01-One "));
  run_free (&r);
}
END_TEST;

/* ------------------------------------------------------------------ */
/* one signal in several formats */

static gchar *
summary_of (gchar ** l, const gchar * file)
{
  gchar *prefix = g_strdup_printf ("TRACK|%s|", file);
  gchar *r = NULL;

  for (guint i = 0; l[i]; i++)
    if (g_str_has_prefix (l[i], prefix))
      r = g_strdup (l[i]);
  g_free (prefix);
  return r;
}

/* The measurement part of a summary line: tokens, values, channels; not
 * the file name, codec or sample format. */
static gchar *
measurement_of (const gchar * line)
{
  gchar **f = g_strsplit (line, "|", -1);
  gchar *r = g_strdup_printf ("%s|%s|%s|%s|%s|%s|%s|%s|%s", f[3], f[4], f[5],
      f[6], f[7], f[8], f[9], f[11], f[14]);

  g_strfreev (f);
  return r;
}

/* @file of the summary @l is measured exactly as @want, by @codec. */
static void
assert_lossless_copy (gchar ** l, const gchar * file, const gchar * codec,
    const gchar * want)
{
  gchar *line = summary_of (l, file), *m;

  ck_assert_msg (line != NULL, "%s not measured", file);
  m = measurement_of (line);
  ck_assert_str_eq (want, m);
  ck_assert_ptr_nonnull (strstr (line, codec));
  g_free (m);
  g_free (line);
}

START_TEST (test_mixed_formats)
{
  Run r;
  const gchar *args[] = { mixed_dir, NULL };
  gchar **l = json_summary (&r, args);
  gchar *wav16 = summary_of (l, "signal16.wav");
  gchar *flac16 = summary_of (l, "signal16.flac");
  gchar *wav24 = summary_of (l, "signal24.wav");
  gchar *flac24 = summary_of (l, "signal24.flac");
  gchar *m1, *m2;

  ck_assert_msg (r.status == 0, "exit %d: %s", r.status, r.err);
  ck_assert_ptr_nonnull (wav16);
  ck_assert_ptr_nonnull (flac16);
  ck_assert_ptr_nonnull (wav24);
  ck_assert_ptr_nonnull (flac24);

  /* lossless copies read exactly like the WAV: every token and value */
  m1 = measurement_of (wav16);
  m2 = measurement_of (flac16);
  ck_assert_str_eq (m1, m2);
  g_free (m2);
  if (have_wavpack)
    assert_lossless_copy (l, "signal16.wv", "|WavPack|", m1);
  if (have_alac)
    assert_lossless_copy (l, "signal16-alac.m4a", "|ALAC|", m1);
  g_free (m1);
  m1 = measurement_of (wav24);
  m2 = measurement_of (flac24);
  ck_assert_str_eq (m1, m2);
  g_free (m1);
  g_free (m2);
  ck_assert_ptr_nonnull (strstr (wav16, "|PCM|"));
  ck_assert_ptr_nonnull (strstr (flac16, "|FLAC|"));
  ck_assert_ptr_nonnull (strstr (flac24, "|FLAC|"));
  ck_assert_ptr_nonnull (strstr (flac24, "|24|"));

  /* lossy copies are measured, close to the original */
  {
    const gchar *lossy[] = { have_vorbis ? "signal16.ogg" : NULL, "Vorbis",
      have_mp3 ? "signal16.mp3" : NULL, "MP3",
      have_aac ? "signal16-aac.m4a" : NULL, "AAC", NULL
    };
    gchar *v0 = field (wav16, 4);

    for (guint k = 0; k < G_N_ELEMENTS (lossy) - 1; k += 2) {
      gchar *s, *v, *codec;

      if (!lossy[k])
        continue;
      s = summary_of (l, lossy[k]);
      ck_assert_msg (s != NULL, "%s not measured", lossy[k]);
      v = field (s, 4);
      codec = field (s, 10);
      ck_assert_str_eq (codec, lossy[k + 1]);
      ck_assert_msg (fabs (strtod (v, NULL) - strtod (v0, NULL)) < 0.5,
          "%s: DR %s vs %s", lossy[k], v, v0);
      g_free (s);
      g_free (v);
      g_free (codec);
    }
    g_free (v0);
  }
  g_free (wav16);
  g_free (flac16);
  g_free (wav24);
  g_free (flac24);
  g_strfreev (l);
  run_free (&r);

  /* the log's host lines */
  r = RUN ("-q", mixed_dir);
  ck_assert_int_eq (r.status, 0);
  ck_assert_ptr_nonnull (strstr (r.out, "Bits per sample:   "));
  {
    GString *codecs = g_string_new ("Codec:             ");
    if (have_aac)
      g_string_append (codecs, "AAC, ");
    if (have_alac)
      g_string_append (codecs, "ALAC, ");
    g_string_append (codecs, "FLAC");
    if (have_mp3)
      g_string_append (codecs, ", MP3");
    g_string_append (codecs, ", PCM");
    if (have_vorbis)
      g_string_append (codecs, ", Vorbis");
    if (have_wavpack)
      g_string_append (codecs, ", WavPack");
    g_string_append_c (codecs, '\n');
    ck_assert_msg (strstr (r.out, codecs->str) != NULL, "no '%s' in\n%s",
        codecs->str, r.out);
    g_string_free (codecs, TRUE);
  }
  run_free (&r);
}
END_TEST;

/* ------------------------------------------------------------------ */
/* material */

static void
make_fixtures (void)
{
  fx_dir = path_in (root, "fixtures");
  g_mkdir (fx_dir, 0755);
  for (guint i = 0; i < drm_n_fixtures; i++) {
    gchar *p = path_in (fx_dir, drm_fixtures[i].file);
    write_fixture_wav (&drm_fixtures[i], p);
    g_free (p);
  }
}

static void
make_flac (const gchar * dir, const gchar * name, const gchar * wave,
    const gchar * tags)
{
  gchar *p = path_in (dir, name);
  gchar *desc = g_strdup_printf ("audiotestsrc %s num-buffers=20 "
      "samplesperbuffer=4410 ! audio/x-raw,format=S16LE,rate=44100,"
      "channels=2 ! taginject tags=\"%s\" ! flacenc ! filesink location=\"%s\"",
      wave, tags, p);

  g_assert_true (launch (desc));
  g_free (desc);
  g_free (p);
}

static void
make_tagged (void)
{
  tags_dir = path_in (root, "tagged");
  g_mkdir (tags_dir, 0755);
  make_flac (tags_dir, "b.flac", "wave=sine volume=0.5",
      "title=\\\"Second\\\",artist=\\\"Artist\\\",album=\\\"Album\\\","
      "track-number=(uint)2");
  make_flac (tags_dir, "a.flac", "wave=sine freq=1000 volume=0.25",
      "title=\\\"Tënth\\\",artist=\\\"Artist\\\",album=\\\"Album\\\","
      "track-number=(uint)10");
  make_flac (tags_dir, "c.flac", "wave=square volume=0.3", "");
  make_flac (tags_dir, "d.flac", "wave=triangle volume=0.3",
      "title=\\\"Untitled number\\\"");

  va_dir = path_in (root, "various");
  g_mkdir (va_dir, 0755);
  make_flac (va_dir, "1.flac", "wave=sine volume=0.5",
      "title=\\\"One\\\",artist=\\\"X\\\",album=\\\"Compilation\\\","
      "track-number=(uint)1");
  make_flac (va_dir, "2.flac", "wave=sine volume=0.5",
      "title=\\\"Two\\\",artist=\\\"Y\\\",album=\\\"Compilation\\\","
      "track-number=(uint)2");
}

static void
encode (const gchar * from, const gchar * to, const gchar * chain)
{
  gchar *desc = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! "
      "audioconvert ! %s ! filesink location=\"%s\"", from, chain, to);

  g_assert_true (launch (desc));
  g_free (desc);
}

static void
make_mixed (void)
{
  gchar *w16, *w24, *p, *desc;

  mixed_dir = path_in (root, "mixed");
  g_mkdir (mixed_dir, 0755);
  w16 = path_in (mixed_dir, "signal16.wav");
  w24 = path_in (mixed_dir, "signal24.wav");
  /* pink noise and a sine: about 8 s, a few windows */
  desc = g_strdup_printf ("audiomixer name=m ! audio/x-raw,format=S16LE,"
      "rate=44100,channels=2 ! wavenc ! filesink location=\"%s\" "
      "audiotestsrc wave=pink-noise volume=0.3 num-buffers=80 "
      "samplesperbuffer=4410 ! m. "
      "audiotestsrc wave=sine freq=220 volume=0.2 num-buffers=80 "
      "samplesperbuffer=4410 ! m.", w16);
  g_assert_true (launch (desc));
  g_free (desc);
  desc = g_strdup_printf ("audiotestsrc wave=pink-noise volume=0.4 "
      "num-buffers=80 samplesperbuffer=4410 ! audio/x-raw,format=S24LE,"
      "rate=48000,channels=2 ! wavenc ! filesink location=\"%s\"", w24);
  g_assert_true (launch (desc));
  g_free (desc);

  p = path_in (mixed_dir, "signal16.flac");
  encode (w16, p, "flacenc");
  g_free (p);
  p = path_in (mixed_dir, "signal24.flac");
  encode (w24, p, "flacenc");
  g_free (p);
  if (have_wavpack) {
    p = path_in (mixed_dir, "signal16.wv");
    encode (w16, p, "wavpackenc");
    g_free (p);
  }
  if (have_vorbis) {
    p = path_in (mixed_dir, "signal16.ogg");
    encode (w16, p, "vorbisenc quality=0.6 ! oggmux");
    g_free (p);
  }
  if (have_mp3) {
    p = path_in (mixed_dir, "signal16.mp3");
    encode (w16, p, "lamemp3enc target=bitrate bitrate=256 cbr=true");
    g_free (p);
  }
  if (have_alac) {
    p = path_in (mixed_dir, "signal16-alac.m4a");
    encode (w16, p, "avenc_alac ! mp4mux");
    g_free (p);
  }
  if (have_aac) {
    p = path_in (mixed_dir, "signal16-aac.m4a");
    encode (w16, p, "avenc_aac ! mp4mux");
    g_free (p);
  }
  g_free (w16);
  g_free (w24);
}

/* Writes the two parts of each file and joins them byte for byte. */
static void
make_chained (void)
{
  const gchar *parts[][3] = {
    {"chained.ogg", "audiotestsrc num-buffers=100 ! "
          "audio/x-raw,rate=44100,channels=2 ! audioconvert ! vorbisenc ! "
          "oggmux", "audiotestsrc wave=pink-noise num-buffers=100 ! "
          "audio/x-raw,rate=44100,channels=2 ! audioconvert ! vorbisenc ! "
          "oggmux"},
    {"rates.mp3", "audiotestsrc num-buffers=100 ! audio/x-raw,rate=44100 ! "
          "lamemp3enc", "audiotestsrc wave=pink-noise num-buffers=100 ! "
          "audio/x-raw,rate=48000 ! lamemp3enc"},
  };
  gchar *from, *to;

  chained_dir = path_in (root, "chained");
  g_mkdir (chained_dir, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++) {
    GString *whole = g_string_new (NULL);
    gchar *file = path_in (chained_dir, parts[i][0]);

    if (i == 1 && !have_mp3) {
      g_free (file);
      g_string_free (whole, TRUE);
      continue;
    }
    for (guint k = 1; k <= 2; k++) {
      gchar *part = g_strdup_printf ("%s.part", file);
      gchar *desc = g_strdup_printf ("%s ! filesink location=\"%s\"",
          parts[i][k], part);
      gchar *data;
      gsize len;

      g_assert_true (launch (desc));
      g_assert_true (g_file_get_contents (part, &data, &len, NULL));
      g_string_append_len (whole, data, len);
      g_unlink (part);
      g_free (data);
      g_free (desc);
      g_free (part);
    }
    g_assert_true (g_file_set_contents (file, whole->str, whole->len, NULL));
    g_string_free (whole, TRUE);
    g_free (file);
  }
  from = path_in (fx_dir, "802_host_decode_s16.wav");
  to = path_in (chained_dir, "good.wav");
  copy_file (from, to);
  g_free (from);
  g_free (to);
}

static void
make_bad (void)
{
  gchar *p, *whole, *data;
  gsize len;
  GRand *rand = g_rand_new_with_seed (4);
  guint8 noise[8192];

  bad_dir = path_in (root, "bad");
  g_mkdir (bad_dir, 0755);

  p = path_in (bad_dir, "good.wav");
  {
    gchar *from = path_in (fx_dir, "802_host_decode_s16.wav");
    copy_file (from, p);
    g_free (from);
  }
  g_free (p);

  /* a whole FLAC, and a truncated and a damaged copy of it */
  whole = path_in (bad_dir, "whole.flac");
  {
    gchar *desc = g_strdup_printf ("audiotestsrc wave=pink-noise volume=0.4 "
        "num-buffers=50 samplesperbuffer=4410 ! audio/x-raw,format=S16LE,"
        "rate=44100,channels=2 ! flacenc ! filesink location=\"%s\"", whole);
    g_assert_true (launch (desc));
    g_free (desc);
  }
  g_assert_true (g_file_get_contents (whole, &data, &len, NULL));
  p = path_in (bad_dir, "truncated.flac");
  g_assert_true (g_file_set_contents (p, data, len / 2, NULL));
  g_free (p);
  for (guint i = 0; i < 4000; i++)
    data[len / 2 + i] = (gchar) g_rand_int_range (rand, 0, 256);
  p = path_in (bad_dir, "damaged.flac");
  g_assert_true (g_file_set_contents (p, data, len, NULL));
  g_free (p);
  g_free (data);
  g_free (whole);

  p = path_in (bad_dir, "empty.flac");
  g_assert_true (g_file_set_contents (p, "", 0, NULL));
  g_free (p);

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  p = path_in (bad_dir, "random.flac");
  g_assert_true (g_file_set_contents (p, (gchar *) noise, sizeof noise, NULL));
  g_free (p);

  p = path_in (bad_dir, "text.mp3");
  g_assert_true (g_file_set_contents (p, "This is not music.\n", -1, NULL));
  g_free (p);

  /* not picked up in a folder: not a media name */
  p = path_in (bad_dir, "notes.txt");
  g_assert_true (g_file_set_contents (p, "liner notes\n", -1, NULL));
  g_free (p);

  if (have_avi) {
    gchar *desc;

    p = path_in (bad_dir, "video.avi");
    desc = g_strdup_printf ("videotestsrc num-buffers=10 ! "
        "video/x-raw,width=64,height=48 ! jpegenc ! avimux ! "
        "filesink location=\"%s\"", p);
    g_assert_true (launch (desc));
    g_free (desc);
    g_free (p);
  }
  g_rand_free (rand);
}

static int
remove_entry (const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
  if (flag == FTW_DP || flag == FTW_D)
    chmod (path, 0755);
  return remove (path) == 0 ? 0 : 0;
}

static void
remove_tree (const gchar * dir)
{
  /* FTW_PHYS: links are removed, not followed */
  nftw (dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static Suite *
scanner_suite (void)
{
  Suite *s = suite_create ("scanner");
  TCase *tc = tcase_create ("scanner");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_fixture_log);
  tcase_add_test (tc, test_weighting);
  tcase_add_test (tc, test_jobs_deterministic);
  tcase_add_test (tc, test_save_output);
  tcase_add_test (tc, test_json_fixtures);
  tcase_add_test (tc, test_bad_files);
  tcase_add_test (tc, test_bad_files_json);
  tcase_add_test (tc, test_chained_files);
  tcase_add_test (tc, test_missing_decoder);
  tcase_add_test (tc, test_unreadable);
  tcase_add_test (tc, test_usage);
  tcase_add_test (tc, test_symlink_loop);
  tcase_add_test (tc, test_non_utf8_name);
  tcase_add_test (tc, test_many_files);
  tcase_add_test (tc, test_tags_naming);
  tcase_add_test (tc, test_mixed_formats);
  suite_add_tcase (s, tc);
  return s;
}

int
main (int argc, char **argv)
{
  SRunner *sr;
  int failed;

  if (!g_getenv ("GST_DRMETER") || !g_getenv ("PYTHON3")
      || !g_getenv ("CHECK_JSON")) {
    g_printerr ("GST_DRMETER, PYTHON3 and CHECK_JSON must be set\n");
    return 1;
  }
  gst_init (&argc, &argv);
  have_mp3 = have_element ("lamemp3enc") && have_element ("mpg123audiodec");
  have_vorbis = have_element ("vorbisenc") && have_element ("vorbisdec");
  have_wavpack = have_element ("wavpackenc") && have_element ("wavpackdec");
  /* AAC and ALAC come with gstreamer1.0-libav, which is optional. */
  have_alac = have_element ("avenc_alac") && have_element ("avdec_alac")
      && have_element ("mp4mux") && have_element ("qtdemux");
  have_aac = have_element ("avenc_aac") && have_element ("avdec_aac")
      && have_element ("mp4mux") && have_element ("qtdemux");
  have_avi = have_element ("jpegenc") && have_element ("avimux")
      && have_element ("avidemux");
  if (!have_mp3 || !have_vorbis || !have_wavpack || !have_avi)
    g_printerr ("note: some encoders are missing (mp3 %d, vorbis %d, "
        "wavpack %d, avi %d): those formats are not tested\n", have_mp3,
        have_vorbis, have_wavpack, have_avi);

  root = g_dir_make_tmp ("gst-drmeter-scanner-XXXXXX", NULL);
  if (!root) {
    g_printerr ("no temporary folder\n");
    return 1;
  }
  make_fixtures ();
  make_tagged ();
  make_mixed ();
  make_chained ();
  make_bad ();

  sr = srunner_create (scanner_suite ());
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);

  if (g_getenv ("DRMT_TEST_KEEP"))
    g_printerr ("test material kept in %s\n", root);
  else
    remove_tree (root);
  g_free (root);
  g_free (fx_dir);
  g_free (tags_dir);
  g_free (va_dir);
  g_free (mixed_dir);
  g_free (bad_dir);
  return failed == 0 ? 0 : 1;
}
