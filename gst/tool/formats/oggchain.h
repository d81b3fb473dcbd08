/* gst-drmeter: how many streams an Ogg file holds one after another, and
 * where its first stream ends.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_OGGCHAIN_H
#define DRMT_OGGCHAIN_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DRMT_OGG_OTHER,
  DRMT_OGG_VORBIS,
  DRMT_OGG_OPUS,
  DRMT_OGG_FLAC,
} DrmtOggCodec;

/* What the pages of an Ogg file's first stream say about its length. */
typedef struct {
  /* the number of links (1 for an ordinary file, 2 for two files joined
   * byte for byte); pages are followed by their lengths from the start,
   * and where a page is damaged the walk ends (the decoder then reports
   * the damage) */
  guint links;
  DrmtOggCodec codec;           /* of the first stream */
  guint preskip;                /* Opus: samples at 48 kHz to drop first */
  gint64 last_granule;          /* of its last page with one, else -1 */
  gboolean eos;                 /* its last page is marked end of stream */
  guint64 damaged_at;           /* where a page is cut or broken, else 0 */
} DrmtOggEnd;

/* FALSE when @path is not an Ogg file. */
gboolean drmt_ogg_read_end (const gchar * path, DrmtOggEnd * end);

G_END_DECLS

#endif
