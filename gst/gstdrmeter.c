/* gst-drmeter: the drmeter element.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-drmeter
 * @title: drmeter
 *
 * Measures the dynamic range (DR) of raw audio exactly as foobar2000's DR
 * Meter 1.0.8 prints it, and posts the results as "drmeter" element
 * messages: a final one for each finished track (at EOS, at a new stream,
 * at a change of format) and, if #GstDrMeter:interval is set, interim ones
 * while the track plays. The audio passes through untouched.
 *
 * An application can end a track at an exact frame of the stream, inside a
 * buffer if need be, with a serialized custom downstream event named
 * "drmeter-split" (GST_DRMETER_SPLIT_EVENT_NAME) whose "frames" field lists
 * the positions, counted from the stream's first frame.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 -m filesrc location=a.flac ! decodebin ! drmeter ! fakesink
 * ]|
 *
 * docs/element.md describes every message field and when messages come.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include <gst/audio/audio.h>
#include <gst/base/gstbasetransform.h>

#include "gstdrmeter.h"
#include "drmeter-message.h"
#include "drmeter-schema.h"
#include "drmeter.h"

GST_DEBUG_CATEGORY_STATIC (drmeter_debug);
#define GST_CAT_DEFAULT drmeter_debug

#define DEFAULT_POST_MESSAGES TRUE
#define DEFAULT_INTERVAL 0
/* The shortest interval between interim reports: 100 per second of
 * stream at most. */
#define DRM_MIN_INTERVAL (10 * GST_MSECOND)
#define DEFAULT_MULTICHANNEL_WEIGHTING FALSE
#define DEFAULT_ALBUM_LENGTH_WEIGHTING FALSE
#define DEFAULT_POST_WINDOWS FALSE
#define DEFAULT_REFERENCE_ORDER FALSE
#define DEFAULT_RECENT 0

enum
{
  PROP_0,
  PROP_POST_MESSAGES,
  PROP_INTERVAL,
  PROP_MULTICHANNEL_WEIGHTING,
  PROP_ALBUM_LENGTH_WEIGHTING,
  PROP_POST_WINDOWS,
  PROP_REFERENCE_ORDER,
  PROP_RECENT
};

enum
{
  SIGNAL_RESET,
  LAST_SIGNAL
};

static guint signals[LAST_SIGNAL];

/* The property values one piece of streaming work uses. */
typedef struct
{
  gboolean post_messages;
  guint64 interval;
  gboolean multichannel_weighting;
  gboolean album_length_weighting;
  gboolean post_windows;
  gboolean reference_order;
  guint recent;
} Settings;

struct _GstDrMeter
{
  GstAudioFilter parent;

  /* Properties and the reset request: under the object lock. */
  Settings settings;
  gboolean reset_pending;

  /* Streaming state: the streaming thread's, or the state-change thread's
   * while streaming is stopped. */
  DrmMeter *meter;
  DrmFormat drm_format;
  GstAudioFormat format;
  gboolean planar;
  guint rate;
  guint channels;
  guint sample_size;            /* bytes per sample */
  guint bpf;                    /* bytes per frame */
  GstAudioChannelPosition positions[DRM_MAX_CHANNELS];
  const void *planes[DRM_MAX_CHANNELS];
  /* Buffers of several memories are read memory by memory, never merged:
   * the memories mapped for each plane, and room for the one frame (or
   * sample, per plane) that straddles two memories. */
  GstMapInfo plane_maps[DRM_MAX_CHANNELS];
  guint8 straddle[DRM_MAX_CHANNELS * 8];
  gchar *stream_id;
  DrmAlbum album;
  DrmTrackResult result;
  /* The last `recent` complete windows, as a track (recent property). */
  DrmTrackResult recent_result;

  /* Interim reports: frame (of the track) of the next one, counted as
   * multiples of the interval from the frame the schedule started at. */
  guint64 schedule_interval;    /* 0: no interim reports */
  guint64 schedule_base;
  guint64 schedule_done;
  guint64 next_report;

  /* TRUE while the meter has the window function (post-windows) set. */
  gboolean windows_on;
  /* TRUE if the meter sums in the reference's order (reference-order). */
  gboolean meter_sequential;
  /* The recent window count last asked of the meter (0: none). */
  guint recent_on;

  /* Position: frame @anchor_frame of the track is at @anchor_ts. */
  GstClockTime anchor_ts;
  guint64 anchor_frame;

  /* Track ends asked for by "drmeter-split" events: stream positions
   * (frames since the stream began) not yet reached, ascending. Grown
   * only when an event comes, never per buffer. */
  GArray *cuts;
  guint64 stream_pos;           /* frames of the stream so far */
  gboolean pos_from_pts;        /* after a flush: take it from the next PTS */
  gboolean skipping;            /* frames up to the next cut: not measured */
  guint64 skipped;              /* frames skipped since the anchor */

  /* A track of this stream (since its start or the last flush) ended with
   * frames, or the no-samples warning was posted: at EOS the element has
   * said something either way. */
  gboolean stream_told;
};

#define ALLOWED_CAPS \
  "audio/x-raw, " \
  "format = (string) { U8, " GST_AUDIO_NE (S16) ", " GST_AUDIO_NE (S24) ", " \
      GST_AUDIO_NE (S24_32) ", " GST_AUDIO_NE (S32) ", " GST_AUDIO_NE (F32) \
      ", " GST_AUDIO_NE (F64) " }, " \
  "rate = (int) [ 1, MAX ], " \
  "channels = (int) [ 1, 64 ], " \
  "layout = (string) { interleaved, non-interleaved }"

#define gst_drmeter_parent_class parent_class
G_DEFINE_TYPE (GstDrMeter, gst_drmeter, GST_TYPE_AUDIO_FILTER);
GST_ELEMENT_REGISTER_DEFINE (drmeter, "drmeter", GST_RANK_NONE,
    GST_TYPE_DRMETER);

static void gst_drmeter_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_drmeter_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static void gst_drmeter_finalize (GObject * object);
static gboolean gst_drmeter_start (GstBaseTransform * trans);
static gboolean gst_drmeter_stop (GstBaseTransform * trans);
static gboolean gst_drmeter_sink_event (GstBaseTransform * trans,
    GstEvent * event);
static GstFlowReturn gst_drmeter_transform_ip (GstBaseTransform * trans,
    GstBuffer * buf);
static gboolean gst_drmeter_setup (GstAudioFilter * filter,
    const GstAudioInfo * info);
static void gst_drmeter_reset (GstDrMeter * self);

/* One install per property and signal with its documentation: a list
 * more than a procedure, kept in one place as GStreamer elements do. */
static void
gst_drmeter_class_init (GstDrMeterClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstAudioFilterClass *filter_class = GST_AUDIO_FILTER_CLASS (klass);
  GstCaps *caps;

  gobject_class->set_property = gst_drmeter_set_property;
  gobject_class->get_property = gst_drmeter_get_property;
  gobject_class->finalize = gst_drmeter_finalize;

  g_object_class_install_property (gobject_class, PROP_POST_MESSAGES,
      g_param_spec_boolean ("post-messages", "Post messages",
          "Post a \"drmeter\" element message for every finished track and "
          "every interim report (measuring goes on either way)",
          DEFAULT_POST_MESSAGES,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));

  g_object_class_install_property (gobject_class, PROP_INTERVAL,
      g_param_spec_uint64 ("interval", "Interval",
          "Stream time between interim reports, in nanoseconds, counted from "
          "the start of each track (0 = final results only; shorter than "
          "10 ms: 10 ms)",
          0, G_MAXUINT64, DEFAULT_INTERVAL,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));

  g_object_class_install_property (gobject_class, PROP_MULTICHANNEL_WEIGHTING,
      g_param_spec_boolean ("multichannel-weighting",
          "Multichannel weighting",
          "Weight the track DR of more than two channels by channel loudness "
          "(foobar2000's \"weight multichannel DR by channel loudness\")",
          DEFAULT_MULTICHANNEL_WEIGHTING,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));

  g_object_class_install_property (gobject_class, PROP_ALBUM_LENGTH_WEIGHTING,
      g_param_spec_boolean ("album-length-weighting", "Album length weighting",
          "Weight each track by its duration in the album DR",
          DEFAULT_ALBUM_LENGTH_WEIGHTING,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));

  g_object_class_install_property (gobject_class, PROP_REFERENCE_ORDER,
      g_param_spec_boolean ("reference-order", "Reference order",
          "Sum each window's squares sample by sample, in the reference's "
          "order, instead of in SIMD lanes: about 6 times slower; changes a "
          "result only for a window whose RMS lies within about 1e-15 of a "
          "0.005 dB boundary. Takes effect at the next track",
          DEFAULT_REFERENCE_ORDER,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));

  g_object_class_install_property (gobject_class, PROP_POST_WINDOWS,
      g_param_spec_boolean ("post-windows", "Post windows",
          "Post a \"drmeter-window\" element message for every 3-second "
          "window measured (per-channel window RMS and peak), to draw the "
          "track's timeline",
          DEFAULT_POST_WINDOWS,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));

  g_object_class_install_property (gobject_class, PROP_RECENT,
      g_param_spec_uint ("recent", "Recent windows",
          "Also report the DR of the track's last N complete 3-second "
          "windows, measured as a track of their own (recent-dr and related "
          "fields in every report; 100 is the last five minutes; 0 = off)",
          0, DRM_RECENT_MAX_WINDOWS, DEFAULT_RECENT,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));

  /**
   * GstDrMeter::reset:
   * @drmeter: the drmeter element
   *
   * Discards the unfinished track without a message and starts a new
   * album. Takes effect with the next buffer or event the element handles.
   */
  signals[SIGNAL_RESET] = g_signal_new_class_handler ("reset",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_drmeter_reset), NULL, NULL, NULL, G_TYPE_NONE, 0);

  gst_element_class_set_static_metadata (element_class, "DR meter",
      "Filter/Analyzer/Audio",
      "Measures the dynamic range (DR) value as foobar2000's DR Meter 1.0.8 "
      "prints it and posts it in \"drmeter\" element messages",
      "The gst-drmeter authors");

  caps = gst_caps_from_string (ALLOWED_CAPS);
  gst_audio_filter_class_add_pad_templates (filter_class, caps);
  gst_caps_unref (caps);

  trans_class->start = GST_DEBUG_FUNCPTR (gst_drmeter_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_drmeter_stop);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_drmeter_sink_event);
  trans_class->transform_ip = GST_DEBUG_FUNCPTR (gst_drmeter_transform_ip);
  trans_class->passthrough_on_same_caps = TRUE;
  trans_class->transform_ip_on_passthrough = TRUE;
  filter_class->setup = GST_DEBUG_FUNCPTR (gst_drmeter_setup);

  GST_DEBUG_CATEGORY_INIT (drmeter_debug, "drmeter", 0, "DR meter");
}

/* GstBaseTransform's chain function, which gst_drmeter_chain wraps. */
static GstPadChainFunction base_chain;

/* A buffer before any caps is refused here, released, whatever the base
 * class would do with it: GStreamer 1.26's GstBaseTransform returns
 * NOT_NEGOTIATED for it without releasing it (a leak in every pipeline
 * that sends one), 1.22's released it. */
static GstFlowReturn
gst_drmeter_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
{
  if (G_LIKELY (gst_pad_has_current_caps (pad)))
    return base_chain (pad, parent, buf);
  GST_DEBUG_OBJECT (parent, "a buffer before caps: not negotiated");
  gst_buffer_unref (buf);
  return GST_PAD_IS_FLUSHING (pad) ? GST_FLOW_FLUSHING :
      GST_FLOW_NOT_NEGOTIATED;
}

static void
gst_drmeter_init (GstDrMeter * self)
{
  GstPad *sink = GST_BASE_TRANSFORM_SINK_PAD (self);

  base_chain = GST_PAD_CHAINFUNC (sink);
  gst_pad_set_chain_function (sink, GST_DEBUG_FUNCPTR (gst_drmeter_chain));
  self->settings.post_messages = DEFAULT_POST_MESSAGES;
  self->settings.interval = DEFAULT_INTERVAL;
  self->settings.multichannel_weighting = DEFAULT_MULTICHANNEL_WEIGHTING;
  self->settings.album_length_weighting = DEFAULT_ALBUM_LENGTH_WEIGHTING;
  self->settings.post_windows = DEFAULT_POST_WINDOWS;
  self->settings.reference_order = DEFAULT_REFERENCE_ORDER;
  self->settings.recent = DEFAULT_RECENT;
  drm_album_init (&self->album, DEFAULT_ALBUM_LENGTH_WEIGHTING);
  self->anchor_ts = GST_CLOCK_TIME_NONE;
  self->next_report = G_MAXUINT64;
  self->cuts = g_array_new (FALSE, FALSE, sizeof (guint64));

  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
}

static void
gst_drmeter_finalize (GObject * object)
{
  GstDrMeter *self = GST_DRMETER (object);

  drm_meter_free (self->meter);
  g_free (self->stream_id);
  g_array_unref (self->cuts);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_drmeter_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstDrMeter *self = GST_DRMETER (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_POST_MESSAGES:
      self->settings.post_messages = g_value_get_boolean (value);
      break;
    case PROP_INTERVAL:{
      guint64 v = g_value_get_uint64 (value);

      /* A lower bound, so that a tiny interval cannot post a message per
       * frame and flood a bus that is read slowly (docs/element.md). */
      self->settings.interval = v > 0 && v < DRM_MIN_INTERVAL ?
          DRM_MIN_INTERVAL : v;
      break;
    }
    case PROP_MULTICHANNEL_WEIGHTING:
      self->settings.multichannel_weighting = g_value_get_boolean (value);
      break;
    case PROP_ALBUM_LENGTH_WEIGHTING:
      self->settings.album_length_weighting = g_value_get_boolean (value);
      break;
    case PROP_REFERENCE_ORDER:
      self->settings.reference_order = g_value_get_boolean (value);
      break;
    case PROP_RECENT:
      self->settings.recent = g_value_get_uint (value);
      break;
    case PROP_POST_WINDOWS:
      self->settings.post_windows = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_drmeter_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstDrMeter *self = GST_DRMETER (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_POST_MESSAGES:
      g_value_set_boolean (value, self->settings.post_messages);
      break;
    case PROP_INTERVAL:
      g_value_set_uint64 (value, self->settings.interval);
      break;
    case PROP_MULTICHANNEL_WEIGHTING:
      g_value_set_boolean (value, self->settings.multichannel_weighting);
      break;
    case PROP_ALBUM_LENGTH_WEIGHTING:
      g_value_set_boolean (value, self->settings.album_length_weighting);
      break;
    case PROP_REFERENCE_ORDER:
      g_value_set_boolean (value, self->settings.reference_order);
      break;
    case PROP_RECENT:
      g_value_set_uint (value, self->settings.recent);
      break;
    case PROP_POST_WINDOWS:
      g_value_set_boolean (value, self->settings.post_windows);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* The reset action signal: any thread. The streaming thread applies it. */
static void
gst_drmeter_reset (GstDrMeter * self)
{
  GST_DEBUG_OBJECT (self, "reset requested");
  GST_OBJECT_LOCK (self);
  self->reset_pending = TRUE;
  GST_OBJECT_UNLOCK (self);
}

/* ---- position ---- */

static guint64
track_frames (GstDrMeter * self)
{
  return self->meter ? drm_meter_get_frames (self->meter) : 0;
}

/* Timestamp of frame @frame of the track, GST_CLOCK_TIME_NONE if unknown.
 * Frames skipped before the track (drmeter-split's discard-first) count
 * as if measured. */
static GstClockTime
position_of (GstDrMeter * self, guint64 frame)
{
  if (!GST_CLOCK_TIME_IS_VALID (self->anchor_ts) || self->rate == 0)
    return GST_CLOCK_TIME_NONE;
  frame += self->skipped;
  if (frame >= self->anchor_frame) {
    guint64 ahead = gst_util_uint64_scale (frame - self->anchor_frame,
        GST_SECOND, self->rate);

    /* Past the end of representable time: unknown rather than wrapped. */
    if (ahead >= GST_CLOCK_TIME_NONE - self->anchor_ts)
      return GST_CLOCK_TIME_NONE;
    return self->anchor_ts + ahead;
  }
  return self->anchor_ts - MIN (self->anchor_ts,
      gst_util_uint64_scale (self->anchor_frame - frame, GST_SECOND,
          self->rate));
}

/* The next track starts where the current one ends. */
static void
rebase_position (GstDrMeter * self)
{
  self->anchor_ts = position_of (self, track_frames (self));
  self->anchor_frame = 0;
  self->skipped = 0;
}

/* Positions count frames from the last timestamp that did not follow on
 * from the ones before (a discontinuity, or the first one), so that
 * contiguous buffers give exact, contiguous positions whatever their
 * timestamps' own rounding. */
static void
follow_timestamp (GstDrMeter * self, GstBuffer * buf)
{
  guint64 frames = track_frames (self);
  GstClockTime pts = GST_BUFFER_PTS (buf), expected;
  GstClockTime tolerance = GST_SECOND / self->rate / 2;

  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return;
  expected = position_of (self, frames);
  if (GST_BUFFER_IS_DISCONT (buf) || !GST_CLOCK_TIME_IS_VALID (expected)
      || (pts > expected ? pts - expected : expected - pts) > tolerance) {
    if (GST_CLOCK_TIME_IS_VALID (expected))
      GST_DEBUG_OBJECT (self, "timestamp %" GST_TIME_FORMAT ", expected %"
          GST_TIME_FORMAT ": following it", GST_TIME_ARGS (pts),
          GST_TIME_ARGS (expected));
    self->anchor_ts = pts;
    self->anchor_frame = frames + self->skipped;
  }
}

/* ---- interim report schedule ---- */

static void
schedule_next (GstDrMeter * self)
{
  guint64 k = self->schedule_done + 1, offset, frames = track_frames (self);

  self->next_report = G_MAXUINT64;
  if (self->schedule_interval == 0 || self->rate == 0)
    return;
  if (k > G_MAXUINT64 / self->schedule_interval)
    return;
  /* The first frame at or after k intervals from the schedule's start. */
  offset = gst_util_uint64_scale_ceil (k * self->schedule_interval, self->rate,
      GST_SECOND);
  if (offset == G_MAXUINT64 || offset > G_MAXUINT64 - self->schedule_base)
    return;
  self->next_report = self->schedule_base + offset;
  /* Intervals shorter than a frame: at most one report per frame. */
  if (self->next_report <= frames)
    self->next_report = frames + 1;
}

static void
schedule_restart (GstDrMeter * self, guint64 interval)
{
  self->schedule_interval = interval;
  self->schedule_base = track_frames (self);
  self->schedule_done = 0;
  schedule_next (self);
}

/* ---- reports ---- */

static Settings
read_settings (GstDrMeter * self, gboolean * reset)
{
  Settings s;

  GST_OBJECT_LOCK (self);
  s = self->settings;
  if (reset) {
    *reset = self->reset_pending;
    self->reset_pending = FALSE;
  }
  GST_OBJECT_UNLOCK (self);
  return s;
}

/* The stream time (unless @stream_time is NULL) and running time of the
 * position @ts in the current segment; GST_CLOCK_TIME_NONE where @ts is
 * unknown or the segment is not in time. */
static void
segment_times (GstDrMeter * self, GstClockTime ts, GstClockTime * stream_time,
    GstClockTime * running_time)
{
  GstBaseTransform *trans = GST_BASE_TRANSFORM (self);
  gboolean known = GST_CLOCK_TIME_IS_VALID (ts)
      && trans->segment.format == GST_FORMAT_TIME;

  if (stream_time)
    *stream_time = known ? gst_segment_to_stream_time (&trans->segment,
        GST_FORMAT_TIME, ts) : GST_CLOCK_TIME_NONE;
  *running_time = known ? gst_segment_to_running_time (&trans->segment,
      GST_FORMAT_TIME, ts) : GST_CLOCK_TIME_NONE;
}

/* Posts @s, if any, as an element message; takes it. */
static void
post_structure (GstDrMeter * self, GstStructure * s)
{
  if (!s)
    return;
  GST_LOG_OBJECT (self, "posting %" GST_PTR_FORMAT, s);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
}

/* Posts the report in self->result; @album has this track counted in;
 * @recent (or NULL) is the DR of the last windows. */
static void
post_report (GstDrMeter * self, gboolean final, const DrmAlbum * album,
    const Settings * settings, const DrmTrackResult * recent)
{
  GstDrMeterReport report = { 0, };

  report.final = final;
  report.track = album->tracks;
  report.stream_id = self->stream_id;
  report.format = self->format;
  report.positions = self->positions;
  report.timestamp = position_of (self, self->result.frames);
  segment_times (self, report.timestamp, &report.stream_time,
      &report.running_time);
  report.album = album;
  report.window_fields = settings->post_windows;
  report.recent = recent;

  post_structure (self, gst_drmeter_report_to_structure (&self->result,
          &report));
}

/* The engine's window function: runs on the streaming thread inside the
 * drm_meter_add_* or drm_meter_finish call that completes the window, with
 * no lock of the element held. */
static void
post_window (const DrmWindowInfo * window, void *user_data)
{
  GstDrMeter *self = user_data;
  GstDrMeterWindow w;
  GstClockTime end;

  w.track = self->album.tracks + 1;
  w.start = position_of (self, window->first_frame);
  end = position_of (self, window->first_frame + window->frames);
  if (GST_CLOCK_TIME_IS_VALID (w.start) && GST_CLOCK_TIME_IS_VALID (end))
    w.duration = end - w.start;
  else
    w.duration = gst_util_uint64_scale (window->frames, GST_SECOND, self->rate);
  segment_times (self, end, NULL, &w.running_time);

  post_structure (self, gst_drmeter_window_to_structure (window, &w));
}

/* Installs or removes the window function as the property says. Off, the
 * engine calls nothing and nothing is allocated. */
static void
sync_window_func (GstDrMeter * self, const Settings * settings)
{
  if (!self->meter || settings->post_windows == self->windows_on)
    return;
  drm_meter_set_window_func (self->meter,
      settings->post_windows ? post_window : NULL, self);
  self->windows_on = settings->post_windows;
}

/* Makes the meter keep as many recent windows as the property says: an
 * allocation when the setting changes, never per buffer. */
static void
sync_recent (GstDrMeter * self, const Settings * settings)
{
  int err;

  if (!self->meter || settings->recent == self->recent_on)
    return;
  self->recent_on = settings->recent;
  err = drm_meter_set_recent (self->meter, settings->recent);
  if (err != DRM_OK)
    GST_ELEMENT_WARNING (self, RESOURCE, NO_SPACE_LEFT,
        ("Cannot keep %u windows for the recent DR", settings->recent),
        ("%s; keeping %u", drm_error_string (err),
            drm_meter_get_recent (self->meter)));
}

/* What the meter is asked to do besides measuring: the window function
 * and the recent windows. */
static void
sync_meter_options (GstDrMeter * self, const Settings * settings)
{
  sync_window_func (self, settings);
  sync_recent (self, settings);
}

/* The DR of the last windows into self->recent_result, if the meter keeps
 * any (the property is set and its memory could be had); else NULL. */
static const DrmTrackResult *
read_recent (GstDrMeter * self)
{
  if (drm_meter_get_recent (self->meter) == 0)
    return NULL;
  drm_meter_get_recent_result (self->meter, &self->recent_result);
  return &self->recent_result;
}

/* Between tracks, makes the meter sum in the order reference-order asks
 * for: a meter's order is fixed when it is made, so a new one is made. */
static void
match_meter_order (GstDrMeter * self, const Settings * settings)
{
  DrmMeter *meter;

  if (!self->meter || track_frames (self) > 0
      || settings->reference_order == self->meter_sequential)
    return;
  meter = drm_meter_new (self->rate, self->channels,
      settings->reference_order ? DRM_FLAG_SEQUENTIAL : 0, NULL);
  if (!meter)
    return;                     /* out of memory: keep the current order */
  drm_meter_free (self->meter);
  self->meter = meter;
  self->meter_sequential = settings->reference_order;
  self->windows_on = FALSE;
  self->recent_on = 0;
  sync_meter_options (self, settings);
}

/* A report as if the track ended now; the measurement goes on untouched. */
static void
interim_report (GstDrMeter * self, const Settings * settings)
{
  DrmAlbum album = self->album;

  drm_meter_set_channel_weighting (self->meter,
      settings->multichannel_weighting);
  drm_meter_get_result (self->meter, &self->result);
  drm_album_add (&album, &self->result);
  album.length_weighting = settings->album_length_weighting;
  post_report (self, FALSE, &album, settings, read_recent (self));
}

/* Ends the current track if it has frames: adds it to the album, posts the
 * final report and starts the next track where this one ended. */
static void
finish_track (GstDrMeter * self, const Settings * settings)
{
  guint64 frames = track_frames (self);
  const DrmTrackResult *recent;
  GstClockTime end;

  if (frames == 0)
    return;

  self->stream_told = TRUE;
  end = position_of (self, frames);
  sync_meter_options (self, settings);
  drm_meter_set_channel_weighting (self->meter,
      settings->multichannel_weighting);
  /* finish() empties the recent set for the next track: read it first.
   * The short last window it submits is no complete window anyway. */
  recent = settings->post_messages ? read_recent (self) : NULL;
  drm_meter_finish (self->meter, &self->result);
  drm_album_add (&self->album, &self->result);
  self->album.length_weighting = settings->album_length_weighting;
  GST_DEBUG_OBJECT (self, "track %u done: %" G_GUINT64_FORMAT " frames, DR%d",
      self->album.tracks, frames, self->result.dr_displayed);

  if (settings->post_messages)
    post_report (self, TRUE, &self->album, settings, recent);

  self->anchor_ts = end;
  self->anchor_frame = 0;
  schedule_restart (self, settings->interval);
  match_meter_order (self, settings);
}

/* Drops the unfinished track without a report. */
static void
discard_track (GstDrMeter * self, const Settings * settings)
{
  if (self->meter)
    drm_meter_reset (self->meter);
  schedule_restart (self, settings->interval);
  match_meter_order (self, settings);
}

/* Applies the reset signal and interval changes; returns the settings. */
static Settings
sync_settings (GstDrMeter * self)
{
  gboolean reset = FALSE;
  Settings settings = read_settings (self, &reset);

  if (reset) {
    GST_DEBUG_OBJECT (self, "reset: new track, new album");
    rebase_position (self);
    discard_track (self, &settings);
    drm_album_init (&self->album, settings.album_length_weighting);
  }
  if (settings.interval != self->schedule_interval) {
    GST_DEBUG_OBJECT (self, "interval now %" GST_TIME_FORMAT,
        GST_TIME_ARGS (settings.interval));
    schedule_restart (self, settings.interval);
  }
  return settings;
}

/* ---- track ends at stream positions ("drmeter-split" events) ---- */

static void
clear_cuts (GstDrMeter * self)
{
  g_array_set_size (self->cuts, 0);
  self->skipping = FALSE;
  if (self->skipped > 0)
    rebase_position (self);
}

/* Inserts @pos into the ascending list, once. */
static void
insert_cut (GstDrMeter * self, guint64 pos)
{
  guint i = 0;

  while (i < self->cuts->len && g_array_index (self->cuts, guint64, i) < pos)
    i++;
  if (i < self->cuts->len && g_array_index (self->cuts, guint64, i) == pos)
    return;
  g_array_insert_val (self->cuts, i, pos);
}

/* At each position reached: the track ends there (final message, the album
 * goes on), or the part that was being skipped ends; either way the next
 * track starts with the next frame. */
static void
reach_cuts (GstDrMeter * self, const Settings * settings)
{
  while (self->cuts->len > 0
      && g_array_index (self->cuts, guint64, 0) <= self->stream_pos) {
    g_array_remove_index (self->cuts, 0);
    if (self->skipping) {
      GST_DEBUG_OBJECT (self, "skipped up to frame %" G_GUINT64_FORMAT,
          self->stream_pos);
      self->skipping = FALSE;
      rebase_position (self);
      schedule_restart (self, settings->interval);
    } else {
      GST_DEBUG_OBJECT (self, "track ends at frame %" G_GUINT64_FORMAT,
          self->stream_pos);
      finish_track (self, settings);
    }
  }
}

/* Positions the stream has already passed cannot be honoured: a warning
 * says so, rather than a track ending at some other frame. */
static void
drop_passed_cuts (GstDrMeter * self)
{
  guint n = 0;
  guint64 first = 0;

  while (n < self->cuts->len
      && g_array_index (self->cuts, guint64, n) < self->stream_pos)
    n++;
  if (n == 0)
    return;
  first = g_array_index (self->cuts, guint64, 0);
  g_array_remove_range (self->cuts, 0, n);
  if (self->cuts->len == 0)
    clear_cuts (self);
  GST_ELEMENT_WARNING (self, STREAM, FAILED,
      ("Cannot end a track at a position already passed"),
      ("%u position(s) from frame %" G_GUINT64_FORMAT " are before the "
          "current frame %" G_GUINT64_FORMAT ": ignored", n, first,
          self->stream_pos));
}

/* One position from an integer GValue of any width; FALSE if it is not a
 * non-negative integer. */
static gboolean
frame_of_value (const GValue * v, guint64 * frame)
{
  if (G_VALUE_HOLDS_UINT64 (v))
    *frame = g_value_get_uint64 (v);
  else if (G_VALUE_HOLDS_INT64 (v) && g_value_get_int64 (v) >= 0)
    *frame = (guint64) g_value_get_int64 (v);
  else if (G_VALUE_HOLDS_UINT (v))
    *frame = g_value_get_uint (v);
  else if (G_VALUE_HOLDS_INT (v) && g_value_get_int (v) >= 0)
    *frame = (guint64) g_value_get_int (v);
  else
    return FALSE;
  return TRUE;
}

/* A "drmeter-split" event: "frames", the stream positions (one integer or
 * an array of them) at which the track ends and the next begins; with
 * "discard-first", the unfinished track is dropped and nothing is measured
 * up to the next position (audio that belongs to no track). */
static void
handle_split (GstDrMeter * self, const GstStructure * s)
{
  Settings settings = sync_settings (self);
  const GValue *frames = gst_structure_get_value (s,
      GST_DRMETER_SPLIT_FIELD_FRAMES);
  gboolean discard_first = FALSE;
  guint n, i;

  n = frames && GST_VALUE_HOLDS_ARRAY (frames) ?
      gst_value_array_get_size (frames) : frames ? 1 : 0;
  for (i = 0; i < n; i++) {
    const GValue *v = GST_VALUE_HOLDS_ARRAY (frames) ?
        gst_value_array_get_value (frames, i) : frames;
    guint64 frame;

    if (!frame_of_value (v, &frame)) {
      GST_ELEMENT_WARNING (self, STREAM, FORMAT,
          ("Malformed \"drmeter-split\" event"),
          ("\"frames\" must hold non-negative integers: %" GST_PTR_FORMAT,
              s));
      return;
    }
  }
  if (n == 0) {
    GST_ELEMENT_WARNING (self, STREAM, FORMAT,
        ("Malformed \"drmeter-split\" event"),
        ("no \"frames\" field: %" GST_PTR_FORMAT, s));
    return;
  }

  GST_DEBUG_OBJECT (self, "split at %" GST_PTR_FORMAT, s);
  gst_structure_get_boolean (s, GST_DRMETER_SPLIT_FIELD_DISCARD_FIRST,
      &discard_first);
  if (discard_first) {
    /* the dropped frames keep their place in the timeline */
    self->skipped += track_frames (self);
    discard_track (self, &settings);
    self->skipping = TRUE;
  }
  for (i = 0; i < n; i++) {
    const GValue *v = GST_VALUE_HOLDS_ARRAY (frames) ?
        gst_value_array_get_value (frames, i) : frames;
    guint64 frame = 0;

    frame_of_value (v, &frame);
    insert_cut (self, frame);
  }
  if (!self->pos_from_pts) {
    drop_passed_cuts (self);
    reach_cuts (self, &settings);
  }
}


/* ---- GstBaseTransform ---- */

static void
clear_stream (GstDrMeter * self)
{
  drm_meter_free (self->meter);
  self->meter = NULL;
  self->windows_on = FALSE;
  self->recent_on = 0;
  self->rate = 0;
  self->channels = 0;
  self->format = GST_AUDIO_FORMAT_UNKNOWN;
  g_clear_pointer (&self->stream_id, g_free);
  self->anchor_ts = GST_CLOCK_TIME_NONE;
  self->anchor_frame = 0;
  self->skipped = 0;
  self->schedule_interval = 0;
  self->schedule_done = 0;
  self->schedule_base = 0;
  self->next_report = G_MAXUINT64;
  clear_cuts (self);
  self->stream_pos = 0;
  self->pos_from_pts = FALSE;
  self->stream_told = FALSE;
}

/* End of stream without a single sample measured (no caps came, or no
 * buffer with samples): no result to post, so a warning says why rather
 * than nothing at all (a capsfilter upstream that the decoder cannot
 * satisfy ends so). Its details structure has "drmeter-no-samples" TRUE,
 * and "caps" TRUE when caps were negotiated. Once per stream. */
static void
warn_no_samples (GstDrMeter * self)
{
  if (self->stream_told)
    return;
  self->stream_told = TRUE;
  GST_ELEMENT_WARNING_WITH_DETAILS (self, STREAM, FAILED,
      ("No audio samples reached the element: nothing was measured."),
      ("end of stream %s", self->meter ? "after caps but no sample" :
          "before caps (did upstream fail to negotiate or link?)"),
      (GST_DRMETER_NO_SAMPLES_FIELD, G_TYPE_BOOLEAN, TRUE,
          GST_DRMETER_NO_SAMPLES_FIELD_CAPS, G_TYPE_BOOLEAN,
          self->meter != NULL, NULL));
}

static gboolean
gst_drmeter_start (GstBaseTransform * trans)
{
  clear_stream (GST_DRMETER (trans));
  return TRUE;
}

/* Stopping without EOS drops the unfinished track; the album stays. */
static gboolean
gst_drmeter_stop (GstBaseTransform * trans)
{
  clear_stream (GST_DRMETER (trans));
  return TRUE;
}

/* New caps. Another format, rate or channel count ends the track; a new
 * layout or the same caps again do not. */
static gboolean
gst_drmeter_setup (GstAudioFilter * filter, const GstAudioInfo * info)
{
  GstDrMeter *self = GST_DRMETER (filter);
  GstAudioFormat format = GST_AUDIO_INFO_FORMAT (info);
  guint rate = GST_AUDIO_INFO_RATE (info);
  guint channels = GST_AUDIO_INFO_CHANNELS (info);
  DrmFormat drm_format;
  Settings settings = sync_settings (self);
  gboolean new_track = !self->meter || format != self->format
      || rate != self->rate || channels != self->channels;

  if (!gst_drmeter_engine_format (format, &drm_format)
      || channels < 1 || channels > DRM_MAX_CHANNELS || rate < 1) {
    GST_ERROR_OBJECT (self, "unsupported format %s, %u Hz, %u channels",
        gst_audio_format_to_string (format), rate, channels);
    return FALSE;
  }

  if (self->meter && new_track) {
    GST_DEBUG_OBJECT (self, "format change: ending the track");
    finish_track (self, &settings);
    if (rate != self->rate || channels != self->channels) {
      drm_meter_free (self->meter);
      self->meter = NULL;
      self->windows_on = FALSE;
      self->recent_on = 0;
    }
  }

  if (!self->meter) {
    int err = DRM_OK;

    self->meter = drm_meter_new (rate, channels,
        settings.reference_order ? DRM_FLAG_SEQUENTIAL : 0, &err);
    self->meter_sequential = settings.reference_order;
    if (!self->meter) {
      GST_ERROR_OBJECT (self, "cannot create a meter: %s",
          drm_error_string (err));
      return FALSE;
    }
  }

  sync_meter_options (self, &settings);
  self->format = format;
  self->drm_format = drm_format;
  self->rate = rate;
  self->channels = channels;
  self->planar = GST_AUDIO_INFO_LAYOUT (info) ==
      GST_AUDIO_LAYOUT_NON_INTERLEAVED;
  self->sample_size = GST_AUDIO_INFO_WIDTH (info) / 8;
  self->bpf = GST_AUDIO_INFO_BPF (info);
  for (guint c = 0; c < channels; c++)
    self->positions[c] = GST_AUDIO_INFO_POSITION (info, c);
  /* A new track's schedule counts frames at its own rate; the same caps
   * again (a renegotiation) leave the schedule alone. */
  if (new_track)
    schedule_restart (self, settings.interval);

  GST_DEBUG_OBJECT (self, "measuring %s %s, %u Hz, %u channels",
      gst_audio_format_to_string (format),
      self->planar ? "non-interleaved" : "interleaved", rate, channels);
  return TRUE;
}

static gboolean
gst_drmeter_sink_event (GstBaseTransform * trans, GstEvent * event)
{
  GstDrMeter *self = GST_DRMETER (trans);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_FLUSH_STOP:{
      Settings settings = sync_settings (self);

      /* A flushing seek: the track starts afresh from the next buffer. */
      GST_DEBUG_OBJECT (self, "flush: discarding %" G_GUINT64_FORMAT
          " frames of the unfinished track", track_frames (self));
      discard_track (self, &settings);
      self->anchor_ts = GST_CLOCK_TIME_NONE;
      self->anchor_frame = 0;
      self->skipped = 0;
      /* Positions not reached are forgotten; the count resumes from the
       * next timestamp. */
      clear_cuts (self);
      self->pos_from_pts = TRUE;
      self->stream_told = FALSE;
      break;
    }
    case GST_EVENT_STREAM_START:{
      Settings settings = sync_settings (self);
      const gchar *id = NULL;

      gst_event_parse_stream_start (event, &id);
      if (g_strcmp0 (id, self->stream_id) != 0) {
        GST_DEBUG_OBJECT (self, "new stream %s", GST_STR_NULL (id));
        finish_track (self, &settings);
        g_free (self->stream_id);
        self->stream_id = g_strdup (id);
        self->stream_told = FALSE;
        clear_cuts (self);
        self->stream_pos = 0;
        self->pos_from_pts = FALSE;
      }
      break;
    }
    case GST_EVENT_EOS:{
      Settings settings = sync_settings (self);

      finish_track (self, &settings);
      warn_no_samples (self);
      if (self->cuts->len > 0)
        GST_DEBUG_OBJECT (self, "%u position(s) past the end of the stream "
            "(%" G_GUINT64_FORMAT " frames)", self->cuts->len,
            self->stream_pos);
      clear_cuts (self);
      break;
    }
    case GST_EVENT_CUSTOM_DOWNSTREAM:
      if (gst_event_has_name (event, GST_DRMETER_SPLIT_EVENT_NAME))
        handle_split (self, gst_event_get_structure (event));
      break;
    default:
      break;
  }

  return GST_BASE_TRANSFORM_CLASS (parent_class)->sink_event (trans, event);
}

/* Counts the frames in @buf (of @size bytes) and finds each plane's byte
 * offset (one plane when interleaved); -1 for a buffer that does not hold
 * what its meta says. */
static gssize
locate_samples (GstDrMeter * self, GstBuffer * buf, gsize size,
    gsize * offsets)
{
  GstAudioMeta *meta = gst_buffer_get_audio_meta (buf);
  gsize frames = meta ? meta->samples : size / self->bpf;

  if (meta && (GST_AUDIO_INFO_CHANNELS (&meta->info) != (gint) self->channels
          || GST_AUDIO_INFO_FORMAT (&meta->info) != self->format))
    return -1;
  if (!self->planar) {
    if (frames > size / self->bpf)
      return -1;
    offsets[0] = 0;
    return (gssize) frames;
  }

  for (guint c = 0; c < self->channels; c++) {
    gsize offset = meta && meta->offsets ? meta->offsets[c] :
        c * frames * self->sample_size;

    if (offset > size || frames > (size - offset) / self->sample_size)
      return -1;
    offsets[c] = offset;
  }
  return (gssize) frames;
}

static int
measure (GstDrMeter * self, gsize frames)
{
  if (!self->planar)
    return drm_meter_add_interleaved (self->meter, self->drm_format,
        self->planes[0], frames);
  return drm_meter_add_planar (self->meter, self->drm_format, self->planes,
      frames);
}

static void
advance_planes (GstDrMeter * self, gsize frames)
{
  if (!self->planar) {
    self->planes[0] = (const guint8 *) self->planes[0] + frames * self->bpf;
    return;
  }
  for (guint c = 0; c < self->channels; c++)
    self->planes[c] = (const guint8 *) self->planes[c] +
        frames * self->sample_size;
}

/* Measures @n frames at self->planes, cut at report boundaries and at
 * track ends so that neither depends on buffer sizes. Returns a DrmError. */
static int
measure_span (GstDrMeter * self, const Settings * settings, gsize n)
{
  gsize done = 0;

  while (done < n) {
    guint64 frames = drm_meter_get_frames (self->meter);
    gsize take = n - done;
    int err;

    if (self->cuts->len > 0) {
      guint64 to_cut = g_array_index (self->cuts, guint64, 0) -
          self->stream_pos;

      if (to_cut < take)
        take = (gsize) to_cut;
    }
    if (self->skipping) {
      self->skipped += take;
    } else {
      if (self->next_report - frames < take)
        take = (gsize) (self->next_report - frames);
      err = measure (self, take);
      if (G_UNLIKELY (err != DRM_OK))
        return err;
    }
    advance_planes (self, take);
    done += take;
    self->stream_pos += take;

    if (!self->skipping && frames + take == self->next_report) {
      if (settings->post_messages)
        interim_report (self, settings);
      self->schedule_done++;
      schedule_next (self);
    }
    if (G_UNLIKELY (self->cuts->len > 0))
      reach_cuts (self, settings);
  }
  return DRM_OK;
}

/* A buffer of several memories (from an adapter, say). gst_buffer_map()
 * would merge them, allocating and copying, and replace the buffer's
 * memories: instead each plane is read from the memories it lies in, in
 * runs of frames that every plane has in one memory. A unit (a frame when
 * interleaved, a sample per plane otherwise) cut by a memory boundary is
 * copied whole into self->straddle and measured alone. */
static int
measure_memories (GstDrMeter * self, const Settings * settings,
    GstBuffer * buf, const gsize * offsets, gsize frames)
{
  guint n_planes = self->planar ? self->channels : 1;
  gsize unit = self->planar ? self->sample_size : self->bpf;
  gsize f = 0;
  int err = DRM_OK;

  while (f < frames && err == DRM_OK) {
    gsize run = frames - f;
    guint64 mapped = 0;

    for (guint c = 0; c < n_planes && err == DRM_OK; c++) {
      gsize pos = offsets[c] + f * unit, skip, avail;
      guint idx, len;

      if (!gst_buffer_find_memory (buf, pos, unit, &idx, &len, &skip)) {
        err = DRM_ERROR_INVALID_ARGUMENT;
      } else if (len > 1) {
        guint8 *copy = self->straddle + (self->planar ? c * 8 : 0);

        gst_buffer_extract (buf, pos, copy, unit);
        self->planes[c] = copy;
        run = 1;
      } else if (gst_memory_map (gst_buffer_peek_memory (buf, idx),
              &self->plane_maps[c], GST_MAP_READ)) {
        mapped |= G_GUINT64_CONSTANT (1) << c;
        self->planes[c] = self->plane_maps[c].data + skip;
        avail = (self->plane_maps[c].size - skip) / unit;
        run = MIN (run, avail);
      } else {
        err = DRM_ERROR_INVALID_ARGUMENT;
      }
    }
    if (err == DRM_OK)
      err = measure_span (self, settings, run);
    for (guint c = 0; c < n_planes; c++)
      if (mapped & (G_GUINT64_CONSTANT (1) << c))
        gst_memory_unmap (self->plane_maps[c].memory, &self->plane_maps[c]);
    f += run;
  }
  return err;
}

/* After a flush: the stream position of the buffer's first frame is its
 * timestamp's, rounded to the nearest frame. */
static void
resync_stream_pos (GstDrMeter * self, const Settings * settings,
    GstBuffer * buf)
{
  self->pos_from_pts = FALSE;
  if (GST_BUFFER_PTS_IS_VALID (buf))
    self->stream_pos = gst_util_uint64_scale_round (GST_BUFFER_PTS (buf),
        self->rate, GST_SECOND);
  drop_passed_cuts (self);
  reach_cuts (self, settings);
}

/* Reads the buffer, never writes it: passthrough. */
static GstFlowReturn
gst_drmeter_transform_ip (GstBaseTransform * trans, GstBuffer * buf)
{
  GstDrMeter *self = GST_DRMETER (trans);
  gsize offsets[DRM_MAX_CHANNELS];
  GstMapInfo map;
  Settings settings;
  gssize n;
  int err;

  if (G_UNLIKELY (!self->meter))
    return GST_FLOW_NOT_NEGOTIATED;

  settings = sync_settings (self);
  match_meter_order (self, &settings);
  if (G_UNLIKELY (self->pos_from_pts))
    resync_stream_pos (self, &settings, buf);

  if (gst_buffer_n_memory (buf) > 1) {
    n = locate_samples (self, buf, gst_buffer_get_size (buf), offsets);
    if (n < 0)
      goto bad_layout;
    follow_timestamp (self, buf);
    sync_meter_options (self, &settings);
    err = measure_memories (self, &settings, buf, offsets, (gsize) n);
  } else {
    if (!gst_buffer_map (buf, &map, GST_MAP_READ)) {
      GST_ELEMENT_ERROR (self, RESOURCE, READ, (NULL),
          ("cannot map the buffer for reading"));
      return GST_FLOW_ERROR;
    }
    n = locate_samples (self, buf, map.size, offsets);
    if (n < 0) {
      gst_buffer_unmap (buf, &map);
      goto bad_layout;
    }
    for (guint c = 0; c < (self->planar ? self->channels : 1); c++)
      self->planes[c] = map.data + offsets[c];
    follow_timestamp (self, buf);
    sync_meter_options (self, &settings);
    err = measure_span (self, &settings, (gsize) n);
    gst_buffer_unmap (buf, &map);
  }
  if (G_UNLIKELY (err != DRM_OK))
    goto failed;
  return GST_FLOW_OK;

bad_layout:
  GST_ELEMENT_ERROR (self, STREAM, FORMAT, (NULL),
      ("buffer of %" G_GSIZE_FORMAT " bytes does not hold its samples",
          gst_buffer_get_size (buf)));
  return GST_FLOW_ERROR;

failed:
  GST_ELEMENT_ERROR (self, STREAM, FAILED, (NULL),
      ("measurement failed: %s", drm_error_string (err)));
  return GST_FLOW_ERROR;
}
