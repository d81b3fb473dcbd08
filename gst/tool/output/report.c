/* gst-drmeter: the DR log, in foobar2000 DR Meter's layout.
 *
 * A track line is, in printf terms (C locale),
 *   "%-5s%10s dBFS%9s dBFS%10s %-35s" then "%13s" per channel column,
 * the name cut to 35 characters as foobar2000 cuts it and padded by
 * characters (not bytes), control characters replaced; the columns
 * "DR (<label>)" for every label of the album, then "RMS (<label>)" for
 * each.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define RULE "--------------------------------------------------------------------------------"
#define DOUBLE_RULE "================================================================================"

static void
append_padded (GString * out, const gchar * s, guint width)
{
  glong n = g_utf8_strlen (s, -1);

  g_string_append (out, s);
  while (n++ < (glong) width)
    g_string_append_c (out, ' ');
}

gchar *
drmt_report_text (const gchar * s)
{
  GString *out = g_string_sized_new (strlen (s));
  const gchar *p;

  for (p = s; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (c < 0x20 || (c >= 0x7f && c < 0xa0))
      g_string_append_unichar (out, 0xfffd);
    else
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
  }
  return g_string_free (out, FALSE);
}

gchar *
drmt_report_track_column (const gchar * name)
{
  gchar *text = drmt_report_text (name);

  if (g_utf8_strlen (text, -1) > DRMT_REPORT_TRACK_WIDTH) {
    gchar *end = g_utf8_offset_to_pointer (text,
        DRMT_REPORT_TRACK_WIDTH - 3);

    *end = '\0';
    end = g_strconcat (text, "(\u2026)", NULL);
    g_free (text);
    text = end;
  }
  return text;
}

guint
drmt_report_labels (GPtrArray * sorted, gint * labels)
{
  gboolean used[DRMT_N_LABELS] = { FALSE };
  guint i, n = 0;
  gint c;

  for (i = 0; i < sorted->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (sorted, i);
    for (c = 0; c < t->channels; c++)
      used[t->channel[c].label] = TRUE;
  }
  for (c = 0; c < DRMT_N_LABELS; c++)
    if (used[c])
      labels[n++] = c;
  return n;
}

void
drmt_report_heading (GString * out, const gint * labels, guint n_labels)
{
  guint i;
  gchar b[8], col[32];

  g_string_append_printf (out, "%-5s%10s%14s%15s ", "DR", "Peak", "RMS",
      "Duration");
  if (n_labels == 0) {
    g_string_append (out, "Track");
    return;
  }
  append_padded (out, "Track", 35);
  for (i = 0; i < n_labels; i++) {
    g_snprintf (col, sizeof col, "DR (%s)", drmt_label_name (labels[i], b));
    g_string_append_printf (out, "%13s", col);
  }
  for (i = 0; i < n_labels; i++) {
    g_snprintf (col, sizeof col, "RMS (%s)", drmt_label_name (labels[i], b));
    g_string_append_printf (out, "%13s", col);
  }
}

static const DrmtChannel *
channel_with_label (const DrmtScannedTrack * t, gint label)
{
  gint c;

  for (c = 0; c < t->channels; c++)
    if (t->channel[c].label == label)
      return &t->channel[c];
  return NULL;
}

void
drmt_report_track_line (GString * out, const DrmtScannedTrack * t,
    const gint * labels, guint n_labels)
{
  gchar dr[DRM_TOKEN_SIZE], pk[DRM_TOKEN_SIZE], rms[DRM_TOKEN_SIZE];
  gchar dur[DRM_TOKEN_SIZE], tok[DRM_TOKEN_SIZE], col[48];
  gchar *full = drmt_scanned_track_name (t);
  gchar *name = drmt_report_track_column (full);
  guint i;

  g_free (full);
  g_string_append_printf (out, "%-5s%10s dBFS%9s dBFS%10s ",
      drm_format_dr (t->dr, dr), drm_format_db (t->peak_db, pk),
      drm_format_db (t->rms_db, rms),
      drm_format_duration (t->frames, t->rate, dur));
  if (n_labels == 0) {
    g_string_append (out, name);
    g_free (name);
    return;
  }
  append_padded (out, name, DRMT_REPORT_TRACK_WIDTH);
  g_free (name);
  for (i = 0; i < n_labels; i++) {
    const DrmtChannel *ch = channel_with_label (t, labels[i]);

    col[0] = '\0';
    if (ch)
      g_snprintf (col, sizeof col, "%s dB", drm_format_db (ch->dr, tok));
    g_string_append_printf (out, "%13s", col);
  }
  for (i = 0; i < n_labels; i++) {
    const DrmtChannel *ch = channel_with_label (t, labels[i]);

    col[0] = '\0';
    if (ch)
      g_snprintf (col, sizeof col, "%s dBFS", drm_format_db (ch->rms_db, tok));
    g_string_append_printf (out, "%13s", col);
  }
}

static gint
compare_int (gconstpointer a, gconstpointer b)
{
  gint x = *(const gint *) a, y = *(const gint *) b;
  return x < y ? -1 : x > y;
}

void
drmt_report_append_distinct (GString * out, GPtrArray * sorted,
    gsize offset)
{
  GArray *v = g_array_new (FALSE, FALSE, sizeof (gint));
  guint i;

  for (i = 0; i < sorted->len; i++) {
    const guint8 *t = g_ptr_array_index (sorted, i);
    gint x = *(const gint *) (t + offset);
    g_array_append_val (v, x);
  }
  g_array_sort (v, compare_int);
  for (i = 0; i < v->len; i++) {
    gint x = g_array_index (v, gint, i);
    if (i > 0 && x == g_array_index (v, gint, i - 1))
      continue;
    g_string_append_printf (out, i > 0 ? ", %d" : "%d", x);
  }
  g_array_unref (v);
}

static gint
compare_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar * const *) a, *(const gchar * const *) b);
}

static void
append_codecs (GString * out, GPtrArray * sorted)
{
  GPtrArray *v = g_ptr_array_new ();
  guint i, n = 0;

  for (i = 0; i < sorted->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (sorted, i);
    g_ptr_array_add (v, t->codec ? t->codec : (gchar *) "?");
  }
  g_ptr_array_sort (v, compare_str);
  for (i = 0; i < v->len; i++) {
    const gchar *c = g_ptr_array_index (v, i);
    if (i > 0 && strcmp (c, g_ptr_array_index (v, i - 1)) == 0)
      continue;
    if (n++ > 0)
      g_string_append (out, ", ");
    g_string_append (out, c);
  }
  g_ptr_array_unref (v);
}

/* The album's average bit rate: the tracks' bits over their time. */
static void
append_bitrate (GString * out, GPtrArray * sorted)
{
  gdouble bits = 0, seconds = 0;
  guint i;

  for (i = 0; i < sorted->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (sorted, i);
    gdouble s = (gdouble) t->frames / t->rate;

    if (t->bitrate == 0)
      continue;
    bits += (gdouble) t->bitrate * s;
    seconds += s;
  }
  if (seconds > 0)
    g_string_append_printf (out, "%.0f", floor (bits / seconds / 1000.0 + 0.5));
  else
    g_string_append_c (out, '?');
}

void
drmt_report_log (GString * out, const DrmtScannedAlbum * album,
    GPtrArray * sorted,
    gboolean length_weighting, GDateTime * date)
{
  gint labels[DRMT_N_LABELS];
  guint n_labels = drmt_report_labels (sorted, labels);
  gchar *artist = drmt_scanned_album_artist (sorted);
  gchar *title = drmt_scanned_album_title (sorted);
  gchar *artist_text = drmt_report_text (artist);
  gchar *title_text = drmt_report_text (title);
  gchar *when = g_date_time_format (date, "%Y-%m-%d %H:%M:%S");
  gchar dr[DRM_TOKEN_SIZE];
  guint i;

  g_string_append (out, "gst-drmeter v" DRMT_VERSION
      " / DR Meter v1.0.8 compatible\n");
  g_string_append_printf (out, "log date: %s\n\n", when);
  g_string_append (out, RULE "\n");
  g_string_append_printf (out, "Analyzed: %s / %s\n", artist_text,
      title_text);
  g_string_append (out, RULE "\n\n");
  drmt_report_heading (out, labels, n_labels);
  g_string_append (out, "\n" RULE "\n");
  for (i = 0; i < sorted->len; i++) {
    drmt_report_track_line (out, g_ptr_array_index (sorted, i), labels,
        n_labels);
    g_string_append_c (out, '\n');
  }
  g_string_append (out, RULE "\n\n");
  g_string_append_printf (out, "Number of tracks:  %u\n", sorted->len);
  g_string_append_printf (out, "Official DR value: %s\n\n",
      drm_format_dr (drm_dr_displayed (drmt_scanned_album_dr (sorted,
                  length_weighting)), dr));

  g_string_append (out, "Samplerate:        ");
  drmt_report_append_distinct (out, sorted,
      G_STRUCT_OFFSET (DrmtScannedTrack, rate));
  g_string_append (out, " Hz\nChannels:          ");
  drmt_report_append_distinct (out, sorted,
      G_STRUCT_OFFSET (DrmtScannedTrack, channels));
  g_string_append (out, "\nBits per sample:   ");
  drmt_report_append_distinct (out, sorted,
      G_STRUCT_OFFSET (DrmtScannedTrack, bits));
  g_string_append (out, "\nBitrate:           ");
  append_bitrate (out, sorted);
  g_string_append (out, " kbps\nCodec:             ");
  append_codecs (out, sorted);
  g_string_append (out, "\n" DOUBLE_RULE "\n");

  g_free (artist);
  g_free (title);
  g_free (artist_text);
  g_free (title_text);
  g_free (when);
}

void
drmt_report_crlf (GString * text)
{
  GString *crlf = g_string_sized_new (text->len + text->len / 32);
  gsize i;

  for (i = 0; i < text->len; i++) {
    if (text->str[i] == '\n' && (i == 0 || text->str[i - 1] != '\r'))
      g_string_append_c (crlf, '\r');
    g_string_append_c (crlf, text->str[i]);
  }
  g_string_assign (text, crlf->str);
  g_string_free (crlf, TRUE);
}
