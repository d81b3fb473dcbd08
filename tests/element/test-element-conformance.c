/* gst-drmeter element tests: every public conformance fixture, written as
 * the WAV file it is and played through filesrc ! wavparse ! drmeter, gives
 * the tokens foobar2000 printed and the reference's binary32 values.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include <string.h>
#include "drm-test-util.h"

/* The public files' SHA-256 (conformance/wav/SHA256SUMS): the files written
 * here are those files, byte for byte. */
static const struct
{
  const char *file;
  const char *sha256;
} wav_sums[] = {
  {"101_window_minus_one_control.wav",
      "f635e1475fcdef6cbb8c9b2547e5d0ef564348a1a05d6e7cfe0aa2417f52cd27"},
  {"102_exact_window_control.wav",
      "05c18258fe7a062e167ae5e4eadaaa60e302d7315c29396daea37fd1dbfc05c4"},
  {"103_tail_pair_base.wav",
      "c7ce1d1eebee758f95de50f1eba1ab3f0bfe3d5b9485350699ab7c900bdff472"},
  {"105_negative_dr_fallback.wav",
      "ef0a10555cb589625fdf1c712fefad00afd0abd695dd99f4efde630e962561f0"},
  {"110_histogram_db_domain.wav",
      "c342e1e4fae4487ba79208975edf5047a97691e56a16537cce81d966842309a1"},
  {"111_loud_boundary_bin_ties.wav",
      "5b21bb6f7f497657c5805dd118ad805c31bad6e9effa7a14506a938368edc34a"},
  {"120_peak_order_low_then_high.wav",
      "680ae1a7d9a480a5665330933be9e9b776a25e8726635163505094fa804d08ad"},
  {"201_one_frame_nonzero.wav",
      "9328c71b54bdcf658fb405a06c32b0ec4819b39ddc16a86a3b0616b07d48ba29"},
  {"203_silent_mono.wav",
      "0d8b5999e67fc2b3491ef2b5bd319a670af5f7f30f03bcdb10b0764d6eecca3b"},
  {"301_stereo_silent_channel.wav",
      "daa1e30fe6d68cca15d9eae35877caf01a97b49ce6069de63d8e111cb8dc0331"},
  {"302_three_channel_arithmetic.wav",
      "395d5b96f8f646b7f9400d123fb58175aee48fd7de08b004f28dcad88efa1aa5"},
  {"401_histogram_lower_clamp.wav",
      "ab06ac487d20ca0732e4b681b53362d8aa030b14903dcbb4194975e8ef362f85"},
  {"402_loud_target_n9.wav",
      "e1a94d3f3a2fd7efb7f206b54043d27a8329fada67ad105a1c9530dde98b3e31"},
  {"410_rms_half_f64_stereo.wav",
      "25aa2ca5173905597c766ca34b61a0d61b1d7d591684b3b3cbce7c07b9ba4cca"},
  {"411_rms_half_f32_stereo.wav",
      "ecf5b3e09f99e9482fe6289e58649eafc6ac43c5644bc57c93f114e7e4408d36"},
  {"502_sr_44100_w_plus_one.wav",
      "576e49b6080003989f104ddd96726f7a56e635bbcbff25efec9b43c84380c401"},
  {"503_sr_48000_w_minus_one.wav",
      "14d8e58eba2079b5fda1ba72a066c791d5c3958c74bf72a847c894f0a1c67036"},
  {"601_eight_channel_report_map.wav",
      "5ed6c28587265097035ebc5c1c342996386a3dca4961433e01bc40511d0fc37d"},
  {"610_aggregate_narrow_low.wav",
      "622f674ef98d523bb17c05bdd9998a2723e82cb03966733c63e1c3582185acef"},
  {"704_display_10_50.wav",
      "cecd4f01acd0912f1b35cd54dfb20a6dffba2e620cfa323e8f6577d61a280cc7"},
  {"802_host_decode_s16.wav",
      "940fa755f429e6a8484ac5e71837c92e2854975bdb51a860f4ee9cd7f25c0b04"},
  {"805_host_decode_f32.wav",
      "6020659b806263a5d050d85bc5e7774b18336b641d5706f466a4706b0dd70e62"},
};

static gchar *tmpdir;

static void
make_tmpdir (void)
{
  GError *err = NULL;

  tmpdir = g_dir_make_tmp ("drmeter-test-XXXXXX", &err);
  fail_unless (tmpdir != NULL, "no temporary directory: %s",
      err ? err->message : "?");
}

static void
remove_tmpdir (void)
{
  GDir *dir = g_dir_open (tmpdir, 0, NULL);
  const gchar *name;

  while (dir && (name = g_dir_read_name (dir))) {
    gchar *path = g_build_filename (tmpdir, name, NULL);

    g_unlink (path);
    g_free (path);
  }
  if (dir)
    g_dir_close (dir);
  g_rmdir (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

static gchar *
write_fixture (const DrmFixture * fx)
{
  gchar *path = g_build_filename (tmpdir, fx->file, NULL);

  fail_unless (drm_test_write_wav (fx, path), "cannot write %s", path);
  return path;
}

static guint32
f32_bits (gdouble widened)
{
  float f = (float) widened;
  guint32 u;

  memcpy (&u, &f, sizeof u);
  return u;
}

/* Plays @path through filesrc ! wavparse ! drmeter ! fakesink and returns
 * the last final message; fails on an error or a timeout. */
static GstStructure *
measure_file (const gchar * path, guint * n_final)
{
  gchar *desc = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! "
      "drmeter ! fakesink", path);
  GError *err = NULL;
  GstElement *pipe = gst_parse_launch (desc, &err);
  GstBus *bus;
  GstStructure *last = NULL;

  fail_unless (pipe != NULL, "%s: %s", desc, err ? err->message : "?");
  g_free (desc);
  *n_final = 0;
  bus = gst_element_get_bus (pipe);
  fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  for (;;) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
        GST_MESSAGE_ELEMENT | GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    const GstStructure *s;

    fail_unless (msg != NULL, "timeout on %s", path);
    fail_if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR, "error on %s",
        path);
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
      gst_message_unref (msg);
      break;
    }
    s = gst_message_get_structure (msg);
    if (s && gst_structure_has_name (s, GST_DRMETER_MESSAGE_NAME)) {
      if (drm_test_read (s).final) {
        (*n_final)++;
        if (last)
          gst_structure_free (last);
        last = gst_structure_copy (s);
      }
    }
    gst_message_unref (msg);
  }
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  return last;
}

GST_START_TEST (test_wav_files_are_the_fixtures)
{
  fail_unless_equals_int (G_N_ELEMENTS (wav_sums), drm_n_fixtures);
  for (guint i = 0; i < G_N_ELEMENTS (wav_sums); i++) {
    const DrmFixture *fx = drm_test_find_fixture (wav_sums[i].file);
    gchar *path, *contents = NULL, *sum;
    gsize len = 0;

    fail_unless (fx != NULL, "no fixture %s", wav_sums[i].file);
    path = write_fixture (fx);
    fail_unless (g_file_get_contents (path, &contents, &len, NULL));
    sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
        (const guchar *) contents, len);
    fail_unless_equals_string (sum, wav_sums[i].sha256);
    g_free (sum);
    g_free (contents);
    g_unlink (path);
    g_free (path);
  }
}

GST_END_TEST;

GST_START_TEST (test_fixture_through_wavparse)
{
  const DrmFixture *fx = &drm_fixtures[__i__];
  gchar *path = write_fixture (fx);
  guint n_final = 0;
  GstStructure *s = measure_file (path, &n_final);
  gdouble v = 0;

  GST_INFO ("fixture %s", fx->id);
  fail_unless (s != NULL, "%s: no final message", fx->file);
  fail_unless_equals_int (n_final, 1);
  drm_test_assert_tokens (s, fx);
  /* The binary32 values themselves, widened. */
  v = drm_test_read (s).dr_value;
  fail_unless (f32_bits (v) == fx->track_dr_bits, "%s: track DR %08x",
      fx->id, f32_bits (v));
  fail_unless ((gdouble) (float) v == v);
  for (guint c = 0; c < fx->channels; c++) {
    v = drm_test_read (s).channel[c].dr;
    fail_unless (f32_bits (v) == fx->channel[c].f32_bits[0],
        "%s: channel %u DR", fx->id, c);
  }
  gst_structure_free (s);
  g_unlink (path);
  g_free (path);
}

GST_END_TEST;

static Suite *
drmeter_conformance_suite (void)
{
  Suite *s = suite_create ("drmeter-conformance");
  TCase *tc = tcase_create ("fixtures");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 60);
  tcase_add_checked_fixture (tc, make_tmpdir, remove_tmpdir);
  tcase_add_test (tc, test_wav_files_are_the_fixtures);
  tcase_add_loop_test (tc, test_fixture_through_wavparse, 0, drm_n_fixtures);
  return s;
}

GST_CHECK_MAIN (drmeter_conformance);
