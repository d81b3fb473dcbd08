/* gst-drmeter: --report DIR.
 *
 * One self-contained page (no network, no file beside it, so it works
 * from file:// and can be mailed): a table of every album, sortable by
 * any column with a few lines of script (without script it stays in
 * folder order); a histogram of the albums' Official DR values and the
 * DR of each album by its release year, both drawn here as inline SVG.
 * Built from the albums as the scan writes them out, which the result
 * cache makes free after a first scan.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include "report-html.h"
#include "progress.h"
#include "report.h"

#define FONT "DejaVu Sans, Verdana, Arial, sans-serif"
/* the charts' size and margins, px */
#define CHART_W 540
#define CHART_H 260
#define MARGIN_L 44
#define MARGIN_B 34
#define MARGIN_T 12
#define MARGIN_R 12
/* the DR axis reaches at least this far */
#define DR_AXIS_MIN 20

typedef struct {
  gchar *artist, *album, *format, *folder, *plot;
  guint year;                   /* 0: unknown */
  guint tracks;
  gint dr;                      /* Official DR value */
} Row;

struct _DrmtHtmlReport {
  gchar *dir;
  GArray *rows;                 /* Row */
};

static void
row_clear (Row * r)
{
  g_free (r->artist);
  g_free (r->album);
  g_free (r->format);
  g_free (r->folder);
  g_free (r->plot);
}

DrmtHtmlReport *
drmt_html_report_new (const gchar * dir)
{
  DrmtHtmlReport *r = g_new0 (DrmtHtmlReport, 1);

  r->dir = g_strdup (dir);
  r->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (r->rows, (GDestroyNotify) row_clear);
  return r;
}

/* @to relative to the folder @from (both file system paths): the link a
 * page in @from makes to @to. */
static gchar *
relative_link (const gchar * from, const gchar * to)
{
  gchar *a = g_canonicalize_filename (from, NULL);
  gchar *b = g_canonicalize_filename (to, NULL);
  gchar **pa = g_strsplit (a, G_DIR_SEPARATOR_S, -1);
  gchar **pb = g_strsplit (b, G_DIR_SEPARATOR_S, -1);
  GString *rel = g_string_new (NULL);
  guint i = 0, k;

  while (pa[i] && pb[i] && strcmp (pa[i], pb[i]) == 0)
    i++;
  for (k = i; pa[k]; k++)
    if (*pa[k])
      g_string_append (rel, "../");
  for (k = i; pb[k]; k++) {
    gchar *part = g_uri_escape_string (pb[k], NULL, FALSE);

    g_string_append (rel, part);
    if (pb[k + 1])
      g_string_append_c (rel, '/');
    g_free (part);
  }
  g_strfreev (pa);
  g_strfreev (pb);
  g_free (a);
  g_free (b);
  return g_string_free (rel, FALSE);
}

/* "FLAC · 44100 Hz · 16 bit": the log's codec, rate and depth lists. */
static gchar *
album_format (GPtrArray * sorted)
{
  GString *s = g_string_new (NULL);
  GPtrArray *codecs = g_ptr_array_new ();

  for (guint i = 0; i < sorted->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (sorted, i);
    const gchar *c = t->codec ? t->codec : "?";

    if (!g_ptr_array_find_with_equal_func (codecs, c, g_str_equal, NULL))
      g_ptr_array_add (codecs, (gpointer) c);
  }
  for (guint i = 0; i < codecs->len; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "",
        (const gchar *) g_ptr_array_index (codecs, i));
  g_string_append (s, " \u00b7 ");
  drmt_report_append_distinct (s, sorted,
      G_STRUCT_OFFSET (DrmtScannedTrack, rate));
  g_string_append (s, " Hz \u00b7 ");
  drmt_report_append_distinct (s, sorted,
      G_STRUCT_OFFSET (DrmtScannedTrack, bits));
  g_string_append (s, " bit");
  g_ptr_array_unref (codecs);
  return g_string_free (s, FALSE);
}

void
drmt_html_report_album (DrmtHtmlReport * r, const DrmtScannedAlbum * album,
    GPtrArray * sorted, gboolean length_weighting, const gchar * picture)
{
  Row row = { 0 };

  row.artist = drmt_scanned_album_artist (sorted);
  row.album = drmt_scanned_album_title (sorted);
  row.format = album_format (sorted);
  row.folder = g_strdup (album->display);
  row.plot = picture ? relative_link (r->dir, picture) : NULL;
  row.year = drmt_scanned_album_year (sorted);
  row.tracks = sorted->len;
  row.dr = drm_dr_displayed (drmt_scanned_album_dr (sorted,
          length_weighting));
  g_array_append_val (r->rows, row);
}

/* ---------------------------------------------------------------- */
/* the page */

static void
html (GString * o, const gchar * s)
{
  gchar *text = drmt_report_text (s);

  for (const gchar * p = text; *p; p++) {
    switch (*p) {
      case '&':
        g_string_append (o, "&amp;");
        break;
      case '<':
        g_string_append (o, "&lt;");
        break;
      case '>':
        g_string_append (o, "&gt;");
        break;
      case '"':
        g_string_append (o, "&quot;");
        break;
      default:
        g_string_append_c (o, *p);
    }
  }
  g_free (text);
}

static gint
dr_axis_max (GArray * rows)
{
  gint top = DR_AXIS_MIN;

  for (guint i = 0; i < rows->len; i++)
    top = MAX (top, g_array_index (rows, Row, i).dr + 1);
  return top;
}

static void
svg_begin (GString * o, const gchar * id, const gchar * label)
{
  g_string_append_printf (o, "<svg id=\"%s\" role=\"img\" aria-label=\"%s\" "
      "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\""
      FONT "\" font-size=\"11\">\n", id, label, CHART_W, CHART_H, CHART_W,
      CHART_H);
}

/* The axes, a label every @step from @lo to @hi on each. */
static void
svg_axes (GString * o, gint x_lo, gint x_hi, gint x_step, gint y_hi,
    gint y_step, const gchar * x_label, const gchar * y_label)
{
  gdouble w = CHART_W - MARGIN_L - MARGIN_R, h = CHART_H - MARGIN_T -
      MARGIN_B;

  g_string_append_printf (o, "<g class=\"axes\" stroke=\"#444\">"
      "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
      "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>\n", MARGIN_L,
      MARGIN_T, MARGIN_L, CHART_H - MARGIN_B, MARGIN_L, CHART_H - MARGIN_B,
      CHART_W - MARGIN_R, CHART_H - MARGIN_B);
  for (gint v = 0; v <= y_hi; v += y_step) {
    gdouble y = CHART_H - MARGIN_B - h * v / y_hi;

    g_string_append_printf (o, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
        "y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" "
        "text-anchor=\"end\">%d</text>\n", MARGIN_L, y, CHART_W - MARGIN_R,
        y, MARGIN_L - 4, y + 4, v);
  }
  for (gint v = x_lo; v <= x_hi; v += x_step) {
    gdouble x = MARGIN_L + w * (v - x_lo + 0.5) / (x_hi - x_lo + 1);

    g_string_append_printf (o, "<text x=\"%.1f\" y=\"%d\" "
        "text-anchor=\"middle\">%d</text>\n", x, CHART_H - MARGIN_B + 14, v);
  }
  g_string_append_printf (o, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
      "%s</text>\n<text x=\"12\" y=\"%d\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 12 %d)\">%s</text>\n",
      MARGIN_L + (CHART_W - MARGIN_L - MARGIN_R) / 2, CHART_H - 4, x_label,
      MARGIN_T + (CHART_H - MARGIN_T - MARGIN_B) / 2,
      MARGIN_T + (CHART_H - MARGIN_T - MARGIN_B) / 2, y_label);
}

/* How many albums have each Official DR value, DR0 to the top. */
static void
histogram (GString * o, GArray * rows)
{
  gint top = dr_axis_max (rows);
  guint *count = g_new0 (guint, top + 1);
  guint most = 1;
  gdouble w = CHART_W - MARGIN_L - MARGIN_R, h = CHART_H - MARGIN_T -
      MARGIN_B, bar = w / (top + 1);
  gint y_step;

  for (guint i = 0; i < rows->len; i++) {
    guint n = ++count[g_array_index (rows, Row, i).dr];

    most = MAX (most, n);
  }
  y_step = most <= 10 ? 1 : most <= 50 ? 5 : most <= 200 ? 20 : 100;
  most = (most + y_step - 1) / y_step * y_step;
  svg_begin (o, "histogram", "Albums per Official DR value");
  svg_axes (o, 0, top, top > 30 ? 5 : 2, most, y_step, "Official DR value",
      "albums");
  for (gint v = 0; v <= top; v++) {
    gdouble bh = h * count[v] / most;

    if (count[v] == 0)
      continue;
    g_string_append_printf (o, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" "
        "width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>DR%d: %u "
        "album%s</title></rect>\n", MARGIN_L + bar * v + 1,
        CHART_H - MARGIN_B - bh, bar - 2, bh,
        v < 8 ? "#c0392b" : v < 14 ? "#e6a23c" : "#2e8b57", v, count[v],
        count[v] == 1 ? "" : "s");
  }
  g_string_append (o, "</svg>\n");
  g_free (count);
}

/* Each album's Official DR value over its release year, and the mean of
 * each year. */
static void
by_year (GString * o, GArray * rows)
{
  gint top = dr_axis_max (rows);
  guint lo = G_MAXUINT, hi = 0, n = 0;
  gdouble w = CHART_W - MARGIN_L - MARGIN_R, h = CHART_H - MARGIN_T -
      MARGIN_B;
  GString *line = g_string_new (NULL);
  gint span;

  for (guint i = 0; i < rows->len; i++) {
    guint y = g_array_index (rows, Row, i).year;

    if (y) {
      lo = MIN (lo, y);
      hi = MAX (hi, y);
      n++;
    }
  }
  if (n == 0) {
    g_string_append (o, "<p id=\"by-year-none\">No album has a release "
        "year in its tags.</p>\n");
    g_string_free (line, TRUE);
    return;
  }
  span = hi - lo + 1;
  svg_begin (o, "by-year", "Official DR value by release year");
  svg_axes (o, lo, hi, span > 40 ? 10 : span > 12 ? 5 : 1, top,
      top > 30 ? 10 : 5, "release year", "Official DR value");
  for (guint year = lo; year <= hi; year++) {
    gdouble sum = 0, x = MARGIN_L + w * (year - lo + 0.5) / span;
    guint k = 0;

    for (guint i = 0; i < rows->len; i++) {
      const Row *r = &g_array_index (rows, Row, i);

      if (r->year != year)
        continue;
      sum += r->dr;
      k++;
      g_string_append_printf (o, "<circle class=\"album\" cx=\"%.1f\" "
          "cy=\"%.1f\" r=\"4\" fill=\"#3465a4\" fill-opacity=\"0.6\">"
          "<title>", x, CHART_H - MARGIN_B - h * r->dr / top);
      html (o, r->artist);
      g_string_append (o, " \u2014 ");
      html (o, r->album);
      g_string_append_printf (o, " (%u): DR%d</title></circle>\n", year,
          r->dr);
    }
    if (k)
      g_string_append_printf (line, "%s%.1f,%.1f", line->len ? " " : "", x,
          CHART_H - MARGIN_B - h * (sum / k) / top);
  }
  g_string_append_printf (o, "<polyline class=\"mean\" points=\"%s\" "
      "fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\"/>\n", line->str);
  g_string_append (o, "</svg>\n");
  g_string_free (line, TRUE);
}

/* Sorting by a column's header: numbers as numbers (unknown last either
 * way), text by the reader's collation, ties in folder order. */
static const gchar sort_script[] =
    "(function () {\n"
    "  var table = document.getElementById('albums');\n"
    "  var heads = table.tHead.rows[0].cells;\n"
    "  function key(row, i, num) {\n"
    "    var c = row.cells[i], v = c.getAttribute('data-v');\n"
    "    if (v === null) v = c.textContent;\n"
    "    return num ? (v === '' ? NaN : parseFloat(v)) : v.toLowerCase();\n"
    "  }\n"
    "  function sortBy(i) {\n"
    "    var th = heads[i], num = th.getAttribute('data-type') === 'num';\n"
    "    var dir = th.getAttribute('aria-sort') === 'ascending' ?\n"
    "      'descending' : 'ascending';\n"
    "    for (var k = 0; k < heads.length; k++)\n"
    "      heads[k].removeAttribute('aria-sort');\n"
    "    th.setAttribute('aria-sort', dir);\n"
    "    var body = table.tBodies[0];\n"
    "    var rows = Array.prototype.slice.call(body.rows);\n"
    "    rows.sort(function (a, b) {\n"
    "      var x = key(a, i, num), y = key(b, i, num), r;\n"
    "      if (num && (isNaN(x) || isNaN(y)))\n"
    "        return isNaN(x) ? (isNaN(y) ? a.dataset.i - b.dataset.i : 1) : -1;\n"
    "      r = num ? x - y : x.localeCompare(y);\n"
    "      if (dir === 'descending') r = -r;\n"
    "      return r || a.dataset.i - b.dataset.i;\n"
    "    });\n"
    "    rows.forEach(function (row) { body.appendChild(row); });\n"
    "  }\n"
    "  Array.prototype.forEach.call(heads, function (th, i) {\n"
    "    if (!th.hasAttribute('data-type')) return;\n"
    "    th.tabIndex = 0;\n"
    "    th.addEventListener('click', function () { sortBy(i); });\n"
    "    th.addEventListener('keydown', function (e) {\n"
    "      if (e.key === 'Enter' || e.key === ' ') {\n"
    "        e.preventDefault();\n"
    "        sortBy(i);\n"
    "      }\n"
    "    });\n"
    "  });\n"
    "})();\n";

static void
album_table (GString * o, GArray * rows)
{
  g_string_append (o, "<table id=\"albums\">\n<thead><tr>"
      "<th data-type=\"text\">Artist</th><th data-type=\"text\">Album</th>"
      "<th data-type=\"num\">Year</th><th data-type=\"text\">Format</th>"
      "<th data-type=\"num\">Tracks</th>"
      "<th data-type=\"num\">Official DR</th><th>Plots</th>"
      "<th data-type=\"text\">Folder</th></tr></thead>\n<tbody>\n");
  for (guint i = 0; i < rows->len; i++) {
    const Row *r = &g_array_index (rows, Row, i);

    g_string_append_printf (o, "<tr data-i=\"%u\"><td>", i);
    html (o, r->artist);
    g_string_append (o, "</td><td>");
    html (o, r->album);
    if (r->year)
      g_string_append_printf (o, "</td><td data-v=\"%u\">%u</td><td>",
          r->year, r->year);
    else
      g_string_append (o, "</td><td data-v=\"\"></td><td>");
    html (o, r->format);
    g_string_append_printf (o, "</td><td data-v=\"%u\">%u</td>"
        "<td class=\"dr\" data-v=\"%d\">DR%d</td><td>", r->tracks,
        r->tracks, r->dr, r->dr);
    if (r->plot) {
      g_string_append (o, "<a href=\"");
      html (o, r->plot);
      g_string_append (o, "\">plots</a>");
    }
    g_string_append (o, "</td><td class=\"path\">");
    html (o, r->folder);
    g_string_append (o, "</td></tr>\n");
  }
  g_string_append (o, "</tbody>\n</table>\n");
}

static void
page (GString * o, GArray * rows)
{
  g_string_append (o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width\">\n"
      "<title>DR of the library</title>\n<style>\n"
      "body { font-family: " FONT "; margin: 2em; color: #111; }\n"
      "table { border-collapse: collapse; margin: 1em 0; }\n"
      "th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; "
      "text-align: left; }\n"
      "th[data-type] { cursor: pointer; background: #eef; }\n"
      "th[aria-sort=ascending]::after { content: ' \\25b2'; }\n"
      "th[aria-sort=descending]::after { content: ' \\25bc'; }\n"
      "td { white-space: nowrap; }\n"
      "td.dr { font-weight: bold; text-align: right; }\n"
      ".path { color: #555; font-size: 90%; }\n"
      ".charts { display: flex; flex-wrap: wrap; gap: 2em; }\n"
      "figure { margin: 0; }\n"
      "</style>\n</head>\n<body>\n<h1>DR of the library</h1>\n");
  g_string_append_printf (o, "<p id=\"summary\">%u album%s, measured by "
      "gst-drmeter " DRMT_VERSION " as foobar2000's DR Meter 1.0.8 measures "
      "them. Click a column's heading to sort by it.</p>\n", rows->len,
      rows->len == 1 ? "" : "s");
  g_string_append (o, "<div class=\"charts\">\n<figure>\n"
      "<figcaption>Albums per Official DR value</figcaption>\n");
  histogram (o, rows);
  g_string_append (o, "</figure>\n<figure>\n<figcaption>Official DR value "
      "by release year (the line: each year's mean)</figcaption>\n");
  by_year (o, rows);
  g_string_append (o, "</figure>\n</div>\n");
  album_table (o, rows);
  g_string_append_printf (o, "<script>\n%s</script>\n</body>\n</html>\n",
      sort_script);
}

gboolean
drmt_html_report_finish (DrmtHtmlReport * r)
{
  GString *o = g_string_new (NULL);
  gchar *path = g_build_filename (r->dir, "index.html", NULL);
  GError *err = NULL;
  gboolean ok = TRUE;

  page (o, r->rows);
  if (g_mkdir_with_parents (r->dir, 0777) != 0) {
    gchar *display = g_filename_display_name (r->dir);

    drmt_print_error (display, g_strerror (errno));
    g_free (display);
    ok = FALSE;
  } else if (!g_file_set_contents (path, o->str, o->len, &err)) {
    gchar *display = g_filename_display_name (path);

    drmt_print_error (display, drmt_last_clause (err->message));
    g_free (display);
    g_error_free (err);
    ok = FALSE;
  }
  g_free (path);
  g_string_free (o, TRUE);
  g_array_unref (r->rows);
  g_free (r->dir);
  g_free (r);
  return ok;
}
