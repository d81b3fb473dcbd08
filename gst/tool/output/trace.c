/* gst-drmeter: a timeline of a scan, for the benchmarks.
 *
 * With DRMT_TRACE=FILE the scanner and every worker process append the
 * moments where a scan changes step to FILE: the walk, each job given to
 * a worker and taken by it, a file's plan of parts, the first and last
 * samples a job decoded, the parts combined, the albums written.
 * tests/bench/trace-report.py turns that into where the wall time went
 * and how long each core waited (docs/benchmarks.md). Each line carries
 * the system-wide monotonic clock, so that the processes' lines compare,
 * and the process's CPU time, so that each worker's busy time is known.
 * Unset, nothing is opened and a call is one test of a static variable.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include "trace.h"

/* -1: not looked yet; -2: off; else the file */
static gint trace_fd = -1;

static gint
trace_open (void)
{
  static gsize once;

  if (g_once_init_enter (&once)) {
    const gchar *path = g_getenv (DRMT_TRACE_ENV);
    gint fd = -2;

    if (path && *path) {
      fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0)
        fd = -2;
    }
    g_atomic_int_set (&trace_fd, fd);
    g_once_init_leave (&once, 1);
  }
  return g_atomic_int_get (&trace_fd);
}

gboolean
drmt_trace_enabled (void)
{
  return trace_open () >= 0;
}

static guint64
clock_ns (clockid_t id)
{
  struct timespec ts;

  if (clock_gettime (id, &ts) != 0)
    return 0;
  return (guint64) ts.tv_sec * G_GUINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

void
drmt_trace (const gchar * event, const gchar * fmt, ...)
{
  gchar line[512];
  gint n, fd = g_atomic_int_get (&trace_fd);

  if (fd == -2 || (fd == -1 && (fd = trace_open ()) < 0))
    return;
  n = g_snprintf (line, sizeof line, "%" G_GUINT64_FORMAT " %d %"
      G_GUINT64_FORMAT " %s", clock_ns (CLOCK_MONOTONIC), (int) getpid (),
      clock_ns (CLOCK_PROCESS_CPUTIME_ID), event);
  if (fmt && n < (gint) sizeof line - 2) {
    va_list ap;

    line[n++] = ' ';
    va_start (ap, fmt);
    n += g_vsnprintf (line + n, sizeof line - n, fmt, ap);
    va_end (ap);
  }
  n = MIN (n, (gint) sizeof line - 2);
  line[n++] = '\n';
  /* one write: O_APPEND keeps the lines of all processes whole */
  while (write (fd, line, n) < 0 && errno == EINTR);
}
