/* gst-drmeter: a track measured in window-aligned parts, combined, gives
 * the one-pass result bit for bit.
 *
 * Every format, interleaved and planar (mixed within a part), random cut
 * points and random call sizes, a short last window, invalid and denormal
 * samples, every kernel path (the suite also runs this with ORC_CODE=backup)
 * and the reference order; every part crosses a serialization round trip.
 * Results, snapshots and the window callbacks are compared with memcmp.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "measure.h"

static uint64_t rng = 0x5eed5eed12345ull;

static unsigned
rand_below (unsigned n)
{
  return (unsigned) (drm_test_rand (&rng) % n);
}

static double
uniform (void)
{
  return (double) (drm_test_rand (&rng) >> 11) * 0x1p-53;
}

/* A signal whose loudness changes from window to window, with full-scale
 * samples now and then (equal peak keys, so the ranking order matters) and,
 * for floats, NaN, infinities, denormals and F64 values with tiny squares. */
static void
fill (DrmFormat format, uint8_t * buf, size_t samples, size_t frame_len)
{
  for (size_t i = 0; i < samples; i++) {
    double level = 0.05 + 0.9 * fabs (sin ((double) (i / frame_len) * 1e-4));
    double x = (uniform () * 2.0 - 1.0) * level;
    unsigned r = rand_below (4000);
    int full = r == 0, special = r == 1;

    if (full)
      x = rand_below (2) ? 1.0 - 0x1p-31 : -1.0;
    switch (format) {
      case DRM_FORMAT_U8:
        buf[i] = (uint8_t) lrint (x * 127.0 + 128.0);
        break;
      case DRM_FORMAT_S16:{
        int16_t v = (int16_t) lrint (x * 32767.0);
        memcpy (buf + 2 * i, &v, 2);
        break;
      }
      case DRM_FORMAT_S24:{
        int32_t v = (int32_t) lrint (x * 8388607.0);
        buf[3 * i] = (uint8_t) v;
        buf[3 * i + 1] = (uint8_t) (v >> 8);
        buf[3 * i + 2] = (uint8_t) (v >> 16);
        break;
      }
      case DRM_FORMAT_S24_32:{
        /* Garbage in the padding byte must not matter. */
        int32_t v = (int32_t) ((uint32_t) lrint (x * 8388607.0) & 0xffffff);
        v |= (int32_t) ((uint32_t) rand_below (256) << 24);
        memcpy (buf + 4 * i, &v, 4);
        break;
      }
      case DRM_FORMAT_S32:{
        int32_t v = full ? INT32_MIN : (int32_t) lrint (x * 2147483647.0);
        memcpy (buf + 4 * i, &v, 4);
        break;
      }
      case DRM_FORMAT_F32:{
        static const uint32_t odd[] = { 0x7fc00000, 0xff800000, 0x00000001,
          0x807fffff, 0x7f7fffff
        };
        float v = (float) x;
        if (special)
          memcpy (&v, &odd[rand_below (5)], 4);
        memcpy (buf + 4 * i, &v, 4);
        break;
      }
      case DRM_FORMAT_F64:{
        static const double odd[] = { NAN, -INFINITY, 0x1p-1074, -0x1p-530,
          1e300, 0x1p-511
        };
        double v = special ? odd[rand_below (6)] : x;
        memcpy (buf + 8 * i, &v, 8);
        break;
      }
      default:
        break;
    }
  }
}

typedef struct {
  uint64_t count;
  uint8_t *log;                 /* every callback's fields, as bytes */
  size_t used, size;
} WindowLog;

static void
log_bytes (WindowLog * l, const void *p, size_t n)
{
  if (l->used + n > l->size) {
    l->size = (l->used + n) * 2;
    l->log = realloc (l->log, l->size);
    ck_assert_ptr_nonnull (l->log);
  }
  memcpy (l->log + l->used, p, n);
  l->used += n;
}

static void
log_window (const DrmWindowInfo * w, void *data)
{
  WindowLog *l = data;

  l->count++;
  log_bytes (l, &w->index, sizeof w->index);
  log_bytes (l, &w->first_frame, sizeof w->first_frame);
  log_bytes (l, &w->frames, sizeof w->frames);
  log_bytes (l, w->rms, w->channels * sizeof *w->rms);
  log_bytes (l, w->peak, w->channels * sizeof *w->peak);
  log_bytes (l, w->rms_bin, w->channels * sizeof *w->rms_bin);
}

typedef int (*AddInterleaved) (void *, DrmFormat, const void *, size_t);
typedef int (*AddPlanar) (void *, DrmFormat, const void *const *, size_t);

/* Feeds frames [from, to) of @data to @target in random pieces, each piece
 * interleaved or (copied out into planes) planar at random. */
static void
feed (void *target, AddInterleaved add_i, AddPlanar add_p, DrmFormat format,
    const uint8_t * data, unsigned channels, size_t from, size_t to)
{
  size_t ss = drm_format_sample_size (format);
  size_t fs = ss * channels;

  while (from < to) {
    size_t n = 1 + rand_below (rand_below (3) ? 5000 : 40);

    if (n > to - from)
      n = to - from;
    if (rand_below (3) == 0) {
      uint8_t *planes[DRM_MAX_CHANNELS];
      const void *cp[DRM_MAX_CHANNELS];

      for (unsigned c = 0; c < channels; c++) {
        planes[c] = malloc (n * ss);
        for (size_t f = 0; f < n; f++)
          memcpy (planes[c] + f * ss, data + (from + f) * fs + c * ss, ss);
        cp[c] = planes[c];
      }
      ck_assert_int_eq (add_p (target, format, cp, n), DRM_OK);
      for (unsigned c = 0; c < channels; c++)
        free (planes[c]);
    } else {
      ck_assert_int_eq (add_i (target, format, data + from * fs, n), DRM_OK);
    }
    from += n;
  }
}

#define METER_ADD_I ((AddInterleaved) drm_meter_add_interleaved)
#define METER_ADD_P ((AddPlanar) drm_meter_add_planar)
#define PART_ADD_I ((AddInterleaved) drm_part_add_interleaved)
#define PART_ADD_P ((AddPlanar) drm_part_add_planar)

/* Measures [from, to) as a part and sends it through bytes. */
static DrmPart *
measure_part (unsigned rate, unsigned channels, unsigned flags,
    DrmFormat format, const uint8_t * data, size_t from, size_t to)
{
  int err = 1;
  DrmPart *p = drm_part_new (rate, channels, flags, from, &err), *copy;
  size_t size;
  uint8_t *bytes;

  ck_assert_ptr_nonnull (p);
  ck_assert_int_eq (err, DRM_OK);
  feed (p, PART_ADD_I, PART_ADD_P, format, data, channels, from, to);
  ck_assert_uint_eq (drm_part_get_frames (p), to - from);
  ck_assert_int_eq (drm_part_end (p), DRM_OK);
  ck_assert_uint_eq (drm_part_get_first_frame (p), from);

  size = drm_part_serialized_size (p);
  bytes = malloc (size);
  ck_assert_int_eq (drm_part_serialize (p, bytes, size), DRM_OK);
  copy = drm_part_deserialize (bytes, size, &err);
  ck_assert_ptr_nonnull (copy);
  ck_assert_int_eq (err, DRM_OK);
  ck_assert_uint_eq (drm_part_get_windows (copy), drm_part_get_windows (p));
  ck_assert_uint_eq (drm_part_get_frames (copy), to - from);
  free (bytes);
  drm_part_free (p);
  return copy;
}

static const unsigned path_flags[] = { DRM_FLAG_NONE, DRM_FLAG_PLAIN_C,
  DRM_FLAG_SEQUENTIAL
};

/* _i: format x kernel path. Several random tracks each. */
START_TEST (parts_equal_one_pass)
{
  DrmFormat format = (DrmFormat) (_i / 3);
  unsigned flags = path_flags[_i % 3];
  size_t ss = drm_format_sample_size (format);

  for (int round = 0; round < 4; round++) {
    static const unsigned rates[] = { 1000, 8000, 2000, 44100 };
    unsigned rate = rates[round];
    unsigned channels = 1 + rand_below (round == 3 ? 2 : 6);
    DrmMeter *one = drm_meter_new (rate, channels, flags, NULL);
    DrmMeter *joined = drm_meter_new (rate, channels, flags, NULL);
    size_t w = drm_meter_get_window_frames (one);
    size_t windows = round == 3 ? 3 : 2 + rand_below (12);
    /* Whole windows, then a tail of 0 frames, 1 frame or more. */
    size_t tail = round == 0 ? 0 : round == 1 ? 1 : rand_below ((unsigned) w);
    size_t frames = windows * w + tail;
    uint8_t *data = malloc (frames * channels * ss + 1);
    WindowLog log_one = { 0 }, log_joined = { 0 };
    DrmTrackResult *r_one = malloc (sizeof *r_one);
    DrmTrackResult *r_joined = malloc (sizeof *r_joined);
    size_t at = 0;

    fill (format, data, frames * channels, channels);
    /* The recent set sees combined windows as measured ones. */
    ck_assert_int_eq (drm_meter_set_recent (one, 3), DRM_OK);
    ck_assert_int_eq (drm_meter_set_recent (joined, 3), DRM_OK);
    drm_meter_set_window_func (one, log_window, &log_one);
    drm_meter_set_window_func (joined, log_window, &log_joined);
    feed (one, METER_ADD_I, METER_ADD_P, format, data, channels, 0, frames);
    drm_meter_get_result (one, r_one);

    /* Cut at random window boundaries; empty parts are allowed too. */
    while (at < frames) {
      size_t end = at + w * rand_below (4);
      /* Parts measured on other paths combine the same (only the sum
       * order, DRM_FLAG_SEQUENTIAL, must match). */
      unsigned pflags = flags == DRM_FLAG_SEQUENTIAL ? flags :
          path_flags[rand_below (2)];
      DrmPart *p;

      if (end > frames || rand_below (5) == 0)
        end = frames;
      p = measure_part (rate, channels, pflags, format, data, at, end);
      ck_assert_int_eq (drm_meter_add_part (joined, p), DRM_OK);
      drm_part_free (p);
      at = end;
    }
    ck_assert_uint_eq (drm_meter_get_frames (joined), frames);
    drm_meter_get_result (joined, r_joined);
    ck_assert_msg (memcmp (r_one, r_joined, sizeof *r_one) == 0,
        "format %d flags %u round %d: snapshots differ", format, flags, round);
    drm_meter_get_recent_result (one, r_one);
    drm_meter_get_recent_result (joined, r_joined);
    ck_assert_msg (memcmp (r_one, r_joined, sizeof *r_one) == 0,
        "format %d flags %u round %d: recent results differ", format, flags,
        round);
    drm_meter_finish (one, r_one);
    drm_meter_finish (joined, r_joined);
    ck_assert_msg (memcmp (r_one, r_joined, sizeof *r_one) == 0,
        "format %d flags %u round %d: results differ", format, flags, round);
    ck_assert_uint_eq (r_one->windows, windows + (tail > 0));
    ck_assert_uint_eq (log_one.count, r_one->windows);
    ck_assert_uint_eq (log_one.used, log_joined.used);
    ck_assert (memcmp (log_one.log, log_joined.log, log_one.used) == 0);
    if ((format == DRM_FORMAT_F32 || format == DRM_FORMAT_F64) && round == 3)
      ck_assert_uint_gt (r_one->invalid_samples, 0);

    free (log_one.log);
    free (log_joined.log);
    free (r_one);
    free (r_joined);
    free (data);
    drm_meter_free (one);
    drm_meter_free (joined);
  }
}
END_TEST

static DrmPart *
small_part (unsigned flags, uint64_t first, size_t frames)
{
  float *s = calloc (frames * 2 + 1, sizeof *s);
  DrmPart *p = drm_part_new (1000, 2, flags, first, NULL);

  ck_assert_ptr_nonnull (p);
  for (size_t i = 0; i < frames * 2; i++)
    s[i] = (float) sin ((double) i);
  ck_assert_int_eq (drm_part_add_interleaved (p, DRM_FORMAT_F32, s, frames),
      DRM_OK);
  ck_assert_int_eq (drm_part_end (p), DRM_OK);
  free (s);
  return p;
}

START_TEST (misuse_is_refused)
{
  int err = 0;
  DrmMeter *m = drm_meter_new (1000, 2, 0, NULL);
  DrmMeter *seq = drm_meter_new (1000, 2, DRM_FLAG_SEQUENTIAL, NULL);
  DrmPart *first = small_part (0, 0, 3004), *short_one = small_part (0, 0, 5);
  DrmPart *second = small_part (0, 3004, 100);
  float x[2] = { 0 };

  /* Parts start on window boundaries only. */
  ck_assert_ptr_null (drm_part_new (1000, 2, 0, 3003, &err));
  ck_assert_int_eq (err, DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_ptr_null (drm_part_new (0, 2, 0, 0, &err));
  ck_assert_ptr_null (drm_part_new (1000, 65, 0, 0, &err));
  /* An ended part takes no more frames and ends once. */
  ck_assert_int_eq (drm_part_add_interleaved (first, DRM_FORMAT_F32, x, 1),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_part_end (first), DRM_ERROR_INVALID_ARGUMENT);
  /* Out of order, another lane order, another channel count. */
  ck_assert_int_eq (drm_meter_add_part (m, second), DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_add_part (seq, first),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_add_part (NULL, first),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_add_part (m, first), DRM_OK);
  ck_assert_int_eq (drm_meter_add_part (m, second), DRM_OK);
  /* After a short last window nothing more: parts or frames. */
  ck_assert_int_eq (drm_meter_add_part (m, second), DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_add_frames_f32 (m, x, 1),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_meter_finish (m, NULL), DRM_OK);
  /* finish starts a new track: a part from frame 0 fits again. */
  ck_assert_int_eq (drm_meter_add_part (m, short_one), DRM_OK);
  drm_meter_reset (m);
  /* A meter inside a window cannot take a part. */
  ck_assert_int_eq (drm_meter_add_frames_f32 (m, x, 1), DRM_OK);
  ck_assert_int_eq (drm_meter_add_part (m, short_one),
      DRM_ERROR_INVALID_ARGUMENT);

  drm_part_free (first);
  drm_part_free (second);
  drm_part_free (short_one);
  drm_meter_free (m);
  drm_meter_free (seq);
}
END_TEST

static void
put_le64 (uint8_t * b, uint64_t v)
{
  for (int i = 0; i < 8; i++)
    b[i] = (uint8_t) (v >> (8 * i));
}

/* Bytes that are not exactly a serialized part are refused, never read
 * past their end. */
START_TEST (bad_bytes_are_refused)
{
  DrmPart *p = small_part (0, 3004, 3004 * 2 + 7), *q;
  size_t size = drm_part_serialized_size (p);
  uint8_t *good = malloc (size), *b = malloc (size);
  const double nan = NAN;
  uint64_t nan_bits;
  int err = 0;

  memcpy (&nan_bits, &nan, 8);
  ck_assert_uint_eq (size, 56 + 3 * (16 + 2 * 16));
  ck_assert_int_eq (drm_part_serialize (p, good, size - 1),
      DRM_ERROR_INVALID_ARGUMENT);
  ck_assert_int_eq (drm_part_serialize (p, good, size), DRM_OK);
  ck_assert_int_eq (memcmp (good, "DRMPART1", 8), 0);

  q = drm_part_deserialize (good, size, &err);
  ck_assert_ptr_nonnull (q);
  ck_assert_uint_eq (drm_part_get_first_frame (q), 3004);
  ck_assert_uint_eq (drm_part_get_frames (q), 3004 * 2 + 7);
  drm_part_free (q);

  for (int c = 0; c < 10; c++) {
    size_t n = size;

    memcpy (b, good, size);
    switch (c) {
      case 0:
        b[0] = 'X';             /* magic */
        break;
      case 1:
        n = size - 1;           /* truncated */
        break;
      case 2:
        put_le64 (b + 24, 3005);        /* first frame off a boundary */
        break;
      case 3:
        put_le64 (b + 32, 3004 * 2 + 8);        /* frames do not add up */
        break;
      case 4:
        put_le64 (b + 56, 3003);        /* a short window before the last */
        break;
      case 5:
        put_le64 (b + 56 + 16, nan_bits);       /* NaN RMS^2 */
        break;
      case 6:
        put_le64 (b + 48, UINT64_MAX / 2);      /* window count */
        break;
      case 7:
        b[12] = 65;             /* channels */
        break;
      case 8:
        b[16] = 4;              /* unknown flag */
        break;
      case 9:
        put_le64 (b + 56 + 8, 1);       /* window invalids do not add up */
        break;
    }
    q = drm_part_deserialize (b, n, &err);
    ck_assert_msg (q == NULL, "corruption %d accepted", c);
    ck_assert_int_eq (err, DRM_ERROR_INVALID_ARGUMENT);
  }
  ck_assert_ptr_null (drm_part_deserialize (NULL, 0, &err));
  free (good);
  free (b);
  drm_part_free (p);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("parts");
  TCase *tc = tcase_create ("parts");

  tcase_set_timeout (tc, 300);
  tcase_add_loop_test (tc, parts_equal_one_pass, 0, 3 * DRM_FORMAT_COUNT);
  tcase_add_test (tc, misuse_is_refused);
  tcase_add_test (tc, bad_bytes_are_refused);
  suite_add_tcase (s, tc);
  return drm_test_run_suite (s);
}
