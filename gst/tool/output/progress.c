/* gst-drmeter: the progress line and the lines on stderr.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "progress.h"

static gboolean enabled;
static gboolean shown;

void
drmt_progress_init (gboolean want)
{
  enabled = want && isatty (STDERR_FILENO);
  shown = FALSE;
}

gboolean
drmt_progress_enabled (void)
{
  return enabled;
}

static guint
terminal_width (void)
{
  struct winsize ws;

  if (ioctl (STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
    return ws.ws_col;
  return 80;
}

gdouble
drmt_progress_eta (const DrmtProgress * p)
{
  gdouble done, left;

  if (p->done == 0 || p->elapsed < DRMT_ETA_AFTER)
    return -1;
  if (p->bytes_total > 0 && p->bytes_done > 0) {
    done = (gdouble) p->bytes_done;
    left = (gdouble) (p->bytes_total - MIN (p->bytes_done, p->bytes_total));
  } else {
    done = p->done;
    left = p->total - MIN (p->done, p->total);
  }
  return left * p->elapsed / done;
}

const gchar *
drmt_progress_format_eta (gdouble seconds, gchar * buf)
{
  guint64 s = (guint64) (seconds + 0.5);

  if (s >= 3600)
    g_snprintf (buf, 32, "ETA %" G_GUINT64_FORMAT ":%02u:%02u", s / 3600,
        (guint) (s / 60 % 60), (guint) (s % 60));
  else
    g_snprintf (buf, 32, "ETA %u:%02u", (guint) (s / 60), (guint) (s % 60));
  return buf;
}

void
drmt_progress_update (const DrmtProgress * p)
{
  const gchar *current = p->current;
  gdouble eta = drmt_progress_eta (p);
  gchar eta_text[32];
  GString *line;
  guint width, len;

  if (!enabled)
    return;
  line = g_string_new (NULL);
  g_string_append_printf (line, "%u/%u files", p->done, p->total);
  if (p->speed >= 0)
    g_string_append_printf (line, ", %.1fx real time", p->speed);
  if (eta >= 0)
    g_string_append_printf (line, ", %s",
        drmt_progress_format_eta (eta, eta_text));
  if (current) {
    g_string_append (line, ": ");
    g_string_append (line, current);
  }
  /* One terminal line: cut by characters, keeping the file name's end. */
  width = terminal_width () - 1;
  len = g_utf8_strlen (line->str, -1);
  if (len > width && current) {
    glong head = g_utf8_strlen (line->str, -1) - g_utf8_strlen (current, -1);
    glong keep = (glong) width - head - 3;

    if (keep > 0) {
      const gchar *tail = g_utf8_offset_to_pointer (current,
          g_utf8_strlen (current, -1) - keep);
      gchar *cut = g_strdup (tail);

      g_string_truncate (line, g_utf8_offset_to_pointer (line->str,
              head) - line->str);
      g_string_append (line, "...");
      g_string_append (line, cut);
      g_free (cut);
    }
  }
  if (g_utf8_strlen (line->str, -1) > width)
    g_string_truncate (line, g_utf8_offset_to_pointer (line->str,
            width) - line->str);
  fprintf (stderr, "\r%s\033[K", line->str);
  fflush (stderr);
  shown = TRUE;
  g_string_free (line, TRUE);
}

void
drmt_progress_clear (void)
{
  if (!enabled || !shown)
    return;
  fputs ("\r\033[K", stderr);
  fflush (stderr);
  shown = FALSE;
}

static GArray *errors;         /* DrmtError */

/* A reason may quote bytes of the file (a damaged WAV's chunk name) or a
 * library's message: control characters in it would split the one line
 * an error gets, so each is shown as '?', on standard error and in the
 * error list the JSON is written from alike. */
static gchar *
one_line (const gchar * text)
{
  gchar *line = g_strdup (text);

  for (gchar * c = line; *c; c++)
    if ((guchar) * c < 0x20 || *c == 0x7f)
      *c = '?';
  return line;
}

void
drmt_print_error_line (const gchar * file, const gchar * reason)
{
  gchar *line = one_line (reason);

  drmt_progress_clear ();
  fprintf (stderr, "gst-drmeter: %s: %s\n", file, line);
  fflush (stderr);
  g_free (line);
}

void
drmt_record_error (const gchar * file, const gchar * reason)
{
  /* as the line on standard error shows it, so that the two agree */
  DrmtError e = { g_strdup (file), one_line (reason) };

  g_array_append_val (drmt_errors (), e);
}

void
drmt_print_error (const gchar * file, const gchar * reason)
{
  drmt_print_error_line (file, reason);
  drmt_record_error (file, reason);
}

void
drmt_print_warning (const gchar * file, const gchar * text)
{
  gchar *line = one_line (text);

  drmt_progress_clear ();
  fprintf (stderr, "gst-drmeter: %s: warning: %s\n", file, line);
  fflush (stderr);
  g_free (line);
}

static void
error_clear (gpointer p)
{
  DrmtError *e = p;

  g_free (e->file);
  g_free (e->reason);
}

GArray *
drmt_errors (void)
{
  if (!errors) {
    errors = g_array_new (FALSE, FALSE, sizeof (DrmtError));
    g_array_set_clear_func (errors, error_clear);
  }
  return errors;
}

void
drmt_errors_free (void)
{
  g_clear_pointer (&errors, g_array_unref);
}

const gchar *
drmt_last_clause (const gchar * message)
{
  const gchar *last = NULL, *p;

  for (p = strstr (message, ": "); p; p = strstr (p + 1, ": "))
    last = p + 2;
  return last && *last ? last : message;
}
