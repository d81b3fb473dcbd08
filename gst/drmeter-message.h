/* gst-drmeter: the structure of the drmeter element message.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GST_DRMETER_MESSAGE_H
#define GST_DRMETER_MESSAGE_H

#include <gst/gst.h>
#include <gst/audio/audio.h>
#include "drmeter.h"
#include "drmeter-schema.h"

G_BEGIN_DECLS

/* What a report says besides the engine's track result. */
typedef struct {
  gboolean final;               /* a finished track, or an interim report */
  guint track;                  /* 1-based track index since the last reset */
  const gchar *stream_id;       /* NULL if the stream announced none */
  GstAudioFormat format;        /* the measured sample format */
  const GstAudioChannelPosition *positions;     /* one per channel */
  GstClockTime timestamp;       /* end of the measured audio */
  GstClockTime stream_time;
  GstClockTime running_time;
  const DrmAlbum *album;        /* the album with this track counted in */
  gboolean window_fields;       /* add the per-channel window summary
                                 * (post-windows) */
  const DrmTrackResult *recent; /* the DR of the last windows (the recent
                                 * property), NULL for none */
} GstDrMeterReport;

/* Builds the "drmeter" structure for @result. Never holds NaN. */
GstStructure *gst_drmeter_report_to_structure (const DrmTrackResult * result,
    const GstDrMeterReport * report);

/* What a window message says besides the engine's window. */
typedef struct {
  guint track;                  /* 1-based track index, as in the report */
  GstClockTime start;           /* position of the window's first frame */
  GstClockTime duration;        /* of the window's frames */
  GstClockTime running_time;    /* of the window's end */
} GstDrMeterWindow;

/* Builds the "drmeter-window" structure for @window. Never holds NaN. */
GstStructure *gst_drmeter_window_to_structure (const DrmWindowInfo * window,
    const GstDrMeterWindow * context);

/* The engine's format for a native-endian GStreamer sample format; FALSE
 * for one the engine does not take. */
gboolean gst_drmeter_engine_format (GstAudioFormat format, DrmFormat * out);

G_END_DECLS

#endif /* GST_DRMETER_MESSAGE_H */
