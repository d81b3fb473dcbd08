/* gst-drmeter: the engine against every public conformance fixture.
 *
 * Tokens as foobar2000 printed them, and the analyzer core's bits. Each
 * fixture runs on every kernel path; the sum of window RMS^2 must match to
 * the bit on the sequential path and to 1e-12 on the lane paths.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <math.h>
#include <string.h>
#include "measure.h"

static uint32_t
f32_bits (float f)
{
  uint32_t u;
  memcpy (&u, &f, sizeof u);
  return u;
}

static uint64_t
f64_bits (double d)
{
  uint64_t u;
  memcpy (&u, &d, sizeof u);
  return u;
}

static double
from_bits (uint64_t u)
{
  double d;
  memcpy (&d, &u, sizeof d);
  return d;
}

static void
check_tokens (const DrmFixture * fx, const DrmTrackResult * r)
{
  char buf[DRM_TOKEN_SIZE];

  ck_assert_str_eq (drm_format_dr (r->dr_displayed, buf), fx->dr_token);
  ck_assert_str_eq (drm_format_db (r->peak_db, buf), fx->peak_token);
  ck_assert_str_eq (drm_format_db (r->rms_db, buf), fx->rms_token);
  ck_assert_str_eq (drm_format_duration (r->frames, r->rate, buf),
      fx->duration_token);
  for (unsigned c = 0; c < fx->channels; c++) {
    ck_assert_str_eq (drm_format_db (r->channel[c].dr, buf),
        fx->channel[c].dr_token);
    ck_assert_str_eq (drm_format_db (r->channel[c].rms_db, buf),
        fx->channel[c].rms_token);
  }
}

static void
check_bits (const DrmFixture * fx, const DrmTrackResult * r, int sequential)
{
  ck_assert_uint_eq (r->frames, fx->frames);
  ck_assert_msg (f32_bits (r->dr) == fx->track_dr_bits,
      "%s: track DR %08x, want %08x", fx->id, f32_bits (r->dr),
      fx->track_dr_bits);
  for (unsigned c = 0; c < fx->channels; c++) {
    const DrmChannelResult *ch = &r->channel[c];
    const DrmFxChannel *want = &fx->channel[c];
    double sum = from_bits (want->f64_bits[4]);

    ck_assert_msg (f32_bits (ch->dr) == want->f32_bits[0],
        "%s ch%u: DR %08x want %08x", fx->id, c, f32_bits (ch->dr),
        want->f32_bits[0]);
    ck_assert_uint_eq (f32_bits (ch->peak), want->f32_bits[1]);
    ck_assert_msg (f32_bits (ch->rms) == want->f32_bits[2],
        "%s ch%u: RMS %08x want %08x", fx->id, c, f32_bits (ch->rms),
        want->f32_bits[2]);
    ck_assert_uint_eq (f64_bits (ch->primary_peak), want->f64_bits[0]);
    ck_assert_uint_eq (f64_bits (ch->secondary_peak), want->f64_bits[2]);
    /* The reference keeps keys in dB: 0.01 * key, -100000 for none. */
    ck_assert_uint_eq (f64_bits (0.01 * ch->primary_key), want->f64_bits[1]);
    ck_assert_uint_eq (f64_bits (0.01 * ch->secondary_key), want->f64_bits[3]);
    if (sequential)
      ck_assert_msg (f64_bits (ch->rms_square_sum) == want->f64_bits[4],
          "%s ch%u: sum of RMS^2 %a want %a", fx->id, c, ch->rms_square_sum,
          sum);
    else
      ck_assert_msg (fabs (ch->rms_square_sum - sum) <= 1e-12 * fabs (sum),
          "%s ch%u: sum of RMS^2 %a want %a", fx->id, c, ch->rms_square_sum,
          sum);
  }
}

static const unsigned path_flags[] = { DRM_FLAG_NONE, DRM_FLAG_PLAIN_C,
  DRM_FLAG_SEQUENTIAL
};

/* _i: fixture index x 3 kernel paths. */
START_TEST (fixture_tokens_and_bits)
{
  const DrmFixture *fx = &drm_fixtures[_i / 3];
  unsigned flags = path_flags[_i % 3];
  DrmTrackResult r;

  drm_measure_fixture (fx, fx->format, flags, DRM_SPLIT_WHOLE, 0, 0, &r);
  check_tokens (fx, &r);
  check_bits (fx, &r, flags == DRM_FLAG_SEQUENTIAL);
}
END_TEST

/* The same bits whatever the buffer split and layout. */
START_TEST (fixture_split_invariant)
{
  const DrmFixture *fx = &drm_fixtures[_i];
  DrmTrackResult whole, other;
  static const DrmSplit splits[] = { DRM_SPLIT_PRIMES, DRM_SPLIT_RANDOM };

  drm_measure_fixture (fx, fx->format, 0, DRM_SPLIT_WHOLE, 0, 0, &whole);
  for (unsigned s = 0; s < 2; s++)
    for (int planar = 0; planar < 2; planar++) {
      drm_measure_fixture (fx, fx->format, 0, splits[s], 7 + s, planar,
          &other);
      ck_assert_msg (memcmp (&whole, &other, sizeof whole) == 0,
          "%s: split %u planar %d differs", fx->id, s, planar);
    }
}
END_TEST

/* One frame per call, the harshest split, on a small fixture per rate. */
START_TEST (fixture_one_frame_calls)
{
  const DrmFixture *fx = &drm_fixtures[_i];
  DrmTrackResult whole, other;

  if (fx->frames * fx->channels > 300000)
    return;
  drm_measure_fixture (fx, fx->format, 0, DRM_SPLIT_WHOLE, 0, 0, &whole);
  drm_measure_fixture (fx, fx->format, 0, DRM_SPLIT_ONE, 0, 0, &other);
  ck_assert (memcmp (&whole, &other, sizeof whole) == 0);
}
END_TEST

/* Wider formats hold every fixture sample exactly, so they must read the
 * same: S16 as S24/S32/F32/F64, F32 as F64. F64 is never narrowed. */
START_TEST (fixture_wider_formats_read_the_same)
{
  const DrmFixture *fx = &drm_fixtures[_i];
  static const DrmFormat wider_than_s16[] = { DRM_FORMAT_S24,
    DRM_FORMAT_S24_32, DRM_FORMAT_S32, DRM_FORMAT_F32, DRM_FORMAT_F64
  };
  DrmTrackResult base, other;

  drm_measure_fixture (fx, fx->format, 0, DRM_SPLIT_WHOLE, 0, 0, &base);
  if (fx->format == DRM_FORMAT_S16) {
    for (unsigned i = 0; i < 5; i++) {
      drm_measure_fixture (fx, wider_than_s16[i], 0, DRM_SPLIT_PRIMES, 3, 0,
          &other);
      ck_assert_msg (memcmp (&base.channel[0], &other.channel[0],
              sizeof base.channel[0]) == 0, "%s as format %d", fx->id,
          wider_than_s16[i]);
      ck_assert (base.dr == other.dr && base.rms_db == other.rms_db);
    }
  } else if (fx->format == DRM_FORMAT_F32) {
    drm_measure_fixture (fx, DRM_FORMAT_F64, 0, DRM_SPLIT_WHOLE, 0, 0,
        &other);
    ck_assert (memcmp (&base, &other, sizeof base) == 0);
  }
}
END_TEST

static Suite *
conformance_suite (void)
{
  Suite *s = suite_create ("conformance");
  TCase *tc = tcase_create ("fixtures");

  tcase_set_timeout (tc, 120);
  tcase_add_loop_test (tc, fixture_tokens_and_bits, 0, 3 * drm_n_fixtures);
  tcase_add_loop_test (tc, fixture_split_invariant, 0, drm_n_fixtures);
  tcase_add_loop_test (tc, fixture_one_frame_calls, 0, drm_n_fixtures);
  tcase_add_loop_test (tc, fixture_wider_formats_read_the_same, 0,
      drm_n_fixtures);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return drm_test_run_suite (conformance_suite ());
}
