/* gst-drmeter tests: measuring fixtures through the engine.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRM_MEASURE_H
#define DRM_MEASURE_H

#include <check.h>
#include "fixtures.h"

/* How a stream is cut into add calls. */
typedef enum {
  DRM_SPLIT_WHOLE,      /* one call */
  DRM_SPLIT_ONE,        /* one frame per call */
  DRM_SPLIT_PRIMES,     /* 1, 2, 3, 5, 7, 11, ... frames, cycling */
  DRM_SPLIT_RANDOM      /* random sizes from a seeded generator */
} DrmSplit;

/* Measures @fx rendered in @format through a meter made with @flags, fed in
 * pieces per @split (seed for DRM_SPLIT_RANDOM), interleaved or planar.
 * Fails the running check test on any error. */
void drm_measure_fixture (const DrmFixture * fx, DrmFormat format,
    unsigned flags, DrmSplit split, unsigned seed, int planar,
    DrmTrackResult * result);

/* A meter made with @flags; fails the running check test if it cannot be
 * made. */
DrmMeter *drm_test_new_meter (unsigned rate, unsigned channels,
    unsigned flags);

/* Runs every test of @suite; returns the process exit status. */
int drm_test_run_suite (Suite * suite);

/* Tiny deterministic generator for tests (xorshift64*). */
uint64_t drm_test_rand (uint64_t * state);

#endif
