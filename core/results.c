/* gst-drmeter: from windows to DR (docs/algorithm.md sections 3 to 5).
 *
 * The arithmetic here is the reference's, step by step: binary64 unless a
 * value is public, in which case it is rounded to binary32 exactly where the
 * reference rounds it. Do not "simplify" an expression: reordering changes
 * bits, and bits change printed tokens.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "meter-private.h"

/* Peak key: centi-dB, C lround (halves away from zero). */
static int
peak_key (double peak)
{
  return (int) lround (2000.0 * log10 (peak));
}

typedef struct {
  double amplitude;
  int key;
} RankedPeak;

static void
rank_peak (RankedPeak * primary, RankedPeak * secondary, double peak)
{
  if (peak > 0.0)
    drm_rank_peak (&primary->amplitude, &primary->key, &secondary->amplitude,
        &secondary->key, peak, peak_key (peak));
}

/* Histogram bin of a window RMS, or -1 for a silent window. RMS above
 * 0 dBFS lands in the top bin, below -100 dBFS in the bottom one. */
static int
rms_bin (double rms2)
{
  double rms = sqrt (rms2);
  long k;

  if (rms == 0.0)
    return -1;
  k = lround (2000.0 * log10 (rms));
  if (k < -10000)
    k = -10000;
  if (k > 0)
    k = 0;
  return (int) k + 10000;
}

void
drm_key_window (const DrmWindow * w, DrmKeyedWindow * out)
{
  out->rms2 = w->rms2;
  out->peak = w->peak;
  out->peak_key = w->peak > 0.0 ? peak_key (w->peak) : DRM_NO_KEY;
  out->bin = rms_bin (w->rms2);
}

void
drm_channel_add_window (DrmChannelState * st, const DrmKeyedWindow * w)
{
  drm_channel_fold (st, w);
  if (w->bin >= 0)
    st->histogram[w->bin]++;
}

static float
db32 (double linear)
{
  return (float) (20.0 * log10 (linear));
}

/* 4, "the loudest 20 %": target max(1, floor(N / 5)) windows, whole bins
 * at a time from the top, the pending window's bin (-1: none) counted in;
 * 4, "the loud power": rebuilt from bin centres, not from the windows' own
 * RMS. *count and *loud_bin receive the windows taken and the lowest bin. */
static double
loud_power (const DrmChannelState * st, int pending_bin, uint64_t windows,
    uint64_t * count, int *loud_bin)
{
  uint64_t target = windows / 5;
  double power = 0.0;

  if (target < 1)
    target = 1;
  *count = 0;
  *loud_bin = -1;
  for (int bin = DRM_HISTOGRAM_BINS - 1; bin >= 0; bin--) {
    uint64_t n = st->histogram[bin] + (bin == pending_bin ? 1u : 0u);

    if (n == 0)
      continue;
    *count += n;
    *loud_bin = bin;
    power += pow (10.0, drm_bin_db (bin) / 10.0) * (double) n;
    if (*count >= target)
      break;
  }
  return power;
}

/* 4, "the selected peak": the secondary if any, else the primary; DR from
 * the loud RMS, then the fallback to the primary, clamped at 0. *sel_peak
 * receives the peak the DR came from. */
static double
dr_from_peaks (const RankedPeak * primary, const RankedPeak * secondary,
    double power, uint64_t count, double *sel_peak)
{
  double dr = 0.0;

  *sel_peak = secondary->amplitude > 0.0 ? secondary->amplitude :
      primary->amplitude;
  if (*sel_peak > 0.0 && count > 0) {
    double loud = sqrt (power / (double) count);

    if (loud != 0.0) {
      dr = -20.0 * log10 (loud / *sel_peak);
      if (dr < 0.0) {
        /* the fallback: the DR comes from the highest peak, and so does
         * the peak reported as the one it was computed from */
        *sel_peak = primary->amplitude;
        dr = -20.0 * log10 (loud / *sel_peak);
        if (dr < 0.0)
          dr = 0.0;
      }
    }
  }
  return dr;
}

/* docs/algorithm.md section 4, with an optional pending window counted in.
 * Each rule is marked with the section (and bullet) it implements. */
static void
compute_channel (const DrmChannelState * st, const DrmWindow * pending,
    DrmChannelResult * out)
{
  RankedPeak primary = { st->primary_peak, st->primary_key };
  RankedPeak secondary = { st->secondary_peak, st->secondary_key };
  uint64_t windows = st->windows;
  double sum_rms2 = st->sum_rms2;
  int pending_bin = -1;
  uint64_t count;
  int loud_bin;
  double power, sel_peak, rms, dr;

  /* 2, "whatever is left is one more window"; 3, ranking and binning it */
  if (pending) {
    sum_rms2 += pending->rms2;
    windows++;
    rank_peak (&primary, &secondary, pending->peak);
    pending_bin = rms_bin (pending->rms2);
  }

  /* 4, "the channel RMS": over all windows, silent ones included */
  rms = windows > 0 ? sqrt (sum_rms2 / (double) windows) : 0.0;
  power = loud_power (st, pending_bin, windows, &count, &loud_bin);
  dr = dr_from_peaks (&primary, &secondary, power, count, &sel_peak);

  /* 4, "public values are rounded to binary32"; the peak is the primary
   * (the true sample peak); 5, dB values are f32 (20 log10 x) */
  out->dr64 = dr;
  out->dr = (float) dr;
  out->rms64 = rms;
  out->rms = (float) rms;
  out->peak = (float) primary.amplitude;
  out->peak_db = db32 (out->peak);
  out->rms_db = db32 (out->rms);
  out->windows = windows;
  out->primary_peak = primary.amplitude;
  out->primary_key = primary.key;
  out->secondary_peak = secondary.amplitude;
  out->secondary_key = secondary.key;
  out->rms_square_sum = sum_rms2;
  out->selected_peak = sel_peak;
  out->loud_windows = count;
  out->loud_bin = loud_bin;
}

void
drm_compute_track (const DrmMeter * m, const DrmWindow * pending,
    DrmTrackResult * r)
{
  drm_compute_result (m, m->channel, pending, m->frames, m->invalid, r);
}

void
drm_compute_result (const DrmMeter * m, const DrmChannelState * states,
    const DrmWindow * pending, uint64_t frames, uint64_t invalid,
    DrmTrackResult * r)
{
  unsigned nch = m->channels;
  double dr_sum = 0.0, weighted = 0.0, weights = 0.0, rms2_sum = 0.0;
  float peak = 0.0f;

  memset (r, 0, sizeof *r);
  r->rate = m->rate;
  r->channels = nch;
  r->frames = frames;
  r->invalid_samples = invalid;
  r->duration = (double) frames / (double) m->rate;

  for (unsigned c = 0; c < nch; c++) {
    DrmChannelResult *ch = &r->channel[c];

    compute_channel (&states[c], pending ? &pending[c] : NULL, ch);
    dr_sum += ch->dr64;
    weighted += ch->rms64 * ch->dr64;
    weights += ch->rms64;
    if (ch->peak > peak)
      peak = ch->peak;
    /* The public binary32 RMS, squared in binary32. */
    rms2_sum += (double) (float) (ch->rms * ch->rms);
  }
  r->windows = r->channel[0].windows;

  /* Silent channels (DR 0) and LFE count in the plain mean. */
  if (m->channel_weighting && nch > 2) {
    r->channel_weighted = 1;
    r->dr = weights > 0.0 ? (float) (weighted / weights) : 0.0f;
  } else {
    r->dr = (float) (dr_sum / (double) nch);
  }
  r->dr_displayed = drm_dr_displayed (r->dr);
  r->peak = peak;
  r->rms = sqrt (rms2_sum / (double) nch);
  r->peak_db = db32 (r->peak);
  r->rms_db = db32 (r->rms);
}

int
drm_dr_displayed (float dr)
{
  return (int) ((double) dr + 0.5);
}

double
drm_bin_db (int bin)
{
  return bin < 0 ? -INFINITY : (double) bin * 0.01 - 100.0;
}

double
drm_dr_boundary (float dr, int *hundredths)
{
  /* On the value as printed (two decimals): 12.45f is 12.4499998. A
   * binary32 times 100 is exact in binary64, so rounding it half to even
   * gives exactly the hundredths printf prints. */
  long long centi = llrint ((double) dr * 100.0);
  long long step;

  if (centi < 0)
    centi = 0;
  step = centi / 100 * 100 + 50;
  if (hundredths)
    *hundredths = (int) llabs (centi - step);
  return (double) step / 100.0;
}

int
drm_dr_near_boundary (float dr)
{
  int hundredths;

  drm_dr_boundary (dr, &hundredths);
  return hundredths <= 5;
}
