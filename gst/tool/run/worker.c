/* gst-drmeter: a measuring process, started by the scanner.
 *
 * A decoder that spins or crashes takes its process with it; measuring in
 * a process of its own keeps the scan alive (supervisor.c watches and, if
 * need be, kills this one). The worker runs the same pipeline code as ever
 * (scan.c), one job at a time, in its own main loop:
 *
 *   JOB -> PROGRESS (at once: the job is taken) -> PROGRESS ... -> RESULT
 *
 * A long file is measured in parts, each a job of its own, so that -j
 * workers keep -j cores busy (split.c, partjob.h):
 *
 *   JOB allowing parts -> PROGRESS -> PLAN (the one probe of the file)
 *     -> [1 part: the one-pass scan as above, RESULT]
 *     -> PROGRESS ... -> PART_RESULT (part 0): the job is over, but its
 *        paused pipeline is kept (the head), while other jobs come
 *   PART_JOB -> PROGRESS ... -> PART_RESULT
 *   PARTS (from the scanner: every part, checked) -> RESULT of the head
 *     (or PARTS with none: the head is let go, the scanner measures the
 *     file elsewhere)
 *
 * A decoder that hangs or crashes on a probe or a part costs this process
 * and that part; the scanner then measures the file again in one pass.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <glib-unix.h>
#include "worker.h"
#include "measure/measure.h"
#include "output/output.h"
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

/* While a file is measured, warnings are caught and standard error is
 * quiet (a decoder library's own lines, quirks.c). */
static void
capture_logs (gboolean on)
{
  g_mutex_lock (&log_lock);
  log_capture = on;
  g_mutex_unlock (&log_lock);
  drmt_quirks_stderr_quiet (on);
}

/* Ends the capture; a measured track gets a warning for what it caught
 * (NULL: forgotten). */
static void
report_logs (DrmtScannedTrack * t)
{
  gchar *first;
  guint count;

  drmt_quirks_stderr_quiet (FALSE);
  g_mutex_lock (&log_lock);
  log_capture = FALSE;
  first = log_first;
  count = log_count;
  log_first = NULL;
  log_count = 0;
  g_mutex_unlock (&log_lock);

  if (count > 0 && t && t->ok) {
    gchar *w = g_strdup_printf ("%s%sGStreamer warned %u time%s, first: %s",
        t->warning ? t->warning : "", t->warning ? "; " : "", count,
        count == 1 ? "" : "s", first);

    g_free (t->warning);
    t->warning = w;
  }
  g_free (first);
}

/* GLib warnings or criticals caught so far in this job. */
static guint
logs_caught (void)
{
  guint count;

  g_mutex_lock (&log_lock);
  count = log_count;
  g_mutex_unlock (&log_lock);
  return count;
}

typedef struct {
  int fd;
  GMainLoop *loop;
  GByteArray *in;
  GByteArray *out;
  DrmtScannedTrack *track;
  DrmtScan *scan;
  DrmtScanOptions opts;
  gboolean in_part;             /* scan measures part part_index */
  guint part_index;
  /* the head part's scan, paused once its part is sent, to combine the
   * parts when PARTS comes */
  DrmtScan *head;
  DrmtScannedTrack *head_track;
  DrmtScanOptions head_opts;
  gboolean combining;           /* the head scan fills head_track */
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
  guint64 position = drmt_scan_get_position (w->scan);
  guint64 bytes = drmt_scan_get_bytes (w->scan);

  if (position == w->sent_position && bytes == w->sent_bytes)
    return;
  w->sent_position = position;
  w->sent_bytes = bytes;
  drmt_wire_put_progress (w->out, position, bytes);
  flush_out (w);
}

/* A decoder that runs away (runaway.c) cannot be stopped: setting its
 * pipeline to NULL would wait for it for ever. Its file's failure goes
 * out, then this process ends without freeing anything; the scanner
 * starts a new one for the next file. */
static void
end_runaway (Worker * w, const gchar * reason)
{
  capture_logs (FALSE);
  drmt_scanned_track_fail_image (w->track, reason);
  drmt_wire_put_result (w->out, w->track);
  flush_out (w);
  _exit (0);
}

static gboolean
on_tick (gpointer user_data)
{
  Worker *w = user_data;
  gchar *runaway;

  if (w->scan && (runaway = drmt_scan_check_runaway (w->scan)))
    end_runaway (w, runaway);
  /* (its failure ends the job: the scan is gone then) */
  if (w->scan && drmt_scan_check_stopped (w->scan))
    return G_SOURCE_CONTINUE;
  if (w->scan)
    send_progress (w);
  return G_SOURCE_CONTINUE;
}

/* Forgets the job (its scan freed first: if that hangs, this job, not
 * the next, is the one the scanner finds stalled). */
static void
end_job (Worker * w)
{
  g_clear_handle_id (&w->tick, g_source_remove);
  g_clear_pointer (&w->scan, drmt_scan_free);
  g_clear_pointer (&w->track, drmt_scanned_track_free);
  w->in_part = FALSE;
}

/* Lets the head part's scan go. */
static void
end_head (Worker * w)
{
  g_clear_pointer (&w->head, drmt_scan_free);
  g_clear_pointer (&w->head_track, drmt_scanned_track_free);
  w->combining = FALSE;
}

/* The file is done: its result goes out. */
static void
job_done (Worker * w)
{
  drmt_trace ("last-sample", NULL);
  g_clear_handle_id (&w->tick, g_source_remove);
  report_logs (w->track);
  drmt_wire_put_result (w->out, w->track);
  end_job (w);
  flush_out (w);
}

/* The parts are combined into the head's track: its result goes out.
 * (What GStreamer warned while a part was measured made that part a
 * doubt: nothing is caught here.) */
static void
head_done (Worker * w)
{
  drmt_trace ("combine-end", NULL);
  drmt_wire_put_result (w->out, w->head_track);
  end_head (w);
  flush_out (w);
}

/* A part is measured (or failed): it goes out. The head part's scan
 * stays, paused, to fill the track once the parts are combined. */
static void
part_done (Worker * w)
{
  DrmtPartResult r = { 0 };
  const gchar *why = NULL;
  DrmPart *part;

  drmt_trace ("last-sample", "part=%u", w->part_index);
  send_progress (w);            /* its whole length, for the progress line */
  g_clear_handle_id (&w->tick, g_source_remove);
  r.index = w->part_index;
  part = drmt_scan_take_part (w->scan, &r.facts, &why);
  /* a warning would be in a one-pass scan's result, not in a part's */
  if (part && logs_caught () > 0)
    why = "GStreamer warned while the part was measured";
  if (part && !why) {
    gsize size = drm_part_serialized_size (part);
    guint8 *bytes = g_malloc (size);

    if (drm_part_serialize (part, bytes, size) == DRM_OK)
      r.part = g_bytes_new_take (bytes, size);
    else {
      g_free (bytes);
      why = "the part could not be written";
    }
  }
  drm_part_free (part);
  if (!r.part)
    r.doubt = g_strdup (why ? why : "the part failed");
  /* (tests: parts that come back in any order) */
  if (g_getenv (DRMT_SPLIT_SHUFFLE_ENV))
    g_usleep (g_random_int_range (0, 150000));
  drmt_wire_put_part_result (w->out, &r);
  report_logs (NULL);
  if (w->part_index == 0 && r.part && !w->head) {
    /* the head part: paused, kept for the combination; the worker is
     * free for other parts meanwhile */
    w->head = g_steal_pointer (&w->scan);
    w->head_track = g_steal_pointer (&w->track);
    w->head_opts = w->opts;
  }
  end_job (w);
  g_free (r.doubt);
  if (r.part)
    g_bytes_unref (r.part);
  flush_out (w);
}

static void
on_scan_done (DrmtScan * scan, gpointer user_data)
{
  Worker *w = user_data;

  if (scan == w->head && w->combining)
    head_done (w);
  else if (scan == w->scan && w->in_part)
    part_done (w);
  else if (scan == w->scan)
    job_done (w);
}

/* Taken: from here on, a death is this job's. */
static void
take_job (Worker * w)
{
  drmt_wire_put_progress (w->out, 0, 0);
  flush_out (w);
  w->sent_position = 0;
  w->sent_bytes = 0;
  capture_logs (TRUE);
}

static void
start_part (Worker * w, guint index, const DrmtScanPart * range)
{
  w->in_part = TRUE;
  w->part_index = index;
  w->scan = drmt_scan_start_part (w->track, &w->opts, range, on_scan_done,
      w);
}

static gboolean
busy (Worker * w, const gchar * what)
{
  if (!w->scan)
    return FALSE;
  g_printerr ("gst-drmeter: worker: %s while a job runs\n", what);
  stop (w, 3);
  return TRUE;
}

static void
start_job (Worker * w, const guint8 * p, gsize n)
{
  DrmtPartPlan plan = { 1, 0, 0, 0, 0, 0 };

  if (busy (w, "a job"))
    return;
  w->track = g_new0 (DrmtScannedTrack, 1);
  if (!drmt_wire_get_job (p, n, w->track, &w->opts)) {
    g_printerr ("gst-drmeter: worker: a damaged job record\n");
    g_clear_pointer (&w->track, drmt_scanned_track_free);
    stop (w, 3);
    return;
  }
  take_job (w);
  drmt_trace ("job-begin", "parts=%u", w->opts.parts);
  if (w->opts.parts > 1) {
    /* the head job: the file's one probe decides the parts (in one pass
     * if this process holds another file's head part already) */
    if (!w->head)
      drmt_split_plan (w->track, w->opts.parts, &plan);
    drmt_trace ("plan-made", "parts=%u", plan.parts);
    drmt_wire_put_plan (w->out, &plan);
    flush_out (w);
  }
  if (plan.parts > 1) {
    DrmtScanPart range = { 0, plan.first_frames };

    start_part (w, 0, &range);
  } else {
    w->scan = drmt_scan_start (w->track, &w->opts, on_scan_done, w);
  }
  if (w->scan && !w->tick)
    w->tick = g_timeout_add (PROGRESS_INTERVAL_MS, on_tick, w);
}

static void
start_part_job (Worker * w, const guint8 * p, gsize n)
{
  DrmtPartJob job;

  if (busy (w, "a part job"))
    return;
  w->track = g_new0 (DrmtScannedTrack, 1);
  if (!drmt_wire_get_part_job (p, n, w->track, &w->opts, &job)
      || job.index == 0) {
    g_printerr ("gst-drmeter: worker: a damaged part job record\n");
    g_clear_pointer (&w->track, drmt_scanned_track_free);
    stop (w, 3);
    return;
  }
  take_job (w);
  drmt_trace ("job-begin", "part=%u", job.index);
  start_part (w, job.index, &job.range);
  if (w->scan && !w->tick)
    w->tick = g_timeout_add (PROGRESS_INTERVAL_MS, on_tick, w);
}

/* The head job gets every part: it combines them and fills the track, or
 * gives up (no parts: the scanner measures the file elsewhere). */
static void
combine_parts (Worker * w, const guint8 * p, gsize n)
{
  GPtrArray *parts = drmt_wire_get_parts (p, n);
  const gchar *why;

  if (!parts || !w->head || w->combining) {
    g_printerr ("gst-drmeter: worker: a damaged or unasked parts record\n");
    if (parts)
      g_ptr_array_unref (parts);
    stop (w, 3);
    return;
  }
  if (parts->len == 0) {
    end_head (w);
    g_ptr_array_unref (parts);
    return;
  }
  w->combining = TRUE;
  drmt_trace ("combine-begin", "parts=%u", parts->len);
  why = drmt_split_combine (w->head, w->head_track, &w->head_opts, parts);
  g_ptr_array_unref (parts);
  if (why) {
    DrmtPartResult r = { 0 };

    r.doubt = (gchar *) why;
    drmt_wire_put_part_result (w->out, &r);
    end_head (w);
    flush_out (w);
  }
  /* else the head scan fills the track and calls on_scan_done */
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
    else if (type == DRMT_WIRE_PART_JOB)
      start_part_job (w, payload, len);
    else if (type == DRMT_WIRE_PARTS)
      combine_parts (w, payload, len);
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
  drmt_quirks_stderr_setup ();

  w.fd = fd;
  w.loop = g_main_loop_new (NULL, FALSE);
  w.in = g_byte_array_new ();
  w.out = g_byte_array_new ();
  w.watch = g_unix_fd_add (fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_input, &w);
  g_main_loop_run (w.loop);

  g_clear_handle_id (&w.watch, g_source_remove);
  g_clear_handle_id (&w.tick, g_source_remove);
  drmt_scan_free (w.scan);
  drmt_scanned_track_free (w.track);
  end_head (&w);
  g_byte_array_unref (w.in);
  g_byte_array_unref (w.out);
  g_main_loop_unref (w.loop);
  close (fd);
  return w.status;
}
