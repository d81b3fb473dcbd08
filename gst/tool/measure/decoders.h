/* gst-drmeter: which decoder a stream gets, and in which sample format.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_DECODERS_H
#define DRMT_DECODERS_H

#include <gst/gst.h>

G_BEGIN_DECLS

/* TRUE for encoded formats whose decoders compute in floating point
 * (MPEG audio, AAC, Vorbis, Opus, AC-3, DTS, WMA, ...): their samples are
 * measured as floats, peaks above full scale kept, as foobar2000 does.
 * Lossless formats and integer codecs (FLAC, ALAC, ADPCM, A-law, ...) keep
 * the decoder's integers. */
gboolean drmt_codec_is_lossy (const GstCaps * caps);

/* TRUE when @factory is a decoder that can deliver F32 or F64 samples. */
gboolean drmt_decoder_outputs_float (GstElementFactory * factory);

/* For decodebin's autoplug-sort: for a codec whose float decoder the
 * scanner names (MP3, AAC, Vorbis, Opus, AC-3, ...), @factories with that
 * decoder in the place of the decoders, whatever its rank, and none if
 * it is not installed (drmt_decoders_missing); for other lossy codecs the
 * float-capable decoders first (in their rank order), then the others;
 * NULL to keep decodebin's order (not a lossy stream, or nothing to
 * move). */
GValueArray *drmt_decoders_float_first (const GstCaps * caps,
    GValueArray * factories);

/* NULL, or what to say of a stream of @caps whose float decoder is not
 * installed: "avdec_mp3float, the float MP3 decoder (Debian package
 * gstreamer1.0-libav)". Free with g_free. */
gchar *drmt_decoders_missing (const GstCaps * caps);

/* For decodebin's autoplug-query: answers a CAPS or ACCEPT_CAPS query of
 * a decoder of a lossy stream (@element) with float formats only, so that
 * a decoder that can deliver several formats picks F32LE (or F64LE).
 * Returns FALSE for other elements and queries. */
gboolean drmt_decoders_answer_query (GstElement * element, GstQuery * query);

/* NULL when the measured @format suits the stream of @codec_caps; else the
 * warning for a lossy stream no installed decoder could deliver as floats
 * (its peaks above full scale were clipped). Free with g_free. */
gchar *drmt_decoders_integer_warning (const GstCaps * codec_caps,
    const gchar * format);

G_END_DECLS

#endif
