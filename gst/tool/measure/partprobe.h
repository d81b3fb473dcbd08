/* gst-drmeter: measuring one window-aligned part of a stream (split.c).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_PART_PROBE_H
#define DRMT_PART_PROBE_H

#include <gst/gst.h>
#include "drmeter.h"

G_BEGIN_DECLS

/* Frames [first, first + frames) of a stream; frames 0: to its end. */
typedef struct {
  guint64 first;                /* a multiple of the window length */
  guint64 frames;
} DrmtScanPart;

/* Frames hashed on each side of a cut: the part after a cut hashes the
 * frames just before its first one, the part before it its own last ones;
 * equal hashes say both decoded the same samples at the same positions. */
#define DRMT_PART_GUARD_FRAMES 4096

/* The application message posted (from @poster) when the part has all its
 * frames, so that the pipeline can stop early. */
#define DRMT_PART_DONE_MESSAGE "gst-drmeter-part-done"

typedef struct _DrmtPartProbe DrmtPartProbe;

/* What a measured part says about itself. */
typedef struct {
  guint64 first, frames;        /* what it measured */
  guint64 head_hash;            /* the guard frames before first (0: none) */
  guint64 tail_hash;            /* its last guard frames (0: none) */
  guint64 decoded_first;        /* the first frame the decoder delivered */
  gboolean to_end;              /* it ended with the stream */
} DrmtPartFacts;

/* Measures the buffers on @pad (the meter's sink pad): the samples the
 * one-pass scan would measure, positioned by their timestamps. With @seek
 * it takes buffers only after a flushing seek (FLUSH_STOP); without, the
 * stream's own first frame is frame @origin of the file (a source that
 * starts reading there: WAV). */
DrmtPartProbe *drmt_part_probe_attach (GstPad * pad, const DrmtScanPart * part,
    gboolean seek, guint64 origin, gboolean reference_order,
    GstElement * poster);
/* The stream ended (EOS): a part "to the end" is complete. */
void drmt_part_probe_eos (DrmtPartProbe * probe);
/* The measured part (transfer full) and its facts once complete; NULL with
 * *doubt set (static string) when it cannot be trusted. Call once, from
 * the main thread after DRMT_PART_DONE_MESSAGE or EOS. */
DrmPart *drmt_part_probe_take (DrmtPartProbe * probe, DrmtPartFacts * facts,
    const gchar ** doubt);
/* Audio measured so far, ns. */
guint64 drmt_part_probe_position (DrmtPartProbe * probe);
void drmt_part_probe_free (DrmtPartProbe * probe);

G_END_DECLS

#endif
