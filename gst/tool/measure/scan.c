/* gst-drmeter: measuring one file with a GStreamer pipeline.
 *
 *   filesrc ! decodebin ! audioconvert ! drmeter ! fakesink
 *
 * decodebin decodes the first audio stream only; other streams are exposed
 * undecoded and end in a fakesink of their own. audioconvert runs in
 * passthrough whenever drmeter takes the decoder's format (it takes every
 * format a decoder normally delivers), so samples are measured exactly as
 * decoded: no dithering, no noise shaping, no narrowing.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/pbutils/pbutils.h>
#include "measure.h"
#include "partprobe.h"
#include "decoders.h"
#include "quirks.h"
#include "formats/formats.h"
#include "tags/tags.h"
#include "pipelinework.h"
#include "image.h"
#include "album/album.h"
#include "output/output.h"
#include "runaway.h"

/* decodebin's GstAutoplugSelectResult (not in a public header) */
typedef enum {
  AUTOPLUG_TRY = 0,
  AUTOPLUG_EXPOSE = 1,
  AUTOPLUG_SKIP = 2
} AutoplugSelectResult;

#define NO_AUDIO_MESSAGE "gst-drmeter-no-audio"

struct _DrmtScan {
  DrmtScannedTrack *track;
  DrmtScanDone done;
  gpointer user_data;

  GstElement *pipeline;
  GstElement *convert;
  GstElement *meter;
  GstElement *sink;
  guint bus_watch;
  guint idle;

  /* written by streaming threads */
  GMutex lock;
  gboolean audio_linked;        /* the first raw audio pad is measured */
  gboolean other_streams;       /* the file has more than that stream */
  GstCaps *codec_caps;          /* encoded caps of the first audio stream */
  gboolean discont;             /* the decoder skipped data */
  GstClockTime discont_pts;
  gsize bytes;                  /* atomic: sample bytes measured */
  GstElement *parser;           /* the first audio parser (flacparse) */
  GstCaps *file_type;           /* what decodebin's typefinder found */
  gchar *decoder;               /* the decoder of the measured stream */
  gchar *float_missing;         /* the float decoder, not installed */
  DrmtRunaway *runaway;         /* the frames measured, against the file */

  /* a CUE sheet's image: its tracks, cut by the meter; else NULL */
  DrmtImageCut *cut;
  guint cut_bpf;                /* streaming thread: bytes per frame */
  gchar *embedded;              /* streaming thread: a CUESHEET tag */

  /* main thread */
  GstTagList *tags;
  GstDrMeterParsedReport *result;      /* the final "drmeter" report */
  DrmtWindows *windows;         /* its windows (--plot), else NULL */
  gchar *missing;               /* missing decoder, described */
  DrmtGapless gapless;          /* an MP3's LAME header, when it has one */
  DrmtTrim *trim;               /* ... and the probe that honours it */
  DrmtDeclared declared;        /* the length the container declares */
  DrmtWav wav;                  /* a WAV file's chunks (wavfile.c) */
  DrmtFileTags file_tags;       /* TagLib's names and DR tags, once read */
  gboolean file_tags_read;      /* ... tried (an image's tracks share them) */
  gboolean file_tags_ok;        /* ... TagLib knows the file */
  gboolean finished;
  GstElement *decodebin;        /* (borrowed) when the file goes through it */
  guint idle_looks;             /* drmt_scan_check_stopped: in a row */

  /* measuring a part of the file (drmt_scan_start_part, split.c) */
  DrmtPartProbe *part_probe;
  DrmtScanPart part;
  gboolean seek_sent;           /* or none needed */
  gboolean part_ended;          /* done with the part: messages are ignored */
};

/* ---------------------------------------------------------------- */
/* streaming threads */

static gboolean
caps_is_raw_audio (const GstCaps * caps)
{
  return caps && gst_caps_get_size (caps) > 0
      && gst_structure_has_name (gst_caps_get_structure (caps, 0),
      "audio/x-raw");
}

static const gchar *
caps_name (const GstCaps * caps)
{
  if (!caps || gst_caps_get_size (caps) == 0)
    return "";
  return gst_structure_get_name (gst_caps_get_structure (caps, 0));
}

/* Video, pictures and subtitles are never decoded: their decoders and
 * parsers are not plugged, the stream is exposed as it is. Demuxers are
 * always tried (containers are often called video/...). */
static gint
on_autoplug_select (GstElement * bin, GstPad * pad, GstCaps * caps,
    GstElementFactory * factory, gpointer user_data)
{
  const gchar *klass = gst_element_factory_get_metadata (factory,
      GST_ELEMENT_METADATA_KLASS);

  DrmtScan *scan = user_data;
  const gchar *name = caps_name (caps);
  gboolean demuxer = klass && (strstr (klass, "Demux")
      || strstr (klass, "Depayload"));

  /* Remember the encoded format of the first audio stream, as refined by
   * its parser: what goes into a parser or decoder, not a container. */
  if (!demuxer && g_str_has_prefix (name, "audio/")
      && !caps_is_raw_audio (caps)) {
    g_mutex_lock (&scan->lock);
    if (!scan->audio_linked && (!scan->codec_caps
            || strcmp (caps_name (scan->codec_caps), name) == 0))
      gst_caps_replace (&scan->codec_caps, caps);
    g_mutex_unlock (&scan->lock);
  }

  if (demuxer || strstr (name, "audio"))
    return AUTOPLUG_TRY;
  return AUTOPLUG_EXPOSE;
}

/* A lossy stream: its float decoder, or float-capable decoders first
 * (decoders.c). */
static GValueArray *
on_autoplug_sort (GstElement * bin, GstPad * pad, GstCaps * caps,
    GValueArray * factories, gpointer user_data)
{
  DrmtScan *scan = user_data;
  gchar *missing = drmt_decoders_missing (caps);

  if (missing) {
    g_mutex_lock (&scan->lock);
    if (!scan->float_missing)
      scan->float_missing = g_steal_pointer (&missing);
    g_mutex_unlock (&scan->lock);
    g_free (missing);
  }
  return drmt_decoders_float_first (caps, factories);
}

/* ... and the decoder offered float formats only. */
static gboolean
on_autoplug_query (GstElement * bin, GstPad * pad, GstElement * element,
    GstQuery * query, gpointer user_data)
{
  return drmt_decoders_answer_query (element, query);
}

/* A CUESHEET tag (an embedded sheet, as foobar2000 and EAC write into
 * FLAC and WavPack images): kept until the first buffer. */
static void
look_for_embedded_sheet (DrmtScan * scan, GstEvent * event)
{
  GstTagList *tags = NULL;
  gchar *text;

  gst_event_parse_tag (event, &tags);
  text = drmt_embedded_cue_sheet (tags);
  if (text) {
    g_free (scan->embedded);
    scan->embedded = text;
  }
}

/* A file with an embedded sheet becomes an image now, before its first
 * sample is measured; a sheet it cannot use is a warning, and the file is
 * measured whole. */
static void
use_embedded_sheet (DrmtScan * scan)
{
  gchar *reason = NULL, *warning;

  if (drmt_image_from_embedded (scan->track, scan->embedded, &reason)) {
    g_atomic_pointer_set (&scan->cut, drmt_image_cut_new (scan->track));
    return;
  }
  warning = g_strdup_printf ("its CUESHEET tag is not used: %s", reason);
  g_mutex_lock (&scan->lock);
  if (!scan->track->warning)
    scan->track->warning = g_steal_pointer (&warning);
  g_mutex_unlock (&scan->lock);
  g_free (warning);
  g_free (reason);
}

/* An image's first buffer, before the meter sees it: now that the rate is
 * known, the meter is told where the tracks end (image.c). The event goes
 * in ahead of the buffer, on this streaming thread. */
static void
start_cut (DrmtScan * scan, GstPad * pad)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);
  GstAudioInfo info;

  if (caps && gst_audio_info_from_caps (&info, caps)
      && GST_AUDIO_INFO_BPF (&info) > 0) {
    scan->cut_bpf = GST_AUDIO_INFO_BPF (&info);
    gst_pad_send_event (pad, drmt_image_cut_event (scan->cut,
            GST_AUDIO_INFO_RATE (&info)));
  }
  if (caps)
    gst_caps_unref (caps);
}

static GstPadProbeReturn
on_buffer (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  DrmtScan *scan = user_data;
  GstBuffer *buf;
  static const gchar first_key[] = "gst-drmeter-seen";

  /* A new stream (the next link of a chained file) starts afresh. */
  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
    GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

    if (GST_EVENT_TYPE (event) == GST_EVENT_STREAM_START)
      g_object_set_data (G_OBJECT (pad), first_key, NULL);
    else if (GST_EVENT_TYPE (event) == GST_EVENT_TAG && !scan->cut
        && !scan->track->cue_sheet && !scan->part_probe)
      look_for_embedded_sheet (scan, event);
    return GST_PAD_PROBE_OK;
  }
  buf = GST_PAD_PROBE_INFO_BUFFER (info);
  /* (the timeline's first sample: where decoding has begun) */
  if (g_atomic_pointer_add (&scan->bytes, gst_buffer_get_size (buf)) == 0)
    drmt_trace ("first-sample", NULL);

  /* A stream's first buffer is always a discontinuity; a later one means
   * the decoder or parser dropped data (a corrupt or damaged file). */
  if (!g_object_get_data (G_OBJECT (pad), first_key)) {
    g_object_set_data (G_OBJECT (pad), first_key, GINT_TO_POINTER (1));
    if (!scan->cut && scan->embedded)
      use_embedded_sheet (scan);
    if (scan->cut)
      start_cut (scan, pad);
  } else if (GST_BUFFER_IS_DISCONT (buf)) {
    g_mutex_lock (&scan->lock);
    if (!scan->discont) {
      scan->discont = TRUE;
      scan->discont_pts = GST_BUFFER_PTS (buf);
    }
    g_mutex_unlock (&scan->lock);
  }
  if (scan->cut && scan->cut_bpf > 0) {
    GstAudioMeta *meta = gst_buffer_get_audio_meta (buf);

    drmt_image_cut_count (scan->cut, meta ? meta->samples :
        gst_buffer_get_size (buf) / scan->cut_bpf);
  }
  return GST_PAD_PROBE_OK;
}

/* audioconvert's channel mixer takes at most 63 channels (GStreamer 1.22
 * asserts, then crashes, on 64): such a stream goes to the meter as it is
 * decoded, which it takes in every format a decoder delivers. */
#define CONVERTER_MAX_CHANNELS 63

static gint
caps_channels (const GstCaps * caps)
{
  gint n = 0;

  if (caps && gst_caps_get_size (caps) > 0)
    gst_structure_get_int (gst_caps_get_structure (caps, 0), "channels", &n);
  return n;
}

static const gchar *
caps_format (const GstCaps * caps)
{
  if (!caps || gst_caps_get_size (caps) == 0)
    return NULL;
  return gst_structure_get_string (gst_caps_get_structure (caps, 0),
      "format");
}

/* Puts an identity in the converter's place, in front of the meter. */
static gboolean
bypass_converter (DrmtScan * scan)
{
  GstElement *old = scan->convert;
  GstElement *id = gst_element_factory_make ("identity", NULL);

  if (!id)
    return FALSE;
  g_object_set (id, "silent", TRUE, NULL);
  gst_element_unlink (old, scan->meter);
  gst_object_ref (old);
  gst_bin_remove (GST_BIN (scan->pipeline), old);
  gst_element_set_state (old, GST_STATE_NULL);
  gst_object_unref (old);
  gst_bin_add (GST_BIN (scan->pipeline), id);
  scan->convert = id;
  if (!gst_element_link (id, scan->meter))
    return FALSE;
  gst_element_sync_state_with_parent (id);
  return TRUE;
}

/* The factory name of the decoder behind decodebin's pad @pad, NULL when
 * the stream is not decoded (raw audio from a demuxer). */
static gchar *
decoder_behind (GstPad * pad)
{
  GstPad *target = GST_IS_GHOST_PAD (pad) ?
      gst_ghost_pad_get_target (GST_GHOST_PAD (pad)) : NULL;
  GstElement *e = target ? gst_pad_get_parent_element (target) : NULL;
  GstElementFactory *f = e ? gst_element_get_factory (e) : NULL;
  const gchar *klass = f ? gst_element_factory_get_metadata (f,
      GST_ELEMENT_METADATA_KLASS) : NULL;
  gchar *name = NULL;

  if (klass && strstr (klass, "Decoder"))
    name = g_strdup (gst_plugin_feature_get_name (f));
  if (e)
    gst_object_unref (e);
  if (target)
    gst_object_unref (target);
  return name;
}

static void
on_pad_added (GstElement * decodebin, GstPad * pad, gpointer user_data)
{
  DrmtScan *scan = user_data;
  GstCaps *caps = gst_pad_get_current_caps (pad);
  GstPad *target = NULL;
  gboolean measure = FALSE;

  if (!caps)
    caps = gst_pad_query_caps (pad, NULL);

  g_mutex_lock (&scan->lock);
  if (caps_is_raw_audio (caps)) {
    GstPad *sinkpad = gst_element_get_static_pad (scan->convert, "sink");

    /* the first audio stream, or the next group of a chained stream */
    if (!gst_pad_is_linked (sinkpad)) {
      measure = TRUE;
      target = sinkpad;
    } else {
      gst_object_unref (sinkpad);
    }
  }
  if (measure) {
    scan->audio_linked = TRUE;
    g_free (scan->decoder);
    scan->decoder = decoder_behind (pad);
  } else {
    scan->other_streams = TRUE;
  }
  g_mutex_unlock (&scan->lock);

  if (measure && caps_channels (caps) > CONVERTER_MAX_CHANNELS) {
    GstPad *meter = gst_element_get_static_pad (scan->meter, "sink");
    gboolean takes = gst_pad_query_accept_caps (meter, caps);

    gst_object_unref (meter);
    gst_object_unref (target);
    target = NULL;
    if (takes && bypass_converter (scan))
      target = gst_element_get_static_pad (scan->convert, "sink");
    if (!target) {
      const gchar *format = caps_format (caps);

      GST_ELEMENT_ERROR (decodebin, CORE, NEGOTIATION,
          ("%d channels of %s samples: not a format the meter takes, and "
              "GStreamer converts at most %d channels", caps_channels (caps),
              format ? format : "these", CONVERTER_MAX_CHANNELS), (NULL));
      gst_caps_unref (caps);
      return;
    }
  }

  if (!measure) {
    GstElement *sink = gst_element_factory_make ("fakesink", NULL);

    g_object_set (sink, "sync", FALSE, "async", FALSE,
        "enable-last-sample", FALSE, NULL);
    gst_bin_add (GST_BIN (scan->pipeline), sink);
    gst_element_sync_state_with_parent (sink);
    target = gst_element_get_static_pad (sink, "sink");
  }
  if (gst_pad_link (pad, target) != GST_PAD_LINK_OK)
    GST_ELEMENT_ERROR (decodebin, CORE, NEGOTIATION, (NULL),
        ("could not link %s", caps_name (caps)));
  gst_object_unref (target);
  if (caps)
    gst_caps_unref (caps);
}

/* Remembers the audio parser: the one element asked for the stream's
 * length in samples (check_whole); and lets quirks.c watch what reaches
 * an audio decoder. */
static void
on_element_added (GstBin * decodebin, GstElement * element,
    gpointer user_data)
{
  DrmtScan *scan = user_data;
  GstElementFactory *f = gst_element_get_factory (element);
  const gchar *klass = f ? gst_element_factory_get_metadata (f,
      GST_ELEMENT_METADATA_KLASS) : NULL;

  if (klass && strstr (klass, "Decoder") && strstr (klass, "Audio")
      && scan->trim) {
    /* the demuxer or parser may trim already (quirks.c) */
    drmt_quirks_watch_decoder_input (element, scan->trim);
    return;
  }
  if (!klass || !strstr (klass, "Parser") || !strstr (klass, "Audio"))
    return;
  g_mutex_lock (&scan->lock);
  if (!scan->parser)
    scan->parser = gst_object_ref (element);
  g_mutex_unlock (&scan->lock);
}

static void
on_no_more_pads (GstElement * decodebin, gpointer user_data)
{
  DrmtScan *scan = user_data;
  gboolean audio;

  g_mutex_lock (&scan->lock);
  audio = scan->audio_linked;
  g_mutex_unlock (&scan->lock);
  if (!audio)
    gst_element_post_message (decodebin,
        gst_message_new_application (GST_OBJECT (decodebin),
            gst_structure_new_empty (NO_AUDIO_MESSAGE)));
}

/* ---------------------------------------------------------------- */
/* main thread */

static gboolean
finish_idle (gpointer user_data)
{
  DrmtScan *scan = user_data;

  scan->idle = 0;
  gst_element_set_state (scan->pipeline, GST_STATE_NULL);
  scan->track->done = TRUE;
  scan->done (scan, scan->user_data);
  return G_SOURCE_REMOVE;
}

/* Ends the scan: the track is filled or failed. */
static void
finish (DrmtScan * scan)
{
  if (scan->finished)
    return;
  scan->finished = TRUE;
  scan->idle = g_idle_add (finish_idle, scan);
}

/* The scan's track has no result (the scan goes on to its end). */
static void
fail_track (DrmtScan * scan, const gchar * reason)
{
  drmt_scanned_track_fail (scan->track, reason);
}

/* The whole file failed: every track of it, for an image. */
static void
fail (DrmtScan * scan, const gchar * reason)
{
  if (scan->finished)
    return;
  drmt_scanned_track_fail_image (scan->track, reason);
  finish (scan);
}

/* GStreamer's sentence as a reason: lower case start, no full stop. */
static gchar *
reason_from_gerror (const GError * err)
{
  gchar *r = g_strdup (err->message ? err->message : "unknown error");
  gsize n = strlen (r);

  if (n > 0 && r[n - 1] == '.')
    r[n - 1] = '\0';
  if (g_ascii_isupper (r[0]) && !g_ascii_isupper (r[1]))
    r[0] = g_ascii_tolower (r[0]);
  return r;
}

/* Errors about the data itself (as opposed to missing plugins, files that
 * cannot be read, ...). */
static gboolean
is_data_error (const GError * err)
{
  return err->domain == GST_STREAM_ERROR && (err->code ==
      GST_STREAM_ERROR_DEMUX || err->code == GST_STREAM_ERROR_DECODE
      || err->code == GST_STREAM_ERROR_WRONG_TYPE
      || err->code == GST_STREAM_ERROR_FORMAT
      || err->code == GST_STREAM_ERROR_FAILED);
}

/* No audio stream was measured because the file's type, as GStreamer
 * found it, holds no audio (a video stream, a picture, random bytes the
 * AV1 typefinder of GStreamer 1.26 claims), or because the float decoder
 * of its codec is not installed: the reason, else NULL. */
static gchar *
no_stream_reason (DrmtScan * scan)
{
  gchar *reason = NULL;

  g_mutex_lock (&scan->lock);
  if (!scan->audio_linked && scan->file_type
      && !drmt_quirks_type_may_hold_audio (scan->file_type))
    reason = drmt_quirks_not_audio_reason (scan->file_type);
  else if (!scan->audio_linked && scan->float_missing)
    reason = g_strdup_printf ("missing GStreamer plugin: %s",
        scan->float_missing);
  g_mutex_unlock (&scan->lock);
  return reason;
}

static void
fail_gerror (DrmtScan * scan, GstObject * src, const GError * err,
    gboolean warning)
{
  gchar *reason = no_stream_reason (scan);

  if (reason)
    ;                           /* whatever plugin is missing for it */
  else if (g_error_matches (err, GST_STREAM_ERROR,
          GST_STREAM_ERROR_TYPE_NOT_FOUND))
    reason = g_strdup ("not an audio file (could not determine its type)");
  else if (scan->missing && (g_error_matches (err, GST_STREAM_ERROR,
              GST_STREAM_ERROR_CODEC_NOT_FOUND)
          || g_error_matches (err, GST_CORE_ERROR,
              GST_CORE_ERROR_MISSING_PLUGIN)))
    reason = g_strdup_printf ("missing GStreamer plugin: %s", scan->missing);
  else {
    gchar *r = reason_from_gerror (err);

    if (warning || is_data_error (err)) {
      /* name the element that complained: "(wavparse)" */
      GstElementFactory *f = GST_IS_ELEMENT (src) ?
          gst_element_get_factory (GST_ELEMENT (src)) : NULL;

      if (f)
        reason = g_strdup_printf ("damaged file: %s (%s)", r,
            gst_plugin_feature_get_name (f));
      else
        reason = g_strdup_printf ("damaged file: %s", r);
    } else {
      reason = g_strdup (r);
    }
    g_free (r);
  }
  fail (scan, reason);
  g_free (reason);
}

static gchar *
format_time (guint64 frames, gint rate)
{
  gchar buf[DRM_TOKEN_SIZE];

  return g_strdup (drm_format_duration (frames, rate > 0 ? rate : 1, buf));
}

static const gchar *
codec_from_caps (const GstCaps * caps)
{
  const GstStructure *s;
  const gchar *name;
  gint v = 0, layer = 0;

  if (!caps || gst_caps_get_size (caps) == 0)
    return NULL;
  s = gst_caps_get_structure (caps, 0);
  name = gst_structure_get_name (s);
  if (strcmp (name, "audio/mpeg") == 0) {
    gst_structure_get_int (s, "mpegversion", &v);
    if (v == 1) {
      if (!gst_structure_get_int (s, "layer", &layer))
        layer = 3;
      return layer == 1 ? "MP1" : layer == 2 ? "MP2" : "MP3";
    }
    return "AAC";
  } else {
    static const struct {
      const gchar *caps, *codec;
    } map[] = {
      {"audio/x-flac", "FLAC"}, {"audio/x-vorbis", "Vorbis"},
      {"audio/x-opus", "Opus"}, {"audio/x-alac", "ALAC"},
      {"audio/x-wavpack", "WavPack"}, {"audio/x-ape", "Monkey's Audio"},
      {"audio/x-tta", "TTA"}, {"audio/x-ac3", "AC3"},
      {"audio/ac3", "AC3"}, {"audio/x-eac3", "E-AC3"},
      {"audio/x-dts", "DTS"}, {"audio/x-true-hd", "TrueHD"},
      {"audio/x-speex", "Speex"}, {"audio/x-wma", "WMA"},
      {"audio/x-alaw", "A-law"}, {"audio/x-mulaw", "mu-law"},
      {"audio/x-adpcm", "ADPCM"}, {"audio/x-musepack", "Musepack"},
      {"audio/x-gsm", "GSM"}, {"audio/AMR", "AMR"},
      {"audio/AMR-WB", "AMR-WB"}, {"audio/x-dsd", "DSD"},
      {"audio/x-shorten", "Shorten"}, {"audio/x-tak", "TAK"},
    };
    guint i;

    for (i = 0; i < G_N_ELEMENTS (map); i++)
      if (strcmp (name, map[i].caps) == 0)
        return map[i].codec;
  }
  return NULL;
}

static gchar *
tag_string (const GstTagList * tags, const gchar * tag)
{
  gchar *s = NULL;

  if (tags && gst_tag_list_get_string (tags, tag, &s) && s && !*s)
    g_clear_pointer (&s, g_free);
  return s;
}

/* ---- the file is done: its track, step by step ---- */

/* What the streaming threads saw, read once under the lock. */
typedef struct {
  gboolean discont;             /* the decoder skipped data */
  GstClockTime discont_pts;
  gboolean other_streams;       /* the file has more than the audio */
  GstCaps *codec_caps;          /* a reference, or NULL (raw audio) */
} StreamFacts;

static void
read_stream_facts (DrmtScan * scan, StreamFacts * facts)
{
  g_mutex_lock (&scan->lock);
  facts->discont = scan->discont;
  facts->discont_pts = scan->discont_pts;
  facts->other_streams = scan->other_streams;
  facts->codec_caps = scan->codec_caps ? gst_caps_ref (scan->codec_caps) :
      NULL;
  g_mutex_unlock (&scan->lock);
}

/* The element's final report into the track. */
static gboolean
read_result (DrmtScan * scan)
{
  DrmtScannedTrack *t = scan->track;
  const GstDrMeterParsedReport *r = scan->result;

  if (!r || r->frames == 0) {
    fail_track (scan, "no audio samples in the stream");
    return FALSE;
  }
  t->rate = r->rate;
  t->channels = r->channels;
  t->frames = r->frames;
  t->dr = r->dr;
  t->dr_value = r->dr_value;
  t->peak_db = r->peak;
  t->rms_db = r->rms;
  t->windows = r->windows;
  t->invalid_samples = r->invalid_samples;
  t->duration = r->duration;
  t->channel = g_new0 (DrmtChannel, t->channels);
  for (gint c = 0; c < t->channels; c++) {
    t->channel[c].dr = r->channel[c].dr;
    t->channel[c].peak_db = r->channel[c].peak;
    t->channel[c].rms_db = r->channel[c].rms;
  }
  return TRUE;
}

/* The length the stream announces in samples, asked of its parser only:
 * demuxers may mishandle such a query (GStreamer 1.22's aiffparse and
 * gst-libav's AIFF demuxer print GLib criticals on one). */
static gboolean
query_announced_samples (DrmtScan * scan, gint64 * samples)
{
  GstElement *parser;
  GstPad *pad;
  gboolean ok = FALSE;

  g_mutex_lock (&scan->lock);
  parser = scan->parser ? gst_object_ref (scan->parser) : NULL;
  g_mutex_unlock (&scan->lock);
  if (!parser)
    return FALSE;
  pad = gst_element_get_static_pad (parser, "src");
  if (pad) {
    ok = gst_pad_query_duration (pad, GST_FORMAT_DEFAULT, samples);
    gst_object_unref (pad);
  }
  gst_object_unref (parser);
  return ok;
}

/* No data lost on the way, and (for formats that announce their length in
 * samples, as FLAC does) none missing at the end. In an image, data lost
 * moves every later cut: the tracks from there on fail, not those before;
 * a missing end concerns the whole image. */
static gboolean
check_whole (DrmtScan * scan, const StreamFacts * facts)
{
  DrmtScannedTrack *t = scan->track;
  gint64 announced = -1;
  gchar *reason = NULL;
  guint64 frames = scan->cut ? drmt_image_cut_total_frames (scan->cut) :
      t->frames;
  gboolean lost = facts->discont;

  if (lost && scan->cut && GST_CLOCK_TIME_IS_VALID (facts->discont_pts))
    lost = gst_util_uint64_scale (facts->discont_pts, t->rate, GST_SECOND)
        < t->cue_first_sample + t->frames;
  if (lost && GST_CLOCK_TIME_IS_VALID (facts->discont_pts)) {
    gchar *at = format_time (gst_util_uint64_scale (facts->discont_pts,
            t->rate, GST_SECOND), t->rate);

    reason = g_strdup_printf ("damaged file: audio data lost at %s", at);
    g_free (at);
  } else if (lost) {
    reason = g_strdup ("damaged file: audio data lost");
  } else if (scan->declared.what) {
    /* MP4, Ogg, WavPack, AIFF: the container's own rule (declared.c) */
    reason = drmt_declared_check (&scan->declared, scan->trim, frames);
  } else if (scan->trim && !drmt_trim_stood_down (scan->trim)
      && drmt_trim_seen (scan->trim, NULL, NULL) < scan->gapless.decoded) {
    /* an MP3 whose LAME header counts more samples than were decoded */
    reason = g_strdup_printf ("truncated file: %" G_GUINT64_FORMAT
        " of the %" G_GUINT64_FORMAT " samples its LAME header declares "
        "decoded", drmt_trim_seen (scan->trim, NULL, NULL),
        scan->gapless.decoded);
  } else if (scan->trim && drmt_trim_stood_down (scan->trim)
      && frames != drmt_gapless_length (&scan->gapless)) {
    /* ... or one the parser trimmed itself (quirks.c) */
    reason = g_strdup_printf ("%" G_GUINT64_FORMAT " samples decoded "
        "where the LAME header declares %" G_GUINT64_FORMAT "%s", frames,
        drmt_gapless_length (&scan->gapless),
        frames < drmt_gapless_length (&scan->gapless) ?
        " (a truncated file)" : " (encoder delay and padding not trimmed)");
  } else if (scan->wav.kind == DRMT_WAV_PCM && frames != scan->wav.frames) {
    reason = g_strdup_printf ("truncated file: %" G_GUINT64_FORMAT " of the %"
        G_GUINT64_FORMAT " frames its data chunk declares read", frames,
        scan->wav.frames);
  } else if (!scan->gapless.decoded
      /* the MP3 parser announces the untrimmed length */
      && query_announced_samples (scan, &announced) && announced > 0
      && (guint64) announced > frames) {
    reason = g_strdup_printf ("truncated file: %.2f s of %.2f s "
        "decoded (%" G_GUINT64_FORMAT " of %" G_GINT64_FORMAT " samples)",
        (gdouble) frames / t->rate, (gdouble) announced / t->rate,
        frames, announced);
  }
  if (!reason)
    return TRUE;
  fail_track (scan, reason);
  g_free (reason);
  return FALSE;
}

/* The measured format and channel positions, from the meter's caps. */
static gboolean
read_format (DrmtScan * scan, GstAudioInfo * info)
{
  DrmtScannedTrack *t = scan->track;
  GstPad *pad = gst_element_get_static_pad (scan->meter, "sink");
  GstCaps *caps = gst_pad_get_current_caps (pad);
  gboolean ok;
  gint labels[DRM_MAX_CHANNELS];

  gst_object_unref (pad);
  gst_audio_info_init (info);
  ok = caps && gst_audio_info_from_caps (info, caps)
      && GST_AUDIO_INFO_CHANNELS (info) == t->channels;
  if (caps)
    gst_caps_unref (caps);
  if (!ok) {
    fail_track (scan, "could not read the measured audio format");
    return FALSE;
  }
  t->bits = GST_AUDIO_INFO_DEPTH (info);
  /* the file's own bits when the decoder widened them (quirks.h:
   * wavpackdec-packed-24): the same on every release */
  if (GST_AUDIO_INFO_IS_INTEGER (info) && scan->declared.bits > 0
      && scan->declared.bits < (guint) t->bits)
    t->bits = scan->declared.bits;
  t->format = g_strdup (GST_AUDIO_INFO_NAME (info));
  drmt_labels_from_positions (info->position, t->channels,
      (GST_AUDIO_INFO_FLAGS (info) & GST_AUDIO_FLAG_UNPOSITIONED) != 0,
      labels);
  for (gint c = 0; c < t->channels; c++)
    t->channel[c].label = labels[c];
  return TRUE;
}

/* The file's names and DR tags by TagLib: read here, in the measuring
 * process, once per file (when the scan starts), so that a file that
 * crashes TagLib costs that file only. NULL when TagLib knows no such
 * file. */
static const DrmtFileTags *
file_tags (DrmtScan * scan)
{
  if (!scan->file_tags_read) {
    scan->file_tags_read = TRUE;
    scan->file_tags_ok = drmt_tagfile_read_all (scan->track->path,
        &scan->file_tags);
  }
  return scan->file_tags_ok ? &scan->file_tags : NULL;
}

/* What @tags say of the track: the file's own (a whole file), or a CUE
 * track's (its CUE_TRACKnn field, else the file's DYNAMIC RANGE, which
 * foobar2000 gives every track; a count of both when both are there). */
static void
had_tags (const DrmtDrTags * tags, const DrmtScannedTrack * t,
    DrmtHadTags * out)
{
  out->dr = tags->dr;
  out->n_dr = tags->n_dr;
  out->album_dr = tags->album_dr;
  out->n_album_dr = tags->n_album_dr;
  out->n_cue = tags->n_cue;
  out->misplaced = tags->misplaced;
  if (t->cue_sheet) {
    guint nn = t->track_number % DRMT_TAG_CUE_TRACKS;

    if (tags->n_cue_dr[nn] > 0)
      out->dr = tags->cue_dr[nn];
    out->n_dr += tags->n_cue_dr[nn];
  }
}

/* @dst, when still unset, from TagLib's @value, else GStreamer's @tag
 * (formats TagLib does not know, or fields it did not find). */
static void
take_string (gchar ** dst, const gchar * value, const GstTagList * tags,
    const gchar * tag)
{
  if (!*dst)
    *dst = g_strdup (value);
  if (!*dst)
    *dst = tag_string (tags, tag);
}

static void
take_number (guint * dst, guint value, const GstTagList * tags,
    const gchar * tag)
{
  if (!*dst)
    *dst = value;
  if (!*dst && tags)
    gst_tag_list_get_uint (tags, tag, dst);
}

static void
take_year (gchar ** dst, const gchar * value, const GstTagList * tags)
{
  GstDateTime *dt = NULL;

  if (!*dst)
    *dst = g_strdup (value);
  if (!*dst && tags && gst_tag_list_get_date_time (tags, GST_TAG_DATE_TIME,
          &dt)) {
    if (gst_date_time_has_year (dt))
      *dst = g_strdup_printf ("%d", gst_date_time_get_year (dt));
    gst_date_time_unref (dt);
  }
}

/* The names by TagLib, else by GStreamer. A CUE track keeps what its
 * sheet says; the image's tags fill in only the album's names the sheet
 * leaves out (its title and number would be the image's, not the
 * track's). Its DR tags are its CUE_TRACKnn_ fields (tagfile.h). */
static void
read_tags (DrmtScan * scan)
{
  DrmtScannedTrack *t = scan->track;
  const DrmtFileTags *ft = file_tags (scan);
  static const DrmtFileTags none;
  const GstTagList *g = scan->tags;
  gboolean cue = t->cue_sheet != NULL;

  t->tags_read = ft != NULL;
  if (!ft)
    ft = &none;
  else
    had_tags (&ft->dr, t, &t->had);
  take_string (&t->artist, ft->artist, g, GST_TAG_ARTIST);
  take_string (&t->album_artist, ft->album_artist, g, GST_TAG_ALBUM_ARTIST);
  take_string (&t->album, ft->album, g, GST_TAG_ALBUM);
  take_number (&t->disc_number, ft->disc_number, g,
      GST_TAG_ALBUM_VOLUME_NUMBER);
  take_year (&t->year, ft->year, g);
  if (cue)
    return;
  take_string (&t->title, ft->title, g, GST_TAG_TITLE);
  take_number (&t->track_number, ft->track_number, g, GST_TAG_TRACK_NUMBER);
}

/* The codec line: the codec's name, the decoder that decoded it, and the
 * bit rate the way players show it. */
static void
read_codec (DrmtScan * scan, const GstAudioInfo * info,
    const StreamFacts * facts)
{
  DrmtScannedTrack *t = scan->track;
  const GstCaps *codec_caps = facts->codec_caps;

  g_mutex_lock (&scan->lock);
  t->decoder = g_strdup (scan->decoder);
  g_mutex_unlock (&scan->lock);
  if (codec_from_caps (codec_caps)) {
    t->codec = g_strdup (codec_from_caps (codec_caps));
  } else if (!codec_caps) {
    t->codec = g_strdup (GST_AUDIO_INFO_IS_FLOAT (info) ?
        "PCM (floating-point)" : "PCM");
  } else {
    t->codec = tag_string (scan->tags, GST_TAG_AUDIO_CODEC);
    if (!t->codec)
      t->codec = gst_pb_utils_get_codec_description (codec_caps);
    if (!t->codec)
      t->codec = g_strdup (caps_name (codec_caps));
  }
  if (!codec_caps) {
    /* uncompressed: what the samples take */
    t->bitrate = (guint64) t->rate * t->channels * GST_AUDIO_INFO_WIDTH (info);
  } else if (!facts->other_streams && scan->cut) {
    /* an image: its size over its duration, the same for each track */
    guint64 total = drmt_image_cut_total_frames (scan->cut);

    if (total > 0)
      t->bitrate = gst_util_uint64_scale (t->size * 8, t->rate, total);
  } else if (!facts->other_streams && t->duration > 0) {
    /* the file is this stream: its size over its duration */
    t->bitrate = gst_util_uint64_scale (t->size * 8, GST_SECOND, t->duration);
  } else if (scan->tags) {
    guint br = 0;

    if (gst_tag_list_get_uint (scan->tags, GST_TAG_BITRATE, &br)
        || gst_tag_list_get_uint (scan->tags, GST_TAG_NOMINAL_BITRATE, &br))
      t->bitrate = br;
  }
}

/* The invalid-samples warning, and the windows when they add up. */
static void
read_extras (DrmtScan * scan, const StreamFacts * facts)
{
  DrmtScannedTrack *t = scan->track;

  /* a warning found earlier (an unusable CUESHEET tag) stays */
  if (!t->warning)
    t->warning = drmt_decoders_integer_warning (facts->codec_caps, t->format);
  if (t->invalid_samples > 0 && !t->warning)
    t->warning = g_strdup_printf ("%" G_GUINT64_FORMAT " samples were NaN, "
        "infinite or of magnitude 2^128 or more; measured as 0",
        t->invalid_samples);
  if (scan->windows && scan->windows->count == t->windows
      && scan->windows->channels == (guint) t->channels) {
    t->window_data = scan->windows;
    scan->windows = NULL;
  }
}

/* Fills scan->track from scan->result, step by step. */
static void
complete_track (DrmtScan * scan, const StreamFacts * facts)
{
  GstAudioInfo info;

  if (read_result (scan) && check_whole (scan, facts)
      && read_format (scan, &info)) {
    read_tags (scan);
    read_codec (scan, &info, facts);
    read_extras (scan, facts);
    scan->track->ok = TRUE;
  }
}

/* An image: each track from its own part's report (image.c). */
static void
complete_image (DrmtScan * scan, const StreamFacts * facts)
{
  DrmtScannedTrack *lead = scan->track;
  GPtrArray *tracks = drmt_image_cut_tracks (scan->cut);
  DrmtWindows *own = scan->windows;

  for (guint k = 0; k < tracks->len; k++) {
    DrmtScannedTrack *t = g_ptr_array_index (tracks, k);
    DrmtWindows *windows = NULL;
    gchar *reason = NULL;
    const GstDrMeterParsedReport *r = drmt_image_cut_result (scan->cut, k,
        own ? &windows : NULL, &reason);

    scan->track = t;
    if (!r) {
      fail_track (scan, reason);
      g_free (reason);
      continue;
    }
    t->cue_first_sample = drmt_image_cut_first_sample (scan->cut, k);
    scan->result = (GstDrMeterParsedReport *) r;
    scan->windows = windows;
    complete_track (scan, facts);
    drmt_windows_free (scan->windows);
    scan->result = NULL;
  }
  scan->windows = own;
  scan->track = lead;
}

/* EOS: the file is done. Checks it was whole, then fills the track (or
 * every track of an image). */
static void
complete (DrmtScan * scan)
{
  StreamFacts facts;

  read_stream_facts (scan, &facts);
  if (scan->cut)
    complete_image (scan, &facts);
  else
    complete_track (scan, &facts);
  finish (scan);
  if (facts.codec_caps)
    gst_caps_unref (facts.codec_caps);
}

/* ---- bus messages ---- */

static void
on_error (DrmtScan * scan, GstMessage * msg)
{
  GError *err = NULL;

  gst_message_parse_error (msg, &err, NULL);
  fail_gerror (scan, GST_MESSAGE_SRC (msg), err, FALSE);
  g_error_free (err);
}

/* The meter's warning that no sample reached it: the missing final report
 * says so already (read_result), in the scanner's own words. */
static gboolean
is_no_samples_warning (GstMessage * msg)
{
  const GstStructure *details = NULL;

  gst_message_parse_warning_details (msg, &details);
  return details && gst_structure_has_field (details,
          GST_DRMETER_NO_SAMPLES_FIELD);
}

/* A decoder that skipped data warns: the file is damaged. A stream nobody
 * decodes (no plugin) does not matter if audio plays. */
static void
on_warning (DrmtScan * scan, GstMessage * msg)
{
  GError *err = NULL;

  if (is_no_samples_warning (msg))
    return;
  gst_message_parse_warning (msg, &err, NULL);
  if (!g_error_matches (err, GST_STREAM_ERROR,
          GST_STREAM_ERROR_CODEC_NOT_FOUND)
      && !g_error_matches (err, GST_CORE_ERROR,
          GST_CORE_ERROR_MISSING_PLUGIN))
    fail_gerror (scan, GST_MESSAGE_SRC (msg), err, TRUE);
  g_error_free (err);
}

/* A second final report: the element ended a track inside the file (a
 * chained stream or a change of format). Reporting only a part would be a
 * wrong number for the file; say so instead. */
static void
fail_several_tracks (DrmtScan * scan)
{
  guint64 end = scan->result->duration / GST_SECOND;
  gchar *reason = g_strdup_printf ("holds several streams one after "
      "another (a chained stream, or a change of format after "
      "%u:%02u): not measured as one track",
      (guint) (end / 60), (guint) (end % 60));

  fail (scan, reason);
  g_free (reason);
}

/* The meter's "drmeter" report: the final one is the file's result. */
static void
on_report (DrmtScan * scan, const GstStructure * s)
{
  GstDrMeterParsedReport *r = g_new (GstDrMeterParsedReport, 1);

  if (!gst_drmeter_parse_report (s, r)) {
    fail (scan, "the drmeter element gave an incomplete result");
  } else if (r->final && scan->cut) {
    /* the next part of an image, with its own windows */
    if (scan->windows) {
      drmt_windows_set_summary (scan->windows, r);
      drmt_image_cut_add (scan->cut, g_steal_pointer (&r), scan->windows);
      scan->windows = drmt_windows_new ();
    } else {
      drmt_image_cut_add (scan->cut, g_steal_pointer (&r), NULL);
    }
  } else if (r->final && scan->result) {
    fail_several_tracks (scan);
  } else if (r->final) {
    if (scan->windows)
      drmt_windows_set_summary (scan->windows, r);
    scan->result = g_steal_pointer (&r);
  }
  g_free (r);
}

/* A "drmeter-window" message: one more window for the plot. */
static void
on_window (DrmtScan * scan, const GstStructure * s)
{
  GstDrMeterParsedWindow *w = g_new (GstDrMeterParsedWindow, 1);

  if (gst_drmeter_parse_window (s, w)) {
    /* a window 0 starts another track: only the last one counts */
    if (w->index == 0 && scan->windows->count > 0) {
      drmt_windows_free (scan->windows);
      scan->windows = drmt_windows_new ();
    }
    drmt_windows_add (scan->windows, w);
  }
  g_free (w);
}

static void
on_element_message (DrmtScan * scan, GstMessage * msg)
{
  const GstStructure *s = gst_message_get_structure (msg);
  gboolean from_meter = GST_MESSAGE_SRC (msg) == GST_OBJECT (scan->meter);

  if (from_meter && gst_structure_has_name (s, GST_DRMETER_MESSAGE_NAME))
    on_report (scan, s);
  else if (from_meter && scan->windows
      && gst_structure_has_name (s, GST_DRMETER_WINDOW_MESSAGE_NAME))
    on_window (scan, s);
  else if (gst_is_missing_plugin_message (msg) && !scan->missing)
    scan->missing = gst_missing_plugin_message_get_description (msg);
}

static void
on_tag (DrmtScan * scan, GstMessage * msg)
{
  GstTagList *tags = NULL;

  if (GST_MESSAGE_SRC (msg) != GST_OBJECT (scan->sink))
    return;
  gst_message_parse_tag (msg, &tags);
  if (!scan->tags) {
    scan->tags = tags;
  } else {
    gst_tag_list_insert (scan->tags, tags, GST_TAG_MERGE_REPLACE);
    gst_tag_list_unref (tags);
  }
}

/* decodebin found no audio stream (on_no_more_pads). */
static void
on_no_audio (DrmtScan * scan)
{
  gchar *not_audio = no_stream_reason (scan);

  if (not_audio) {
    fail (scan, not_audio);
    g_free (not_audio);
  } else if (scan->missing) {
    gchar *reason = g_strdup_printf ("missing GStreamer plugin: %s",
        scan->missing);

    fail (scan, reason);
    g_free (reason);
  } else {
    fail (scan, "no audio stream");
  }
}

/* ---- measuring a part ---- */

/* Where a part's pipeline starts: the guard frames before it. */
static guint64
part_origin (const DrmtScanPart * part)
{
  return part->first > DRMT_PART_GUARD_FRAMES ?
      part->first - DRMT_PART_GUARD_FRAMES : 0;
}

static gboolean
part_done_idle (gpointer user_data)
{
  DrmtScan *scan = user_data;

  scan->idle = 0;
  scan->done (scan, scan->user_data);
  return G_SOURCE_REMOVE;
}

/* The part has its frames, or never will: stop decoding. The head part's
 * pipeline stays paused, for drmt_scan_complete_parts to read its format
 * and length as a one-pass scan reads them at its end. */
static void
end_part (DrmtScan * scan)
{
  if (scan->part_ended)
    return;
  scan->part_ended = TRUE;
  gst_element_set_state (scan->pipeline, scan->part.first == 0 ?
      GST_STATE_PAUSED : GST_STATE_NULL);
  scan->idle = g_idle_add (part_done_idle, scan);
}

static void
on_part_message (DrmtScan * scan, GstMessage * msg)
{
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ASYNC_DONE && !scan->seek_sent) {
    GstPad *pad = gst_element_get_static_pad (scan->meter, "sink");
    GstCaps *caps = gst_pad_get_current_caps (pad);
    GstAudioInfo info;
    guint64 from = part_origin (&scan->part);

    gst_object_unref (pad);
    scan->seek_sent = TRUE;
    /* Prerolled: the rate is known. Seek to the guard frames before the
     * part; the probe positions every buffer by its timestamp, and makes
     * the file fall back to one pass if the decoder starts after them.
     * Not an accurate seek: flacparse answers one by parsing every frame
     * from the file's start up to the position (a part 90 % into a
     * 30-minute FLAC file cost three times its own decoding), where its
     * seek table lands it a few seconds before it. */
    if (caps && gst_audio_info_from_caps (&info, caps)
        && GST_AUDIO_INFO_RATE (&info) > 0) {
      if (!gst_element_seek_simple (scan->pipeline, GST_FORMAT_TIME,
              GST_SEEK_FLAG_FLUSH,
              gst_util_uint64_scale (from, GST_SECOND,
                  GST_AUDIO_INFO_RATE (&info))))
        end_part (scan);
    } else {
      end_part (scan);
    }
    if (caps)
      gst_caps_unref (caps);
    if (!scan->part_ended)
      gst_element_set_state (scan->pipeline, GST_STATE_PLAYING);
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_APPLICATION
      && gst_message_has_name (msg, DRMT_PART_DONE_MESSAGE)) {
    end_part (scan);
  }
}

static gboolean
on_bus_message (GstBus * bus, GstMessage * msg, gpointer user_data)
{
  DrmtScan *scan = user_data;

  if (scan->part_probe && !scan->part_ended && !scan->finished)
    on_part_message (scan, msg);
  if (!scan->finished && !scan->part_ended) {
    switch (GST_MESSAGE_TYPE (msg)) {
      case GST_MESSAGE_ERROR:
        on_error (scan, msg);
        break;
      case GST_MESSAGE_WARNING:
        on_warning (scan, msg);
        break;
      case GST_MESSAGE_ELEMENT:
        on_element_message (scan, msg);
        break;
      case GST_MESSAGE_TAG:
        on_tag (scan, msg);
        break;
      case GST_MESSAGE_APPLICATION:
        if (gst_message_has_name (msg, NO_AUDIO_MESSAGE))
          on_no_audio (scan);
        break;
      case GST_MESSAGE_EOS:
        if (scan->part_probe) {
          drmt_part_probe_eos (scan->part_probe);
          end_part (scan);
        } else {
          complete (scan);
        }
        break;
      default:
        break;
    }
  }
  if (scan->finished) {
    scan->bus_watch = 0;
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

/* ---------------------------------------------------------------- */

/* Reasons found before GStreamer is involved: clearer than its own. */
static gchar *
precheck (const DrmtScannedTrack * t)
{
  int fd = g_open (t->path, O_RDONLY, 0);

  if (fd < 0)
    return g_strdup (g_strerror (errno));
  close (fd);
  if (t->size == 0)
    return g_strdup ("empty file");
  return NULL;
}

static GstElement *
make (const gchar * factory, const gchar * name)
{
  GstElement *e = gst_element_factory_make (factory, name);

  if (!e)
    g_printerr ("gst-drmeter: GStreamer element '%s' is missing\n", factory);
  return e;
}

static void
on_have_type (GstElement * typefind, guint probability, GstCaps * caps,
    gpointer user_data)
{
  DrmtScan *scan = user_data;

  g_mutex_lock (&scan->lock);
  if (!scan->file_type)
    scan->file_type = gst_caps_ref (caps);
  g_mutex_unlock (&scan->lock);
}

/* What decodebin's typefinder takes the file for (quirks.c: a type that
 * holds no audio is "not an audio file", whatever plugin is missing). */
static void
watch_type (DrmtScan * scan, GstElement * decodebin)
{
  GstElement *typefind = gst_bin_get_by_name (GST_BIN (decodebin),
      "typefind");

  if (!typefind)
    return;
  g_signal_connect (typefind, "have-type", G_CALLBACK (on_have_type), scan);
  gst_object_unref (typefind);
}

/* filesrc ! decodebin, linked to the converter as pads appear; a WavPack
 * file through wavpackparse first: GStreamer 1.22's type finder takes a
 * WavPack file that starts with many seconds of digital silence (at 96 kHz
 * and up) for MPEG-1 layer 1, and the file's "wvpk" magic already says
 * what it is. */
static gchar *
add_decodebin (DrmtScan * scan, DrmtScannedTrack * track)
{
  GstElement *src = make ("filesrc", NULL);
  GstElement *decodebin = make ("decodebin", NULL);
  gboolean wavpack = scan->declared.container == DRMT_CONTAINER_WAVPACK;
  GstElement *parse = wavpack ? make ("wavpackparse", NULL) : NULL;

  if (!src || !decodebin || (wavpack && !parse)) {
    if (src)
      gst_object_unref (src);
    if (decodebin)
      gst_object_unref (decodebin);
    if (parse)
      gst_object_unref (parse);
    return g_strdup ("GStreamer installation incomplete");
  }
  g_object_set (src, "location", track->path, NULL);
  if (scan->declared.mp4.n_patches > 0) {
    /* qtdemux must not apply the edit list itself (mp4edit.c) */
    GstPad *pad = gst_element_get_static_pad (src, "src");

    drmt_mp4_attach_patches (pad, &scan->declared.mp4);
    gst_object_unref (pad);
  }
  gst_bin_add_many (GST_BIN (scan->pipeline), src, decodebin, NULL);
  scan->decodebin = decodebin;
  if (parse) {
    gst_bin_add (GST_BIN (scan->pipeline), parse);
    if (!gst_element_link_many (src, parse, decodebin, NULL))
      return g_strdup ("could not build the pipeline");
  } else if (!gst_element_link (src, decodebin))
    return g_strdup ("could not build the pipeline");

  g_signal_connect (decodebin, "autoplug-select",
      G_CALLBACK (on_autoplug_select), scan);
  g_signal_connect (decodebin, "autoplug-sort",
      G_CALLBACK (on_autoplug_sort), scan);
  g_signal_connect (decodebin, "autoplug-query",
      G_CALLBACK (on_autoplug_query), scan);
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (on_pad_added), scan);
  g_signal_connect (decodebin, "no-more-pads",
      G_CALLBACK (on_no_more_pads), scan);
  g_signal_connect (decodebin, "element-added",
      G_CALLBACK (on_element_added), scan);
  watch_type (scan, decodebin);
  return NULL;
}

/* The data chunk of a PCM WAV ! rawaudioparse ! the converter. */
/* @from: the first frame to read (a part of the file, split.c). */
static gchar *
add_wav_source (DrmtScan * scan, DrmtScannedTrack * track, guint64 from)
{
  DrmtWav at = scan->wav;
  GstElement *src, *parse;

  from = MIN (from, at.data_size / at.block_align);
  at.data_offset += from * at.block_align;
  at.data_size -= from * at.block_align;
  src = drmt_wav_source_new (track->path, &at);
  parse = make ("rawaudioparse", NULL);

  if (!src || !parse) {
    if (src)
      gst_object_unref (src);
    if (parse)
      gst_object_unref (parse);
    return g_strdup ("GStreamer installation incomplete");
  }
  g_object_set (parse, "use-sink-caps", TRUE, NULL);
  gst_bin_add_many (GST_BIN (scan->pipeline), src, parse, NULL);
  if (caps_channels (scan->wav.caps) > CONVERTER_MAX_CHANNELS
      && !bypass_converter (scan))
    return g_strdup ("could not build the pipeline");
  if (!gst_element_link_many (src, parse, scan->convert, NULL))
    return g_strdup ("could not build the pipeline");
  g_mutex_lock (&scan->lock);
  scan->audio_linked = TRUE;
  g_mutex_unlock (&scan->lock);
  if (scan->wav.tags)
    scan->tags = gst_tag_list_ref (scan->wav.tags);
  return NULL;
}

/* audioconvert ! drmeter ! fakesink, set up and linked: the end of every
 * pipeline. */
static gchar *
add_measuring_end (DrmtScan * scan, const DrmtScanOptions * opts,
    gboolean part)
{
  scan->convert = make ("audioconvert", NULL);
  scan->meter = make ("drmeter", NULL);
  scan->sink = make ("fakesink", NULL);
  if (!scan->convert || !scan->meter || !scan->sink) {
    if (scan->convert)
      gst_object_unref (scan->convert);
    if (scan->meter)
      gst_object_unref (scan->meter);
    if (scan->sink)
      gst_object_unref (scan->sink);
    scan->convert = scan->meter = scan->sink = NULL;
    return g_strdup ("GStreamer installation incomplete");
  }

  g_object_set (scan->convert, "dithering", 0, "noise-shaping", 0, NULL);
  g_object_set (scan->meter, "multichannel-weighting",
      opts->multichannel_weighting, "reference-order", opts->reference_order,
      "interval", (guint64) 0,
      "post-messages", !part, "post-windows", opts->windows && !part, NULL);
  if (opts->windows && !part)
    scan->windows = drmt_windows_new ();
  /* no clock, and no reference to the last buffer */
  g_object_set (scan->sink, "sync", FALSE, "enable-last-sample", FALSE, NULL);

  gst_bin_add_many (GST_BIN (scan->pipeline), scan->convert, scan->meter,
      scan->sink, NULL);
  if (!gst_element_link_many (scan->convert, scan->meter, scan->sink, NULL))
    return g_strdup ("could not build the pipeline");
  return NULL;
}

/* What reads the file: none for a chained Ogg file (the same answer every
 * time, oggchain.c) or one whose declared length is visibly missing
 * (declared.c), wavfile.c for WAV and RF64 PCM, decodebin for the rest. */
static gchar *
add_source (DrmtScan * scan, DrmtScannedTrack * track, guint64 from)
{
  gchar *reason = drmt_declared_read (track->path, &scan->declared);

  if (reason)
    return reason;
  drmt_wav_read (track->path, track->size, &scan->wav);
  if (scan->wav.kind == DRMT_WAV_DAMAGED)
    return g_strdup (scan->wav.error);
  return scan->wav.kind == DRMT_WAV_PCM ? add_wav_source (scan, track,
      from) : add_decodebin (scan, track);
}

/* The MP3 encoder delay and padding trimmed (gapless.c), the buffers
 * watched for lost data, the bus watched. */
static void
add_watches (DrmtScan * scan, DrmtScannedTrack * track,
    const DrmtScanOptions * opts, const DrmtScanPart * part)
{
  GstPad *pad;
  GstBus *bus;

  if (scan->declared.trims) {
    pad = gst_element_get_static_pad (scan->convert, "src");
    scan->trim = drmt_trim_attach (pad, &scan->declared.trim);
    gst_object_unref (pad);
  } else if (drmt_gapless_read_mp3 (track->path, &scan->gapless)) {
    /* stands down if the parser trims (quirks.c) */
    pad = gst_element_get_static_pad (scan->convert, "src");
    scan->trim = drmt_trim_attach (pad, &scan->gapless);
    gst_object_unref (pad);
  }

  pad = gst_element_get_static_pad (scan->meter, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_buffer, scan, NULL);
  /* (a part ends where it is told: its decoding cannot run away) */
  if (!part)
    scan->runaway = drmt_runaway_attach (pad, scan->pipeline, track->size);
  if (part) {
    /* WAV is read from the part's guard frames on; the rest seeks there */
    gboolean wav = scan->wav.kind == DRMT_WAV_PCM;

    scan->part = *part;
    scan->seek_sent = wav || part->first == 0;
    scan->part_probe = drmt_part_probe_attach (pad, part, !scan->seek_sent,
        wav ? part_origin (part) : 0, opts->reference_order, scan->meter);
  }
  gst_object_unref (pad);

  bus = gst_pipeline_get_bus (GST_PIPELINE (scan->pipeline));
  scan->bus_watch = gst_bus_add_watch (bus, on_bus_message, scan);
  gst_object_unref (bus);
}

static DrmtScan *
start_scan (DrmtScannedTrack * track, const DrmtScanOptions * opts,
    const DrmtScanPart * part, DrmtScanDone done, gpointer user_data)
{
  DrmtScan *scan = g_new0 (DrmtScan, 1);
  gchar *reason;

  scan->track = track;
  scan->done = done;
  scan->user_data = user_data;
  g_mutex_init (&scan->lock);
  scan->cut = drmt_image_cut_new (track);

  reason = precheck (track);
  if (reason) {
    scan->pipeline = gst_pipeline_new (NULL);
    fail (scan, reason);
    g_free (reason);
    return scan;
  }
  /* the names first: a file that crashes TagLib (or hangs it, which the
   * stall watchdog ends) fails before it is decoded; a part of a file
   * leaves them to the file's head job */
  if (!part)
    file_tags (scan);

  scan->pipeline = gst_pipeline_new (NULL);
  reason = add_measuring_end (scan, opts, part != NULL);
  if (!reason)
    reason = add_source (scan, track, part ? part_origin (part) : 0);
  if (reason) {
    fail (scan, reason);
    g_free (reason);
    return scan;
  }
  add_watches (scan, track, opts, part);

  /* A failure to start is followed by an error message on the bus. A
   * part that seeks prerolls first (on_part_message). */
  gst_element_set_state (scan->pipeline, part && !scan->seek_sent ?
      GST_STATE_PAUSED : GST_STATE_PLAYING);
  return scan;
}

DrmtScan *
drmt_scan_start (DrmtScannedTrack * track, const DrmtScanOptions * opts,
    DrmtScanDone done, gpointer user_data)
{
  return start_scan (track, opts, NULL, done, user_data);
}

DrmtScan *
drmt_scan_start_part (DrmtScannedTrack * track, const DrmtScanOptions * opts,
    const DrmtScanPart * part, DrmtScanDone done, gpointer user_data)
{
  return start_scan (track, opts, part, done, user_data);
}

DrmPart *
drmt_scan_take_part (DrmtScan * scan, DrmtPartFacts * facts,
    const gchar ** doubt)
{
  if (!scan->part_probe || scan->finished) {
    *doubt = scan->track->error ? scan->track->error : "the part failed";
    return NULL;
  }
  return drmt_part_probe_take (scan->part_probe, facts, doubt);
}

gboolean
drmt_scan_get_part_info (DrmtScan * scan, GstAudioInfo * info)
{
  GstPad *pad = gst_element_get_static_pad (scan->meter, "sink");
  GstCaps *caps = gst_pad_get_current_caps (pad);
  gboolean ok = caps && gst_audio_info_from_caps (info, caps);

  gst_object_unref (pad);
  if (caps)
    gst_caps_unref (caps);
  return ok;
}

void
drmt_scan_complete_parts (DrmtScan * head, DrmtScannedTrack * track,
    GstDrMeterParsedReport * report, DrmtWindows * windows)
{
  head->track = track;
  g_free (head->result);
  head->result = report;
  drmt_windows_free (head->windows);
  head->windows = windows;
  /* what a one-pass scan does at its end, with the parts' result */
  complete (head);
}

DrmtScannedTrack *
drmt_scan_get_track (DrmtScan * scan)
{
  return scan->track;
}

guint64
drmt_scan_get_position (DrmtScan * scan)
{
  gint64 pos = 0;

  if (scan->part_probe)
    return drmt_part_probe_position (scan->part_probe);
  if (scan->finished || !scan->sink)
    return 0;
  if (!gst_element_query_position (scan->sink, GST_FORMAT_TIME, &pos)
      || pos < 0)
    return 0;
  return (guint64) pos;
}

/* Looks in a row that find the pipeline stopped before it fails: one look
 * could fall between two elements' tasks (a pad being activated). */
#define STOPPED_LOOKS 5

gboolean
drmt_scan_check_stopped (DrmtScan * scan)
{
  GstBus *bus;
  gboolean pending;
  gchar *stopped = NULL, *reason;

  /* a whole file through decodebin that has delivered nothing yet */
  if (scan->finished || !scan->decodebin || scan->part_probe
      || drmt_scan_get_bytes (scan) > 0)
    return FALSE;
  bus = gst_pipeline_get_bus (GST_PIPELINE (scan->pipeline));
  pending = gst_bus_have_pending (bus);
  gst_object_unref (bus);
  if (pending || drmt_pipeline_at_work (GST_BIN (scan->pipeline), &stopped)) {
    scan->idle_looks = 0;
    return FALSE;
  }
  if (++scan->idle_looks < STOPPED_LOOKS) {
    g_free (stopped);
    return FALSE;
  }
  reason = stopped ? g_strdup_printf ("damaged file: decoding stopped "
      "before any audio (%s)", stopped) :
      g_strdup ("damaged file: decoding stopped before any audio");
  GST_INFO ("%s: %s", scan->track->path, reason);
  fail (scan, reason);
  g_free (reason);
  g_free (stopped);
  return TRUE;
}

gchar *
drmt_scan_check_runaway (DrmtScan * scan)
{
  if (scan->finished || !scan->runaway)
    return NULL;
  return drmt_runaway_check (scan->runaway);
}

guint64
drmt_scan_get_bytes (DrmtScan * scan)
{
  return (gsize) g_atomic_pointer_get (&scan->bytes);
}

void
drmt_scan_free (DrmtScan * scan)
{
  if (!scan)
    return;
  if (scan->bus_watch)
    g_source_remove (scan->bus_watch);
  if (scan->idle)
    g_source_remove (scan->idle);
  if (scan->pipeline) {
    gst_element_set_state (scan->pipeline, GST_STATE_NULL);
    gst_object_unref (scan->pipeline);
  }
  drmt_runaway_free (scan->runaway);
  drmt_part_probe_free (scan->part_probe);
  drmt_trim_free (scan->trim);
  drmt_wav_clear (&scan->wav);
  drmt_file_tags_clear (&scan->file_tags);
  if (scan->codec_caps)
    gst_caps_unref (scan->codec_caps);
  if (scan->parser)
    gst_object_unref (scan->parser);
  if (scan->file_type)
    gst_caps_unref (scan->file_type);
  g_free (scan->decoder);
  g_free (scan->float_missing);
  if (scan->tags)
    gst_tag_list_unref (scan->tags);
  g_free (scan->result);
  drmt_windows_free (scan->windows);
  drmt_image_cut_free (scan->cut);
  g_free (scan->embedded);
  g_free (scan->missing);
  g_mutex_clear (&scan->lock);
  g_free (scan);
}
