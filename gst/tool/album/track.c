/* gst-drmeter: tracks, albums, their names and order.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include "album.h"

static const gchar *const label_names[DRMT_LABEL_CH1] = {
  "FL", "FR", "FC", "LFE", "BL", "BR", "FLC", "FRC", "BC", "SL", "SR", "TC",
  "TFL", "TFC", "TFR", "TBL", "TBC", "TBR",
  "LFE2", "TSL", "TSR", "BFC", "BFL", "BFR", "WL", "WR", "SurL", "SurR",
};

const gchar *
drmt_label_name (gint label, gchar buf[8])
{
  if (label >= 0 && label < DRMT_LABEL_CH1)
    return label_names[label];
  g_snprintf (buf, 8, "Ch%d", label - DRMT_LABEL_CH1 + 1);
  return buf;
}

static gint
label_of_position (GstAudioChannelPosition p)
{
  switch (p) {
    case GST_AUDIO_CHANNEL_POSITION_MONO:
      return DRMT_LABEL_FC;
    case GST_AUDIO_CHANNEL_POSITION_FRONT_LEFT:
      return DRMT_LABEL_FL;
    case GST_AUDIO_CHANNEL_POSITION_FRONT_RIGHT:
      return DRMT_LABEL_FR;
    case GST_AUDIO_CHANNEL_POSITION_FRONT_CENTER:
      return DRMT_LABEL_FC;
    case GST_AUDIO_CHANNEL_POSITION_LFE1:
      return DRMT_LABEL_LFE;
    case GST_AUDIO_CHANNEL_POSITION_REAR_LEFT:
      return DRMT_LABEL_BL;
    case GST_AUDIO_CHANNEL_POSITION_REAR_RIGHT:
      return DRMT_LABEL_BR;
    case GST_AUDIO_CHANNEL_POSITION_FRONT_LEFT_OF_CENTER:
      return DRMT_LABEL_FLC;
    case GST_AUDIO_CHANNEL_POSITION_FRONT_RIGHT_OF_CENTER:
      return DRMT_LABEL_FRC;
    case GST_AUDIO_CHANNEL_POSITION_REAR_CENTER:
      return DRMT_LABEL_BC;
    case GST_AUDIO_CHANNEL_POSITION_SIDE_LEFT:
      return DRMT_LABEL_SL;
    case GST_AUDIO_CHANNEL_POSITION_SIDE_RIGHT:
      return DRMT_LABEL_SR;
    case GST_AUDIO_CHANNEL_POSITION_TOP_CENTER:
      return DRMT_LABEL_TC;
    case GST_AUDIO_CHANNEL_POSITION_TOP_FRONT_LEFT:
      return DRMT_LABEL_TFL;
    case GST_AUDIO_CHANNEL_POSITION_TOP_FRONT_CENTER:
      return DRMT_LABEL_TFC;
    case GST_AUDIO_CHANNEL_POSITION_TOP_FRONT_RIGHT:
      return DRMT_LABEL_TFR;
    case GST_AUDIO_CHANNEL_POSITION_TOP_REAR_LEFT:
      return DRMT_LABEL_TBL;
    case GST_AUDIO_CHANNEL_POSITION_TOP_REAR_CENTER:
      return DRMT_LABEL_TBC;
    case GST_AUDIO_CHANNEL_POSITION_TOP_REAR_RIGHT:
      return DRMT_LABEL_TBR;
    case GST_AUDIO_CHANNEL_POSITION_LFE2:
      return DRMT_LABEL_LFE2;
    case GST_AUDIO_CHANNEL_POSITION_TOP_SIDE_LEFT:
      return DRMT_LABEL_TSL;
    case GST_AUDIO_CHANNEL_POSITION_TOP_SIDE_RIGHT:
      return DRMT_LABEL_TSR;
    case GST_AUDIO_CHANNEL_POSITION_BOTTOM_FRONT_CENTER:
      return DRMT_LABEL_BFC;
    case GST_AUDIO_CHANNEL_POSITION_BOTTOM_FRONT_LEFT:
      return DRMT_LABEL_BFL;
    case GST_AUDIO_CHANNEL_POSITION_BOTTOM_FRONT_RIGHT:
      return DRMT_LABEL_BFR;
    case GST_AUDIO_CHANNEL_POSITION_WIDE_LEFT:
      return DRMT_LABEL_WL;
    case GST_AUDIO_CHANNEL_POSITION_WIDE_RIGHT:
      return DRMT_LABEL_WR;
    case GST_AUDIO_CHANNEL_POSITION_SURROUND_LEFT:
      return DRMT_LABEL_SURL;
    case GST_AUDIO_CHANNEL_POSITION_SURROUND_RIGHT:
      return DRMT_LABEL_SURR;
    default:
      return -1;
  }
}

void
drmt_labels_from_positions (const GstAudioChannelPosition * pos,
    guint channels, gboolean unpositioned, gint * label)
{
  guint64 seen = 0;             /* labels below 64 already used */
  guint c;

  for (c = 0; c < channels; c++) {
    gint l = -1;

    if (!unpositioned && pos)
      l = label_of_position (pos[c]);
    else if (channels == 1)
      l = DRMT_LABEL_FC;
    else if (channels == 2)
      l = c == 0 ? DRMT_LABEL_FL : DRMT_LABEL_FR;
    /* A position the log has no name for, or one used twice: the channel
     * gets its own column by number. */
    if (l < 0 || (seen & (G_GUINT64_CONSTANT (1) << l)))
      l = DRMT_LABEL_CH1 + (gint) c;
    else
      seen |= G_GUINT64_CONSTANT (1) << l;
    label[c] = l;
  }
}

DrmtScannedTrack *
drmt_scanned_track_new (const gchar * path, guint64 size)
{
  DrmtScannedTrack *t = g_new0 (DrmtScannedTrack, 1);
  gchar *base, *dot;

  t->path = g_strdup (path);
  t->display = g_filename_display_name (path);
  base = g_filename_display_basename (path);
  dot = strrchr (base, '.');
  if (dot && dot != base)
    *dot = '\0';
  t->stem = base;
  t->size = size;
  t->had.dr = t->had.album_dr = -1;
  return t;
}

static void
clear_measurement (DrmtScannedTrack * t)
{
  g_clear_pointer (&t->channel, g_free);
  g_clear_pointer (&t->window_data, drmt_windows_free);
}

void
drmt_scanned_track_free (DrmtScannedTrack * t)
{
  if (!t)
    return;
  g_free (t->path);
  g_free (t->display);
  g_free (t->stem);
  g_free (t->error);
  g_free (t->warning);
  g_free (t->artist);
  g_free (t->album_artist);
  g_free (t->album);
  g_free (t->title);
  g_free (t->year);
  g_free (t->codec);
  g_free (t->format);
  g_free (t->decoder);
  g_free (t->tag_error);
  g_free (t->cue_sheet);
  for (guint i = 0; t->owns_image_tracks && i < t->image_tracks->len; i++)
    drmt_scanned_track_free (g_ptr_array_index (t->image_tracks, i));
  if (t->image_tracks)
    g_ptr_array_unref (t->image_tracks);
  clear_measurement (t);
  g_free (t);
}

void
drmt_file_stamp_from_stat (DrmtFileStamp * stamp, const GStatBuf * st)
{
  stamp->device = (guint64) st->st_dev;
  stamp->inode = (guint64) st->st_ino;
  stamp->size = (guint64) st->st_size;
  stamp->mtime_ns = (gint64) st->st_mtim.tv_sec * 1000000000
      + st->st_mtim.tv_nsec;
}

void
drmt_scanned_track_fail (DrmtScannedTrack * t, const gchar * reason)
{
  t->ok = FALSE;
  g_free (t->error);
  /* a CUE track's line says which track of the image it is */
  if (t->cue_sheet) {
    gchar *sheet = g_path_get_basename (t->cue_sheet);

    t->error = g_strdup_printf ("track %u of %s: %s", t->track_number, sheet,
        reason);
    g_free (sheet);
  } else {
    t->error = g_strdup (reason);
  }
  clear_measurement (t);
}

void
drmt_scanned_track_fail_image (DrmtScannedTrack * t, const gchar * reason)
{
  drmt_scanned_track_fail (t, reason);
  for (guint k = 0; t->image_tracks && k < t->image_tracks->len; k++)
    drmt_scanned_track_fail (g_ptr_array_index (t->image_tracks, k), reason);
}

guint
drmt_scanned_track_year (const DrmtScannedTrack * t)
{
  const gchar *y = t->year;
  guint year = 0;

  if (!y)
    return 0;
  while (*y == ' ')
    y++;
  for (gint i = 0; i < 4; i++) {
    if (!g_ascii_isdigit (y[i]))
      return 0;
    year = year * 10 + (guint) (y[i] - '0');
  }
  return g_ascii_isdigit (y[4]) ? 0 : year;
}

gchar *
drmt_scanned_track_name (const DrmtScannedTrack * t)
{
  const gchar *title = t->title && *t->title ? t->title : t->stem;

  if (t->track_number > 0)
    return g_strdup_printf ("%02u-%s", t->track_number, title);
  return g_strdup_printf ("?-%s", title);
}

DrmtScannedAlbum *
drmt_scanned_album_new (const gchar * path)
{
  DrmtScannedAlbum *a = g_new0 (DrmtScannedAlbum, 1);

  a->path = g_strdup (path);
  a->display = g_filename_display_name (path);
  a->tracks =
      g_ptr_array_new_with_free_func ((GDestroyNotify) drmt_scanned_track_free);
  return a;
}

void
drmt_scanned_album_free (DrmtScannedAlbum * a)
{
  if (!a)
    return;
  g_free (a->path);
  g_free (a->display);
  g_ptr_array_unref (a->tracks);
  g_free (a);
}

gboolean
drmt_scanned_album_complete (const DrmtScannedAlbum * a)
{
  return a->done >= a->tracks->len;
}

/* Compares digit runs by value (leading zeros ignored, then by length),
 * everything else byte by byte: deterministic in every locale. */
gint
drmt_compare_names (const gchar * a, const gchar * b)
{
  while (*a && *b) {
    if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b)) {
      const gchar *ea = a, *eb = b;
      gsize la, lb;
      gint c;

      while (*a == '0' && g_ascii_isdigit (a[1]))
        a++;
      while (*b == '0' && g_ascii_isdigit (b[1]))
        b++;
      for (ea = a; g_ascii_isdigit (*ea); ea++);
      for (eb = b; g_ascii_isdigit (*eb); eb++);
      la = ea - a;
      lb = eb - b;
      if (la != lb)
        return la < lb ? -1 : 1;
      c = strncmp (a, b, la);
      if (c)
        return c < 0 ? -1 : 1;
      a = ea;
      b = eb;
      continue;
    }
    if (*a != *b)
      return (guchar) * a < (guchar) * b ? -1 : 1;
    a++;
    b++;
  }
  if (*a == *b)
    return 0;
  return *a ? 1 : -1;
}

static gint
compare_tracks (gconstpointer pa, gconstpointer pb)
{
  const DrmtScannedTrack *a = *(const DrmtScannedTrack * const *) pa;
  const DrmtScannedTrack *b = *(const DrmtScannedTrack * const *) pb;
  gint c;

  /* the disc folders in listing order (CD1 before CD2), then the tags */
  if (a->disc_folder != b->disc_folder)
    return a->disc_folder < b->disc_folder ? -1 : 1;
  if (a->disc_number != b->disc_number)
    return a->disc_number < b->disc_number ? -1 : 1;
  /* two sheets in one folder (two discs): sheet by sheet */
  if (a->cue_sheet && b->cue_sheet
      && (c = drmt_compare_names (a->cue_sheet, b->cue_sheet)) != 0)
    return c;
  /* numbered tracks first, then the ones without a number */
  if (a->track_number != b->track_number) {
    if (a->track_number == 0 || b->track_number == 0)
      return a->track_number == 0 ? 1 : -1;
    return a->track_number < b->track_number ? -1 : 1;
  }
  c = drmt_compare_names (a->path, b->path);
  if (c)
    return c;
  return a->walk_index < b->walk_index ? -1 : a->walk_index > b->walk_index;
}

GPtrArray *
drmt_scanned_album_sorted_tracks (const DrmtScannedAlbum * album)
{
  GPtrArray *sorted = g_ptr_array_new ();
  guint i;

  for (i = 0; i < album->tracks->len; i++) {
    DrmtScannedTrack *t = g_ptr_array_index (album->tracks, i);
    if (t->ok)
      g_ptr_array_add (sorted, t);
  }
  g_ptr_array_sort (sorted, compare_tracks);
  return sorted;
}

gchar *
drmt_scanned_album_artist (GPtrArray * sorted)
{
  const gchar *artist = NULL;
  gboolean various = FALSE;
  guint i;

  for (i = 0; i < sorted->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (sorted, i);
    if (t->album_artist && *t->album_artist)
      return g_strdup (t->album_artist);
  }
  for (i = 0; i < sorted->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (sorted, i);
    if (!t->artist || !*t->artist)
      continue;
    if (!artist)
      artist = t->artist;
    else if (strcmp (artist, t->artist) != 0)
      various = TRUE;
  }
  if (various)
    return g_strdup ("Various Artists");
  return g_strdup (artist ? artist : "?");
}

gchar *
drmt_scanned_album_title (GPtrArray * sorted)
{
  guint i;

  for (i = 0; i < sorted->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (sorted, i);
    if (t->album && *t->album)
      return g_strdup (t->album);
  }
  return g_strdup ("?");
}

/* The year most tracks give (the earliest of equals), 0 when none does. */
guint
drmt_scanned_album_year (GPtrArray * sorted)
{
  GHashTable *n = g_hash_table_new (NULL, NULL);
  guint best = 0, best_n = 0;

  for (guint i = 0; i < sorted->len; i++) {
    guint year = drmt_scanned_track_year (g_ptr_array_index (sorted, i));
    guint k;

    if (!year)
      continue;
    k = GPOINTER_TO_UINT (g_hash_table_lookup (n, GUINT_TO_POINTER (year)))
        + 1;
    g_hash_table_insert (n, GUINT_TO_POINTER (year), GUINT_TO_POINTER (k));
    if (k > best_n || (k == best_n && year < best)) {
      best = year;
      best_n = k;
    }
  }
  g_hash_table_unref (n);
  return best;
}

gfloat
drmt_scanned_album_dr (GPtrArray * sorted, gboolean length_weighting)
{
  DrmAlbum album;

  drm_album_init (&album, length_weighting);
  for (guint i = 0; i < sorted->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (sorted, i);

    /* dr_value is a widened binary32: narrowing it back is exact */
    drm_album_add_dr (&album, (float) t->dr_value, t->rate > 0 ?
        (double) t->frames / (double) t->rate : 0.0);
  }
  return drm_album_get_dr (&album);
}

/* The folder of each track, for the disc folders of one album. */
static gchar *
folder_of (const DrmtScannedTrack * t)
{
  return g_path_get_dirname (t->path);
}

GPtrArray *
drmt_scanned_album_split_discs (const DrmtScannedAlbum * album)
{
  GPtrArray *parts = NULL;
  GHashTable *part_of = NULL;
  gchar *artist = NULL, *title = NULL;
  gboolean agree = TRUE;
  guint i, d;

  if (!album->discs)
    return NULL;
  /* each disc folder's album artist and album, as its log would say */
  for (d = 1; agree; d++) {
    GPtrArray *disc = g_ptr_array_new ();
    gboolean any = FALSE;

    for (i = 0; i < album->tracks->len; i++) {
      DrmtScannedTrack *t = g_ptr_array_index (album->tracks, i);

      if (t->disc_folder == d) {
        any = TRUE;
        if (t->ok)
          g_ptr_array_add (disc, t);
      }
    }
    if (!any) {
      g_ptr_array_unref (disc);
      break;
    }
    if (disc->len > 0) {
      gchar *a = drmt_scanned_album_artist (disc);
      gchar *b = drmt_scanned_album_title (disc);

      if (strcmp (b, "?") == 0)
        agree = FALSE;          /* untagged: nothing says they belong */
      else if (!title) {
        artist = g_strdup (a);
        title = g_strdup (b);
      } else if (strcmp (a, artist) != 0 || strcmp (b, title) != 0) {
        agree = FALSE;
      }
      g_free (a);
      g_free (b);
    }
    g_ptr_array_unref (disc);
  }
  g_free (artist);
  g_free (title);
  if (agree)
    return NULL;

  /* one album per disc folder, in listing order */
  parts = g_ptr_array_new_with_free_func ((GDestroyNotify)
      drmt_scanned_album_free);
  part_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (i = 0; i < album->tracks->len; i++) {
    DrmtScannedTrack *t = g_ptr_array_index (album->tracks, i);
    gchar *dir = folder_of (t);
    DrmtScannedAlbum *part = g_hash_table_lookup (part_of, dir);

    if (!part) {
      part = drmt_scanned_album_new (dir);
      g_ptr_array_unref (part->tracks);
      part->tracks = g_ptr_array_new ();        /* the album owns them */
      g_ptr_array_add (parts, part);
      g_hash_table_insert (part_of, dir, part);
    } else {
      g_free (dir);
    }
    g_ptr_array_add (part->tracks, t);
    part->done++;
  }
  g_hash_table_unref (part_of);
  return parts;
}
