/* gst-drmeter: a CUE sheet a file carries in its tags (a FLAC or Ogg
 * CUESHEET comment, a WavPack APEv2 item, a WAV id3 chunk), which cuts
 * the file into tracks (measure/image.c).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_EMBEDDED_CUE_H
#define DRMT_EMBEDDED_CUE_H

#include <gst/gst.h>

G_BEGIN_DECLS

/* The text of a CUESHEET tag in @tags (an extended comment), or NULL. */
gchar *drmt_embedded_cue_sheet (const GstTagList * tags);

G_END_DECLS

#endif
