/* gst-drmeter: the album's "Official DR value" (docs/algorithm.md section 6).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include "drmeter.h"

void
drm_album_init (DrmAlbum * album, int length_weighting)
{
  if (!album)
    return;
  memset (album, 0, sizeof *album);
  album->length_weighting = length_weighting != 0;
}

void
drm_album_add_dr (DrmAlbum * album, float dr, double duration)
{
  if (!album)
    return;
  /* The binary32 track values, not the displayed integers; DR0 tracks
   * count like any other. */
  album->sum += (double) dr;
  album->weighted_sum += (double) dr * duration;
  album->duration += duration;
  album->tracks++;
}

void
drm_album_add (DrmAlbum * album, const DrmTrackResult * track)
{
  if (track)
    drm_album_add_dr (album, track->dr, track->duration);
}

float
drm_album_get_dr (const DrmAlbum * album)
{
  if (!album || album->tracks == 0)
    return 0.0f;
  /* Weighting by length needs some length; zero-length albums fall back
   * to the plain mean rather than dividing by zero. */
  if (album->length_weighting && album->duration > 0.0)
    return (float) (album->weighted_sum / album->duration);
  return (float) (album->sum / (double) album->tracks);
}

int
drm_album_get_dr_displayed (const DrmAlbum * album)
{
  return drm_dr_displayed (drm_album_get_dr (album));
}
