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
/* 2^128 as binary64 bits: the first magnitude that is invalid. */
#define F64_INVALID_BITS 0x47f0000000000000ull

int
drm_ref_acc_f32 (double *sum, uint32_t * peak, const float *s, int n)
{
  int invalid = 0;

  for (int i = 0; i < n; i++) {
    uint32_t bits;
    float mag;
    double x;

    memcpy (&bits, &s[i], sizeof bits);
    bits &= 0x7fffffffu;
    if (bits > F32_MAX_FINITE_BITS) {
      invalid++;
      bits = 0;
    }
    if (bits > peak[i])
      peak[i] = bits;
    memcpy (&mag, &bits, sizeof mag);
    x = mag;
    sum[i] += x * x;
  }
  return invalid;
}

int
drm_ref_acc_f64 (double *sum, uint64_t * peak, const double *s, int n)
{
  int invalid = 0;

  for (int i = 0; i < n; i++) {
    uint64_t bits;
    double x;

    memcpy (&bits, &s[i], sizeof bits);
    bits &= 0x7fffffffffffffffull;
    if (bits >= F64_INVALID_BITS) {
      invalid++;
      bits = 0;
    }
    if (bits > peak[i])
      peak[i] = bits;
    memcpy (&x, &bits, sizeof x);
    sum[i] += x * x;
  }
  return invalid;
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

void
drm_ref_acc_int (DrmFormat format, double *sum, uint32_t * peak,
    const void *s, int n)
{
  double scale = drm_format_scale (format);

  switch (format) {
    case DRM_FORMAT_U8:{
      const uint8_t *p = s;
      for (int i = 0; i < n; i++)
        fold_int (&sum[i], &peak[i], (int32_t) p[i] - 128, scale);
      break;
    }
    case DRM_FORMAT_S16:{
      const int16_t *p = s;
      for (int i = 0; i < n; i++)
        fold_int (&sum[i], &peak[i], p[i], scale);
      break;
    }
    case DRM_FORMAT_S24_32:{
      const int32_t *p = s;
      for (int i = 0; i < n; i++) {
        /* Sign-extend the low 24 bits; the top byte is padding. */
        int32_t v = (int32_t) ((uint32_t) p[i] << 8) >> 8;
        fold_int (&sum[i], &peak[i], v, scale);
      }
      break;
    }
    case DRM_FORMAT_S24:       /* already unpacked to int32 */
    case DRM_FORMAT_S32:{
      const int32_t *p = s;
      for (int i = 0; i < n; i++)
        fold_int (&sum[i], &peak[i], p[i], scale);
      break;
    }
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
