/* gst-drmeter: from the command line's paths to albums (one per folder).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include "walk.h"
#include "progress.h"

/* Names a folder walk picks up. Files named on the command line are tried
 * whatever their name. */
static const gchar *const media_extensions[] = {
  "flac", "fla", "oga", "ogg", "ogx", "opus", "spx", "wav", "wave", "w64",
  "rf64", "bwf", "aif", "aiff", "aifc", "afc", "au", "snd", "caf", "mp3",
  "mp2", "mp1", "mpa", "mpc", "mp+", "mpp", "m4a", "m4b", "m4r", "mp4",
  "m4v", "mov", "3gp", "3g2", "aac", "adts", "alac", "wv", "ape", "tta",
  "tak", "ofr", "ofs", "shn", "wma", "asf", "wmv", "mka", "mkv", "webm",
  "avi", "ac3", "eac3", "ec3", "dts", "dtshd", "thd", "mlp", "amr", "awb",
  "ra", "rm", "rmvb", "voc", "ts", "m2ts", "mts", "mpg", "mpeg", "vob",
  "flv", "dsf", "dff", "8svx", "iff", "gsm", NULL
};

gboolean
drmt_walk_is_media_name (const gchar * name)
{
  const gchar *dot = strrchr (name, '.');
  gchar *ct;
  gboolean media = FALSE;
  guint i;

  if (dot && dot != name && dot[1]) {
    for (i = 0; media_extensions[i]; i++)
      if (g_ascii_strcasecmp (dot + 1, media_extensions[i]) == 0)
        return TRUE;
  }
  /* Anything else the shared MIME database calls audio or video. */
  ct = g_content_type_guess (name, NULL, 0, NULL);
  if (ct) {
    gchar *mime = g_content_type_get_mime_type (ct);
    media = mime && (g_str_has_prefix (mime, "audio/")
        || g_str_has_prefix (mime, "video/"));
    g_free (mime);
    g_free (ct);
  }
  return media;
}

typedef struct {
  gboolean all_files;
  guint n_errors;
  GPtrArray *albums;            /* DrmtScannedAlbum*, in listing order */
  /* "dev:ino" of the folder -> DrmtScannedAlbum* */
  GHashTable *album_of_dir;
  GHashTable *dirs_seen;        /* "dev:ino" of walked folders */
  GHashTable *files_seen;       /* "dev:ino" of files */
} Walk;

static gchar *
inode_key (const GStatBuf * st)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
      (guint64) st->st_dev, (guint64) st->st_ino);
}

static void
walk_error (Walk * w, const gchar * path, const gchar * reason)
{
  gchar *display = g_filename_display_name (path);

  drmt_print_error (display, reason);
  g_free (display);
  w->n_errors++;
}

/* The album of the folder @dir (@dir_st its stat), created on first use. */
static DrmtScannedAlbum *
album_for (Walk * w, const gchar * dir, const GStatBuf * dir_st)
{
  gchar *key = inode_key (dir_st);
  DrmtScannedAlbum *album = g_hash_table_lookup (w->album_of_dir, key);

  if (!album) {
    album = drmt_scanned_album_new (dir);
    g_ptr_array_add (w->albums, album);
    g_hash_table_insert (w->album_of_dir, key, album);
  } else {
    g_free (key);
  }
  return album;
}

static void
add_file (Walk * w, DrmtScannedAlbum * album, const gchar * path,
    const GStatBuf * st)
{
  gchar *key = inode_key (st);
  DrmtScannedTrack *t;

  if (!g_hash_table_add (w->files_seen, key))
    return;                     /* the same file by another way */
  t = drmt_scanned_track_new (path, (guint64) st->st_size);
  drmt_file_stamp_from_stat (&t->stamp, st);
  t->walk_index = album->tracks->len;
  g_ptr_array_add (album->tracks, t);
}

static gint
compare_entry (gconstpointer a, gconstpointer b)
{
  return drmt_compare_names (*(const gchar * const *) a,
      *(const gchar * const *) b);
}

static void
walk_dir (Walk * w, const gchar * dir, const GStatBuf * dir_st)
{
  DIR *d;
  struct dirent *e;
  GPtrArray *names, *subdirs;
  DrmtScannedAlbum *album = NULL;
  guint i;

  /* Each folder once: symbolic link loops end here. */
  if (!g_hash_table_add (w->dirs_seen, inode_key (dir_st)))
    return;

  d = opendir (dir);
  if (!d) {
    walk_error (w, dir, g_strerror (errno));
    return;
  }
  names = g_ptr_array_new_with_free_func (g_free);
  /* Hidden entries are left alone: ".", "..", and the "._*" resource-fork
   * files macOS leaves next to music, which are not audio. */
  while ((e = readdir (d))) {
    if (e->d_name[0] != '.')
      g_ptr_array_add (names, g_strdup (e->d_name));
  }
  closedir (d);
  g_ptr_array_sort (names, compare_entry);

  subdirs = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; i < names->len; i++) {
    const gchar *n = g_ptr_array_index (names, i);
    gchar *path = g_build_filename (dir, n, NULL);
    GStatBuf st;

    if (g_stat (path, &st) != 0) {
      /* a dangling link: worth a line only if it looks like music */
      if (w->all_files || drmt_walk_is_media_name (n))
        walk_error (w, path, g_strerror (errno));
      g_free (path);
      continue;
    }
    if (S_ISDIR (st.st_mode)) {
      g_ptr_array_add (subdirs, path);
      continue;
    }
    if (S_ISREG (st.st_mode) && (w->all_files || drmt_walk_is_media_name (n))) {
      if (!album)
        album = album_for (w, dir, dir_st);
      add_file (w, album, path, &st);
    }
    g_free (path);
  }
  g_ptr_array_unref (names);

  for (i = 0; i < subdirs->len; i++) {
    const gchar *sub = g_ptr_array_index (subdirs, i);
    GStatBuf st;

    if (g_stat (sub, &st) == 0)
      walk_dir (w, sub, &st);
  }
  g_ptr_array_unref (subdirs);
}

static void
walk_arg (Walk * w, const gchar * path)
{
  GStatBuf st, dir_st;
  gchar *dir;

  if (g_stat (path, &st) != 0) {
    walk_error (w, path, g_strerror (errno));
    return;
  }
  if (S_ISDIR (st.st_mode)) {
    walk_dir (w, path, &st);
    return;
  }
  if (!S_ISREG (st.st_mode)) {
    walk_error (w, path, "not a regular file");
    return;
  }
  dir = g_path_get_dirname (path);
  if (g_stat (dir, &dir_st) != 0) {
    walk_error (w, path, g_strerror (errno));
    g_free (dir);
    return;
  }
  add_file (w, album_for (w, dir, &dir_st), path, &st);
  g_free (dir);
}

GPtrArray *
drmt_walk (gchar ** paths, gboolean all_files, guint * n_errors)
{
  Walk w = { 0 };
  GPtrArray *albums;
  guint i;

  w.all_files = all_files;
  w.albums = g_ptr_array_new ();
  w.album_of_dir = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);
  w.dirs_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w.files_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (i = 0; paths && paths[i]; i++)
    walk_arg (&w, paths[i]);

  g_hash_table_unref (w.album_of_dir);
  g_hash_table_unref (w.dirs_seen);
  g_hash_table_unref (w.files_seen);

  /* Albums whose files were all the same files seen elsewhere are empty. */
  albums =
      g_ptr_array_new_with_free_func ((GDestroyNotify) drmt_scanned_album_free);
  for (i = 0; i < w.albums->len; i++) {
    DrmtScannedAlbum *a = g_ptr_array_index (w.albums, i);
    if (a->tracks->len > 0)
      g_ptr_array_add (albums, a);
    else
      drmt_scanned_album_free (a);
  }
  g_ptr_array_free (w.albums, TRUE);
  if (n_errors)
    *n_errors = w.n_errors;
  return albums;
}
