/* gst-drmeter: --write-tags, --dry-run, --skip-tagged and --remove-tags.
 *
 * The tag phase runs in the main process once an album is complete: a
 * tag is written only when the whole album was measured, so the album
 * value is the one the log prints. What each file held is known from the
 * measuring process, which read it with the file's names (scan.c): the
 * main process reads a file with TagLib only to check what it wrote.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "output/output.h"
#include "formats/formats.h"
#include "tags.h"
#include "tagwrite.h"

static const gchar unsupported[] = "not a format whose "
    "tags gst-drmeter writes (FLAC, Ogg Vorbis, Opus, MP3, MP4/M4A, WAV, "
    "AIFF, WavPack, Monkey's Audio, Musepack, TTA)";

/* Files (an image is one) by outcome, for the summary line. */
static struct {
  guint written, unchanged, would_write, failed, not_written;
  guint removed, would_remove, had_none;
} counts;

static void
print_note (const gchar * file, const gchar * text)
{
  drmt_progress_clear ();
  g_printerr ("gst-drmeter: %s: %s\n", file, text);
}

/* Every track of @tracks failed for @reason, with one line for the file
 * (@tracks: one file's). */
static void
fail_tracks (GPtrArray * tracks, const gchar * reason)
{
  const DrmtScannedTrack *first = g_ptr_array_index (tracks, 0);
  gchar *line = g_strconcat ("tags not written: ", reason, NULL);

  for (guint i = 0; i < tracks->len; i++) {
    DrmtScannedTrack *t = g_ptr_array_index (tracks, i);

    t->tag_status = DRMT_TAG_STATUS_FAILED;
    g_free (t->tag_error);
    t->tag_error = g_strdup (reason);
  }
  /* an image's name, not its first track's */
  drmt_print_error (first->display, line);
  g_free (line);
  counts.failed++;
}

static void
set_status (GPtrArray * tracks, const gchar * status)
{
  for (guint i = 0; i < tracks->len; i++)
    ((DrmtScannedTrack *) g_ptr_array_index (tracks, i))->tag_status = status;
}

/* The folders the album's files really lie in (links followed): stray
 * temporary files of an interrupted run are removed there. */
static void
clean_folders (GPtrArray * sorted)
{
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);
  guint i;

  for (i = 0; i < sorted->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (sorted, i);
    gchar *real = realpath (t->path, NULL);
    gchar *dir;

    if (!real)
      continue;
    dir = g_path_get_dirname (real);
    free (real);
    if (g_hash_table_add (seen, dir)) {
      guint n = drmt_tagwrite_clean_folder (dir);

      if (n > 0) {
        gchar *display = g_filename_display_name (dir);
        gchar *text = g_strdup_printf ("removed %u temporary file%s left by "
            "an interrupted gst-drmeter", n, n == 1 ? "" : "s");

        drmt_print_warning (display, text);
        g_free (text);
        g_free (display);
      }
    }
  }
  g_hash_table_unref (seen);
}

static gboolean
same_file (const DrmtScannedTrack * a, const DrmtScannedTrack * b)
{
  return a->stamp.device == b->stamp.device
      && a->stamp.inode == b->stamp.inode;
}

/* @sorted grouped by file, in log order: arrays of the tracks of one
 * file (a CUE sheet's image has several). */
static GPtrArray *
by_file (GPtrArray * sorted)
{
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify)
      g_ptr_array_unref);

  for (guint i = 0; i < sorted->len; i++) {
    DrmtScannedTrack *t = g_ptr_array_index (sorted, i);
    GPtrArray *file = NULL;

    for (guint j = 0; j < files->len && !file; j++) {
      GPtrArray *f = g_ptr_array_index (files, j);

      if (same_file (g_ptr_array_index (f, 0), t))
        file = f;
    }
    if (!file) {
      file = g_ptr_array_new ();
      g_ptr_array_add (files, file);
    }
    g_ptr_array_add (file, t);
  }
  return files;
}

/* The values one file gets: a file its track's DR; an image (tracks of
 * a sheet) each track's as CUE_TRACKnn_DYNAMIC RANGE, and no DYNAMIC
 * RANGE of its own (foobar2000 would give it to every track). FALSE with
 * *why when two tracks share a number modulo 100. */
static gboolean
values_of (GPtrArray * tracks, gint album_dr, DrmtDrValues * v, gchar ** why)
{
  const DrmtScannedTrack *first = g_ptr_array_index (tracks, 0);

  drmt_dr_values_init (v);
  v->album_dr = album_dr;
  if (!first->cue_sheet) {
    v->dr = first->dr;
    return TRUE;
  }
  for (guint i = 0; i < tracks->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (tracks, i);
    guint nn = t->track_number % DRMT_TAG_CUE_TRACKS;

    if (v->cue_dr[nn] >= 0) {
      *why = g_strdup_printf ("two tracks of the image are numbered %02u "
          "(modulo 100)", nn);
      return FALSE;
    }
    v->cue_dr[nn] = t->dr;
  }
  return TRUE;
}

/* The file already holds exactly @v (as its measuring process read it). */
static gboolean
holds (GPtrArray * tracks, const DrmtDrValues * v)
{
  const DrmtScannedTrack *first = g_ptr_array_index (tracks, 0);

  for (guint i = 0; i < tracks->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (tracks, i);
    const DrmtHadTags *h = &t->had;

    if (!t->tags_read || h->misplaced || h->dr != t->dr || h->n_dr != 1
        || h->album_dr != v->album_dr || h->n_album_dr != 1)
      return FALSE;
  }
  /* no field of a track that is not there (or of the file, for an image) */
  return first->had.n_cue == (first->cue_sheet ? tracks->len : 0);
}

/* An image whose sheet lies beside it: players that read that sheet read
 * no per-track field of the image (foobar2000 and CUETools take
 * CUE_TRACKnn_ fields only from an image with its sheet embedded). */
static void
note_external_sheet (const DrmtScannedTrack * first, gboolean dry_run)
{
  gchar *sheet;
  gchar *text;

  if (!first->cue_sheet || g_strcmp0 (first->cue_sheet, first->display) == 0)
    return;
  sheet = g_path_get_basename (first->cue_sheet);
  text = g_strdup_printf ("note: each track's DR %s as " DRMT_TAG_CUE_PREFIX
      "nn_" DRMT_TAG_DR ", which players read only from an image whose sheet "
      "is embedded (a CUESHEET tag), not with %s beside it; " DRMT_TAG_ALBUM_DR
      " serves every track", dry_run ? "would be written" : "is written",
      sheet);
  print_note (first->display, text);
  g_free (text);
  g_free (sheet);
}

static void
tag_file (GPtrArray * tracks, gint album_dr, gboolean dry_run)
{
  DrmtScannedTrack *first = g_ptr_array_index (tracks, 0);
  gchar *error = NULL;
  DrmtContainer c;
  DrmtDrValues v;

  for (guint i = 0; i < tracks->len; i++) {
    DrmtScannedTrack *t = g_ptr_array_index (tracks, i);

    t->tag_dr = t->dr;
    t->tag_album_dr = album_dr;
  }
  c = drmt_container_of_file (first->path, &error);
  if (!error && !values_of (tracks, album_dr, &v, &error))
    c = DRMT_CONTAINER_UNKNOWN;
  if (error) {
    fail_tracks (tracks, error);
    g_free (error);
    return;
  }
  /* an MP3 stream after bytes of something else: TagLib finds it too */
  if (c == DRMT_CONTAINER_UNKNOWN && g_strcmp0 (first->codec, "MP3") == 0)
    c = DRMT_CONTAINER_MP3;
  if (c == DRMT_CONTAINER_UNKNOWN) {
    fail_tracks (tracks, unsupported);
    return;
  }
  if (holds (tracks, &v)) {
    set_status (tracks, DRMT_TAG_STATUS_UNCHANGED);
    counts.unchanged++;
    return;
  }
  if (dry_run) {
    gchar *text = first->cue_sheet ?
        g_strdup_printf ("would write " DRMT_TAG_ALBUM_DR "=%d and "
        DRMT_TAG_CUE_PREFIX "nn_" DRMT_TAG_DR " for %u tracks (%s)", album_dr,
        tracks->len, drmt_container_name (c)) :
        g_strdup_printf ("would write " DRMT_TAG_DR "=%d, " DRMT_TAG_ALBUM_DR
        "=%d (%s)", first->dr, album_dr, drmt_container_name (c));

    print_note (first->display, text);
    g_free (text);
    note_external_sheet (first, TRUE);
    set_status (tracks, DRMT_TAG_STATUS_DRY_RUN);
    counts.would_write++;
    return;
  }
  if (!drmt_tagwrite_file (first->path, &first->stamp, c, &v, &error)) {
    fail_tracks (tracks, error);
    g_free (error);
    return;
  }
  note_external_sheet (first, FALSE);
  set_status (tracks, DRMT_TAG_STATUS_WRITTEN);
  counts.written++;
}

void
drmt_tags_album (DrmtScannedAlbum * album, GPtrArray * sorted,
    gboolean length_weighting, gboolean dry_run)
{
  guint failed = album->tracks->len - sorted->len, i;
  GPtrArray *files;
  gint album_dr;

  if (sorted->len == 0)
    return;
  album_dr = drm_dr_displayed (drmt_scanned_album_dr (sorted,
          length_weighting));
  files = by_file (sorted);
  if (failed > 0) {
    gchar *reason = g_strdup_printf ("%u of %u files could not be measured",
        failed, album->tracks->len);
    gchar *text = g_strconcat ("tags not written: ", reason, NULL);

    for (i = 0; i < sorted->len; i++) {
      DrmtScannedTrack *t = g_ptr_array_index (sorted, i);

      t->tag_status = DRMT_TAG_STATUS_ALBUM_FAILED;
      t->tag_dr = t->dr;
      t->tag_album_dr = album_dr;
      g_free (t->tag_error);
      t->tag_error = g_strdup (reason);
    }
    drmt_print_warning (album->display, text);
    counts.not_written += files->len;
    g_free (reason);
    g_free (text);
    g_ptr_array_unref (files);
    return;
  }
  if (!dry_run) {
    drmt_tagwrite_begin ();
    clean_folders (sorted);
  }
  for (i = 0; i < files->len; i++)
    tag_file (g_ptr_array_index (files, i), album_dr, dry_run);
  if (!dry_run)
    drmt_tagwrite_end ();
  g_ptr_array_unref (files);
}

/* ---------------------------------------------------------------- */
/* --skip-tagged */

/* @t (a file, or a track of an image whose sheet lies beside it) has its
 * DR tags: the album's, and the track's own. */
static guint8
is_tagged (const DrmtScannedTrack * t)
{
  gchar *error = NULL;
  DrmtContainer c = drmt_container_of_file (t->path, &error);
  DrmtDrTags have;

  if (error || c == DRMT_CONTAINER_UNKNOWN
      || !drmt_tagfile_read (t->path, c, &have, &error)) {
    g_free (error);
    return FALSE;
  }
  if (have.album_dr < 0)
    return FALSE;
  if (t->cue_sheet) {
    guint nn = t->track_number % DRMT_TAG_CUE_TRACKS;

    /* its own field, else the file's, which is every track's */
    return (have.n_cue_dr[nn] > 0 ? have.cue_dr[nn] : have.dr) >= 0;
  }
  /* a file whose own sheet (embedded) cuts it keeps its tracks' values
   * as CUE_TRACKnn_ fields */
  return have.dr >= 0 || have.n_cue > 0;
}

/* No answer for this long: the child reading tags is stuck on a file. */
#define READER_TIMEOUT_MS 30000

/* Fills @out (one byte per track of @tracks) with @answer's answers,
 * asked in a child process: a file that makes TagLib crash or hang gets
 * @failed, and the run goes on. */
static void
read_in_child (GPtrArray * tracks, guint8 (*answer) (const DrmtScannedTrack *),
    guint8 failed, guint8 * tagged)
{
  guint next = 0;

  while (next < tracks->len) {
    int fds[2];
    pid_t pid;
    guint got = 0;
    guint8 buf[256];
    ssize_t n;

    if (pipe (fds) != 0 || (pid = fork ()) < 0) {
      /* no child: read here */
      for (; next < tracks->len; next++)
        tagged[next] = answer (g_ptr_array_index (tracks, next));
      return;
    }
    if (pid == 0) {
      close (fds[0]);
      for (guint i = next; i < tracks->len; i++) {
        guint8 b = answer (g_ptr_array_index (tracks, i));

        if (write (fds[1], &b, 1) != 1)
          _exit (1);
      }
      _exit (0);
    }
    close (fds[1]);
    for (;;) {
      struct pollfd pfd = { fds[0], POLLIN, 0 };
      int ready = poll (&pfd, 1, READER_TIMEOUT_MS);

      if (ready < 0 && errno == EINTR)
        continue;
      if (ready <= 0) {         /* a file that hangs TagLib */
        kill (pid, SIGKILL);
        break;
      }
      n = read (fds[0], buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      memcpy (tagged + next + got, buf, MIN ((guint) n,
              tracks->len - next - got));
      got += MIN ((guint) n, tracks->len - next - got);
    }
    close (fds[0]);
    while (waitpid (pid, NULL, 0) < 0 && errno == EINTR);
    next += got;
    if (next < tracks->len)
      tagged[next++] = failed;  /* the reader died on it */
  }
}

GPtrArray *
drmt_tags_skip_tagged (GPtrArray * albums)
{
  GPtrArray *skipped = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *all = g_ptr_array_new ();
  guint8 *tagged;
  guint i = 0, j, k = 0;

  for (i = 0; i < albums->len; i++) {
    DrmtScannedAlbum *a = g_ptr_array_index (albums, i);

    for (j = 0; j < a->tracks->len; j++)
      g_ptr_array_add (all, g_ptr_array_index (a->tracks, j));
  }
  tagged = g_new0 (guint8, all->len + 1);
  /* a file TagLib fails on is measured */
  read_in_child (all, is_tagged, FALSE, tagged);
  i = 0;
  while (i < albums->len) {
    DrmtScannedAlbum *a = g_ptr_array_index (albums, i);
    gboolean every = a->tracks->len > 0;

    for (j = 0; j < a->tracks->len; j++)
      every = every && tagged[k + j];
    k += a->tracks->len;
    if (every) {
      g_ptr_array_add (skipped, g_strdup (a->display));
      g_ptr_array_remove_index (albums, i);     /* frees it */
    } else {
      i++;
    }
  }
  g_free (tagged);
  g_ptr_array_unref (all);
  return skipped;
}

/* ---------------------------------------------------------------- */
/* --remove-tags */

/* What --remove-tags finds in a file. */
enum {
  HAS_NONE,                     /* also: not a format we tag */
  HAS_TAGS,
  HAS_UNREADABLE,               /* TagLib cannot read it: say why */
  HAS_CRASHED,                  /* TagLib crashed or hung on it */
};

static guint8
has_tags (const DrmtScannedTrack * t)
{
  gchar *error = NULL;
  DrmtContainer c = drmt_container_of_file (t->path, &error);
  DrmtDrTags have;
  guint8 r = HAS_UNREADABLE;

  if (!error && c == DRMT_CONTAINER_UNKNOWN)
    r = HAS_NONE;
  else if (!error && drmt_tagfile_read (t->path, c, &have, &error))
    r = drmt_dr_tags_match (&have, NULL) ? HAS_NONE : HAS_TAGS;
  g_free (error);
  return r;
}

static void
remove_file (const DrmtScannedTrack * t, guint8 has, gboolean dry_run)
{
  gchar *error = NULL;
  DrmtContainer c;

  if (has == HAS_NONE) {
    counts.had_none++;
    return;
  }
  c = drmt_container_of_file (t->path, &error);
  if (has == HAS_CRASHED && !error)
    error = g_strdup ("TagLib failed reading the file");
  else if (has == HAS_UNREADABLE && !error)
    error = g_strdup_printf ("TagLib cannot read the file as %s",
        drmt_container_name (c));
  if (!error && dry_run) {
    print_note (t->display, "would remove " DRMT_TAG_DR " and "
        DRMT_TAG_ALBUM_DR);
    counts.would_remove++;
    return;
  }
  if (error || !drmt_tagwrite_file (t->path, &t->stamp, c, NULL, &error)) {
    gchar *line = g_strconcat ("tags not removed: ", error, NULL);

    drmt_print_error (t->display, line);
    g_free (line);
    counts.failed++;
  } else {
    counts.removed++;
  }
  g_free (error);
}

guint
drmt_tags_remove (GPtrArray * albums, gboolean dry_run)
{
  guint failed = counts.failed, i, j, k = 0;
  GPtrArray *firsts = g_ptr_array_new ();
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify)
      g_ptr_array_unref);
  guint8 *has;

  /* one answer per file (an image is one), read in a child process */
  for (i = 0; i < albums->len; i++) {
    GPtrArray *files = by_file (((DrmtScannedAlbum *)
            g_ptr_array_index (albums, i))->tracks);

    for (j = 0; j < files->len; j++) {
      GPtrArray *file = g_ptr_array_index (files, j);

      g_ptr_array_add (firsts, g_ptr_array_index (file, 0));
    }
    g_ptr_array_add (all, files);
  }
  has = g_new0 (guint8, firsts->len + 1);
  read_in_child (firsts, has_tags, HAS_CRASHED, has);
  if (!dry_run)
    drmt_tagwrite_begin ();
  for (i = 0; i < albums->len; i++) {
    DrmtScannedAlbum *a = g_ptr_array_index (albums, i);
    GPtrArray *files = g_ptr_array_index (all, i);

    if (!dry_run)
      clean_folders (a->tracks);
    for (j = 0; j < files->len; j++, k++)
      remove_file (g_ptr_array_index (firsts, k), has[k], dry_run);
  }
  if (!dry_run)
    drmt_tagwrite_end ();
  g_free (has);
  g_ptr_array_unref (firsts);
  g_ptr_array_unref (all);
  return counts.failed - failed;
}

void
drmt_tags_summary (gboolean remove, gboolean dry_run)
{
  GString *s = g_string_new ("gst-drmeter: tags");

  if (dry_run)
    g_string_append (s, " (dry run)");
  if (remove)
    g_string_append_printf (s, ": %u %s, %u had none, %u failed",
        dry_run ? counts.would_remove : counts.removed,
        dry_run ? "would be removed" : "removed", counts.had_none,
        counts.failed);
  else
    g_string_append_printf (s, ": %u %s, %u unchanged, %u failed",
        dry_run ? counts.would_write : counts.written,
        dry_run ? "would be written" : "written", counts.unchanged,
        counts.failed);
  if (!remove && counts.not_written > 0)
    g_string_append_printf (s, ", %u not written (album not measured "
        "whole)", counts.not_written);
  drmt_progress_clear ();
  g_printerr ("%s\n", s->str);
  g_string_free (s, TRUE);
}
