/* gst-drmeter: writing the DR tags of a file without ever harming it.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_TAGWRITE_H
#define DRMT_TAGWRITE_H

#include <glib.h>
#include "formats/formats.h"
#include "tagfile.h"
#include "album/album.h"

G_BEGIN_DECLS

/* The temporary files: "." + the file's name (cut to 200 bytes) + this +
 * six random characters, next to the file. Hidden, so no scan measures
 * them. */
#define DRMT_TAGWRITE_TEMP_MARK ".gst-drmeter-tmp-"

/* Replaces @path (a symbolic link: its target) by a tagged copy: copies
 * it to a temporary file in its folder, tags the copy (drmt_tagfile_write:
 * @v NULL removes the tags), checks that the copy reads back with exactly
 * the new tags and the original's audio bytes, that the original is still
 * the file of @measured, flushes the copy to disk and renames it over the
 * original, with its permissions (and owner). Any failure removes the
 * copy and leaves the original as it was: FALSE with *error set.
 * Call between drmt_tagwrite_begin() and drmt_tagwrite_end(). */
gboolean drmt_tagwrite_file (const gchar * path,
    const DrmtFileStamp * measured, DrmtContainer c, const DrmtDrValues * v,
    gchar ** error);

/* The write phase: SIGINT, SIGTERM and SIGHUP remove the temporary file
 * of the write under way, then end the process as they would have. */
void drmt_tagwrite_begin (void);
void drmt_tagwrite_end (void);

/* Removes the temporary files of earlier runs (killed with SIGKILL, or a
 * power cut) in @folder: only names of our pattern, regular files of
 * ours, that no running gst-drmeter holds locked. Returns how many. */
guint drmt_tagwrite_clean_folder (const gchar * folder);

G_END_DECLS

#endif
