/* gst-drmeter: the report's tokens and the album value.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include "measure.h"

START_TEST (db_tokens)
{
  static const struct {
    double v;
    const char *want;
  } cases[] = {
    {0.0, "0.00"}, {-0.0, "0.00"}, {-0.004, "0.00"}, {0.004, "0.00"},
    {-0.005, "-0.01"}, {0.005, "0.01"}, {-0.0099, "-0.01"},
    {-12.04, "-12.04"}, {12.345, "12.35"}, {-100.93, "-100.93"},
    {-INFINITY, "-inf"}, {-0.45, "-0.45"}, {6.0206, "6.02"},
    {(double) -0.001f, "0.00"}, {(double) 39.25f, "39.25"},
  };
  char buf[DRM_TOKEN_SIZE];

  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
    ck_assert_str_eq (drm_format_db (cases[i].v, buf), cases[i].want);
}
END_TEST

/* Whatever the program's locale, the report uses a point. */
START_TEST (db_tokens_ignore_locale)
{
  static const char *locales[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8" };
  char buf[DRM_TOKEN_SIZE];

  for (unsigned i = 0; i < 3; i++) {
    if (!setlocale (LC_ALL, locales[i]))
      continue;
    ck_assert_str_eq (drm_format_db (-12.5, buf), "-12.50");
  }
  setlocale (LC_ALL, "C");
}
END_TEST

START_TEST (dr_tokens)
{
  char buf[DRM_TOKEN_SIZE];

  ck_assert_str_eq (drm_format_dr (12, buf), "DR12");
  ck_assert_str_eq (drm_format_dr (0, buf), "DR0");
  /* Display is (int)(dr + 0.5) on the binary32 value. */
  ck_assert_int_eq (drm_dr_displayed (10.5f), 11);
  ck_assert_int_eq (drm_dr_displayed (nextafterf (12.5f, 0.0f)), 12);
  ck_assert_int_eq (drm_dr_displayed (0.49f), 0);
  ck_assert_int_eq (drm_dr_displayed (0.0f), 0);
}
END_TEST

START_TEST (duration_tokens)
{
  static const struct {
    uint64_t frames;
    unsigned rate;
    const char *want;
  } cases[] = {
    {0, 44100, "0:00"}, {1, 8000, "0:00"}, {4000, 8000, "0:01"},
    {3999, 8000, "0:00"}, {24031, 8000, "0:03"}, {59 * 44100 + 22050, 44100, "1:00"},
    {3599ull * 48000, 48000, "59:59"}, {3600ull * 48000, 48000, "1:00:00"},
    {86399ull * 10, 10, "23:59:59"}, {86400ull * 10, 10, "1d 0:00:00"},
    {(6 * 86400ull + 3661) * 10, 10, "6d 1:01:01"},
    {604800ull * 10, 10, "1wk 0d 0:00:00"},
    {(2 * 604800ull + 86400 + 61) * 10, 10, "2wk 1d 0:01:01"},
  };
  char buf[DRM_TOKEN_SIZE];

  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
    ck_assert_str_eq (drm_format_duration (cases[i].frames, cases[i].rate,
            buf), cases[i].want);
}
END_TEST

/* The public fixtures as one album: the mean of the binary32 track values,
 * DR0 tracks included. */
START_TEST (album_of_fixtures)
{
  DrmAlbum album, weighted, by_value;
  double sum = 0.0, wsum = 0.0, dur = 0.0;

  drm_album_init (&album, 0);
  drm_album_init (&weighted, 1);
  drm_album_init (&by_value, 1);
  for (unsigned i = 0; i < drm_n_fixtures; i++) {
    DrmTrackResult r;

    drm_measure_fixture (&drm_fixtures[i], drm_fixtures[i].format, 0,
        DRM_SPLIT_WHOLE, 0, 0, &r);
    drm_album_add (&album, &r);
    drm_album_add (&weighted, &r);
    /* the scanner's way: only the DR value and the duration */
    drm_album_add_dr (&by_value, r.dr, (double) r.frames / r.rate);
    sum += (double) r.dr;
    wsum += (double) r.dr * ((double) r.frames / r.rate);
    dur += (double) r.frames / r.rate;
  }
  ck_assert_uint_eq (album.tracks, drm_n_fixtures);
  ck_assert (drm_album_get_dr (&album) == (float) (sum / drm_n_fixtures));
  ck_assert (drm_album_get_dr (&weighted) == (float) (wsum / dur));
  ck_assert (memcmp (&by_value, &weighted, sizeof by_value) == 0);
  ck_assert_int_eq (drm_album_get_dr_displayed (&album),
      (int) ((double) (float) (sum / drm_n_fixtures) + 0.5));
}
END_TEST

START_TEST (album_edge_cases)
{
  DrmAlbum a;
  DrmTrackResult r;

  drm_album_init (&a, 1);
  ck_assert (drm_album_get_dr (&a) == 0.0f);
  ck_assert_int_eq (drm_album_get_dr_displayed (&a), 0);
  memset (&r, 0, sizeof r);
  r.dr = 9.75f;                 /* a zero-length track: weights fall back */
  drm_album_add (&a, &r);
  ck_assert (drm_album_get_dr (&a) == 9.75f);
  drm_album_add (NULL, &r);
  drm_album_add (&a, NULL);
  drm_album_add_dr (NULL, 1.0f, 1.0);
  ck_assert_uint_eq (a.tracks, 1);
}
END_TEST

/* The nearest x.50 step of the printed value and the distance to it. */
START_TEST (dr_boundaries)
{
  static const struct {
    float dr;
    double boundary;
    int hundredths, near;
  } cases[] = {
    {12.45f, 12.5, 5, 1},       /* 12.4499998 prints 12.45 */
    {12.5f, 12.5, 0, 1},
    {12.55f, 12.5, 5, 1},
    {12.44f, 12.5, 6, 0},
    {12.56f, 12.5, 6, 0},
    {12.99f, 12.5, 49, 0},
    {13.0f, 13.5, 50, 0},
    {0.0f, 0.5, 50, 0},
    {0.5f, 0.5, 0, 1},
    {9.125f, 9.5, 38, 0},       /* prints 9.12: halves to even, as printf */
    {9.375f, 9.5, 12, 0},       /* prints 9.38 */
    {-1.0f, 0.5, 50, 0},        /* never a DR; read as 0 */
  };
  char buf[DRM_TOKEN_SIZE];

  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int hundredths = -1;
    double b = drm_dr_boundary (cases[i].dr, &hundredths);

    ck_assert_msg (b == cases[i].boundary, "%s: boundary %g",
        drm_format_db (cases[i].dr, buf), b);
    ck_assert_int_eq (hundredths, cases[i].hundredths);
    ck_assert_int_eq (drm_dr_near_boundary (cases[i].dr), cases[i].near);
  }
  ck_assert (drm_dr_boundary (12.3f, NULL) == 12.5);
}
END_TEST

/* Bin centres: the loud set's power is rebuilt from exactly these. */
START_TEST (bin_levels)
{
  ck_assert (drm_bin_db (0) == -100.0);
  ck_assert (drm_bin_db (10000) == 0.0);
  ck_assert (drm_bin_db (5000) == 5000 * 0.01 - 100.0);
  ck_assert (fabs (drm_bin_db (8712) - -12.88) < 1e-12);
  ck_assert (isinf (drm_bin_db (-1)) && drm_bin_db (-1) < 0);
  for (int bin = 0; bin <= 10000; bin++)
    ck_assert (drm_bin_db (bin) == (double) bin * 0.01 - 100.0);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("report-values");
  TCase *tc = tcase_create ("tokens");

  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, db_tokens);
  tcase_add_test (tc, db_tokens_ignore_locale);
  tcase_add_test (tc, dr_tokens);
  tcase_add_test (tc, duration_tokens);
  tcase_add_test (tc, album_of_fixtures);
  tcase_add_test (tc, album_edge_cases);
  tcase_add_test (tc, dr_boundaries);
  tcase_add_test (tc, bin_levels);
  suite_add_tcase (s, tc);
  return drm_test_run_suite (s);
}
