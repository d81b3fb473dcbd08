/* gst-drmeter tests: the album step without a pipeline (album/album.h):
 * natural name order, the log order of tracks, the header names, the
 * Official DR value from the tracks' values, disc folders.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <glib.h>
#include "album/album.h"

/* A measured track of @album: @path, tagged as given (NULL, 0: none). */
static DrmtScannedTrack *
add (DrmtScannedAlbum * album, const gchar * path, guint disc_folder,
    guint disc, guint number, const gchar * album_artist, const gchar * title)
{
  DrmtScannedTrack *t = drmt_scanned_track_new (path, 1000);

  t->walk_index = album->tracks->len;
  t->disc_folder = disc_folder;
  t->disc_number = disc;
  t->track_number = number;
  t->album_artist = g_strdup (album_artist);
  t->album = g_strdup (title);
  t->done = t->ok = TRUE;
  g_ptr_array_add (album->tracks, t);
  album->done++;
  return t;
}

/* The stems of @sorted, ", " between. */
static gchar *
stems (GPtrArray * sorted)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < sorted->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (sorted, i);

    g_string_append_printf (s, "%s%s", i ? ", " : "", t->stem);
  }
  return g_string_free (s, FALSE);
}

START_TEST (test_natural_names)
{
  ck_assert_int_lt (drmt_compare_names ("Track 2.flac", "Track 10.flac"), 0);
  ck_assert_int_gt (drmt_compare_names ("Track 10.flac", "Track 2.flac"), 0);
  /* leading zeros do not count */
  ck_assert_int_eq (drmt_compare_names ("a007", "a7"), 0);
  ck_assert_int_lt (drmt_compare_names ("a", "a1"), 0);
  /* bytes, not the locale: upper case before lower, UTF-8 after ASCII */
  ck_assert_int_lt (drmt_compare_names ("B", "a"), 0);
  ck_assert_int_gt (drmt_compare_names ("\xc3\xa9t\xc3\xa9", "zoo"), 0);
  ck_assert_int_eq (drmt_compare_names ("", ""), 0);
}
END_TEST;

START_TEST (test_log_order)
{
  DrmtScannedAlbum *a = drmt_scanned_album_new ("/m/Album");
  GPtrArray *sorted;
  gchar *s;

  add (a, "/m/Album/untagged b.flac", 0, 0, 0, NULL, NULL);
  add (a, "/m/Album/untagged a.flac", 0, 0, 0, NULL, NULL);
  add (a, "/m/Album/ten.flac", 0, 0, 10, NULL, NULL);
  add (a, "/m/Album/two.flac", 0, 0, 2, NULL, NULL);
  add (a, "/m/Album/disc two.flac", 0, 2, 1, NULL, NULL);
  drmt_scanned_track_fail (add (a, "/m/Album/one.flac", 0, 0, 1, NULL,
          NULL), "damaged file");
  sorted = drmt_scanned_album_sorted_tracks (a);
  s = stems (sorted);
  /* disc, then number (numbered first), then name; failed tracks out */
  ck_assert_str_eq (s, "two, ten, untagged a, untagged b, disc two");
  g_free (s);
  g_ptr_array_unref (sorted);
  drmt_scanned_album_free (a);
}
END_TEST;

START_TEST (test_header_names)
{
  DrmtScannedAlbum *a = drmt_scanned_album_new ("/m/Album");
  DrmtScannedTrack *t1 = add (a, "/m/Album/1.flac", 0, 0, 1, NULL, NULL);
  DrmtScannedTrack *t2 = add (a, "/m/Album/2.flac", 0, 0, 2, NULL, NULL);
  GPtrArray *sorted = drmt_scanned_album_sorted_tracks (a);
  gchar *artist = drmt_scanned_album_artist (sorted);
  gchar *title = drmt_scanned_album_title (sorted);

  ck_assert_str_eq (artist, "?");
  ck_assert_str_eq (title, "?");
  g_free (artist);
  g_free (title);
  t1->artist = g_strdup ("One");
  t2->artist = g_strdup ("Two");
  t2->album = g_strdup ("Title");
  artist = drmt_scanned_album_artist (sorted);
  title = drmt_scanned_album_title (sorted);
  ck_assert_str_eq (artist, "Various Artists");
  ck_assert_str_eq (title, "Title");
  g_free (artist);
  /* an album artist wins over the track artists */
  t2->album_artist = g_strdup ("Both");
  artist = drmt_scanned_album_artist (sorted);
  ck_assert_str_eq (artist, "Both");
  g_free (artist);
  g_free (title);
  g_ptr_array_unref (sorted);
  drmt_scanned_album_free (a);
}
END_TEST;

START_TEST (test_official_dr)
{
  DrmtScannedAlbum *a = drmt_scanned_album_new ("/m/Album");
  DrmtScannedTrack *t1 = add (a, "/m/Album/1.flac", 0, 0, 1, NULL, NULL);
  DrmtScannedTrack *t2 = add (a, "/m/Album/2.flac", 0, 0, 2, NULL, NULL);
  GPtrArray *sorted = drmt_scanned_album_sorted_tracks (a);

  /* the mean of the tracks' binary32 values, not of their integers */
  t1->dr_value = 10.25f;
  t2->dr_value = 13.5f;
  t1->rate = t2->rate = 48000;
  t1->frames = 48000;
  t2->frames = 3 * 48000;
  ck_assert_float_eq (drmt_scanned_album_dr (sorted, FALSE), 11.875f);
  /* weighted by length: (10.25 x 1 s + 13.5 x 3 s) / 4 s */
  ck_assert_float_eq (drmt_scanned_album_dr (sorted, TRUE), 12.6875f);
  g_ptr_array_unref (sorted);
  drmt_scanned_album_free (a);
}
END_TEST;

/* Disc folders CD1 and CD2 of one folder, tagged @album1 and @album2. */
static DrmtScannedAlbum *
two_discs (const gchar * album1, const gchar * album2)
{
  DrmtScannedAlbum *a = drmt_scanned_album_new ("/m/Box");

  a->discs = TRUE;
  add (a, "/m/Box/CD1/1.flac", 1, 0, 1, "Artist", album1);
  add (a, "/m/Box/CD1/2.flac", 1, 0, 2, "Artist", album1);
  add (a, "/m/Box/CD2/1.flac", 2, 0, 1, "Artist", album2);
  return a;
}

START_TEST (test_disc_folders)
{
  DrmtScannedAlbum *a = two_discs ("Box", "Box");
  GPtrArray *parts;
  DrmtScannedAlbum *p;

  /* tags that agree: one album */
  ck_assert_ptr_null (drmt_scanned_album_split_discs (a));
  drmt_scanned_album_free (a);

  /* tags that differ: one album per folder, in listing order */
  a = two_discs ("Box I", "Box II");
  parts = drmt_scanned_album_split_discs (a);
  ck_assert_ptr_nonnull (parts);
  ck_assert_uint_eq (parts->len, 2);
  p = g_ptr_array_index (parts, 0);
  ck_assert_str_eq (p->path, "/m/Box/CD1");
  ck_assert_uint_eq (p->tracks->len, 2);
  ck_assert (drmt_scanned_album_complete (p));
  p = g_ptr_array_index (parts, 1);
  ck_assert_str_eq (p->path, "/m/Box/CD2");
  ck_assert_uint_eq (p->tracks->len, 1);
  g_ptr_array_unref (parts);
  drmt_scanned_album_free (a);

  /* untagged: nothing says they belong together */
  a = two_discs (NULL, NULL);
  parts = drmt_scanned_album_split_discs (a);
  ck_assert_ptr_nonnull (parts);
  ck_assert_uint_eq (parts->len, 2);
  g_ptr_array_unref (parts);
  drmt_scanned_album_free (a);
}
END_TEST;

static Suite *
album_suite (void)
{
  Suite *s = suite_create ("album");
  TCase *tc = tcase_create ("album");

  tcase_add_test (tc, test_natural_names);
  tcase_add_test (tc, test_log_order);
  tcase_add_test (tc, test_header_names);
  tcase_add_test (tc, test_official_dr);
  tcase_add_test (tc, test_disc_folders);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (album_suite ());
  int failed;

  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed ? 1 : 0;
}
