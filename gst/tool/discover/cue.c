/* gst-drmeter: reading CUE sheets (with libcue) into tracks of images.
 *
 * libcue does the parsing; what is added here is what a measurement needs
 * and libcue leaves open: the text's encoding, where each track starts and
 * ends (foobar2000's rule: a track runs from its INDEX 01 to the next
 * track's INDEX 01 in the same file, the last one to the end of its file),
 * and which tracks a sheet's mistakes make unmeasurable.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <libcue.h>
#include "cue.h"

/* ---- encoding ---- */

/* Windows-1252 0x80..0x9F; 0 where it defines no character. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static gchar *
cp1252_to_utf8 (const gchar * data, gsize len)
{
  GString *out = g_string_sized_new (len + len / 2);
  gsize i;

  for (i = 0; i < len; i++) {
    guchar b = (guchar) data[i];

    if (b < 0x80)
      g_string_append_c (out, (gchar) b);
    else if (b < 0xA0)
      g_string_append_unichar (out, cp1252_high[b - 0x80] ?
          cp1252_high[b - 0x80] : 0xFFFD);
    else
      g_string_append_unichar (out, b);
  }
  return g_string_free (out, FALSE);
}

gchar *
drmt_cue_text_to_utf8 (const gchar * data, gsize len)
{
  const gchar *charset = NULL;
  gchar *text;

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  } else if (len >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0
          || memcmp (data, "\xFE\xFF", 2) == 0)) {
    text = g_convert (data + 2, len - 2, "UTF-8",
        data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", NULL, NULL, NULL);
    if (text)
      return text;
  }
  /* NUL bytes would end the text early: a sheet never holds one. */
  if (g_utf8_validate_len (data, len, NULL) && !memchr (data, 0, len))
    return g_strndup (data, len);
  if (!g_get_charset (&charset)) {
    text = g_convert (data, len, "UTF-8", charset, NULL, NULL, NULL);
    if (text && strlen (text) > 0)
      return text;
    g_free (text);
  }
  return cp1252_to_utf8 (data, len);
}

/* ---- parsing ---- */

/* libcue's grammar knows these FILE types only; a sheet that names the
 * file's real format ("APE", "WAVPACK", ...) would lose its FILE line.
 * The type says nothing the decoder needs, so an unknown one is read as
 * WAVE (what rippers write for every format). */
static const gchar *const known_file_types[] = {
  "BINARY", "MOTOROLA", "AIFF", "WAVE", "MP3", "FLAC", NULL
};

static gchar *
normalize_file_types (const gchar * text)
{
  gchar **lines = g_strsplit (text, "\n", -1);
  gchar *out;
  guint i;

  for (i = 0; lines[i]; i++) {
    gchar *l = lines[i], *type, *end;
    gboolean known = FALSE;

    while (*l == ' ' || *l == '\t')
      l++;
    if (g_ascii_strncasecmp (l, "FILE", 4) != 0 || (l[4] != ' '
            && l[4] != '\t'))
      continue;
    /* the type is the last word, after the (quoted) name */
    end = l + strlen (l);
    while (end > l && g_ascii_isspace (end[-1]))
      end--;
    type = end;
    while (type > l && !g_ascii_isspace (type[-1]) && type[-1] != '"')
      type--;
    if (type == end || type[-1] == '"' || type <= l + 5)
      continue;
    for (guint k = 0; known_file_types[k]; k++)
      if ((gsize) (end - type) == strlen (known_file_types[k])
          && g_ascii_strncasecmp (type, known_file_types[k], end - type) == 0)
        known = TRUE;
    if (!known) {
      gchar *fixed = g_strdup_printf ("%.*sWAVE%s", (int) (type - lines[i]),
          lines[i], end);

      g_free (lines[i]);
      lines[i] = fixed;
    }
  }
  out = g_strjoinv ("\n", lines);
  g_strfreev (lines);
  return out;
}

/* libcue writes its complaints to stderr ("3: syntax error"): they are
 * caught and become the reason given for the sheet. libcue is not
 * reentrant either: one parse at a time. */
static Cd *
parse_quietly (const gchar * text, gchar ** complaint)
{
  static GMutex one_at_a_time;
  FILE *tmp;
  int saved = -1;
  Cd *cd;

  /* embedded sheets are parsed on streaming threads */
  g_mutex_lock (&one_at_a_time);
  tmp = tmpfile ();
  fflush (stderr);
  if (tmp) {
    saved = dup (STDERR_FILENO);
    if (saved >= 0)
      dup2 (fileno (tmp), STDERR_FILENO);
  }
  cd = cue_parse_string (text);
  fflush (stderr);
  if (saved >= 0) {
    dup2 (saved, STDERR_FILENO);
    close (saved);
  }
  *complaint = NULL;
  if (tmp) {
    gchar line[256];

    rewind (tmp);
    if (fgets (line, sizeof line, tmp)) {
      gchar *colon = strchr (line, ':');

      g_strchomp (line);
      if (colon && colon != line && strspn (line, "0123456789") ==
          (gsize) (colon - line))
        *complaint = g_strdup_printf ("line %.*s:%s", (int) (colon - line),
            line, colon + 1);
      else
        *complaint = g_strdup (line);
    }
    fclose (tmp);
  }
  g_mutex_unlock (&one_at_a_time);
  return cd;
}

static gchar *
dup_nonempty (const gchar * s)
{
  return s && *s ? g_strdup (s) : NULL;
}

gchar *
drmt_cue_time_string (gint64 f)
{
  if (f < 0)
    return g_strdup ("?");
  return g_strdup_printf ("%02" G_GINT64_FORMAT ":%02d:%02d",
      f / (60 * DRMT_CUE_FPS), (int) (f / DRMT_CUE_FPS % 60),
      (int) (f % DRMT_CUE_FPS));
}

guint64
drmt_cue_sample_of (gint64 cd_frames, guint rate)
{
  if (cd_frames <= 0)
    return 0;
  /* rate x f / 75, halves up: exact in integers */
  return ((guint64) cd_frames * rate * 2 + DRMT_CUE_FPS) / (2 * DRMT_CUE_FPS);
}

static void
cue_track_free (DrmtCueTrack * t)
{
  g_free (t->title);
  g_free (t->performer);
  g_free (t->file);
  g_free (t->error);
  g_free (t);
}

void
drmt_cue_sheet_free (DrmtCueSheet * sheet)
{
  if (!sheet)
    return;
  g_free (sheet->title);
  g_free (sheet->performer);
  g_ptr_array_unref (sheet->tracks);
  g_ptr_array_unref (sheet->files);
  g_free (sheet);
}

static void
set_error (DrmtCueTrack * t, gchar * reason)
{
  if (t->error)
    g_free (reason);            /* the first problem found is the one told */
  else
    t->error = reason;
}

/* A track of the sheet as libcue read it, data tracks included: they end
 * the audio track before them but are not measured. */
typedef struct {
  DrmtCueTrack *t;              /* NULL for a data track */
  const gchar *file;
  gint64 start;
} Entry;

static void
check_order (Entry * e, guint n)
{
  for (guint i = 0; i + 1 < n; i++) {
    Entry *a = &e[i], *b = &e[i + 1];
    gchar *ta, *tb;

    if (!a->file || !b->file || strcmp (a->file, b->file) != 0)
      continue;
    if (a->start < 0 || b->start < 0 || b->start > a->start) {
      if (a->t && b->start >= 0)
        a->t->end = b->start;
      else if (a->t && b->start < 0)
        set_error (a->t, g_strdup_printf ("its end is unknown: track %u "
                "has no INDEX 01", i + 2));
      continue;
    }
    ta = drmt_cue_time_string (a->start);
    tb = drmt_cue_time_string (b->start);
    if (a->t)
      set_error (a->t, g_strdup_printf ("INDEXes out of order: the next "
              "track's INDEX 01 (%s) is not after this track's (%s)", tb,
              ta));
    if (b->t)
      set_error (b->t, g_strdup_printf ("INDEXes out of order: INDEX 01 "
              "(%s) is not after the previous track's (%s)", tb, ta));
    g_free (ta);
    g_free (tb);
  }
}

/* INDEX 01, 02, ... of one track must go forward (INDEX 00 may lie in
 * the previous FILE, so it is not compared). */
static gboolean
indexes_ascending (const Track * track)
{
  long last = -1;

  for (int i = 1; i <= 99; i++) {
    long v = track_get_index (track, i);

    if (v < 0)
      continue;
    if (v <= last)
      return FALSE;
    last = v;
  }
  return TRUE;
}

DrmtCueSheet *
drmt_cue_sheet_parse (const gchar * text, gchar ** error)
{
  gchar *fixed = normalize_file_types (text), *complaint = NULL;
  Cd *cd = parse_quietly (fixed, &complaint);
  DrmtCueSheet *sheet;
  Cdtext *cdt;
  Entry *entries;
  gint n, i;

  g_free (fixed);
  if (!cd) {
    *error = g_strdup_printf ("unparsable CUE sheet (%s)",
        complaint ? complaint : "libcue cannot read it");
    g_free (complaint);
    return NULL;
  }
  g_free (complaint);

  sheet = g_new0 (DrmtCueSheet, 1);
  sheet->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify)
      cue_track_free);
  sheet->files = g_ptr_array_new_with_free_func (g_free);
  cdt = cd_get_cdtext (cd);
  sheet->title = dup_nonempty (cdtext_get (PTI_TITLE, cdt));
  sheet->performer = dup_nonempty (cdtext_get (PTI_PERFORMER, cdt));

  n = cd_get_ntrack (cd);
  entries = g_new0 (Entry, MAX (n, 1));
  for (i = 0; i < n; i++) {
    Track *track = cd_get_track (cd, i + 1);
    const gchar *file = track ? track_get_filename (track) : NULL;
    Cdtext *tt;
    DrmtCueTrack *t;

    if (!track)
      continue;
    entries[i].file = file;
    entries[i].start = track_get_index (track, 1);
    if (track_get_mode (track) != MODE_AUDIO)
      continue;

    t = g_new0 (DrmtCueTrack, 1);
    t->number = (guint) i + 1;
    tt = track_get_cdtext (track);
    t->title = dup_nonempty (cdtext_get (PTI_TITLE, tt));
    t->performer = dup_nonempty (cdtext_get (PTI_PERFORMER, tt));
    if (!t->performer)
      t->performer = g_strdup (sheet->performer);
    t->file = dup_nonempty (file);
    t->start = entries[i].start;
    t->end = -1;
    entries[i].t = t;
    g_ptr_array_add (sheet->tracks, t);

    if (!t->file)
      set_error (t, g_strdup ("no FILE for this track"));
    if (t->start < 0)
      set_error (t, g_strdup ("no INDEX 01"));
    else if (!indexes_ascending (track))
      set_error (t, g_strdup ("INDEXes out of order within the track"));
    /* foobar2000 refuses POSTGAP: silence the image does not hold */
    if (track_get_zero_post (track) > 0)
      set_error (t, g_strdup ("POSTGAP (silence that is not in the image) "
              "is not supported"));
    if (t->file) {
      guint k;

      for (k = 0; k < sheet->files->len; k++)
        if (strcmp (g_ptr_array_index (sheet->files, k), t->file) == 0)
          break;
      if (k == sheet->files->len)
        g_ptr_array_add (sheet->files, g_strdup (t->file));
    }
  }
  check_order (entries, (guint) MAX (n, 0));
  g_free (entries);
  cd_delete (cd);

  if (sheet->tracks->len == 0) {
    drmt_cue_sheet_free (sheet);
    *error = g_strdup ("unparsable CUE sheet (no audio track)");
    return NULL;
  }
  return sheet;
}

DrmtCueSheet *
drmt_cue_sheet_load (const gchar * path, gchar ** error)
{
  gchar *data = NULL, *text;
  gsize len = 0;
  GError *err = NULL;
  DrmtCueSheet *sheet;

  if (!g_file_get_contents (path, &data, &len, &err)) {
    *error = g_strdup (err->message);
    g_error_free (err);
    return NULL;
  }
  text = drmt_cue_text_to_utf8 (data, len);
  g_free (data);
  sheet = drmt_cue_sheet_parse (text, error);
  g_free (text);
  return sheet;
}

/* ---- tracks ---- */

void
drmt_cue_fill_track (DrmtScannedTrack * t, const DrmtCueSheet * cs,
    const DrmtCueTrack * ct)
{
  t->cue_start = ct->start;
  t->cue_end = ct->end;
  t->track_number = ct->number;
  t->title = g_strdup (ct->title);
  t->artist = g_strdup (ct->performer);
  t->album = g_strdup (cs->title);
  t->album_artist = g_strdup (cs->performer);
}
