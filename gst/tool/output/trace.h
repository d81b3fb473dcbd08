/* gst-drmeter: a timeline of a scan, for the benchmarks (trace.c).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_TRACE_H
#define DRMT_TRACE_H

#include <glib.h>

G_BEGIN_DECLS

/* The environment variable that names the file the timeline is appended
 * to (unset: no timeline, and every call below costs one test). */
#define DRMT_TRACE_ENV "DRMT_TRACE"

/* TRUE when the timeline is written (DRMT_TRACE set). */
gboolean drmt_trace_enabled (void);
/* One line: "<monotonic ns> <pid> <process CPU ns> <event> <details>",
 * written with one write(2) so that the scanner's and its workers' lines
 * never mix. @event is one word; @fmt (may be NULL) printf-style details.
 * Safe from any thread. */
void drmt_trace (const gchar * event, const gchar * fmt, ...)
    G_GNUC_PRINTF (2, 3);

G_END_DECLS

#endif
