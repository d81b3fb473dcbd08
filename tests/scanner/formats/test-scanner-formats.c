/* gst-drmeter scanner tests: tags and names, one signal in several formats.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "scanner-test.h"

/* ------------------------------------------------------------------ */
/* tags and names */

START_TEST (test_tags_naming)
{
  Run r = RUN ("-q", tags_dir);
  gchar **l = lines_of (r.out);
  gint h = 9;                   /* the first track line */

  assert_exit (&r, 0);
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
  assert_exit (&r, 0);
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

  assert_exit (&r, 0);
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

  /* Lossy copies are measured, close to the original, and exactly as long
   * as their containers declare: the Ogg granule position of the last
   * page; lamemp3enc's frames (it writes no LAME header); for AAC the MP4
   * sample table, with the encoder's 1024 priming samples (1.22's mp4mux
   * starts its edit list at media time 0). The material is the same every
   * run (write_signal16), so that a difference is the scanner's, not the
   * noise's. */
  {
    const struct {
      gboolean have;
      const gchar *file, *codec;
      gint64 frames;
    } lossy[] = {
      {have_vorbis, "signal16.ogg", "Vorbis", 352800},
      {have_mp3, "signal16.mp3", "MP3", 308 * 1152},
      {have_aac, "signal16-aac.m4a", "AAC", 352800 + 1024},
    };
    gchar *v0 = field (wav16, 4);

    for (guint k = 0; k < G_N_ELEMENTS (lossy); k++) {
      gchar *s, *v, *codec, *frames;

      if (!lossy[k].have)
        continue;
      s = summary_of (l, lossy[k].file);
      ck_assert_msg (s != NULL, "%s not measured", lossy[k].file);
      v = field (s, 4);
      codec = field (s, 10);
      frames = field (s, 11);
      ck_assert_str_eq (codec, lossy[k].codec);
      ck_assert_msg (g_ascii_strtoll (frames, NULL, 10) == lossy[k].frames,
          "%s: %s frames, not %" G_GINT64_FORMAT, lossy[k].file, frames,
          lossy[k].frames);
      ck_assert_msg (fabs (strtod (v, NULL) - strtod (v0, NULL)) < 0.5,
          "%s: DR %s vs %s", lossy[k].file, v, v0);
      g_free (s);
      g_free (v);
      g_free (codec);
      g_free (frames);
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
  assert_exit (&r, 0);
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

void
scanner_add_formats_tests (TCase * tc)
{
  tcase_add_test (tc, test_tags_naming);
  tcase_add_test (tc, test_mixed_formats);
}
