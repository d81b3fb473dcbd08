/* gst-drmeter: how many streams an Ogg file holds one after another.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_OGGCHAIN_H
#define DRMT_OGGCHAIN_H

#include <glib.h>

G_BEGIN_DECLS

/* The number of links of the Ogg file @path (1 for an ordinary file, 2 for
 * two files joined byte for byte), 0 when it is not an Ogg file. Pages are
 * followed by their lengths from the start; where a page is damaged the
 * count ends (the decoder then reports the damage). */
guint drmt_ogg_count_links (const gchar * path);

G_END_DECLS

#endif
