/* gst-drmeter tests: a GStreamer plugin whose decoder misbehaves on
 * purpose, so that the scanner's isolation of each file can be tested with
 * decoders that crash, hang or spin (test-scanner-isolation.sh).
 *
 * A file that starts with "DRMTTEST <mode>" is typefound as
 * audio/x-drmt-misbehave and decoded by "drmtmisbehave", which on its
 * first buffer:
 *   good   decodes to one second of a 1 kHz sine (S16LE, stereo, 44.1 kHz)
 *   crash  dies of SIGSEGV
 *   abort  dies of SIGABRT (as g_error and failed assertions do)
 *   hang   blocks for ever (a deadlocked decoder)
 *   spin   pushes empty buffers for ever at full speed (as GStreamer
 *          1.22's wavparse does on some cut WAV headers)
 *   runaway  pushes valid audio (the sine, timestamps going on) for ever
 *          at full speed, whatever downstream answers: it never stalls
 *   slow   decodes 60 s of the sine, a second every 100 ms (a decoder
 *          that reads from a slow share: it takes 6 s, never stalling)
 *   partcrash N
 *          decodes 150 s of a tone whose loudness changes every second,
 *          seekable and with a duration, so that a scanner can probe it
 *          and cut it into parts; after a seek (a part that does not
 *          start at the beginning) it dies of SIGSEGV on reaching frame
 *          N, without one (a one-pass scan, the first part) it decodes
 *          to the end
 * The other modes declare a length of one second (a duration query).
 * Never installed; only the tests put it in the plugin path.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define PACKAGE "gst-drmeter-tests"
#include <math.h>
#include <signal.h>
#include <string.h>
#include <gst/gst.h>

#define MAGIC "DRMTTEST "
#define RATE 44100
/* partcrash: its length, and the frames of each buffer */
#define LONG_FRAMES (150 * RATE)
#define LONG_BUFFER 4096

typedef struct {
  GstElement parent;
  GstPad *sinkpad, *srcpad;
  /* partcrash, under the source pad's stream lock */
  gboolean long_mode;
  guint64 crash_at;
  guint64 pos;                  /* the next frame to push */
  gboolean seeked;
  gboolean started;             /* stream-start and caps went out */
  gboolean need_segment;
} DrmtMisbehave;

typedef struct {
  GstElementClass parent_class;
} DrmtMisbehaveClass;

GType drmt_misbehave_get_type (void);
G_DEFINE_TYPE (DrmtMisbehave, drmt_misbehave, GST_TYPE_ELEMENT);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("audio/x-drmt-misbehave"));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("audio/x-raw, format=S16LE, layout=interleaved, "
        "rate=44100, channels=2, channel-mask=(bitmask)0x3"));

static void
start_stream (DrmtMisbehave * self)
{
  GstSegment seg;
  GstCaps *caps = gst_static_pad_template_get_caps (&src_template);

  gst_pad_push_event (self->srcpad, gst_event_new_stream_start ("drmt"));
  gst_pad_push_event (self->srcpad, gst_event_new_caps (caps));
  gst_caps_unref (caps);
  gst_segment_init (&seg, GST_FORMAT_TIME);
  gst_pad_push_event (self->srcpad, gst_event_new_segment (&seg));
}

static GstFlowReturn
push_sine (DrmtMisbehave * self, GstClockTime pts)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, RATE * 4, NULL);
  GstMapInfo map;
  gint16 *s;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  s = (gint16 *) map.data;
  for (guint i = 0; i < RATE; i++)
    s[2 * i] = s[2 * i + 1] = (gint16) (16000 * sin (2 * G_PI * 1000 * i /
            RATE));
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = GST_SECOND;
  return gst_pad_push (self->srcpad, buf);
}

/* ---- partcrash: a long, seekable stream from a task ---- */

/* A tone of 440 Hz whose level changes every second: windows of
 * different loudness, the same samples whatever the seeks. */
static gint16
long_sample (guint64 frame)
{
  guint64 second = frame / RATE;
  gdouble level = 0.05 + 0.9 * ((second * 2654435761u) % 97) / 96.0;

  return (gint16) (32000 * level * sin (2 * G_PI * 440 * (gdouble) frame /
          RATE));
}

static void
long_loop (gpointer user_data)
{
  DrmtMisbehave *self = user_data;
  guint64 n = MIN (LONG_BUFFER, LONG_FRAMES - self->pos);
  GstBuffer *buf;
  GstMapInfo map;
  GstFlowReturn ret;

  if (!self->started) {
    GstCaps *caps = gst_static_pad_template_get_caps (&src_template);

    gst_pad_push_event (self->srcpad, gst_event_new_stream_start ("drmt"));
    gst_pad_push_event (self->srcpad, gst_event_new_caps (caps));
    gst_caps_unref (caps);
    self->started = TRUE;
  }
  if (self->need_segment) {
    GstSegment seg;

    gst_segment_init (&seg, GST_FORMAT_TIME);
    seg.start = seg.time = seg.position =
        gst_util_uint64_scale (self->pos, GST_SECOND, RATE);
    seg.duration = gst_util_uint64_scale (LONG_FRAMES, GST_SECOND, RATE);
    gst_pad_push_event (self->srcpad, gst_event_new_segment (&seg));
    self->need_segment = FALSE;
  }
  if (n == 0) {
    gst_pad_push_event (self->srcpad, gst_event_new_eos ());
    gst_pad_pause_task (self->srcpad);
    return;
  }
  if (self->seeked && self->pos + n > self->crash_at) {
    signal (SIGSEGV, SIG_DFL);  /* not a sanitizer's report */
    raise (SIGSEGV);
  }
  buf = gst_buffer_new_allocate (NULL, n * 4, NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (guint64 i = 0; i < n; i++)
    ((gint16 *) map.data)[2 * i] = ((gint16 *) map.data)[2 * i + 1] =
        long_sample (self->pos + i);
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = gst_util_uint64_scale (self->pos, GST_SECOND, RATE);
  GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (self->pos + n,
      GST_SECOND, RATE) - GST_BUFFER_PTS (buf);
  self->pos += n;
  ret = gst_pad_push (self->srcpad, buf);
  if (ret != GST_FLOW_OK)
    gst_pad_pause_task (self->srcpad);
}

/* A flushing seek in time: the task starts again at the frame asked. */
static gboolean
long_seek (DrmtMisbehave * self, GstEvent * event)
{
  GstFormat format;
  GstSeekFlags flags;
  GstSeekType start_type, stop_type;
  gint64 start, stop;
  gdouble rate;

  gst_event_parse_seek (event, &rate, &format, &flags, &start_type, &start,
      &stop_type, &stop);
  if (format != GST_FORMAT_TIME || !(flags & GST_SEEK_FLAG_FLUSH)
      || start_type != GST_SEEK_TYPE_SET || start < 0 || rate != 1.0)
    return FALSE;
  gst_pad_push_event (self->srcpad, gst_event_new_flush_start ());
  gst_pad_pause_task (self->srcpad);
  gst_pad_push_event (self->srcpad, gst_event_new_flush_stop (TRUE));
  GST_PAD_STREAM_LOCK (self->srcpad);
  self->pos = MIN (LONG_FRAMES, gst_util_uint64_scale_round (start, RATE,
          GST_SECOND));
  self->seeked = TRUE;
  self->need_segment = TRUE;
  GST_PAD_STREAM_UNLOCK (self->srcpad);
  return gst_pad_start_task (self->srcpad, long_loop, self, NULL);
}

static gboolean
src_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  DrmtMisbehave *self = (DrmtMisbehave *) parent;

  if (self->long_mode && GST_EVENT_TYPE (event) == GST_EVENT_SEEK) {
    gboolean ok = long_seek (self, event);

    gst_event_unref (event);
    return ok;
  }
  return gst_pad_event_default (pad, parent, event);
}

static gboolean
src_query (GstPad * pad, GstObject * parent, GstQuery * query)
{
  DrmtMisbehave *self = (DrmtMisbehave *) parent;
  GstClockTime length = gst_util_uint64_scale (LONG_FRAMES, GST_SECOND, RATE);
  GstFormat format;

  /* the other modes: what "good" decodes, as a container would declare */
  if (GST_QUERY_TYPE (query) == GST_QUERY_DURATION) {
    gst_query_parse_duration (query, &format, NULL);
    if (format != GST_FORMAT_TIME)
      return FALSE;
    gst_query_set_duration (query, GST_FORMAT_TIME,
        self->long_mode ? length : GST_SECOND);
    return TRUE;
  }
  if (self->long_mode && GST_QUERY_TYPE (query) == GST_QUERY_SEEKING) {
    gst_query_parse_seeking (query, &format, NULL, NULL, NULL);
    if (format != GST_FORMAT_TIME)
      return FALSE;
    gst_query_set_seeking (query, GST_FORMAT_TIME, TRUE, 0, length);
    return TRUE;
  }
  return gst_pad_query_default (pad, parent, query);
}

/* The task ends with the pad (a pipeline going down). */
static gboolean
src_activate_mode (GstPad * pad, GstObject * parent, GstPadMode mode,
    gboolean active)
{
  return active || mode != GST_PAD_MODE_PUSH || gst_pad_stop_task (pad);
}

static GstFlowReturn
chain (GstPad * pad, GstObject * parent, GstBuffer * in)
{
  DrmtMisbehave *self = (DrmtMisbehave *) parent;
  gchar mode[32] = { 0 };
  GstMapInfo map;

  gst_buffer_map (in, &map, GST_MAP_READ);
  if (map.size > strlen (MAGIC))
    memcpy (mode, map.data + strlen (MAGIC),
        MIN (map.size - strlen (MAGIC), sizeof mode - 1));
  gst_buffer_unmap (in, &map);
  gst_buffer_unref (in);
  g_strdelimit (mode, "\n", '\0');

  if (strcmp (mode, "crash") == 0) {
    signal (SIGSEGV, SIG_DFL);  /* not a sanitizer's report */
    raise (SIGSEGV);
  } else if (strcmp (mode, "abort") == 0) {
    signal (SIGABRT, SIG_DFL);
    raise (SIGABRT);
  } else if (strcmp (mode, "hang") == 0) {
    for (;;)
      g_usleep (G_USEC_PER_SEC);
  } else if (strcmp (mode, "spin") == 0) {
    start_stream (self);
    for (;;)
      gst_pad_push (self->srcpad, gst_buffer_new ());
  } else if (strcmp (mode, "runaway") == 0) {
    start_stream (self);
    for (guint64 s = 0;; s++)
      push_sine (self, s * GST_SECOND);
  } else if (strcmp (mode, "slow") == 0) {
    GstFlowReturn ret = GST_FLOW_OK;

    start_stream (self);
    for (guint s = 0; s < 60 && ret == GST_FLOW_OK; s++) {
      g_usleep (G_USEC_PER_SEC / 10);
      ret = push_sine (self, s * GST_SECOND);
    }
    return ret;
  } else if (g_str_has_prefix (mode, "partcrash ")) {
    GST_PAD_STREAM_LOCK (self->srcpad);
    if (!self->long_mode) {
      self->long_mode = TRUE;
      self->crash_at = g_ascii_strtoull (mode + strlen ("partcrash "),
          NULL, 10);
      self->need_segment = TRUE;
      gst_pad_start_task (self->srcpad, long_loop, self, NULL);
    }
    GST_PAD_STREAM_UNLOCK (self->srcpad);
    return GST_FLOW_OK;
  }
  start_stream (self);
  return push_sine (self, 0);
}

/* The encoded stream's own caps, segment and start stay here: the decoded
 * stream gets its own (start_stream); EOS and the rest go on. */
static gboolean
sink_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  DrmtMisbehave *self = (DrmtMisbehave *) parent;

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_EOS:
      /* partcrash: the task ends its own stream */
      if (!self->long_mode)
        return gst_pad_event_default (pad, parent, event);
      gst_event_unref (event);
      return TRUE;
    case GST_EVENT_CAPS:
    case GST_EVENT_SEGMENT:
    case GST_EVENT_STREAM_START:
      gst_event_unref (event);
      return TRUE;
    default:
      return gst_pad_event_default (pad, parent, event);
  }
}

static void
drmt_misbehave_init (DrmtMisbehave * self)
{
  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad, chain);
  gst_pad_set_event_function (self->sinkpad, sink_event);
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);
  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_use_fixed_caps (self->srcpad);
  gst_pad_set_event_function (self->srcpad, src_event);
  gst_pad_set_query_function (self->srcpad, src_query);
  gst_pad_set_activatemode_function (self->srcpad, src_activate_mode);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);
}

static void
drmt_misbehave_class_init (DrmtMisbehaveClass * klass)
{
  GstElementClass *e = GST_ELEMENT_CLASS (klass);

  gst_element_class_add_static_pad_template (e, &sink_template);
  gst_element_class_add_static_pad_template (e, &src_template);
  gst_element_class_set_static_metadata (e, "Misbehaving test decoder",
      "Codec/Decoder/Audio", "Crashes, hangs or spins on purpose (tests)",
      "gst-drmeter tests");
}

static void
typefind (GstTypeFind * tf, gpointer user_data)
{
  const guint8 *data = gst_type_find_peek (tf, 0, strlen (MAGIC));

  if (data && memcmp (data, MAGIC, strlen (MAGIC)) == 0) {
    GstCaps *caps = gst_caps_new_empty_simple ("audio/x-drmt-misbehave");

    gst_type_find_suggest (tf, GST_TYPE_FIND_MAXIMUM, caps);
    gst_caps_unref (caps);
  }
}

static gboolean
plugin_init (GstPlugin * plugin)
{
  return gst_type_find_register (plugin, "audio/x-drmt-misbehave",
      GST_RANK_PRIMARY, typefind, "drmt", NULL, NULL, NULL)
      && gst_element_register (plugin, "drmtmisbehave", GST_RANK_PRIMARY,
      drmt_misbehave_get_type ());
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, drmtmisbehave,
    "A decoder that misbehaves on purpose (gst-drmeter tests)",
    plugin_init, "0.1", "LGPL", "gst-drmeter", "https://gst-drmeter.invalid")
