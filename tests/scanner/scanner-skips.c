/* gst-drmeter scanner tests: cases that cannot run their check.
 *
 * A case without its encoder or plugin must not count as passed: it is
 * written down here, and the program then exits 77 (meson's SKIP) when
 * nothing failed, after naming every skip. check runs each case in a
 * process of its own, so the list is a file of the material folder that
 * each case appends a line to.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <fcntl.h>
#include "scanner-test.h"

#define SKIPS_FILE "skipped-cases"

void
scanner_skip (const gchar * what, const gchar * why)
{
  gchar *path = g_build_filename (root, SKIPS_FILE, NULL);
  gchar *line = g_strdup_printf ("%s: %s\n", what, why);
  /* one write of a short line in append mode: lines do not mix */
  int fd = open (path, O_WRONLY | O_APPEND | O_CREAT, 0644);

  g_printerr ("skipped: %s", line);
  if (fd < 0 || write (fd, line, strlen (line)) != (ssize_t) strlen (line))
    g_printerr ("cannot record the skip in %s: %s\n", path,
        g_strerror (errno));
  if (fd >= 0)
    close (fd);
  g_free (line);
  g_free (path);
}

gint
scanner_exit_status (gint failed)
{
  gchar *path = g_build_filename (root, SKIPS_FILE, NULL);
  gchar *text = NULL;
  gchar **lines;
  guint n = 0;

  if (g_file_get_contents (path, &text, NULL, NULL)) {
    lines = g_strsplit (text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
      if (!*lines[i])
        continue;
      printf ("SKIP: %s\n", lines[i]);
      n++;
    }
    g_strfreev (lines);
  }
  g_free (text);
  g_free (path);
  if (failed > 0)
    return 1;
  if (n > 0) {
    printf ("%u check(s) skipped, none failed\n", n);
    return 77;
  }
  return 0;
}
