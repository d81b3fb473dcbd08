/* gst-drmeter tests: the conformance fixtures, built in process.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRM_FIXTURES_H
#define DRM_FIXTURES_H

#include <stddef.h>
#include <stdint.h>
#include "drmeter.h"

typedef enum { DRM_FX_SHAPED, DRM_FX_ZEROS, DRM_FX_LITERAL } DrmFxKind;

/* A run: one segment repeated. A shaped segment of n samples is the peak
 * followed by +floor, -floor, +floor, ... */
typedef struct {
  DrmFxKind kind;
  int repeat;
  int frames;
  double peak;
  double floor;
  const double *literal;
} DrmFxRun;

typedef struct {
  const DrmFxRun *runs;
  int n_runs;
  const char *dr_token;         /* printed channel DR, "12.04" */
  const char *rms_token;        /* printed channel RMS dBFS */
  uint32_t f32_bits[3];         /* dr, peak, rms (binary32) */
  /* primary peak, primary key dB, secondary peak, secondary key dB,
   * sum of window RMS^2 (binary64), unused */
  uint64_t f64_bits[6];
} DrmFxChannel;

typedef struct {
  const char *id;
  const char *file;
  DrmFormat format;             /* how the WAV stores the samples */
  unsigned rate;
  unsigned channels;
  uint64_t frames;
  const DrmFxChannel *channel;
  const char *dr_token;         /* "DR12" */
  const char *peak_token;
  const char *rms_token;
  const char *duration_token;
  uint32_t track_dr_bits;
} DrmFixture;

extern const DrmFixture drm_fixtures[];
extern const unsigned drm_n_fixtures;

/* The decoded value of channel @c at frame @f (binary64, as stored). */
double drm_fixture_sample (const DrmFixture * fx, unsigned c, uint64_t f);

/* Fills @out with frames [@first, @first + @n) interleaved, encoded in
 * @format (the fixture's own or any wider one): F32/F64 as values,
 * integers as value * 2^(bits-1). */
void drm_fixture_render (const DrmFixture * fx, DrmFormat format,
    uint64_t first, size_t n, void *out);

#endif
