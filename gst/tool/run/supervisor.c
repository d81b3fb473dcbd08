/* gst-drmeter: measuring files in worker processes, with a watchdog.
 *
 * A streaming thread that spins or deadlocks cannot be stopped from inside
 * its process (setting the pipeline to NULL waits for it), and a decoder
 * that segfaults ends its process. So each file is measured in a worker
 * process ("gst-drmeter --worker", worker.c) that talks to the scanner over
 * a socket (wire.h); the scanner only watches:
 *   - a worker that reports no new samples for the stall timeout is
 *     killed (SIGKILL) and its file reported as "decoder stalled". Only
 *     time the scanner spends listening counts: while it writes tags, a
 *     log or plots (or is stopped, or its disk is slow) it reads no
 *     record, so the worker's progress waits in the socket; the watchdog
 *     reads what came before it judges, and a gap between its looks
 *     counts as one look;
 *   - a worker that dies during a job gives "decoder crashed (signal N)";
 *   - a worker that dies before it took a job (it ran another file, or was
 *     just started) is replaced and the job sent again, once;
 *   - the head job or a part job of a file measured in parts (runner.c,
 *     splitrun.c) that stalls, dies or sends a damaged record is a failed
 *     part: the runner has the file measured again in one pass, which may
 *     then fail as above.
 * Workers are kept from one file to the next: starting one (exec, GStreamer
 * and its registry) costs about as much as measuring a short file.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <glib-unix.h>
#include "supervisor.h"
#include "worker.h"
#include "wire.h"
#include "output/output.h"

/* The watchdog looks this often. */
#define WATCHDOG_INTERVAL_MS 200
/* Wall time between two looks counts for the stall timeout up to this:
 * a longer gap means the scanner was busy elsewhere, not listening. */
#define WATCHDOG_MAX_GAP_US (2 * WATCHDOG_INTERVAL_MS * 1000)
/* At the end, how long an idle worker may take to exit. */
#define EXIT_WAIT_MS 5000

struct _DrmtWorker {
  /* the process, pid 0 when there is none */
  GPid pid;
  int fd;
  guint fd_watch;
  guint child_watch;
  GByteArray *in;

  /* the job */
  DrmtScannedTrack *track;
  DrmtScanOptions opts;
  gboolean is_part;             /* a PART_JOB: part */
  DrmtPartJob part;
  gboolean planned;             /* a head job's PLAN came */
  gboolean combining;           /* a combining job: PARTS went, RESULT next */
  gboolean no_track;            /* the job ends without the file's result */
  guint stall_timeout;
  DrmtWorkerDone done;
  DrmtWorkerPlan on_plan;
  DrmtWorkerPart on_part;
  gpointer user_data;
  gboolean taken;               /* the worker said it started the job */
  guint attempts;               /* processes tried for this job */
  gboolean stalled;             /* killed by the watchdog */
  gint64 quiet;                 /* us listened since the last progress */
  gint64 last_look;             /* monotonic us of the last look */
  guint64 position;
  guint64 bytes;
  gint64 taken_time;            /* monotonic us the job was taken */
  gint64 position_time;         /* ... and its position last moved */
  guint watchdog;
  guint finish_idle;

  /* the process keeps a head part's paused pipeline (the file's part 0,
   * to combine the parts with), whatever job it runs meanwhile */
  gboolean holding;
  DrmtScannedTrack *held_track;
  DrmtScanOptions held_opts;
};

/* every live worker process, for drmt_workers_kill_all() */
static GList *all_pids;
/* processes let go (idle, or killed with a cancelled job) that GLib reaps
 * when they end: pid -> their child watch. The scan's end waits for those
 * still running, so that none outlives the scanner and their CPU time
 * counts as the scanner's (time(1), getrusage). */
static GHashTable *ending;
static guint n_started;         /* processes, for drmt_workers_started */

static void finish_job (DrmtWorker * w);
static void heard_progress (DrmtWorker * w);
static void send_job (DrmtWorker * w);

/* ---------------------------------------------------------------- */
/* the process */

/* (never kill (0, ...): that is the whole process group) */
static void
kill_process (DrmtWorker * w)
{
  if (w->pid > 0)
    kill (w->pid, SIGKILL);
}

static void
forget_pid (GPid pid)
{
  all_pids = g_list_remove (all_pids, GINT_TO_POINTER (pid));
}

/* Closes the socket and forgets the process (already reaped or not). */
static void
drop_process (DrmtWorker * w)
{
  g_clear_handle_id (&w->fd_watch, g_source_remove);
  g_clear_handle_id (&w->child_watch, g_source_remove);
  if (w->fd >= 0)
    close (w->fd);
  w->fd = -1;
  if (w->pid)
    forget_pid (w->pid);
  w->pid = 0;
  g_byte_array_set_size (w->in, 0);
  /* a head part's pipeline went with it */
  w->holding = FALSE;
  w->held_track = NULL;
}

/* A job in parts: a head job (before its PLAN said "one part") or a part
 * job. Its failure is a part's, not the file's. */
static gboolean
in_parts (DrmtWorker * w)
{
  return w->is_part || (w->opts.parts > 1);
}

/* The job ends without the file's result; @r (taken) goes to the runner,
 * after the worker counts as free. */
static void
end_with_part (DrmtWorker * w, DrmtPartResult * r)
{
  w->no_track = TRUE;
  finish_job (w);
  w->on_part (w, w->track, r, w->user_data);
}

static void
fail_job (DrmtWorker * w, const gchar * reason)
{
  if (in_parts (w)) {
    end_with_part (w, drmt_part_result_new_doubt (w->is_part ?
            w->part.index : 0, reason));
    return;
  }
  drmt_scanned_track_fail_image (w->track, reason);
  w->track->done = TRUE;
  finish_job (w);
}

static void
handle_plan (DrmtWorker * w, const guint8 * p, gsize n)
{
  DrmtPartPlan plan;

  if (w->is_part || w->planned || w->opts.parts < 2
      || !drmt_wire_get_plan (p, n, &plan) || plan.parts > w->opts.parts) {
    kill_process (w);
    fail_job (w, "the measuring process sent a damaged plan");
    return;
  }
  w->planned = TRUE;
  drmt_trace ("plan-in", "worker=%d parts=%u", (int) w->pid, plan.parts);
  /* one part: a one-pass job from here on, failing as one */
  if (plan.parts == 1)
    w->opts.parts = 1;
  w->on_plan (w, &plan, w->user_data);
}

static void
handle_part_result (DrmtWorker * w, const guint8 * p, gsize n)
{
  DrmtPartResult *r = drmt_wire_get_part_result (p, n);
  guint index = w->is_part ? w->part.index : 0;

  drmt_trace ("part-in", "worker=%d part=%u", (int) w->pid, index);
  if (!r || r->index != index || !in_parts (w) || (!w->is_part
          && !w->planned) || (w->combining && !r->doubt)) {
    drmt_part_result_free (r);
    kill_process (w);
    fail_job (w, "the measuring process sent a damaged part");
    return;
  }
  if (!w->is_part && !w->combining && !r->doubt) {
    /* the head part: the process keeps its pipeline, paused, and is free
     * for other parts of the file meanwhile */
    w->holding = TRUE;
    w->held_track = w->track;
    w->held_opts = w->opts;
  }
  end_with_part (w, r);
}

static void
handle_frame (DrmtWorker * w, guint8 type, const guint8 * p, gsize n)
{
  guint64 position, bytes;

  if (!w->track || w->finish_idle) {
    /* nothing is asked: a worker out of step */
    kill_process (w);
    return;
  }
  if (type == DRMT_WIRE_PROGRESS && drmt_wire_get_progress (p, n, &position,
          &bytes)) {
    if (!w->taken || bytes != w->bytes)
      heard_progress (w);
    if (!w->taken)
      w->taken_time = g_get_monotonic_time ();
    if (position != w->position)
      w->position_time = g_get_monotonic_time ();
    w->taken = TRUE;
    w->position = position;
    w->bytes = bytes;
  } else if (type == DRMT_WIRE_PLAN && w->taken) {
    handle_plan (w, p, n);
  } else if (type == DRMT_WIRE_PART_RESULT && w->taken) {
    handle_part_result (w, p, n);
  } else if (type == DRMT_WIRE_RESULT && w->taken && !w->is_part
      && (w->opts.parts < 2 || w->combining)) {
    if (!drmt_wire_get_result (p, n, w->track)) {
      kill_process (w);
      fail_job (w, "the measuring process sent a damaged result");
      return;
    }
    drmt_trace ("result-in", "worker=%d", (int) w->pid);
    w->track->done = TRUE;
    finish_job (w);
  } else {
    kill_process (w);
    fail_job (w, "the measuring process sent a damaged record");
  }
}

/* Reads what the worker sent; FALSE at the end of the stream. */
static gboolean
read_input (DrmtWorker * w)
{
  guint8 buf[65536];
  guint8 type;
  const guint8 *payload;
  gsize len;
  gint r;
  gboolean end = FALSE;

  for (;;) {
    ssize_t n = read (w->fd, buf, sizeof buf);

    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && errno == EAGAIN)
      break;
    if (n <= 0) {
      /* what came before the end still counts: a worker may send its
       * result and exit at once (worker.c, a runaway decoder) */
      end = TRUE;
      break;
    }
    g_byte_array_append (w->in, buf, n);
  }
  while ((r = drmt_wire_peek_frame (w->in, &type, &payload, &len)) == 1) {
    handle_frame (w, type, payload, len);
    /* a result of a stalled process drops it, and its input with it */
    if (w->in->len < DRMT_WIRE_HEADER_SIZE + len)
      break;
    g_byte_array_remove_range (w->in, 0, DRMT_WIRE_HEADER_SIZE + len);
  }
  if (r < 0) {
    kill_process (w);
    g_byte_array_set_size (w->in, 0);
    if (w->track && !w->finish_idle)
      fail_job (w, "the measuring process sent a damaged record");
  }
  return !end;
}

static gboolean
on_input (gint fd, GIOCondition cond, gpointer user_data)
{
  DrmtWorker *w = user_data;

  if (read_input (w))
    return G_SOURCE_CONTINUE;
  /* end of stream: the process is ending; its exit tells why */
  w->fd_watch = 0;
  return G_SOURCE_REMOVE;
}

static gchar *
death_reason (DrmtWorker * w, gint status)
{
  if (w->stalled)
    return g_strdup_printf ("decoder stalled (no new samples for %u s)",
        w->stall_timeout);
  if (WIFSIGNALED (status))
    return g_strdup_printf ("decoder crashed (signal %d)", WTERMSIG (status));
  return g_strdup_printf ("the measuring process exited with status %d",
      WIFEXITED (status) ? WEXITSTATUS (status) : status);
}

static void
on_child_exit (GPid pid, gint status, gpointer user_data)
{
  DrmtWorker *w = user_data;
  gchar *reason;

  w->child_watch = 0;
  g_spawn_close_pid (pid);
  /* a result sent just before the end still counts */
  if (w->fd >= 0)
    read_input (w);
  drop_process (w);
  if (!w->track || w->finish_idle)
    return;                     /* idle: the next job starts another */

  if (!w->taken && w->attempts < 2) {
    /* not this file's fault: it never reached the process */
    send_job (w);
    return;
  }
  reason = death_reason (w, status);
  if (!w->taken && !in_parts (w)) {
    gchar *r = g_strdup_printf ("cannot start a measuring process (%s)",
        reason);

    g_free (reason);
    reason = r;
  }
  fail_job (w, reason);
  g_free (reason);
}

static gboolean
spawn (DrmtWorker * w, GError ** error)
{
  int sv[2];
  gchar *fd_arg, *parent_arg;
  gboolean ok;
  gint source_fds[1], target_fds[1] = { 3 };

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s",
        g_strerror (errno));
    return FALSE;
  }
  source_fds[0] = sv[1];
  fd_arg = g_strdup_printf ("%d", target_fds[0]);
  parent_arg = g_strdup_printf ("%d", (int) getpid ());
  {
    /* /proc/self/exe: this very program, even if its file was replaced
     * since (an upgrade during a long scan) */
    const gchar *argv[] = { "/proc/self/exe", "gst-drmeter",
      DRMT_WORKER_OPTION, fd_arg, parent_arg, NULL
    };

    ok = g_spawn_async_with_pipes_and_fds (NULL, argv, NULL,
        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_FILE_AND_ARGV_ZERO |
        G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, -1, -1, -1, source_fds,
        target_fds, 1, &w->pid, NULL, NULL, NULL, error);
  }
  g_free (fd_arg);
  g_free (parent_arg);
  close (sv[1]);
  if (!ok) {
    close (sv[0]);
    w->pid = 0;
    return FALSE;
  }
  w->fd = sv[0];
  drmt_trace ("spawn", "worker=%d", (int) w->pid);
  fcntl (w->fd, F_SETFL, fcntl (w->fd, F_GETFL) | O_NONBLOCK);
  all_pids = g_list_prepend (all_pids, GINT_TO_POINTER (w->pid));
  n_started++;
  w->fd_watch = g_unix_fd_add (w->fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
      on_input, w);
  w->child_watch = g_child_watch_add (w->pid, on_child_exit, w);
  return TRUE;
}

/* Writes the whole frame; FALSE if the worker is gone. */
static gboolean
write_all (int fd, const GByteArray * b)
{
  gsize done = 0;

  while (done < b->len) {
    ssize_t n = send (fd, b->data + done, b->len - done, MSG_NOSIGNAL);

    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && errno == EAGAIN) {
      struct pollfd p = { fd, POLLOUT, 0 };

      poll (&p, 1, 100);
      continue;
    }
    if (n <= 0)
      return FALSE;
    done += n;
  }
  return TRUE;
}

/* ---------------------------------------------------------------- */
/* the job */

static gboolean
on_watchdog (gpointer user_data)
{
  DrmtWorker *w = user_data;
  gint64 now = g_get_monotonic_time ();

  /* what the worker sent while nobody listened comes first (it may end
   * the job: then this source is gone) */
  if (w->fd >= 0)
    read_input (w);
  if (!w->watchdog)
    return G_SOURCE_REMOVE;
  w->quiet += MIN (now - w->last_look, WATCHDOG_MAX_GAP_US);
  w->last_look = now;
  if (w->pid && !w->stalled
      && w->quiet >= (gint64) w->stall_timeout * G_USEC_PER_SEC) {
    /* its exit (on_child_exit) ends the job */
    w->stalled = TRUE;
    kill_process (w);
  }
  return G_SOURCE_CONTINUE;
}

/* The stall clock starts again. */
static void
heard_progress (DrmtWorker * w)
{
  w->quiet = 0;
  w->last_look = g_get_monotonic_time ();
}

static gboolean
on_finish_idle (gpointer user_data)
{
  DrmtWorker *w = user_data;
  DrmtScannedTrack *t = w->track;

  w->finish_idle = 0;
  w->track = NULL;
  w->done (w, w->no_track ? NULL : t, w->user_data);
  return G_SOURCE_REMOVE;
}

/* The track is filled or failed: hand it back from the main loop. */
static void
finish_job (DrmtWorker * w)
{
  g_clear_handle_id (&w->watchdog, g_source_remove);
  if (w->stalled && w->pid) {
    /* killed, but its exit not seen yet: do not reuse it */
    kill_process (w);
    drop_process (w);
  }
  w->finish_idle = g_idle_add (on_finish_idle, w);
}

static void
send_job (DrmtWorker * w)
{
  GError *err = NULL;
  GByteArray *b;

  w->attempts++;
  w->taken = FALSE;
  heard_progress (w);
  if (!w->pid) {
    if (!spawn (w, &err)) {
      gchar *reason = g_strdup_printf ("cannot start a measuring process: "
          "%s", err->message);

      fail_job (w, reason);
      g_free (reason);
      g_error_free (err);
      return;
    }
  }
  b = g_byte_array_new ();
  if (w->is_part)
    drmt_wire_put_part_job (b, w->track, &w->opts, &w->part);
  else
    drmt_wire_put_job (b, w->track, &w->opts);
  drmt_trace ("job-send", "worker=%d part=%d parts=%u first=%"
      G_GUINT64_FORMAT " frames=%" G_GUINT64_FORMAT, (int) w->pid,
      w->is_part ? (gint) w->part.index : -1, w->is_part ? w->part.count :
      w->opts.parts, w->is_part ? w->part.range.first : 0,
      w->is_part ? w->part.range.frames : 0);
  /* On failure the process is gone: its exit sends the job again. */
  write_all (w->fd, b);
  g_byte_array_unref (b);
}

void
drmt_worker_start_process (DrmtWorker * w)
{
  if (!w->pid && !w->track)
    spawn (w, NULL);            /* on failure the next job says why */
}

static void
start_job (DrmtWorker * w, DrmtScannedTrack * track,
    const DrmtScanOptions * opts, const DrmtPartJob * part,
    guint stall_timeout, DrmtWorkerDone done, gpointer user_data)
{
  g_return_if_fail (w->track == NULL);

  w->track = track;
  w->opts = *opts;
  w->is_part = part != NULL;
  if (part)
    w->part = *part;
  w->planned = w->combining = w->no_track = FALSE;
  w->stall_timeout = stall_timeout;
  w->done = done;
  w->user_data = user_data;
  w->attempts = 0;
  w->stalled = FALSE;
  w->position = 0;
  w->bytes = 0;
  w->taken_time = w->position_time = 0;
  if (stall_timeout > 0)
    w->watchdog = g_timeout_add (WATCHDOG_INTERVAL_MS, on_watchdog, w);
  send_job (w);
}

void
drmt_worker_measure (DrmtWorker * w, DrmtScannedTrack * track,
    const DrmtScanOptions * opts, guint stall_timeout, DrmtWorkerDone done,
    gpointer user_data)
{
  start_job (w, track, opts, NULL, stall_timeout, done, user_data);
}

void
drmt_worker_measure_part (DrmtWorker * w, DrmtScannedTrack * track,
    const DrmtScanOptions * opts, const DrmtPartJob * part,
    guint stall_timeout, DrmtWorkerDone done, gpointer user_data)
{
  start_job (w, track, opts, part, stall_timeout, done, user_data);
}

void
drmt_worker_set_part_handlers (DrmtWorker * w, DrmtWorkerPlan on_plan,
    DrmtWorkerPart on_part)
{
  w->on_plan = on_plan;
  w->on_part = on_part;
}

/* PARTS to the process: @n 0 lets the paused pipeline go. */
static void
send_parts (DrmtWorker * w, DrmtPartResult * const *parts, guint n)
{
  GByteArray *b = g_byte_array_new ();

  drmt_trace ("parts-send", "worker=%d parts=%u", (int) w->pid, n);
  drmt_wire_put_parts (b, parts, n);
  /* if the process is gone, its exit fails the job */
  write_all (w->fd, b);
  g_byte_array_unref (b);
}

void
drmt_worker_combine (DrmtWorker * w, DrmtPartResult * const *parts, guint n,
    guint stall_timeout, DrmtWorkerDone done, gpointer user_data)
{
  g_return_if_fail (w->holding && w->track == NULL && n > 0);

  /* a job of its own: the head's track, filled by the RESULT */
  w->holding = FALSE;
  w->track = w->held_track;
  w->opts = w->held_opts;
  w->held_track = NULL;
  w->is_part = FALSE;
  w->planned = w->combining = w->taken = TRUE;
  w->no_track = w->stalled = FALSE;
  w->stall_timeout = stall_timeout;
  w->done = done;
  w->user_data = user_data;
  w->attempts = 1;
  w->position = w->bytes = 0;
  w->taken_time = w->position_time = 0;
  heard_progress (w);
  if (stall_timeout > 0)
    w->watchdog = g_timeout_add (WATCHDOG_INTERVAL_MS, on_watchdog, w);
  send_parts (w, parts, n);
}

void
drmt_worker_release (DrmtWorker * w)
{
  if (!w->holding)
    return;
  w->holding = FALSE;
  w->held_track = NULL;
  if (w->pid)
    send_parts (w, NULL, 0);
}

gboolean
drmt_worker_is_holding (DrmtWorker * w)
{
  return w->holding;
}

static void
on_reaped (GPid pid, gint status, gpointer user_data)
{
  g_hash_table_remove (ending, GINT_TO_POINTER (pid));
  g_spawn_close_pid (pid);
}

/* @pid, already forgotten by its worker, is reaped when it ends. */
static void
let_end (GPid pid)
{
  if (!ending)
    ending = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (ending, GINT_TO_POINTER (pid),
      GUINT_TO_POINTER (g_child_watch_add (pid, on_reaped, NULL)));
}

void
drmt_worker_cancel (DrmtWorker * w)
{
  GPid pid = w->pid;

  if (!w->track || w->finish_idle)
    return;
  kill_process (w);
  drop_process (w);
  /* the next job gets a new process; this one is only reaped */
  if (pid)
    let_end (pid);
  w->no_track = TRUE;
  finish_job (w);
}

void
drmt_worker_end_process (DrmtWorker * w)
{
  GPid pid = w->pid;

  /* (one that holds a head part keeps it) */
  if (w->track || !pid || w->holding)
    return;
  /* its socket closed, an idle worker exits at once (worker.c) */
  drop_process (w);
  let_end (pid);
}

gboolean
drmt_worker_has_process (DrmtWorker * w)
{
  return w->pid != 0;
}


DrmtWorker *
drmt_worker_new (void)
{
  DrmtWorker *w = g_new0 (DrmtWorker, 1);

  w->fd = -1;
  w->in = g_byte_array_new ();
  return w;
}

DrmtScannedTrack *
drmt_worker_get_track (DrmtWorker * w)
{
  return w->finish_idle ? NULL : w->track;
}

guint
drmt_worker_get_decoders (DrmtWorker * w)
{
  /* a job that just ended holds its decoder until its done callback has
   * run and the runner has it back as idle: else the runner would start
   * a new worker in that moment, and keep one idle process too many */
  if (w->track && w->finish_idle)
    return 1;
  if (!w->track || w->combining)
    return 0;
  /* a head job holds its parts' decoders until its plan frees them */
  if (!w->is_part && !w->planned)
    return MAX (w->opts.parts, 1);
  return 1;
}

guint64
drmt_worker_get_position (DrmtWorker * w)
{
  return w->track && !w->finish_idle ? w->position : 0;
}

guint64
drmt_worker_get_last_position (DrmtWorker * w)
{
  return w->position;
}

guint64
drmt_worker_get_position_now (DrmtWorker * w)
{
  gint64 now = g_get_monotonic_time ();
  gint64 ran;

  if (!w->track || w->finish_idle || !w->position_time)
    return drmt_worker_get_position (w);
  /* the job's speed so far, carried on since its last report */
  ran = w->position_time - w->taken_time;
  if (ran <= 0)
    return w->position;
  return w->position + gst_util_uint64_scale (w->position,
      now - w->position_time, ran);
}

/* Waits for @pid to end, at most until @deadline (monotonic us); then
 * kills it. */
static void
reap (GPid pid, gint64 deadline)
{
  while (waitpid (pid, NULL, WNOHANG) == 0) {
    if (g_get_monotonic_time () >= deadline) {
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
      break;
    }
    g_usleep (1000);
  }
}

/* Closes the socket (an idle worker then exits) and kills a busy one;
 * returns the pid to reap, or 0. */
static GPid
stop_process (DrmtWorker * w)
{
  GPid pid = w->pid;

  g_clear_handle_id (&w->watchdog, g_source_remove);
  g_clear_handle_id (&w->finish_idle, g_source_remove);
  if (!pid)
    return 0;
  if (w->track)
    kill_process (w);
  drop_process (w);
  return pid;
}

void
drmt_workers_free (GPtrArray * workers)
{
  gint64 deadline = g_get_monotonic_time () + EXIT_WAIT_MS * 1000;
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (GPid));

  /* all at once: the processes end in parallel */
  for (guint i = 0; i < workers->len; i++) {
    DrmtWorker *w = g_ptr_array_index (workers, i);
    GPid pid = stop_process (w);

    if (pid)
      g_array_append_val (pids, pid);
    g_byte_array_unref (w->in);
    g_free (w);
  }
  /* and those let go before, not yet reaped: their watches go, since
   * they are waited for here */
  if (ending) {
    GHashTableIter it;
    gpointer pid, watch;

    g_hash_table_iter_init (&it, ending);
    while (g_hash_table_iter_next (&it, &pid, &watch)) {
      GPid p = GPOINTER_TO_INT (pid);

      g_source_remove (GPOINTER_TO_UINT (watch));
      g_array_append_val (pids, p);
      g_hash_table_iter_remove (&it);
    }
  }
  for (guint i = 0; i < pids->len; i++)
    reap (g_array_index (pids, GPid, i), deadline);
  g_array_unref (pids);
  g_ptr_array_unref (workers);
}

guint
drmt_workers_started (void)
{
  return n_started;
}

void
drmt_workers_kill_all (void)
{
  for (GList * l = all_pids; l; l = l->next)
    kill (GPOINTER_TO_INT (l->data), SIGKILL);
}
