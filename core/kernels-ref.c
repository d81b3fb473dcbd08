/* gst-drmeter: plain C reference of the ORC kernels.
 *
 * Written for clarity and for bit-exact agreement with the ORC kernels: the
 * same operations in the same order per lane. Also the path for data the
 * ORC path must not take (F64 samples with denormal squares), because
 * plain C here runs with denormals honoured, as the reference meter does.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include "kernels.h"

#define F32_MAX_FINITE_BITS 0x7f7fffffu
#define F32_MIN_NORMAL_BITS 0x00800000u
/* High words of binary64: 2^128 (first invalid) and 2^-511 (first not tiny). */
#define F64_INVALID_HI 0x47f00000u
#define F64_NORMAL_SQUARE_HI 0x20000000u

typedef enum { SAMPLE_FAST, SAMPLE_TINY, SAMPLE_INVALID } SampleClass;

static inline SampleClass
classify_f32 (uint32_t bits)
{
  if (bits > F32_MAX_FINITE_BITS)
    return SAMPLE_INVALID;
  return bits < F32_MIN_NORMAL_BITS ? SAMPLE_TINY : SAMPLE_FAST;
}

static inline SampleClass
classify_f64 (uint64_t bits)
{
  uint32_t hi = (uint32_t) (bits >> 32);

  if (hi >= F64_INVALID_HI)
    return SAMPLE_INVALID;
  return hi < F64_NORMAL_SQUARE_HI ? SAMPLE_TINY : SAMPLE_FAST;
}

static inline uint32_t
abs_bits_f32 (const float *s)
{
  uint32_t bits;

  memcpy (&bits, s, sizeof bits);
  return bits & 0x7fffffffu;
}

static inline uint64_t
abs_bits_f64 (const double *s)
{
  uint64_t bits;

  memcpy (&bits, s, sizeof bits);
  return bits & 0x7fffffffffffffffull;
}

static inline double
value_f32 (uint32_t bits)
{
  float f;

  memcpy (&f, &bits, sizeof f);
  return f;
}

static inline double
value_f64 (uint64_t bits)
{
  double d;

  memcpy (&d, &bits, sizeof d);
  return d;
}

/* One template for both float widths: fast samples go to the lanes when
 * @sum is given, tiny ones to the channel's tiny sum, invalid ones count. */
#define DEFINE_FLOAT_FOLD(name, type, utype, abs_bits, classify, value)      \
  static int                                                              \
  name (double *sum, utype * peak, double *tiny, unsigned channels,       \
      const type * s, int n)                                              \
  {                                                                       \
    int invalid = 0;                                                      \
    for (int i = 0; i < n; i++) {                                         \
      utype bits = abs_bits (&s[i]);                                      \
      SampleClass cls = classify (bits);                                  \
      double x;                                                           \
      if (cls == SAMPLE_INVALID) {                                        \
        invalid++;                                                        \
        continue;                                                         \
      }                                                                   \
      if (cls == SAMPLE_FAST && !sum)                                     \
        continue;                                                         \
      if (bits == 0)                                                      \
        continue;                                                         \
      if (bits > peak[i])                                                 \
        peak[i] = bits;                                                   \
      x = value (bits);                                                   \
      if (cls == SAMPLE_FAST)                                             \
        sum[i] += x * x;                                                  \
      else                                                                \
        tiny[(unsigned) i % channels] += x * x;                           \
    }                                                                     \
    return invalid;                                                       \
  }

DEFINE_FLOAT_FOLD (fold_f32, float, uint32_t, abs_bits_f32, classify_f32,
    value_f32)
DEFINE_FLOAT_FOLD (fold_f64, double, uint64_t, abs_bits_f64, classify_f64,
    value_f64)

int
drm_ref_acc_f32 (double *sum, uint32_t * peak, double *tiny,
    unsigned channels, const float *s, int n)
{
  return fold_f32 (sum, peak, tiny, channels, s, n);
}

int
drm_ref_acc_f64 (double *sum, uint64_t * peak, double *tiny,
    unsigned channels, const double *s, int n)
{
  return fold_f64 (sum, peak, tiny, channels, s, n);
}

int
drm_ref_flagged_f64 (uint64_t * peak, double *tiny, unsigned channels,
    const double *s, int n)
{
  return fold_f64 (NULL, peak, tiny, channels, s, n);
}

static inline void
fold_int (double *sum, uint32_t * peak, int32_t v, double scale)
{
  uint32_t mag = v < 0 ? 0u - (uint32_t) v : (uint32_t) v;
  double x = (double) v * scale;

  if (mag > *peak)
    *peak = mag;
  *sum += x * x;
}

/* Samples are read with memcpy: buffers need not be aligned. */
static inline int32_t
load_s16 (const uint8_t * p)
{
  int16_t v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline int32_t
load_s32 (const uint8_t * p)
{
  int32_t v;

  memcpy (&v, p, sizeof v);
  return v;
}

void
drm_ref_acc_int (DrmFormat format, double *sum, uint32_t * peak,
    const void *s, int n)
{
  double scale = drm_format_scale (format);
  const uint8_t *p = s;

  switch (format) {
    case DRM_FORMAT_U8:
      for (int i = 0; i < n; i++)
        fold_int (&sum[i], &peak[i], (int32_t) p[i] - 128, scale);
      break;
    case DRM_FORMAT_S16:
      for (int i = 0; i < n; i++)
        fold_int (&sum[i], &peak[i], load_s16 (p + 2 * i), scale);
      break;
    case DRM_FORMAT_S24_32:
      for (int i = 0; i < n; i++) {
        /* Sign-extend the low 24 bits; the top byte is padding. */
        int32_t v = (int32_t) ((uint32_t) load_s32 (p + 4 * i) << 8) >> 8;
        fold_int (&sum[i], &peak[i], v, scale);
      }
      break;
    case DRM_FORMAT_S24:       /* already unpacked to int32 */
    case DRM_FORMAT_S32:
      for (int i = 0; i < n; i++)
        fold_int (&sum[i], &peak[i], load_s32 (p + 4 * i), scale);
      break;
    default:
      break;
  }
}

void
drm_unpack_s24 (int32_t * dst, const uint8_t * src, int n)
{
  for (int i = 0; i < n; i++, src += 3) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    uint32_t u = ((uint32_t) src[0] << 24) | ((uint32_t) src[1] << 16) |
        ((uint32_t) src[2] << 8);
#else
    uint32_t u = ((uint32_t) src[2] << 24) | ((uint32_t) src[1] << 16) |
        ((uint32_t) src[0] << 8);
#endif
    dst[i] = (int32_t) u >> 8;
  }
}
