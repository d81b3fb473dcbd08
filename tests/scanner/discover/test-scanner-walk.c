/* gst-drmeter scanner tests: the command line and the folders: usage, links, names, many files.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "scanner-test.h"

START_TEST (test_usage)
{
  Run r = run_argv (NULL, NULL);

  assert_exit (&r, 2);
  ck_assert_ptr_nonnull (strstr (r.err, "Usage"));
  ck_assert_str_eq (r.out, "");
  run_free (&r);

  r = RUN ("--no-such-option", fx_dir);
  assert_exit (&r, 2);
  ck_assert_str_eq (r.out, "");
  run_free (&r);

  /* below 1 (-1 included, once the value meaning "not given") */
  for (const gchar * const *j = (const gchar * const[]) { "-3", "-1", "0",
      "1025", NULL}; *j; j++) {
    r = RUN ("-j", *j, fx_dir);
    assert_exit (&r, 2);
    ck_assert_msg (strstr (r.err, "--jobs must be between 1 and 1024"),
        "-j %s: %s", *j, r.err);
    ck_assert_str_eq (r.out, "");
    run_free (&r);
  }

  r = RUN ("--jobs=many", fx_dir);
  assert_exit (&r, 2);
  run_free (&r);

  r = RUN ("--help");
  assert_exit (&r, 0);
  for (const gchar * const *o = (const gchar * const[]) { "--save",
      "--output=FILE", "--json", "--jobs=N", "--multichannel-weighting",
      "--album-length-weighting", "--crlf", "--all-files", "--quiet",
      "--version", "PATH", NULL}; *o; o++)
    ck_assert_msg (strstr (r.out, *o) != NULL, "--help lacks %s", *o);
  run_free (&r);

  r = RUN ("--version");
  assert_exit (&r, 0);
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
  assert_exit (&r, 0);
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
  assert_exit (&r, 0);
  ck_assert_ptr_nonnull (strstr (r.out, "?-caf\xef\xbf\xbd "));
  ck_assert (g_utf8_validate (r.out, -1, NULL));
  run_free (&r);
  /* named on the command line too */
  r = RUN ("-q", name);
  assert_exit (&r, 0);
  run_free (&r);

  l = json_summary (&r, args);
  assert_exit (&r, 0);
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
  assert_exit (&r, 0);
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

void
scanner_add_walk_tests (TCase * tc)
{
  tcase_add_test (tc, test_usage);
  tcase_add_test (tc, test_symlink_loop);
  tcase_add_test (tc, test_non_utf8_name);
  tcase_add_test (tc, test_many_files);
}
