/* gst-drmeter: the schema of the drmeter element's messages, defined once.
 *
 * The names of the "drmeter" and "drmeter-window" structures and of their
 * fields, a table of every field with its type, and a reader that turns a
 * structure into a plain C struct. The element writes with these names
 * (drmeter-message.c), the scanner, its plots and the tests read with
 * them, and a test checks docs/element.md against the table.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GST_DRMETER_SCHEMA_H
#define GST_DRMETER_SCHEMA_H

#include <gst/gst.h>
#include <gst/audio/audio.h>
#include "drmeter.h"

G_BEGIN_DECLS

/* ---- the warning at the end of a stream without samples ---- */

/* Fields of the details structure (gst_message_parse_warning_details) of
 * the STREAM FAILED warning posted at EOS when no frame was measured
 * (docs/element.md, "No samples: a warning"): both gboolean. */
#define GST_DRMETER_NO_SAMPLES_FIELD "drmeter-no-samples"
#define GST_DRMETER_NO_SAMPLES_FIELD_CAPS "caps"

/* ---- the "drmeter" report ---- */

#define GST_DRMETER_MESSAGE_NAME "drmeter"

#define GST_DRMETER_FIELD_FINAL "final"
#define GST_DRMETER_FIELD_TRACK "track"
#define GST_DRMETER_FIELD_DR "dr"
#define GST_DRMETER_FIELD_DR_VALUE "dr-value"
#define GST_DRMETER_FIELD_PEAK "peak"
#define GST_DRMETER_FIELD_RMS "rms"
#define GST_DRMETER_FIELD_CHANNEL_DR "channel-dr"
#define GST_DRMETER_FIELD_CHANNEL_PEAK "channel-peak"
#define GST_DRMETER_FIELD_CHANNEL_RMS "channel-rms"
#define GST_DRMETER_FIELD_CHANNEL_POSITIONS "channel-positions"
#define GST_DRMETER_FIELD_CHANNEL_WEIGHTED "channel-weighted"
#define GST_DRMETER_FIELD_FRAMES "frames"
#define GST_DRMETER_FIELD_WINDOWS "windows"
#define GST_DRMETER_FIELD_INVALID_SAMPLES "invalid-samples"
#define GST_DRMETER_FIELD_RATE "rate"
#define GST_DRMETER_FIELD_CHANNELS "channels"
#define GST_DRMETER_FIELD_FORMAT "format"
#define GST_DRMETER_FIELD_DURATION "duration"
#define GST_DRMETER_FIELD_TIMESTAMP "timestamp"
#define GST_DRMETER_FIELD_STREAM_TIME "stream-time"
#define GST_DRMETER_FIELD_RUNNING_TIME "running-time"
#define GST_DRMETER_FIELD_ALBUM_DR "album-dr"
#define GST_DRMETER_FIELD_ALBUM_DR_VALUE "album-dr-value"
#define GST_DRMETER_FIELD_ALBUM_TRACKS "album-tracks"
#define GST_DRMETER_FIELD_ALBUM_LENGTH_WEIGHTED "album-length-weighted"
/* only when the stream announced an id */
#define GST_DRMETER_FIELD_STREAM_ID "stream-id"
/* the window summary: only with post-windows */
#define GST_DRMETER_FIELD_CHANNEL_LOUD_BIN "channel-loud-bin"
#define GST_DRMETER_FIELD_CHANNEL_LOUD_WINDOWS "channel-loud-windows"
#define GST_DRMETER_FIELD_CHANNEL_PRIMARY_PEAK "channel-primary-peak"
#define GST_DRMETER_FIELD_CHANNEL_SELECTED_PEAK "channel-selected-peak"
/* the DR of the last windows: only with recent set */
#define GST_DRMETER_FIELD_RECENT_DR "recent-dr"
#define GST_DRMETER_FIELD_RECENT_DR_VALUE "recent-dr-value"
#define GST_DRMETER_FIELD_RECENT_CHANNEL_DR "recent-channel-dr"
#define GST_DRMETER_FIELD_RECENT_PEAK "recent-peak"
#define GST_DRMETER_FIELD_RECENT_RMS "recent-rms"
#define GST_DRMETER_FIELD_RECENT_WINDOWS "recent-windows"

/* ---- the "drmeter-window" message ---- */

#define GST_DRMETER_WINDOW_MESSAGE_NAME "drmeter-window"

#define GST_DRMETER_WINDOW_FIELD_TRACK "track"
#define GST_DRMETER_WINDOW_FIELD_INDEX "index"
#define GST_DRMETER_WINDOW_FIELD_START "start"
#define GST_DRMETER_WINDOW_FIELD_DURATION "duration"
#define GST_DRMETER_WINDOW_FIELD_FRAMES "frames"
#define GST_DRMETER_WINDOW_FIELD_RUNNING_TIME "running-time"
#define GST_DRMETER_WINDOW_FIELD_RMS "rms"
#define GST_DRMETER_WINDOW_FIELD_PEAK "peak"
#define GST_DRMETER_WINDOW_FIELD_RMS_BIN "rms-bin"

/* ---- the "drmeter-split" event (applications to the element) ---- */

/* A custom downstream event that ends tracks at given stream positions
 * (docs/element.md, "Ending a track at a given frame"). */
#define GST_DRMETER_SPLIT_EVENT_NAME "drmeter-split"
#define GST_DRMETER_SPLIT_FIELD_FRAMES "frames"
#define GST_DRMETER_SPLIT_FIELD_DISCARD_FIRST "discard-first"

/* ---- every field, for checks ---- */

typedef enum {
  GST_DRMETER_ALWAYS,           /* in every message of its kind */
  GST_DRMETER_WITH_STREAM_ID,   /* when the stream announced an id */
  GST_DRMETER_WITH_WINDOWS,     /* with post-windows set */
  GST_DRMETER_WITH_RECENT,      /* with recent set */
} GstDrMeterPresence;

typedef struct {
  const gchar *message;         /* GST_DRMETER_MESSAGE_NAME or _WINDOW_ */
  const gchar *name;
  GType type;                   /* the value's type, or each element's */
  gboolean per_channel;         /* a GstValueArray, one per channel */
  GstDrMeterPresence presence;
} GstDrMeterField;

/* Every field of both messages, in the order docs/element.md lists them;
 * @n_fields receives their number. */
const GstDrMeterField *gst_drmeter_schema_fields (guint * n_fields);

/* ---- reading a message back ---- */

typedef struct {
  gdouble dr;                   /* binary32 widened */
  gdouble peak;                 /* dBFS, -inf for silence */
  gdouble rms;
  GstAudioChannelPosition position;
  /* the window summary (has_window_summary) */
  gint loud_bin;                /* -1 if none */
  guint64 loud_windows;
  gdouble primary_peak;         /* dBFS */
  gdouble selected_peak;
  /* the DR of the last windows (has_recent) */
  gdouble recent_dr;            /* binary32 widened */
} GstDrMeterParsedChannel;

/* A "drmeter" structure as plain values (docs/element.md names each). */
typedef struct {
  gboolean final;
  guint track;
  gint dr;
  gdouble dr_value;
  gdouble peak;
  gdouble rms;
  gboolean channel_weighted;
  guint64 frames;
  guint64 windows;
  guint64 invalid_samples;
  gint rate;                    /* > 0 */
  gint channels;                /* 1 to DRM_MAX_CHANNELS */
  GstAudioFormat format;
  guint64 duration;             /* ns */
  GstClockTime timestamp;
  GstClockTime stream_time;
  GstClockTime running_time;
  gint album_dr;
  gdouble album_dr_value;
  guint album_tracks;
  gboolean album_length_weighted;
  const gchar *stream_id;       /* NULL if absent; owned by the structure */
  gboolean has_window_summary;
  /* the DR of the last windows, as a track of their own (recent set) */
  gboolean has_recent;
  gint recent_dr;
  gdouble recent_dr_value;
  gdouble recent_peak;          /* dBFS, -inf for none or silence */
  gdouble recent_rms;
  guint64 recent_windows;
  GstDrMeterParsedChannel channel[DRM_MAX_CHANNELS];
} GstDrMeterParsedReport;

/* Reads a "drmeter" structure. FALSE (and @out undefined) if @s is not
 * one, a field is missing, of the wrong type or of the wrong channel
 * count, or the rate or channel count is out of range. The window summary
 * and the recent fields are each read when all their fields are there. */
gboolean gst_drmeter_parse_report (const GstStructure * s,
    GstDrMeterParsedReport * out);

/* A "drmeter-window" structure as plain values. */
typedef struct {
  guint track;
  guint64 index;
  GstClockTime start;
  guint64 duration;             /* ns */
  guint64 frames;
  GstClockTime running_time;
  guint channels;
  gdouble rms[DRM_MAX_CHANNELS];        /* dBFS, -inf for silence */
  gdouble peak[DRM_MAX_CHANNELS];
  gint rms_bin[DRM_MAX_CHANNELS];       /* -1 for silence */
} GstDrMeterParsedWindow;

/* Reads a "drmeter-window" structure, as gst_drmeter_parse_report. */
gboolean gst_drmeter_parse_window (const GstStructure * s,
    GstDrMeterParsedWindow * out);

G_END_DECLS

#endif /* GST_DRMETER_SCHEMA_H */
