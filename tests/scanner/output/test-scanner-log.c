/* gst-drmeter scanner tests: the log of the fixture folder, the weightings, jobs, --save and --output.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "scanner-test.h"
#include "expected-lines.h"

START_TEST (test_fixture_log)
{
  Run r = RUN ("-q", fx_dir);
  gchar **l = lines_of (r.out);
  gchar *s;
  guint i;
  gdouble bits = 0, secs = 0;

  assert_exit (&r, 0);
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

  assert_exit (&m, 0);
  assert_exit (&l, 0);
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

  assert_exit (&a, 0);
  assert_exit (&b, 0);
  assert_exit (&c, 0);
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
  assert_exit (&r, 0);
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
  assert_exit (&o, 0);
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

void
scanner_add_log_tests (TCase * tc)
{
  tcase_add_test (tc, test_fixture_log);
  tcase_add_test (tc, test_weighting);
  tcase_add_test (tc, test_jobs_deterministic);
  tcase_add_test (tc, test_save_output);
}
