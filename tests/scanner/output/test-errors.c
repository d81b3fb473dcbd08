/* gst-drmeter tests: reasons cut from GLib messages (progress.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>
#include "output/progress.h"

START_TEST (test_last_clause)
{
  ck_assert_str_eq (drmt_last_clause ("Failed to create file "
          "\xe2\x80\x9c/a/foo_dr.txt.X\xe2\x80\x9d: Permission denied"),
      "Permission denied");
  ck_assert_str_eq (drmt_last_clause ("a: b: c"), "c");
  ck_assert_str_eq (drmt_last_clause ("no clause"), "no clause");
  /* nothing after the last separator, or a colon without a space: the
   * whole message, never past its end */
  ck_assert_str_eq (drmt_last_clause ("ends in a colon:"), "ends in a colon:");
  ck_assert_str_eq (drmt_last_clause ("ends in: "), "ends in: ");
  ck_assert_str_eq (drmt_last_clause (":"), ":");
  ck_assert_str_eq (drmt_last_clause (""), "");
}
END_TEST;

/* An error is one line on stderr, whatever bytes its reason quotes: a
 * flipped byte in a WAV chunk's name once split it in two. */
START_TEST (test_error_is_one_line)
{
  gchar *path = NULL, *text = NULL;
  gint fd = g_file_open_tmp ("drmt-errors-XXXXXX", &path, NULL);
  gint saved = dup (fileno (stderr));

  ck_assert_int_ge (fd, 0);
  fflush (stderr);
  dup2 (fd, fileno (stderr));
  drmt_print_error_line ("cut.wav",
      "damaged file: its '[-\n\r' chunk runs past the end");
  drmt_print_warning ("a.mp3", "tab\there\x7f");
  fflush (stderr);
  dup2 (saved, fileno (stderr));
  close (saved);
  close (fd);
  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  ck_assert_str_eq (text, "gst-drmeter: cut.wav: damaged file: its '[-?" "?' "
      "chunk runs past the end\n"
      "gst-drmeter: a.mp3: warning: tab?here?\n");
  g_unlink (path);
  g_free (path);
  g_free (text);
}
END_TEST;

/* The error kept for the JSON's list reads as its line on stderr does: a
 * corpus file's chunk name with a control character once made the two
 * differ. */
START_TEST (test_kept_error_as_shown)
{
  GArray *kept;
  DrmtError *e;

  drmt_record_error ("flip.wav", "damaged file: its 'I\001mR' chunk");
  kept = drmt_errors ();
  ck_assert_uint_ge (kept->len, 1);
  e = &g_array_index (kept, DrmtError, kept->len - 1);
  ck_assert_str_eq (e->file, "flip.wav");
  ck_assert_str_eq (e->reason, "damaged file: its 'I?mR' chunk");
  drmt_errors_free ();
}
END_TEST;

int
main (void)
{
  Suite *s = suite_create ("errors");
  TCase *tc = tcase_create ("errors");
  SRunner *sr;
  int failed;

  tcase_add_test (tc, test_last_clause);
  tcase_add_test (tc, test_error_is_one_line);
  tcase_add_test (tc, test_kept_error_as_shown);
  suite_add_tcase (s, tc);
  sr = srunner_create (s);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
