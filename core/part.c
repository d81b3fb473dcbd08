/* gst-drmeter: a track measured in parts, combined bit-exactly.
 *
 * A window's sum of squares and its peak depend only on the window's own
 * frames, so a part that starts on a window boundary measures its windows
 * exactly as a one-pass meter would. What does depend on order is the
 * track state: the running sum of window RMS^2 and the ranking of window
 * peaks. A part therefore keeps each window's contribution (RMS^2 and peak
 * per channel, and its length) instead of a folded state, and combining
 * submits them to the track in window order: the very additions and
 * comparisons the one-pass meter makes. Three seconds of audio cost
 * 16 + 16 x channels bytes, whatever the rate.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "meter-private.h"

/* Serialized layout, all little-endian (docs/core-api.md). */
static const char part_magic[8] = { 'D', 'R', 'M', 'P', 'A', 'R', 'T', '1' };

#define HEADER_BYTES 56

struct DrmPart {
  unsigned rate;
  unsigned channels;
  int sequential;
  uint64_t window_frames;
  uint64_t first_frame;
  uint64_t frames;
  uint64_t invalid;
  int ended;
  int failed;                   /* a window could not be recorded */
  DrmMeter *meter;              /* measuring; NULL once ended */

  uint64_t windows;
  uint64_t capacity;
  uint64_t *window_len;         /* frames per window */
  uint64_t *window_invalid;     /* invalid samples per window */
  DrmWindow *window;            /* windows x channels */
};

static DrmPart *
part_alloc (unsigned rate, unsigned channels, int sequential,
    uint64_t first_frame, int *error)
{
  DrmPart *p;

  if (rate == 0 || channels == 0 || channels > DRM_MAX_CHANNELS) {
    *error = DRM_ERROR_INVALID_ARGUMENT;
    return NULL;
  }
  p = calloc (1, sizeof *p);
  if (!p) {
    *error = DRM_ERROR_NOMEM;
    return NULL;
  }
  p->rate = rate;
  p->channels = channels;
  p->sequential = sequential;
  p->first_frame = first_frame;
  p->window_frames = drm_window_frames (rate);
  if (first_frame % p->window_frames != 0) {
    free (p);
    *error = DRM_ERROR_INVALID_ARGUMENT;
    return NULL;
  }
  return p;
}

static int
reserve (DrmPart * p, uint64_t windows)
{
  uint64_t cap = p->capacity ? p->capacity : 16;
  uint64_t *len, *inv;
  DrmWindow *w;

  if (windows <= p->capacity)
    return DRM_OK;
  while (cap < windows)
    cap *= 2;
  if (cap > SIZE_MAX / (sizeof *w * p->channels))
    return DRM_ERROR_NOMEM;
  len = realloc (p->window_len, cap * sizeof *len);
  if (!len)
    return DRM_ERROR_NOMEM;
  p->window_len = len;
  inv = realloc (p->window_invalid, cap * sizeof *inv);
  if (!inv)
    return DRM_ERROR_NOMEM;
  p->window_invalid = inv;
  w = realloc (p->window, cap * p->channels * sizeof *w);
  if (!w)
    return DRM_ERROR_NOMEM;
  p->window = w;
  p->capacity = cap;
  return DRM_OK;
}

DrmPart *
drm_part_new (unsigned rate, unsigned channels, unsigned flags,
    uint64_t first_frame, int *error)
{
  int err = DRM_OK;
  DrmPart *p = part_alloc (rate, channels,
      (flags & DRM_FLAG_SEQUENTIAL) != 0, first_frame, &err);

  if (p) {
    p->meter = drm_meter_new (rate, channels, flags, &err);
    if (p->meter) {
      p->meter->part = p;
    } else {
      drm_part_free (p);
      p = NULL;
    }
  }
  if (error)
    *error = err;
  return p;
}

void
drm_part_free (DrmPart * p)
{
  if (!p)
    return;
  drm_meter_free (p->meter);
  free (p->window_len);
  free (p->window_invalid);
  free (p->window);
  free (p);
}

void
drm_part_record_window (DrmPart * p, const DrmWindow * w, uint64_t frames,
    uint64_t invalid)
{
  if (p->failed || reserve (p, p->windows + 1) != DRM_OK) {
    p->failed = 1;
    return;
  }
  p->window_len[p->windows] = frames;
  p->window_invalid[p->windows] = invalid;
  memcpy (p->window + p->windows * p->channels, w,
      p->channels * sizeof *w);
  p->windows++;
}

static int
check_adding (const DrmPart * p, size_t frames)
{
  if (!p || p->ended)
    return DRM_ERROR_INVALID_ARGUMENT;
  if (p->failed)
    return DRM_ERROR_NOMEM;
  if (frames > UINT64_MAX - p->first_frame - drm_meter_get_frames (p->meter))
    return DRM_ERROR_OVERFLOW;
  return DRM_OK;
}

int
drm_part_add_interleaved (DrmPart * p, DrmFormat format, const void *data,
    size_t frames)
{
  int ret = check_adding (p, frames);

  if (ret == DRM_OK)
    ret = drm_meter_add_interleaved (p->meter, format, data, frames);
  return ret == DRM_OK && p->failed ? DRM_ERROR_NOMEM : ret;
}

int
drm_part_add_planar (DrmPart * p, DrmFormat format,
    const void *const *planes, size_t frames)
{
  int ret = check_adding (p, frames);

  if (ret == DRM_OK)
    ret = drm_meter_add_planar (p->meter, format, planes, frames);
  return ret == DRM_OK && p->failed ? DRM_ERROR_NOMEM : ret;
}

int
drm_part_end (DrmPart * p)
{
  if (!p || p->ended)
    return DRM_ERROR_INVALID_ARGUMENT;
  /* Finishing submits the unfinished window, which records it. */
  p->frames = drm_meter_get_frames (p->meter);
  p->invalid = p->meter->invalid;
  drm_meter_finish (p->meter, NULL);
  drm_meter_free (p->meter);
  p->meter = NULL;
  p->ended = 1;
  return p->failed ? DRM_ERROR_NOMEM : DRM_OK;
}

uint64_t
drm_part_get_first_frame (const DrmPart * p)
{
  return p ? p->first_frame : 0;
}

uint64_t
drm_part_get_frames (const DrmPart * p)
{
  if (!p)
    return 0;
  return p->ended ? p->frames : drm_meter_get_frames (p->meter);
}

uint64_t
drm_part_get_windows (const DrmPart * p)
{
  return p ? p->windows : 0;
}

/* ---- combining ---- */

int
drm_meter_add_part (DrmMeter * m, const DrmPart * p)
{
  if (!m || !p || !p->ended || p->failed || m->tail_closed
      || m->part || m->window_pos != 0 || p->rate != m->rate
      || p->channels != m->channels
      || p->sequential != ((m->flags & DRM_FLAG_SEQUENTIAL) != 0)
      || p->first_frame != m->frames)
    return DRM_ERROR_INVALID_ARGUMENT;
  if (p->frames > UINT64_MAX - m->frames)
    return DRM_ERROR_OVERFLOW;

  /* Every frame of an ended part is in one of its windows: counting each
   * window's frames and invalid samples as it enters keeps the track's
   * counters, and the recent set's, as a one-pass meter keeps them. */
  for (uint64_t i = 0; i < p->windows; i++) {
    m->frames += p->window_len[i];
    m->invalid += p->window_invalid[i];
    drm_meter_add_window (m, p->window + i * p->channels, p->window_len[i]);
  }
  /* A short window is a track's last: nothing may follow it. */
  if (p->windows > 0 && p->window_len[p->windows - 1] < m->window_frames)
    m->tail_closed = 1;
  return DRM_OK;
}

/* ---- bytes ---- */

static uint8_t *
put64 (uint8_t * b, uint64_t v)
{
  for (int i = 0; i < 8; i++)
    b[i] = (uint8_t) (v >> (8 * i));
  return b + 8;
}

static uint8_t *
put32 (uint8_t * b, uint32_t v)
{
  for (int i = 0; i < 4; i++)
    b[i] = (uint8_t) (v >> (8 * i));
  return b + 4;
}

static uint64_t
get64 (const uint8_t * b)
{
  uint64_t v = 0;

  for (int i = 7; i >= 0; i--)
    v = v << 8 | b[i];
  return v;
}

static uint32_t
get32 (const uint8_t * b)
{
  return (uint32_t) b[0] | (uint32_t) b[1] << 8 | (uint32_t) b[2] << 16 |
      (uint32_t) b[3] << 24;
}

static uint64_t
double_bits (double d)
{
  uint64_t u;

  memcpy (&u, &d, sizeof u);
  return u;
}

static double
bits_double (uint64_t u)
{
  double d;

  memcpy (&d, &u, sizeof d);
  return d;
}

static size_t
window_bytes (unsigned channels)
{
  return 16 + 16 * (size_t) channels;
}

size_t
drm_part_serialized_size (const DrmPart * p)
{
  if (!p)
    return 0;
  return HEADER_BYTES + (size_t) p->windows * window_bytes (p->channels);
}

int
drm_part_serialize (const DrmPart * p, void *buf, size_t size)
{
  uint8_t *b = buf;

  if (!p || !b || !p->ended || p->failed
      || size != drm_part_serialized_size (p))
    return DRM_ERROR_INVALID_ARGUMENT;
  memcpy (b, part_magic, sizeof part_magic);
  b = put32 (b + 8, p->rate);
  b = put32 (b, p->channels);
  b = put32 (b, p->sequential ? DRM_FLAG_SEQUENTIAL : 0);
  b = put32 (b, 0);
  b = put64 (b, p->first_frame);
  b = put64 (b, p->frames);
  b = put64 (b, p->invalid);
  b = put64 (b, p->windows);
  for (uint64_t i = 0; i < p->windows; i++) {
    const DrmWindow *w = p->window + i * p->channels;

    b = put64 (b, p->window_len[i]);
    b = put64 (b, p->window_invalid[i]);
    for (unsigned c = 0; c < p->channels; c++) {
      b = put64 (b, double_bits (w[c].rms2));
      b = put64 (b, double_bits (w[c].peak));
    }
  }
  return DRM_OK;
}

/* What a measured window can hold: finite, not negative, not NaN. */
static int
plausible (double v)
{
  return isfinite (v) && v >= 0.0;
}

DrmPart *
drm_part_deserialize (const void *buf, size_t size, int *error)
{
  const uint8_t *b = buf;
  int err = DRM_ERROR_INVALID_ARGUMENT;
  DrmPart *p = NULL;
  uint64_t windows, total = 0, invalid = 0;
  uint32_t flags;

  if (!b || size < HEADER_BYTES || memcmp (b, part_magic, 8) != 0)
    goto fail;
  flags = get32 (b + 16);
  if ((flags & ~(uint32_t) DRM_FLAG_SEQUENTIAL) || get32 (b + 20) != 0)
    goto fail;
  p = part_alloc (get32 (b + 8), get32 (b + 12), flags != 0, get64 (b + 24),
      &err);
  if (!p)
    goto fail;
  err = DRM_ERROR_INVALID_ARGUMENT;
  p->frames = get64 (b + 32);
  p->invalid = get64 (b + 40);
  windows = get64 (b + 48);
  if (windows > (size - HEADER_BYTES) / window_bytes (p->channels)
      || size != HEADER_BYTES + windows * window_bytes (p->channels)
      || p->frames > UINT64_MAX - p->first_frame)
    goto fail;
  if (reserve (p, windows) != DRM_OK) {
    err = DRM_ERROR_NOMEM;
    goto fail;
  }
  b += HEADER_BYTES;
  for (uint64_t i = 0; i < windows; i++) {
    DrmWindow *w = p->window + i * p->channels;
    uint64_t len = get64 (b);

    /* Whole windows, but for a shorter (not empty) last one. */
    if (len == 0 || len > p->window_frames
        || (len < p->window_frames && i + 1 < windows))
      goto fail;
    total += len;
    p->window_len[i] = len;
    p->window_invalid[i] = get64 (b + 8);
    if (p->window_invalid[i] > len * p->channels)
      goto fail;
    invalid += p->window_invalid[i];
    b += 16;
    for (unsigned c = 0; c < p->channels; c++, b += 16) {
      w[c].rms2 = bits_double (get64 (b));
      w[c].peak = bits_double (get64 (b + 8));
      if (!plausible (w[c].rms2) || !plausible (w[c].peak))
        goto fail;
    }
  }
  if (total != p->frames || invalid != p->invalid)
    goto fail;
  p->windows = windows;
  p->ended = 1;
  if (error)
    *error = DRM_OK;
  return p;

fail:
  drm_part_free (p);
  if (error)
    *error = err;
  return NULL;
}
