/* gst-drmeter tests: reasons cut from GLib messages (progress.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <glib.h>
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

int
main (void)
{
  Suite *s = suite_create ("errors");
  TCase *tc = tcase_create ("errors");
  SRunner *sr;
  int failed;

  tcase_add_test (tc, test_last_clause);
  suite_add_tcase (s, tc);
  sr = srunner_create (s);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
