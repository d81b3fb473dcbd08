/* gst-drmeter: --files-from.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>
#include "filesfrom.h"

/* Standard input, whole (g_file_get_contents wants a file name). */
static gboolean
read_stdin (gchar ** text, gsize * len, GError ** error)
{
  GString *s = g_string_new (NULL);
  gchar buf[65536];
  size_t n;

  while ((n = fread (buf, 1, sizeof buf, stdin)) > 0)
    g_string_append_len (s, buf, n);
  if (ferror (stdin)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO,
        "cannot read standard input");
    g_string_free (s, TRUE);
    return FALSE;
  }
  *len = s->len;
  *text = g_string_free (s, FALSE);
  return TRUE;
}

gboolean
drmt_files_from_read (const gchar * file, gboolean nul, GPtrArray * paths,
    GError ** error)
{
  gchar *text = NULL;
  gsize len = 0, at = 0;
  gchar sep = nul ? '\0' : '\n';

  if (strcmp (file, "-") == 0 ? !read_stdin (&text, &len, error)
      : !g_file_get_contents (file, &text, &len, error))
    return FALSE;
  while (at < len) {
    const gchar *start = text + at;
    const gchar *end = memchr (start, sep, len - at);
    gsize n = end ? (gsize) (end - start) : len - at;

    at += n + 1;
    /* a list written on Windows, or by a tool that adds "\r" */
    if (!nul && n > 0 && start[n - 1] == '\r')
      n--;
    if (n > 0 && !memchr (start, '\0', n))
      g_ptr_array_add (paths, g_strndup (start, n));
  }
  g_free (text);
  return TRUE;
}
