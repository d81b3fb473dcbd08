/* gst-drmeter: reading CUE sheets (with libcue) into tracks of images.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_CUE_H
#define DRMT_CUE_H

#include <glib.h>
#include "album/album.h"

G_BEGIN_DECLS

/* CUE times count CD frames: 75 per second. */
#define DRMT_CUE_FPS 75

typedef struct {
  guint number;                 /* 1-based, in sheet order */
  gchar *title;                 /* UTF-8; NULL when the sheet has none */
  gchar *performer;             /* the track's, else the sheet's, or NULL */
  gchar *file;                  /* the FILE holding its INDEX 01, UTF-8 */
  gint64 start;                 /* INDEX 01 in CD frames of that file */
  gint64 end;                   /* the next track's INDEX 01 in the same
                                 * file; -1: the end of the file */
  gchar *error;                 /* why it cannot be measured, or NULL */
} DrmtCueTrack;

typedef struct {
  gchar *title;                 /* the sheet's TITLE, UTF-8, or NULL */
  gchar *performer;             /* the sheet's PERFORMER, or NULL */
  GPtrArray *tracks;            /* DrmtCueTrack*: the AUDIO tracks */
  GPtrArray *files;             /* gchar*: each FILE named, in order */
} DrmtCueSheet;

/* The text of a sheet as UTF-8, whatever it was written in: a UTF-8 BOM
 * is dropped, UTF-16 with a BOM is converted, and text that is not UTF-8
 * is read in the locale's code page or else as Windows-1252 (the code page
 * of most rippers), bytes that code page leaves undefined as U+FFFD.
 * Never fails. */
gchar *drmt_cue_text_to_utf8 (const gchar * data, gsize len);

/* Parses @text (UTF-8); NULL with *@error set ("line 3: syntax error")
 * when libcue cannot read it or it has no audio track. Each track's
 * problems (no INDEX 01, INDEXes out of order, POSTGAP) are in its
 * error field. */
DrmtCueSheet *drmt_cue_sheet_parse (const gchar * text, gchar ** error);
/* Reads and parses the sheet at @path (file system encoding). */
DrmtCueSheet *drmt_cue_sheet_load (const gchar * path, gchar ** error);
void drmt_cue_sheet_free (DrmtCueSheet * sheet);

/* The sample at CUE time @cd_frames: round-to-nearest of rate x t, as
 * foobar2000 converts times. */
guint64 drmt_cue_sample_of (gint64 cd_frames, guint rate);
/* "mm:ss:ff", as the sheet writes it. */
gchar *drmt_cue_time_string (gint64 cd_frames);

/* Gives @t the part, number and names of the sheet's track @ct. */
void drmt_cue_fill_track (DrmtScannedTrack * t, const DrmtCueSheet * cs,
    const DrmtCueTrack * ct);

G_END_DECLS

#endif
