/* gst-drmeter: the GStreamer behaviours the scanner compensates for, each
 * decided from what the running GStreamer does, never from its version.
 *
 * The catalogue (docs/robustness.md, "GStreamer behaviours", keeps the
 * same list for readers). Each entry: what was seen and on which
 * releases, the probe that tells, what the scanner does, the test.
 *
 * demuxer-trims (qtdemux, mpegaudioparse; 1.22, 1.26, 1.28)
 *   Seen: qtdemux applies an MP4 edit list as a segment (1.22: 440,321
 *   samples of a 10 s ffmpeg AAC, the last packet dropped; 1.26:
 *   441,001) and, from 1.26, Apple's iTunSMPB tag (441,000 delivered,
 *   which the scanner trimmed again); mpegaudioparse applies a LAME tag
 *   written by LAME, not one written by ffmpeg ("Lavc").
 *   Probe: per file, the first packet that reaches the decoder: a
 *   GstAudioClippingMeta on it means the demuxer or parser trims.
 *   Does: qtdemux is shown neither edit list nor iTunSMPB
 *   (formats/mp4edit.c) and the scanner trims alone; where a demuxer or
 *   parser marks the first packet anyway, the scanner's trim stands down
 *   (formats/gapless.c) and the frames measured must be exactly the
 *   declared length.
 *   Test: scanner-behaviours (tests/scanner/measure/test-behaviours.py).
 *
 * ogg-granule-end (vorbisdec, 1.22 to 1.28)
 *   Seen: a Vorbis stream whose last granule is 441,000 decodes to
 *   441,001 samples (the last packet clipped in nanoseconds).
 *   Probe: none needed: the trim keeps [0, granule), which leaves a
 *   decoder that clips exactly as it is (formats/declared.c).
 *   Test: scanner-lengths.
 *
 * decoder-choice (1.22: avdec_mp3 first; 1.24+: mpg123audiodec primary,
 *   which settles on S16 before its input caps are known)
 *   Probe: none trusted from ranks: the decoder is chosen by name for
 *   each lossy codec (measure/decoders.c), its caps query answered with float
 *   formats, and the decoder that measured is read from the pipeline
 *   and reported ("decoder" in the JSON). A missing one is an error
 *   that names it.
 *   Test: scanner-decoding, scanner-behaviours.
 *
 * typefind-claims-random-data (1.26+: the AV1 typefinder takes about one
 *   random 64 KiB file in six for video/x-av1)
 *   Probe: the type decodebin's typefinder found, as pbutils describes
 *   it: a video, image or subtitle format that is no container holds no
 *   audio (drmt_quirks_type_may_hold_audio).
 *   Does: "not an audio file", not "missing GStreamer plugin".
 *   Test: scanner-behaviours, scanner-hostile.
 *
 * wavparse and aiffparse (1.22 to 1.26: wavparse spins on a 44-byte WAV
 *   ending in a LIST header, refuses a WAV with an "acid" chunk in
 *   1.24.13 and 1.26.2, loses an odd-sized 8-bit data chunk in 1.22;
 *   aiffparse is in gst-plugins-bad and avdemux_aiff fails on 24-bit and
 *   float AIFF)
 *   Does: WAV, RF64 and AIFF PCM are read by the scanner's own readers
 *   (formats/wavfile.c), so no release's parser is involved.
 *   Test: scanner-wav, scanner-aiff.
 *
 * decodebin-loses-error (1.22, 1.26, 1.28: an MP4 cut before its moov
 *   box, ffmpeg's default layout; qtdemux's "no playable streams" error
 *   arrives while decodebin sets it to PAUSED, when decodebin holds back
 *   its children's errors, and is lost in one run in five: the scan
 *   stalled for 15 s)
 *   Probe: none: the file's own boxes (formats/mp4edit.c).
 *   Does: such a file is "damaged file: it has no 'moov' box" before
 *   any pipeline. Test: scanner-lengths (cut aac-moov-last).
 *
 * wavpack-typefind (1.22: a WavPack file starting with seconds of silence
 *   at 96 kHz and up is taken for MPEG-1 layer 1)
 *   Does: a file with WavPack's magic goes through wavpackparse first
 *   (scan.c). Test: containers.
 *
 * decoder-chatter (1.28: a damaged FLAC makes a decoder library print
 *   "Rewinding, seeking necessary" on standard error)
 *   Probe: none: whatever a measuring process writes to its standard
 *   error while it measures a file is not the scanner's to print.
 *   Does: fd 2 points at /dev/null while a file is measured
 *   (drmt_quirks_stderr_quiet); GLib's warnings are caught before and
 *   become the file's warning or error, GStreamer's debug log and the
 *   sanitizers' reports keep a copy of the real standard error.
 *   Test: scanner-behaviours (a damaged FLAC: one line).
 *
 * wavpackdec-packed-24 (1.28: a 24-bit WavPack file decodes to S24LE,
 *   where 1.22 and 1.26 give S32LE)
 *   Probe: none: the file's first block says how many bits it stores
 *   (formats/declared.c). The DR, peaks and RMS are the same to the last
 *   bit on every release.
 *   Does: bits_per_sample (the log's "Bits per sample") is the file's,
 *   24, whatever format the decoder delivers; the JSON's sample_format
 *   still names what it delivered. Test: scanner-behaviours.
 *
 * avdemux-mpc-end (1.22: gst-libav's Musepack demuxer reads on at the
 *   end of some files for ever; 1.26 and 1.28 end)
 *   Not compensated: the stall watchdog reports the file ("decoder
 *   stalled") and replaces its process; Musepack is decoded to S16 on
 *   every release anyway (decoders.c warns), so its values are not
 *   foobar2000's. Test: none.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_QUIRKS_H
#define DRMT_QUIRKS_H

#include <gst/gst.h>
#include "formats/formats.h"

G_BEGIN_DECLS

/* demuxer-trims: watches the first packet that reaches @decoder (an audio
 * decoder just added to decodebin). When the demuxer or parser marked it
 * for clipping, @trim stands down before any decoded sample reaches it. */
void drmt_quirks_watch_decoder_input (GstElement * decoder, DrmtTrim * trim);

/* typefind-claims-random-data: FALSE when @type, what GStreamer's
 * typefinder took a whole file for, is a video, image or subtitle format
 * that is no container: such a file holds no audio. */
gboolean drmt_quirks_type_may_hold_audio (const GstCaps * type);

/* typefind-claims-random-data: the reason for a file of @type
 * (drmt_quirks_type_may_hold_audio said FALSE). Free with g_free. */
gchar *drmt_quirks_not_audio_reason (const GstCaps * type);

/* decoder-chatter: drmt_quirks_stderr_setup and drmt_quirks_stderr_quiet
 * are declared in measure.h, for the worker process (run/worker.c): while
 * a file is measured, what is written to standard error (a library's
 * fprintf, as libFLAC 1.5's "Rewinding, seeking necessary") goes
 * nowhere; GLib's warnings are caught before and become the file's
 * warning. */

G_END_DECLS

#endif
