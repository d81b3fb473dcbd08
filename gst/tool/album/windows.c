/* gst-drmeter: a track's windows, from the element's "drmeter-window"
 * messages and its final report's window summary (--plot).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include "album.h"

DrmtWindows *
drmt_windows_new (void)
{
  DrmtWindows *w = g_new0 (DrmtWindows, 1);

  w->start = g_array_new (FALSE, FALSE, sizeof (guint64));
  w->duration = g_array_new (FALSE, FALSE, sizeof (guint64));
  w->rms = g_array_new (FALSE, FALSE, sizeof (gdouble));
  w->peak = g_array_new (FALSE, FALSE, sizeof (gdouble));
  w->bin = g_array_new (FALSE, FALSE, sizeof (gint));
  return w;
}

void
drmt_windows_free (DrmtWindows * w)
{
  if (!w)
    return;
  g_array_unref (w->start);
  g_array_unref (w->duration);
  g_array_unref (w->rms);
  g_array_unref (w->peak);
  g_array_unref (w->bin);
  g_free (w);
}

/* The element never posts NaN; a plot would not survive one. */
static gdouble
db_or_floor (gdouble v)
{
  return isnan (v) ? -INFINITY : v;
}

gboolean
drmt_windows_add (DrmtWindows * w, const GstDrMeterParsedWindow * window)
{
  guint n = window->channels;

  if (window->index != w->count || (w->channels && n != w->channels))
    return FALSE;
  w->channels = n;
  g_array_append_val (w->start, window->start);
  g_array_append_val (w->duration, window->duration);
  for (guint c = 0; c < n; c++) {
    gdouble r = db_or_floor (window->rms[c]);
    gdouble p = db_or_floor (window->peak[c]);

    g_array_append_val (w->rms, r);
    g_array_append_val (w->peak, p);
    g_array_append_val (w->bin, window->rms_bin[c]);
  }
  w->count++;
  return TRUE;
}

gboolean
drmt_windows_set_summary (DrmtWindows * w,
    const GstDrMeterParsedReport * report)
{
  guint n = w->channels;

  w->summary = n > 0 && report->has_window_summary
      && (guint) report->channels == n;
  for (guint c = 0; w->summary && c < n; c++) {
    const GstDrMeterParsedChannel *ch = &report->channel[c];

    w->loud_bin[c] = ch->loud_bin;
    w->loud_windows[c] = ch->loud_windows;
    w->primary_peak[c] = db_or_floor (ch->primary_peak);
    w->selected_peak[c] = db_or_floor (ch->selected_peak);
  }
  return w->summary;
}
