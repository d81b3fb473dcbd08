/* gst-drmeter: the results as JSON (docs/json-schema.md).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_JSON_H
#define DRMT_JSON_H

#include <glib.h>
#include "album/album.h"

G_BEGIN_DECLS

#define DRMT_JSON_SCHEMA "gst-drmeter-results"
#define DRMT_JSON_SCHEMA_VERSION 1

/* The document is written piece by piece, so that albums leave memory as
 * soon as they are printed. */
void drmt_json_begin (GString * out, gboolean multichannel_weighting,
    gboolean length_weighting, gboolean reference_order);
/* @first: no album printed before. @sorted: measured tracks in log order. */
void drmt_json_album (GString * out, const DrmtScannedAlbum * album,
    GPtrArray * sorted, gboolean length_weighting, gboolean first);
/* @skipped: the folders --skip-tagged left out (UTF-8), NULL without it.
 * @errors: DrmtError (progress.h), NULL for none. @measured: files
 * measured. */
void drmt_json_end (GString * out, GPtrArray * skipped,
    const GArray * errors, guint measured, gint exit_status);

/* JSON string literal (quoted, escaped, invalid UTF-8 replaced). */
void drmt_json_string (GString * out, const gchar * s);

G_END_DECLS

#endif
