/* gst-drmeter: the length a file's container declares, what of the
 * decoded samples is kept to match it, and the check after decoding.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_DECLARED_H
#define DRMT_DECLARED_H

#include <glib.h>
#include "gapless.h"
#include "mp4edit.h"
#include "container.h"

G_BEGIN_DECLS

typedef struct {
  const gchar *what;            /* "its MP4 edit list", ...; NULL: none */
  /* the declared length; checked against the frames measured, both ways,
   * when the container's frames are its samples (WavPack, AIFF) */
  guint64 frames;
  gboolean exact;
  /* else the decoded samples are trimmed to it (a lossy codec's priming
   * and last frame), and too few of them is a truncated file */
  gboolean trims;
  DrmtGapless trim;
  DrmtMp4 mp4;                  /* an MP4's patches for qtdemux */
  /* by its first bytes (DRMT_CONTAINER_UNKNOWN for Ogg, read first) */
  DrmtContainer container;
  /* the bits of each integer sample the file stores, 0 when not read:
   * a decoder may deliver them in a wider format (wavpackdec gives 24-bit
   * WavPack as S32 up to GStreamer 1.26, as S24 from 1.28) */
  guint bits;
} DrmtDeclared;

/* Reads what the file @path declares. Returns NULL, or why the file is
 * not measured: a chained Ogg file, an Ogg stream without its last page,
 * an AIFF whose sound data is cut short. */
gchar *drmt_declared_read (const gchar * path, DrmtDeclared * d);

/* The first WavPack block header at @p: its total samples (40 bits in
 * WavPack 5) and, when it is one of the standard ones, its rate (else 0).
 * FALSE when @p is no WavPack block or the total is not known. */
gboolean drmt_wavpack_header (const guint8 * p, gsize len, guint64 * frames,
    guint * rate);

/* After decoding: NULL, or the error for a file whose length is not what
 * it declares. @trim: the trim attached for d->trim (NULL for none);
 * @measured: the frames measured. */
gchar *drmt_declared_check (const DrmtDeclared * d, DrmtTrim * trim,
    guint64 measured);

G_END_DECLS

#endif
