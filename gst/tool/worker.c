/* gst-drmeter: a measuring process, started by the scanner.
 *
 * A decoder that spins or crashes takes its process with it; measuring in
 * a process of its own keeps the scan alive (supervisor.c watches and, if
 * need be, kills this one). The worker runs the same pipeline code as ever
 * (scan.c), one job at a time, in its own main loop:
 *
 *   JOB -> PROGRESS (at once: the job is taken) -> PROGRESS ... -> RESULT
 *
 * A job that allows parts (DrmtScanOptions.parts > 1) is a long file the
 * scanner wants measured in parts at once: the probe of its length and
 * every part's pipeline run here (split.c), so a decoder that hangs or
 * crashes on any of them costs this process, never the scan.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <glib-unix.h>
#include "worker.h"
#include "scan.h"
#include "split.h"
#include "wire.h"

/* How often progress is reported while a file is measured. */
#define PROGRESS_INTERVAL_MS 100

/* GLib warnings and criticals while a file is measured (from streaming
 * threads too). A damaged file can make an element warn thousands of
 * times a second; the user gets one line instead: the file's error, or a
 * warning naming the first message. */
static GMutex log_lock;
static gboolean log_capture;
static gchar *log_first;
static guint log_count;

static void
on_log (const gchar * domain, GLogLevelFlags level, const gchar * message,
    gpointer user_data)
{
  gboolean kept = FALSE;

  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) {
    g_mutex_lock (&log_lock);
    if (log_capture) {
      if (!log_first)
        log_first = g_strdup_printf ("%s%s%s", domain ? domain : "",
            domain ? ": " : "", message ? message : "");
      log_count++;
      kept = TRUE;
    }
    g_mutex_unlock (&log_lock);
  }
  if (!kept)
    g_log_default_handler (domain, level, message, user_data);
}

static void
capture_logs (gboolean on)
{
  g_mutex_lock (&log_lock);
  log_capture = on;
  g_mutex_unlock (&log_lock);
}

/* Ends the capture; a measured track gets a warning for what it caught. */
static void
report_logs (DrmtScannedTrack * t)
{
  gchar *first;
  guint count;

  g_mutex_lock (&log_lock);
  log_capture = FALSE;
  first = log_first;
  count = log_count;
  log_first = NULL;
  log_count = 0;
  g_mutex_unlock (&log_lock);

  if (count > 0 && t->ok) {
    gchar *w = g_strdup_printf ("%s%sGStreamer warned %u time%s, first: %s",
        t->warning ? t->warning : "", t->warning ? "; " : "", count,
        count == 1 ? "" : "s", first);

    g_free (t->warning);
    t->warning = w;
  }
  g_free (first);
}

typedef struct {
  int fd;
  GMainLoop *loop;
  GByteArray *in;
  GByteArray *out;
  DrmtScannedTrack *track;
  DrmtScan *scan;
  DrmtSplit *split;             /* or the file in parts */
  guint tick;
  guint watch;
  guint64 sent_position;
  guint64 sent_bytes;
  int status;
} Worker;

static void
stop (Worker * w, int status)
{
  if (w->status == 0)
    w->status = status;
  g_main_loop_quit (w->loop);
}

/* Sends w->out whole (blocking; the scanner reads all the time). */
static void
flush_out (Worker * w)
{
  gsize done = 0;

  while (done < w->out->len) {
    ssize_t n = send (w->fd, w->out->data + done, w->out->len - done,
        MSG_NOSIGNAL);

    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      /* the scanner is gone: nobody wants the result */
      stop (w, 0);
      break;
    }
    done += n;
  }
  g_byte_array_set_size (w->out, 0);
}

static void
send_progress (Worker * w)
{
  guint64 position = w->split ? drmt_split_get_position (w->split) :
      drmt_scan_get_position (w->scan);
  guint64 bytes = w->split ? drmt_split_get_bytes (w->split) :
      drmt_scan_get_bytes (w->scan);

  if (position == w->sent_position && bytes == w->sent_bytes)
    return;
  w->sent_position = position;
  w->sent_bytes = bytes;
  drmt_wire_put_progress (w->out, position, bytes);
  flush_out (w);
}

static gboolean
on_tick (gpointer user_data)
{
  Worker *w = user_data;

  if (w->scan || w->split)
    send_progress (w);
  return G_SOURCE_CONTINUE;
}

/* The job is done (by @scan or @split): its result goes out. */
static void
job_done (Worker * w, DrmtScan * scan, DrmtSplit * split)
{
  g_clear_handle_id (&w->tick, g_source_remove);
  report_logs (w->track);
  drmt_wire_put_result (w->out, w->track);
  /* Free the pipelines before answering: if that hangs, this job (not the
   * next) is the one the scanner finds stalled. */
  drmt_scan_free (scan);
  drmt_split_free (split);
  w->scan = NULL;
  w->split = NULL;
  g_clear_pointer (&w->track, drmt_scanned_track_free);
  flush_out (w);
}

static void
on_scan_done (DrmtScan * scan, gpointer user_data)
{
  job_done (user_data, scan, NULL);
}

static void
on_split_done (DrmtSplit * split, gpointer user_data)
{
  job_done (user_data, NULL, split);
}

static void
start_job (Worker * w, const guint8 * p, gsize n)
{
  DrmtScanOptions opts = { 0 };
  guint parts = 1;

  if (w->scan || w->split) {
    g_printerr ("gst-drmeter: worker: a job while another runs\n");
    stop (w, 3);
    return;
  }
  w->track = g_new0 (DrmtScannedTrack, 1);
  if (!drmt_wire_get_job (p, n, w->track, &opts)) {
    g_printerr ("gst-drmeter: worker: a damaged job record\n");
    g_clear_pointer (&w->track, drmt_scanned_track_free);
    stop (w, 3);
    return;
  }
  /* taken: from here on, a death is this job's */
  drmt_wire_put_progress (w->out, 0, 0);
  flush_out (w);
  w->sent_position = 0;
  w->sent_bytes = 0;
  capture_logs (TRUE);
  if (opts.parts > 1)
    parts = drmt_split_parts_possible (w->track, opts.parts);
  if (parts > 1)
    w->split = drmt_split_start (w->track, &opts, parts, on_split_done, w);
  else
    w->scan = drmt_scan_start (w->track, &opts, on_scan_done, w);
  if ((w->scan || w->split) && !w->tick)
    w->tick = g_timeout_add (PROGRESS_INTERVAL_MS, on_tick, w);
}

static gboolean
on_input (gint fd, GIOCondition cond, gpointer user_data)
{
  Worker *w = user_data;
  guint8 buf[65536];
  ssize_t n;
  guint8 type;
  const guint8 *payload;
  gsize len;
  gint r;

  n = read (fd, buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return G_SOURCE_CONTINUE;
  if (n <= 0) {
    stop (w, 0);                /* the scanner closed: done */
    w->watch = 0;
    return G_SOURCE_REMOVE;
  }
  g_byte_array_append (w->in, buf, n);
  while ((r = drmt_wire_peek_frame (w->in, &type, &payload, &len)) == 1) {
    if (type == DRMT_WIRE_JOB)
      start_job (w, payload, len);
    else {
      g_printerr ("gst-drmeter: worker: an unknown record (%u)\n", type);
      stop (w, 3);
    }
    g_byte_array_remove_range (w->in, 0, DRMT_WIRE_HEADER_SIZE + len);
  }
  if (r < 0) {
    g_printerr ("gst-drmeter: worker: a damaged record\n");
    stop (w, 3);
    w->watch = 0;
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

int
drmt_worker_run (int fd, pid_t parent)
{
  Worker w = { 0 };

  /* Die with the scanner, whatever kills it; a Ctrl-C on the terminal is
   * the scanner's to handle (it ends the workers itself). */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    return 0;
  signal (SIGINT, SIG_IGN);
  /* not for the plugin scanner GStreamer may start */
  fcntl (fd, F_SETFD, FD_CLOEXEC);
  g_log_set_default_handler (on_log, NULL);

  w.fd = fd;
  w.loop = g_main_loop_new (NULL, FALSE);
  w.in = g_byte_array_new ();
  w.out = g_byte_array_new ();
  w.watch = g_unix_fd_add (fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_input, &w);
  g_main_loop_run (w.loop);

  g_clear_handle_id (&w.watch, g_source_remove);
  g_clear_handle_id (&w.tick, g_source_remove);
  drmt_scan_free (w.scan);
  drmt_split_free (w.split);
  drmt_scanned_track_free (w.track);
  g_byte_array_unref (w.in);
  g_byte_array_unref (w.out);
  g_main_loop_unref (w.loop);
  close (fd);
  return w.status;
}
