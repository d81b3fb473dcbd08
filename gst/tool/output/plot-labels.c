/* gst-drmeter: keeping the plots' labels apart (see plot-labels.h).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plot-labels.h"

/* Advance widths of DejaVu Sans (the first font the SVG asks for) are
 * about 0.55 to 0.64 em for digits and lower case, 0.32 for a space; wider
 * fallback fonts stay under 0.64 em too. Bold is about 10 % wider. */
#define EM_PER_CHAR 0.64
#define BOLD_FACTOR 1.1
/* From the baseline: ascenders and descenders of the same fonts. */
#define ASCENT 0.95
#define DESCENT 0.25

gdouble
drmt_text_width (const gchar * s, gdouble size, gboolean bold)
{
  return g_utf8_strlen (s, -1) * size * EM_PER_CHAR *
      (bold ? BOLD_FACTOR : 1.0);
}

DrmtBox
drmt_text_box (gdouble x, gdouble y, gdouble size, gboolean bold,
    DrmtAnchor anchor, const gchar * s)
{
  gdouble w = drmt_text_width (s, size, bold);
  DrmtBox b;

  b.x0 = anchor == DRMT_ANCHOR_START ? x :
      anchor == DRMT_ANCHOR_MIDDLE ? x - w / 2 : x - w;
  b.x1 = b.x0 + w;
  b.y0 = y - ASCENT * size;
  b.y1 = y + DESCENT * size;
  return b;
}

gchar *
drmt_text_fit (const gchar * s, gdouble size, gboolean bold, gdouble width)
{
  glong n = g_utf8_strlen (s, -1);
  glong keep = (glong) (width / (size * EM_PER_CHAR *
          (bold ? BOLD_FACTOR : 1.0)));
  gchar *head, *cut;

  if (n <= keep)
    return g_strdup (s);
  if (keep < 2)
    return g_strdup ("\u2026");
  head = g_utf8_substring (s, 0, keep - 1);
  cut = g_strconcat (head, "\u2026", NULL);
  g_free (head);
  return cut;
}

void
drmt_labels_init (DrmtLabels * l)
{
  l->taken = g_array_new (FALSE, FALSE, sizeof (DrmtBox));
  l->lines = g_array_new (FALSE, FALSE, sizeof (DrmtBox));
  l->pads = g_array_new (FALSE, FALSE, sizeof (gdouble));
}

void
drmt_labels_clear (DrmtLabels * l)
{
  g_clear_pointer (&l->taken, g_array_unref);
  g_clear_pointer (&l->lines, g_array_unref);
  g_clear_pointer (&l->pads, g_array_unref);
}

void
drmt_labels_avoid_line (DrmtLabels * l, gdouble x0, gdouble y0, gdouble x1,
    gdouble y1, gdouble width)
{
  DrmtBox seg = { x0, y0, x1, y1 };
  gdouble pad = width / 2 + 1;

  g_array_append_val (l->lines, seg);
  g_array_append_val (l->pads, pad);
}

/* Whether the segment @s passes through @b grown by @pad on every side
 * (Liang-Barsky clipping of the segment to the box). */
static gboolean
segment_crosses (const DrmtBox * s, const DrmtBox * b, gdouble pad)
{
  const gdouble d[2] = { s->x1 - s->x0, s->y1 - s->y0 };
  const gdouble from[2] = { s->x0, s->y0 };
  const gdouble lo[2] = { b->x0 - pad, b->y0 - pad };
  const gdouble hi[2] = { b->x1 + pad, b->y1 + pad };
  gdouble t0 = 0, t1 = 1;

  for (guint k = 0; k < 2; k++) {
    gdouble a, c;

    if (d[k] == 0) {
      if (from[k] < lo[k] || from[k] > hi[k])
        return FALSE;
      continue;
    }
    a = (lo[k] - from[k]) / d[k];
    c = (hi[k] - from[k]) / d[k];
    t0 = MAX (t0, MIN (a, c));
    t1 = MIN (t1, MAX (a, c));
    if (t0 > t1)
      return FALSE;
  }
  return TRUE;
}

void
drmt_labels_take (DrmtLabels * l, const DrmtBox * b)
{
  g_array_append_val (l->taken, *b);
}

static gboolean
overlap (const DrmtBox * a, const DrmtBox * b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

gboolean
drmt_labels_free (const DrmtLabels * l, const DrmtBox * b,
    const DrmtBox * area)
{
  if (area && (b->x0 < area->x0 || b->x1 > area->x1 || b->y0 < area->y0
          || b->y1 > area->y1))
    return FALSE;
  for (guint i = 0; i < l->taken->len; i++)
    if (overlap (b, &g_array_index (l->taken, DrmtBox, i)))
      return FALSE;
  for (guint i = 0; i < l->lines->len; i++)
    if (segment_crosses (&g_array_index (l->lines, DrmtBox, i), b,
            g_array_index (l->pads, gdouble, i)))
      return FALSE;
  return TRUE;
}
