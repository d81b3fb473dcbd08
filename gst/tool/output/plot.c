/* gst-drmeter: per-window pictures of tracks (--plot DIR).
 *
 * One self-contained SVG per track, written by hand: each channel's window
 * RMS and peak over time, the windows of the loudest 20 % shaded, the
 * highest and the selected peak marked, the DR as the distance between the
 * selected peak and the loud RMS. Then index.html with every album and
 * picture. docs/gst-drmeter.md ("Plots") describes what is drawn.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include "plot.h"
#include "plot-labels.h"
#include "progress.h"

/* ---- SVG ---- */

#define W 960.0
#define LEFT 64.0
#define RIGHT 176.0             /* room for the DR bracket and its labels */
#define HEADER 96.0
#define PANEL 200.0
#define HEADROOM 16.0           /* inside a panel, above its top dBFS line:
                                 * room for the marks of peaks at the top */
#define CAPTION 44.0            /* above a panel: the channel's numbers */
#define GAP 30.0                /* below a panel: its time labels */
#define BLOCK (CAPTION + PANEL + GAP)
#define LEGEND 76.0
#define FONT "DejaVu Sans, Verdana, Arial, sans-serif"

/* Colours chosen to stay apart in greyscale: the RMS line is near black and
 * solid, the peak line mid grey and dashed, the loud windows a light hatch. */
#define C_RMS "#14306b"
#define C_PEAK "#d4600c"
#define C_LOUD_FILL "#e4ebf7"
#define C_LOUD_HATCH "#a9bbdc"
#define C_GRID "#d9d9d9"
#define C_AXIS "#555555"
#define C_TEXT "#111111"
#define C_MUTED "#555555"

typedef struct {
  GString *o;
  const DrmtScannedTrack *t;
  const DrmtWindows *w;
  gdouble top, bottom;          /* dBFS range */
  gdouble step;                 /* dB between two dBFS grid lines */
  gdouble total;                /* seconds */
  gdouble *t0, *t1;             /* window spans, seconds */
  gdouble plot_w;
  DrmtLabels labels;            /* every label drawn so far */
} Svg;

/* Locale-independent number. */
static void
num (GString * o, gdouble v)
{
  gchar b[G_ASCII_DTOSTR_BUF_SIZE];

  if (fabs (v) < 0.005)
    v = 0.0;
  g_string_append (o, g_ascii_formatd (b, sizeof b, "%.2f", v));
}

/* ' name="v"': an attribute of locale-independent geometry. */
static void
coord (GString * o, const gchar * name, gdouble v)
{
  g_string_append_printf (o, " %s=\"", name);
  num (o, v);
  g_string_append_c (o, '"');
}

/* A <rect/> with @attrs (fill, stroke). */
static void
rect (GString * o, gdouble x, gdouble y, gdouble w, gdouble h,
    const gchar * attrs)
{
  g_string_append (o, "<rect");
  coord (o, "x", x);
  coord (o, "y", y);
  coord (o, "width", w);
  coord (o, "height", h);
  g_string_append_printf (o, " %s/>\n", attrs);
}

/* A <line/> from (x1, y1) to (x2, y2), with a class if @cls. */
static void
line (GString * o, const gchar * cls, gdouble x1, gdouble y1, gdouble x2,
    gdouble y2, const gchar * attrs)
{
  g_string_append (o, "<line");
  if (cls)
    g_string_append_printf (o, " class=\"%s\"", cls);
  coord (o, "x1", x1);
  coord (o, "x2", x2);
  coord (o, "y1", y1);
  coord (o, "y2", y2);
  g_string_append_printf (o, " %s/>\n", attrs);
}

/* A closed <path/> through @n points (x, y pairs in @xy). */
static void
polygon (GString * o, const gchar * cls, const gdouble * xy, guint n,
    const gchar * attrs)
{
  g_string_append_printf (o, "<path class=\"%s\" d=\"", cls);
  for (guint i = 0; i < n; i++) {
    g_string_append (o, i ? " L" : "M");
    num (o, xy[2 * i]);
    g_string_append_c (o, ',');
    num (o, xy[2 * i + 1]);
  }
  g_string_append_printf (o, " Z\" %s/>\n", attrs);
}

static void
circle (GString * o, gdouble cx, gdouble cy, const gchar * r,
    const gchar * attrs)
{
  g_string_append (o, "<circle");
  coord (o, "cx", cx);
  coord (o, "cy", cy);
  g_string_append_printf (o, " r=\"%s\" %s/>\n", r, attrs);
}

static void
text_escaped (GString * o, const gchar * s)
{
  gchar *e;

  if (!g_utf8_validate (s, -1, NULL)) {
    gchar *valid = g_utf8_make_valid (s, -1);

    e = g_markup_escape_text (valid, -1);
    g_free (valid);
  } else {
    e = g_markup_escape_text (s, -1);
  }
  g_string_append (o, e);
  g_free (e);
}

static void
text_at (GString * o, gdouble x, gdouble y, const gchar * attrs,
    const gchar * s)
{
  g_string_append (o, "<text");
  coord (o, "x", x);
  coord (o, "y", y);
  g_string_append_printf (o, " %s>", attrs ? attrs : "");
  text_escaped (o, s);
  g_string_append (o, "</text>\n");
}

static const gchar *const anchor_names[] = { "start", "middle", "end" };

/* A text of @size px at (@x, @y), remembered so that later labels keep
 * off it; @attrs adds the fill and the like. */
static void
label (Svg * g, gdouble x, gdouble y, gdouble size, gboolean bold,
    DrmtAnchor anchor, const gchar * attrs, const gchar * s)
{
  DrmtBox b = drmt_text_box (x, y, size, bold, anchor, s);
  gchar *all = g_strdup_printf ("font-size=\"%.0f\"%s text-anchor=\"%s\" %s",
      size, bold ? " font-weight=\"bold\"" : "", anchor_names[anchor],
      attrs ? attrs : "");

  text_at (g->o, x, y, all, s);
  drmt_labels_take (&g->labels, &b);
  g_free (all);
}

/* The inside of the frame of the panel whose top edge is at @top. */
static DrmtBox
plot_area (const Svg * g, gdouble top)
{
  DrmtBox a = { LEFT + 2, top + 2, LEFT + g->plot_w - 2, top + PANEL - 2 };

  return a;
}

static gdouble
x_of (const Svg * g, gdouble sec)
{
  return LEFT + (g->total > 0 ? sec / g->total : 0) * g->plot_w;
}

static gdouble
y_of (const Svg * g, gdouble panel_top, gdouble db)
{
  gdouble v = db;

  if (!(v > g->bottom))         /* -inf and below the floor sit on it */
    v = g->bottom;
  if (v > g->top)
    v = g->top;
  return panel_top + HEADROOM + (g->top - v) / (g->top - g->bottom) *
      (PANEL - HEADROOM);
}

static gchar *
time_label (gdouble sec)
{
  gint64 s = (gint64) floor (sec + 0.5);

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (gint) (s / 3600),
        (gint) (s / 60 % 60), (gint) (s % 60));
  return g_strdup_printf ("%d:%02d", (gint) (s / 60), (gint) (s % 60));
}

static gdouble
time_step (gdouble total)
{
  static const gdouble steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600,
    900, 1800, 3600, 7200
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (total / steps[i] <= 10)
      return steps[i];
  return 14400;
}

static const gchar *
channel_name (const DrmtScannedTrack * t, gint c, gchar b[8])
{
  return t->channel ? drmt_label_name (t->channel[c].label, b) : "?";
}

/* The window that holds a reported peak: the first whose peak is it
 * (@skip: not this one, if another has it too). */
static gint
window_with_peak (const Svg * g, gint c, gdouble peak, gint skip)
{
  gint found = -1;

  for (guint64 i = 0; i < g->w->count; i++) {
    gdouble p = g_array_index (g->w->peak, gdouble, i * g->w->channels + c);

    if (p == peak) {
      if ((gint) i != skip)
        return (gint) i;
      found = (gint) i;
    }
  }
  return found;
}

static gboolean
is_loud (const Svg * g, gint c, guint64 i)
{
  gint bin = g_array_index (g->w->bin, gint, i * g->w->channels + c);

  return g->w->summary && g->w->loud_bin[c] >= 0 && bin >= 0
      && bin >= g->w->loud_bin[c];
}

/* A mark's label, beside the mark at (@x, @y) (@r px around it) and
 * inside the plot: the first place, round the mark and then further away
 * in rows of 14 px, that no label or mark holds already and the RMS line
 * does not cross. */
static void
marker_label (Svg * g, gdouble top, gdouble x, gdouble y, gdouble r,
    const gchar * s)
{
  static const gdouble rows[] = { 0, 1, -1, 2, -2, 3, -3, 4, -4, 6, -6, 8,
    -8, 10, -10
  };
  DrmtBox area = plot_area (g, top);
  const gchar *attrs = "fill=\"" C_TEXT "\" stroke=\"#ffffff\" "
      "stroke-width=\"3\" paint-order=\"stroke\"";

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
    for (gint side = 0; side < 2; side++) {
      gdouble ty = y + 4 + rows[i] * 14 + (rows[i] > 0 ? r : rows[i] < 0 ?
          -r : 0);
      gdouble tx = side ? x - r - 4 : x + r + 4;
      DrmtAnchor anchor = side ? DRMT_ANCHOR_END : DRMT_ANCHOR_START;
      DrmtBox b = drmt_text_box (tx, ty, 12, FALSE, anchor, s);

      if (drmt_labels_free (&g->labels, &b, &area)) {
        label (g, tx, ty, 12, FALSE, anchor, attrs, s);
        return;
      }
    }
  }
  /* Crowded round the mark: the free place nearest to it, anywhere in the
   * plot; only if there is none, the plot's top left corner. */
  {
    gdouble best = G_MAXDOUBLE, bx = area.x0 + 4, by = area.y0 + 12;

    for (gdouble ty = area.y0 + 12; ty <= area.y1 - 3; ty += 7) {
      for (gdouble tx = area.x0; tx <= area.x1; tx += 12) {
        DrmtBox b = drmt_text_box (tx, ty, 12, FALSE, DRMT_ANCHOR_START, s);
        gdouble d = (tx - x) * (tx - x) + (ty - y) * (ty - y);

        if (d < best && drmt_labels_free (&g->labels, &b, &area)) {
          best = d;
          bx = tx;
          by = ty;
        }
      }
    }
    label (g, bx, by, 12, FALSE, DRMT_ANCHOR_START, attrs, s);
  }
}

/* The middle of window @i, in seconds. */
static gdouble
window_mid (const Svg * g, guint64 i)
{
  return (g->t0[i] + g->t1[i]) / 2;
}

static gdouble
value_at (const DrmtWindows * w, const GArray * series, guint64 i, gint c)
{
  return g_array_index (series, gdouble, i * w->channels + c);
}

/* The loud windows, shaded under everything else. */
static void
loud_windows (Svg * g, gint c, gdouble top)
{
  g_string_append (g->o, "<g class=\"loud\">\n");
  for (guint64 i = 0; i < g->w->count; i++) {
    if (!is_loud (g, c, i))
      continue;
    rect (g->o, x_of (g, g->t0[i]), top,
        MAX (1.0, x_of (g, g->t1[i]) - x_of (g, g->t0[i])), PANEL,
        "fill=\"url(#loud)\"");
  }
  g_string_append (g->o, "</g>\n");
}

/* Horizontal lines with their dBFS labels, left of the plot, g->step
 * apart (far enough for the labels, whatever the range). */
static void
db_grid (Svg * g, gdouble top)
{
  for (gdouble db = g->top; db >= g->bottom - 1e-9; db -= g->step) {
    gdouble y = y_of (g, top, db);
    gchar *s = g_strdup_printf ("%.0f", db);

    line (g->o, NULL, LEFT, y, LEFT + g->plot_w, y,
        "stroke=\"" C_GRID "\" stroke-width=\"1\"");
    label (g, LEFT - 6, y + 4, 12, FALSE, DRMT_ANCHOR_END,
        "fill=\"" C_MUTED "\"", s);
    g_free (s);
  }
}

/* Vertical lines with their time labels, under the plot. */
static void
time_grid (Svg * g, gdouble top)
{
  gdouble step = time_step (g->total);

  for (gdouble sec = 0; sec <= g->total + 1e-9; sec += step) {
    gdouble x = x_of (g, sec);
    gchar *s = time_label (sec);

    line (g->o, NULL, x, top, x, top + PANEL + 4,
        "stroke=\"" C_GRID "\" stroke-width=\"1\"");
    label (g, x, top + PANEL + 17, 12, FALSE, DRMT_ANCHOR_MIDDLE,
        "fill=\"" C_MUTED "\"", s);
    g_free (s);
  }
}

/* The plot's border and the vertical axis title. */
static void
frame (Svg * g, gdouble top)
{
  gchar *attrs = g_strdup_printf ("transform=\"rotate(-90 18 %.0f)\" "
      "font-size=\"12\" text-anchor=\"middle\" fill=\"" C_MUTED "\"",
      top + PANEL / 2);
  /* turned upright: the word's length is its height */
  gdouble half = drmt_text_width ("dBFS", 12, FALSE) / 2;
  DrmtBox b = { 18 - 10, top + PANEL / 2 - half, 18 + 3,
    top + PANEL / 2 + half
  };

  rect (g->o, LEFT, top, g->plot_w, PANEL,
      "fill=\"none\" stroke=\"" C_AXIS "\"");
  text_at (g->o, 18, top + PANEL / 2, attrs, "dBFS");
  drmt_labels_take (&g->labels, &b);
  g_free (attrs);
}

/* The lowest RMS taken into the loudest 20 %. */
static void
loud_threshold (Svg * g, gint c, gdouble top)
{
  gdouble y;

  if (!g->w->summary || g->w->loud_bin[c] < 0)
    return;
  y = y_of (g, top, drm_bin_db (g->w->loud_bin[c]));
  line (g->o, "loud-threshold", LEFT, y, LEFT + g->plot_w, y,
      "stroke=\"#000000\" stroke-width=\"1\" stroke-dasharray=\"1 3\"");
}

/* Channel @c of @series (dBFS, as in DrmtWindows) as <polyline/>s through
 * the middles of the windows: one per run of windows with a level, so that
 * silent windows (-inf) are gaps, not points on the floor. */
static void
series_line (Svg * g, gint c, gdouble top, const gchar * cls,
    const GArray * series, const gchar * attrs, gdouble avoid_width)
{
  GString *o = g->o;
  gchar b[8];

  for (guint64 i = 0; i < g->w->count;) {
    guint64 end = i;

    while (end < g->w->count && isfinite (value_at (g->w, series, end, c)))
      end++;
    if (end == i) {
      i++;
      continue;
    }
    g_string_append_printf (o, "<polyline class=\"%s\" data-channel=\"%s\" "
        "data-first=\"%" G_GUINT64_FORMAT "\" data-points=\"%"
        G_GUINT64_FORMAT "\" %s points=\"", cls, channel_name (g->t, c, b),
        i, end - i, attrs);
    for (guint64 k = i; k < end; k++) {
      gdouble x = x_of (g, window_mid (g, k));
      gdouble y = y_of (g, top, value_at (g->w, series, k, c));

      if (k > i)
        g_string_append_c (o, ' ');
      num (o, x);
      g_string_append_c (o, ',');
      num (o, y);
      /* (a run of one window is a dot: as a segment of no length) */
      if (avoid_width > 0)
        drmt_labels_avoid_line (&g->labels, k > i ? x_of (g, window_mid (g,
                    k - 1)) : x, k > i ? y_of (g, top, value_at (g->w,
                    series, k - 1, c)) : y, x, y, avoid_width);
    }
    g_string_append (o, "\"/>\n");
    i = end;
  }
}

/* One run of silent windows, @first to @end (excluded): a grey band on the
 * floor, labelled where there is room. */
static void
silent_band (Svg * g, gdouble top, guint64 first, guint64 end)
{
  DrmtBox area = plot_area (g, top);
  gdouble x0 = x_of (g, g->t0[first]), x1 = x_of (g, g->t1[end - 1]);
  DrmtBox b = drmt_text_box ((x0 + x1) / 2, top + PANEL - 18, 12, FALSE,
      DRMT_ANCHOR_MIDDLE, "silent");

  rect (g->o, x0, top + PANEL - 12, MAX (1.0, x1 - x0), 12,
      "fill=\"" C_GRID "\"");
  if (b.x0 >= x0 && b.x1 <= x1 && drmt_labels_free (&g->labels, &b, &area))
    label (g, (x0 + x1) / 2, top + PANEL - 18, 12, FALSE,
        DRMT_ANCHOR_MIDDLE, "fill=\"" C_MUTED "\"", "silent");
}

/* Silent windows (RMS -inf: digital silence), which have no level to
 * draw, as bands on the floor. Returns how many there are. */
static guint64
silent_windows (Svg * g, gint c, gdouble top)
{
  guint64 silent = 0;

  g_string_append (g->o, "<g class=\"silent\">\n");
  for (guint64 i = 0; i < g->w->count;) {
    guint64 end = i;

    while (end < g->w->count
        && !isfinite (value_at (g->w, g->w->rms, end, c)))
      end++;
    if (end == i) {
      i++;
      continue;
    }
    silent_band (g, top, i, end);
    silent += end - i;
    i = end;
  }
  g_string_append (g->o, "</g>\n");
  return silent;
}

/* A dot per window on the RMS line, when they can be told apart: loud
 * ones filled. */
static void
window_markers (Svg * g, gint c, gdouble top)
{
  if (g->w->count > 160)
    return;
  for (guint64 i = 0; i < g->w->count; i++) {
    gboolean loud = is_loud (g, c, i);
    gdouble rms = value_at (g->w, g->w->rms, i, c);
    gchar *attrs;

    if (!isfinite (rms))
      continue;
    attrs = g_strdup_printf ("fill=\"%s\" stroke=\"" C_RMS "\" "
        "stroke-width=\"1.5\"", loud ? C_RMS : "#ffffff");
    circle (g->o, x_of (g, window_mid (g, i)), y_of (g, top, rms),
        loud ? "4" : "2.5", attrs);
    g_free (attrs);
  }
}

/* A drawn mark and the label it wants beside it. */
typedef struct {
  gdouble x, y;
  gchar *text;
} Mark;

/* The highest window peak: a triangle pointing down at it. */
static void
primary_peak_marker (Svg * g, gint c, gdouble top, gint window,
    gboolean also_selected, Mark * m)
{
  gdouble x = x_of (g, window_mid (g, window));
  gdouble y = y_of (g, top, g->w->primary_peak[c]);
  const gdouble xy[] = { x - 7, y - 13, x + 7, y - 13, x, y - 1 };
  DrmtBox mark = { x - 8, y - 14, x + 8, y };
  gchar tok[DRM_TOKEN_SIZE];

  polygon (g->o, "primary-peak", xy, 3,
      "fill=\"#ffffff\" stroke=\"#000000\" stroke-width=\"1.5\"");
  drmt_labels_take (&g->labels, &mark);
  m->x = x;
  m->y = y - 7;
  m->text = g_strdup_printf ("%s %s", also_selected ?
      "highest = selected peak" : "highest peak",
      drm_format_db (g->w->primary_peak[c], tok));
}

/* The peak the DR was computed from: a diamond on it. */
static void
selected_peak_marker (Svg * g, gint c, gdouble top, gint window, Mark * m)
{
  gdouble x = x_of (g, window_mid (g, window));
  gdouble y = y_of (g, top, g->w->selected_peak[c]);
  const gdouble xy[] = { x, y - 7, x + 7, y, x, y + 7, x - 7, y };
  DrmtBox mark = { x - 8, y - 8, x + 8, y + 8 };
  gchar tok[DRM_TOKEN_SIZE];

  polygon (g->o, "selected-peak", xy, 4,
      "fill=\"#000000\" stroke=\"#ffffff\" stroke-width=\"1\"");
  drmt_labels_take (&g->labels, &mark);
  m->x = x;
  m->y = y;
  m->text = g_strdup_printf ("selected peak %s",
      drm_format_db (g->w->selected_peak[c], tok));
}

/* Both marks first, then their labels, so that no label covers a mark.
 * A silent channel (peaks -inf) has none. */
static void
peak_markers (Svg * g, gint c, gdouble top)
{
  Mark m[2];
  guint n = 0;
  gint primary, selected;

  if (!g->w->summary || !isfinite (g->w->primary_peak[c]))
    return;
  primary = window_with_peak (g, c, g->w->primary_peak[c], -1);
  selected = isfinite (g->w->selected_peak[c]) ?
      window_with_peak (g, c, g->w->selected_peak[c], primary) : -1;
  if (primary >= 0)
    primary_peak_marker (g, c, top, primary, primary == selected, &m[n++]);
  if (selected >= 0 && selected != primary)
    selected_peak_marker (g, c, top, selected, &m[n++]);
  for (guint i = 0; i < n; i++) {
    marker_label (g, top, m[i].x, m[i].y, 8, m[i].text);
    g_free (m[i].text);
  }
}

/* The DR as a bracket from the loud RMS up to the selected peak, right of
 * the plot, with three label rows that never overlap however short the
 * bracket is. */
static void
dr_bracket (Svg * g, gint c, gdouble top)
{
  const DrmtChannel *ch = g->t->channel ? &g->t->channel[c] : NULL;
  GString *o = g->o;
  gdouble peak, loud, x, y0, y1, mid;
  gchar tok[DRM_TOKEN_SIZE];
  gchar *s;

  if (!ch || !g->w->summary || !isfinite (g->w->selected_peak[c])
      || g->w->loud_bin[c] < 0)
    return;
  peak = g->w->selected_peak[c];
  loud = peak - ch->dr;
  x = LEFT + g->plot_w + 18;
  y0 = y_of (g, top, peak);
  y1 = y_of (g, top, loud);
  mid = (y0 + y1) / 2;

  g_string_append (o, "<path class=\"dr-bracket\" d=\"M");
  num (o, x - 6);
  g_string_append_c (o, ',');
  num (o, y0);
  g_string_append (o, " H");
  num (o, x + 6);
  g_string_append (o, " M");
  num (o, x);
  g_string_append_c (o, ',');
  num (o, y0);
  g_string_append (o, " V");
  num (o, y1);
  g_string_append (o, " M");
  num (o, x - 6);
  g_string_append_c (o, ',');
  num (o, y1);
  g_string_append (o, " H");
  num (o, x + 6);
  g_string_append (o, "\" fill=\"none\" stroke=\"#000000\" "
      "stroke-width=\"2\"/>\n");

  s = g_strdup_printf ("DR %s", drm_format_db (ch->dr, tok));
  label (g, x + 12, mid + 5, 15, TRUE, DRMT_ANCHOR_START,
      "fill=\"" C_TEXT "\"", s);
  g_free (s);
  s = g_strdup_printf ("selected peak %s", drm_format_db (peak, tok));
  label (g, x + 12, MIN (y0 + 4, mid - 14), 11, FALSE, DRMT_ANCHOR_START,
      "fill=\"" C_MUTED "\"", s);
  g_free (s);
  s = g_strdup_printf ("loud RMS %s", drm_format_db (loud, tok));
  label (g, x + 12, MAX (y1 + 4, mid + 22), 11, FALSE, DRMT_ANCHOR_START,
      "fill=\"" C_MUTED "\"", s);
  g_free (s);
}

/* The channel's name and numbers over the plot, then its loudest 20 %
 * (or that it has none: all @silent windows are silent). */
static void
caption (Svg * g, gint c, gdouble top, guint64 silent)
{
  const DrmtChannel *ch = g->t->channel ? &g->t->channel[c] : NULL;
  const DrmtWindows *w = g->w;
  gchar b[8], tok[DRM_TOKEN_SIZE], tok2[DRM_TOKEN_SIZE], tok3[DRM_TOKEN_SIZE];
  gchar *s;

  if (ch)
    s = g_strdup_printf ("%s \u00b7 DR %s \u00b7 peak %s dBFS \u00b7 RMS %s "
        "dBFS", channel_name (g->t, c, b), drm_format_db (ch->dr, tok),
        drm_format_db (ch->peak_db, tok2), drm_format_db (ch->rms_db, tok3));
  else
    s = g_strdup (channel_name (g->t, c, b));
  label (g, LEFT, top - 24, 14, TRUE, DRMT_ANCHOR_START,
      "fill=\"" C_TEXT "\"", s);
  g_free (s);
  if (!w->summary)
    return;
  if (w->loud_bin[c] >= 0)
    s = g_strdup_printf ("%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
        " windows in the loudest 20 %% (RMS %s dB and up)",
        w->loud_windows[c], w->count,
        drm_format_db (drm_bin_db (w->loud_bin[c]), tok));
  else
    s = g_strdup_printf ("%s%" G_GUINT64_FORMAT " windows silent (digital "
        "zero): no loudest 20 %%", silent == w->count ? "all " : "",
        silent);
  label (g, LEFT, top - 8, 12, FALSE, DRMT_ANCHOR_START,
      "fill=\"" C_MUTED "\"", s);
  g_free (s);
}

/* Channel @c's plot, its top edge at @top: drawn bottom layer first. */
static void
panel (Svg * g, gint c, gdouble top)
{
  gchar b[8];
  guint64 silent;

  g_string_append_printf (g->o, "<g class=\"channel\" data-channel=\"%s\" "
      "data-index=\"%d\">\n", channel_name (g->t, c, b), c);
  rect (g->o, LEFT, top, g->plot_w, PANEL, "fill=\"#ffffff\" stroke=\"none\"");
  loud_windows (g, c, top);
  silent = silent_windows (g, c, top);
  db_grid (g, top);
  time_grid (g, top);
  frame (g, top);
  loud_threshold (g, c, top);
  /* the peaks dashed and lighter, under the solid, dark, thick RMS */
  series_line (g, c, top, "peak", g->w->peak, "fill=\"none\" stroke=\""
      C_PEAK "\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\" "
      "stroke-linejoin=\"round\"", 0);
  /* no label drawn after it may cross the RMS line */
  series_line (g, c, top, "rms", g->w->rms, "fill=\"none\" stroke=\""
      C_RMS "\" stroke-width=\"2.5\" stroke-linejoin=\"round\"", 2.5);
  window_markers (g, c, top);
  peak_markers (g, c, top);
  dr_bracket (g, c, top);
  caption (g, c, top, silent);
  g_string_append (g->o, "</g>\n");
}

static void
legend (Svg * g, gdouble top)
{
  GString *o = g->o;
  gdouble x = LEFT, y = top + 22;

  g_string_append (o, "<g class=\"legend\" font-size=\"13\" fill=\""
      C_TEXT "\">\n");
  /* RMS */
  g_string_append_printf (o, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" "
      "y2=\"%.0f\" stroke=\"" C_RMS "\" stroke-width=\"2.5\"/>\n", x, x + 30,
      y - 4, y - 4);
  g_string_append_printf (o, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"4\" "
      "fill=\"" C_RMS "\"/>\n", x + 15, y - 4);
  text_at (o, x + 38, y, NULL, "window RMS (loud window: filled)");
  x += 270;
  g_string_append_printf (o, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" "
      "y2=\"%.0f\" stroke=\"" C_PEAK "\" stroke-width=\"1.5\" "
      "stroke-dasharray=\"6 3\"/>\n", x, x + 30, y - 4, y - 4);
  text_at (o, x + 38, y, NULL, "window peak");
  x += 140;
  g_string_append_printf (o, "<rect x=\"%.0f\" y=\"%.0f\" width=\"30\" "
      "height=\"16\" fill=\"url(#loud)\" stroke=\"" C_LOUD_HATCH "\"/>\n",
      x, y - 13);
  text_at (o, x + 38, y, NULL, "loudest 20 % of windows");
  x += 210;
  g_string_append_printf (o, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" "
      "y2=\"%.0f\" stroke=\"#000000\" stroke-dasharray=\"1 3\"/>\n", x,
      x + 30, y - 4, y - 4);
  text_at (o, x + 38, y, NULL, "loud-set threshold");

  x = LEFT;
  y += 26;
  g_string_append_printf (o, "<path d=\"M%.0f,%.0f L%.0f,%.0f L%.0f,%.0f Z\" "
      "fill=\"#ffffff\" stroke=\"#000000\" stroke-width=\"1.5\"/>\n", x + 8,
      y - 14, x + 22, y - 14, x + 15, y - 2);
  text_at (o, x + 38, y, NULL, "highest window peak");
  x += 270;
  g_string_append_printf (o, "<path d=\"M%.0f,%.0f L%.0f,%.0f L%.0f,%.0f "
      "L%.0f,%.0f Z\" fill=\"#000000\"/>\n", x + 15, y - 12, x + 22, y - 5,
      x + 15, y + 2, x + 8, y - 5);
  text_at (o, x + 38, y, NULL, "selected peak (second highest: used for DR)");
  x += 350;
  g_string_append_printf (o, "<path d=\"M%.0f,%.0f H%.0f M%.0f,%.0f V%.0f "
      "M%.0f,%.0f H%.0f\" stroke=\"#000000\" stroke-width=\"2\" "
      "fill=\"none\"/>\n", x + 9, y - 14, x + 21, x + 15, y - 14, y + 2,
      x + 9, y + 2, x + 21);
  text_at (o, x + 30, y, NULL, "DR = selected peak - loud RMS");
  g_string_append (o, "</g>\n");
}

/* The panels' dBFS range: from 0 (or the highest peak above full scale)
 * down to 10 dB under the quietest window RMS, within -30 and -120 (-60
 * when all is silent); and the grid step, the smallest that keeps the
 * grid labels 28 px apart, with both ends on whole steps. A 1e30 sample
 * (600 dBFS) gets a few labels 100 dB apart, not a pile of them. */
static void
y_range (Svg * g, gdouble max_peak, gdouble min_rms)
{
  static const gdouble steps[] = { 5, 10, 20, 50, 100, 200, 500, 1000,
    2000, 5000, 10000
  };
  gdouble top = max_peak > 0 && isfinite (max_peak) ? max_peak : 0;
  gdouble bottom = isfinite (min_rms) ?
      CLAMP (floor ((min_rms - 3) / 10) * 10, -120, -30) : -60;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++) {
    g->step = steps[i];
    g->top = ceil (top / g->step) * g->step;
    g->bottom = floor (bottom / g->step) * g->step;
    if ((PANEL - HEADROOM) * g->step / (g->top - g->bottom) >= 28)
      break;
  }
}

/* The time axis (window spans) and the dBFS range of @t's windows. */
static void
layout (Svg * g, GString * o, const DrmtScannedTrack * t)
{
  const DrmtWindows *w = t->window_data;
  guint64 count = w ? w->count : 0;
  gdouble max_peak = -INFINITY, min_rms = INFINITY;

  g->o = o;
  g->t = t;
  g->w = w;
  g->plot_w = W - LEFT - RIGHT;
  g->t0 = g_new0 (gdouble, count + 1);
  g->t1 = g_new0 (gdouble, count + 1);
  for (guint64 i = 0; i < count; i++) {
    g->t0[i] = i ? g->t1[i - 1] : 0.0;
    g->t1[i] = g->t0[i] + g_array_index (w->duration, guint64, i) /
        (gdouble) GST_SECOND;
    for (guint c = 0; c < w->channels; c++) {
      gdouble p = value_at (w, w->peak, i, c);
      gdouble r = value_at (w, w->rms, i, c);

      if (p > max_peak)
        max_peak = p;
      if (isfinite (r) && r < min_rms)
        min_rms = r;
    }
  }
  g->total = count ? g->t1[count - 1] : 0.0;
  y_range (g, max_peak, min_rms);
}

/* The <svg> element with the track's numbers as data attributes, its
 * title, the hatch pattern of the loud windows and the background. */
static void
svg_open (Svg * g, gdouble height, guint channels)
{
  const DrmtScannedTrack *t = g->t;
  GString *o = g->o;
  gchar tok[DRM_TOKEN_SIZE];
  gchar *name = drmt_scanned_track_name (t);

  g_string_append_printf (o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
      "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"" FONT "\" "
      "data-dr=\"%d\" data-dr-value=\"%s\" data-near-boundary=\"%s\" "
      "data-channels=\"%u\" data-windows=\"%" G_GUINT64_FORMAT "\">\n",
      W, height, W, height, t->dr, drm_format_db (t->dr_value, tok),
      drm_dr_near_boundary ((float) t->dr_value) ? "true" : "false",
      channels, g->w ? g->w->count : 0);
  g_string_append (o, "<title>");
  text_escaped (o, name);
  g_string_append_printf (o, ": DR%d (%s)</title>\n", t->dr,
      drm_format_db (t->dr_value, tok));
  g_string_append (o, "<defs><pattern id=\"loud\" width=\"6\" height=\"6\" "
      "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
      "<rect width=\"6\" height=\"6\" fill=\"" C_LOUD_FILL "\"/>"
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"" C_LOUD_HATCH
      "\" stroke-width=\"2\"/></pattern></defs>\n");
  g_string_append_printf (o, "<rect width=\"%.0f\" height=\"%.0f\" "
      "fill=\"#ffffff\"/>\n", W, height);
  g_free (name);
}

/* "03 · Title" on the left (cut short of the DR if need be), "DR12" large
 * on the right. */
static void
title_line (Svg * g, guint position)
{
  const DrmtScannedTrack *t = g->t;
  gchar *dr = g_strdup_printf ("DR%d", t->dr);
  gchar *s = g_strdup_printf ("%02u \u00b7 %s", position,
      t->title && *t->title ? t->title : t->stem);
  gchar *fit = drmt_text_fit (s, 20, TRUE, W - 24 - LEFT - 24 -
      drmt_text_width (dr, 30, TRUE));

  label (g, LEFT, 30, 20, TRUE, DRMT_ANCHOR_START, "fill=\"" C_TEXT "\"",
      fit);
  label (g, W - 24, 34, 30, TRUE, DRMT_ANCHOR_END, "fill=\"" C_TEXT "\"",
      dr);
  g_free (fit);
  g_free (s);
  g_free (dr);
}

/* How far the DR value is from the nearest rounding boundary; boxed and
 * bold when another decoder could print the other DR. */
static void
boundary_line (Svg * g)
{
  const DrmtScannedTrack *t = g->t;
  gdouble boundary;
  gint dist, below, above;
  gchar tok[DRM_TOKEN_SIZE], tok2[DRM_TOKEN_SIZE];
  gchar *s;

  boundary = drm_dr_boundary ((float) t->dr_value, &dist);
  below = (gint) floor (boundary);
  above = below + 1;
  drm_format_db (t->dr_value, tok);
  drm_format_db (boundary, tok2);
  if (drm_dr_near_boundary ((float) t->dr_value)) {
    s = g_strdup_printf ("DR value %s: near a rounding boundary, %.2f from "
        "%s; another decoder may show DR%d", tok, dist / 100.0, tok2,
        t->dr == below ? t->dr + 1 : t->dr - 1);
    g_string_append_printf (g->o, "<rect class=\"near-boundary\" x=\"%.0f\" "
        "y=\"42\" width=\"%.0f\" height=\"24\" rx=\"3\" fill=\"#fff3c4\" "
        "stroke=\"#000000\" stroke-width=\"1.5\"/>\n", LEFT - 6,
        W - LEFT - 24 + 6);
    label (g, LEFT, 59, 14, TRUE, DRMT_ANCHOR_START, "id=\"boundary\" "
        "fill=\"" C_TEXT "\"", s);
  } else {
    s = g_strdup_printf ("DR value %s: %.2f from the DR%d/DR%d boundary at "
        "%s", tok, dist / 100.0, below, above, tok2);
    label (g, LEFT, 59, 14, FALSE, DRMT_ANCHOR_START, "id=\"boundary\" "
        "fill=\"" C_TEXT "\"", s);
  }
  g_free (s);
}

/* Duration, rate, channels, windows, peak, RMS and the file. */
static void
stream_line (Svg * g)
{
  const DrmtScannedTrack *t = g->t;
  gchar tok[DRM_TOKEN_SIZE], tok2[DRM_TOKEN_SIZE], dur[DRM_TOKEN_SIZE];
  gchar *s = g_strdup_printf ("%s \u00b7 %d Hz \u00b7 %d ch \u00b7 %"
      G_GUINT64_FORMAT " windows \u00b7 peak %s dBFS \u00b7 RMS %s dBFS "
      "\u00b7 %s", drm_format_duration (t->frames, (guint) t->rate, dur),
      t->rate, t->channels, g->w ? g->w->count : 0,
      drm_format_db (t->peak_db, tok), drm_format_db (t->rms_db, tok2),
      t->display);
  gchar *fit = drmt_text_fit (s, 12, FALSE, W - 24 - LEFT);

  label (g, LEFT, 84, 12, FALSE, DRMT_ANCHOR_START, "fill=\"" C_MUTED "\"",
      fit);
  g_free (fit);
  g_free (s);
}

void
drmt_plot_svg (GString * o, const DrmtScannedTrack * t, guint position)
{
  Svg g = { 0 };
  guint channels;

  drmt_labels_init (&g.labels);
  layout (&g, o, t);
  channels = g.w && g.w->count ? g.w->channels : 0;
  svg_open (&g, HEADER + MAX (1u, channels) * BLOCK + LEGEND, channels);
  title_line (&g, position);
  boundary_line (&g);
  stream_line (&g);
  for (guint c = 0; c < channels; c++)
    panel (&g, c, HEADER + c * BLOCK + CAPTION);
  if (channels == 0)
    text_at (o, LEFT, HEADER + 40, "font-size=\"14\"", "no windows");
  legend (&g, HEADER + MAX (1u, channels) * BLOCK - 8);
  g_string_append (o, "</svg>\n");
  g_free (g.t0);
  g_free (g.t1);
  drmt_labels_clear (&g.labels);
}

/* ---- files ---- */

struct _DrmtPlotter {
  gchar *dir;
  gboolean several;
  GHashTable *used;             /* subfolder names taken */
  GString *body;                /* index.html's albums */
  gboolean failed;
  gboolean no_dir;              /* the plot folder cannot be made */
  gchar *album_picture;         /* the last album's first picture */
};

/* Name parts: at most this many characters (and bytes, well below the
 * 255 of a file name with "NN-" and ".svg" around it). */
#define NAME_CHARS 60
#define NAME_BYTES 200

/* A file name part that keeps the name as it reads, in any script: only
 * '/' and control characters become '_' (never two in a row); no leading
 * '.' (a hidden file) or space, no trailing space or '.'. */
static gchar *
sanitise (const gchar * s)
{
  gchar *valid = g_utf8_make_valid (s, -1);
  GString *o = g_string_new (NULL);
  guint chars = 0;

  for (const gchar * p = valid; *p && chars < NAME_CHARS;
      p = g_utf8_next_char (p)) {
    gunichar ch = g_utf8_get_char (p);
    gsize len = g_utf8_next_char (p) - p;

    if (ch == '/' || g_unichar_iscntrl (ch)) {
      if (o->len > 0 && o->str[o->len - 1] != '_') {
        g_string_append_c (o, '_');
        chars++;
      }
      continue;
    }
    if (o->len == 0 && (ch == '.' || g_unichar_isspace (ch)))
      continue;
    if (o->len + len > NAME_BYTES)
      break;
    g_string_append_len (o, p, (gssize) len);
    chars++;
  }
  while (o->len > 0 && (o->str[o->len - 1] == '_' || o->str[o->len - 1] ==
          '.' || o->str[o->len - 1] == ' '))
    g_string_truncate (o, o->len - 1);
  if (o->len == 0)
    g_string_append (o, "track");
  g_free (valid);
  return g_string_free (o, FALSE);
}

/* @rel as a link in index.html: escaped as a URL (spaces, '#', '%', '?'),
 * its UTF-8 kept, then as HTML. */
static void
url_attr (GString * o, const gchar * rel)
{
  gchar *url = g_uri_escape_string (rel, "/", TRUE);

  text_escaped (o, url);
  g_free (url);
}

DrmtPlotter *
drmt_plotter_new (const gchar * dir, gboolean several_albums)
{
  DrmtPlotter *p = g_new0 (DrmtPlotter, 1);

  p->dir = g_strdup (dir);
  p->several = several_albums;
  p->used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->body = g_string_new (NULL);
  return p;
}

static gboolean
write_file (DrmtPlotter * p, const gchar * path, const GString * text)
{
  GError *err = NULL;

  if (!g_file_set_contents (path, text->str, text->len, &err)) {
    gchar *display = g_filename_display_name (path);

    drmt_print_error (display, err->message);
    g_free (display);
    g_error_free (err);
    p->failed = TRUE;
    return FALSE;
  }
  return TRUE;
}

/* Creates @dir. An error is printed and listed (drmt_print_error) once:
 * a plot folder that cannot be made is not tried again. */
static gboolean
make_dir (DrmtPlotter * p, const gchar * dir)
{
  gchar *display;

  if (p->no_dir)
    return FALSE;
  if (g_mkdir_with_parents (dir, 0777) == 0)
    return TRUE;
  display = g_filename_display_name (dir);
  drmt_print_error (display, g_strerror (errno));
  g_free (display);
  p->failed = TRUE;
  if (strcmp (dir, p->dir) == 0)
    p->no_dir = TRUE;
  return FALSE;
}

static void
html (GString * o, const gchar * s)
{
  text_escaped (o, s);
}

/* The folder of @album's pictures, created; with several albums a
 * subfolder of its own (*sub, its name), else the plot folder itself. */
static gchar *
album_dir (DrmtPlotter * p, const DrmtScannedAlbum * album, gchar ** sub)
{
  gchar *dir;

  *sub = NULL;
  if (!make_dir (p, p->dir))
    return NULL;
  if (p->several) {
    gchar *base = g_path_get_basename (album->display);
    gchar *clean = sanitise (base);

    *sub = g_strdup (clean);
    for (guint n = 2; g_hash_table_contains (p->used, *sub); n++) {
      g_free (*sub);
      *sub = g_strdup_printf ("%s-%u", clean, n);
    }
    g_hash_table_add (p->used, g_strdup (*sub));
    g_free (base);
    g_free (clean);
    dir = g_build_filename (p->dir, *sub, NULL);
  } else {
    dir = g_strdup (p->dir);
  }
  if (p->several && !make_dir (p, dir)) {
    g_clear_pointer (&dir, g_free);
    g_clear_pointer (sub, g_free);
  }
  return dir;
}

/* The picture of the track at @index (from 0) of an album: "03-Title.svg". */
static gchar *
track_file_name (const DrmtScannedTrack * t, guint index)
{
  gchar *name = sanitise (t->title && *t->title ? t->title : t->stem);
  gchar *file = g_strdup_printf ("%02u-%s.svg", index + 1, name);

  g_free (name);
  return file;
}

/* The album's heading in index.html, and the head of its track table. */
static void
index_album_heading (DrmtPlotter * p, const DrmtScannedAlbum * album,
    GPtrArray * sorted, gfloat dr)
{
  gchar *artist = drmt_scanned_album_artist (sorted);
  gchar *title = drmt_scanned_album_title (sorted);
  gchar tok[DRM_TOKEN_SIZE];

  g_string_append (p->body, "<section class=\"album\">\n<h2>");
  html (p->body, artist);
  g_string_append (p->body, " &#8212; ");
  html (p->body, title);
  g_string_append_printf (p->body, "</h2>\n<p class=\"official\">Official "
      "DR value: <b>DR%d</b> (%s)%s &#183; <span class=\"path\">",
      drm_dr_displayed (dr), drm_format_db (dr, tok),
      drm_dr_near_boundary (dr) ?
      " <span class=\"near\">near a rounding boundary</span>" : "");
  html (p->body, album->display);
  g_string_append (p->body, "</span></p>\n<table>\n<tr><th>#</th>"
      "<th>Track</th><th>DR</th><th>DR value</th><th>Duration</th>"
      "<th>Near boundary</th></tr>\n");
  g_free (artist);
  g_free (title);
}

/* One row of the album's table in index.html, linking to @rel. */
static void
index_track_row (DrmtPlotter * p, const DrmtScannedTrack * t, guint index,
    const gchar * rel)
{
  gchar *track_name = drmt_scanned_track_name (t);
  gchar tok[DRM_TOKEN_SIZE], dur[DRM_TOKEN_SIZE];

  g_string_append_printf (p->body, "<tr><td>%u</td><td><a href=\"",
      index + 1);
  url_attr (p->body, rel);
  g_string_append (p->body, "\">");
  html (p->body, track_name);
  g_string_append_printf (p->body, "</a></td><td>DR%d</td><td>%s</td>"
      "<td>%s</td><td>%s</td></tr>\n", t->dr,
      drm_format_db (t->dr_value, tok),
      drm_format_duration (t->frames, (guint) t->rate, dur),
      drm_dr_near_boundary ((float) t->dr_value) ?
      "<span class=\"near\">yes</span>" : "no");
  g_free (track_name);
}

/* The picture @rel itself in index.html, with its caption. */
static void
index_track_figure (DrmtPlotter * p, const DrmtScannedTrack * t,
    const gchar * rel)
{
  gchar *track_name = drmt_scanned_track_name (t);
  gchar tok[DRM_TOKEN_SIZE];

  g_string_append (p->body, "<figure>\n<img src=\"");
  url_attr (p->body, rel);
  g_string_append (p->body, "\" alt=\"");
  html (p->body, track_name);
  g_string_append_printf (p->body, ": DR%d\" width=\"960\">\n"
      "<figcaption>", t->dr);
  html (p->body, track_name);
  g_string_append_printf (p->body, ": DR%d (%s)</figcaption>\n"
      "</figure>\n", t->dr, drm_format_db (t->dr_value, tok));
  g_free (track_name);
}

/* Writes the picture of @t as @file in @dir. */
static gboolean
write_track_svg (DrmtPlotter * p, const DrmtScannedTrack * t, guint index,
    const gchar * dir, const gchar * file)
{
  gchar *path = g_build_filename (dir, file, NULL);
  GString *svg = g_string_new (NULL);
  gboolean ok;

  drmt_plot_svg (svg, t, index + 1);
  ok = write_file (p, path, svg);
  g_string_free (svg, TRUE);
  g_free (path);
  return ok;
}

gboolean
drmt_plotter_album (DrmtPlotter * p, const DrmtScannedAlbum * album,
    GPtrArray * sorted, gboolean length_weighting)
{
  gchar *sub, *dir = album_dir (p, album, &sub);
  GPtrArray *rel;
  gboolean ok = TRUE;

  if (!dir)
    return FALSE;
  rel = g_ptr_array_new_with_free_func (g_free);
  index_album_heading (p, album, sorted,
      drmt_scanned_album_dr (sorted, length_weighting));
  g_clear_pointer (&p->album_picture, g_free);
  for (guint i = 0; i < sorted->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (sorted, i);
    gchar *file = track_file_name (t, i);

    if (i == 0)
      p->album_picture = g_build_filename (dir, file, NULL);
    if (!write_track_svg (p, t, i, dir, file))
      ok = FALSE;
    g_ptr_array_add (rel, sub ? g_strdup_printf ("%s/%s", sub, file) :
        g_strdup (file));
    index_track_row (p, t, i, g_ptr_array_index (rel, i));
    g_free (file);
  }
  g_string_append (p->body, "</table>\n");
  for (guint i = 0; i < sorted->len; i++)
    index_track_figure (p, g_ptr_array_index (sorted, i),
        g_ptr_array_index (rel, i));
  g_string_append (p->body, "</section>\n");

  g_ptr_array_unref (rel);
  g_free (dir);
  g_free (sub);
  return ok;
}

const gchar *
drmt_plotter_album_picture (DrmtPlotter * p)
{
  return p->album_picture;
}

gboolean
drmt_plotter_finish (DrmtPlotter * p)
{
  GString *o = g_string_new (NULL);
  gchar *path;
  gboolean ok;

  g_string_append (o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
      "<meta charset=\"utf-8\">\n<title>DR plots</title>\n<style>\n"
      "body { font-family: " FONT "; margin: 2em; color: #111; }\n"
      "table { border-collapse: collapse; margin: 1em 0; }\n"
      "th, td { border: 1px solid #999; padding: 0.2em 0.6em; "
      "text-align: left; }\n"
      "figure { margin: 1.5em 0; }\n"
      "img { max-width: 100%; height: auto; border: 1px solid #ccc; }\n"
      ".near { font-weight: bold; border: 1px solid #000; "
      "background: #fff3c4; padding: 0 0.3em; }\n"
      ".path { color: #555; }\n"
      "</style>\n</head>\n<body>\n<h1>DR plots</h1>\n"
      "<p>Made by gst-drmeter. Each picture shows a track's 3-second "
      "windows: RMS and peak per channel, the loudest 20 % shaded, the "
      "selected peak marked; DR = selected peak - loud RMS.</p>\n");
  g_string_append_len (o, p->body->str, p->body->len);
  g_string_append (o, "</body>\n</html>\n");
  path = g_build_filename (p->dir, "index.html", NULL);
  if (make_dir (p, p->dir))
    write_file (p, path, o);
  g_free (path);
  g_string_free (o, TRUE);

  ok = !p->failed;
  g_free (p->album_picture);
  g_hash_table_unref (p->used);
  g_string_free (p->body, TRUE);
  g_free (p->dir);
  g_free (p);
  return ok;
}
