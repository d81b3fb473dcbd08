/* gst-drmeter scanner tests: bad input: damaged, truncated, chained, undecodable and unreadable files.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "scanner-test.h"

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

  assert_exit (&r, 1);
  assert_error_lines (r.err, pairs);
  /* the good files are measured and reported */
  ck_assert_ptr_nonnull (strstr (r.out, "?-good "));
  ck_assert_ptr_nonnull (strstr (r.out, "?-whole "));
  ck_assert_ptr_nonnull (strstr (r.out, "Number of tracks:  2\n"));
  ck_assert_ptr_null (strstr (r.out, "?-truncated"));

  /* a single bad file: status 1, one line, no log */
  one = RUN ("-q", empty);
  assert_exit (&one, 1);
  ck_assert_str_eq (one.out, "");
  {
    const gchar *p1[] = { empty, "empty file", NULL };
    assert_error_lines (one.err, p1);
  }
  run_free (&one);

  /* the good one alone: 0 */
  one = RUN ("-q", good);
  assert_exit (&one, 0);
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

  assert_exit (&r, 1);
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

  assert_exit (&r, 1);
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
 * file. Where gst-libav is installed, its WMA decoder is given rank NONE
 * for the command (decodebin then never plugs it), so that the case runs
 * on every machine. */
START_TEST (test_missing_decoder)
{
  gchar *dir = path_in (root, "nodecoder");
  gchar *file = path_in (dir, "wma.wav");
  GByteArray *b;
  const gchar *pairs[] = { file, "missing GStreamer plugin: ", NULL };
  Run r;

  g_setenv ("GST_PLUGIN_FEATURE_RANK", "avdec_wmav2:NONE", TRUE);
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
  g_unsetenv ("GST_PLUGIN_FEATURE_RANK");
  assert_exit (&r, 1);
  ck_assert_str_eq (r.out, "");
  assert_error_lines (r.err, pairs);
  run_free (&r);
  g_free (dir);
  g_free (file);
}
END_TEST;

/* As root, a command line prefix under which file modes bind: root
 * without the capabilities that override them (the uid stays 0, so a
 * build under a folder only root may enter, such as a 0700 home or a
 * mktemp -d, is still reachable); failing that, "nobody", if nobody can
 * reach the command. NULL when neither works. */
static const gchar *const *
modes_bind_prefix (gchar * setpriv, gchar * regenv)
{
  static const gchar *drop[] = { NULL,
    "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all",
    NULL
  };
  static const gchar *nobody[] = { NULL, "--reuid=65534", "--regid=65534",
    "--clear-groups", "env", NULL, "HOME=/nonexistent", NULL
  };
  gchar *argv[8] = { setpriv, (gchar *) drop[1], (gchar *) drop[2],
    (gchar *) "true", NULL
  };
  gint wait = -1;

  if (!setpriv)
    return NULL;
  drop[0] = setpriv;
  if (g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
          NULL, NULL, &wait, NULL) && g_spawn_check_wait_status (wait, NULL))
    return drop;
  argv[1] = (gchar *) "--reuid=65534";
  argv[2] = (gchar *) "--regid=65534";
  argv[3] = (gchar *) "test";
  argv[4] = (gchar *) "-x";
  argv[5] = (gchar *) g_getenv ("GST_DRMETER");
  argv[6] = NULL;
  if (g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
          NULL, NULL, &wait, NULL) && g_spawn_check_wait_status (wait, NULL)) {
    nobody[0] = setpriv;
    nobody[5] = regenv;
    return nobody;
  }
  return NULL;
}

/* Unreadable file and folder. chmod 000 does not stop root: as root the
 * command runs without the capabilities that let it pass (or as
 * "nobody"), otherwise the modes do it. */
START_TEST (test_unreadable)
{
  gchar *dir = path_in (root, "locked");
  gchar *sub = path_in (dir, "closed");
  gchar *good = path_in (dir, "good.wav");
  gchar *secret = path_in (dir, "secret.wav");
  gchar *reg = path_in (root, "nobody-registry.bin");
  gchar *regenv = g_strdup_printf ("GST_REGISTRY_1_0=%s", reg);
  gchar *from = path_in (fx_dir, drm_fixtures[0].file);
  gboolean as_root = geteuid () == 0;
  gchar *setpriv = g_find_program_in_path ("setpriv");
  const gchar *const *prefix = NULL;
  const gchar *pairs[] = { secret, "Permission denied", sub,
    "Permission denied", NULL
  };
  const gchar *args[] = { "-q", dir, NULL };
  Run r;

  if (as_root) {
    /* nobody must reach the folder the material is in */
    g_chmod (root, 0755);
    prefix = modes_bind_prefix (setpriv, regenv);
    if (!prefix) {
      gchar *why = g_strdup_printf ("root, and neither can setpriv drop "
          "the capabilities nor can nobody run %s", g_getenv ("GST_DRMETER"));

      scanner_skip ("test_unreadable", why);
      g_free (why);
      goto out;
    }
  }
  g_mkdir (dir, 0755);
  g_mkdir (sub, 0755);
  copy_file (from, good);
  copy_file (from, secret);
  g_chmod (secret, 0);
  g_chmod (sub, 0);
  r = run_argv (prefix, args);
  assert_exit (&r, 1);
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
  g_free (regenv);
  g_free (from);
}
END_TEST;

void
scanner_add_bad_tests (TCase * tc)
{
  tcase_add_test (tc, test_bad_files);
  tcase_add_test (tc, test_chained_files);
  tcase_add_test (tc, test_bad_files_json);
  tcase_add_test (tc, test_missing_decoder);
  tcase_add_test (tc, test_unreadable);
}
