/* gst-drmeter: a track's windows, for --plot: what the meter posted for
 * each window, kept with the track (track.h) until the plot is drawn
 * (output/plot.c).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_WINDOWS_H
#define DRMT_WINDOWS_H

#include <glib.h>
#include "drmeter-schema.h"
#include "track.h"

G_BEGIN_DECLS

/* One track's windows, from the element's "drmeter-window" messages, and
 * the final report's window summary (post-windows). */
struct _DrmtWindows {
  guint channels;               /* 0 until the first window */
  guint64 count;
  GArray *start;                /* guint64 ns, per window */
  GArray *duration;             /* guint64 ns */
  GArray *rms;                  /* gdouble dBFS, count x channels */
  GArray *peak;                 /* gdouble dBFS, count x channels */
  GArray *bin;                  /* gint, count x channels */
  gboolean summary;             /* the fields below were reported */
  gint loud_bin[DRM_MAX_CHANNELS];
  guint64 loud_windows[DRM_MAX_CHANNELS];
  gdouble primary_peak[DRM_MAX_CHANNELS];       /* dBFS */
  gdouble selected_peak[DRM_MAX_CHANNELS];
};

DrmtWindows *drmt_windows_new (void);
void drmt_windows_free (DrmtWindows * w);
/* Adds a window read from a "drmeter-window" message; FALSE if it is not
 * one that follows on from the windows so far (then nothing is added). */
gboolean drmt_windows_add (DrmtWindows * w,
    const GstDrMeterParsedWindow * window);
/* Takes the window summary of the final "drmeter" report. */
gboolean drmt_windows_set_summary (DrmtWindows * w,
    const GstDrMeterParsedReport * report);

G_END_DECLS

#endif
