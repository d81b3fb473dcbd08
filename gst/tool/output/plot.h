/* gst-drmeter: per-window pictures of tracks (--plot DIR).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_PLOT_H
#define DRMT_PLOT_H

#include <gst/gst.h>
#include "album/album.h"
#include "drmeter-schema.h"

G_BEGIN_DECLS

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
