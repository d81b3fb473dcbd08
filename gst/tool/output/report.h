/* gst-drmeter: the DR log, in foobar2000 DR Meter's layout.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_REPORT_H
#define DRMT_REPORT_H

#include <glib.h>
#include "album/album.h"

G_BEGIN_DECLS

/* Appends the log of one album to @out, "\n" line ends (see
 * drmt_report_crlf()). @sorted: its measured tracks in log order, at least
 * one. @date: the "log date". */
void drmt_report_log (GString * out, const DrmtScannedAlbum * album,
    GPtrArray * sorted, gboolean length_weighting, GDateTime * date);

/* The column heading line and one track line, without line end (exposed
 * for tests). @labels: the album's column labels, n_labels of them. */
void drmt_report_heading (GString * out, const gint * labels, guint n_labels);
void drmt_report_track_line (GString * out, const DrmtScannedTrack * track,
    const gint * labels, guint n_labels);

/* The column labels that occur in @sorted, in column order; returns how
 * many (at most DRMT_N_LABELS). */
guint drmt_report_labels (GPtrArray * sorted, gint * labels);

/* The distinct values of the gint at @offset in the tracks of @sorted,
 * ascending, ", " between ("44100, 48000"): the log's and the JSON's
 * rate, channel and bit depth lists. */
void drmt_report_append_distinct (GString * out, GPtrArray * sorted,
    gsize offset);

/* The Track column is 35 characters: foobar2000 cuts a longer name to its
 * first 32 characters and "(\u2026)", counting characters, not bytes. */
#define DRMT_REPORT_TRACK_WIDTH 35

/* @s for a line of the log: each control character (C0, DEL, C1; a newline
 * would split the line) replaced by U+FFFD. Free with g_free. */
gchar *drmt_report_text (const gchar * s);
/* A track name as the Track column shows it: drmt_report_text(), then cut
 * to DRMT_REPORT_TRACK_WIDTH characters. The JSON keeps the full name. */
gchar *drmt_report_track_column (const gchar * name);

/* "\n" -> "\r\n", in place. */
void drmt_report_crlf (GString * text);

G_END_DECLS

#endif
