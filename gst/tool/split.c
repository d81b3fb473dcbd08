/* gst-drmeter: one long file measured in parts at once.
 *
 * Decoding is what a scan waits for, one core per file: a long file would
 * keep one core busy while the others idle. For formats whose decoders
 * seek to an exact sample (FLAC, with or without a seek table, WAV, AIFF,
 * RF64, WavPack), the file is cut at window boundaries into parts measured
 * by pipelines of their own (partprobe.c), each into a DrmPart, and the
 * parts are combined in window order into one meter: the engine makes that
 * bit-identical to a one-pass measurement. The report and the windows are
 * then built with the element's own message code and read back with the
 * scanner's, and the head part's scan fills the track as a one-pass scan
 * does, so log, JSON and plots print the same bytes.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include <gst/pbutils/pbutils.h>
#include "split.h"
#include "drmeter-message.h"
#include "image.h"
#include "plot.h"

typedef struct {
  DrmtSplit *split;
  DrmtScannedTrack *track;      /* a scratch track for the part */
  DrmtScan *scan;
  DrmPart *part;
  DrmtPartFacts facts;
  gboolean done;
} Piece;

struct _DrmtSplit {
  DrmtScannedTrack *track;
  DrmtScanOptions opts;
  DrmtSplitDone done;
  gpointer user_data;
  guint parts, finished;
  guint rate;
  Piece *piece;
  DrmtScan *fallback;           /* the one-pass scan after a doubt */
  gboolean completing;          /* the head scan fills the track */
  guint idle;
};

/* ---- which files, how many parts ---- */

gboolean
drmt_split_name_ok (const gchar * path)
{
  static const gchar *ext[] = { ".flac", ".wav", ".wave", ".rf64", ".wv" };
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
      gchar *sheet = drmt_image_embedded_sheet
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

guint
drmt_split_parts_possible (DrmtScannedTrack * track, guint wanted)
{
  guint64 frames = 0;
  guint rate = 0, most;

  if (wanted < 2 || !drmt_split_name_ok (track->path)
      || !probe_length (track->path, &frames, &rate))
    return 1;
  most = (guint) MIN (frames / ((guint64) rate * DRMT_SPLIT_MIN_PART_SECONDS),
      G_MAXUINT);
  return MAX (1, MIN (wanted, most));
}

/* ---- measuring the parts ---- */

static void
debug_doubt (DrmtSplit * s, const gchar * why)
{
  if (g_getenv ("DRMT_SPLIT_DEBUG"))
    g_printerr ("gst-drmeter: %s: measured again in one pass: %s\n",
        s->track->display, why);
}

static gboolean
done_idle (gpointer user_data)
{
  DrmtSplit *s = user_data;

  s->idle = 0;
  s->done (s, s->user_data);
  return G_SOURCE_REMOVE;
}

static void
on_fallback_done (DrmtScan * scan, gpointer user_data)
{
  DrmtSplit *s = user_data;

  s->idle = g_idle_add (done_idle, s);
}

static void
stop_pieces (DrmtSplit * s)
{
  for (guint i = 0; i < s->parts; i++) {
    g_clear_pointer (&s->piece[i].scan, drmt_scan_free);
    g_clear_pointer (&s->piece[i].part, drm_part_free);
    g_clear_pointer (&s->piece[i].track, drmt_scanned_track_free);
  }
}

static void
fall_back (DrmtSplit * s, const gchar * why)
{
  debug_doubt (s, why);
  stop_pieces (s);
  s->fallback = drmt_scan_start (s->track, &s->opts, on_fallback_done, s);
}

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

/* Every part in, each where the one before ended, the cuts agreeing. */
static const gchar *
check_parts (DrmtSplit * s)
{
  guint64 at = 0;

  for (guint i = 0; i < s->parts; i++) {
    const DrmtPartFacts *f = &s->piece[i].facts;

    if (f->first != at)
      return "a part does not start where the one before ended";
    if (i + 1 < s->parts && (f->to_end || f->frames == 0))
      return "the stream ended in an inner part";
    if (i + 1 == s->parts && !f->to_end)
      return "the last part did not reach the end of the stream";
    if (i > 0 && f->head_hash != s->piece[i - 1].facts.tail_hash)
      return "two parts decoded different samples at their cut";
    at += f->frames;
  }
  if (g_strcmp0 (g_getenv ("DRMT_SPLIT_DEBUG"), "disagree") == 0)
    return "two parts decoded different samples at their cut (test)";
  return NULL;
}

static void
on_head_complete (DrmtScan * scan, gpointer user_data)
{
  DrmtSplit *s = user_data;

  s->idle = g_idle_add (done_idle, s);
}

/* Combines the parts and lets the head scan fill the track. */
static void
combine (DrmtSplit * s)
{
  Piece *head = &s->piece[0];
  const gchar *why = check_parts (s);
  GstAudioInfo info;
  DrmMeter *meter = NULL;
  DrmTrackResult *result = NULL;
  WindowSink ws = { 0 };
  GstDrMeterParsedReport *parsed = NULL;
  DrmAlbum album;

  if (!why && !drmt_scan_get_part_info (head->scan, &info))
    why = "the head part's format cannot be read";
  if (!why) {
    meter = drm_meter_new (GST_AUDIO_INFO_RATE (&info),
        GST_AUDIO_INFO_CHANNELS (&info),
        s->opts.reference_order ? DRM_FLAG_SEQUENTIAL : DRM_FLAG_NONE, NULL);
    if (!meter)
      why = "no memory for the combined meter";
  }
  if (!why) {
    drm_meter_set_channel_weighting (meter, s->opts.multichannel_weighting);
    if (s->opts.windows) {
      ws.windows = drmt_windows_new ();
      ws.rate = GST_AUDIO_INFO_RATE (&info);
      drm_meter_set_window_func (meter, on_window, &ws);
    }
    for (guint i = 0; i < s->parts && !why; i++)
      if (drm_meter_add_part (meter, s->piece[i].part) != DRM_OK)
        why = "the engine refused a part";
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
    report.window_fields = s->opts.windows;
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
    fall_back (s, why);
    return;
  }
  if (ws.windows)
    drmt_windows_set_summary (ws.windows, parsed);
  /* only the head scan is left: it fills the track and calls back */
  for (guint i = 1; i < s->parts; i++) {
    g_clear_pointer (&s->piece[i].scan, drmt_scan_free);
    g_clear_pointer (&s->piece[i].part, drm_part_free);
  }
  if (g_getenv ("DRMT_SPLIT_DEBUG"))
    g_printerr ("gst-drmeter: %s: measured in %u parts\n", s->track->display,
        s->parts);
  s->completing = TRUE;
  drmt_scan_complete_parts (head->scan, s->track, parsed, ws.windows);
}

static void
on_piece_done (DrmtScan * scan, gpointer user_data)
{
  Piece *p = user_data;
  DrmtSplit *s = p->split;
  const gchar *why = NULL;

  if (s->completing) {
    on_head_complete (scan, s);
    return;
  }
  p->done = TRUE;
  p->part = drmt_scan_take_part (scan, &p->facts, &why);

  if (!p->part) {
    fall_back (s, why ? why : "a part failed");
    return;
  }
  /* stop decoding at once; the head scan stays, to fill the track */
  if (p != &s->piece[0])
    g_clear_pointer (&p->scan, drmt_scan_free);
  if (++s->finished == s->parts)
    combine (s);
}

DrmtSplit *
drmt_split_start (DrmtScannedTrack * track, const DrmtScanOptions * opts,
    guint parts, DrmtSplitDone done, gpointer user_data)
{
  DrmtSplit *s = g_new0 (DrmtSplit, 1);
  guint64 frames = 0, w, per;
  guint rate = 0;
  DrmMeter *probe;

  s->track = track;
  s->opts = *opts;
  s->done = done;
  s->user_data = user_data;
  if (parts < 2 || !probe_length (track->path, &frames, &rate)) {
    s->fallback = drmt_scan_start (track, opts, on_fallback_done, s);
    return s;
  }
  /* equal parts of whole windows; the last one runs to the stream's end,
   * wherever that is (the probe's length is only an estimate) */
  probe = drm_meter_new (rate, 1, DRM_FLAG_NONE, NULL);
  w = probe ? drm_meter_get_window_frames (probe) : 0;
  drm_meter_free (probe);
  if (w == 0) {
    s->fallback = drmt_scan_start (track, opts, on_fallback_done, s);
    return s;
  }
  s->rate = rate;
  per = MAX (1, frames / parts / w) * w;
  s->parts = parts;
  s->piece = g_new0 (Piece, parts);

  for (guint i = 0; i < parts; i++) {
    DrmtScanPart part = { i * per, i + 1 < parts ? per : 0 };
    Piece *p = &s->piece[i];

    p->split = s;
    p->track = drmt_scanned_track_new (track->path, track->size);
    p->scan = drmt_scan_start_part (p->track, opts, &part, on_piece_done, p);
  }
  return s;
}

guint64
drmt_split_get_position (DrmtSplit * s)
{
  guint64 pos = 0;

  if (s->fallback)
    return drmt_scan_get_position (s->fallback);
  for (guint i = 0; i < s->parts; i++) {
    if (s->piece[i].part)
      pos += gst_util_uint64_scale (drm_part_get_frames (s->piece[i].part),
          GST_SECOND, s->rate);
    else if (s->piece[i].scan)
      pos += drmt_scan_get_position (s->piece[i].scan);
  }
  return pos;
}

guint64
drmt_split_get_bytes (DrmtSplit * s)
{
  guint64 bytes = 0;

  if (s->fallback)
    return drmt_scan_get_bytes (s->fallback);
  for (guint i = 0; i < s->parts; i++)
    if (s->piece[i].scan)
      bytes += drmt_scan_get_bytes (s->piece[i].scan);
  return bytes;
}

void
drmt_split_free (DrmtSplit * s)
{
  if (!s)
    return;
  if (s->idle)
    g_source_remove (s->idle);
  if (s->piece)
    stop_pieces (s);
  g_free (s->piece);
  drmt_scan_free (s->fallback);
  g_free (s);
}
