/* gst-drmeter, step "discover": the door of discover/
 * (docs/architecture.md).
 *
 * From the command line's paths to albums: drmt_walk() hands on a
 * GPtrArray of DrmtScannedAlbum (album/album.h), nothing measured yet;
 * CUE sheets (cue.h) become the tracks of their images.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_DISCOVER_H
#define DRMT_DISCOVER_H

#include <glib.h>
#include "album/album.h"
#include "cue.h"
#include "filesfrom.h"

G_BEGIN_DECLS

/* Files and folders (recursively, symbolic links followed, each folder and
 * file once, hidden names skipped) to albums in listing order: a folder's
 * own files first, then its subfolders, names in natural order. Folders
 * are searched for audio and video files by name (or for every file with
 * @all_files); files named on the command line are always measured.
 * Problems are printed with drmt_print_error() and counted in *n_errors.
 * Returns DrmtScannedAlbum*, owned. */
GPtrArray *drmt_walk (gchar ** paths, gboolean all_files, guint * n_errors);

/* The same; with @whole_albums, a file named without the rest of its
 * album (its folder's other files, or those of its disc folders: the
 * grouping of the log) brings the rest, with a line on stderr saying so:
 * --write-tags writes an album value only of whole albums. */
GPtrArray *drmt_walk_albums (gchar ** paths, gboolean all_files,
    gboolean whole_albums, guint * n_errors);

/* Takes the file @path (the --output file) out of @albums, wherever the
 * walk found it; albums left empty go too. */
void drmt_walk_leave_out (GPtrArray * albums, const gchar * path);

/* TRUE for the name of a disc folder: "CD1", "CD 2", "Disc 1 - Title",
 * "disk_02" (case-insensitive). */
gboolean drmt_walk_is_disc_folder (const gchar * name);

/* TRUE when the name looks like audio or video. */
gboolean drmt_walk_is_media_name (const gchar * name);

G_END_DECLS

#endif
