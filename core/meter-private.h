/* gst-drmeter: meter state shared by meter.c and results.c (internal).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRM_METER_PRIVATE_H
#define DRM_METER_PRIVATE_H

#include <stdint.h>
#include "drmeter.h"
#include "kernels.h"

/* 0.01 dB histogram bins from -100.00 dB (bin 0) to 0.00 dB (bin 10000). */
#define DRM_HISTOGRAM_BINS 10001

/* What a submitted window contributes to a channel. */
typedef struct {
  double rms2;                  /* 2 * sum of squares / frames */
  double peak;                  /* largest |sample| */
} DrmWindow;

/* Per-channel track state (SPEC.md sections 3 and 4). */
typedef struct {
  uint64_t windows;
  double sum_rms2;
  double primary_peak;
  double secondary_peak;
  int primary_key;
  int secondary_key;
  uint32_t *histogram;          /* DRM_HISTOGRAM_BINS counters */
} DrmChannelState;

struct DrmMeter {
  unsigned rate;
  unsigned channels;
  unsigned flags;
  uint64_t window_frames;       /* W */
  unsigned lane_frames;         /* K: frames per lane ring */
  DrmKernelPath path;
  int channel_weighting;

  /* The window being filled. Lane (k, c) holds the samples of channel c at
   * window frames f with f mod K == k, in arrival order: the lane partition
   * depends only on positions in the window, never on buffer boundaries. */
  uint64_t window_pos;          /* frames in the current window */
  int planar_lanes;             /* lanes arranged [c][k] (1) or [k][c] (0) */
  int peak_format;              /* format of the peak lane magnitudes, -1 none */
  double *lane_sum;             /* K * C */
  double *lane_sum_spare;       /* K * C, for re-arranging lanes */
  uint64_t *lane_peak;          /* K * C (32-bit lanes use the first half) */
  double *window_peak;          /* C: peaks already folded out of the lanes */
  double *window_tiny;          /* C: squares of tiny samples, see kernels.h */
  int32_t *unpacked;            /* K * C: S24 samples widened for a kernel,
                                 * or F64 flags (kernels.h) */

  DrmWindowFunc window_func;
  void *window_data;
  double *window_rms;           /* C: scratch for DrmWindowInfo */
  double *window_peaks;         /* C */
  int *window_bins;             /* C */

  /* The track. */
  uint64_t frames;
  uint64_t invalid;
  DrmChannelState *channel;
};

/* Folds a window into a channel state (SPEC.md section 3); returns its
 * histogram bin, -1 for a silent window. */
int drm_channel_add_window (DrmChannelState * st, const DrmWindow * w);

/* Computes channel and track results from the channel states, with @pending
 * (one window per channel, or NULL) counted as if it had been submitted. */
void drm_compute_track (const DrmMeter * meter, const DrmWindow * pending,
    DrmTrackResult * result);

#endif
