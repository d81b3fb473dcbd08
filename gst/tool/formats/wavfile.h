/* gst-drmeter: WAV, RF64 and AIFF files read by the scanner itself.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_WAVFILE_H
#define DRMT_WAVFILE_H

#include <gst/gst.h>

G_BEGIN_DECLS

typedef enum {
  DRMT_WAV_NOT_RIFF,            /* not a RIFF/RF64 WAVE or AIFF file */
  DRMT_WAV_PCM,                 /* integer or float PCM: read here */
  DRMT_WAV_OTHER,               /* another codec (ADPCM, A-law, MP3...):
                                 * decodebin decodes it */
  DRMT_WAV_DAMAGED              /* .error says why */
} DrmtWavKind;

typedef struct {
  DrmtWavKind kind;
  gchar *error;                 /* DAMAGED: the reason, for the log */
  gboolean rf64;
  guint64 data_offset;          /* first byte of the samples */
  guint64 data_size;            /* bytes of whole frames in the data chunk */
  guint64 frames;               /* frames the header declares */
  guint block_align;            /* bytes per frame */
  GstCaps *caps;                /* PCM: audio/x-raw, interleaved */
  GstTagList *tags;             /* LIST INFO and id3 chunks, or NULL */
} DrmtWav;

/* Reads the chunk structure of @path (@size bytes). Never fails for a
 * file that is not a WAV (kind NOT_RIFF). */
void drmt_wav_read (const gchar * path, guint64 size, DrmtWav * wav);
void drmt_wav_clear (DrmtWav * wav);

/* An appsrc ("name" given) that delivers exactly the data chunk of @wav in
 * @path, in whole frames, with the caps of @wav. */
GstElement *drmt_wav_source_new (const gchar * path, const DrmtWav * wav);

G_END_DECLS

#endif
