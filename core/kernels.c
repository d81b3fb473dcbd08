/* gst-drmeter: kernel dispatch between ORC and the plain C reference.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "kernels.h"
#include "drmeter-orc-source.h"

#ifdef DISABLE_ORC
#include "drmeter-orc-dist.h"
#else
#include <orc/orc.h>
#include "drmeter-orc.h"
#endif

double
drm_format_scale (DrmFormat format)
{
  switch (format) {
    case DRM_FORMAT_U8:
      return 0x1p-7;
    case DRM_FORMAT_S16:
      return 0x1p-15;
    case DRM_FORMAT_S24:
    case DRM_FORMAT_S24_32:
      return 0x1p-23;
    case DRM_FORMAT_S32:
      return 0x1p-31;
    default:
      return 0.0;
  }
}

int
drm_format_wide_peak (DrmFormat format)
{
  return format == DRM_FORMAT_F64;
}

double
drm_peak_from_magnitude (DrmFormat format, uint64_t magnitude)
{
  if (format == DRM_FORMAT_F32) {
    uint32_t bits = (uint32_t) magnitude;
    float f;

    memcpy (&f, &bits, sizeof f);
    return f;
  }
  if (format == DRM_FORMAT_F64) {
    double d;

    memcpy (&d, &magnitude, sizeof d);
    return d;
  }
  return (double) magnitude * drm_format_scale (format);
}

/* ORC's compiled x86 code turns on flush-to-zero and denormals-are-zero in
 * MXCSR and leaves them on (measured with orc 0.4.33). The meter's own C
 * arithmetic, and the caller's, must see IEEE denormals: every ORC call is
 * bracketed by a save and restore of the control register. */
#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
typedef unsigned int FpState;
#define FP_SAVE() _mm_getcsr ()
#define FP_RESTORE(s) _mm_setcsr (s)
#else
typedef int FpState;
#define FP_SAVE() 0
#define FP_RESTORE(s) ((void) (s))
#endif

static int
run_orc_raw (DrmFormat format, double *sum, void *peak, const void *src,
    int n, int32_t * scratch)
{
  int flagged = 0;

  switch (format) {
    case DRM_FORMAT_F32:
      drm_orc_screen_f32 (peak, &flagged, src, n);
      if (flagged == 0)
        drm_orc_squares_f32 (sum, src, n);
      return flagged;
    case DRM_FORMAT_F64:
      drm_orc_acc_f64 (sum, peak, scratch, src, n);
      drm_orc_count_flags (&flagged, scratch, n);
      return flagged;
    case DRM_FORMAT_S16:
      drm_orc_acc_s16 (sum, peak, src, drm_format_scale (format), n);
      return 0;
    case DRM_FORMAT_S24:
    case DRM_FORMAT_S32:
      drm_orc_acc_s32 (sum, peak, src, drm_format_scale (format), n);
      return 0;
    case DRM_FORMAT_S24_32:
      drm_orc_acc_s24_32 (sum, peak, src, drm_format_scale (format), n);
      return 0;
    case DRM_FORMAT_U8:
      drm_orc_acc_u8 (sum, peak, src, drm_format_scale (format), n);
      return 0;
    default:
      return 0;
  }
}

static int
run_orc (DrmFormat format, double *sum, void *peak, double *tiny,
    unsigned channels, const void *src, int n, int32_t * scratch)
{
  FpState fp = FP_SAVE ();
  int flagged = run_orc_raw (format, sum, peak, src, n, scratch);

  FP_RESTORE (fp);
  if (flagged == 0)
    return 0;
  /* Rare: the chunk holds invalid or tiny samples. F32: the screen folded
   * only the fast samples' peaks, which the reference folds again to the
   * same value; it adds every square. F64: the squares of the fast
   * samples are in; fold the flagged ones. */
  if (format == DRM_FORMAT_F32)
    return drm_ref_acc_f32 (sum, peak, tiny, channels, src, n);
  return drm_ref_flagged_f64 (peak, tiny, channels, src, n);
}

int
drm_kernel_run (DrmKernelPath path, DrmFormat format, double *sum,
    void *peak, double *tiny, unsigned channels, const void *src, int n,
    int32_t * scratch)
{
  if (path == DRM_KERNEL_ORC)
    return run_orc (format, sum, peak, tiny, channels, src, n, scratch);

  switch (format) {
    case DRM_FORMAT_F32:
      return drm_ref_acc_f32 (sum, peak, tiny, channels, src, n);
    case DRM_FORMAT_F64:
      return drm_ref_acc_f64 (sum, peak, tiny, channels, src, n);
    default:
      drm_ref_acc_int (format, sum, peak, src, n);
      return 0;
  }
}

#ifndef DISABLE_ORC
static int simd_result;
static pthread_once_t simd_once = PTHREAD_ONCE_INIT;

/* Compiles every kernel from its source (embedded by the build) and asks
 * ORC whether each became machine code: ORC silently falls back to its C
 * backup when a rule is missing or ORC_CODE=backup is set. */
static void
probe_simd (void)
{
  const char *code = getenv ("ORC_CODE");
  OrcProgram **programs = NULL;
  int n, ok;

  orc_init ();
  if (code && (strstr (code, "backup") || strstr (code, "emulate"))) {
    simd_result = 0;
    return;
  }
  n = orc_parse (DRM_ORC_SOURCE, &programs);
  ok = n > 0;
  for (int i = 0; i < n; i++) {
    OrcCompileResult r = orc_program_compile (programs[i]);

    ok = ok && ORC_COMPILE_RESULT_IS_SUCCESSFUL (r);
    orc_program_free (programs[i]);
  }
  free (programs);
  simd_result = ok;
}
#endif

int
drm_kernels_have_simd (void)
{
#ifdef DISABLE_ORC
  return 0;
#else
  pthread_once (&simd_once, probe_simd);
  return simd_result;
#endif
}
