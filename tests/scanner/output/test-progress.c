/* gst-drmeter tests: the progress line's ETA (gst/tool/output/progress.c).
 *
 * The line is drawn only on a terminal: the test gives it one (a pseudo
 * terminal as stderr) and reads what it draws.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "output/progress.h"

static int failures;

#define CHECK(cond, ...) do { if (!(cond)) { failures++; \
      fprintf (stdout, "FAIL: " __VA_ARGS__); fputc ('\n', stdout); } \
  } while (0)

static void
check_eta (void)
{
  DrmtProgress p = { 0 };
  gchar b[32];

  p.total = 10;
  p.bytes_total = 1000;
  p.elapsed = 20;
  CHECK (drmt_progress_eta (&p) < 0, "an ETA before any file is done");
  p.done = 1;
  p.bytes_done = 250;
  p.elapsed = 2;
  CHECK (drmt_progress_eta (&p) < 0, "an ETA after 2 s");
  p.elapsed = 20;
  /* a quarter of the bytes in 20 s: 60 s to go, whatever the file count */
  CHECK (drmt_progress_eta (&p) == 60, "ETA %g, want 60",
      drmt_progress_eta (&p));
  p.bytes_total = p.bytes_done = 0;
  /* no sizes: one file of ten in 20 s */
  CHECK (drmt_progress_eta (&p) == 180, "ETA by files %g, want 180",
      drmt_progress_eta (&p));
  CHECK (strcmp (drmt_progress_format_eta (65.4, b), "ETA 1:05") == 0,
      "65.4 s as '%s'", b);
  CHECK (strcmp (drmt_progress_format_eta (7384, b), "ETA 2:03:04") == 0,
      "7384 s as '%s'", b);
}

/* The line as drawn on a terminal. */
static void
check_line (void)
{
  DrmtProgress p = { 3, 12, 300, 1200, 41.5, 30, "Album/04 Song.flac" };
  gchar buf[512] = { 0 };
  int master, slave, saved = dup (STDERR_FILENO);
  ssize_t n;

  if (openpty (&master, &slave, NULL, NULL, NULL) != 0) {
    /* a SKIP must not hide a failure of the checks before */
    printf ("SKIP: check_line (no pseudo terminal)\n");
    _exit (failures ? 1 : 77);
  }
  dup2 (slave, STDERR_FILENO);
  drmt_progress_init (TRUE);
  drmt_progress_update (&p);
  dup2 (saved, STDERR_FILENO);
  n = read (master, buf, sizeof buf - 1);
  CHECK (n > 0 && strstr (buf, "3/12 files, 41.5x real time, ETA 1:30: "
          "Album/04 Song.flac"), "progress line '%s'", n > 0 ? buf : "");
  close (master);
  close (slave);
  close (saved);
}

int
main (void)
{
  check_eta ();
  check_line ();
  if (failures)
    return 1;
  printf ("PASS\n");
  return 0;
}
