/* Measure a signal with the gst-drmeter engine and print the report's
 * tokens. Build, with libdrmeter installed:
 *   cc core-api.c -o core-api $(pkg-config --cflags --libs drmeter) -lm
 * The test suite builds and runs this file (tests/install, tests/core). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <drmeter.h>

int
main (void)
{
  const unsigned rate = 44100, channels = 2;
  const size_t frames = 10 * rate;      /* 10 s */
  float *pcm = malloc (frames * channels * sizeof *pcm);
  char dr[DRM_TOKEN_SIZE], pk[DRM_TOKEN_SIZE], rms[DRM_TOKEN_SIZE],
      len[DRM_TOKEN_SIZE], ch[DRM_TOKEN_SIZE];
  DrmTrackResult *r = malloc (sizeof *r);
  DrmAlbum album;
  int err;
  DrmMeter *meter = drm_meter_new (rate, channels, DRM_FLAG_NONE, &err);

  if (!meter || !pcm || !r) {
    fprintf (stderr, "cannot start: %s\n", drm_error_string (err));
    return 1;
  }
  /* A quiet 440 Hz tone with a loud click every half second. */
  for (size_t f = 0; f < frames; f++) {
    double x = 0.1 * sin (2 * M_PI * 440 * f / rate);
    if (f % (rate / 2) == 0)
      x = 0.9;
    for (unsigned c = 0; c < channels; c++)
      pcm[f * channels + c] = (float) (c ? x * 0.5 : x);
  }

  /* Feed it in pieces of any size: the result does not depend on them. */
  for (size_t done = 0; done < frames; done += 1000) {
    size_t n = frames - done < 1000 ? frames - done : 1000;
    drm_meter_add_frames_f32 (meter, pcm + done * channels, n);
    if (done == 220000) {
      /* A snapshot mid-stream, as a live monitor would read it. */
      drm_meter_get_result (meter, r);
      printf ("after 5 s: %s\n", drm_format_dr (r->dr_displayed, dr));
    }
  }

  drm_meter_finish (meter, r);          /* ends the track */
  printf ("%s  peak %s dBFS  RMS %s dBFS  %s\n",
      drm_format_dr (r->dr_displayed, dr), drm_format_db (r->peak_db, pk),
      drm_format_db (r->rms_db, rms),
      drm_format_duration (r->frames, r->rate, len));
  for (unsigned c = 0; c < r->channels; c++)
    printf ("  channel %u: DR %s dB\n", c,
        drm_format_db (r->channel[c].dr, ch));

  drm_album_init (&album, 0);
  drm_album_add (&album, r);
  printf ("album: DR%d (%.2f)\n", drm_album_get_dr_displayed (&album),
      drm_album_get_dr (&album));

  drm_meter_free (meter);
  free (r);
  free (pcm);
  return 0;
}
