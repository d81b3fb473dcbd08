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
/* Redraws: "[done/total] speed x  current file". @speed is measured audio
 * time over wall time, < 0 when not known yet. */
void drmt_progress_update (guint done, guint total, gdouble speed,
    const gchar * current);
/* Removes the line (before other output, and at the end). */
void drmt_progress_clear (void);

/* "gst-drmeter: <file>: <reason>" on stderr, above the progress line; the
 * pair is kept for drmt_errors(). */
void drmt_print_error (const gchar * file, const gchar * reason);
/* The same line, not kept (the caller calls drmt_record_error() later). */
void drmt_print_error_line (const gchar * file, const gchar * reason);
void drmt_record_error (const gchar * file, const gchar * reason);
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
