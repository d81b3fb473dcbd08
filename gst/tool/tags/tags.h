/* gst-drmeter, step "write out": the door of tags/ (docs/architecture.md).
 *
 * The DR tags of a measured album's files: --write-tags, --dry-run,
 * --skip-tagged and --remove-tags (tagphase.c), written with TagLib
 * without ever harming a file (tagwrite.h).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_TAGS_H
#define DRMT_TAGS_H

#include <glib.h>
#include "album/album.h"
#include "tagfile.h"

G_BEGIN_DECLS

/* The values of DrmtScannedTrack.tag_status. */
#define DRMT_TAG_STATUS_WRITTEN "written"
#define DRMT_TAG_STATUS_UNCHANGED "unchanged"   /* had exactly these */
#define DRMT_TAG_STATUS_DRY_RUN "would-write"
#define DRMT_TAG_STATUS_FAILED "failed"
#define DRMT_TAG_STATUS_ALBUM_FAILED "album-incomplete"

/* After @album is measured (@sorted: its measured tracks in log order):
 * if every file was measured, writes each track's DR and the album's
 * Official DR value (or, with @dry_run, says on stderr what it would
 * write), else writes nothing and says so. A CUE sheet's image gets the
 * album's value and each track's as CUE_TRACKnn_DYNAMIC RANGE (tagfile.h).
 * Sets each measured track's tag_status; each file that cannot be
 * written gets an error line. */
void drmt_tags_album (DrmtScannedAlbum * album, GPtrArray * sorted,
    gboolean length_weighting, gboolean dry_run);

/* --skip-tagged: takes the albums whose every file carries both tags (an
 * image: the album's and each track's) out of @albums (which frees them)
 * and returns their folder names (UTF-8). The files are read in a child
 * process, so that a file that crashes TagLib is only measured. */
GPtrArray *drmt_tags_skip_tagged (GPtrArray * albums);

/* --remove-tags: removes both tags from every file of @albums that has
 * either (with @dry_run, says which). The files are read in a child
 * process first (a file that crashes TagLib gets an error line). Returns
 * the files that could not be changed (each got an error line). */
guint drmt_tags_remove (GPtrArray * albums, gboolean dry_run);

/* The line that ends a tag run, on stderr: "gst-drmeter: tags: 46
 * written, 3 unchanged, 0 failed" (files; an image is one), or for
 * --remove-tags how many had them removed. */
void drmt_tags_summary (gboolean remove, gboolean dry_run);

G_END_DECLS

#endif
