/* gst-drmeter: a decoder that produces samples for ever.
 *
 * Such a decoder never stalls, so the stall watchdog (supervisor.c) never
 * ends it, and a decoder that ignores what downstream answers cannot be
 * stopped from inside its process. The worker (worker.c) asks here, while
 * the file is measured, whether the stream has gone past what its file can
 * hold; if so it reports the file and ends its own process.
 *
 * The limit must never be reached by a real file:
 *   - whatever the stream says, no codec decodes more than
 *     DRMT_RUNAWAY_FRAMES_PER_BYTE frames per byte of its file (a bound
 *     about 40 times the densest any format allows);
 *   - a stream that declares its length (a container's duration, or a
 *     parser's estimate, which follows the bytes it has read) may decode
 *     twice that and DRMT_RUNAWAY_MARGIN_SECONDS more.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/audio/audio.h>
#include "runaway.h"

struct _DrmtRunaway {
  GstElement *pipeline;         /* not owned */
  guint64 size;
  gsize frames;                 /* atomic */
  gint rate;                    /* atomic */
  guint bpf;                    /* streaming thread */
};

guint64
drmt_runaway_limit (guint64 size, GstClockTime declared, gint rate)
{
  guint64 limit = G_MAXUINT64;

  if (size <= G_MAXUINT64 / DRMT_RUNAWAY_FRAMES_PER_BYTE)
    limit = MAX (size, 1) * DRMT_RUNAWAY_FRAMES_PER_BYTE;
  if (GST_CLOCK_TIME_IS_VALID (declared) && rate > 0
      && declared < G_MAXUINT64 / 4) {
    guint64 frames = gst_util_uint64_scale (2 * declared
        + DRMT_RUNAWAY_MARGIN_SECONDS * GST_SECOND, rate, GST_SECOND);

    limit = MIN (limit, frames);
  }
  return limit;
}

static GstPadProbeReturn
on_data (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  DrmtRunaway *r = user_data;

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
    GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
    GstCaps *caps;
    GstAudioInfo ai;

    if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS) {
      gst_event_parse_caps (event, &caps);
      if (gst_audio_info_from_caps (&ai, caps)) {
        r->bpf = GST_AUDIO_INFO_BPF (&ai);
        g_atomic_int_set (&r->rate, GST_AUDIO_INFO_RATE (&ai));
      }
    }
  } else if (r->bpf > 0) {
    GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
    GstAudioMeta *meta = gst_buffer_get_audio_meta (buf);
    guint64 n = meta ? meta->samples : gst_buffer_get_size (buf) / r->bpf;

    /* one writer (the streaming thread), read by the main loop */
    g_atomic_pointer_set (&r->frames,
        (gsize) g_atomic_pointer_get (&r->frames) + n);
  }
  return GST_PAD_PROBE_OK;
}

DrmtRunaway *
drmt_runaway_attach (GstPad * pad, GstElement * pipeline, guint64 size)
{
  DrmtRunaway *r = g_new0 (DrmtRunaway, 1);

  r->pipeline = pipeline;
  r->size = size;
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_data, r, NULL);
  return r;
}

gchar *
drmt_runaway_check (DrmtRunaway * r)
{
  guint64 frames = (gsize) g_atomic_pointer_get (&r->frames);
  gint rate = g_atomic_int_get (&r->rate);
  gint64 declared = -1;
  guint64 limit;

  if (rate <= 0)
    return NULL;
  /* asked each time: a parser's estimate improves as it reads */
  if (!gst_element_query_duration (r->pipeline, GST_FORMAT_TIME, &declared)
      || declared <= 0)
    declared = -1;
  limit = drmt_runaway_limit (r->size, declared < 0 ? GST_CLOCK_TIME_NONE :
      (GstClockTime) declared, rate);
  if (frames <= limit)
    return NULL;
  if (declared >= 0 && limit < drmt_runaway_limit (r->size,
          GST_CLOCK_TIME_NONE, rate))
    return g_strdup_printf ("decoder runaway (%" G_GUINT64_FORMAT " s of "
        "audio decoded where the file declares %.1f s)", frames / rate,
        (gdouble) declared / GST_SECOND);
  return g_strdup_printf ("decoder runaway (%" G_GUINT64_FORMAT " frames "
      "decoded from a file of %" G_GUINT64_FORMAT " bytes, more than %"
      G_GUINT64_FORMAT " per byte)", frames, r->size,
      DRMT_RUNAWAY_FRAMES_PER_BYTE);
}

void
drmt_runaway_free (DrmtRunaway * r)
{
  g_free (r);
}
