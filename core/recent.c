/* gst-drmeter: the recent set, the last N complete windows of a track.
 *
 * Its DR must be the DR a fresh meter gives for those windows' frames, bit
 * for bit. The histogram is made of counts, so windows can leave it as
 * exactly as they enter it. The channel RMS and the ranked peaks are not:
 * a sum of binary64 values cannot be undone exactly, and which peak is
 * primary depends on arrival order. So the ring keeps each window's RMS^2,
 * peak and keys, and a result folds the kept windows again, oldest first,
 * as a fresh meter would: O(N) additions and integer compares per channel,
 * no logarithm, nothing allocated.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>
#include "meter-private.h"

/* What an empty or switched-off set measures against. */
static const uint32_t empty_histogram[DRM_HISTOGRAM_BINS];

static size_t
histogram_size (unsigned channels)
{
  return (size_t) channels * DRM_HISTOGRAM_BINS * sizeof (uint32_t);
}

static const DrmKeyedWindow *
slot (const DrmRecent * r, unsigned channels, unsigned i)
{
  return r->ring + (size_t) ((r->head + i) % r->capacity) * channels;
}

int
drm_recent_resize (DrmRecent * r, unsigned channels, unsigned windows)
{
  DrmRecent n = { 0, };
  unsigned keep, skip;

  if (windows == r->capacity)
    return DRM_OK;
  if (windows == 0) {
    drm_recent_free (r);
    return DRM_OK;
  }

  n.capacity = windows;
  n.ring = calloc ((size_t) windows * channels, sizeof *n.ring);
  n.invalid = calloc (windows, sizeof *n.invalid);
  n.histogram = calloc (1, histogram_size (channels));
  if (!n.ring || !n.invalid || !n.histogram) {
    drm_recent_free (&n);
    return DRM_ERROR_NOMEM;
  }

  /* The newest windows carry over, in their order. */
  keep = r->count < windows ? r->count : windows;
  skip = r->count - keep;
  for (unsigned i = 0; i < keep; i++)
    drm_recent_push (&n, channels, slot (r, channels, skip + i),
        r->invalid[(r->head + skip + i) % r->capacity]);

  drm_recent_free (r);
  *r = n;
  return DRM_OK;
}

void
drm_recent_free (DrmRecent * r)
{
  free (r->ring);
  free (r->invalid);
  free (r->histogram);
  memset (r, 0, sizeof *r);
}

void
drm_recent_clear (DrmRecent * r, unsigned channels)
{
  if (r->capacity == 0)
    return;
  memset (r->histogram, 0, histogram_size (channels));
  r->count = 0;
  r->head = 0;
}

void
drm_recent_push (DrmRecent * r, unsigned channels,
    const DrmKeyedWindow * window, uint64_t invalid)
{
  DrmKeyedWindow *to;

  if (r->capacity == 0)
    return;
  if (r->count == r->capacity) {
    const DrmKeyedWindow *oldest = slot (r, channels, 0);

    for (unsigned c = 0; c < channels; c++)
      if (oldest[c].bin >= 0)
        r->histogram[(size_t) c * DRM_HISTOGRAM_BINS + oldest[c].bin]--;
    r->head = (r->head + 1) % r->capacity;
    r->count--;
  }
  to = r->ring + (size_t) ((r->head + r->count) % r->capacity) * channels;
  memcpy (to, window, channels * sizeof *to);
  r->invalid[(r->head + r->count) % r->capacity] = invalid;
  r->count++;
  for (unsigned c = 0; c < channels; c++)
    if (window[c].bin >= 0)
      r->histogram[(size_t) c * DRM_HISTOGRAM_BINS + window[c].bin]++;
}

uint64_t
drm_recent_states (const DrmRecent * r, unsigned channels,
    DrmChannelState * states)
{
  uint64_t invalid = 0;

  for (unsigned c = 0; c < channels; c++) {
    DrmChannelState *st = &states[c];

    memset (st, 0, sizeof *st);
    st->primary_key = DRM_NO_KEY;
    st->secondary_key = DRM_NO_KEY;
    /* Read only: drm_compute_result() never writes a histogram. */
    st->histogram = (uint32_t *) (r->histogram ?
        r->histogram + (size_t) c * DRM_HISTOGRAM_BINS : empty_histogram);
  }
  /* Oldest first, the ring read once in memory order, without a division
   * per step. */
  for (unsigned i = 0, at = r->head; i < r->count; i++) {
    const DrmKeyedWindow *w = r->ring + (size_t) at * channels;

    for (unsigned c = 0; c < channels; c++)
      drm_channel_fold (&states[c], &w[c]);
    if (++at == r->capacity)
      at = 0;
  }
  for (unsigned i = 0, at = r->head; i < r->count; i++) {
    invalid += r->invalid[at];
    if (++at == r->capacity)
      at = 0;
  }
  return invalid;
}
