/* gst-drmeter: the records between the scanner and its measuring
 * processes (worker.c, supervisor.c). wire.c says how to add a field.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_WIRE_H
#define DRMT_WIRE_H

#include <glib.h>
#include "measure/measure.h"
#include "album/album.h"
#include "partjob.h"

G_BEGIN_DECLS

/* A frame: its length (4 bytes, host order; type and payload), its type
 * (1 byte), its payload. Both ends are the same binary on the same
 * machine, so host byte order is exact and cheap. */
typedef enum {
  DRMT_WIRE_JOB = 1,            /* scanner -> worker: options, a track */
  DRMT_WIRE_PROGRESS = 2,       /* worker -> scanner: position, bytes */
  DRMT_WIRE_RESULT = 3,         /* worker -> scanner: the track, done */
  DRMT_WIRE_PART_JOB = 4,       /* scanner -> worker: a part of a track */
  DRMT_WIRE_PLAN = 5,           /* worker -> scanner: how a JOB was cut */
  DRMT_WIRE_PART_RESULT = 6,    /* worker -> scanner: a measured part */
  DRMT_WIRE_PARTS = 7,          /* scanner -> head worker: all the parts */
} DrmtWireType;

#define DRMT_WIRE_HEADER_SIZE 5
/* The largest frame accepted: a day of 64-channel windows fits. */
#define DRMT_WIRE_MAX_FRAME (G_GUINT64_CONSTANT (1) << 30)

/* Appending frames to @out. */
void drmt_wire_put_job (GByteArray * out, const DrmtScannedTrack * track,
    const DrmtScanOptions * opts);
void drmt_wire_put_progress (GByteArray * out, guint64 position,
    guint64 bytes);
void drmt_wire_put_result (GByteArray * out, const DrmtScannedTrack * track);
/* The RESULT record alone, without its frame: what drmt_wire_get_result
 * reads back (the result cache, cache.c, keeps these bytes). */
void drmt_wire_put_result_record (GByteArray * out,
    const DrmtScannedTrack * track);
/* The JOB record of @track less where it was found (its path, names and
 * place in the listing): what, besides the file itself, its result
 * depends on (a CUE sheet's cuts and names). For a cache key only. */
void drmt_wire_put_job_key (GByteArray * out, const DrmtScannedTrack * track);
/* The records' layout (field names, kinds, sizes, byte order): records
 * are read back only by a binary with the same layout. */
void drmt_wire_put_layout (GString * out);
void drmt_wire_put_part_job (GByteArray * out, const DrmtScannedTrack * track,
    const DrmtScanOptions * opts, const DrmtPartJob * job);
void drmt_wire_put_plan (GByteArray * out, const DrmtPartPlan * plan);
void drmt_wire_put_part_result (GByteArray * out, const DrmtPartResult * r);
/* @n parts in window order; 0: the split is abandoned */
void drmt_wire_put_parts (GByteArray * out, DrmtPartResult * const *parts,
    guint n);

/* If @in starts with a whole frame: its type, its payload (pointing into
 * @in) and the frame's size in bytes (to remove once read). 0 when more
 * bytes are needed, -1 when @in holds no valid frame. */
gint drmt_wire_peek_frame (const GByteArray * in, guint8 * type,
    const guint8 ** payload, gsize * payload_len);

/* Reading payloads. FALSE for a payload that is not a valid record; what
 * was read before the error stays in @track (free it as usual). */
gboolean drmt_wire_get_job (const guint8 * p, gsize n,
    DrmtScannedTrack * track, DrmtScanOptions * opts);
gboolean drmt_wire_get_progress (const guint8 * p, gsize n,
    guint64 * position, guint64 * bytes);
/* Replaces the measurement and outcome of @track (the scanner's own, whose
 * path and name stay) with the worker's. */
gboolean drmt_wire_get_result (const guint8 * p, gsize n,
    DrmtScannedTrack * track);
gboolean drmt_wire_get_part_job (const guint8 * p, gsize n,
    DrmtScannedTrack * track, DrmtScanOptions * opts, DrmtPartJob * job);
gboolean drmt_wire_get_plan (const guint8 * p, gsize n, DrmtPartPlan * plan);
/* A new result (free with drmt_part_result_free): a doubt or a part, not
 * both; NULL when damaged. */
DrmtPartResult *drmt_wire_get_part_result (const guint8 * p, gsize n);
/* A new array of DrmtPartResult * (each a part, result i for part i), or
 * NULL when damaged. */
GPtrArray *drmt_wire_get_parts (const guint8 * p, gsize n);

/* For the test that every field declared in album/album.h,
 * measure/measure.h and partjob.h crosses: TRUE if @field of @type
 * ("DrmtScannedTrack", "DrmtChannel", "DrmtWindows", "DrmtScanOptions",
 * "DrmtPartPlan", "DrmtPartJob", "DrmtPartResult") is in a record. */
gboolean drmt_wire_has_field (const gchar * type, const gchar * field);

G_END_DECLS

#endif
