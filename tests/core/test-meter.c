/* gst-drmeter: the meter's API, edge cases and behaviour outside the
 * reference (NaN, Inf, denormals, odd rates, many channels, snapshots).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "measure.h"

static void
assert_finite (const DrmTrackResult * r)
{
  ck_assert (isfinite (r->dr) && !isnan (r->peak_db) && !isnan (r->rms_db));
  ck_assert (isfinite (r->rms) && isfinite (r->duration));
  for (unsigned c = 0; c < r->channels; c++) {
    const DrmChannelResult *ch = &r->channel[c];
    ck_assert (isfinite (ch->dr) && isfinite (ch->dr64));
    ck_assert (isfinite (ch->peak) && isfinite (ch->rms));
    ck_assert (!isnan (ch->peak_db) && !isnan (ch->rms_db));
    ck_assert (isfinite (ch->rms_square_sum));
  }
}

/* A reproducible test signal: a decaying sine with bursts, per channel. */
static void
make_signal (double *out, size_t frames, unsigned channels, unsigned seed)
{
  uint64_t rng = 0xC0FFEEull + seed;

  for (size_t f = 0; f < frames; f++)
    for (unsigned c = 0; c < channels; c++) {
      double burst = ((f / 20000) % 3 == 0) ? 0.9 : 0.2;
      double noise = (double) (drm_test_rand (&rng) >> 11) * 0x1p-53 - 0.5;

      out[f * channels + c] = burst * sin (0.001 * (double) f * (c + 1)) +
          0.05 * noise;
    }
}

START_TEST (rejects_bad_arguments)
{
  int err = 0;
  double x = 0;
  const void *planes[1] = { NULL };
  DrmMeter *m;

  ck_assert_ptr_null (drm_meter_new (0, 2, 0, &err));
  ck_assert_int_eq (err, DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_ptr_null (drm_meter_new (44100, 0, 0, &err));
  ck_assert_ptr_null (drm_meter_new (44100, DRM_MAX_CHANNELS + 1, 0, &err));
  ck_assert_ptr_null (drm_meter_new (44100, 2, 0x100, &err));
  ck_assert_ptr_nonnull (drm_error_string (err));

  m = drm_test_new_meter (44100, 1, 0);
  ck_assert_int_eq (drm_meter_add_interleaved (NULL, DRM_FORMAT_F64, &x, 1),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_add_interleaved (m, DRM_FORMAT_COUNT, &x, 1),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_add_interleaved (m, DRM_FORMAT_F64, NULL, 1),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_add_planar (m, DRM_FORMAT_F64, planes, 1),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_add_planar (m, DRM_FORMAT_F64, NULL, 1),
      DRM_ERROR_INVALID_ARGUMENT);
  /* Zero frames is fine, even with no data. */
  ck_assert_int_eq (drm_meter_add_interleaved (m, DRM_FORMAT_F64, NULL, 0),
      DRM_OK);
  ck_assert_int_eq (drm_meter_get_result (NULL, NULL),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_finish (NULL, NULL), DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_uint_eq (drm_meter_get_frames (m), 0);
  drm_meter_free (m);
  drm_meter_free (NULL);
}
END_TEST

START_TEST (window_lengths)
{
  static const unsigned rates[] = { 8000, 44100, 48000, 96000, 768000, 1, 11025 };
  static const uint64_t want[] = { 24032, 132480, 144195, 288391, 2307134, 3,
    33120
  };

  for (unsigned i = 0; i < 7; i++) {
    DrmMeter *m = drm_test_new_meter (rates[i], 1, 0);
    ck_assert_uint_eq (drm_meter_get_window_frames (m), want[i]);
    drm_meter_free (m);
  }
}
END_TEST

/* No frames: a numeric DR0 with -inf peak/RMS, no NaN anywhere. */
START_TEST (empty_track)
{
  DrmMeter *m = drm_test_new_meter (44100, 2, 0);
  DrmTrackResult r;
  char buf[DRM_TOKEN_SIZE];

  ck_assert_int_eq (drm_meter_finish (m, &r), DRM_OK);
  ck_assert_uint_eq (r.frames, 0);
  ck_assert_uint_eq (r.windows, 0);
  ck_assert_int_eq (r.dr_displayed, 0);
  ck_assert_str_eq (drm_format_db (r.peak_db, buf), "-inf");
  ck_assert_str_eq (drm_format_db (r.rms_db, buf), "-inf");
  assert_finite (&r);
  drm_meter_free (m);
}
END_TEST

/* A snapshot equals finishing at that point, and does not disturb. */
START_TEST (snapshot_is_a_finish_without_ending)
{
  const size_t total = 400000, cut = 300001;
  double *sig = malloc (total * 2 * sizeof *sig);
  DrmMeter *a = drm_test_new_meter (44100, 2, 0),
      *b = drm_test_new_meter (44100, 2, 0),
      *c = drm_test_new_meter (44100, 2, 0);
  DrmTrackResult snap, at_cut, end_a, end_c;

  make_signal (sig, total, 2, 1);
  drm_meter_add_frames_f64 (a, sig, cut);
  drm_meter_get_result (a, &snap);
  drm_meter_get_result (a, &snap);      /* twice: still no change */
  drm_meter_add_frames_f64 (a, sig + cut * 2, total - cut);
  drm_meter_finish (a, &end_a);

  drm_meter_add_frames_f64 (b, sig, cut);
  drm_meter_finish (b, &at_cut);
  drm_meter_add_frames_f64 (c, sig, total);
  drm_meter_finish (c, &end_c);

  ck_assert (memcmp (&snap, &at_cut, sizeof snap) == 0);
  ck_assert (memcmp (&end_a, &end_c, sizeof end_a) == 0);
  drm_meter_free (a);
  drm_meter_free (b);
  drm_meter_free (c);
  free (sig);
}
END_TEST

/* finish() starts a new track; reset() forgets the current one. */
START_TEST (finish_and_reset_start_afresh)
{
  const size_t n = 200000;
  double *sig = malloc (n * sizeof *sig);
  DrmMeter *m = drm_test_new_meter (48000, 1, 0);
  DrmTrackResult first, second;

  make_signal (sig, n, 1, 2);
  drm_meter_add_frames_f64 (m, sig, n);
  drm_meter_finish (m, &first);
  ck_assert_uint_eq (drm_meter_get_frames (m), 0);
  drm_meter_add_frames_f64 (m, sig, 1234);
  drm_meter_reset (m);
  drm_meter_add_frames_f64 (m, sig, n);
  drm_meter_finish (m, &second);
  ck_assert (memcmp (&first, &second, sizeof first) == 0);
  drm_meter_free (m);
  free (sig);
}
END_TEST

/* NaN and Inf count as invalid and read as silence: the result is that of
 * the same signal with zeros there, and finite. */
START_TEST (non_finite_samples_read_as_zero)
{
  const size_t n = 150000;
  float *f = malloc (n * 2 * sizeof *f), *z = malloc (n * 2 * sizeof *z);
  double *d = malloc (n * 2 * sizeof *d), *dz = malloc (n * 2 * sizeof *dz);
  DrmTrackResult rf, rz, rd, rdz;
  DrmMeter *m = drm_test_new_meter (44100, 2, 0);
  unsigned bad = 0;

  make_signal (d, n, 2, 3);
  for (size_t i = 0; i < 2 * n; i++) {
    int kind = (i % 9973 == 5) ? 1 : (i % 7919 == 3) ? 2 : 0;

    if (kind) {
      d[i] = kind == 1 ? NAN : (i & 1 ? INFINITY : -INFINITY);
      if (i % 2 == 0 && kind == 2)
        d[i] = 1e300;           /* beyond 2^128: invalid too */
      bad++;
    }
    f[i] = (float) d[i];
    z[i] = kind ? 0.0f : f[i];
    dz[i] = kind ? 0.0 : d[i];
  }
  drm_meter_add_frames_f32 (m, f, n);
  drm_meter_finish (m, &rf);
  drm_meter_add_frames_f32 (m, z, n);
  drm_meter_finish (m, &rz);
  drm_meter_add_frames_f64 (m, d, n);
  drm_meter_finish (m, &rd);
  drm_meter_add_frames_f64 (m, dz, n);
  drm_meter_finish (m, &rdz);

  ck_assert_uint_eq (rf.invalid_samples, bad);
  ck_assert_uint_eq (rd.invalid_samples, bad);
  ck_assert_uint_eq (rz.invalid_samples, 0);
  assert_finite (&rf);
  assert_finite (&rd);
  rf.invalid_samples = rd.invalid_samples = 0;
  ck_assert (memcmp (&rf, &rz, sizeof rf) == 0);
  ck_assert (memcmp (&rd, &rdz, sizeof rd) == 0);
  drm_meter_free (m);
  free (f);
  free (z);
  free (d);
  free (dz);
}
END_TEST

/* Denormal-only and tiny F64 signals: every path gives the reference. */
START_TEST (denormals_match_reference)
{
  const size_t n = 30000;
  float *f = malloc (n * sizeof *f);
  double *d = malloc (n * sizeof *d);
  DrmTrackResult r[3];
  static const unsigned flags[3] = { 0, DRM_FLAG_PLAIN_C, DRM_FLAG_SEQUENTIAL };

  for (size_t i = 0; i < n; i++) {
    uint32_t b = (uint32_t) (1 + i % 0x7fffff) | (i & 1 ? 0x80000000u : 0);
    memcpy (&f[i], &b, sizeof b);
    d[i] = ldexp ((double) (i % 97) - 48.0, -530);
  }
  for (int fmt = 0; fmt < 2; fmt++) {
    for (int p = 0; p < 3; p++) {
      DrmMeter *m = drm_test_new_meter (8000, 1, flags[p]);

      if (fmt == 0)
        drm_meter_add_frames_f32 (m, f, n);
      else
        drm_meter_add_frames_f64 (m, d, n);
      drm_meter_finish (m, &r[p]);
      drm_meter_free (m);
      assert_finite (&r[p]);
      ck_assert (r[p].channel[0].peak > 0.0f || fmt == 1);
      ck_assert (r[p].channel[0].rms_square_sum > 0.0);
      ck_assert_uint_eq (r[p].invalid_samples, 0);
    }
    ck_assert (memcmp (&r[0], &r[1], sizeof r[0]) == 0);
    ck_assert (r[0].channel[0].dr == r[2].channel[0].dr);
    ck_assert (r[0].channel[0].rms == r[2].channel[0].rms);
  }
  free (f);
  free (d);
}
END_TEST

/* F64 beyond full scale is kept: +6.02 dBFS peak; RMS above 0 dB lands in
 * the top histogram bin. */
START_TEST (beyond_full_scale)
{
  const size_t n = 48000;
  double *d = malloc (n * sizeof *d);
  DrmMeter *m = drm_test_new_meter (8000, 1, 0);
  DrmTrackResult r;
  char buf[DRM_TOKEN_SIZE];

  for (size_t i = 0; i < n; i++)
    d[i] = (i & 1) ? 2.0 : -1.5;
  drm_meter_add_frames_f64 (m, d, n);
  drm_meter_finish (m, &r);
  ck_assert_str_eq (drm_format_db (r.peak_db, buf), "6.02");
  ck_assert (r.rms_db > 0.0f);
  assert_finite (&r);
  drm_meter_free (m);
  free (d);
}
END_TEST

/* Every rate works, including one where a window is 3 frames. */
START_TEST (odd_rates_and_channels)
{
  static const unsigned rate[] = { 1, 7, 22050, 352800, 768000 };
  static const unsigned chans[] = { 1, 3, 7, 64, 2 };

  for (int i = 0; i < 5; i++) {
    size_t n = rate[i] < 100 ? 1000 : rate[i] * 7;
    double *sig = malloc (n * chans[i] * sizeof *sig);
    DrmTrackResult a, b;
    DrmMeter *m = drm_test_new_meter (rate[i], chans[i], 0);
    DrmMeter *ref = drm_test_new_meter (rate[i], chans[i], DRM_FLAG_SEQUENTIAL);

    make_signal (sig, n, chans[i], i);
    for (size_t done = 0, step = 1; done < n; done += step, step = step * 3 + 1) {
      if (step > n - done)
        step = n - done;
      drm_meter_add_frames_f64 (m, sig + done * chans[i], step);
    }
    drm_meter_add_frames_f64 (ref, sig, n);
    drm_meter_finish (m, &a);
    drm_meter_finish (ref, &b);
    assert_finite (&a);
    ck_assert_uint_eq (a.frames, n);
    ck_assert_uint_eq (a.windows,
        (n + drm_meter_get_window_frames (m) - 1) /
        drm_meter_get_window_frames (m));
    for (unsigned c = 0; c < chans[i]; c++) {
      ck_assert (a.channel[c].dr == b.channel[c].dr);
      ck_assert (a.channel[c].peak == b.channel[c].peak);
      ck_assert (a.channel[c].rms == b.channel[c].rms);
    }
    ck_assert (a.dr == b.dr);
    drm_meter_free (m);
    drm_meter_free (ref);
    free (sig);
  }
}
END_TEST

/* Formats and layouts may change inside a window; bits stay the same when
 * the values are the same. */
START_TEST (mixed_formats_and_layouts)
{
  const unsigned ch = 3;
  const size_t n = 100000;
  int16_t *s = malloc (n * ch * sizeof *s);
  float *f = malloc (n * ch * sizeof *f);
  int16_t *planes16[3];
  DrmMeter *a = drm_test_new_meter (44100, ch, 0),
      *b = drm_test_new_meter (44100, ch, 0);
  DrmTrackResult ra, rb;
  uint64_t rng = 99;

  for (unsigned c = 0; c < ch; c++)
    planes16[c] = malloc (n * sizeof (int16_t));
  for (size_t i = 0; i < n * ch; i++) {
    s[i] = (int16_t) (drm_test_rand (&rng) >> 48) / (int16_t) (1 + (i / 5000) % 7);
    f[i] = (float) s[i] / 32768.0f;
    planes16[i % ch][i / ch] = s[i];
  }
  drm_meter_add_frames_s16 (a, s, n);
  for (size_t done = 0, k = 0; done < n; k++) {
    size_t step = 1 + (k * 7919) % 3001;

    if (step > n - done)
      step = n - done;
    if (k % 3 == 0) {
      drm_meter_add_frames_f32 (b, f + done * ch, step);
    } else if (k % 3 == 1) {
      const void *p[3] = { planes16[0] + done, planes16[1] + done,
        planes16[2] + done
      };
      drm_meter_add_planar (b, DRM_FORMAT_S16, p, step);
    } else {
      drm_meter_add_frames_s16 (b, s + done * ch, step);
    }
    done += step;
  }
  drm_meter_finish (a, &ra);
  drm_meter_finish (b, &rb);
  ck_assert (memcmp (&ra, &rb, sizeof ra) == 0);
  drm_meter_free (a);
  drm_meter_free (b);
  for (unsigned c = 0; c < ch; c++)
    free (planes16[c]);
  free (s);
  free (f);
}
END_TEST

/* Weighted by channel loudness: sum(rms * dr) / sum(rms), 3+ channels only. */
START_TEST (channel_weighting)
{
  const DrmFixture *fx = NULL;
  DrmTrackResult r;
  double num = 0, den = 0;
  DrmMeter *m;
  float *buf;

  for (unsigned i = 0; i < drm_n_fixtures; i++)
    if (strcmp (drm_fixtures[i].id, "three-channel-arithmetic") == 0)
      fx = &drm_fixtures[i];
  ck_assert_ptr_nonnull (fx);
  buf = malloc (fx->frames * fx->channels * sizeof *buf);
  drm_fixture_render (fx, DRM_FORMAT_F32, 0, fx->frames, buf);
  m = drm_test_new_meter (fx->rate, fx->channels, 0);
  drm_meter_set_channel_weighting (m, 1);
  drm_meter_add_frames_f32 (m, buf, fx->frames);
  drm_meter_finish (m, &r);
  for (unsigned c = 0; c < 3; c++) {
    num += r.channel[c].rms64 * r.channel[c].dr64;
    den += r.channel[c].rms64;
  }
  ck_assert_int_eq (r.channel_weighted, 1);
  ck_assert (r.dr == (float) (num / den));
  ck_assert_int_eq (r.dr_displayed, 14);        /* the loud channel dominates */

  /* Stereo ignores the option, as the reference does. */
  drm_meter_free (m);
  m = drm_test_new_meter (8000, 2, 0);
  drm_meter_set_channel_weighting (m, 1);
  drm_meter_add_frames_f32 (m, buf, 1000);
  drm_meter_finish (m, &r);
  ck_assert_int_eq (r.channel_weighted, 0);
  drm_meter_free (m);
  free (buf);
}
END_TEST

/* All integer formats hold the same 16-bit signal exactly. */
START_TEST (integer_formats_agree)
{
  const size_t n = 70000;
  int16_t *s = malloc (n * 2 * sizeof *s);
  uint8_t *s24 = malloc (n * 2 * 3);
  int32_t *s32 = malloc (n * 2 * sizeof *s32), *s2432 = malloc (n * 2 * 4);
  uint8_t *u8 = malloc (n * 2);
  int16_t *s8as16 = malloc (n * 2 * sizeof *s8as16);
  DrmTrackResult r[4], r8, r16of8;
  uint64_t rng = 5;

  for (size_t i = 0; i < 2 * n; i++) {
    int32_t v = (int16_t) (drm_test_rand (&rng) >> 48);
    s[i] = (int16_t) v;
    s32[i] = v * 65536;
    s2432[i] = (int32_t) (((uint32_t) (v * 256) & 0xffffff) | 0xab000000u);
    {
      uint32_t u24 = (uint32_t) v * 256u;       /* the 16-bit value in 24 bits */
      s24[3 * i] = (uint8_t) u24;
      s24[3 * i + 1] = (uint8_t) (u24 >> 8);
      s24[3 * i + 2] = (uint8_t) (u24 >> 16);
    }
    u8[i] = (uint8_t) ((v >> 8) + 128);
    s8as16[i] = (int16_t) ((v >> 8) * 256);
  }
  {
    DrmMeter *m = drm_test_new_meter (44100, 2, 0);
    drm_meter_add_frames_s16 (m, s, n);
    drm_meter_finish (m, &r[0]);
    drm_meter_add_frames_s32 (m, s32, n);
    drm_meter_finish (m, &r[1]);
    drm_meter_add_frames_s24_32 (m, s2432, n);
    drm_meter_finish (m, &r[2]);
    drm_meter_add_frames_s24 (m, s24, n);
    drm_meter_finish (m, &r[3]);
    drm_meter_add_frames_u8 (m, u8, n);
    drm_meter_finish (m, &r8);
    drm_meter_add_frames_s16 (m, s8as16, n);
    drm_meter_finish (m, &r16of8);
    drm_meter_free (m);
  }
  for (int i = 1; i < 4; i++)
    ck_assert_msg (memcmp (&r[0], &r[i], sizeof r[0]) == 0, "format %d", i);
  ck_assert (memcmp (&r8, &r16of8, sizeof r8) == 0);
  free (s);
  free (s24);
  free (s32);
  free (s2432);
  free (u8);
  free (s8as16);
}
END_TEST

/* The sequential reference order and the lane order agree on every public
 * value for ordinary audio. */
START_TEST (lane_and_sequential_agree)
{
  const size_t n = 44100 * 40;
  double *sig = malloc (n * 2 * sizeof *sig);
  float *f = malloc (n * 2 * sizeof *f);
  DrmTrackResult a, b;
  DrmMeter *m = drm_test_new_meter (44100, 2, 0), *ref =
      drm_test_new_meter (44100, 2, DRM_FLAG_SEQUENTIAL);

  make_signal (sig, n, 2, 11 + _i);
  for (size_t i = 0; i < 2 * n; i++)
    f[i] = (float) sig[i];
  drm_meter_add_frames_f32 (m, f, n);
  drm_meter_add_frames_f32 (ref, f, n);
  drm_meter_finish (m, &a);
  drm_meter_finish (ref, &b);
  ck_assert (a.dr == b.dr && a.peak == b.peak && a.rms_db == b.rms_db);
  for (unsigned c = 0; c < 2; c++) {
    ck_assert (a.channel[c].dr == b.channel[c].dr);
    ck_assert (a.channel[c].rms == b.channel[c].rms);
    ck_assert (fabs (a.channel[c].rms_square_sum - b.channel[c].rms_square_sum)
        <= 1e-12 * b.channel[c].rms_square_sum);
  }
  drm_meter_free (m);
  drm_meter_free (ref);
  free (sig);
  free (f);
}
END_TEST

#if defined(__x86_64__) || defined(__SSE__)
#include <xmmintrin.h>
/* The meter leaves the caller's floating-point control as it found it
 * (ORC's compiled code would leave flush-to-zero on). */
START_TEST (fp_environment_untouched)
{
  float f[4096];
  double d[4096];
  DrmMeter *m = drm_test_new_meter (44100, 2, 0);
  unsigned before;

  for (int i = 0; i < 4096; i++) {
    f[i] = (float) i / 4096.0f;
    d[i] = f[i];
  }
  before = _mm_getcsr () & ~0x3fu;      /* ignore the sticky flags */
  drm_meter_add_frames_f32 (m, f, 2048);
  drm_meter_add_frames_f64 (m, d, 2048);
  ck_assert_uint_eq (_mm_getcsr () & ~0x3fu, before);
  drm_meter_free (m);
}
END_TEST
#endif

typedef struct {
  uint64_t calls, next_frame;
  uint64_t bins_at_or_above[2];
  int loud_bin[2];
  double sum_rms2[2];
} WindowLog;

static void
log_window (const DrmWindowInfo * w, void *data)
{
  WindowLog *log = data;

  ck_assert_uint_eq (w->index, log->calls);
  ck_assert_uint_eq (w->first_frame, log->next_frame);
  ck_assert_uint_eq (w->channels, 2);
  for (unsigned c = 0; c < 2; c++) {
    log->sum_rms2[c] += w->rms[c] * w->rms[c];
    if (log->loud_bin[c] >= 0 && w->rms_bin[c] >= log->loud_bin[c])
      log->bins_at_or_above[c]++;
    ck_assert (w->peak[c] >= 0.0);
  }
  log->calls++;
  log->next_frame += w->frames;
}

/* The window callback sees every window once, in order; the loud set it
 * implies is the one the result reports. */
START_TEST (window_callback)
{
  const size_t n = 44100 * 31 + 17;
  double *sig = malloc (n * 2 * sizeof *sig);
  DrmMeter *m = drm_test_new_meter (44100, 2, 0);
  DrmTrackResult r, again;
  WindowLog log = { 0 };

  make_signal (sig, n, 2, 21);
  log.loud_bin[0] = log.loud_bin[1] = -1;
  drm_meter_set_window_func (m, log_window, &log);
  drm_meter_add_frames_f64 (m, sig, n / 2);
  drm_meter_get_result (m, &r);         /* snapshots call nothing */
  drm_meter_add_frames_f64 (m, sig + (n / 2) * 2, n - n / 2);
  drm_meter_finish (m, &r);
  ck_assert_uint_eq (log.calls, r.windows);
  ck_assert_uint_eq (log.next_frame, n);

  /* Replay with the loud bins known: the count of windows at or above
   * the lowest loud bin is the loud window count. */
  memset (&log, 0, sizeof log);
  log.loud_bin[0] = r.channel[0].loud_bin;
  log.loud_bin[1] = r.channel[1].loud_bin;
  drm_meter_add_frames_f64 (m, sig, n);
  drm_meter_finish (m, &again);
  for (unsigned c = 0; c < 2; c++) {
    ck_assert_int_ge (r.channel[c].loud_bin, 0);
    ck_assert_uint_eq (log.bins_at_or_above[c], r.channel[c].loud_windows);
    ck_assert_uint_ge (r.channel[c].loud_windows, r.windows / 5);
    ck_assert (fabs (log.sum_rms2[c] - r.channel[c].rms_square_sum) <=
        1e-9 * r.channel[c].rms_square_sum);
    ck_assert (r.channel[c].selected_peak == (r.channel[c].secondary_peak > 0 ?
            r.channel[c].secondary_peak : r.channel[c].primary_peak));
  }
  drm_meter_free (m);
  free (sig);
}
END_TEST

/* The fallback of docs/algorithm.md section 4: a quiet window (the
 * second-highest peak) below the loud RMS of a loud tail. The DR then
 * comes from the highest peak, and the selected peak reported is that one
 * (the sox recipe of docs/robustness.md: 0.01 then 0.9 full scale,
 * 440 Hz). */
START_TEST (selected_peak_on_fallback)
{
  const size_t quiet = 132480, loud = 132300, n = quiet + loud;
  int16_t *pcm = malloc (n * sizeof *pcm);
  DrmMeter *m = drm_test_new_meter (44100, 1, 0);
  DrmTrackResult r;
  const DrmChannelResult *ch;
  double want;

  for (size_t f = 0; f < n; f++) {
    double a = f < quiet ? 0.01 : 0.9;
    double t = (double) (f < quiet ? f : f - quiet) / 44100.0;

    pcm[f] = (int16_t) lround (a * 32767.0 * sin (2.0 * M_PI * 440.0 * t));
  }
  drm_meter_add_interleaved (m, DRM_FORMAT_S16, pcm, n);
  drm_meter_finish (m, &r);
  ch = &r.channel[0];
  ck_assert_uint_eq (r.windows, 2);
  /* the second-highest peak is the quiet one, far below the loud RMS */
  ck_assert (ch->secondary_peak > 0 && ch->secondary_peak < 0.011);
  ck_assert (ch->primary_peak > 0.89);
  ck_assert (ch->selected_peak == ch->primary_peak);
  /* and the DR is the distance from the loud RMS to that peak */
  want = -20.0 * log10 (pow (10.0, ((double) ch->loud_bin * 0.01 - 100.0)
          / 20.0) / ch->selected_peak);
  ck_assert (fabs (ch->dr64 - want) < 1e-12);
  ck_assert (ch->dr64 >= 0.0 && ch->dr64 < 0.05);
  drm_meter_free (m);
  free (pcm);
}
END_TEST

/* Buffers need not be aligned: every format, every path, at an odd
 * address reads as at an aligned one (UBSan would flag a misaligned load). */
START_TEST (unaligned_buffers)
{
  const size_t n = 30000;
  static const unsigned flags[] = { 0, DRM_FLAG_PLAIN_C, DRM_FLAG_SEQUENTIAL };
  uint8_t *raw = malloc (n * 2 * 8 + 16);
  uint64_t rng = 77;

  for (size_t i = 0; i < n * 2 * 8 + 16; i++)
    raw[i] = (uint8_t) (drm_test_rand (&rng) >> 56);
  for (int fmt = 0; fmt < DRM_FORMAT_COUNT; fmt++) {
    size_t bytes = n * 2 * drm_format_sample_size ((DrmFormat) fmt);
    uint8_t *aligned = malloc (bytes);

    /* Finite float values: the random bytes, made small. */
    memcpy (aligned, raw, bytes);
    if (fmt == DRM_FORMAT_F32)
      for (size_t i = 0; i < n * 2; i++)
        ((float *) aligned)[i] = (float) (aligned[4 * i] - 128) / 256.0f;
    if (fmt == DRM_FORMAT_F64)
      for (size_t i = 0; i < n * 2; i++)
        ((double *) aligned)[i] = (double) (aligned[8 * i] - 128) / 256.0;
    memcpy (raw + 1, aligned, bytes);
    for (int p = 0; p < 3; p++) {
      DrmMeter *a = drm_test_new_meter (8000, 2, flags[p]), *b =
          drm_test_new_meter (8000, 2, flags[p]);
      DrmTrackResult ra, rb;

      drm_meter_add_interleaved (a, (DrmFormat) fmt, aligned, n);
      drm_meter_add_interleaved (b, (DrmFormat) fmt, raw + 1, n);
      drm_meter_finish (a, &ra);
      drm_meter_finish (b, &rb);
      ck_assert_msg (memcmp (&ra, &rb, sizeof ra) == 0, "format %d path %d",
          fmt, p);
      drm_meter_free (a);
      drm_meter_free (b);
    }
    free (aligned);
  }
  free (raw);
}
END_TEST

START_TEST (near_boundary)
{
  ck_assert_int_eq (drm_dr_near_boundary (12.45f), 1);
  ck_assert_int_eq (drm_dr_near_boundary (12.5f), 1);
  ck_assert_int_eq (drm_dr_near_boundary (12.55f), 1);
  ck_assert_int_eq (drm_dr_near_boundary (12.44f), 0);
  ck_assert_int_eq (drm_dr_near_boundary (12.56f), 0);
  ck_assert_int_eq (drm_dr_near_boundary (0.0f), 0);
  ck_assert_int_eq (drm_dr_near_boundary (0.5f), 1);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("meter");
  TCase *tc = tcase_create ("meter");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, rejects_bad_arguments);
  tcase_add_test (tc, window_lengths);
  tcase_add_test (tc, empty_track);
  tcase_add_test (tc, snapshot_is_a_finish_without_ending);
  tcase_add_test (tc, finish_and_reset_start_afresh);
  tcase_add_test (tc, non_finite_samples_read_as_zero);
  tcase_add_test (tc, denormals_match_reference);
  tcase_add_test (tc, beyond_full_scale);
  tcase_add_test (tc, odd_rates_and_channels);
  tcase_add_test (tc, mixed_formats_and_layouts);
  tcase_add_test (tc, channel_weighting);
  tcase_add_test (tc, integer_formats_agree);
  tcase_add_loop_test (tc, lane_and_sequential_agree, 0, 3);
  tcase_add_test (tc, window_callback);
  tcase_add_test (tc, selected_peak_on_fallback);
  tcase_add_test (tc, near_boundary);
  tcase_add_test (tc, unaligned_buffers);
#if defined(__x86_64__) || defined(__SSE__)
  tcase_add_test (tc, fp_environment_untouched);
#endif
  suite_add_tcase (s, tc);
  return drm_test_run_suite (s);
}
