/* gst-drmeter scanner tests: the JSON document.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "scanner-test.h"

static gchar *
tokens_of (const DrmFixture * fx)
{
  static const gchar *labels_1[] = { "FC" };
  static const gchar *labels_2[] = { "FL", "FR" };
  static const gchar *labels_3[] = { "FL", "FR", "FC" };
  static const gchar *labels_8[] = { "FL", "FR", "FC", "LFE", "BL", "BR",
    "SL", "SR"
  };
  const gchar **labels = fx->channels == 1 ? labels_1 : fx->channels == 2 ?
      labels_2 : fx->channels == 3 ? labels_3 : labels_8;
  GString *s = g_string_new (NULL);
  gchar *stem = stem_of (fx->file);

  g_string_append_printf (s, "TRACK|%s|?-%s|%s|", fx->file, stem,
      fx->dr_token);
  g_free (stem);
  /* dr_value: the binary32 track value */
  {
    union {
      guint32 u;
      gfloat f;
    } v = { fx->track_dr_bits };
    g_string_append_printf (s, "%.9g|", v.f);
  }
  g_string_append_printf (s, "%s|%s|%s|", fx->peak_token, fx->rms_token,
      fx->duration_token);
  for (guint c = 0; c < fx->channels; c++)
    g_string_append_printf (s, "%s%s=%s/%s", c ? "," : "", labels[c],
        fx->channel[c].dr_token, fx->channel[c].rms_token);
  return g_string_free (s, FALSE);
}

START_TEST (test_json_fixtures)
{
  Run r;
  const gchar *args[] = { fx_dir, NULL };
  gchar **l = json_summary (&r, args);
  guint tracks = 0;

  assert_exit (&r, 0);
  ck_assert_str_eq (r.out, "");
  ck_assert (g_str_has_prefix (l[0], "ALBUM|"));
  {
    gchar *dr = field (l[0], 4), *tok = field (l[0], 6), *n = field (l[0], 7);
    gchar *want = g_strdup_printf ("%d", fixtures_album_dr ());

    ck_assert_str_eq (dr, want);
    ck_assert_str_eq (n, "22");
    g_free (want);
    want = g_strdup_printf ("DR%d", fixtures_album_dr ());
    ck_assert_str_eq (tok, want);
    g_free (want);
    g_free (dr);
    g_free (tok);
    g_free (n);
  }
  for (gint i = 1; l[i] && g_str_has_prefix (l[i], "TRACK|"); i++) {
    gchar *file = field (l[i], 1);
    const DrmFixture *fx = fixture_by_file (file);
    gchar *want, *got;
    gchar **f = g_strsplit (l[i], "|", -1);
    gchar **ch;
    GString *g = g_string_new (NULL);
    gfloat dr_value;

    ck_assert_msg (fx != NULL, "unknown file %s", file);
    want = tokens_of (fx);
    /* TRACK|file|name|dr_token|dr_value|peak|rms|peak_db|rms_db|duration|
     * codec|frames|bits|format|channels */
    dr_value = strtof (f[4], NULL);
    g_string_append_printf (g, "TRACK|%s|%s|%s|%.9g|%s|%s|%s|", f[1], f[2],
        f[3], dr_value, f[5], f[6], f[9]);
    ch = g_strsplit (f[14], ",", -1);
    for (guint c = 0; ch[c]; c++) {
      gchar **t = g_strsplit (ch[c], "/", -1);     /* L=dr/peak/rms/... */
      g_string_append_printf (g, "%s%s/%s", c ? "," : "", t[0], t[2]);
      g_strfreev (t);
    }
    got = g_string_free (g, FALSE);
    ck_assert_str_eq (got, want);
    {
      gchar *frames = g_strdup_printf ("%" G_GUINT64_FORMAT, fx->frames);
      ck_assert_str_eq (f[11], frames);
      g_free (frames);
    }
    g_strfreev (ch);
    g_strfreev (f);
    g_free (want);
    g_free (got);
    g_free (file);
    tracks++;
  }
  ck_assert_uint_eq (tracks, drm_n_fixtures);
  ck_assert_str_eq (l[tracks + 1], "END|22|0|0");
  g_strfreev (l);
  run_free (&r);
}
END_TEST;

void
scanner_add_json_tests (TCase * tc)
{
  tcase_add_test (tc, test_json_fixtures);
}
