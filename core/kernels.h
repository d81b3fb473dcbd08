/* gst-drmeter: the per-sample kernels behind the meter (internal).
 *
 * A kernel folds n samples into lane arrays: sum[i] += x[i]^2 and
 * peak[i] = max(peak[i], magnitude of s[i]). Magnitudes are unsigned
 * integers: |sample| for integer formats, the sign-cleared bits for floats
 * (64-bit lanes for F64, 32-bit otherwise). Samples that are NaN or at least
 * 2^128 in magnitude are invalid: they count, and read as 0. Tiny float
 * samples (F32 denormals, F64 below 2^-511) are kept out of the lanes: their
 * squares go, in stream order, to a per-channel "tiny" sum that the window
 * adds after the lanes. That keeps denormals away from ORC (which flushes
 * them) while the result stays independent of how a stream is split.
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
 * sign-extended int32. Sample i belongs to channel i % @channels, whose
 * tiny sum is tiny[i % channels] (pass channels = 1 for one plane).
 * @scratch holds n int32 (F64 on ORC writes per-sample flags there).
 * Returns the number of invalid samples. */
int drm_kernel_run (DrmKernelPath path, DrmFormat format, double *sum,
    void *peak, double *tiny, unsigned channels, const void *src, int n,
    int32_t * scratch);

/* Unpacks n native-endian 3-byte samples into sign-extended int32. */
void drm_unpack_s24 (int32_t * dst, const uint8_t * src, int n);

/* 1 if the ORC kernels compile to machine code on this CPU. */
int drm_kernels_have_simd (void);

/* The plain C reference of every kernel in drmeter-orc.orc. */
int drm_ref_acc_f32 (double *sum, uint32_t * peak, double *tiny,
    unsigned channels, const float *s, int n);
int drm_ref_acc_f64 (double *sum, uint64_t * peak, double *tiny,
    unsigned channels, const double *s, int n);
/* The C half of the ORC F64 kernel: folds in the flagged samples the ORC
 * kernel left out (invalid: counted; tiny: peak and tiny sum). (An F32
 * chunk with flagged samples is measured whole by drm_ref_acc_f32.) */
int drm_ref_flagged_f64 (uint64_t * peak, double *tiny, unsigned channels,
    const double *s, int n);
void drm_ref_acc_int (DrmFormat format, double *sum, uint32_t * peak,
    const void *s, int n);

#endif
