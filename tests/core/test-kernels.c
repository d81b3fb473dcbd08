/* gst-drmeter: every kernel path gives the same bits.
 *
 * Random data of every format, with the awkward values mixed in (NaN, Inf,
 * denormals, tiny and huge F64, full-scale integers), through the ORC
 * kernels and through their plain C reference, compared lane by lane. The
 * suite runs this program twice: as is (compiled ORC where available) and
 * with ORC_CODE=backup (ORC's C backup, which flushes denormals).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernels.h"
#if DRM_TEST_HAVE_ORC
#include <orc/orc.h>
#endif
#include "measure.h"

#define N 4099                  /* odd, not a multiple of any SIMD width */

static uint64_t rng = 0x1234567887654321ull;

static double
uniform (void)
{
  return (double) (drm_test_rand (&rng) >> 11) * 0x1p-53;
}

static float
special_f32 (void)
{
  static const uint32_t bits[] = { 0x7fc00000, 0xffc00001, 0x7f800000,
    0xff800000, 0x00000001, 0x807fffff, 0x00400000, 0x00800000, 0x7f7fffff,
    0xff7fffff, 0x80000000, 0x00000000, 0x3f800000, 0xbf800000
  };
  uint32_t b = bits[drm_test_rand (&rng) % (sizeof bits / sizeof bits[0])];
  float f;

  memcpy (&f, &b, sizeof f);
  return f;
}

static double
special_f64 (void)
{
  static const double v[] = { NAN, -NAN, INFINITY, -INFINITY, 0x1p-1074,
    -0x1p-1030, 0x1p-600, -0x1.fffffp-512, 0x1p-511, 0x1p-510, 0x1p127,
    -0x1.fffffffffffffp127, 0x1p128, -0x1p200, DBL_MAX, -0.0, 0.0, 1.0, 2.5
  };
  return v[drm_test_rand (&rng) % (sizeof v / sizeof v[0])];
}

/* Fills @buf with @n samples of @format: mostly audio-like values, with
 * specials sprinkled in at a rate of one in @special_every. */
static void
fill (DrmFormat format, void *buf, int n, unsigned special_every)
{
  for (int i = 0; i < n; i++) {
    int special = special_every && drm_test_rand (&rng) % special_every == 0;
    double x = (uniform () * 2.0 - 1.0) * (special ? 1.0 : uniform ());
    uint64_t r = drm_test_rand (&rng);

    switch (format) {
      case DRM_FORMAT_U8:
        ((uint8_t *) buf)[i] = special ? (r & 1 ? 0 : 255) : (uint8_t) r;
        break;
      case DRM_FORMAT_S16:
        ((int16_t *) buf)[i] = special ? (r & 1 ? INT16_MIN : INT16_MAX) :
            (int16_t) r;
        break;
      case DRM_FORMAT_S24:
        memcpy ((uint8_t *) buf + 3 * i, &r, 3);
        if (special)
          memcpy ((uint8_t *) buf + 3 * i, r & 1 ? "\x00\x00\x80" :
              "\xff\xff\x7f", 3);
        break;
      case DRM_FORMAT_S24_32:
      case DRM_FORMAT_S32:
        ((int32_t *) buf)[i] = special ? (r & 1 ? INT32_MIN : INT32_MAX) :
            (int32_t) r;
        break;
      case DRM_FORMAT_F32:
        ((float *) buf)[i] = special ? special_f32 () : (float) x;
        break;
      case DRM_FORMAT_F64:
        ((double *) buf)[i] = special ? special_f64 () : x;
        break;
      default:
        break;
    }
  }
}

static void
unpack_if_needed (DrmFormat format, const void **src, int32_t * tmp, int n)
{
  if (format == DRM_FORMAT_S24) {
    drm_unpack_s24 (tmp, *src, n);
    *src = tmp;
  }
}

/* _i: format x {clean, specials}. Lanes start from the same random state,
 * then several calls of different lengths fold into them. */
START_TEST (orc_matches_reference)
{
  DrmFormat format = (DrmFormat) (_i / 2);
  unsigned special_every = (_i % 2) ? 13 : 0;
  size_t ss = drm_format_sample_size (format);
  uint8_t *src = malloc (N * ss);
  int32_t *tmp = malloc (N * sizeof *tmp);
  int32_t *tmp2 = malloc (N * sizeof *tmp2);
  double *sum[2];
  uint64_t *peak[2];
  double tiny[2][3] = { {0.5, 0.25, 0.125}, {0.5, 0.25, 0.125} };
  int invalid[2] = { 0, 0 };

  for (int p = 0; p < 2; p++) {
    sum[p] = calloc (N, sizeof (double));
    peak[p] = calloc (N, sizeof (uint64_t));
  }
  for (int i = 0; i < N; i++)
    sum[0][i] = sum[1][i] = uniform () * 100.0;

  for (int round = 0; round < 6; round++) {
    int n = round == 0 ? 1 : N - (int) (drm_test_rand (&rng) % 64);

    fill (format, src, n, special_every);
    for (int p = 0; p < 2; p++) {
      const void *s = src;

      unpack_if_needed (format, &s, tmp, n);
      /* Three channels interleaved, as the meter calls the kernels. */
      invalid[p] += drm_kernel_run (p ? DRM_KERNEL_REFERENCE : DRM_KERNEL_ORC,
          format, sum[p], peak[p], tiny[p], 3, s, n, tmp2);
    }
  }
  ck_assert_int_eq (invalid[0], invalid[1]);
  ck_assert_msg (memcmp (sum[0], sum[1], N * sizeof (double)) == 0,
      "format %d: sums differ", format);
  ck_assert_msg (memcmp (peak[0], peak[1], N * sizeof (uint64_t)) == 0,
      "format %d: peaks differ", format);
  ck_assert_msg (memcmp (tiny[0], tiny[1], sizeof tiny[0]) == 0,
      "format %d: tiny sums differ", format);
  if (special_every && (format == DRM_FORMAT_F32 || format == DRM_FORMAT_F64))
    ck_assert_int_gt (invalid[0], 0);
  for (int i = 0; i < N; i++)
    ck_assert (isfinite (sum[0][i]));

  for (int p = 0; p < 2; p++) {
    free (sum[p]);
    free (peak[p]);
  }
  free (tmp);
  free (tmp2);
  free (src);
}
END_TEST

/* F32 denormals reach the channel's tiny sum exactly, on every path. */
START_TEST (f32_denormal_is_exact)
{
  float s[4];
  uint32_t b[4] = { 0x00000001, 0x807fffff, 0x00000000, 0x3f000000 };

  memcpy (s, b, sizeof s);
  for (int p = 0; p < 2; p++) {
    double sum[4] = { 0 }, tiny[2] = { 0 };
    int32_t scratch[4];
    uint32_t peak[4] = { 0 };

    drm_kernel_run (p ? DRM_KERNEL_REFERENCE : DRM_KERNEL_ORC, DRM_FORMAT_F32,
        sum, peak, tiny, 2, s, 4, scratch);
    ck_assert (sum[0] == 0.0 && sum[1] == 0.0 && sum[3] == 0.25);
    ck_assert (tiny[0] == 0x1p-298);
    ck_assert (tiny[1] == (0x7fffff * 0x1p-149) * (0x7fffff * 0x1p-149));
    ck_assert_uint_eq (peak[0], 1);
    ck_assert_uint_eq (peak[1], 0x7fffff);
    ck_assert_uint_eq (peak[2], 0);
  }
}
END_TEST

/* F64 samples whose squares are denormal keep them, as the reference. */
START_TEST (f64_tiny_squares_are_kept)
{
  double s[3] = { 0x1p-520, -0x1p-530, 0x1p-1074 };

  for (int p = 0; p < 2; p++) {
    double sum[3] = { 0 }, tiny[1] = { 0 };
    int32_t scratch[3];
    uint64_t peak[3] = { 0 };

    drm_kernel_run (p ? DRM_KERNEL_REFERENCE : DRM_KERNEL_ORC, DRM_FORMAT_F64,
        sum, peak, tiny, 1, s, 3, scratch);
    ck_assert (sum[0] == 0.0 && sum[1] == 0.0);
    ck_assert (tiny[0] == 0x1p-1040 + 0x1p-1060);
    ck_assert_uint_eq (peak[2], 1);
  }
}
END_TEST

START_TEST (s24_unpack_sign_extends)
{
  const uint8_t src[9] = { 0xff, 0xff, 0x7f, 0x00, 0x00, 0x80, 0xfe, 0xff,
    0xff
  };
  int32_t out[3];

  drm_unpack_s24 (out, src, 3);
  ck_assert_int_eq (out[0], 8388607);
  ck_assert_int_eq (out[1], -8388608);
  ck_assert_int_eq (out[2], -2);
}
END_TEST

/* The ORC target the kernels compile for: "sse" with ORC 0.4.33, "avx"
 * (AVX2) by default from ORC 0.4.35 on a processor that has it, and
 * whatever ORC_TARGET names where that ORC honours it. Printed so that a
 * log says which machine code the checks above compared. */
static const char *
orc_target_name (void)
{
#if DRM_TEST_HAVE_ORC
  OrcTarget *t;

  orc_init ();
  t = orc_target_get_default ();
  return t ? orc_target_get_name (t) : "none";
#else
  return "none (built without ORC)";
#endif
}

/* The fast path is really machine code: ORC falls back to its C backup
 * (ten times slower) without a word when a kernel does not compile. On
 * x86-64 every kernel must compile, unless the backup was asked for
 * (ORC_CODE=backup) or the build has no ORC (-Dorc=disabled). */
START_TEST (orc_compiles)
{
  const char *code = getenv ("ORC_CODE");
  int backup = code && (strstr (code, "backup") || strstr (code, "emulate"));
  DrmMeter *m = drm_meter_new (44100, 2, 0, NULL);

  fprintf (stderr, "kernels: ORC %s, target %s, machine code %s\n",
      code ? code : "(default)", orc_target_name (),
      drm_kernels_have_simd ()? "yes" : "no");
  if (backup || !DRM_TEST_HAVE_ORC) {
    ck_assert_int_eq (drm_kernels_have_simd (), 0);
    ck_assert_int_eq (drm_meter_uses_simd (m), 0);
  }
#if defined(__x86_64__)
  if (!backup && DRM_TEST_HAVE_ORC) {
    ck_assert_msg (drm_kernels_have_simd (), "ORC did not compile every "
        "kernel to machine code: the meter would run ORC's C backup");
    ck_assert_msg (drm_meter_uses_simd (m), "the meter does not use the "
        "compiled kernels");
  }
#endif
  drm_meter_free (m);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("kernels");
  TCase *tc = tcase_create ("paths");

  tcase_add_loop_test (tc, orc_matches_reference, 0, 2 * DRM_FORMAT_COUNT);
  tcase_add_test (tc, f32_denormal_is_exact);
  tcase_add_test (tc, f64_tiny_squares_are_kept);
  tcase_add_test (tc, s24_unpack_sign_extends);
  tcase_add_test (tc, orc_compiles);
  suite_add_tcase (s, tc);
  return drm_test_run_suite (s);
}
