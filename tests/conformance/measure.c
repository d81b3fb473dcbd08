/* gst-drmeter tests: measuring fixtures through the engine.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <stdlib.h>
#include "measure.h"

uint64_t
drm_test_rand (uint64_t * s)
{
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 0x2545F4914F6CDD1Dull;
}

int
drm_test_run_suite (Suite * suite)
{
  SRunner *sr = srunner_create (suite);
  int failed;

  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed ? 1 : 0;
}

static size_t
next_piece (DrmSplit split, size_t i, uint64_t * rng)
{
  static const size_t primes[] = { 1, 2, 3, 5, 7, 11, 13, 509, 1021, 4093,
    17, 24029, 19, 65537
  };

  switch (split) {
    case DRM_SPLIT_ONE:
      return 1;
    case DRM_SPLIT_PRIMES:
      return primes[i % (sizeof primes / sizeof primes[0])];
    case DRM_SPLIT_RANDOM:{
      uint64_t r = drm_test_rand (rng);
      /* Mostly small pieces, sometimes large ones. */
      return (r & 7) == 0 ? 1 + (r >> 8) % 50000 : 1 + (r >> 8) % 700;
    }
    default:
      return (size_t) -1;
  }
}

void
drm_measure_fixture (const DrmFixture * fx, DrmFormat format, unsigned flags,
    DrmSplit split, unsigned seed, int planar, DrmTrackResult * result)
{
  size_t ss = drm_format_sample_size (format);
  uint8_t *data = malloc ((size_t) fx->frames * fx->channels * ss + 1);
  uint8_t *planes[DRM_MAX_CHANNELS];
  int err = 0;
  DrmMeter *m = drm_meter_new (fx->rate, fx->channels, flags, &err);
  uint64_t rng = 0x9E3779B97F4A7C15ull ^ seed;
  size_t done = 0, piece = 0;

  ck_assert_ptr_nonnull (data);
  ck_assert_msg (m != NULL, "meter for %s: %s", fx->id, drm_error_string (err));
  drm_fixture_render (fx, format, 0, fx->frames, data);
  if (planar) {
    for (unsigned c = 0; c < fx->channels; c++) {
      planes[c] = malloc ((size_t) fx->frames * ss + 1);
      ck_assert_ptr_nonnull (planes[c]);
      for (uint64_t f = 0; f < fx->frames; f++)
        memcpy (planes[c] + f * ss, data + (f * fx->channels + c) * ss, ss);
    }
  }

  while (done < fx->frames) {
    size_t n = next_piece (split, piece++, &rng);

    if (n > fx->frames - done)
      n = fx->frames - done;
    if (planar) {
      const void *p[DRM_MAX_CHANNELS];
      for (unsigned c = 0; c < fx->channels; c++)
        p[c] = planes[c] + done * ss;
      ck_assert_int_eq (drm_meter_add_planar (m, format, p, n), DRM_OK);
    } else {
      ck_assert_int_eq (drm_meter_add_interleaved (m, format,
              data + done * fx->channels * ss, n), DRM_OK);
    }
    done += n;
  }
  ck_assert_int_eq (drm_meter_finish (m, result), DRM_OK);
  drm_meter_free (m);
  if (planar)
    for (unsigned c = 0; c < fx->channels; c++)
      free (planes[c]);
  free (data);
}

DrmMeter *
drm_test_new_meter (unsigned rate, unsigned channels, unsigned flags)
{
  int err = 1;
  DrmMeter *m = drm_meter_new (rate, channels, flags, &err);

  ck_assert_ptr_nonnull (m);
  ck_assert_int_eq (err, DRM_OK);
  return m;
}
