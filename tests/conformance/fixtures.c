/* gst-drmeter tests: rendering the conformance fixtures' samples.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <string.h>
#include "fixtures.h"

double
drm_fixture_sample (const DrmFixture * fx, unsigned c, uint64_t f)
{
  const DrmFxChannel *ch = &fx->channel[c];

  for (int r = 0; r < ch->n_runs; r++) {
    const DrmFxRun *run = &ch->runs[r];
    uint64_t len = (uint64_t) run->repeat * (uint64_t) run->frames;

    if (f >= len) {
      f -= len;
      continue;
    }
    f %= (uint64_t) run->frames;
    switch (run->kind) {
      case DRM_FX_SHAPED:
        if (f == 0)
          return run->peak;
        return (f & 1) ? run->floor : -run->floor;
      case DRM_FX_LITERAL:
        return run->literal[f];
      default:
        return 0.0;
    }
  }
  return 0.0;
}

static int64_t
to_int (double x, int bits)
{
  double v = llround (ldexp (x, bits - 1));
  double hi = ldexp (1.0, bits - 1) - 1.0, lo = -ldexp (1.0, bits - 1);

  return (int64_t) (v > hi ? hi : v < lo ? lo : v);
}

void
drm_fixture_render (const DrmFixture * fx, DrmFormat format, uint64_t first,
    size_t n, void *out)
{
  unsigned nch = fx->channels;

  for (size_t i = 0; i < n; i++) {
    for (unsigned c = 0; c < nch; c++) {
      double x = drm_fixture_sample (fx, c, first + i);
      size_t k = i * nch + c;

      switch (format) {
        case DRM_FORMAT_F32:
          ((float *) out)[k] = (float) x;
          break;
        case DRM_FORMAT_F64:
          ((double *) out)[k] = x;
          break;
        case DRM_FORMAT_S16:
          ((int16_t *) out)[k] = (int16_t) to_int (x, 16);
          break;
        case DRM_FORMAT_S24:{
          uint32_t u = (uint32_t) to_int (x, 24);
          uint8_t *p = (uint8_t *) out + 3 * k;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
          p[0] = u >> 16; p[1] = u >> 8; p[2] = u;
#else
          p[0] = u; p[1] = u >> 8; p[2] = u >> 16;
#endif
          break;
        }
        case DRM_FORMAT_S24_32:
          ((int32_t *) out)[k] = (int32_t) to_int (x, 24);
          break;
        case DRM_FORMAT_S32:
          ((int32_t *) out)[k] = (int32_t) to_int (x, 32);
          break;
        case DRM_FORMAT_U8:
          ((uint8_t *) out)[k] = (uint8_t) (to_int (x, 8) + 128);
          break;
        default:
          break;
      }
    }
  }
}
