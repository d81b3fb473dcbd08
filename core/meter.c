/* gst-drmeter: the meter: windows, lanes and per-channel state.
 *
 * Frames are cut into windows of W frames counted from the first frame of
 * the track (docs/algorithm.md section 2). Inside a window the kernels fold
 * samples into lanes; when the window is complete the lanes are reduced in
 * a fixed order and the window is submitted to each channel (section 3).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "meter-private.h"

/* The reference's window length in seconds. */
#define DRM_WINDOW_SECONDS 3.0040816326530613

/* Lane samples per ring: small enough that the lane arrays stay in L1. */
#define DRM_LANE_SAMPLES 1024

static void
channel_state_clear (DrmChannelState * st)
{
  uint32_t *histogram = st->histogram;

  memset (histogram, 0, DRM_HISTOGRAM_BINS * sizeof *histogram);
  memset (st, 0, sizeof *st);
  st->histogram = histogram;
  st->primary_key = DRM_NO_KEY;
  st->secondary_key = DRM_NO_KEY;
}

static size_t
lane_count (const DrmMeter * m)
{
  return (size_t) m->lane_frames * m->channels;
}

static void
clear_window (DrmMeter * m)
{
  memset (m->lane_sum, 0, lane_count (m) * sizeof *m->lane_sum);
  memset (m->lane_peak, 0, lane_count (m) * sizeof *m->lane_peak);
  memset (m->window_peak, 0, m->channels * sizeof *m->window_peak);
  memset (m->window_tiny, 0, m->channels * sizeof *m->window_tiny);
  m->window_pos = 0;
  m->peak_format = -1;
}

uint64_t
drm_window_frames (unsigned rate)
{
  double w = floor ((double) rate * DRM_WINDOW_SECONDS);

  /* A rate below 1/3 Hz would give an empty window: one frame is the least. */
  return w < 1.0 ? 1 : (uint64_t) w;
}

DrmMeter *
drm_meter_new (unsigned rate, unsigned channels, unsigned flags, int *error)
{
  DrmMeter *m;
  size_t lanes;

  if (error)
    *error = DRM_OK;
  if (rate == 0 || channels == 0 || channels > DRM_MAX_CHANNELS
      || (flags & ~(unsigned) (DRM_FLAG_PLAIN_C | DRM_FLAG_SEQUENTIAL))) {
    if (error)
      *error = DRM_ERROR_INVALID_ARGUMENT;
    return NULL;
  }

  m = calloc (1, sizeof *m);
  if (!m)
    goto nomem;
  m->rate = rate;
  m->channels = channels;
  m->flags = flags;
  m->window_frames = drm_window_frames (rate);
  /* One lane per channel is the reference's own sequential order. */
  m->lane_frames = (flags & DRM_FLAG_SEQUENTIAL) ? 1 :
      (channels >= DRM_LANE_SAMPLES ? 1 : DRM_LANE_SAMPLES / channels);
  /* Where ORC cannot make machine code (no ORC, an unsupported CPU,
   * ORC_CODE=backup), the plain C reference beats ORC's generic C backup
   * and gives the same bits. */
  m->path = (flags & (DRM_FLAG_PLAIN_C | DRM_FLAG_SEQUENTIAL))
      || !drm_kernels_have_simd ()? DRM_KERNEL_REFERENCE : DRM_KERNEL_ORC;

  lanes = lane_count (m);
  m->lane_sum = calloc (lanes, sizeof *m->lane_sum);
  m->lane_sum_spare = calloc (lanes, sizeof *m->lane_sum_spare);
  m->lane_peak = calloc (lanes, sizeof *m->lane_peak);
  m->unpacked = calloc (lanes, sizeof *m->unpacked);
  m->window_peak = calloc (channels, sizeof *m->window_peak);
  m->window_tiny = calloc (channels, sizeof *m->window_tiny);
  m->window_rms = calloc (channels, sizeof *m->window_rms);
  m->window_peaks = calloc (channels, sizeof *m->window_peaks);
  m->window_bins = calloc (channels, sizeof *m->window_bins);
  m->channel = calloc (channels, sizeof *m->channel);
  if (!m->lane_sum || !m->lane_sum_spare || !m->lane_peak || !m->unpacked
      || !m->window_peak || !m->window_tiny || !m->window_rms
      || !m->window_peaks || !m->window_bins || !m->channel)
    goto nomem;
  for (unsigned c = 0; c < channels; c++) {
    m->channel[c].histogram =
        calloc (DRM_HISTOGRAM_BINS, sizeof *m->channel[c].histogram);
    if (!m->channel[c].histogram)
      goto nomem;
  }
  drm_meter_reset (m);
  return m;

nomem:
  drm_meter_free (m);
  if (error)
    *error = DRM_ERROR_NOMEM;
  return NULL;
}

void
drm_meter_free (DrmMeter * m)
{
  if (!m)
    return;
  if (m->channel) {
    for (unsigned c = 0; c < m->channels; c++)
      free (m->channel[c].histogram);
  }
  free (m->channel);
  drm_recent_free (&m->recent);
  free (m->window_peak);
  free (m->window_tiny);
  free (m->window_rms);
  free (m->window_peaks);
  free (m->window_bins);
  free (m->unpacked);
  free (m->lane_peak);
  free (m->lane_sum_spare);
  free (m->lane_sum);
  free (m);
}

void
drm_meter_reset (DrmMeter * m)
{
  if (!m)
    return;
  clear_window (m);
  m->frames = 0;
  m->invalid = 0;
  m->window_invalid = 0;
  m->tail_closed = 0;
  for (unsigned c = 0; c < m->channels; c++)
    channel_state_clear (&m->channel[c]);
  drm_recent_clear (&m->recent, m->channels);
}

unsigned
drm_meter_get_rate (const DrmMeter * m)
{
  return m ? m->rate : 0;
}

unsigned
drm_meter_get_channels (const DrmMeter * m)
{
  return m ? m->channels : 0;
}

uint64_t
drm_meter_get_window_frames (const DrmMeter * m)
{
  return m ? m->window_frames : 0;
}

uint64_t
drm_meter_get_frames (const DrmMeter * m)
{
  return m ? m->frames : 0;
}

int
drm_meter_uses_simd (const DrmMeter * m)
{
  return m && m->path == DRM_KERNEL_ORC && drm_kernels_have_simd ();
}

void
drm_meter_set_channel_weighting (DrmMeter * m, int enabled)
{
  if (m)
    m->channel_weighting = enabled != 0;
}

/* ---- lanes ---- */

static size_t
lane_index (const DrmMeter * m, unsigned k, unsigned c)
{
  return m->planar_lanes ? (size_t) c * m->lane_frames + k :
      (size_t) k * m->channels + c;
}

static uint64_t
lane_peak_at (const DrmMeter * m, size_t i)
{
  if (drm_format_wide_peak ((DrmFormat) m->peak_format))
    return m->lane_peak[i];
  return ((const uint32_t *) m->lane_peak)[i];
}

/* Peaks are order-free, so the peak lanes can be folded out at any time:
 * done before their format or arrangement changes, and at window end. */
static void
fold_peak_lanes (DrmMeter * m)
{
  unsigned used;

  if (m->peak_format < 0)
    return;
  used = m->window_pos < m->lane_frames ? (unsigned) m->window_pos :
      m->lane_frames;
  for (unsigned c = 0; c < m->channels; c++) {
    uint64_t mag = 0;

    for (unsigned k = 0; k < used; k++) {
      uint64_t v = lane_peak_at (m, lane_index (m, k, c));

      if (v > mag)
        mag = v;
    }
    double peak = drm_peak_from_magnitude ((DrmFormat) m->peak_format, mag);
    if (peak > m->window_peak[c])
      m->window_peak[c] = peak;
  }
  memset (m->lane_peak, 0, lane_count (m) * sizeof *m->lane_peak);
  m->peak_format = -1;
}

/* Makes the lanes ready for @format in the given arrangement. Moving sums
 * between arrangements keeps every lane's value, so interleaved and planar
 * input (even mixed within a window) give the same bits. */
static void
prepare_lanes (DrmMeter * m, DrmFormat format, int planar)
{
  if (planar != m->planar_lanes) {
    fold_peak_lanes (m);
    if (m->window_pos > 0 && m->lane_frames > 1 && m->channels > 1) {
      double *to = m->lane_sum_spare;

      for (unsigned k = 0; k < m->lane_frames; k++)
        for (unsigned c = 0; c < m->channels; c++) {
          size_t il = (size_t) k * m->channels + c;
          size_t pl = (size_t) c * m->lane_frames + k;

          if (planar)
            to[pl] = m->lane_sum[il];
          else
            to[il] = m->lane_sum[pl];
        }
      m->lane_sum_spare = m->lane_sum;
      m->lane_sum = to;
    }
    m->planar_lanes = planar;
  }
  if (m->peak_format != (int) format) {
    fold_peak_lanes (m);
    m->peak_format = format;
  }
}

/* ---- windows ---- */

static void
window_of_channel (const DrmMeter * m, unsigned c, DrmWindow * w)
{
  unsigned used = m->window_pos < m->lane_frames ? (unsigned) m->window_pos :
      m->lane_frames;
  double sum = 0.0;
  double peak = m->window_peak[c];

  /* Lanes in ascending order: a fixed order, so the same bits every time. */
  for (unsigned k = 0; k < used; k++) {
    size_t i = lane_index (m, k, c);
    uint64_t mag;

    sum += m->lane_sum[i];
    if (m->peak_format >= 0) {
      mag = lane_peak_at (m, i);
      double p = drm_peak_from_magnitude ((DrmFormat) m->peak_format, mag);
      if (p > peak)
        peak = p;
    }
  }
  /* Tiny squares last: +0.0 when there were none, which changes nothing. */
  sum += m->window_tiny[c];
  w->rms2 = 2.0 * sum / (double) m->window_pos;
  w->peak = peak;
}

void
drm_meter_add_window (DrmMeter * m, const DrmWindow * w, uint64_t frames)
{
  DrmKeyedWindow kept[DRM_MAX_CHANNELS];
  /* Only whole windows enter the recent set: a short last window is part
   * of the track, but not a window of W frames. */
  int keep = m->recent.capacity > 0 && frames == m->window_frames;

  for (unsigned c = 0; c < m->channels; c++) {
    drm_key_window (&w[c], &kept[c]);
    drm_channel_add_window (&m->channel[c], &kept[c]);
    m->window_rms[c] = sqrt (w[c].rms2);
    m->window_peaks[c] = w[c].peak;
    m->window_bins[c] = kept[c].bin;
  }
  if (keep)
    drm_recent_push (&m->recent, m->channels, kept,
        m->invalid - m->window_invalid);
  if (m->part)
    drm_part_record_window (m->part, w, frames,
        m->invalid - m->window_invalid);
  m->window_invalid = m->invalid;
  if (m->window_func) {
    DrmWindowInfo info;

    info.index = m->channel[0].windows - 1;
    info.frames = frames;
    info.first_frame = m->frames - frames;
    info.channels = m->channels;
    info.rms = m->window_rms;
    info.peak = m->window_peaks;
    info.rms_bin = m->window_bins;
    m->window_func (&info, m->window_data);
  }
}

static void
submit_window (DrmMeter * m)
{
  DrmWindow w[DRM_MAX_CHANNELS];

  for (unsigned c = 0; c < m->channels; c++)
    window_of_channel (m, c, &w[c]);
  drm_meter_add_window (m, w, m->window_pos);
  clear_window (m);
}

void
drm_meter_set_window_func (DrmMeter * m, DrmWindowFunc func, void *user_data)
{
  if (!m)
    return;
  m->window_func = func;
  m->window_data = user_data;
}

static const uint8_t *
advance (const void *p, size_t bytes)
{
  return (const uint8_t *) p + bytes;
}

static int
check_args (const DrmMeter * m, DrmFormat format, size_t frames)
{
  if (!m || (unsigned) format >= DRM_FORMAT_COUNT || m->tail_closed)
    return DRM_ERROR_INVALID_ARGUMENT;
  if (frames > UINT64_MAX - m->frames)
    return DRM_ERROR_OVERFLOW;
  return DRM_OK;
}

/* Runs a kernel over n samples of one chunk, unpacking S24 first. The
 * chunk's first sample is channel @channel; samples cycle through
 * @channels channels (1 for a plane). */
static void
run_chunk (DrmMeter * m, DrmFormat format, size_t lane, unsigned channel,
    unsigned channels, const void *src, int n)
{
  void *peak = drm_format_wide_peak (format) ?
      (void *) (m->lane_peak + lane) :
      (void *) ((uint32_t *) m->lane_peak + lane);

  if (format == DRM_FORMAT_S24) {
    drm_unpack_s24 (m->unpacked, src, n);
    src = m->unpacked;
  }
  m->invalid += (uint64_t) drm_kernel_run (m->path, format,
      m->lane_sum + lane, peak, m->window_tiny + channel, channels, src, n,
      m->unpacked);
}

static int
add_frames (DrmMeter * m, DrmFormat format, const void *data,
    const void *const *planes, size_t frames)
{
  size_t ssize = drm_format_sample_size (format);
  int planar = planes != NULL;
  size_t done = 0;
  int ret = check_args (m, format, frames);

  if (ret != DRM_OK)
    return ret;
  if (frames == 0)
    return DRM_OK;
  if (planar) {
    for (unsigned c = 0; c < m->channels; c++)
      if (!planes[c])
        return DRM_ERROR_INVALID_ARGUMENT;
  } else if (!data) {
    return DRM_ERROR_INVALID_ARGUMENT;
  }

  prepare_lanes (m, format, planar);
  while (done < frames) {
    unsigned k0 = (unsigned) (m->window_pos % m->lane_frames);
    uint64_t n = frames - done;

    if (n > m->lane_frames - k0)
      n = m->lane_frames - k0;
    if (n > m->window_frames - m->window_pos)
      n = m->window_frames - m->window_pos;

    if (planar) {
      for (unsigned c = 0; c < m->channels; c++)
        run_chunk (m, format, (size_t) c * m->lane_frames + k0, c, 1,
            advance (planes[c], done * ssize), (int) n);
    } else {
      run_chunk (m, format, (size_t) k0 * m->channels, 0, m->channels,
          advance (data, done * m->channels * ssize),
          (int) (n * m->channels));
    }
    done += n;
    m->window_pos += n;
    m->frames += n;
    if (m->window_pos == m->window_frames) {
      submit_window (m);
      m->peak_format = format;
    }
  }
  return DRM_OK;
}

int
drm_meter_add_interleaved (DrmMeter * m, DrmFormat format, const void *data,
    size_t frames)
{
  return add_frames (m, format, data, NULL, frames);
}

int
drm_meter_add_planar (DrmMeter * m, DrmFormat format,
    const void *const *planes, size_t frames)
{
  if (!planes)
    return DRM_ERROR_INVALID_ARGUMENT;
  return add_frames (m, format, NULL, planes, frames);
}

#define DEFINE_ADD(suffix, type, fmt)                                      \
  int drm_meter_add_frames_##suffix (DrmMeter * m, const type * s,         \
      size_t frames)                                                       \
  {                                                                        \
    return add_frames (m, fmt, s, NULL, frames);                           \
  }

DEFINE_ADD (u8, uint8_t, DRM_FORMAT_U8)
DEFINE_ADD (s16, int16_t, DRM_FORMAT_S16)
DEFINE_ADD (s24, uint8_t, DRM_FORMAT_S24)
DEFINE_ADD (s24_32, int32_t, DRM_FORMAT_S24_32)
DEFINE_ADD (s32, int32_t, DRM_FORMAT_S32)
DEFINE_ADD (f32, float, DRM_FORMAT_F32)
DEFINE_ADD (f64, double, DRM_FORMAT_F64)

/* ---- results ---- */

int
drm_meter_get_result (const DrmMeter * m, DrmTrackResult * result)
{
  DrmWindow pending[DRM_MAX_CHANNELS];

  if (!m || !result)
    return DRM_ERROR_INVALID_ARGUMENT;
  /* The unfinished window counts as the stream's last, as at its end. */
  if (m->window_pos > 0)
    for (unsigned c = 0; c < m->channels; c++)
      window_of_channel (m, c, &pending[c]);
  drm_compute_track (m, m->window_pos > 0 ? pending : NULL, result);
  return DRM_OK;
}

int
drm_meter_finish (DrmMeter * m, DrmTrackResult * result)
{
  if (!m)
    return DRM_ERROR_INVALID_ARGUMENT;
  if (m->window_pos > 0)
    submit_window (m);
  if (result)
    drm_compute_track (m, NULL, result);
  drm_meter_reset (m);
  return DRM_OK;
}

/* ---- the recent windows ---- */

int
drm_meter_set_recent (DrmMeter * m, unsigned windows)
{
  if (!m || windows > DRM_RECENT_MAX_WINDOWS)
    return DRM_ERROR_INVALID_ARGUMENT;
  return drm_recent_resize (&m->recent, m->channels, windows);
}

unsigned
drm_meter_get_recent (const DrmMeter * m)
{
  return m ? m->recent.capacity : 0;
}

int
drm_meter_get_recent_result (const DrmMeter * m, DrmTrackResult * result)
{
  DrmChannelState states[DRM_MAX_CHANNELS];
  uint64_t invalid;

  if (!m || !result)
    return DRM_ERROR_INVALID_ARGUMENT;
  /* A track of exactly those windows' frames: no unfinished window. */
  invalid = drm_recent_states (&m->recent, m->channels, states);
  drm_compute_result (m, states, NULL,
      (uint64_t) m->recent.count * m->window_frames, invalid, result);
  return DRM_OK;
}

size_t
drm_format_sample_size (DrmFormat format)
{
  static const size_t size[DRM_FORMAT_COUNT] = { 1, 2, 3, 4, 4, 4, 8 };

  return (unsigned) format < DRM_FORMAT_COUNT ? size[format] : 0;
}
