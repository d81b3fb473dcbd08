/* gst-drmeter: engine throughput benchmark (run on demand).
 *
 * For each case, a 10-minute signal in memory is measured by
 *   - the meter (ORC kernels; also the plain C lanes and sequential paths),
 *   - a plain one-pass read of the same memory (the bandwidth limit),
 *   - a straightforward scalar C loop doing the same per-sample work.
 * Prints frames per second (best of 3) and the ratios. Times are the
 * thread's CPU time, so that a shared machine's other jobs do not count
 * as the meter's (they still disturb caches: read ratios, not figures).
 * Then the recent DR (drm_meter_set_recent): what keeping N windows adds
 * per window, and what one drm_meter_get_recent_result costs, for several N.
 *
 * usage: bench-core [seconds-of-audio [--no-recent]]   (default 600)
 * --no-recent stops after the per-format table: bench-engine-gain.sh runs
 * that table many times and has no use for the rest.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "drmeter.h"

#define CHUNK 4096              /* frames per add call, like a pipeline */

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static volatile uint64_t sink;

/* The memory-bandwidth reference: read every byte once. */
static void
plain_read (const uint8_t * data, size_t bytes)
{
  const uint64_t *p = (const uint64_t *) data;
  uint64_t acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
  size_t n = bytes / 8, i = 0;

  for (; i + 4 <= n; i += 4) {
    acc0 += p[i];
    acc1 += p[i + 1];
    acc2 += p[i + 2];
    acc3 += p[i + 3];
  }
  for (; i < n; i++)
    acc0 += p[i];
  sink = acc0 + acc1 + acc2 + acc3;
}

static double
sample_at (DrmFormat f, const uint8_t * data, size_t i)
{
  switch (f) {
    case DRM_FORMAT_S16:{
      int16_t v;
      memcpy (&v, data + 2 * i, 2);
      return v / 32768.0;
    }
    case DRM_FORMAT_S24_32:{
      int32_t v;
      memcpy (&v, data + 4 * i, 4);
      return (int32_t) ((uint32_t) v << 8) / 2147483648.0;
    }
    case DRM_FORMAT_S32:{
      int32_t v;
      memcpy (&v, data + 4 * i, 4);
      return v / 2147483648.0;
    }
    case DRM_FORMAT_S24:{
      const uint8_t *p = data + 3 * i;
      int32_t v = (int32_t) (((uint32_t) p[2] << 24) | ((uint32_t) p[1] << 16)
          | ((uint32_t) p[0] << 8)) >> 8;
      return v / 8388608.0;
    }
    case DRM_FORMAT_F32:{
      float v;
      memcpy (&v, data + 4 * i, 4);
      return v;
    }
    default:{
      double v;
      memcpy (&v, data + 8 * i, 8);
      return v;
    }
  }
}

/* What a first attempt at a DR meter's inner loop looks like. */
static void
scalar_loop (DrmFormat f, const uint8_t * data, size_t frames, unsigned ch)
{
  double sum[8] = { 0 }, peak[8] = { 0 };

  for (size_t fr = 0; fr < frames; fr++)
    for (unsigned c = 0; c < ch; c++) {
      double x = sample_at (f, data, fr * ch + c);
      sum[c] += x * x;
      if (fabs (x) > peak[c])
        peak[c] = fabs (x);
    }
  sink = (uint64_t) (sum[0] + peak[0]);
}

static void
meter_run (DrmFormat f, const uint8_t * data, size_t frames, unsigned ch,
    unsigned rate, unsigned flags)
{
  DrmMeter *m = drm_meter_new (rate, ch, flags, NULL);
  size_t ss = drm_format_sample_size (f);
  DrmTrackResult *r = malloc (sizeof *r);

  for (size_t done = 0; done < frames; done += CHUNK) {
    size_t n = frames - done < CHUNK ? frames - done : CHUNK;
    drm_meter_add_interleaved (m, f, data + done * ch * ss, n);
  }
  drm_meter_finish (m, r);
  sink = (uint64_t) r->dr_displayed;
  free (r);
  drm_meter_free (m);
}

typedef enum { RUN_METER, RUN_METER_C, RUN_METER_SEQ, RUN_READ, RUN_SCALAR } Run;

static double
best_of_3 (Run run, DrmFormat f, const uint8_t * data, size_t frames,
    unsigned ch, unsigned rate)
{
  double best = 1e30;

  for (int k = 0; k < 3; k++) {
    double t = now ();
    switch (run) {
      case RUN_METER:
        meter_run (f, data, frames, ch, rate, 0);
        break;
      case RUN_METER_C:
        meter_run (f, data, frames, ch, rate, DRM_FLAG_PLAIN_C);
        break;
      case RUN_METER_SEQ:
        meter_run (f, data, frames, ch, rate, DRM_FLAG_SEQUENTIAL);
        break;
      case RUN_READ:
        plain_read (data, frames * ch * drm_format_sample_size (f));
        break;
      case RUN_SCALAR:
        scalar_loop (f, data, frames, ch);
        break;
    }
    t = now () - t;
    if (t < best)
      best = t;
  }
  return frames / best;
}

static void
fill (DrmFormat f, uint8_t * data, size_t samples)
{
  uint64_t s = 88172645463325252ull;

  for (size_t i = 0; i < samples; i++) {
    double x;
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    x = 0.5 * sin (i * 0.0007) + ((double) (s >> 11) * 0x1p-53 - 0.5) * 0.3;
    switch (f) {
      case DRM_FORMAT_S16:{
        int16_t v = (int16_t) lrint (x * 32767);
        memcpy (data + 2 * i, &v, 2);
        break;
      }
      case DRM_FORMAT_S24:{
        int32_t v = (int32_t) lrint (x * 8388607);
        data[3 * i] = (uint8_t) v;
        data[3 * i + 1] = (uint8_t) (v >> 8);
        data[3 * i + 2] = (uint8_t) (v >> 16);
        break;
      }
      case DRM_FORMAT_S24_32:{
        int32_t v = (int32_t) lrint (x * 8388607);
        memcpy (data + 4 * i, &v, 4);
        break;
      }
      case DRM_FORMAT_S32:{
        int32_t v = (int32_t) lrint (x * 2147483647.0);
        memcpy (data + 4 * i, &v, 4);
        break;
      }
      case DRM_FORMAT_F32:{
        float v = (float) x;
        memcpy (data + 4 * i, &v, 4);
        break;
      }
      default:
        memcpy (data + 8 * i, &x, 8);
        break;
    }
  }
}

/* Seconds to feed @windows windows of 3 frames (a 1 Hz meter: the cost of
 * a window is then nearly all per-window work) keeping @recent of them. */
static double
feed_windows (const double *x, unsigned ch, size_t windows, unsigned recent)
{
  DrmMeter *m = drm_meter_new (1, ch, 0, NULL);
  double t0;

  drm_meter_set_recent (m, recent);
  t0 = now ();
  drm_meter_add_frames_f64 (m, x, windows * 3);
  t0 = now () - t0;
  drm_meter_free (m);
  return t0;
}

static void
recent_bench (void)
{
  static const unsigned ns[] = { 100, 1000, 28800 };
  static const unsigned chs[] = { 2, 6 };
  const size_t windows = 300000;

  printf ("\nrecent DR: %zu windows of 3 frames fed (best of 7), results "
      "read (best of 3)\n", windows);
  printf ("%-9s %8s %18s %22s\n", "channels", "recent", "per window, added",
      "get_recent_result");
  for (unsigned c = 0; c < 2; c++) {
    unsigned ch = chs[c];
    double *x = malloc (windows * 3 * ch * sizeof *x);

    if (!x)
      return;
    fill (DRM_FORMAT_F64, (uint8_t *) x, windows * 3 * ch);
    for (unsigned k = 0; k < 3; k++) {
      double off = 1e9, on = 1e9, get = 1e9;
      DrmMeter *m = drm_meter_new (1, ch, 0, NULL);
      DrmTrackResult r;

      for (int rep = 0; rep < 7; rep++) {
        double a = feed_windows (x, ch, windows, 0);
        double b = feed_windows (x, ch, windows, ns[k]);

        off = a < off ? a : off;
        on = b < on ? b : on;
      }
      drm_meter_set_recent (m, ns[k]);
      drm_meter_add_frames_f64 (m, x, windows * 3);
      for (int rep = 0; rep < 3; rep++) {
        double t0 = now ();

        for (int i = 0; i < 100; i++)
          drm_meter_get_recent_result (m, &r);
        t0 = (now () - t0) / 100;
        get = t0 < get ? t0 : get;
      }
      printf ("%-9u %8u %15.1f ns %19.1f us\n", ch, ns[k],
          (on - off) / windows * 1e9, get * 1e6);
      drm_meter_free (m);
    }
    free (x);
  }
}

int
main (int argc, char **argv)
{
  static const struct {
    const char *name;
    DrmFormat f;
    unsigned ch;
  } cases[] = {
    {"F32 stereo", DRM_FORMAT_F32, 2},
    {"S16 stereo", DRM_FORMAT_S16, 2},
    {"S24_32 st.", DRM_FORMAT_S24_32, 2},
    {"S32 stereo", DRM_FORMAT_S32, 2},
    {"S24 stereo", DRM_FORMAT_S24, 2},
    {"F64 5.1", DRM_FORMAT_F64, 6},
  };
  double seconds = argc > 1 ? atof (argv[1]) : 600.0;
  const unsigned rate = 44100;
  size_t frames = (size_t) (seconds * rate);
  DrmMeter *probe = drm_meter_new (rate, 2, 0, NULL);

  printf ("gst-drmeter engine benchmark: %.0f s of audio at %u Hz per case, "
      "%d-frame calls, best of 3\n", seconds, rate, CHUNK);
  printf ("ORC kernels as machine code: %s\n\n",
      drm_meter_uses_simd (probe) ? "yes" : "no (C backup)");
  drm_meter_free (probe);
  printf ("%-11s %12s %12s %12s %12s %12s %9s %9s\n", "case", "meter",
      "meter C", "sequential", "plain read", "scalar C", "vs read",
      "vs scalar");
  printf ("%-11s %12s %12s %12s %12s %12s\n", "", "Mframes/s", "Mframes/s",
      "Mframes/s", "Mframes/s", "Mframes/s");
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t bytes = frames * cases[i].ch * drm_format_sample_size (cases[i].f);
    uint8_t *data = malloc (bytes + 8);
    double m, mc, seq, rd, sc;

    if (!data) {
      fprintf (stderr, "out of memory\n");
      return 1;
    }
    fill (cases[i].f, data, frames * cases[i].ch);
    m = best_of_3 (RUN_METER, cases[i].f, data, frames, cases[i].ch, rate);
    mc = best_of_3 (RUN_METER_C, cases[i].f, data, frames, cases[i].ch, rate);
    seq = best_of_3 (RUN_METER_SEQ, cases[i].f, data, frames, cases[i].ch,
        rate);
    rd = best_of_3 (RUN_READ, cases[i].f, data, frames, cases[i].ch, rate);
    sc = best_of_3 (RUN_SCALAR, cases[i].f, data, frames, cases[i].ch, rate);
    printf ("%-11s %12.1f %12.1f %12.1f %12.1f %12.1f %8.2fx %8.2fx\n",
        cases[i].name, m / 1e6, mc / 1e6, seq / 1e6, rd / 1e6, sc / 1e6,
        m / rd, m / sc);
    fflush (stdout);
    free (data);
  }
  if (argc > 2 && strcmp (argv[2], "--no-recent") == 0)
    return 0;
  recent_bench ();
  return 0;
}
