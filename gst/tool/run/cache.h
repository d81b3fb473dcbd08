/* gst-drmeter: the result cache, an SQLite file of measured tracks
 * (docs/cache.md).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_CACHE_H
#define DRMT_CACHE_H

#include <glib.h>
#include "measure/measure.h"
#include "album/album.h"

G_BEGIN_DECLS

typedef struct _DrmtCache DrmtCache;

/* The cache file used without --cache: $GST_DRMETER_CACHE when set ("off":
 * none, NULL returned), else results.sqlite in gst-drmeter's folder of the
 * XDG cache folder ($XDG_CACHE_HOME, or ~/.cache). */
gchar *drmt_cache_default_path (void);

/* Opens (or creates, with its folder) the cache at @path for scans with
 * @opts. A file that is not a gst-drmeter cache, or is damaged, is renamed
 * aside with one warning and a new cache begins. NULL, after one warning,
 * when no cache can be used here (the scan then measures everything). */
DrmtCache *drmt_cache_open (const gchar * path, const DrmtScanOptions * opts);
void drmt_cache_close (DrmtCache * c);

/* If the cache holds the result of @t (not yet measured: a file, or an
 * image's first track with the image's other tracks) for this very file
 * (path, device, inode, size, modification time) and settings, fills @t
 * with it exactly as a worker's result would, marks it done and returns
 * TRUE. */
gboolean drmt_cache_take (DrmtCache * c, DrmtScannedTrack * t);
/* Keeps the result of @t, just measured, if it and every track of its
 * image were measured and the file is still the one walked. */
void drmt_cache_keep (DrmtCache * c, const DrmtScannedTrack * t);
/* One row per album for queries (docs/cache.md): @dr its Official DR. */
void drmt_cache_keep_album (DrmtCache * c, const DrmtScannedAlbum * album,
    GPtrArray * sorted, gint dr, gboolean length_weighting);

/* Copies the results of the cache file @from (made on another machine, or
 * by another scan) into @c. A result is taken for a file that is here, at
 * the same path with the same size and modification time (its device and
 * inode are this machine's own); FALSE, after a message, when @from
 * cannot be read. *@taken and *@stale count the results copied and those
 * left out (a file missing or changed here). */
gboolean drmt_cache_merge (DrmtCache * c, const gchar * from, guint * taken,
    guint * stale);

/* Results taken from the cache and kept in it during this run. */
void drmt_cache_get_counts (DrmtCache * c, guint * taken, guint * kept);

G_END_DECLS

#endif
