/* gst-drmeter: which container a file is, and where its audio bytes lie,
 * for the tag writer (tagwrite.h).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_CONTAINER_H
#define DRMT_CONTAINER_H

#include <glib.h>

G_BEGIN_DECLS

/* The containers whose tags gst-drmeter writes. */
typedef enum {
  DRMT_CONTAINER_UNKNOWN,
  DRMT_CONTAINER_FLAC,          /* Vorbis comments */
  DRMT_CONTAINER_OGG_VORBIS,
  DRMT_CONTAINER_OGG_OPUS,
  DRMT_CONTAINER_MP3,           /* ID3v2 TXXX */
  DRMT_CONTAINER_WAV,
  DRMT_CONTAINER_AIFF,
  DRMT_CONTAINER_MP4,           /* ----:com.apple.iTunes:NAME */
  DRMT_CONTAINER_WAVPACK,       /* APEv2 */
  DRMT_CONTAINER_APE,
  DRMT_CONTAINER_MPC,
  DRMT_CONTAINER_TTA,           /* ID3v2 TXXX */
} DrmtContainer;

/* From the file's first bytes (not its name): DRMT_CONTAINER_UNKNOWN for
 * anything else (and for RF64, Ogg FLAC, Matroska, ... whose tags are not
 * written). *error is set when the file cannot be read. */
DrmtContainer drmt_container_of_file (const gchar * path, gchar ** error);

/* "FLAC", "Ogg Vorbis", ... */
const gchar *drmt_container_name (DrmtContainer c);

/* TRUE when the audio part of @copy is byte for byte that of @original:
 * FLAC's STREAMINFO and frames, the Ogg audio pages (payload, granule
 * position, serial, flags; not the page numbers and checksums, which a
 * longer comment header renumbers), the WAV/AIFF format and sample
 * chunks, the MP4 'mdat' boxes, and for MP3/WavPack/APE/MPC everything
 * between the leading ID3v2 and the trailing APEv2/ID3v1 tags. Else FALSE
 * with *why set. */
gboolean drmt_container_same_audio (DrmtContainer c, const gchar * original,
    const gchar * copy, gchar ** why);

/* Renames the ID3v2 chunk of the WAV file @path from "ID3 " (TagLib's
 * spelling) to "id3 ", the spelling every reader of WAV tags knows
 * (exiftool 12 reads no other; mutagen, MediaInfo, FFmpeg and TagLib read
 * both). TRUE when done or when there is none; else FALSE with *why. */
gboolean drmt_container_wav_id3_lowercase (const gchar * path, gchar ** why);
/* TRUE when the WAV file @path has an "ID3 " chunk (to be renamed). */
gboolean drmt_container_wav_upper_id3 (const gchar * path);

G_END_DECLS

#endif
