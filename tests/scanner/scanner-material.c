/* gst-drmeter scanner tests: the material, made once before the tests run.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE             /* nftw */
#include <ftw.h>
#include "scanner-test.h"

/* ------------------------------------------------------------------ */
/* material */

void
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

void
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

/* @from encoded with @chain as @name in the mixed folder. */
static void
encode_copy (const gchar * from, const gchar * name, const gchar * chain)
{
  gchar *to = path_in (mixed_dir, name);

  encode (from, to, chain);
  g_free (to);
}

/* The mixed folder's 16-bit signal: pink noise (Voss: 12 rows of noise,
 * row k drawn anew every 2^k samples, and a white one) and a 220 Hz sine,
 * 8 s (three windows), the same samples every run. audiotestsrc seeds its
 * noise at random, and with so few windows a lossy copy's DR differs from
 * the WAV's by how the codec's error lifts the second-highest window
 * peak: for the AAC copy by 0.0 to 0.75 dB, over 0.5 in 2 runs of 30. */
#define PINK_ROWS 12

static void
write_signal16 (const gchar * path)
{
  const guint rate = 44100, frames = 8 * rate;
  GByteArray *b = g_byte_array_new ();
  GRand *rand = g_rand_new_with_seed (3);
  gdouble rows[2][PINK_ROWS] = { {0} };

  put_tag (b, "RIFF");
  put32 (b, 36 + frames * 4);
  put_tag (b, "WAVE");
  put_tag (b, "fmt ");
  put32 (b, 16);
  put16 (b, 1);
  put16 (b, 2);
  put32 (b, rate);
  put32 (b, rate * 4);
  put16 (b, 4);
  put16 (b, 16);
  put_tag (b, "data");
  put32 (b, frames * 4);
  for (guint f = 0; f < frames; f++) {
    gdouble sine = 0.2 * sin (2 * G_PI * 220 * f / rate);

    for (guint c = 0; c < 2; c++) {
      gdouble pink = g_rand_double_range (rand, -1, 1);

      for (guint k = 0; k < PINK_ROWS; k++) {
        if (f % (1u << k) == 0)
          rows[c][k] = g_rand_double_range (rand, -1, 1);
        pink += rows[c][k];
      }
      put16 (b, (guint16) (gint16) lrint (32767 * (sine
                  + 0.5 * pink / (PINK_ROWS + 1))));
    }
  }
  g_assert_true (g_file_set_contents (path, (const gchar *) b->data, b->len,
          NULL));
  g_rand_free (rand);
  g_byte_array_unref (b);
}

void
make_mixed (void)
{
  gchar *w16, *w24, *desc;

  mixed_dir = path_in (root, "mixed");
  g_mkdir (mixed_dir, 0755);
  w16 = path_in (mixed_dir, "signal16.wav");
  w24 = path_in (mixed_dir, "signal24.wav");
  write_signal16 (w16);
  desc = g_strdup_printf ("audiotestsrc wave=pink-noise volume=0.4 "
      "num-buffers=80 samplesperbuffer=4410 ! audio/x-raw,format=S24LE,"
      "rate=48000,channels=2 ! wavenc ! filesink location=\"%s\"", w24);
  g_assert_true (launch (desc));
  g_free (desc);

  encode_copy (w16, "signal16.flac", "flacenc");
  encode_copy (w24, "signal24.flac", "flacenc");
  if (have_wavpack)
    encode_copy (w16, "signal16.wv", "wavpackenc");
  if (have_vorbis)
    encode_copy (w16, "signal16.ogg", "vorbisenc quality=0.6 ! oggmux");
  if (have_mp3)
    encode_copy (w16, "signal16.mp3",
        "lamemp3enc target=bitrate bitrate=256 cbr=true");
  if (have_alac)
    encode_copy (w16, "signal16-alac.m4a", "avenc_alac ! mp4mux");
  if (have_aac)
    encode_copy (w16, "signal16-aac.m4a", "avenc_aac ! mp4mux");
  g_free (w16);
  g_free (w24);
}

/* Writes the two parts of each file and joins them byte for byte. */
void
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

void
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

void
remove_tree (const gchar * dir)
{
  /* FTW_PHYS: links are removed, not followed */
  nftw (dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
