/* gst-drmeter: a file's names and DR tags, read and written with TagLib
 * (tagfile.cpp: TagLib's C binding reaches no custom field).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_TAGFILE_H
#define DRMT_TAGFILE_H

#include <glib.h>
#include "formats/formats.h"

G_BEGIN_DECLS

/* foobar2000 DR Meter's field names, the bare integer as value. */
#define DRMT_TAG_DR "DYNAMIC RANGE"
#define DRMT_TAG_ALBUM_DR "ALBUM DYNAMIC RANGE"
/* A track of an image with an embedded sheet keeps its own fields as
 * CUE_TRACKnn_<FIELD> (nn: its TRACK number modulo 100, two digits), the
 * way foobar2000's SDK (helpers/cue_parser_embedding.cpp) and CUETools
 * store them; fields without the prefix are every track's. */
#define DRMT_TAG_CUE_PREFIX "CUE_TRACK"
#define DRMT_TAG_CUE_TRACKS 100

/* Every DR tag of a file. Values: -1 absent, -2 not a number. */
typedef struct {
  gint dr, album_dr;            /* the first value of each */
  guint n_dr, n_album_dr;       /* how many values (fields, frames) */
  gint16 cue_dr[DRMT_TAG_CUE_TRACKS];   /* CUE_TRACKnn_DYNAMIC RANGE */
  guint8 n_cue_dr[DRMT_TAG_CUE_TRACKS];
  guint n_cue;                  /* CUE_TRACKnn_DYNAMIC RANGE values in all */
  gboolean misplaced;           /* in a WAV "ID3 " chunk (container.h) */
} DrmtDrTags;

/* What a file's names and DR tags are, by TagLib. */
typedef struct {
  gchar *title, *artist, *album, *album_artist, *year;  /* UTF-8 or NULL */
  guint track_number, disc_number;      /* 0: absent */
  DrmtDrTags dr;
} DrmtFileTags;

/* Reads @path with TagLib, whatever format TagLib knows it as (the
 * container's own tag block where gst-drmeter writes its tags, so that
 * what is written is what is read). FALSE when TagLib knows no such
 * file: then @tags holds nothing. Free with drmt_file_tags_clear(). */
gboolean drmt_tagfile_read_all (const gchar * path, DrmtFileTags * tags);
void drmt_file_tags_clear (DrmtFileTags * tags);

/* The DR tags of @path, a @c file (names compared ignoring case:
 * Vorbis comments, TXXX descriptions, MP4 and APE keys). FALSE with
 * *error set when TagLib cannot read the file as @c. */
gboolean drmt_tagfile_read (const gchar * path, DrmtContainer c,
    DrmtDrTags * tags, gchar ** error);

/* The values to write: the file's DYNAMIC RANGE (-1: none, as for an
 * image) and ALBUM DYNAMIC RANGE, and each image track's. */
typedef struct {
  gint dr, album_dr;
  gint cue_dr[DRMT_TAG_CUE_TRACKS];     /* -1: none */
} DrmtDrValues;

/* @v with no value at all. */
void drmt_dr_values_init (DrmtDrValues * v);

/* TRUE when @have holds exactly @want (@want NULL: no DR tag at all). */
gboolean drmt_dr_tags_match (const DrmtDrTags * have,
    const DrmtDrValues * want);

/* Replaces every DR tag of @path (also every CUE_TRACKnn_DYNAMIC RANGE)
 * by the values of @v, one field each, in place, leaving every other tag;
 * @v NULL removes them. FALSE with *error when TagLib cannot. The caller
 * works on a copy (tagwrite.h): TagLib rewrites files in place. */
gboolean drmt_tagfile_write (const gchar * path, DrmtContainer c,
    const DrmtDrValues * v, gchar ** error);

G_END_DECLS

#endif
