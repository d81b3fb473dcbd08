/* gst-drmeter: --write-tags, --dry-run, --skip-tagged and --remove-tags.
 *
 * The tag phase runs in the main process once an album is complete: a
 * tag is written only when the whole album was measured, so the album
 * value is the one the log prints.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include "output/progress.h"
#include "tagfile.h"
#include "tagphase.h"
#include "tagwrite.h"

static const gchar unsupported[] = "not a format whose "
    "tags gst-drmeter writes (FLAC, Ogg Vorbis, Opus, MP3, MP4/M4A, WAV, "
    "AIFF, WavPack, Monkey's Audio, Musepack)";

static void
fail_track (DrmtScannedTrack * t, const gchar * reason)
{
  gchar *line = g_strconcat ("tags not written: ", reason, NULL);

  t->tag_status = DRMT_TAG_STATUS_FAILED;
  g_free (t->tag_error);
  t->tag_error = g_strdup (reason);
  drmt_print_error (t->display, line);
  g_free (line);
}

static void
print_note (const gchar * file, const gchar * text)
{
  drmt_progress_clear ();
  g_printerr ("gst-drmeter: %s: %s\n", file, text);
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

/* TRUE when another track of @sorted is a part of the same file (the
 * tracks of a CUE sheet's image): a file has one DYNAMIC RANGE. */
static gboolean
shares_file (GPtrArray * sorted, const DrmtScannedTrack * t)
{
  guint i;

  for (i = 0; i < sorted->len; i++) {
    const DrmtScannedTrack *o = g_ptr_array_index (sorted, i);

    if (o != t && o->stamp.device == t->stamp.device
        && o->stamp.inode == t->stamp.inode)
      return TRUE;
  }
  return FALSE;
}

static void
tag_track (DrmtScannedTrack * t, gint album_dr, gboolean shared,
    gboolean dry_run)
{
  gchar *error = NULL;
  DrmtContainer c;
  DrmtDrTags have;

  t->tag_dr = t->dr;
  t->tag_album_dr = album_dr;
  if (shared) {
    fail_track (t, "the file holds several tracks (a CUE sheet's image)");
    return;
  }
  c = drmt_container_of_file (t->path, &error);
  if (error) {
    fail_track (t, error);
    g_free (error);
    return;
  }
  /* an MP3 stream after bytes of something else: TagLib finds it too */
  if (c == DRMT_CONTAINER_UNKNOWN && g_strcmp0 (t->codec, "MP3") == 0)
    c = DRMT_CONTAINER_MP3;
  if (c == DRMT_CONTAINER_UNKNOWN) {
    fail_track (t, unsupported);
    return;
  }
  if (!drmt_tagfile_read (t->path, c, &have, &error)) {
    fail_track (t, error);
    g_free (error);
    return;
  }
  if (have.dr == t->dr && have.album_dr == album_dr && have.n_dr == 1
      && have.n_album_dr == 1) {
    t->tag_status = DRMT_TAG_STATUS_UNCHANGED;
    return;
  }
  if (dry_run) {
    gchar *text = g_strdup_printf ("would write " DRMT_TAG_DR "=%d, "
        DRMT_TAG_ALBUM_DR "=%d (%s)", t->dr, album_dr,
        drmt_container_name (c));

    print_note (t->display, text);
    g_free (text);
    t->tag_status = DRMT_TAG_STATUS_DRY_RUN;
    return;
  }
  if (!drmt_tagwrite_file (t->path, &t->stamp, c, t->dr, album_dr, &error)) {
    fail_track (t, error);
    g_free (error);
    return;
  }
  t->tag_status = DRMT_TAG_STATUS_WRITTEN;
}

void
drmt_tags_album (DrmtScannedAlbum * album, GPtrArray * sorted,
    gboolean length_weighting, gboolean dry_run)
{
  guint failed = album->tracks->len - sorted->len, i;
  gint album_dr;

  if (sorted->len == 0)
    return;
  album_dr = drm_dr_displayed (drmt_scanned_album_dr (sorted,
          length_weighting));
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
    g_free (reason);
    g_free (text);
    return;
  }
  if (!dry_run) {
    drmt_tagwrite_begin ();
    clean_folders (sorted);
  }
  for (i = 0; i < sorted->len; i++)
    tag_track (g_ptr_array_index (sorted, i), album_dr,
        shares_file (sorted, g_ptr_array_index (sorted, i)), dry_run);
  if (!dry_run)
    drmt_tagwrite_end ();
}

static gboolean
has_both (const DrmtScannedTrack * t)
{
  gchar *error = NULL;
  DrmtContainer c = drmt_container_of_file (t->path, &error);
  DrmtDrTags have;
  gboolean both;

  g_free (error);
  if (c == DRMT_CONTAINER_UNKNOWN || !drmt_tagfile_read (t->path, c, &have,
          &error)) {
    g_free (error);
    return FALSE;
  }
  both = have.dr >= 0 && have.album_dr >= 0;
  return both;
}

GPtrArray *
drmt_tags_skip_tagged (GPtrArray * albums)
{
  GPtrArray *skipped = g_ptr_array_new_with_free_func (g_free);
  guint i = 0, j;

  while (i < albums->len) {
    DrmtScannedAlbum *a = g_ptr_array_index (albums, i);
    gboolean all = a->tracks->len > 0;

    for (j = 0; all && j < a->tracks->len; j++)
      all = has_both (g_ptr_array_index (a->tracks, j));
    if (all) {
      g_ptr_array_add (skipped, g_strdup (a->display));
      g_ptr_array_remove_index (albums, i);     /* frees it */
    } else {
      i++;
    }
  }
  return skipped;
}

guint
drmt_tags_remove (GPtrArray * albums, gboolean dry_run)
{
  guint failed = 0, i, j;

  if (!dry_run)
    drmt_tagwrite_begin ();
  for (i = 0; i < albums->len; i++) {
    DrmtScannedAlbum *a = g_ptr_array_index (albums, i);

    if (!dry_run)
      clean_folders (a->tracks);
    for (j = 0; j < a->tracks->len; j++) {
      DrmtScannedTrack *t = g_ptr_array_index (a->tracks, j);
      gchar *error = NULL;
      DrmtContainer c = drmt_container_of_file (t->path, &error);
      DrmtDrTags have;

      /* a file we do not tag holds none of our tags */
      if (!error && c != DRMT_CONTAINER_UNKNOWN
          && drmt_tagfile_read (t->path, c, &have, &error)
          && have.n_dr + have.n_album_dr == 0)
        continue;
      if (!error && c == DRMT_CONTAINER_UNKNOWN)
        continue;
      if (!error && dry_run) {
        print_note (t->display, "would remove " DRMT_TAG_DR " and "
            DRMT_TAG_ALBUM_DR);
        continue;
      }
      if (error || !drmt_tagwrite_file (t->path, &t->stamp, c, -1, -1,
              &error)) {
        gchar *line = g_strconcat ("tags not removed: ", error, NULL);

        drmt_print_error (t->display, line);
        g_free (line);
        failed++;
      }
      g_free (error);
    }
  }
  if (!dry_run)
    drmt_tagwrite_end ();
  return failed;
}
