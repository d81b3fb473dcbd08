/* gst-drmeter: --report DIR, one static HTML page for a whole library.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_REPORT_HTML_H
#define DRMT_REPORT_HTML_H

#include <glib.h>
#include "album/album.h"

G_BEGIN_DECLS

typedef struct _DrmtHtmlReport DrmtHtmlReport;

/* The page goes to @dir/index.html (the folder made when needed). */
DrmtHtmlReport *drmt_html_report_new (const gchar * dir);
/* One album (@sorted: its measured tracks in log order, at least one);
 * @picture: a --plot picture of it (a file path) to link to, or NULL. */
void drmt_html_report_album (DrmtHtmlReport * r,
    const DrmtScannedAlbum * album, GPtrArray * sorted,
    gboolean length_weighting, const gchar * picture);
/* Writes the page and frees @r; FALSE (after a message) when it could not
 * be written. */
gboolean drmt_html_report_finish (DrmtHtmlReport * r);

G_END_DECLS

#endif
