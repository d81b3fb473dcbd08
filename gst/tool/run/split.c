/* gst-drmeter: one long file measured in parts at once, the worker's side.
 *
 * Decoding is what a scan waits for, one core per file: a long file would
 * keep one core busy while the others idle. For formats whose decoders
 * seek to an exact sample (FLAC, with or without a seek table, WAV, AIFF,
 * RF64, WavPack), the file is cut at window boundaries into parts, each
 * measured by a worker process of its own (worker.c, partprobe.c) into a
 * DrmPart. The worker of the first part (the head job) probes the file
 * once and cuts it (drmt_split_plan); once the scanner has every part and
 * has checked them (partjob.c), the head job combines them in window
 * order into one meter: the engine makes that bit-identical to a one-pass
 * measurement. The report and the windows are then built with the
 * element's own message code and read back with the scanner's, and the
 * head part's scan fills the track as a one-pass scan does, so log, JSON
 * and plots print the same bytes.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include <gst/pbutils/pbutils.h>
#include "split.h"
#include "drmeter-message.h"
#include "formats/formats.h"
#include "album/album.h"

/* ---- which files, how many parts ---- */

gboolean
drmt_split_name_ok (const gchar * path)
{
  static const gchar *ext[] = { ".flac", ".wav", ".wave", ".rf64", ".wv",
    ".aif", ".aiff", ".aifc"
  };
  gchar *lower = g_ascii_strdown (path, -1);
  gboolean ok = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (ext) && !ok; i++)
    ok = g_str_has_suffix (lower, ext[i]);
  g_free (lower);
  return ok;
}

/* The stream's length and rate, from a short probe of the file. */
static gboolean
probe_length (const gchar * path, guint64 * frames, guint * rate)
{
  GstDiscoverer *d = gst_discoverer_new (5 * GST_SECOND, NULL);
  GstDiscovererInfo *info = NULL;
  GList *audio = NULL;
  gchar *uri = gst_filename_to_uri (path, NULL);
  gboolean ok = FALSE;

  if (d && uri)
    info = gst_discoverer_discover_uri (d, uri, NULL);
  if (info && gst_discoverer_info_get_result (info) == GST_DISCOVERER_OK)
    audio = gst_discoverer_info_get_audio_streams (info);
  /* one audio stream and nothing else */
  if (audio && !audio->next) {
    GList *all = gst_discoverer_info_get_stream_list (info);
    GstDiscovererAudioInfo *a = audio->data;

    *rate = gst_discoverer_audio_info_get_sample_rate (a);
    *frames = gst_util_uint64_scale (gst_discoverer_info_get_duration (info),
        *rate, GST_SECOND);
    ok = *rate > 0 && g_list_length (all) <= 2;
    /* a CUESHEET tag makes the file an image, cut in one pass */
    if (ok) {
      gchar *sheet = drmt_embedded_cue_sheet
          (gst_discoverer_info_get_tags (info));

      ok = sheet == NULL;
      g_free (sheet);
    }
    gst_discoverer_stream_info_list_free (all);
  }
  gst_discoverer_stream_info_list_free (audio);
  if (info)
    g_object_unref (info);
  if (d)
    g_object_unref (d);
  g_free (uri);
  return ok;
}

void
drmt_split_plan (DrmtScannedTrack * track, guint wanted, DrmtPartPlan * plan)
{
  guint64 frames = 0, w = 0, most;
  guint rate = 0;
  DrmMeter *probe;
  const gchar *test_seconds;

  memset (plan, 0, sizeof *plan);
  plan->parts = 1;
  if (wanted < 2 || !drmt_split_name_ok (track->path))
    return;
  switch (drmt_length_from_header (track->path, track->size, &frames,
          &rate)) {
    case DRMT_LENGTH_IMAGE:
      return;                   /* an image is cut into its tracks */
    case DRMT_LENGTH_UNKNOWN:
      if (!probe_length (track->path, &frames, &rate))
        return;
      break;
    case DRMT_LENGTH_KNOWN:
      break;
  }
  probe = drm_meter_new (rate, 1, DRM_FLAG_NONE, NULL);
  w = probe ? drm_meter_get_window_frames (probe) : 0;
  drm_meter_free (probe);
  most = frames / ((guint64) rate * DRMT_SPLIT_MIN_PART_SECONDS);
  if (w == 0 || most < 2)
    return;
  plan->rate = rate;
  plan->frames = frames;
  plan->window_frames = w;
  plan->parts = (guint) MIN (wanted, most);
  /* At least a 64th of a decoder's share: the last parts are the
   * shortest, and how far apart the decoders end is about one of them
   * (0.04 to 0.13 s with a 16th on 30 to 60 minutes of FLAC on 2 cores,
   * 0.01 to 0.035 s with a 64th, for two parts more at 2 to 4 ms of CPU
   * each: docs/benchmarks.md). */
  plan->min_frames = MAX ((guint64) rate * DRMT_SPLIT_MIN_CUT_SECONDS,
      frames / (64 * plan->parts));
  test_seconds = g_getenv (DRMT_SPLIT_PART_SECONDS_ENV);
  if (test_seconds)
    plan->min_frames = (guint64) rate * g_ascii_strtoull (test_seconds,
        NULL, 10);
  plan->min_frames = MAX (1, (plan->min_frames + w - 1) / w) * w;
  /* Part 0, which this worker measures at once, is half a decoder's share:
   * the scanner cuts the next parts as decoders free up, each an equal
   * share of what is left, so that the last ones make up for how fast the
   * first ones went (partjob.c). Whole windows; the last part runs to the
   * stream's end, wherever that is (the header's length is only what it
   * says). */
  plan->first_frames = test_seconds ? plan->min_frames :
      MAX (plan->min_frames, frames / (2 * plan->parts) / w * w);
  if (plan->first_frames + plan->min_frames > frames)
    plan->parts = 1;
}

/* ---- combining the parts ---- */

typedef struct {
  DrmtScannedTrack *track;
  DrmtWindows *windows;
  guint rate;
} WindowSink;

/* The combined meter's windows, as the element would have posted them
 * (positions from frame 0 at time 0: the head part checked that). */
static void
on_window (const DrmWindowInfo * window, void *user_data)
{
  WindowSink *ws = user_data;
  GstDrMeterWindow ctx;
  GstDrMeterParsedWindow parsed;
  GstStructure *st;

  ctx.track = 1;
  ctx.start = gst_util_uint64_scale (window->first_frame, GST_SECOND,
      ws->rate);
  ctx.duration = gst_util_uint64_scale (window->first_frame + window->frames,
      GST_SECOND, ws->rate) - ctx.start;
  ctx.running_time = ctx.start + ctx.duration;
  st = gst_drmeter_window_to_structure (window, &ctx);
  if (gst_drmeter_parse_window (st, &parsed))
    drmt_windows_add (ws->windows, &parsed);
  gst_structure_free (st);
}

const gchar *
drmt_split_combine (DrmtScan * head, DrmtScannedTrack * track,
    const DrmtScanOptions * opts, GPtrArray * parts)
{
  const gchar *why = NULL;
  GstAudioInfo info;
  DrmMeter *meter = NULL;
  DrmTrackResult *result = NULL;
  WindowSink ws = { 0 };
  GstDrMeterParsedReport *parsed = NULL;
  DrmAlbum album;

  if (parts->len < 2)
    why = "not parts of a file";
  if (!why && !drmt_scan_get_part_info (head, &info))
    why = "the head part's format cannot be read";
  if (!why) {
    meter = drm_meter_new (GST_AUDIO_INFO_RATE (&info),
        GST_AUDIO_INFO_CHANNELS (&info),
        opts->reference_order ? DRM_FLAG_SEQUENTIAL : DRM_FLAG_NONE, NULL);
    if (!meter)
      why = "no memory for the combined meter";
  }
  if (!why) {
    drm_meter_set_channel_weighting (meter, opts->multichannel_weighting);
    if (opts->windows) {
      ws.windows = drmt_windows_new ();
      ws.rate = GST_AUDIO_INFO_RATE (&info);
      drm_meter_set_window_func (meter, on_window, &ws);
    }
    for (guint i = 0; i < parts->len && !why; i++) {
      DrmtPartResult *r = g_ptr_array_index (parts, i);
      gsize size;
      gconstpointer data = g_bytes_get_data (r->part, &size);
      DrmPart *part = drm_part_deserialize (data, size, NULL);

      /* each must start where the one before ended */
      if (!part || drm_meter_add_part (meter, part) != DRM_OK)
        why = "the engine refused a part";
      drm_part_free (part);
    }
  }
  if (!why) {
    GstDrMeterReport report = { 0 };
    GstStructure *st;

    result = g_new (DrmTrackResult, 1);
    drm_meter_finish (meter, result);
    drm_album_init (&album, FALSE);
    drm_album_add (&album, result);
    report.final = TRUE;
    report.track = 1;
    report.format = GST_AUDIO_INFO_FORMAT (&info);
    report.positions = info.position;
    report.timestamp = gst_util_uint64_scale (result->frames, GST_SECOND,
        result->rate);
    report.stream_time = report.running_time = report.timestamp;
    report.album = &album;
    report.window_fields = opts->windows;
    st = gst_drmeter_report_to_structure (result, &report);
    parsed = g_new (GstDrMeterParsedReport, 1);
    if (!gst_drmeter_parse_report (st, parsed))
      why = "the combined report cannot be read";
    gst_structure_free (st);
  }
  if (meter)
    drm_meter_free (meter);
  g_free (result);
  if (why) {
    g_free (parsed);
    drmt_windows_free (ws.windows);
    return why;
  }
  if (ws.windows)
    drmt_windows_set_summary (ws.windows, parsed);
  drmt_scan_complete_parts (head, track, parsed, ws.windows);
  return NULL;
}

