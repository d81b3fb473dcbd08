/* gst-drmeter: what ORC 0.4.33 allows the engine's kernels (run on demand).
 *
 * The engine's per-format kernels (core/drmeter-orc.orc, compiled here at
 * run time exactly as the engine compiles them) beside the least work a
 * kernel of each format can do, so that the distance between the two says
 * how much faster a kernel could still get with this ORC:
 *   - "squares only": convert, square and add into the binary64 lanes, no
 *     peak, no screening: no meter kernel can do less per sample;
 *   - "peak only", "screen only": the 32-bit half of a kernel alone;
 *   - prototypes: the integer kernels without their scale multiply (the
 *     scales are powers of two, so the lanes could be scaled per window
 *     instead, with the same bits), and the one-pass F32 kernel the engine
 *     had before its two-pass split.
 * Each kernel folds one buffer of 4096 stereo frames (what a decoder hands
 * the meter, so it is in the cache) again and again, in calls of LANES
 * samples into lane arrays of LANES elements, as the meter calls them,
 * until it has seen the number of samples asked for; best of 5, G samples
 * per second of thread CPU time. A plain read of the same buffer is the
 * reference of what one core can load.
 *
 * usage: bench-orc-limits [million-samples]   (default 200)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <orc/orc.h>
#include <orc/orcparse.h>
#include "drmeter-orc-source.h"

#define LANES 1024
#define BUFFER 8192             /* samples: 4096 stereo frames */

/* Kernels of this benchmark only: the least work per format, and the
 * prototypes. Same conventions as core/drmeter-orc.orc. */
static const char proto_source[] =
    ".function sq_s16\n.dest 8 sum double\n.source 2 s int16_t\n"
    ".temp 4 v\n.temp 8 x\n"
    "convswl v, s\nconvld x, v\nmuld x, x, x\naddd sum, sum, x\n"
    ".function sq_s32\n.dest 8 sum double\n.source 4 s int32_t\n"
    ".temp 8 x\n"
    "convld x, s\nmuld x, x, x\naddd sum, sum, x\n"
    ".function peak_s16\n.dest 4 peak uint32_t\n.source 2 s int16_t\n"
    ".temp 4 v\n.temp 4 mag\n"
    "convswl v, s\nabsl mag, v\nmaxul peak, peak, mag\n"
    ".function sq_s24_32\n.dest 8 sum double\n.source 4 s int32_t\n"
    ".temp 4 v\n.temp 8 x\n"
    "shll v, s, 8\nshrsl v, v, 8\nconvld x, v\nmuld x, x, x\n"
    "addd sum, sum, x\n"
    ".function peak_s24_32\n.dest 4 peak uint32_t\n.source 4 s int32_t\n"
    ".temp 4 v\n.temp 4 mag\n"
    "shll v, s, 8\nshrsl v, v, 8\nabsl mag, v\nmaxul peak, peak, mag\n"
    ".function peak_s32\n.dest 4 peak uint32_t\n.source 4 s int32_t\n"
    ".temp 4 sign\n.temp 4 mag\n"
    "shrsl sign, s, 31\nxorl mag, s, sign\nsubl mag, mag, sign\n"
    "maxul peak, peak, mag\n"
    ".function noscale_s16\n.dest 8 sum double\n.dest 4 peak uint32_t\n"
    ".source 2 s int16_t\n.temp 4 v\n.temp 4 mag\n.temp 8 x\n"
    "convswl v, s\nabsl mag, v\nmaxul peak, peak, mag\nconvld x, v\n"
    "muld x, x, x\naddd sum, sum, x\n"
    ".function noscale_s32\n.dest 8 sum double\n.dest 4 peak uint32_t\n"
    ".source 4 s int32_t\n.temp 4 sign\n.temp 4 mag\n.temp 8 x\n"
    "shrsl sign, s, 31\nxorl mag, s, sign\nsubl mag, mag, sign\n"
    "maxul peak, peak, mag\nconvld x, s\nmuld x, x, x\naddd sum, sum, x\n"
    ".function noscale_s24_32\n.dest 8 sum double\n.dest 4 peak uint32_t\n"
    ".source 4 s int32_t\n.temp 4 v\n.temp 4 mag\n.temp 8 x\n"
    "shll v, s, 8\nshrsl v, v, 8\nabsl mag, v\nmaxul peak, peak, mag\n"
    "convld x, v\nmuld x, x, x\naddd sum, sum, x\n"
    ".function onepass_f32\n.dest 8 sum double\n.dest 4 peak uint32_t\n"
    ".accumulator 4 flagged int\n.source 4 s float\n.temp 4 bits\n"
    ".temp 4 flag\n.temp 4 tiny\n.temp 4 fast\n.temp 4 left\n"
    ".temp 8 wide\n"
    "andl bits, s, 0x7fffffff\ncmpgtsl flag, bits, 0x7f7fffff\n"
    "cmpgtsl tiny, 0x00800000, bits\norl flag, flag, tiny\n"
    "andnl fast, flag, bits\nxorl left, fast, bits\nminul left, left, 1\n"
    "accl flagged, left\nmaxul peak, peak, fast\nconvfd wide, fast\n"
    "muld wide, wide, wide\naddd sum, sum, wide\n";

typedef enum { S16, S32, S24_32, F32 } Fmt;

typedef struct {
  const char *label;
  Fmt fmt;
  const char *names[2];         /* programs run one after the other */
} Case;

static const Case cases[] = {
  {"S16: engine (one pass)", S16, {"drm_orc_acc_s16"}},
  {"S16: prototype, no scale multiply", S16, {"noscale_s16"}},
  {"S16: squares only", S16, {"sq_s16"}},
  {"S16: peak only (32-bit)", S16, {"peak_s16"}},
  {"S16: peak pass + squares pass", S16, {"peak_s16", "sq_s16"}},
  {"S32: engine (one pass)", S32, {"drm_orc_acc_s32"}},
  {"S32: prototype, no scale multiply", S32, {"noscale_s32"}},
  {"S32: squares only", S32, {"sq_s32"}},
  {"S32: peak only (32-bit)", S32, {"peak_s32"}},
  {"S32: peak pass + squares pass", S32, {"peak_s32", "sq_s32"}},
  {"S24_32: engine (one pass)", S24_32, {"drm_orc_acc_s24_32"}},
  {"S24_32: prototype, no scale multiply", S24_32, {"noscale_s24_32"}},
  {"S24_32: squares only", S24_32, {"sq_s24_32"}},
  {"S24_32: peak pass + squares pass", S24_32,
      {"peak_s24_32", "sq_s24_32"}},
  {"F32: engine (two passes)", F32,
      {"drm_orc_screen_f32", "drm_orc_squares_f32"}},
  {"F32: one pass (the engine before)", F32, {"onepass_f32"}},
  {"F32: screen and peak only", F32, {"drm_orc_screen_f32"}},
  {"F32: squares only", F32, {"drm_orc_squares_f32"}},
};

static OrcProgram **programs;
static int n_programs;

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
add_programs (const char *source)
{
  OrcProgram **more = NULL;
  int n = orc_parse (source, &more);

  programs = realloc (programs, (n_programs + n) * sizeof *programs);
  for (int i = 0; i < n; i++) {
    OrcCompileResult r = orc_program_compile (more[i]);

    if (!ORC_COMPILE_RESULT_IS_SUCCESSFUL (r)) {
      fprintf (stderr, "%s: not compiled to machine code\n",
          orc_program_get_name (more[i]));
      exit (77);
    }
    programs[n_programs++] = more[i];
  }
  free (more);
}

static OrcProgram *
program (const char *name)
{
  for (int i = 0; i < n_programs; i++)
    if (strcmp (orc_program_get_name (programs[i]), name) == 0)
      return programs[i];
  fprintf (stderr, "no kernel %s\n", name);
  exit (1);
}

static size_t
sample_size (Fmt f)
{
  return f == S16 ? 2 : 4;
}

/* Music-like samples: a sine and some noise, at about -10 dBFS. */
static void
fill (Fmt f, uint8_t * data, size_t n)
{
  srand (1);
  for (size_t i = 0; i < n; i++) {
    double x = 0.25 * sin (i * 0.0123) + 0.05 * (rand () / (double) RAND_MAX
        - 0.5);

    if (f == S16) {
      int16_t v = (int16_t) lrint (x * 32767);
      memcpy (data + 2 * i, &v, 2);
    } else if (f == S32) {
      int32_t v = (int32_t) lrint (x * 2147483647.0);
      memcpy (data + 4 * i, &v, 4);
    } else if (f == S24_32) {
      int32_t v = (int32_t) lrint (x * 8388607);
      memcpy (data + 4 * i, &v, 4);
    } else {
      float v = (float) x;
      memcpy (data + 4 * i, &v, 4);
    }
  }
}

/* One program over n samples of the buffer, in calls of LANES, as the
 * meter calls it. */
static void
run (OrcProgram * p, Fmt f, const uint8_t * data, size_t n,
    double *sum, uint32_t * peak)
{
  OrcExecutor *ex = orc_executor_new (p);
  size_t size = sample_size (f);
  int first = 0;
  orc_union64 scale;

  scale.f = f == S16 ? 0x1p-15 : f == S24_32 ? 0x1p-23 : 0x1p-31;
  /* the kernel's arrays in the order of its declarations: binary64 sums
   * first, then peaks; a double parameter in two 32-bit halves */
  for (int v = ORC_VAR_D1; v <= ORC_VAR_D2; v++) {
    OrcVariable *var = &p->vars[v];

    if (!var->name)
      continue;
    orc_executor_set_array (ex, v, var->size == 8 && !first++ ? (void *) sum
        : (void *) peak);
  }
  ex->params[ORC_VAR_P1] = (orc_uint32) (scale.i & 0xffffffff);
  ex->params[ORC_VAR_T1] = (orc_uint32) (scale.i >> 32);
  for (size_t i = 0; i + LANES <= n; i += LANES) {
    orc_executor_set_array (ex, ORC_VAR_S1,
        (void *) (data + (i % BUFFER) * size));
    orc_executor_set_n (ex, LANES);
    orc_executor_run (ex);
  }
  orc_executor_free (ex);
}

/* Seconds to read n samples of the buffer, 64 bits at a time. */
static double
plain_read (const uint8_t * data, size_t n, size_t size)
{
  const uint64_t *p = (const uint64_t *) data;
  volatile uint64_t keep;
  uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  size_t words = BUFFER * size / 8;
  double t0 = now ();

  for (size_t done = 0; done < n; done += BUFFER) {
    for (size_t i = 0; i + 4 <= words; i += 4) {
      a0 += p[i];
      a1 += p[i + 1];
      a2 += p[i + 2];
      a3 += p[i + 3];
    }
    /* keeps the compiler from folding the passes into one */
    __asm__ volatile ("":"+r" (a0));
  }
  keep = a0 + a1 + a2 + a3;
  (void) keep;
  return now () - t0;
}

int
main (int argc, char **argv)
{
  size_t n = (size_t) ((argc > 1 ? atof (argv[1]) : 200.0) * 1e6);
  static double sum[LANES];
  static uint32_t peak[LANES];

  if (getenv ("ORC_CODE")) {
    fprintf (stderr, "SKIP: ORC_CODE is set; this measures compiled code\n");
    return 77;
  }
  orc_init ();
  add_programs (DRM_ORC_SOURCE);
  add_programs (proto_source);
  n -= n % BUFFER;

  printf ("ORC kernels alone, orc %s: %zu samples (a buffer of %d again "
      "and again) in calls of %d, best of 5, G samples/s (thread CPU "
      "time)\n\n", orc_version_string (), n, BUFFER, LANES);
  printf ("%-40s %8s %12s\n", "kernel", "G/s", "plain read");
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    size_t size = sample_size (cases[c].fmt);
    uint8_t *data = malloc (BUFFER * size);
    double best = 1e9, read = 1e9;

    fill (cases[c].fmt, data, BUFFER);
    for (int rep = 0; rep < 5; rep++) {
      double t0 = now ();

      for (int k = 0; k < 2 && cases[c].names[k]; k++)
        run (program (cases[c].names[k]), cases[c].fmt, data, n, sum,
            peak);
      t0 = now () - t0;
      best = t0 < best ? t0 : best;
      t0 = plain_read (data, n, size);
      read = t0 < read ? t0 : read;
    }
    printf ("%-40s %8.2f %12.2f\n", cases[c].label, n / best / 1e9,
        n / read / 1e9);
    free (data);
  }
  return 0;
}
