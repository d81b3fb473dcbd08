/* gst-drmeter: fuzz target for the DR engine.
 *
 * One input is one stream. Its first 12 bytes choose how the stream is
 * measured, the rest are the sample bytes:
 *
 *   byte 0      format: DrmFormat (value % 7)
 *   byte 1      channels: 1 + value % 64
 *   byte 2      bit 0 planar, bit 1 channel weighting, bit 2 interim results
 *               after every piece, bits 4..7: the samples are fed
 *               1 + value times in a row (longer streams, more windows)
 *   byte 3      rate kind (value % 4): 0 tiny (1..64 Hz, windows of a few
 *               frames), 1 a common rate (8 kHz .. 768 kHz), 2 1..2000 Hz,
 *               3 any 32-bit value (0 must be refused)
 *   bytes 4-7   rate value (little endian)
 *   bytes 8-11  piece sizes in frames, used in turn (0: an empty call)
 *   bytes 12-   samples, interleaved; planar streams read plane c from
 *               c * frames samples on
 *
 * Checks, aborting on the first failure:
 *   - every call succeeds (a zero rate is refused, never crashes);
 *   - the ORC path and the plain C reference give the same DrmTrackResult,
 *     byte for byte, at every interim point and at the end;
 *   - the stream fed in pieces gives the same bytes as in one piece;
 *   - planar and interleaved frames give the same bytes;
 *   - no result holds a NaN or +inf; dB values may be -inf (silence);
 *   - frame, window and invalid-sample counts are what was fed;
 *   - the recent result (the last 1 to 5 complete windows, chosen by the
 *     rate) is the same on both paths at every interim point, and at the
 *     end equals a fresh meter's result for those windows' frames.
 *
 * Built three ways: with clang -fsanitize=fuzzer (tests/fuzz/run-fuzz.sh),
 * and with -DDRM_FUZZ_REPLAY as a program that replays the files given on
 * its command line (the corpus, in the default test run).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "drmeter.h"

#define HEADER_SIZE 12

static const unsigned common_rates[] = {
  8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000,
  176400, 192000, 352800, 384000, 705600, 768000, 1
};

static const char *fuzz_input_name;

static void
fail (const char *what)
{
  fprintf (stderr, "fuzz-meter: %s%s%s\n", what,
      fuzz_input_name ? " in " : "", fuzz_input_name ? fuzz_input_name : "");
  abort ();
}

static uint32_t
read_le32 (const uint8_t * p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 |
      (uint32_t) p[3] << 24;
}

typedef struct {
  DrmFormat format;
  unsigned channels;
  unsigned rate;
  int planar;
  int weighting;
  int interim;
  unsigned repeats;
  uint8_t pieces[4];
  const uint8_t *samples;
  size_t frames;                /* frames in one repeat */
} Stream;

/* How a value may be infinite: never, -inf (dB of silence), or either
 * sign of a dB value and +inf for a linear one. The last is for float
 * streams far above full scale: the report RMS squares the binary32 channel
 * RMS in binary32 (docs/algorithm.md section 5; report RMS +inf above about
 * +385 dBFS) and a binary32 peak or RMS of samples near 2^128 rounds to
 * +inf, as in the reference. */
enum { FINITE, DB, WILD };

static void
check_value (double v, int kind, const char *what)
{
  if (isnan (v))
    fail (what);
  if (isinf (v) && kind == FINITE)
    fail (what);
  if (isinf (v) && kind == DB && v > 0)
    fail (what);
}

static void
check_result (const Stream * st, const DrmTrackResult * r, uint64_t frames)
{
  if (r->rate != st->rate || r->channels != st->channels)
    fail ("result: wrong rate or channels");
  if (r->frames != frames)
    fail ("result: wrong frame count");
  if (r->invalid_samples > frames * st->channels)
    fail ("result: more invalid samples than samples");
  int big = st->format == DRM_FORMAT_F32 || st->format == DRM_FORMAT_F64;
  int lin = big ? WILD : FINITE, db = big ? WILD : DB;

  check_value (r->dr, FINITE, "track dr");
  check_value (r->peak, lin, "track peak");
  check_value (r->rms, lin, "track rms");
  check_value (r->peak_db, db, "track peak_db");
  check_value (r->rms_db, db, "track rms_db");
  check_value (r->duration, FINITE, "track duration");
  if (r->peak < 0 || r->rms < 0 || r->dr < 0)
    fail ("track: negative dr, peak or rms");
  /* Integer samples are in [-1, 1]: peak at most 1, RMS at most sqrt(2). */
  if (!big && (r->peak > 1.0f || r->rms > 1.4142136 || r->peak_db > 0.0f))
    fail ("track: integer stream above full scale");
  if (r->dr_displayed != drm_dr_displayed (r->dr))
    fail ("track: dr_displayed");
  for (unsigned c = 0; c < st->channels; c++) {
    const DrmChannelResult *ch = &r->channel[c];

    check_value (ch->dr, FINITE, "channel dr");
    check_value (ch->peak, lin, "channel peak");
    check_value (ch->rms, lin, "channel rms");
    check_value (ch->peak_db, db, "channel peak_db");
    check_value (ch->rms_db, db, "channel rms_db");
    check_value (ch->dr64, FINITE, "channel dr64");
    check_value (ch->rms64, FINITE, "channel rms64");
    check_value (ch->primary_peak, FINITE, "channel primary_peak");
    check_value (ch->secondary_peak, FINITE, "channel secondary_peak");
    check_value (ch->rms_square_sum, FINITE, "channel rms_square_sum");
    if (ch->dr < 0 || ch->peak < 0 || ch->rms < 0)
      fail ("channel: negative dr, peak or rms");
    if (ch->windows != r->windows)
      fail ("channel: window count differs from the track's");
    if (ch->peak > r->peak)
      fail ("channel peak above the track peak");
  }
}

/* Sample i of the stream's interleaved frames (any repeat). */
static const uint8_t *
interleaved_frame (const Stream * st, size_t frame)
{
  size_t fb = st->channels * drm_format_sample_size (st->format);

  return st->samples + (frame % st->frames) * fb;
}

/* Feeds frames [from, from + n) of the stream, which never cross the end of
 * a repeat. @planar_buf holds the planar layout of one repeat. */
static void
feed (DrmMeter * m, const Stream * st, size_t from, size_t n, int planar,
    const uint8_t * planar_buf)
{
  size_t ss = drm_format_sample_size (st->format);
  int err;

  if (st->frames == 0) {
    /* No samples at all: empty calls must be fine too. */
    const void *planes[DRM_MAX_CHANNELS];

    for (unsigned c = 0; c < st->channels; c++)
      planes[c] = st->samples;
    err = planar ? drm_meter_add_planar (m, st->format, planes, 0) :
        drm_meter_add_interleaved (m, st->format, st->samples, 0);
  } else if (planar) {
    const void *planes[DRM_MAX_CHANNELS];
    size_t f = from % st->frames;

    for (unsigned c = 0; c < st->channels; c++)
      planes[c] = planar_buf + (c * st->frames + f) * ss;
    err = drm_meter_add_planar (m, st->format, planes, n);
  } else if (n == 0) {
    err = drm_meter_add_interleaved (m, st->format, st->samples, 0);
  } else {
    err = drm_meter_add_interleaved (m, st->format,
        interleaved_frame (st, from), n);
  }
  if (err != DRM_OK)
    fail ("add frames failed");
}

static DrmMeter *
new_meter (const Stream * st, unsigned flags)
{
  int err = DRM_OK;
  DrmMeter *m = drm_meter_new (st->rate, st->channels, flags, &err);

  if (!m || err != DRM_OK)
    fail ("drm_meter_new failed");
  if (drm_meter_get_rate (m) != st->rate
      || drm_meter_get_channels (m) != st->channels)
    fail ("meter: wrong rate or channels");
  drm_meter_set_channel_weighting (m, st->weighting);
  return m;
}

static void
get_result (DrmMeter * m, DrmTrackResult * r)
{
  /* Padding bytes compare too: start from the same bytes each time. */
  memset (r, 0, sizeof *r);
  if (drm_meter_get_result (m, r) != DRM_OK)
    fail ("drm_meter_get_result failed");
}

static void
finish (DrmMeter * m, DrmTrackResult * r)
{
  memset (r, 0, sizeof *r);
  if (drm_meter_finish (m, r) != DRM_OK)
    fail ("drm_meter_finish failed");
  if (drm_meter_get_frames (m) != 0)
    fail ("finish did not start a new track");
}

static void
same (const DrmTrackResult * a, const DrmTrackResult * b, const char *what)
{
  if (memcmp (a, b, sizeof *a) != 0)
    fail (what);
}

/* Feeds frames [from, to) of the repeated stream, interleaved. */
static void
feed_range (DrmMeter * m, const Stream * st, size_t from, size_t to)
{
  while (from < to) {
    size_t n = st->frames - from % st->frames;

    if (n > to - from)
      n = to - from;
    feed (m, st, from, n, 0, NULL);
    from += n;
  }
}

static void
get_recent (DrmMeter * m, DrmTrackResult * r)
{
  memset (r, 0, sizeof *r);
  if (drm_meter_get_recent_result (m, r) != DRM_OK)
    fail ("drm_meter_get_recent_result failed");
}

/* The recent result of @m, after @total frames, is a fresh meter's result
 * for the frames of its last @n complete windows. */
static void
check_recent (DrmMeter * m, const Stream * st, size_t total, unsigned n)
{
  static DrmTrackResult got, want;
  uint64_t w = drm_meter_get_window_frames (m);
  uint64_t complete = total / w, kept = complete < n ? complete : n;
  DrmMeter *fresh = new_meter (st, 0);

  get_recent (m, &got);
  if (got.windows != kept)
    fail ("recent result: window count");
  if (kept > 0)
    feed_range (fresh, st, (size_t) ((complete - kept) * w),
        (size_t) (complete * w));
  finish (fresh, &want);
  drm_meter_free (fresh);
  same (&got, &want, "recent result differs from a track of its windows");
}

static int
measure (const Stream * st)
{
  static DrmTrackResult ra, rb, whole, other;
  size_t ss = drm_format_sample_size (st->format);
  size_t total = st->frames * st->repeats;
  uint8_t *planar_buf = NULL;
  DrmMeter *orc, *ref, *one, *alt;
  unsigned recent = 1 + st->rate % 5;
  size_t pos = 0;
  unsigned piece = 0;
  int all_zero = !st->pieces[0] && !st->pieces[1] && !st->pieces[2]
      && !st->pieces[3];

  if (st->planar && st->frames > 0) {
    /* The same samples, one plane per channel. */
    planar_buf = malloc (st->frames * st->channels * ss);
    if (!planar_buf)
      return 0;
    for (size_t f = 0; f < st->frames; f++)
      for (unsigned c = 0; c < st->channels; c++)
        memcpy (planar_buf + (c * st->frames + f) * ss,
            st->samples + (f * st->channels + c) * ss, ss);
  }

  orc = new_meter (st, 0);
  ref = new_meter (st, DRM_FLAG_PLAIN_C);
  one = new_meter (st, DRM_FLAG_PLAIN_C);
  alt = new_meter (st, 0);
  if (drm_meter_set_recent (orc, recent) != DRM_OK
      || drm_meter_set_recent (ref, recent) != DRM_OK)
    fail ("drm_meter_set_recent failed");

  /* In pieces, on both paths, with interim results. */
  while (pos < total) {
    size_t n = all_zero ? total - pos : st->pieces[piece++ % 4];
    size_t left_in_repeat = st->frames - pos % st->frames;

    if (n > total - pos)
      n = total - pos;
    if (n > left_in_repeat)
      n = left_in_repeat;
    feed (orc, st, pos, n, st->planar, planar_buf);
    feed (ref, st, pos, n, st->planar, planar_buf);
    pos += n;
    if (drm_meter_get_frames (orc) != pos || drm_meter_get_frames (ref) != pos)
      fail ("frame count");
    if (st->interim) {
      get_result (orc, &ra);
      get_result (ref, &rb);
      same (&ra, &rb, "interim result: ORC differs from plain C");
      check_result (st, &ra, pos);
      get_recent (orc, &ra);
      get_recent (ref, &rb);
      same (&ra, &rb, "interim recent result: ORC differs from plain C");
    }
  }

  /* In one piece per repeat, plain C, and in the other layout on ORC. */
  for (unsigned k = 0; k < st->repeats; k++) {
    feed (one, st, k * st->frames, st->frames, st->planar, planar_buf);
    feed (alt, st, k * st->frames, st->frames, 0, NULL);
  }

  get_result (orc, &ra);
  get_result (ref, &rb);
  same (&ra, &rb, "result: ORC differs from plain C");
  check_result (st, &ra, total);
  check_recent (orc, st, total, recent);

  finish (orc, &ra);
  finish (ref, &rb);
  finish (one, &whole);
  finish (alt, &other);
  same (&ra, &rb, "final result: ORC differs from plain C");
  same (&ra, &whole, "final result: pieces differ from one piece");
  same (&ra, &other, "final result: planar differs from interleaved");
  check_result (st, &ra, total);
  if (ra.windows != (total == 0 ? 0 :
          (total - 1) / drm_meter_get_window_frames (orc) + 1))
    fail ("final result: window count");

  /* The next track starts empty. */
  get_result (orc, &ra);
  check_result (st, &ra, 0);
  if (ra.windows != 0 || ra.invalid_samples != 0)
    fail ("empty track: not empty");

  drm_meter_free (orc);
  drm_meter_free (ref);
  drm_meter_free (one);
  drm_meter_free (alt);
  free (planar_buf);
  return 0;
}

int LLVMFuzzerTestOneInput (const uint8_t * data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  Stream st;
  uint32_t rate_value;
  size_t fb;

  if (size < HEADER_SIZE)
    return 0;
  st.format = (DrmFormat) (data[0] % DRM_FORMAT_COUNT);
  st.channels = 1 + data[1] % DRM_MAX_CHANNELS;
  st.planar = data[2] & 1;
  st.weighting = (data[2] >> 1) & 1;
  st.interim = (data[2] >> 2) & 1;
  st.repeats = 1 + (data[2] >> 4);
  rate_value = read_le32 (data + 4);
  switch (data[3] % 4) {
    case 0:
      st.rate = 1 + rate_value % 64;
      break;
    case 1:
      st.rate = common_rates[rate_value % (sizeof common_rates /
              sizeof common_rates[0])];
      break;
    case 2:
      st.rate = 1 + rate_value % 2000;
      break;
    default:
      st.rate = rate_value;
      break;
  }
  memcpy (st.pieces, data + 8, 4);
  st.samples = data + HEADER_SIZE;
  fb = st.channels * drm_format_sample_size (st.format);
  st.frames = (size - HEADER_SIZE) / fb;
  if (st.frames == 0)
    st.repeats = 1;

  if (st.rate == 0) {
    int err = DRM_OK;

    if (drm_meter_new (0, st.channels, 0, &err) != NULL
        || err != DRM_ERROR_INVALID_ARGUMENT)
      fail ("a zero rate was not refused");
    return 0;
  }
  return measure (&st);
}

#ifdef DRM_FUZZ_REPLAY
/* Replays the inputs named on the command line (files or folders). */
#include <dirent.h>
#include <sys/stat.h>

static int replayed;

static void
replay_file (const char *path)
{
  FILE *f = fopen (path, "rb");
  uint8_t *buf = NULL;
  long size;

  if (!f || fseek (f, 0, SEEK_END) != 0 || (size = ftell (f)) < 0
      || fseek (f, 0, SEEK_SET) != 0) {
    fprintf (stderr, "fuzz-meter: cannot read %s\n", path);
    exit (1);
  }
  buf = malloc (size ? (size_t) size : 1);
  if (!buf || fread (buf, 1, (size_t) size, f) != (size_t) size) {
    fprintf (stderr, "fuzz-meter: cannot read %s\n", path);
    exit (1);
  }
  fclose (f);
  fuzz_input_name = path;
  LLVMFuzzerTestOneInput (buf, (size_t) size);
  fuzz_input_name = NULL;
  free (buf);
  replayed++;
}

static void
replay_path (const char *path)
{
  struct stat sb;

  if (stat (path, &sb) != 0) {
    fprintf (stderr, "fuzz-meter: no such input %s\n", path);
    exit (1);
  }
  if (S_ISDIR (sb.st_mode)) {
    struct dirent **names;
    int n = scandir (path, &names, NULL, alphasort);

    if (n < 0) {
      fprintf (stderr, "fuzz-meter: cannot list %s\n", path);
      exit (1);
    }
    for (int i = 0; i < n; i++) {
      if (names[i]->d_name[0] != '.') {
        size_t len = strlen (path) + strlen (names[i]->d_name) + 2;
        char *child = malloc (len);

        if (!child)
          exit (1);
        snprintf (child, len, "%s/%s", path, names[i]->d_name);
        replay_path (child);
        free (child);
      }
      free (names[i]);
    }
    free (names);
  } else {
    replay_file (path);
  }
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    replay_path (argv[i]);
  if (replayed == 0) {
    fprintf (stderr, "fuzz-meter: no inputs\n");
    return 1;
  }
  printf ("fuzz-meter: %d inputs replayed, all checks passed\n", replayed);
  return 0;
}
#endif
