/* gst-drmeter: the part of an MP4 file's audio track that is played (its
 * sample table, edit list or iTunSMPB), and the probe that lets qtdemux
 * deliver every packet of it.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_MP4EDIT_H
#define DRMT_MP4EDIT_H

#include <gst/gst.h>

G_BEGIN_DECLS

/* Bytes of the file that qtdemux is given changed (mp4edit.c says why). */
typedef struct {
  guint64 at;
  guint8 bytes[8];
  guint len;
} DrmtMp4Patch;

#define DRMT_MP4_MAX_PATCHES 4

typedef struct {
  guint32 timescale;            /* the track's units per second */
  guint64 media;                /* the sample table's length, in those */
  guint64 skip, length;         /* played: [skip, skip + length) */
  const gchar *source;          /* "edit list", "iTunSMPB", "sample table" */
  DrmtMp4Patch patch[DRMT_MP4_MAX_PATCHES];
  guint n_patches;
} DrmtMp4;

/* Reads the first sound track of the MP4/MOV file @path. FALSE when there
 * is none with a sample table (not MP4, fragmented, damaged), or when its
 * edit list is one the scanner does not apply (several pieces, a rate, an
 * empty edit): then qtdemux is left to itself. */
gboolean drmt_mp4_read (const gchar * path, DrmtMp4 * m);

/* TRUE when the MP4/MOV file @path has no movie box (moov) nor movie
 * fragment: cut before its sample table, which ffmpeg writes at the
 * end. decodebin loses qtdemux's error for such a file in about one run
 * in five (it arrives while decodebin sets qtdemux to PAUSED, when
 * decodebin holds back its children's errors), and the scan stalled. */
gboolean drmt_mp4_lacks_moov (const gchar * path);

/* Changes the bytes pulled through @pad (the source's) as m->patch says. */
void drmt_mp4_attach_patches (GstPad * pad, const DrmtMp4 * m);

G_END_DECLS

#endif
