/* gst-drmeter: the two DR tags of one file, read and written with TagLib
 * (tagfile.cpp: TagLib's C binding reaches no custom field).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_TAGFILE_H
#define DRMT_TAGFILE_H

#include <glib.h>
#include "formats/container.h"

G_BEGIN_DECLS

/* foobar2000 DR Meter's field names, the bare integer as value. */
#define DRMT_TAG_DR "DYNAMIC RANGE"
#define DRMT_TAG_ALBUM_DR "ALBUM DYNAMIC RANGE"

typedef struct {
  gint dr, album_dr;            /* the first value; -1 absent, -2 no number */
  guint n_dr, n_album_dr;       /* how many values (fields, frames) */
} DrmtDrTags;

/* Reads the two tags of @path, a @c file (names compared ignoring case:
 * Vorbis comments, TXXX descriptions, MP4 and APE keys). FALSE with
 * *error set when TagLib cannot read the file as @c. */
gboolean drmt_tagfile_read (const gchar * path, DrmtContainer c,
    DrmtDrTags * tags, gchar ** error);

/* Replaces every DR tag of @path by one DYNAMIC RANGE = @dr and one
 * ALBUM DYNAMIC RANGE = @album_dr, in place, leaving every other tag;
 * with @dr < 0 removes them. FALSE with *error when TagLib cannot. The
 * caller works on a copy (tagwrite.h): TagLib rewrites files in place. */
gboolean drmt_tagfile_write (const gchar * path, DrmtContainer c, gint dr,
    gint album_dr, gchar ** error);

G_END_DECLS

#endif
