/* gst-drmeter: the parts of a long file, as the scanner checks them.
 *
 * Each part comes from a worker process of its own, so the scanner
 * trusts none of what they say: the part's bytes are read back with the
 * engine's own strict reader, and must be exactly the range the part was
 * given, and neighbours must have decoded the same samples where they
 * meet. Anything else sends the file back to a one-pass measurement.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "partjob.h"

guint64
drmt_part_plan_next (const DrmtPartPlan * plan, guint index, guint64 cut_at,
    guint64 running_left, guint decoders)
{
  guint64 w = plan->window_frames, least = MAX (plan->min_frames, w);
  guint64 left = plan->frames > cut_at ? plan->frames - cut_at : 0;
  guint64 share;

  if (w == 0 || index + 1 >= DRMT_PART_MAX_PARTS || left < 2 * least)
    return 0;
  /* (tests: DRMT_SPLIT_PART_SECONDS makes every part the shortest) */
  if (g_getenv (DRMT_SPLIT_PART_SECONDS_ENV))
    return least;
  share = (left + running_left) / MAX (decoders, 1);
  /* Never more than half of what is left: how fast a part goes depends
   * on the music in it (a quarter of a file can take a quarter longer
   * than another), so the last parts get shorter and shorter, down to
   * the shortest, and whoever is free takes the next. */
  share = MIN (share, left / 2) / w * w;
  share = MAX (share, least);
  /* what would be left after it is not worth a part: all of it */
  return share + least > left ? 0 : share;
}

DrmtPartResult *
drmt_part_result_new_doubt (guint index, const gchar * why)
{
  DrmtPartResult *r = g_new0 (DrmtPartResult, 1);

  r->index = index;
  r->doubt = g_strdup (why);
  return r;
}

void
drmt_part_result_free (DrmtPartResult * r)
{
  if (!r)
    return;
  g_free (r->doubt);
  if (r->part)
    g_bytes_unref (r->part);
  g_free (r);
}

/* One part on its own: measured, its bytes what it says, its range. */
static const gchar *
check_one (const DrmtScanPart * ranges, guint n, guint i,
    const DrmtPartResult * r)
{
  const DrmtPartFacts *f;
  DrmtScanPart range;
  DrmPart *part;
  gsize size;
  gconstpointer data;
  const gchar *why = NULL;

  if (!r || r->doubt || !r->part || r->index != i)
    return r && r->doubt ? r->doubt : "a part was not measured";
  f = &r->facts;
  range = ranges[i];
  /* parts follow on from each other; only the last runs to the end */
  if ((i + 1 < n) != (range.frames > 0) || (i + 1 < n
          && ranges[i + 1].first != range.first + range.frames))
    return "the parts were not cut one after the other";
  data = g_bytes_get_data (r->part, &size);
  part = drm_part_deserialize (data, size, NULL);
  if (!part)
    return "a part's measurement is damaged";
  if (drm_part_get_first_frame (part) != range.first || f->first != range.first)
    why = "a part does not start where it was asked to";
  else if (drm_part_get_frames (part) != f->frames)
    why = "a part's measurement does not match its frame count";
  else if (range.frames > 0 && (f->frames != range.frames || f->to_end))
    why = "a part did not get the frames it was asked for";
  else if (range.frames == 0 && (!f->to_end || f->frames == 0))
    why = "the last part did not reach the end of the stream";
  else if (f->decoded_first > (range.first > DRMT_PART_GUARD_FRAMES ?
          range.first - DRMT_PART_GUARD_FRAMES : 0))
    why = "a part's decoder started after its guard frames";
  /* (a part of another rate or channel count is refused by the engine
   * when the head job combines them) */
  drm_part_free (part);
  return why;
}

const gchar *
drmt_part_results_check (const DrmtScanPart * ranges, guint n,
    DrmtPartResult * const *results)
{
  if (n < 2 || ranges[0].first != 0)
    return "not a plan of parts";
  for (guint i = 0; i < n; i++) {
    const gchar *why = check_one (ranges, n, i, results[i]);

    if (why)
      return why;
    if (i > 0 && results[i]->facts.head_hash
        != results[i - 1]->facts.tail_hash)
      return "two parts decoded different samples at their cut";
  }
  if (g_strcmp0 (g_getenv ("DRMT_SPLIT_DEBUG"), "disagree") == 0)
    return "two parts decoded different samples at their cut (test)";
  return NULL;
}
