/* gst-drmeter, step "measure": the door of measure/
 * (docs/architecture.md).
 *
 * One job through a GStreamer pipeline, in a worker process (scan.c):
 * takes a DrmtScannedTrack and the DrmtScanOptions below, or a part of
 * the file (DrmtScanPart, partprobe.h), and hands back the track with its
 * result or one error, or the measured part and its DrmtPartFacts.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_MEASURE_H
#define DRMT_MEASURE_H

#include <gst/gst.h>
#include "album/album.h"
#include "partprobe.h"
#include "drmeter-schema.h"

G_BEGIN_DECLS

typedef struct _DrmtScan DrmtScan;

/* Called once, from the main loop, when the file is measured or failed
 * (the track says which). The scan may be freed from here. */
typedef void (*DrmtScanDone) (DrmtScan * scan, gpointer user_data);

typedef struct {
  gboolean multichannel_weighting;
  gboolean reference_order;     /* drmeter's reference-order */
  gboolean windows;             /* collect every window (--plot) */
  /* at most this many parts, measured at once in the worker (split.c);
   * 0 or 1: one pass */
  guint parts;
} DrmtScanOptions;

/* Starts measuring @track (not owned; it must outlive the scan):
 * filesrc ! decodebin ! audioconvert ! drmeter ! fakesink for the first
 * audio stream, other streams are not decoded. Needs a running main loop
 * on the default context. */
DrmtScan *drmt_scan_start (DrmtScannedTrack * track,
    const DrmtScanOptions * opts,
    DrmtScanDone done, gpointer user_data);
/* Measures only @part of the file (split.c) in the same pipeline, into a
 * DrmPart: the element posts nothing; when done, take the part, and
 * complete the track with the head part's scan (the part from frame 0). */
DrmtScan *drmt_scan_start_part (DrmtScannedTrack * track,
    const DrmtScanOptions * opts, const DrmtScanPart * part,
    DrmtScanDone done, gpointer user_data);
/* The measured part (transfer full), or NULL with *doubt set. */
DrmPart *drmt_scan_take_part (DrmtScan * scan, DrmtPartFacts * facts,
    const gchar ** doubt);
/* The head part's measured format and channel positions. */
gboolean drmt_scan_get_part_info (DrmtScan * scan, GstAudioInfo * info);
/* Fills @track from the head part's scan (format, tags, codec, checks) and
 * the combined @report and @windows (both taken), exactly as a one-pass
 * scan fills it at its end; @done is called again when it is filled. */
void drmt_scan_complete_parts (DrmtScan * head, DrmtScannedTrack * track,
    GstDrMeterParsedReport * report, DrmtWindows * windows);
DrmtScannedTrack *drmt_scan_get_track (DrmtScan * scan);
/* Audio time measured so far, in ns (0 when not known). */
guint64 drmt_scan_get_position (DrmtScan * scan);
/* Bytes of samples that reached the meter so far (empty buffers do not
 * count): a decoder that makes progress raises it (worker.c reports it
 * for the stall watchdog). */
guint64 drmt_scan_get_bytes (DrmtScan * scan);
/* NULL, or why the decoder is running away (runaway.c): it produces more
 * audio than the file can hold, and cannot be stopped; the process that
 * runs the scan must end. */
gchar *drmt_scan_check_runaway (DrmtScan * scan);
/* Called now and then (worker.c, every 100 ms): a whole file read through
 * decodebin that has delivered no sample while no element of its pipeline
 * is at work any more (pipelinework.c: a demuxer gave up, and decodebin
 * dropped its error) fails at once as a damaged file, rather than after
 * the stall timeout. TRUE if it failed (its done callback has run). */
gboolean drmt_scan_check_stopped (DrmtScan * scan);
/* Stops the pipeline (if still running) and frees the scan. */
void drmt_scan_free (DrmtScan * scan);

/* For a measuring process: drmt_quirks_stderr_setup once after gst_init,
 * then drmt_quirks_stderr_quiet (TRUE) while a file is measured: what a
 * decoder library prints on standard error is kept off it (quirks.h). */
void drmt_quirks_stderr_setup (void);
void drmt_quirks_stderr_quiet (gboolean quiet);

G_END_DECLS

#endif
