/* gst-drmeter: from the command line's paths to albums (one per folder).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dirent.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include "discover.h"
#include "cue.h"
#include "output/output.h"

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
  gboolean whole_albums;        /* a file named alone brings its album */
  gboolean flat;                /* walking a named file's album: its own
                                 * folder, not the folders under it */
  GHashTable *named;            /* "dev:ino" of the files named */
  guint n_completed;            /* files added to complete albums */
  guint n_added;                /* tracks added so far */
  guint n_again;                /* files, sheets and folders with music
                                 * reached again by another path */
  guint n_errors;
  GPtrArray *albums;            /* DrmtScannedAlbum*, in listing order */
  /* "dev:ino" of the folder -> DrmtScannedAlbum* */
  GHashTable *album_of_dir;
  /* "dev:ino" of walked folders -> 1 if music was found in them */
  GHashTable *dirs_seen;
  GHashTable *files_seen;       /* "dev:ino" of files */
  guint disc_folder;            /* the disc folder being walked, 1-based */
  GHashTable *images;           /* "dev:ino" of images -> sheet (UTF-8) */
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

/* The album of the disc folders of @parent (@parent_st its stat). */
static DrmtScannedAlbum *
discs_album_for (Walk * w, const gchar * parent, const GStatBuf * parent_st)
{
  gchar *inode = inode_key (parent_st);
  gchar *key = g_strconcat (inode, "/discs", NULL);
  DrmtScannedAlbum *album = g_hash_table_lookup (w->album_of_dir, key);

  g_free (inode);
  if (!album) {
    album = drmt_scanned_album_new (parent);
    album->discs = TRUE;
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

  if (!g_hash_table_add (w->files_seen, key)) {
    w->n_again++;               /* the same file by another way */
    return;
  }
  t = drmt_scanned_track_new (path, (guint64) st->st_size);
  drmt_file_stamp_from_stat (&t->stamp, st);
  t->walk_index = album->tracks->len;
  t->disc_folder = album->discs ? w->disc_folder : 0;
  g_ptr_array_add (album->tracks, t);
  w->n_added++;
  if (w->flat && !g_hash_table_contains (w->named, key))
    w->n_completed++;
}

/* A symbolic link to a file: the file belongs to the album of the folder
 * it really is in, under its real name, and is measured once however many
 * links lead to it. */
static void
add_linked_file (Walk * w, const gchar * path, const GStatBuf * st)
{
  gchar *real = realpath (path, NULL);
  gchar *dir;
  GStatBuf dir_st;

  if (!real) {
    walk_error (w, path, g_strerror (errno));
    return;
  }
  dir = g_path_get_dirname (real);
  if (g_stat (dir, &dir_st) != 0)
    walk_error (w, path, g_strerror (errno));
  else
    add_file (w, album_for (w, dir, &dir_st), real, st);
  g_free (dir);
  free (real);
}

static gboolean
is_link (const gchar * path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode);
}

gboolean
drmt_walk_is_disc_folder (const gchar * name)
{
  static const gchar *const words[] = { "cd", "disc", "disk", NULL };
  guint i;

  for (i = 0; words[i]; i++) {
    gsize n = strlen (words[i]);
    const gchar *p = name + n;

    if (g_ascii_strncasecmp (name, words[i], n) != 0)
      continue;
    while (*p == ' ' || *p == '_' || *p == '-' || *p == '.')
      p++;
    if (!g_ascii_isdigit (*p))
      continue;
    while (g_ascii_isdigit (*p))
      p++;
    /* "CD2", "Disc 1 - Title", "CD1 (Bonus)"; not "CD1999" prefixes of
     * longer words such as "Discography" (no digit follows) */
    return *p == '\0' || *p == ' ' || *p == '_' || *p == '-' || *p == '.'
        || *p == '(' || *p == '[';
  }
  return FALSE;
}

static gint
compare_entry (gconstpointer a, gconstpointer b)
{
  return drmt_compare_names (*(const gchar * const *) a,
      *(const gchar * const *) b);
}

/* ---- CUE sheets ---- */

static gboolean
is_sheet_name (const gchar * name)
{
  const gchar *dot = strrchr (name, '.');

  return dot && dot != name && g_ascii_strcasecmp (dot + 1, "cue") == 0;
}

/* The names in @dir but hidden ones, in natural order; NULL if it cannot
 * be read (errno set). */
static GPtrArray *
list_dir (const gchar * dir)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  GPtrArray *names;

  if (!d)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  /* Hidden entries are left alone: ".", "..", and the "._*" resource-fork
   * files macOS leaves next to music, which are not audio. */
  while ((e = readdir (d))) {
    if (e->d_name[0] != '.')
      g_ptr_array_add (names, g_strdup (e->d_name));
  }
  closedir (d);
  g_ptr_array_sort (names, compare_entry);
  return names;
}

static gchar *
stem_of (const gchar * name)
{
  const gchar *dot = strrchr (name, '.');

  return dot && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
}

static gboolean
same_name_any_case (const gchar * a, const gchar * b)
{
  gchar *fa = g_utf8_casefold (a, -1), *fb = g_utf8_casefold (b, -1);
  gboolean same = strcmp (fa, fb) == 0;

  g_free (fa);
  g_free (fb);
  return same;
}

/* The audio file a sheet's FILE entry names (UTF-8), in the sheet's
 * folder @dir whose entries are @names: the path as written (relative,
 * '\\' read as '/'), else the entry of that name in any case, else the
 * one media file of the same stem (a sheet ripped with "Album.wav" whose
 * image was compressed to "Album.flac" later). NULL when none fits. */
static gchar *
resolve_image (const gchar * dir, GPtrArray * names, const gchar * file)
{
  gchar *rel = g_strdelimit (g_strdup (file), "\\", '/');
  gchar *local = g_filename_from_utf8 (rel, -1, NULL, NULL, NULL);
  gchar *base = g_path_get_basename (rel), *base_stem = stem_of (base);
  gchar *found = NULL, *by_stem = NULL;
  guint i, n_stem = 0;

  if (local && !g_path_is_absolute (local)) {
    gchar *path = g_build_filename (dir, local, NULL);

    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      found = path;
    else
      g_free (path);
  }
  for (i = 0; !found && names && i < names->len; i++) {
    const gchar *n = g_ptr_array_index (names, i);
    gchar *u = g_filename_display_name (n), *u_stem;

    if (same_name_any_case (u, base)) {
      found = g_build_filename (dir, n, NULL);
    } else if (drmt_walk_is_media_name (n) && !is_sheet_name (n)) {
      u_stem = stem_of (u);
      if (same_name_any_case (u_stem, base_stem)) {
        n_stem++;
        g_free (by_stem);
        by_stem = g_build_filename (dir, n, NULL);
      }
      g_free (u_stem);
    }
    g_free (u);
  }
  if (!found && n_stem == 1) {
    found = by_stem;
    by_stem = NULL;
  }
  g_free (by_stem);
  g_free (rel);
  g_free (local);
  g_free (base);
  g_free (base_stem);
  if (found && !g_file_test (found, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&found, g_free);
  return found;
}

/* "track 3", "tracks 1, 2, 5" */
static gchar *
describe_tracks (GPtrArray * tracks)
{
  GString *s = g_string_new (tracks->len == 1 ? "track" : "tracks");
  guint i;

  for (i = 0; i < tracks->len; i++) {
    const DrmtCueTrack *ct = g_ptr_array_index (tracks, i);

    g_string_append_printf (s, "%s%u", i ? ", " : " ", ct->number);
  }
  return g_string_free (s, FALSE);
}

static DrmtScannedTrack *
cue_track_new (const gchar * image, const GStatBuf * st, const gchar * sheet,
    const DrmtCueSheet * cs, const DrmtCueTrack * ct)
{
  DrmtScannedTrack *t = drmt_scanned_track_new (image, (guint64) st->st_size);

  drmt_file_stamp_from_stat (&t->stamp, st);
  t->cue_sheet = g_strdup (sheet);
  drmt_cue_fill_track (t, cs, ct);
  return t;
}

/* The tracks the sheet @cs cuts from the image @image (the FILE @file). */
static void
add_image (Walk * w, DrmtScannedAlbum * album, const gchar * sheet,
    const DrmtCueSheet * cs, const gchar * file, const gchar * image,
    const GStatBuf * st)
{
  DrmtScannedTrack *lead = NULL;
  guint i;

  for (i = 0; i < cs->tracks->len; i++) {
    const DrmtCueTrack *ct = g_ptr_array_index (cs->tracks, i);
    DrmtScannedTrack *t;

    if (!ct->file || strcmp (ct->file, file) != 0 || ct->error)
      continue;
    t = cue_track_new (image, st, sheet, cs, ct);
    t->walk_index = album->tracks->len;
    t->disc_folder = album->discs ? w->disc_folder : 0;
    g_ptr_array_add (album->tracks, t);
    w->n_added++;
    if (!lead) {
      lead = t;
      lead->image_tracks = g_ptr_array_new ();
    } else {
      t->image_follower = TRUE;
      g_ptr_array_add (lead->image_tracks, t);
    }
  }
}

/* A sheet: each FILE it names becomes its tracks (and is not measured as
 * a file of its own); what is wrong with it is said and skipped, track by
 * track. @names: the entries of its folder @dir. */
static void
add_sheet (Walk * w, const gchar * path, const gchar * dir,
    const GStatBuf * dir_st, DrmtScannedAlbum * discs, GPtrArray * names)
{
  gchar *err = NULL, *sheet;
  DrmtCueSheet *cs;
  GStatBuf sheet_st;
  guint i, k;

  /* the same sheet by another way (its folder and its name both given) */
  if (g_stat (path, &sheet_st) == 0
      && !g_hash_table_add (w->files_seen, inode_key (&sheet_st))) {
    w->n_again++;
    return;
  }
  sheet = g_filename_display_name (path);
  cs = drmt_cue_sheet_load (path, &err);
  if (!cs) {
    walk_error (w, path, err);
    g_free (err);
    g_free (sheet);
    return;
  }
  for (i = 0; i < cs->tracks->len; i++) {
    const DrmtCueTrack *ct = g_ptr_array_index (cs->tracks, i);

    if (ct->error) {
      gchar *reason = g_strdup_printf ("track %u: %s: not measured",
          ct->number, ct->error);

      walk_error (w, path, reason);
      g_free (reason);
    }
  }
  for (k = 0; k < cs->files->len; k++) {
    const gchar *file = g_ptr_array_index (cs->files, k);
    gchar *image = resolve_image (dir, names, file), *key, *reason = NULL;
    GPtrArray *of_file = g_ptr_array_new ();
    GStatBuf st;
    const gchar *other;

    for (i = 0; i < cs->tracks->len; i++) {
      DrmtCueTrack *ct = g_ptr_array_index (cs->tracks, i);

      if (ct->file && strcmp (ct->file, file) == 0 && !ct->error)
        g_ptr_array_add (of_file, ct);
    }
    if (!image || g_stat (image, &st) != 0) {
      gchar *which = describe_tracks (of_file);

      reason = g_strdup_printf ("FILE \"%s\" not found: %s not measured",
          file, which);
      g_free (which);
    } else if (of_file->len > 0) {
      key = inode_key (&st);
      other = g_hash_table_lookup (w->images, key);
      if (other) {
        reason = g_strdup_printf ("FILE \"%s\" is already cut by %s: not "
            "measured twice", file, other);
        g_free (key);
      } else if (g_hash_table_add (w->files_seen, g_strdup (key))) {
        g_hash_table_insert (w->images, key, g_strdup (sheet));
        add_image (w, discs ? discs : album_for (w, dir, dir_st), sheet, cs,
            file, image, &st);
      } else {
        g_free (key);           /* measured already, as a file named */
      }
    }
    if (reason && of_file->len > 0)
      walk_error (w, path, reason);
    g_free (reason);
    g_free (image);
    g_ptr_array_unref (of_file);
  }
  drmt_cue_sheet_free (cs);
  g_free (sheet);
}

/* @discs: the album of the disc folders this folder is one of, or NULL. */
static void
walk_dir (Walk * w, const gchar * dir, const GStatBuf * dir_st,
    DrmtScannedAlbum * discs)
{
  GPtrArray *names, *subdirs;
  DrmtScannedAlbum *album = discs;
  guint i, n_discs = 0, found_before = w->n_added + w->n_again;
  gchar *key = inode_key (dir_st);

  /* Each folder once: symbolic link loops end here. A folder walked
   * before by another path still counts as holding what it held. */
  if (g_hash_table_contains (w->dirs_seen, key)) {
    if (g_hash_table_lookup (w->dirs_seen, key))
      w->n_again++;
    g_free (key);
    return;
  }
  /* a named file's album: the folder may still be walked whole by a
   * later PATH (its files are then found again, and measured once) */
  if (w->flat)
    g_free (key);
  else
    g_hash_table_insert (w->dirs_seen, key, NULL);

  names = list_dir (dir);
  if (!names) {
    walk_error (w, dir, g_strerror (errno));
    return;
  }
  /* Sheets first: the images they cut are not measured as files. */
  for (i = 0; i < names->len; i++) {
    const gchar *n = g_ptr_array_index (names, i);
    gchar *path;

    if (!is_sheet_name (n))
      continue;
    path = g_build_filename (dir, n, NULL);
    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      add_sheet (w, path, dir, dir_st, discs, names);
    g_free (path);
  }

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
    if (S_ISREG (st.st_mode) && !is_sheet_name (n)
        && (w->all_files || drmt_walk_is_media_name (n))) {
      if (is_link (path)) {
        add_linked_file (w, path, &st);
      } else {
        if (!album)
          album = album_for (w, dir, dir_st);
        add_file (w, album, path, &st);
      }
    }
    g_free (path);
  }
  g_ptr_array_unref (names);

  /* Disc folders (CD1, CD2, "Disc 1 - ...") of this folder share one
   * album, in listing order; the others are albums of their own. */
  for (i = 0; i < subdirs->len && !w->flat; i++) {
    const gchar *sub = g_ptr_array_index (subdirs, i);
    gchar *base = g_path_get_basename (sub);
    GStatBuf st;

    if (g_stat (sub, &st) == 0) {
      if (drmt_walk_is_disc_folder (base)) {
        DrmtScannedAlbum *group = discs_album_for (w, dir, dir_st);
        guint saved = w->disc_folder;

        w->disc_folder = ++n_discs;
        walk_dir (w, sub, &st, group);
        w->disc_folder = saved;
      } else {
        walk_dir (w, sub, &st, NULL);
      }
    }
    g_free (base);
  }
  g_ptr_array_unref (subdirs);
  if (w->n_added + w->n_again != found_before && !w->flat)
    g_hash_table_insert (w->dirs_seen, g_strdup (key), GUINT_TO_POINTER (1));
}

/* The disc folders (CD1, CD2 ...) of @parent, as one album. */
static void
walk_disc_folders (Walk * w, const gchar * parent, const GStatBuf * parent_st)
{
  GPtrArray *names = list_dir (parent);
  guint i, n_discs = 0;

  for (i = 0; names && i < names->len; i++) {
    const gchar *n = g_ptr_array_index (names, i);
    gchar *sub = g_build_filename (parent, n, NULL);
    GStatBuf st;

    if (drmt_walk_is_disc_folder (n) && g_stat (sub, &st) == 0
        && S_ISDIR (st.st_mode)) {
      guint saved = w->disc_folder;

      w->disc_folder = ++n_discs;
      walk_dir (w, sub, &st, discs_album_for (w, parent, parent_st));
      w->disc_folder = saved;
    }
    g_free (sub);
  }
  if (names)
    g_ptr_array_unref (names);
}

/* With whole albums (--write-tags): the other files of the album of a
 * file named alone, in @dir: its folder's, or those of every disc
 * folder beside it. Says how many were added. */
static void
walk_album_of (Walk * w, const gchar * dir, const GStatBuf * dir_st)
{
  gchar *base = g_path_get_basename (dir);
  gchar *parent = g_path_get_dirname (dir);
  guint before = w->n_completed;
  GStatBuf parent_st;
  gboolean discs = drmt_walk_is_disc_folder (base)
      && g_stat (parent, &parent_st) == 0;

  w->flat = TRUE;
  if (discs)
    walk_disc_folders (w, parent, &parent_st);
  else
    walk_dir (w, dir, dir_st, NULL);
  w->flat = FALSE;
  if (w->n_completed > before) {
    gchar *display = g_filename_display_name (discs ? parent : dir);
    guint n = w->n_completed - before;

    drmt_progress_clear ();
    g_printerr ("gst-drmeter: %s: measuring %u more file%s of the album "
        "too: the album value is the whole album's, and every file of it "
        "gets it (--partial-albums: the named files' value, on them alone)"
        "\n", display, n, n == 1 ? "" : "s");
    g_free (display);
  }
  g_free (base);
  g_free (parent);
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
    guint before = w->n_added + w->n_again, errors = w->n_errors;

    walk_dir (w, path, &st, NULL);
    /* a folder with nothing to measure says so (not: silence, exit 0);
     * one whose music an earlier PATH holds too is not empty */
    if (w->n_added + w->n_again == before && w->n_errors == errors)
      walk_error (w, path, w->all_files ? "no files found" :
          "no audio files found (--all-files tries every file)");
    return;
  }
  if (!S_ISREG (st.st_mode)) {
    walk_error (w, path, "not a regular file");
    return;
  }
  if (is_link (path)) {
    gchar *real = w->whole_albums ? realpath (path, NULL) : NULL;

    dir = real ? g_path_get_dirname (real) : NULL;
    if (dir && g_stat (dir, &dir_st) == 0)
      walk_album_of (w, dir, &dir_st);
    g_free (dir);
    free (real);
    add_linked_file (w, path, &st);
    return;
  }
  dir = g_path_get_dirname (path);
  if (g_stat (dir, &dir_st) != 0) {
    walk_error (w, path, g_strerror (errno));
    g_free (dir);
    return;
  }
  if (is_sheet_name (path)) {
    GPtrArray *names = list_dir (dir);

    add_sheet (w, path, dir, &dir_st, NULL, names);
    if (names)
      g_ptr_array_unref (names);
  } else {
    if (w->whole_albums)
      walk_album_of (w, dir, &dir_st);
    /* (found by its folder's walk unless not a media name) */
    add_file (w, album_for (w, dir, &dir_st), path, &st);
  }
  g_free (dir);
}

GPtrArray *
drmt_walk (gchar ** paths, gboolean all_files, guint * n_errors)
{
  return drmt_walk_albums (paths, all_files, FALSE, n_errors);
}

/* "dev:ino" of the files among @paths. */
static GHashTable *
named_files (gchar ** paths)
{
  GHashTable *named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);

  for (guint i = 0; paths && paths[i]; i++) {
    GStatBuf st;

    if (g_stat (paths[i], &st) == 0 && S_ISREG (st.st_mode))
      g_hash_table_add (named, inode_key (&st));
  }
  return named;
}

GPtrArray *
drmt_walk_albums (gchar ** paths, gboolean all_files, gboolean whole_albums,
    guint * n_errors)
{
  Walk w = { 0 };
  GPtrArray *albums;
  guint i;

  w.all_files = all_files;
  w.whole_albums = whole_albums;
  w.named = named_files (paths);
  w.albums = g_ptr_array_new ();
  w.album_of_dir = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);
  w.dirs_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w.files_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w.images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (i = 0; paths && paths[i]; i++)
    walk_arg (&w, paths[i]);

  g_hash_table_unref (w.album_of_dir);
  g_hash_table_unref (w.dirs_seen);
  g_hash_table_unref (w.files_seen);
  g_hash_table_unref (w.images);
  g_hash_table_unref (w.named);

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

void
drmt_walk_leave_out (GPtrArray * albums, const gchar * path)
{
  GStatBuf st;
  guint i, j;

  if (!path || g_stat (path, &st) != 0)
    return;
  for (i = albums->len; i-- > 0;) {
    DrmtScannedAlbum *a = g_ptr_array_index (albums, i);

    for (j = a->tracks->len; j-- > 0;) {
      DrmtScannedTrack *t = g_ptr_array_index (a->tracks, j);

      if (t->stamp.device == (guint64) st.st_dev
          && t->stamp.inode == (guint64) st.st_ino)
        g_ptr_array_remove_index (a->tracks, j);
    }
    if (a->tracks->len == 0)
      g_ptr_array_remove_index (albums, i);
  }
}
