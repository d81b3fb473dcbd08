/* gst-drmeter: --check-logs.
 *
 * A folder's DR Meter log is read into tokens (one album of it after
 * another), and so is the log this scan would print for the folder's
 * album (report.c): the same reader on both sides, so the comparison is
 * of the tokens as printed, character for character, whatever line ends
 * or byte order mark the log has. Tracks are paired by their Track
 * column (a cut name "(…)" on both sides alike), then in order.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include <glib/gstdio.h>
#include "checklogs.h"
#include "report.h"

/* A log's layout (report.c): the tokens, then the Track column of
 * DRMT_REPORT_TRACK_WIDTH characters, then channel columns this wide. */
#define COLUMN_WIDTH 13
#define HEADER_MARK "/ DR Meter v"
/* A log is a small text file: bigger files are not read as logs. */
#define MAX_LOG_SIZE (4 << 20)
#define PEEK_SIZE 512

static const gchar bom[] = "\xef\xbb\xbf";

static void
log_track_free (DrmtLogTrack * t)
{
  g_free (t->name);
  g_free (t->dr);
  g_free (t->peak);
  g_free (t->rms);
  g_free (t->duration);
  g_hash_table_unref (t->columns);
  g_free (t);
}

void
drmt_log_album_free (DrmtLogAlbum * a)
{
  if (!a)
    return;
  g_free (a->analyzed);
  g_free (a->official);
  g_ptr_array_unref (a->tracks);
  g_free (a);
}

/* The first line, after a byte order mark. */
gboolean
drmt_log_is_log (const gchar * text, gsize len)
{
  const gchar *end;
  gchar *line;
  gboolean yes;

  if (len >= 3 && memcmp (text, bom, 3) == 0) {
    text += 3;
    len -= 3;
  }
  end = memchr (text, '\n', len);
  line = g_strndup (text, end ? (gsize) (end - text) : len);
  yes = strstr (line, HEADER_MARK) != NULL;
  g_free (line);
  return yes;
}

/* UTF-8 text without its byte order mark; a log in another encoding is
 * read as Windows-1252 (older foobar2000 versions wrote the system's). */
static gchar *
to_utf8 (const gchar * text, gsize len)
{
  gchar *s;

  if (len >= 3 && memcmp (text, bom, 3) == 0) {
    text += 3;
    len -= 3;
  }
  if (g_utf8_validate_len (text, len, NULL))
    return g_strndup (text, len);
  s = g_convert (text, len, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  return s ? s : g_utf8_make_valid (text, len);
}

/* Characters @from .. @from + @n of @u (clamped), spaces trimmed. */
static gchar *
slice (const gunichar * u, glong n_u, glong from, glong n)
{
  gchar *s;

  if (from >= n_u)
    return g_strdup ("");
  if (from + n > n_u)
    n = n_u - from;
  s = g_ucs4_to_utf8 (u + from, n, NULL, NULL, NULL);
  return g_strstrip (s);
}

/* The per-channel column names of a heading line, from @from on. */
static GPtrArray *
heading_columns (const gchar * line, glong from)
{
  glong n;
  gunichar *u = g_utf8_to_ucs4_fast (line, -1, &n);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (glong at = from; at < n; at += COLUMN_WIDTH)
    g_ptr_array_add (names, slice (u, n, at, COLUMN_WIDTH));
  g_free (u);
  return names;
}

/* A track line: "DR12   -0.10 dBFS  -12.04 dBFS   3:25 01-Title ...".
 * NULL when it is not one. */
static DrmtLogTrack *
parse_track (const gchar * line, GPtrArray * column_names)
{
  glong n, at = 0;
  gunichar *u = g_utf8_to_ucs4_fast (line, -1, &n);
  gchar *tok[6] = { NULL };
  DrmtLogTrack *t = NULL;
  gint k;

  for (k = 0; k < 6; k++) {
    glong start;

    while (at < n && u[at] == ' ')
      at++;
    start = at;
    while (at < n && u[at] != ' ')
      at++;
    if (at == start)
      break;
    tok[k] = g_ucs4_to_utf8 (u + start, at - start, NULL, NULL, NULL);
  }
  if (k == 6 && g_str_has_prefix (tok[0], "DR")
      && strcmp (tok[2], "dBFS") == 0 && strcmp (tok[4], "dBFS") == 0
      && at < n && u[at] == ' ') {
    at++;
    t = g_new0 (DrmtLogTrack, 1);
    t->dr = g_steal_pointer (&tok[0]);
    t->peak = g_steal_pointer (&tok[1]);
    t->rms = g_steal_pointer (&tok[3]);
    t->duration = g_steal_pointer (&tok[5]);
    t->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
        g_free);
    if (column_names) {
      t->name = slice (u, n, at, DRMT_REPORT_TRACK_WIDTH);
      at += DRMT_REPORT_TRACK_WIDTH;
      for (guint c = 0; c < column_names->len; c++, at += COLUMN_WIDTH) {
        gchar *v = slice (u, n, at, COLUMN_WIDTH);

        if (*v)
          g_hash_table_insert (t->columns,
              g_strdup (g_ptr_array_index (column_names, c)), v);
        else
          g_free (v);
      }
    } else {
      t->name = slice (u, n, at, n);
    }
  }
  for (k = 0; k < 6; k++)
    g_free (tok[k]);
  g_free (u);
  return t;
}

static DrmtLogAlbum *
log_album_new (void)
{
  DrmtLogAlbum *a = g_new0 (DrmtLogAlbum, 1);

  a->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify)
      log_track_free);
  return a;
}

typedef enum {
  IN_HEAD,                      /* up to the heading line */
  AFTER_HEADING,                /* the heading's rule comes */
  IN_TRACKS,
  IN_FOOT,
} Part;

/* Ends album @a (kept in @albums if it has tracks, else freed) and
 * starts the next one. */
static DrmtLogAlbum *
next_album (GPtrArray * albums, DrmtLogAlbum * a)
{
  if (a && a->tracks->len > 0)
    g_ptr_array_add (albums, a);
  else
    drmt_log_album_free (a);
  return log_album_new ();
}

GPtrArray *
drmt_log_parse (const gchar * text, gsize len)
{
  gchar *utf8 = to_utf8 (text, len);
  gchar **lines = g_strsplit (utf8, "\n", -1);
  GPtrArray *albums = g_ptr_array_new_with_free_func ((GDestroyNotify)
      drmt_log_album_free);
  DrmtLogAlbum *a = NULL;
  GPtrArray *columns = NULL;
  Part part = IN_HEAD;

  for (guint i = 0; lines[i]; i++) {
    gchar *line = lines[i];
    gsize l = strlen (line);

    if (l > 0 && line[l - 1] == '\r')
      line[l - 1] = '\0';
    if (strstr (line, HEADER_MARK)) {
      /* a new album; one without its closing rule still counts */
      a = next_album (albums, a);
      g_clear_pointer (&columns, g_ptr_array_unref);
      part = IN_HEAD;
      continue;
    }
    if (g_str_has_prefix (line, "Analyzed:")
        && (!a || part != IN_HEAD || a->analyzed)) {
      /* the next album of a log with one header for all */
      a = next_album (albums, a);
      g_clear_pointer (&columns, g_ptr_array_unref);
      part = IN_HEAD;
    }
    if (!a)
      continue;
    if (g_str_has_prefix (line, "Analyzed:")) {
      g_free (a->analyzed);
      a->analyzed = g_strstrip (g_strdup (line + strlen ("Analyzed:")));
    } else if (part == IN_HEAD && g_str_has_prefix (line, "DR ")
        && strstr (line, "Duration") && strstr (line, "Track")) {
      glong name_at = g_utf8_pointer_to_offset (line, strstr (line,
              "Track"));

      a->has_columns = strstr (line, "DR (") != NULL;
      if (a->has_columns)
        columns = heading_columns (line,
            name_at + DRMT_REPORT_TRACK_WIDTH);
      part = AFTER_HEADING;
    } else if (g_str_has_prefix (line, "-----")) {
      if (part == AFTER_HEADING)
        part = IN_TRACKS;
      else if (part == IN_TRACKS)
        part = IN_FOOT;
    } else if (part == IN_TRACKS) {
      DrmtLogTrack *t = parse_track (line, columns);

      if (t)
        g_ptr_array_add (a->tracks, t);
    } else if (g_str_has_prefix (line, "Official DR value:")) {
      g_free (a->official);
      a->official = g_strstrip (g_strdup (line +
              strlen ("Official DR value:")));
    } else if (g_str_has_prefix (line, "=====")) {
      g_ptr_array_add (albums, a);
      a = NULL;
      g_clear_pointer (&columns, g_ptr_array_unref);
    }
  }
  if (a && a->tracks->len > 0)
    g_ptr_array_add (albums, a);
  else
    drmt_log_album_free (a);
  if (columns)
    g_ptr_array_unref (columns);
  g_strfreev (lines);
  g_free (utf8);
  return albums;
}

/* ---------------------------------------------------------------- */
/* comparing */

/* The log this scan prints for the album, read back. */
static DrmtLogAlbum *
our_log (const DrmtScannedAlbum * album, GPtrArray * sorted,
    gboolean length_weighting)
{
  GString *text = g_string_new (NULL);
  GDateTime *date = g_date_time_new_from_unix_utc (0);
  GPtrArray *albums;
  DrmtLogAlbum *a = NULL;

  drmt_report_log (text, album, sorted, length_weighting, date);
  albums = drmt_log_parse (text->str, text->len);
  if (albums->len == 1)
    a = g_ptr_array_steal_index (albums, 0);
  g_ptr_array_unref (albums);
  g_date_time_unref (date);
  g_string_free (text, TRUE);
  return a;
}

static DrmtLogTrack *
find_track (DrmtLogAlbum * log, const gchar * name, gboolean * used)
{
  for (guint i = 0; i < log->tracks->len; i++) {
    DrmtLogTrack *t = g_ptr_array_index (log->tracks, i);

    if (!used[i] && strcmp (t->name, name) == 0) {
      used[i] = TRUE;
      return t;
    }
  }
  return NULL;
}

/* The album of @albums whose track names match most of @ours. */
static DrmtLogAlbum *
best_album (GPtrArray * albums, DrmtLogAlbum * ours)
{
  DrmtLogAlbum *best = NULL;
  guint best_n = 0;

  for (guint i = 0; i < albums->len; i++) {
    DrmtLogAlbum *a = g_ptr_array_index (albums, i);
    gboolean *used = g_new0 (gboolean, a->tracks->len);
    guint n = 0;

    for (guint k = 0; k < ours->tracks->len; k++)
      if (find_track (a, ((DrmtLogTrack *) g_ptr_array_index (ours->tracks,
                      k))->name, used))
        n++;
    g_free (used);
    if (!best || n > best_n) {
      best = a;
      best_n = n;
    }
  }
  return best;
}

static void
differ (GString * diffs, const gchar * track, const gchar * what,
    const gchar * ours, const gchar * theirs)
{
  g_string_append_printf (diffs, "  %s: %s: %s, log %s\n", track, what,
      ours ? ours : "none", theirs ? theirs : "none");
}

/* The differences of one track; TRUE if none. */
static gboolean
compare_track (GString * diffs, DrmtLogTrack * m, DrmtLogTrack * l,
    gboolean columns)
{
  gsize before = diffs->len;

  if (strcmp (m->dr, l->dr) != 0)
    differ (diffs, m->name, "DR", m->dr, l->dr);
  if (strcmp (m->peak, l->peak) != 0)
    differ (diffs, m->name, "peak", m->peak, l->peak);
  if (strcmp (m->rms, l->rms) != 0)
    differ (diffs, m->name, "RMS", m->rms, l->rms);
  if (strcmp (m->duration, l->duration) != 0)
    differ (diffs, m->name, "duration", m->duration, l->duration);
  if (columns) {
    GList *keys = g_list_sort (g_list_concat (g_hash_table_get_keys
            (m->columns), g_hash_table_get_keys (l->columns)),
        (GCompareFunc) strcmp);

    for (GList * k = keys; k; k = k->next) {
      const gchar *ours = g_hash_table_lookup (m->columns, k->data);
      const gchar *theirs = g_hash_table_lookup (l->columns, k->data);

      if (k->next && strcmp (k->data, k->next->data) == 0)
        continue;               /* in both lists: once */
      if (g_strcmp0 (ours, theirs) != 0)
        differ (diffs, m->name, k->data, ours, theirs);
    }
    g_list_free (keys);
  }
  return diffs->len == before;
}

/* One log file against the measurement; FALSE on a difference. */
static gboolean
check_log (GString * out, const DrmtScannedAlbum * album, DrmtLogAlbum * ours,
    const gchar * file, GPtrArray * albums)
{
  DrmtLogAlbum *log = best_album (albums, ours);
  gboolean *used = g_new0 (gboolean, log->tracks->len);
  GString *diffs = g_string_new (NULL);
  gboolean columns = log->has_columns && ours->has_columns;
  gboolean official_same = g_strcmp0 (ours->official, log->official) == 0;
  guint same = 0;
  gchar *name = g_filename_display_basename (file);

  for (guint k = 0; k < ours->tracks->len; k++) {
    DrmtLogTrack *m = g_ptr_array_index (ours->tracks, k);
    DrmtLogTrack *l = find_track (log, m->name, used);

    if (!l)
      g_string_append_printf (diffs, "  %s: not in the log\n", m->name);
    else if (compare_track (diffs, m, l, columns))
      same++;
  }
  for (guint i = 0; i < log->tracks->len; i++)
    if (!used[i])
      g_string_append_printf (diffs, "  %s: in the log only\n",
          ((DrmtLogTrack *) g_ptr_array_index (log->tracks, i))->name);
  if (!official_same)
    g_string_append_printf (diffs, "  Official DR value: %s, log %s\n",
        ours->official ? ours->official : "none",
        log->official ? log->official : "none");
  g_string_append_printf (out, "%s: %s: %u of %u tracks identical, "
      "Official DR value %s%s\n", album->display, name, same,
      ours->tracks->len, official_same ? "identical" : "differs",
      columns ? "" : " (the log has no per-channel columns)");
  g_string_append_len (out, diffs->str, diffs->len);
  g_free (name);
  g_free (used);
  g_string_free (diffs, TRUE);
  return same == ours->tracks->len && log->tracks->len == ours->tracks->len
      && official_same;
}

/* The folder's logs: foo_dr.txt first, then any other small file that
 * starts as one, in name order (only a file's first bytes are read to
 * tell). */
static GPtrArray *
find_logs (const gchar * folder)
{
  GDir *dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *logs = g_ptr_array_new_with_free_func (g_free);
  const gchar *name;

  if (!dir)
    return logs;
  while ((name = g_dir_read_name (dir)))
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++) {
    gchar *path = g_build_filename (folder, g_ptr_array_index (names, i),
        NULL);
    GStatBuf st;
    FILE *f;
    gchar peek[PEEK_SIZE];
    gsize n = 0;

    if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode)
        && st.st_size <= MAX_LOG_SIZE && (f = g_fopen (path, "rb"))) {
      n = fread (peek, 1, sizeof peek, f);
      fclose (f);
    }
    if (n > 0 && drmt_log_is_log (peek, n)) {
      if (strcmp (g_ptr_array_index (names, i), "foo_dr.txt") == 0)
        g_ptr_array_insert (logs, 0, path);
      else
        g_ptr_array_add (logs, path);
    } else {
      g_free (path);
    }
  }
  g_ptr_array_unref (names);
  return logs;
}

gboolean
drmt_check_logs_album (GString * out, const DrmtScannedAlbum * album,
    GPtrArray * sorted, gboolean length_weighting, guint * checked)
{
  GPtrArray *logs = find_logs (album->path);
  DrmtLogAlbum *ours = NULL;
  gboolean ok = TRUE;

  if (logs->len > 0)
    ours = our_log (album, sorted, length_weighting);
  for (guint i = 0; ours && i < logs->len; i++) {
    const gchar *path = g_ptr_array_index (logs, i);
    gchar *text = NULL;
    gsize len = 0;
    GError *err = NULL;
    GPtrArray *albums;

    if (!g_file_get_contents (path, &text, &len, &err)) {
      g_string_append_printf (out, "%s: %s\n", album->display,
          err->message);
      g_error_free (err);
      ok = FALSE;
      continue;
    }
    albums = drmt_log_parse (text, len);
    if (albums->len == 0) {
      gchar *name = g_filename_display_basename (path);

      g_string_append_printf (out, "%s: %s: no album in the log\n",
          album->display, name);
      g_free (name);
      ok = FALSE;
    } else if (!check_log (out, album, ours, path, albums)) {
      ok = FALSE;
    }
    (*checked)++;
    g_ptr_array_unref (albums);
    g_free (text);
  }
  drmt_log_album_free (ours);
  g_ptr_array_unref (logs);
  return ok;
}
