/* gst-drmeter: the per-sample kernels behind the meter (internal).
 *
 * A kernel folds n samples into lane arrays: sum[i] += x[i]^2 and
 * peak[i] = max(peak[i], magnitude of s[i]). Magnitudes are unsigned
 * integers: |sample| for integer formats, the sign-cleared bits for floats
 * (64-bit lanes for F64, 32-bit otherwise). Samples that are NaN or at least
 * 2^128 in magnitude are invalid: they count, and read as 0.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRM_KERNELS_H
#define DRM_KERNELS_H

#include <stdint.h>
#include "drmeter.h"

/* Which implementation runs the kernels. */
typedef enum {
  DRM_KERNEL_ORC,       /* ORC: compiled at run time, or its C backup */
  DRM_KERNEL_REFERENCE  /* the plain C reference below */
} DrmKernelPath;

/* Scale from integer sample to [-1, 1): 2^-(bits-1). 0 for floats. */
double drm_format_scale (DrmFormat format);
/* 1 if the format's magnitudes need 64-bit peak lanes. */
int drm_format_wide_peak (DrmFormat format);
/* A peak lane magnitude of @format as a linear amplitude. */
double drm_peak_from_magnitude (DrmFormat format, uint64_t magnitude);

/* Runs one kernel over n (>= 1) samples in the format's own layout, except
 * DRM_FORMAT_S24 whose samples the caller has already unpacked into
 * sign-extended int32. *needs_exact is the F64 screening state of the
 * current window: once a sample whose square would be denormal has been
 * seen, the rest of the window stays on the reference path (see the .orc
 * file). Returns the number of invalid samples. */
int drm_kernel_run (DrmKernelPath path, DrmFormat format, double *sum,
    void *peak, const void *src, int n, int *needs_exact);

/* Unpacks n native-endian 3-byte samples into sign-extended int32. */
void drm_unpack_s24 (int32_t * dst, const uint8_t * src, int n);

/* 1 if the ORC kernels compile to machine code on this CPU. */
int drm_kernels_have_simd (void);

/* The plain C reference of every kernel in drmeter-kernels.orc. */
int drm_ref_acc_f32 (double *sum, uint32_t * peak, const float *s, int n);
int drm_ref_acc_f64 (double *sum, uint64_t * peak, const double *s, int n);
void drm_ref_acc_int (DrmFormat format, double *sum, uint32_t * peak,
    const void *s, int n);

#endif
