/* gst-drmeter: the DR of the last N windows (drm_meter_get_recent_result).
 *
 * The contract: the recent result equals, every field bit for bit, what a
 * fresh meter with the same flags gives for a track made of exactly the
 * frames of those windows. Each test measures a stream in pieces and, at
 * many points, compares the recent result with a fresh meter fed the
 * window-aligned frames in one call, on every kernel path (the ORC and
 * sequential flags here, ORC's C backup when run with ORC_CODE=backup).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "measure.h"

static const unsigned paths[] = {
  DRM_FLAG_NONE, DRM_FLAG_PLAIN_C, DRM_FLAG_SEQUENTIAL
};

#define N_PATHS (sizeof paths / sizeof paths[0])

static const DrmFormat formats[] = {
  DRM_FORMAT_S16, DRM_FORMAT_S24, DRM_FORMAT_S24_32, DRM_FORMAT_F32,
  DRM_FORMAT_F64
};

#define N_FORMATS (sizeof formats / sizeof formats[0])

static double
uniform (uint64_t * rng)
{
  return (double) (drm_test_rand (rng) >> 11) * 0x1p-53 * 2.0 - 1.0;
}

/* How the level of the signal moves from window to window. */
typedef enum {
  LEVEL_RANDOM,                 /* each window at a random level */
  LEVEL_BURST,                  /* a loud stretch, then quiet, then loud */
  LEVEL_RAMP                    /* slowly louder, then slowly softer */
} LevelShape;

static double
window_level_db (LevelShape shape, uint64_t window, uint64_t * rng)
{
  switch (shape) {
    case LEVEL_BURST:
      return (window % 40) < 6 ? -2.0 - 0.3 * (double) (window % 3) :
          -30.0 - 0.5 * (double) (window % 7);
    case LEVEL_RAMP:{
      uint64_t p = window % 60;

      return -45.0 + (p < 30 ? (double) p : (double) (60 - p));
    }
    case LEVEL_RANDOM:
    default:
      return -40.0 + 38.0 * (uniform (rng) + 1.0) / 2.0;
  }
}

/* A real-like signal: noise and a tone under a per-window level, its own
 * per channel, with clicks now and then and, with @specials, silent
 * windows, a silent channel stretch, tiny samples and (for float formats)
 * NaN and infinities. */
static double *
make_signal (uint64_t frames, unsigned channels, uint64_t w, LevelShape shape,
    int specials, uint64_t seed)
{
  double *x = malloc (frames * channels * sizeof *x);
  uint64_t rng = 0x5DEECE66Dull ^ seed;
  double amp[64] = { 0 };

  for (uint64_t f = 0; f < frames; f++) {
    uint64_t win = f / w;

    if (f % w == 0)
      for (unsigned c = 0; c < channels; c++)
        amp[c] = pow (10.0, (window_level_db (shape, win + c * 3, &rng) -
                (double) c) / 20.0);
    for (unsigned c = 0; c < channels; c++) {
      double v = amp[c] * (0.6 * uniform (&rng) +
          0.4 * sin (0.01 * (double) f * (c + 1)));

      if (drm_test_rand (&rng) % 20011 == 0)
        v = (f & 1 ? 0.98 : -0.98) * (1.0 - 0.1 * c);
      if (specials) {
        if (win % 17 == 5)
          v = 0.0;              /* a silent window: no histogram bin */
        else if (c == 1 && win % 23 == 11)
          v = 0.0;              /* one channel silent */
        else if (drm_test_rand (&rng) % 5003 == 0)
          v = 1e-160;           /* tiny: folded in C, in stream order */
        else if (drm_test_rand (&rng) % 7001 == 0)
          v = (f & 2) ? NAN : INFINITY;
      }
      x[f * channels + c] = v;
    }
  }
  return x;
}

static size_t
sample_size (DrmFormat format)
{
  return drm_format_sample_size (format);
}

static int64_t
to_int (double x, int bits)
{
  double hi = ldexp (1.0, bits - 1) - 1.0, lo = -ldexp (1.0, bits - 1);
  double v = isfinite (x) ? (double) llround (ldexp (x, bits - 1)) : 0.0;

  return (int64_t) (v > hi ? hi : v < lo ? lo : v);
}

/* @x encoded in @format (integers rounded and clamped; non-finite values
 * become 0 there). */
static void *
encode (DrmFormat format, const double *x, size_t n)
{
  uint8_t *out = malloc (n * sample_size (format));

  for (size_t i = 0; i < n; i++) {
    switch (format) {
      case DRM_FORMAT_S16:{
        int16_t v = (int16_t) to_int (x[i], 16);
        memcpy (out + 2 * i, &v, 2);
        break;
      }
      case DRM_FORMAT_S24:{
        uint32_t u = (uint32_t) to_int (x[i], 24);
        int32_t probe = 1;

        if (*(uint8_t *) & probe) {
          out[3 * i] = u;
          out[3 * i + 1] = u >> 8;
          out[3 * i + 2] = u >> 16;
        } else {
          out[3 * i] = u >> 16;
          out[3 * i + 1] = u >> 8;
          out[3 * i + 2] = u;
        }
        break;
      }
      case DRM_FORMAT_S24_32:{
        int32_t v = (int32_t) to_int (x[i], 24);
        memcpy (out + 4 * i, &v, 4);
        break;
      }
      case DRM_FORMAT_F32:{
        float v = (float) x[i];
        memcpy (out + 4 * i, &v, 4);
        break;
      }
      case DRM_FORMAT_F64:
        memcpy (out + 8 * i, &x[i], 8);
        break;
      default:
        ck_abort_msg ("format %d not encoded here", format);
    }
  }
  return out;
}

/* Asserts that @m's recent result is a fresh meter's result for frames
 * [first, last) of @data, fed in one call. */
static void
assert_recent_is_track (const DrmMeter * m, unsigned flags, int weighting,
    DrmFormat format, const uint8_t * data, uint64_t first, uint64_t last)
{
  unsigned channels = drm_meter_get_channels (m);
  size_t frame_bytes = sample_size (format) * channels;
  DrmMeter *fresh = drm_test_new_meter (drm_meter_get_rate (m), channels,
      flags);
  DrmTrackResult got, want;

  drm_meter_set_channel_weighting (fresh, weighting);
  ck_assert_int_eq (drm_meter_add_interleaved (fresh, format,
          data + first * frame_bytes, last - first), DRM_OK);
  ck_assert_int_eq (drm_meter_finish (fresh, &want), DRM_OK);
  drm_meter_free (fresh);

  ck_assert_int_eq (drm_meter_get_recent_result (m, &got), DRM_OK);
  ck_assert_msg (memcmp (&got, &want, sizeof got) == 0,
      "recent result of frames [%llu, %llu): DR %.9g (%llu windows), "
      "a track of them: DR %.9g (%llu windows)", (unsigned long long) first,
      (unsigned long long) last, (double) got.dr,
      (unsigned long long) got.windows, (double) want.dr,
      (unsigned long long) want.windows);
}

/* Asserts that @m keeps no recent window (off, or a track just begun). */
static void
assert_recent_empty (const DrmMeter * m)
{
  DrmTrackResult r;

  ck_assert_int_eq (drm_meter_get_recent_result (m, &r), DRM_OK);
  ck_assert_uint_eq (r.windows, 0);
}

/* The frames the recent result must cover after @done frames. */
static void
recent_span (uint64_t done, uint64_t w, unsigned n, uint64_t * first,
    uint64_t * last)
{
  uint64_t complete = done / w;
  uint64_t kept = complete < n ? complete : n;

  *last = complete * w;
  *first = *last - kept * w;
}

typedef struct {
  unsigned rate;
  unsigned channels;
  unsigned recent;
  uint64_t windows;             /* length of the stream in windows */
  LevelShape shape;
  int specials;
  int weighting;
} Scenario;

/* Measures the scenario in random pieces and compares the recent result
 * with a track of the same windows after every window and at odd points
 * inside windows. Returns how often the recent DR value changed and how
 * many distinct loud bins (per channel 0) were seen, so that callers can
 * check that windows really entered and left the loudest 20 %. */
static void
run_scenario (const Scenario * sc, unsigned flags, DrmFormat format,
    uint64_t seed, unsigned *dr_changes, unsigned *loud_bins)
{
  DrmMeter *m = drm_test_new_meter (sc->rate, sc->channels, flags);
  uint64_t w = drm_meter_get_window_frames (m);
  uint64_t total = sc->windows * w + w / 3;     /* and a partial window */
  double *x = make_signal (total, sc->channels, w, sc->shape, sc->specials,
      seed);
  uint8_t *data = encode (format, x, total * sc->channels);
  size_t frame_bytes = sample_size (format) * sc->channels;
  uint64_t rng = seed * 7919 + 1, done = 0, last_window = 0;
  float last_dr = -1.0f;
  int bins_seen[8];
  unsigned n_bins = 0;

  drm_meter_set_channel_weighting (m, sc->weighting);
  ck_assert_int_eq (drm_meter_set_recent (m, sc->recent), DRM_OK);
  ck_assert_uint_eq (drm_meter_get_recent (m), sc->recent);
  *dr_changes = 0;

  while (done < total) {
    uint64_t n = 1 + drm_test_rand (&rng) % (w / 2 + 3), first, last;
    DrmTrackResult r;
    int check;

    if (n > total - done)
      n = total - done;
    ck_assert_int_eq (drm_meter_add_interleaved (m, format,
            data + done * frame_bytes, n), DRM_OK);
    done += n;
    /* After each newly completed window, and now and then mid-window. */
    check = done / w != last_window || drm_test_rand (&rng) % 5 == 0;
    last_window = done / w;
    if (!check)
      continue;
    recent_span (done, w, sc->recent, &first, &last);
    assert_recent_is_track (m, flags, sc->weighting, format, data, first,
        last);
    drm_meter_get_recent_result (m, &r);
    ck_assert_uint_eq (r.windows, (last - first) / w);
    if (r.windows > 0 && r.dr != last_dr) {
      (*dr_changes)++;
      last_dr = r.dr;
    }
    if (r.windows > 0 && n_bins < 8) {
      int seen = 0;

      for (unsigned i = 0; i < n_bins; i++)
        seen |= bins_seen[i] == r.channel[0].loud_bin;
      if (!seen)
        bins_seen[n_bins++] = r.channel[0].loud_bin;
    }
  }
  *loud_bins = n_bins;

  drm_meter_free (m);
  free (data);
  free (x);
}

/* Every path and format, a signal whose loud windows come and go. */
START_TEST (recent_equals_a_track_of_its_windows)
{
  unsigned path = paths[_i % N_PATHS];
  DrmFormat format = formats[_i / N_PATHS];
  Scenario sc = { 2000, 2, 10, 55, LEVEL_BURST, 0, 0 };
  unsigned changes, bins;

  run_scenario (&sc, path, format, 100 + _i, &changes, &bins);
  /* Loud windows entered and left the last ten: the DR moved, and the
   * loud set's threshold with it. */
  ck_assert_uint_ge (changes, 5);
  ck_assert_uint_ge (bins, 4);
}
END_TEST

/* Random levels, ramps, silent windows and channels, tiny and invalid
 * samples, more channels, channel weighting. */
START_TEST (recent_on_varied_signals)
{
  static const Scenario scenarios[] = {
    {2000, 2, 20, 70, LEVEL_RANDOM, 0, 0},
    {11025, 1, 7, 25, LEVEL_RAMP, 0, 0},
    {2000, 2, 12, 60, LEVEL_RANDOM, 1, 0},
    {2000, 6, 9, 30, LEVEL_BURST, 1, 1},
    {8000, 6, 9, 30, LEVEL_RAMP, 0, 0},
    {44100, 2, 5, 8, LEVEL_BURST, 0, 0},
  };
  const Scenario *sc = &scenarios[_i % 6];
  unsigned path = paths[_i / 6];
  unsigned changes, bins;

  /* F64 keeps tiny and invalid samples; F32 keeps invalid ones. */
  run_scenario (sc, path, sc->specials ? DRM_FORMAT_F64 : DRM_FORMAT_F32,
      200 + _i, &changes, &bins);
  ck_assert_uint_ge (changes, 2);
  if (sc->specials)
    run_scenario (sc, path, DRM_FORMAT_F32, 300 + _i, &changes, &bins);
}
END_TEST

/* The lane order and the plain C reference give the same recent bits. */
START_TEST (recent_is_the_same_on_every_kernel)
{
  const unsigned rate = 8000, channels = 2, n = 6;
  DrmMeter *orc = drm_test_new_meter (rate, channels, DRM_FLAG_NONE);
  uint64_t w = drm_meter_get_window_frames (orc);
  uint64_t total = 20 * w + 17;
  double *x = make_signal (total, channels, w, LEVEL_RANDOM, 0, 5);
  void *data = encode (DRM_FORMAT_F32, x, total * channels);
  DrmMeter *ref = drm_test_new_meter (rate, channels, DRM_FLAG_PLAIN_C);
  DrmTrackResult a, b;

  drm_meter_set_recent (orc, n);
  drm_meter_set_recent (ref, n);
  drm_meter_add_interleaved (orc, DRM_FORMAT_F32, data, total);
  for (uint64_t f = 0; f < total; f += 999)
    drm_meter_add_interleaved (ref, DRM_FORMAT_F32,
        (const float *) data + f * channels, f + 999 > total ? total - f :
        999);
  drm_meter_get_recent_result (orc, &a);
  drm_meter_get_recent_result (ref, &b);
  ck_assert_uint_eq (a.windows, n);
  ck_assert (memcmp (&a, &b, sizeof a) == 0);
  drm_meter_free (orc);
  drm_meter_free (ref);
  free (data);
  free (x);
}
END_TEST

/* Before the first complete window the set is empty: an empty track. */
START_TEST (start_of_a_track)
{
  DrmMeter *m = drm_test_new_meter (8000, 2, 0),
      *empty = drm_test_new_meter (8000, 2, 0);
  uint64_t w = drm_meter_get_window_frames (m);
  double *x = make_signal (3 * w, 2, w, LEVEL_RANDOM, 0, 9);
  DrmTrackResult r, e;
  char buf[DRM_TOKEN_SIZE];

  drm_meter_finish (empty, &e);
  drm_meter_set_recent (m, 100);
  drm_meter_get_recent_result (m, &r);
  ck_assert (memcmp (&r, &e, sizeof r) == 0);

  drm_meter_add_frames_f64 (m, x, w - 1);
  drm_meter_get_recent_result (m, &r);
  ck_assert_uint_eq (r.windows, 0);
  ck_assert_uint_eq (r.frames, 0);
  ck_assert_int_eq (r.dr_displayed, 0);
  ck_assert_str_eq (drm_format_db (r.peak_db, buf), "-inf");
  ck_assert_str_eq (drm_format_db (r.rms_db, buf), "-inf");

  /* One frame more completes the first window. */
  drm_meter_add_frames_f64 (m, x + 2 * (w - 1), 1);
  drm_meter_get_recent_result (m, &r);
  ck_assert_uint_eq (r.windows, 1);
  ck_assert_uint_eq (r.frames, w);
  assert_recent_is_track (m, 0, 0, DRM_FORMAT_F64, (const uint8_t *) x, 0, w);

  /* Fewer than N: every complete window so far. */
  drm_meter_add_frames_f64 (m, x + 2 * w, 2 * w);
  assert_recent_is_track (m, 0, 0, DRM_FORMAT_F64, (const uint8_t *) x, 0,
      3 * w);
  drm_meter_free (m);
  drm_meter_free (empty);
  free (x);
}
END_TEST

/* The short last window that finish() submits is part of the track, not
 * of the recent set; finish() and reset() empty the set. */
START_TEST (finish_and_reset_empty_the_set)
{
  DrmMeter *m = drm_test_new_meter (8000, 1, 0);
  uint64_t w = drm_meter_get_window_frames (m);
  uint64_t total = 5 * w + 100;
  double *x = make_signal (total, 1, w, LEVEL_BURST, 0, 11);
  DrmTrackResult before, r;

  drm_meter_set_recent (m, 3);
  drm_meter_add_frames_f64 (m, x, total);
  assert_recent_is_track (m, 0, 0, DRM_FORMAT_F64, (const uint8_t *) x,
      2 * w, 5 * w);
  drm_meter_get_recent_result (m, &before);
  drm_meter_finish (m, &r);
  ck_assert_uint_eq (r.windows, 6);
  assert_recent_empty (m);
  ck_assert_uint_eq (drm_meter_get_recent (m), 3);

  /* The next track starts its own set. */
  drm_meter_add_frames_f64 (m, x, total);
  drm_meter_get_recent_result (m, &r);
  ck_assert (memcmp (&r, &before, sizeof r) == 0);
  drm_meter_reset (m);
  assert_recent_empty (m);
  drm_meter_free (m);
  free (x);
}
END_TEST

/* Changing N keeps the newest windows; 0 turns it off. */
START_TEST (resizing_keeps_the_newest_windows)
{
  DrmMeter *m = drm_test_new_meter (8000, 2, 0);
  uint64_t w = drm_meter_get_window_frames (m);
  double *x = make_signal (30 * w, 2, w, LEVEL_RANDOM, 0, 13);
  const uint8_t *d = (const uint8_t *) x;
  DrmTrackResult r;

  ck_assert_uint_eq (drm_meter_get_recent (m), 0);
  ck_assert_int_eq (drm_meter_set_recent (m, DRM_RECENT_MAX_WINDOWS + 1),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_set_recent (NULL, 1),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_get_recent_result (m, NULL),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_get_recent_result (NULL, &r),
      DRM_ERROR_INVALID_ARGUMENT);

  /* Off: an empty result, nothing kept. */
  drm_meter_add_frames_f64 (m, x, 2 * w);
  assert_recent_empty (m);

  /* Turned on mid-track: the windows completed from then on. */
  drm_meter_set_recent (m, 8);
  drm_meter_add_frames_f64 (m, x + 2 * 2 * w, 10 * w);
  assert_recent_is_track (m, 0, 0, DRM_FORMAT_F64, d, 4 * w, 12 * w);
  /* Smaller: the newest. */
  ck_assert_int_eq (drm_meter_set_recent (m, 3), DRM_OK);
  assert_recent_is_track (m, 0, 0, DRM_FORMAT_F64, d, 9 * w, 12 * w);
  /* Larger: grows as windows come. */
  ck_assert_int_eq (drm_meter_set_recent (m, 5), DRM_OK);
  assert_recent_is_track (m, 0, 0, DRM_FORMAT_F64, d, 9 * w, 12 * w);
  drm_meter_add_frames_f64 (m, x + 2 * 12 * w, 4 * w);
  assert_recent_is_track (m, 0, 0, DRM_FORMAT_F64, d, 11 * w, 16 * w);
  ck_assert_int_eq (drm_meter_set_recent (m, 5), DRM_OK);
  ck_assert_int_eq (drm_meter_set_recent (m, 0), DRM_OK);
  assert_recent_empty (m);
  drm_meter_free (m);
  free (x);
}
END_TEST

/* Equal peak keys: which window is primary depends on arrival order, in
 * the recent set as in a track. Every window peaks at exactly 0.5, so the
 * earliest kept one is primary and the next one secondary, and both leave
 * as the set moves on. */
START_TEST (equal_peaks_rank_by_arrival)
{
  DrmMeter *m = drm_test_new_meter (8000, 1, 0);
  uint64_t w = drm_meter_get_window_frames (m);
  uint64_t total = 12 * w;
  double *x = make_signal (total, 1, w, LEVEL_RANDOM, 0, 17);

  for (uint64_t f = 0; f < total; f++) {
    x[f] *= 0.4;
    if (f % w == (f / w) * 37 % w)
      x[f] = f & 1 ? 0.5 : -0.5;
  }
  drm_meter_set_recent (m, 4);
  for (uint64_t k = 1; k <= 12; k++) {
    uint64_t first = k > 4 ? (k - 4) * w : 0;
    DrmTrackResult r;

    drm_meter_add_frames_f64 (m, x + (k - 1) * w, w);
    assert_recent_is_track (m, 0, 0, DRM_FORMAT_F64, (const uint8_t *) x,
        first, k * w);
    drm_meter_get_recent_result (m, &r);
    ck_assert (r.channel[0].primary_peak == 0.5);
  }
  drm_meter_free (m);
  free (x);
}
END_TEST

/* A long stream of tiny windows (1 Hz: 3 frames each): the histogram that
 * windows leave stays exact after a hundred thousand windows. */
START_TEST (long_stream_stays_exact)
{
  const unsigned rate = 1, channels = 2, n = 50;
  DrmMeter *m = drm_test_new_meter (rate, channels, 0);
  uint64_t w = drm_meter_get_window_frames (m);
  uint64_t windows = 100000, total = windows * w;
  double *x = make_signal (total, channels, w, LEVEL_RANDOM, 0, 19);
  uint64_t rng = 23, done = 0;

  ck_assert_uint_eq (w, 3);
  drm_meter_set_recent (m, n);
  while (done < total) {
    uint64_t k = 1 + drm_test_rand (&rng) % 4000, first, last;

    if (k > total - done)
      k = total - done;
    drm_meter_add_frames_f64 (m, x + done * channels, k);
    done += k;
    recent_span (done, w, n, &first, &last);
    assert_recent_is_track (m, 0, 0, DRM_FORMAT_F64, (const uint8_t *) x,
        first, last);
  }
  drm_meter_free (m);
  free (x);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("recent");
  TCase *tc = tcase_create ("recent");

  tcase_set_timeout (tc, 240);
  tcase_add_loop_test (tc, recent_equals_a_track_of_its_windows, 0,
      N_PATHS * N_FORMATS);
  tcase_add_loop_test (tc, recent_on_varied_signals, 0, 6 * N_PATHS);
  tcase_add_test (tc, recent_is_the_same_on_every_kernel);
  tcase_add_test (tc, start_of_a_track);
  tcase_add_test (tc, finish_and_reset_empty_the_set);
  tcase_add_test (tc, resizing_keeps_the_newest_windows);
  tcase_add_test (tc, equal_peaks_rank_by_arrival);
  tcase_add_test (tc, long_stream_stays_exact);
  suite_add_tcase (s, tc);
  return drm_test_run_suite (s);
}
