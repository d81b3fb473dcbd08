/* gst-drmeter: per-window pictures of tracks (--plot DIR).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_PLOT_H
#define DRMT_PLOT_H

#include <gst/gst.h>
#include "album/track.h"
#include "drmeter-schema.h"

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

/* Appends the SVG picture of @t (measured, with windows) to @out. */
void drmt_plot_svg (GString * out, const DrmtScannedTrack * t, guint position);

typedef struct _DrmtPlotter DrmtPlotter;

/* Pictures go to @dir (created if needed); with @several_albums, each
 * album in a subfolder named after its folder. */
DrmtPlotter *drmt_plotter_new (const gchar * dir, gboolean several_albums);
/* Writes one SVG per measured track of @sorted and remembers the album for
 * the index. Errors are printed; returns FALSE if a file failed. */
gboolean drmt_plotter_album (DrmtPlotter * p, const DrmtScannedAlbum * album,
    GPtrArray * sorted, gboolean length_weighting);
/* The file of the first picture drmt_plotter_album() drew last (the
 * report page links to it), NULL before. */
const gchar *drmt_plotter_album_picture (DrmtPlotter * p);
/* Writes index.html and frees @p. Returns FALSE if it could not. */
gboolean drmt_plotter_finish (DrmtPlotter * p);

G_END_DECLS

#endif
