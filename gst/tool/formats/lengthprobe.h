/* gst-drmeter: a FLAC or WAV file's length from its header (split.c).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_LENGTH_PROBE_H
#define DRMT_LENGTH_PROBE_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DRMT_LENGTH_UNKNOWN,          /* not read here: ask GStreamer */
  DRMT_LENGTH_KNOWN,            /* *frames and *rate set */
  DRMT_LENGTH_IMAGE,            /* it holds a CUE sheet: never cut */
} DrmtLengthProbe;

/* Reads the length of a native FLAC file (STREAMINFO, and its Vorbis
 * comments for a CUESHEET), a WavPack file (its first block, and its APEv2
 * tag for a CUESHEET) or a PCM WAV/RF64 file (wavfile.c) of @size bytes,
 * without a pipeline. */
DrmtLengthProbe drmt_length_from_header (const gchar * path, guint64 size,
    guint64 * frames, guint * rate);

G_END_DECLS

#endif
