/* gst-drmeter: a decoder that produces samples for ever (docs/robustness.md,
 * "Runaway decoders").
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_RUNAWAY_H
#define DRMT_RUNAWAY_H

#include <gst/gst.h>

G_BEGIN_DECLS

/* No real codec decodes more frames than this per byte of its file: the
 * densest measured (FLAC of digital silence in blocks of 65535 frames) give
 * under 2,000, the densest a format allows (Monkey's Audio silence, FLAC
 * constant blocks of 8-bit mono) about 25,000 and 5,500. */
#define DRMT_RUNAWAY_FRAMES_PER_BYTE (G_GUINT64_CONSTANT (1) << 20)
/* A stream that declares its length may decode twice that and this many
 * seconds more (declared lengths may be a parser's estimate). */
#define DRMT_RUNAWAY_MARGIN_SECONDS 600

/* The most frames a file of @size bytes may decode to at @rate, when its
 * stream declares @declared ns (GST_CLOCK_TIME_NONE: none). */
guint64 drmt_runaway_limit (guint64 size, GstClockTime declared, gint rate);

typedef struct _DrmtRunaway DrmtRunaway;

/* Counts the frames that pass @pad (the meter's sink pad) of a pipeline
 * decoding a file of @size bytes. */
DrmtRunaway *drmt_runaway_attach (GstPad * pad, GstElement * pipeline,
    guint64 size);
/* From the main loop: NULL while the stream is within its limit, else
 * the reason ("decoder runaway (...)"): the decoder cannot be stopped,
 * only its process ended. */
gchar *drmt_runaway_check (DrmtRunaway * r);
void drmt_runaway_free (DrmtRunaway * r);

G_END_DECLS

#endif
