/* gst-drmeter: the progress line and the lines on stderr.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_PROGRESS_H
#define DRMT_PROGRESS_H

#include <glib.h>

G_BEGIN_DECLS

/* Shows the live line only if @enabled and stderr is a terminal. */
void drmt_progress_init (gboolean enabled);
gboolean drmt_progress_enabled (void);
/* What the progress line shows. */
typedef struct {
  guint done, total;            /* files */
  guint64 bytes_done, bytes_total;      /* sizes of the files done, of all */
  gdouble speed;                /* audio time over wall time, < 0: unknown */
  gdouble elapsed;              /* seconds since the scan started */
  const gchar *current;         /* a file being measured, or NULL */
} DrmtProgress;

/* Redraws: "done/total files, speed x real time, ETA m:ss: current file". */
void drmt_progress_update (const DrmtProgress * p);
/* Seconds still to go, from the bytes done so far over the time they took
 * (from the files when the sizes are unknown); < 0 until a file is done and
 * the scan has run for DRMT_ETA_AFTER seconds, so that short scans show
 * none and long ones an estimate that has settled. */
#define DRMT_ETA_AFTER 5.0
gdouble drmt_progress_eta (const DrmtProgress * p);
/* "ETA 1:05", "ETA 2:03:04"; @buf of at least 32 bytes. */
const gchar *drmt_progress_format_eta (gdouble seconds, gchar * buf);
/* Removes the line (before other output, and at the end). */
void drmt_progress_clear (void);

/* "gst-drmeter: <file>: <reason>" on stderr, above the progress line; the
 * pair is kept for drmt_errors(). */
void drmt_print_error (const gchar * file, const gchar * reason);
/* The same line, not kept (the caller calls drmt_record_error() later). */
void drmt_print_error_line (const gchar * file, const gchar * reason);
void drmt_record_error (const gchar * file, const gchar * reason);
/* The part of a GLib message after its last ": " ("Failed to create file
 * “…”: Permission denied" -> "Permission denied"); all of it when there is
 * no such part or nothing follows it. */
const gchar *drmt_last_clause (const gchar * message);
/* "gst-drmeter: <file>: warning: <text>" (not an error). */
void drmt_print_warning (const gchar * file, const gchar * text);
/* One file that could not be measured (or written): both UTF-8. */
typedef struct {
  gchar *file;
  gchar *reason;
} DrmtError;

/* Every error kept so far, in order: DrmtError. */
GArray *drmt_errors (void);
void drmt_errors_free (void);

G_END_DECLS

#endif
