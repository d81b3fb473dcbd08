/* gst-drmeter: measuring one window-aligned part of a stream.
 *
 * A pad probe on the meter's sink pad (the samples the one-pass scan
 * measures, after the same decoder and audioconvert) feeds a DrmPart with
 * exactly the frames [first, first + frames). Nothing is trusted: every
 * buffer's position comes from its timestamp and must follow on from the
 * last one exactly, the first one must start at or before the guard frames
 * before the part, and the frames on each side of a cut are hashed so that
 * split.c can check both neighbours decoded the same samples there. Any
 * doubt makes split.c measure the file again in one pass. The buffers it
 * takes are not passed on: nothing behind it needs them measured again.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include <gst/audio/audio.h>
#include "partprobe.h"
#include "drmeter-message.h"

struct _DrmtPartProbe {
  GstPad *pad;
  gulong id;
  GstElement *poster;
  DrmtScanPart part;
  gboolean reference_order;
  gboolean seek;
  guint64 origin;               /* frame of the file at stream time 0 */

  GMutex lock;                  /* everything below */
  gboolean accepting;           /* buffers count (after the seek) */
  gboolean started;             /* a first buffer was taken */
  guint64 next;                 /* position of the next frame expected */
  guint64 decoded_first;        /* position of the first frame delivered */
  gint rate, channels, bpf;
  DrmFormat format;
  DrmPart *measured;
  guint64 head_hash, tail_hash;
  gboolean complete, to_end, posted;
  const gchar *doubt;
};

#define FNV_OFFSET G_GUINT64_CONSTANT (0xcbf29ce484222325)
#define FNV_PRIME G_GUINT64_CONSTANT (0x100000001b3)

static guint64
hash_bytes (guint64 h, const guint8 * p, gsize n)
{
  for (gsize i = 0; i < n; i++)
    h = (h ^ p[i]) * FNV_PRIME;
  return h;
}

static void
doubt (DrmtPartProbe * p, const gchar * why)
{
  if (!p->doubt)
    p->doubt = why;
}

/* The format of the first buffer; later caps changes are a doubt. */
static gboolean
take_format (DrmtPartProbe * p)
{
  GstCaps *caps = gst_pad_get_current_caps (p->pad);
  GstAudioInfo info;
  gboolean ok = caps && gst_audio_info_from_caps (&info, caps)
      && gst_drmeter_engine_format (GST_AUDIO_INFO_FORMAT (&info), &p->format)
      && GST_AUDIO_INFO_LAYOUT (&info) == GST_AUDIO_LAYOUT_INTERLEAVED
      && GST_AUDIO_INFO_RATE (&info) > 0;

  if (caps)
    gst_caps_unref (caps);
  if (!ok) {
    doubt (p, "a format the part cannot measure");
    return FALSE;
  }
  p->rate = GST_AUDIO_INFO_RATE (&info);
  p->channels = GST_AUDIO_INFO_CHANNELS (&info);
  p->bpf = GST_AUDIO_INFO_BPF (&info);
  p->measured = drm_part_new (p->rate, p->channels, p->reference_order ?
      DRM_FLAG_SEQUENTIAL : DRM_FLAG_NONE, p->part.first, NULL);
  if (!p->measured) {
    doubt (p, "the part does not start on a window boundary");
    return FALSE;
  }
  return TRUE;
}

static guint64
part_end (const DrmtPartProbe * p)
{
  return p->part.frames ? p->part.first + p->part.frames : G_MAXUINT64;
}

/* Folds frames [pos, pos + n) of @data in. */
static void
take_frames (DrmtPartProbe * p, const guint8 * data, guint64 pos, guint64 n)
{
  guint64 first = p->part.first, end = part_end (p);
  guint64 guard = first > DRMT_PART_GUARD_FRAMES ?
      first - DRMT_PART_GUARD_FRAMES : 0;
  guint64 a, b;

  /* the guard frames before the part */
  a = MAX (pos, guard);
  b = MIN (pos + n, first);
  if (a < b)
    p->head_hash = hash_bytes (p->head_hash, data + (a - pos) * p->bpf,
        (b - a) * p->bpf);
  /* the part's own frames */
  a = MAX (pos, first);
  b = MIN (pos + n, end);
  if (a < b && drm_part_add_interleaved (p->measured, p->format,
          data + (a - pos) * p->bpf, b - a) != DRM_OK)
    doubt (p, "the engine refused the samples");
  /* its last guard frames */
  if (end != G_MAXUINT64) {
    a = MAX (pos, MAX (first, end > DRMT_PART_GUARD_FRAMES ?
            end - DRMT_PART_GUARD_FRAMES : 0));
    b = MIN (pos + n, end);
    if (a < b)
      p->tail_hash = hash_bytes (p->tail_hash, data + (a - pos) * p->bpf,
          (b - a) * p->bpf);
  }
}

static void
post_done (DrmtPartProbe * p)
{
  if (p->posted)
    return;
  p->posted = TRUE;
  gst_element_post_message (p->poster,
      gst_message_new_application (GST_OBJECT (p->poster),
          gst_structure_new_empty (DRMT_PART_DONE_MESSAGE)));
}

static GstPadProbeReturn
on_data (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  DrmtPartProbe *p = user_data;
  gboolean done = FALSE, taken = FALSE;
  GstBuffer *buf;
  GstMapInfo map;
  guint64 pos, n;

  g_mutex_lock (&p->lock);
  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
    GstEvent *ev = GST_PAD_PROBE_INFO_EVENT (info);

    if (GST_EVENT_TYPE (ev) == GST_EVENT_FLUSH_STOP && p->seek
        && !p->started)
      p->accepting = TRUE;
    else if (GST_EVENT_TYPE (ev) == GST_EVENT_CAPS && p->started)
      doubt (p, "the format changed");
    g_mutex_unlock (&p->lock);
    return GST_PAD_PROBE_OK;
  }
  buf = GST_PAD_PROBE_INFO_BUFFER (info);
  /* Buffers not measured still pass: before the seek the sink must
   * preroll (the seek waits for it), and once the part is done a paused
   * sink that holds one stops the decoder. The meter posts nothing. */
  if (p->complete || p->doubt || !p->accepting) {
    g_mutex_unlock (&p->lock);
    return GST_PAD_PROBE_OK;
  }
  if (!p->started && !take_format (p)) {
    p->started = TRUE;
    goto out;
  }
  if (!GST_BUFFER_PTS_IS_VALID (buf)) {
    doubt (p, "a buffer without a timestamp");
    goto out;
  }
  if (!gst_buffer_map (buf, &map, GST_MAP_READ)) {
    doubt (p, "a buffer that cannot be read");
    goto out;
  }
  n = map.size / p->bpf;
  if (!p->started) {
    /* The first buffer after a seek is clipped to the seek position: its
     * start is rounded, its end is the decoder's own. */
    GstClockTime end = GST_BUFFER_PTS (buf) +
        (GST_BUFFER_DURATION_IS_VALID (buf) ? GST_BUFFER_DURATION (buf) : 0);

    p->started = TRUE;
    pos = p->seek && GST_BUFFER_DURATION_IS_VALID (buf) ?
        gst_util_uint64_scale_round (end, p->rate, GST_SECOND) - n :
        gst_util_uint64_scale_round (GST_BUFFER_PTS (buf), p->rate,
        GST_SECOND);
    pos += p->origin;
    p->decoded_first = pos;
    if (pos > (p->part.first > DRMT_PART_GUARD_FRAMES ?
            p->part.first - DRMT_PART_GUARD_FRAMES : 0))
      doubt (p, "the decoder started after the part's guard frames");
  } else {
    pos = p->origin + gst_util_uint64_scale_round (GST_BUFFER_PTS (buf),
        p->rate, GST_SECOND);
    if (pos != p->next || GST_BUFFER_IS_DISCONT (buf))
      doubt (p, "a buffer that does not follow on from the one before");
  }
  if (n * p->bpf != map.size)
    doubt (p, "a buffer of partial frames");
  if (!p->doubt) {
    take_frames (p, map.data, pos, n);
    taken = TRUE;
  }
  gst_buffer_unmap (buf, &map);
  p->next = pos + n;
  if (p->next >= part_end (p)) {
    p->complete = TRUE;
    done = TRUE;
  }

out:
  if (p->doubt)
    done = TRUE;
  if (done)
    post_done (p);
  g_mutex_unlock (&p->lock);
  /* A buffer the part took goes no further: the part's result is its
   * DrmPart, and the element behind would only measure the same samples a
   * second time (3 % of the CPU of a split FLAC file). */
  return taken ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

DrmtPartProbe *
drmt_part_probe_attach (GstPad * pad, const DrmtScanPart * part,
    gboolean seek, guint64 origin, gboolean reference_order,
    GstElement * poster)
{
  DrmtPartProbe *p = g_new0 (DrmtPartProbe, 1);

  g_mutex_init (&p->lock);
  p->pad = gst_object_ref (pad);
  p->poster = gst_object_ref (poster);
  p->part = *part;
  p->reference_order = reference_order;
  p->seek = seek;
  p->origin = origin;
  /* without a seek the stream is the part's from its first buffer */
  p->accepting = !seek;
  p->head_hash = p->tail_hash = FNV_OFFSET;
  p->id = gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_EVENT_FLUSH,
      on_data, p, NULL);
  return p;
}

void
drmt_part_probe_eos (DrmtPartProbe * p)
{
  g_mutex_lock (&p->lock);
  if (!p->complete && !p->doubt) {
    if (p->part.frames == 0 && p->started)
      p->complete = p->to_end = TRUE;
    else
      doubt (p, "the stream ended before the part's last frame");
  }
  g_mutex_unlock (&p->lock);
}

DrmPart *
drmt_part_probe_take (DrmtPartProbe * p, DrmtPartFacts * facts,
    const gchar ** why)
{
  DrmPart *part = NULL;

  g_mutex_lock (&p->lock);
  if (!p->complete)
    doubt (p, "the part was not measured to its end");
  if (!p->doubt && drm_part_end (p->measured) != DRM_OK)
    doubt (p, "the engine could not end the part");
  if (!p->doubt) {
    part = g_steal_pointer (&p->measured);
    facts->first = p->part.first;
    facts->frames = drm_part_get_frames (part);
    facts->head_hash = p->part.first > 0 ? p->head_hash : 0;
    facts->tail_hash = p->part.frames > 0 ? p->tail_hash : 0;
    facts->decoded_first = p->decoded_first;
    facts->to_end = p->to_end;
  }
  *why = p->doubt;
  g_mutex_unlock (&p->lock);
  return part;
}

guint64
drmt_part_probe_position (DrmtPartProbe * p)
{
  guint64 n = 0;

  g_mutex_lock (&p->lock);
  if (p->measured && p->rate > 0)
    n = gst_util_uint64_scale (drm_part_get_frames (p->measured), GST_SECOND,
        p->rate);
  g_mutex_unlock (&p->lock);
  return n;
}

void
drmt_part_probe_free (DrmtPartProbe * p)
{
  if (!p)
    return;
  gst_pad_remove_probe (p->pad, p->id);
  gst_object_unref (p->pad);
  gst_object_unref (p->poster);
  drm_part_free (p->measured);
  g_mutex_clear (&p->lock);
  g_free (p);
}
