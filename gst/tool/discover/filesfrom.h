/* gst-drmeter: --files-from, the paths to scan read from a file.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_FILESFROM_H
#define DRMT_FILESFROM_H

#include <glib.h>

G_BEGIN_DECLS

/* The paths listed in @file ("-": standard input), one a line ("\n" or
 * "\r\n"), or NUL-separated with @nul (as find -print0 writes them), as
 * bytes (file system encoding); empty entries are skipped. Appended to
 * @paths (gchar *, owned). FALSE with @error when @file cannot be read. */
gboolean drmt_files_from_read (const gchar * file, gboolean nul,
    GPtrArray * paths, GError ** error);

G_END_DECLS

#endif
