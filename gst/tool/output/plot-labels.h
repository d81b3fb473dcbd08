/* gst-drmeter: keeping the plots' labels apart (--plot DIR).
 *
 * The SVG is written without a text engine, so a label's box is estimated
 * from its font size and length (generously: DejaVu Sans is wide). Every
 * label placed is remembered; a label that can go in several places takes
 * the first one inside its area that touches no label placed before and
 * crosses no line it must keep off (the RMS curve).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_PLOT_LABELS_H
#define DRMT_PLOT_LABELS_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gdouble x0, y0, x1, y1;       /* left, top, right, bottom */
} DrmtBox;

typedef enum {
  DRMT_ANCHOR_START,
  DRMT_ANCHOR_MIDDLE,
  DRMT_ANCHOR_END
} DrmtAnchor;

/* The box of @s drawn at @x (as @anchor says) on the baseline @y. */
DrmtBox drmt_text_box (gdouble x, gdouble y, gdouble size, gboolean bold,
    DrmtAnchor anchor, const gchar * s);
/* The width @s takes at @size. */
gdouble drmt_text_width (const gchar * s, gdouble size, gboolean bold);
/* @s cut (with an ellipsis) to at most @width at @size; a new string. */
gchar *drmt_text_fit (const gchar * s, gdouble size, gboolean bold,
    gdouble width);

/* The labels of one picture, and the lines no label may cross. */
typedef struct {
  GArray *taken;                /* DrmtBox */
  GArray *lines;                /* DrmtBox: a segment from (x0, y0) to
                                 * (x1, y1), widened by its pad */
  GArray *pads;                 /* gdouble, per segment */
} DrmtLabels;

void drmt_labels_init (DrmtLabels * l);
void drmt_labels_clear (DrmtLabels * l);
/* Remembers @b as taken (a label, or a mark no label may cover). */
void drmt_labels_take (DrmtLabels * l, const DrmtBox * b);
/* Remembers the segment (@x0, @y0)-(@x1, @y1), drawn @width px wide, as a
 * line no label may cross (the RMS curve). */
void drmt_labels_avoid_line (DrmtLabels * l, gdouble x0, gdouble y0,
    gdouble x1, gdouble y1, gdouble width);
/* TRUE if @b lies inside @area and touches nothing taken, no line. */
gboolean drmt_labels_free (const DrmtLabels * l, const DrmtBox * b,
    const DrmtBox * area);

G_END_DECLS

#endif
