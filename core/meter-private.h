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

/* Per-channel track state (docs/algorithm.md sections 3 and 4). */
typedef struct {
  uint64_t windows;
  double sum_rms2;
  double primary_peak;
  double secondary_peak;
  int primary_key;
  int secondary_key;
  uint32_t *histogram;          /* DRM_HISTOGRAM_BINS counters */
} DrmChannelState;

/* A window with its keys (docs/algorithm.md section 3), computed once: the
 * recent set keeps these, so that it can fold its windows again without a
 * logarithm per window. */
typedef struct {
  double rms2;
  double peak;
  int32_t peak_key;             /* centi-dB key, DRM_NO_KEY if peak is 0 */
  int32_t bin;                  /* histogram bin, -1 for a silent window */
} DrmKeyedWindow;

/* The last @capacity complete windows of the track (recent.c): a ring of
 * windows plus a histogram that windows enter and leave, so that keeping
 * it costs O(channels) per window whatever the stream's length. */
typedef struct {
  unsigned capacity;            /* N; 0: off, nothing allocated */
  unsigned count;               /* windows kept, at most N */
  unsigned head;                /* ring slot of the oldest window kept */
  DrmKeyedWindow *ring;        /* N slots of C windows, [slot][channel] */
  uint64_t *invalid;            /* N: invalid samples of each window */
  uint32_t *histogram;          /* C x DRM_HISTOGRAM_BINS counters */
} DrmRecent;

typedef struct DrmPart DrmPart;

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
  uint64_t window_invalid;      /* invalid samples before the current window */
  DrmChannelState *channel;
  DrmRecent recent;

  /* Set when the meter measures a part (part.c): every submitted window is
   * also recorded there. */
  DrmPart *part;
  /* Set once a part ending inside a window was combined in: the track can
   * only be finished, read or reset now. */
  int tail_closed;
};

/* Computes the keys of @w into @out. */
void drm_key_window (const DrmWindow * w, DrmKeyedWindow * out);

/* Folds a window into a channel state (docs/algorithm.md section 3). */
void drm_channel_add_window (DrmChannelState * st, const DrmKeyedWindow * w);

/* Ranks a window peak of key @key among the two highest so far. Strict
 * '>': a later peak with an equal key never displaces an earlier one
 * (docs/algorithm.md section 3). Inline: the recent set runs it per kept
 * window. */
static inline void
drm_rank_peak (double *primary, int *primary_key, double *secondary,
    int *secondary_key, double peak, int key)
{
  if (!(peak > 0.0))
    return;
  if (key > *primary_key) {
    *secondary = *primary;
    *secondary_key = *primary_key;
    *primary = peak;
    *primary_key = key;
  } else if (key > *secondary_key) {
    *secondary = peak;
    *secondary_key = key;
  }
}

/* drm_channel_add_window() without the histogram: the RMS sum, the count
 * and the ranked peaks. */
static inline void
drm_channel_fold (DrmChannelState * st, const DrmKeyedWindow * w)
{
  st->sum_rms2 += w->rms2;
  st->windows++;
  drm_rank_peak (&st->primary_peak, &st->primary_key, &st->secondary_peak,
      &st->secondary_key, w->peak, w->peak_key);
}

/* The window length in frames at @rate (docs/algorithm.md section 2). */
uint64_t drm_window_frames (unsigned rate);

/* Folds @w (one window per channel, @frames long, already counted in
 * meter->frames and, for its invalid samples, in meter->invalid) into the
 * track, records it for a part, keeps it in the recent set and calls the
 * window function: the one way a window enters a track, measured or
 * combined from parts. */
void drm_meter_add_window (DrmMeter * meter, const DrmWindow * w,
    uint64_t frames);

/* Records a submitted window (@w: one per channel, @frames long, @invalid
 * invalid samples) in @part; failure marks the part as out of memory. */
void drm_part_record_window (DrmPart * part, const DrmWindow * w,
    uint64_t frames, uint64_t invalid);

/* Computes channel and track results from the meter's channel states, with
 * @pending (one window per channel, or NULL) counted as if it had been
 * submitted. */
void drm_compute_track (const DrmMeter * meter, const DrmWindow * pending,
    DrmTrackResult * result);

/* The same from the given channel states (one per channel), as a track of
 * @frames frames with @invalid invalid samples. */
void drm_compute_result (const DrmMeter * meter,
    const DrmChannelState * states, const DrmWindow * pending,
    uint64_t frames, uint64_t invalid, DrmTrackResult * result);

/* ---- the recent set (recent.c) ---- */

/* Keeps the newest @windows windows of what @r holds in a new ring of that
 * size (0 frees everything). DRM_ERROR_NOMEM leaves @r as it was. */
int drm_recent_resize (DrmRecent * r, unsigned channels, unsigned windows);
void drm_recent_free (DrmRecent * r);
/* Forgets every window kept. */
void drm_recent_clear (DrmRecent * r, unsigned channels);
/* Adds a complete window (C entries), dropping the oldest if full. */
void drm_recent_push (DrmRecent * r, unsigned channels,
    const DrmKeyedWindow * window, uint64_t invalid);
/* Channel states of the windows kept, folded oldest first as a fresh
 * meter would fold them; their histograms are the set's own. Returns the
 * invalid samples of those windows. */
uint64_t drm_recent_states (const DrmRecent * r, unsigned channels,
    DrmChannelState * states);

#endif
