/* gst-drmeter: --check-logs, the measurement against the DR Meter logs
 * found in the albums' folders (docs/gst-drmeter.md).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_CHECKLOGS_H
#define DRMT_CHECKLOGS_H

#include <glib.h>
#include "album/album.h"

G_BEGIN_DECLS

/* One track line of a log, as tokens (UTF-8, spaces trimmed). */
typedef struct {
  gchar *name;                  /* the Track column: "01-Title", maybe cut */
  gchar *dr, *peak, *rms, *duration;    /* "DR12", "-0.10", "-12.04", "3:25" */
  /* per-channel columns that hold a value: "DR (FL)" -> "12.04 dB",
   * "RMS (FL)" -> "-12.04 dBFS"; empty when the log has none */
  GHashTable *columns;
} DrmtLogTrack;

/* One album of a log: from its header line to its closing rule. */
typedef struct {
  gchar *analyzed;              /* "Artist / Album" */
  gchar *official;              /* "DR12", NULL when missing */
  gboolean has_columns;         /* the per-channel columns are on */
  GPtrArray *tracks;            /* DrmtLogTrack* in log order */
} DrmtLogAlbum;

/* TRUE if @text (a file's first bytes) starts as a DR Meter log: its first
 * line, after a byte order mark, names "DR Meter v". */
gboolean drmt_log_is_log (const gchar * text, gsize len);
/* The albums of a log as foobar2000's DR Meter 1.0.8 (or gst-drmeter
 * --save) writes it: each album from its "Analyzed:" line, under a header
 * line of its own or one for several; UTF-8 with or without a byte order mark (else read
 * as Windows-1252), CRLF or LF line ends, one album or several. A new
 * array of DrmtLogAlbum*, empty when none is found. */
GPtrArray *drmt_log_parse (const gchar * text, gsize len);
void drmt_log_album_free (DrmtLogAlbum * a);

/* Compares @album's measurement (@sorted: its tracks in log order) with
 * the DR Meter logs of its folder (foo_dr.txt, or any text file that
 * starts as one), token by token: each track's DR, peak, RMS, duration
 * and per-channel values, and the Official DR value. Appends to @out one
 * line "<album>: <log>: N of M tracks identical, Official DR value
 * identical", then a line per difference. Appends nothing and returns
 * TRUE when the folder has no log (*@checked unchanged); FALSE on any
 * difference. */
gboolean drmt_check_logs_album (GString * out, const DrmtScannedAlbum * album,
    GPtrArray * sorted, gboolean length_weighting, guint * checked);

G_END_DECLS

#endif
