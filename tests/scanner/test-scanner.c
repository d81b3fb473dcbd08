/* gst-drmeter tests: the gst-drmeter command, run as users run it.
 *
 * Makes the material once (scanner-material.c), then runs every topic
 * (test-scanner-*.c), each a test case of its own.
 *
 * Environment (set by meson): GST_DRMETER = the command, PYTHON3 = a
 * Python 3 for the JSON schema check, CHECK_JSON = check-json.py.
 * DRMT_TEST_KEEP=1 keeps the material (the path is printed).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "scanner-test.h"

gchar *root;
gchar *fx_dir;
gchar *tags_dir;
gchar *va_dir;
gchar *mixed_dir;
gchar *chained_dir;
gchar *bad_dir;
gboolean have_mp3, have_vorbis, have_wavpack, have_avi, have_alac, have_aac;

static void
add_topic (Suite * s, const gchar * name, void (*add) (TCase *))
{
  TCase *tc = tcase_create (name);

  tcase_set_timeout (tc, 120);
  add (tc);
  suite_add_tcase (s, tc);
}

static Suite *
scanner_suite (void)
{
  Suite *s = suite_create ("scanner");

  add_topic (s, "log", scanner_add_log_tests);
  add_topic (s, "json", scanner_add_json_tests);
  add_topic (s, "bad", scanner_add_bad_tests);
  add_topic (s, "walk", scanner_add_walk_tests);
  add_topic (s, "formats", scanner_add_formats_tests);
  return s;
}

/* The cases of a format whose encoder or decoder is missing check less:
 * the run is a SKIP, not a pass. */
static void
skip_unless (gboolean have, const gchar * format, const gchar * elements)
{
  gchar *why;

  if (have)
    return;
  why = g_strdup_printf ("one of %s is not installed: no %s file is made "
      "or measured", elements, format);
  scanner_skip (format, why);
  g_free (why);
}

int
main (int argc, char **argv)
{
  SRunner *sr;
  int failed, status;

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

  root = g_dir_make_tmp ("gst-drmeter-scanner-XXXXXX", NULL);
  if (!root) {
    g_printerr ("no temporary folder\n");
    return 1;
  }
  skip_unless (have_mp3, "MP3", "lamemp3enc, mpg123audiodec");
  skip_unless (have_vorbis, "Ogg Vorbis", "vorbisenc, vorbisdec");
  skip_unless (have_wavpack, "WavPack", "wavpackenc, wavpackdec");
  skip_unless (have_alac, "ALAC", "avenc_alac, avdec_alac, mp4mux, qtdemux");
  skip_unless (have_aac, "AAC", "avenc_aac, avdec_aac, mp4mux, qtdemux");
  skip_unless (have_avi, "AVI", "jpegenc, avimux, avidemux");
  make_fixtures ();
  make_tagged ();
  make_mixed ();
  make_chained ();
  make_bad ();

  sr = srunner_create (scanner_suite ());
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  status = scanner_exit_status (failed);

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
  return status;
}
