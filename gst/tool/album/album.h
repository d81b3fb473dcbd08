/* gst-drmeter, step "assemble": the door of album/ (docs/architecture.md).
 *
 * What the scanner knows about one file and one album: DrmtScannedTrack
 * (a file or a CUE track: its names as walked, its tags, the stream, the
 * result or the error, its windows with --plot) and DrmtScannedAlbum (a
 * folder's tracks in listing order). Every step holds these records; the
 * album values (log order, Official DR value, disc folders) are computed
 * here, and nothing here runs a pipeline.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_ALBUM_H
#define DRMT_ALBUM_H

#include <glib.h>
#include <glib/gstdio.h>
#include <gst/audio/audio.h>
#include "drmeter.h"
#include "drmeter-schema.h"

G_BEGIN_DECLS

/* Channel labels, in the order the log's columns use. The first eight are
 * foobar2000's (FL FR FC LFE BL BR SL SR, in WAVE channel-mask order with
 * FLC FRC BC between them); then the other WAVE mask positions, then the
 * positions only GStreamer knows, then unpositioned channels Ch1..Ch64. */
typedef enum {
  DRMT_LABEL_FL, DRMT_LABEL_FR, DRMT_LABEL_FC, DRMT_LABEL_LFE,
  DRMT_LABEL_BL, DRMT_LABEL_BR, DRMT_LABEL_FLC, DRMT_LABEL_FRC,
  DRMT_LABEL_BC, DRMT_LABEL_SL, DRMT_LABEL_SR, DRMT_LABEL_TC,
  DRMT_LABEL_TFL, DRMT_LABEL_TFC, DRMT_LABEL_TFR, DRMT_LABEL_TBL,
  DRMT_LABEL_TBC, DRMT_LABEL_TBR,
  DRMT_LABEL_LFE2, DRMT_LABEL_TSL, DRMT_LABEL_TSR, DRMT_LABEL_BFC,
  DRMT_LABEL_BFL, DRMT_LABEL_BFR, DRMT_LABEL_WL, DRMT_LABEL_WR,
  DRMT_LABEL_SURL, DRMT_LABEL_SURR,
  DRMT_LABEL_CH1,               /* ... up to DRMT_LABEL_CH1 + 63 */
  DRMT_N_LABELS = DRMT_LABEL_CH1 + DRM_MAX_CHANNELS
} DrmtLabel;

/* Fills @label (one per channel) from GStreamer channel positions. */
void drmt_labels_from_positions (const GstAudioChannelPosition * pos,
    guint channels, gboolean unpositioned, gint * label);
/* "FL", "Ch9", ... */
const gchar *drmt_label_name (gint label, gchar buf[8]);

/* A track's windows, for --plot (struct _DrmtWindows below). */
typedef struct _DrmtWindows DrmtWindows;

typedef struct {
  gdouble dr;                   /* channel DR, binary32 widened */
  gdouble peak_db;              /* dBFS, -inf for silence */
  gdouble rms_db;
  gint label;                   /* DrmtLabel */
} DrmtChannel;

/* The DR tags a file had when it was measured, as they concern one
 * track (tags/tagfile.h, drmt_dr_tags_of_track). */
typedef struct {
  gint dr, album_dr;            /* the first value; -1 absent, -2 no number */
  guint n_dr, n_album_dr;       /* how many values */
  guint n_cue;                  /* CUE_TRACKnn_DYNAMIC RANGE values in the
                                 * file */
  gboolean misplaced;           /* where some readers miss them (a WAV
                                 * file's "ID3 " chunk): to be rewritten */
} DrmtHadTags;

/* What a file was when it was found: its tags are written only if it is
 * still that file, unchanged (tagwrite.h). */
typedef struct {
  guint64 device, inode, size;
  gint64 mtime_ns;
} DrmtFileStamp;

typedef struct {
  /* the file */
  gchar *path;                  /* file system encoding, as walked */
  gchar *display;               /* UTF-8, for messages and JSON */
  gchar *stem;                  /* UTF-8 file name without extension */
  guint64 size;                 /* bytes */
  DrmtFileStamp stamp;          /* as walked */
  guint walk_index;             /* position in the folder listing */
  guint disc_folder;            /* 1, 2, ... for the files of disc folders
                                 * (CD1, CD2 ...) in listing order, else 0;
                                 * set by the walk, never measured */

  /* outcome */
  gboolean done;
  gboolean ok;
  gchar *error;                 /* reason, when !ok */
  gchar *warning;               /* measured, but worth a line on stderr */

  /* A track of a CUE sheet's image (cue.h): a part of the file. The
   * image's first track measures the whole image in one pass and fills
   * the other tracks of it. */
  gchar *cue_sheet;             /* the sheet, UTF-8; NULL: a whole file */
  gint64 cue_start;             /* INDEX 01, CD frames (1/75 s) */
  gint64 cue_end;               /* the next INDEX 01; -1: the end of file */
  guint64 cue_first_sample;     /* measured: where the track starts */
  GPtrArray *image_tracks;      /* on the first: the image's other tracks
                                 * in file order (not owned), else NULL */
  gboolean image_follower;      /* measured by the image's first track */
  gboolean owns_image_tracks;   /* made from an embedded sheet while
                                 * measuring, not yet in an album */

  /* tags (NULL / 0 when absent): read with TagLib where it knows the
   * file, with GStreamer where it does not (scan.c, read_tags) */
  gchar *artist;
  gchar *album_artist;
  gchar *album;
  gchar *title;
  gchar *year;                  /* as tagged: "1999", "1999-05-01" */
  guint track_number;
  guint disc_number;
  gboolean tags_read;           /* TagLib read the file: @had holds */
  DrmtHadTags had;              /* its DR tags, read with the names */

  /* the stream */
  gchar *codec;                 /* "FLAC", "PCM", "MP3", ... */
  gchar *format;                /* measured GStreamer sample format, "S16LE" */
  gchar *decoder;               /* the GStreamer decoder that decoded it,
                                 * "avdec_mp3float"; NULL: not decoded */
  gint rate;
  gint channels;
  gint bits;                    /* bits per sample of the measured samples */
  guint64 bitrate;              /* bit/s, 0 when unknown */

  /* the measurement (the drmeter element's final message) */
  gint dr;
  gdouble dr_value;             /* binary32 track DR widened */
  gdouble peak_db;
  gdouble rms_db;
  guint64 frames;
  guint64 windows;
  guint64 duration;             /* ns */
  guint64 invalid_samples;
  DrmtChannel *channel;         /* channels entries */
  DrmtWindows *window_data;     /* with --plot: every window, else NULL */

  /* --write-tags, --dry-run (tags/tags.h); NULL when not asked */
  const gchar *tag_status;      /* "written", "unchanged", ... */
  gchar *tag_error;             /* why not, when not written */
  gint tag_dr, tag_album_dr;    /* the values written (or to be) */
} DrmtScannedTrack;

/* Fills @stamp from a stat that followed links. */
void drmt_file_stamp_from_stat (DrmtFileStamp * stamp, const GStatBuf * st);

typedef struct {
  gchar *path;                  /* folder, file system encoding */
  gchar *display;               /* UTF-8 */
  GPtrArray *tracks;            /* DrmtScannedTrack*, in folder listing order */
  guint done;                   /* tracks finished (ok or not) */
  gboolean discs;               /* the disc folders (CD1, Disc 2, ...) of the
                                 * folder @path, one album if their tags
                                 * agree (drmt_scanned_album_split_discs) */
} DrmtScannedAlbum;

DrmtScannedTrack *drmt_scanned_track_new (const gchar * path, guint64 size);
void drmt_scanned_track_free (DrmtScannedTrack * track);
/* Releases the measurement but keeps what a log needs. */
void drmt_scanned_track_fail (DrmtScannedTrack * track, const gchar * reason);
/* The same for the track and, for an image's first track, every other
 * track of the image (the file as a whole failed). */
void drmt_scanned_track_fail_image (DrmtScannedTrack * track,
    const gchar * reason);

/* The year its date tag begins with ("1999-05-01": 1999), 0 when none. */
guint drmt_scanned_track_year (const DrmtScannedTrack * track);

/* "01-Title", "?-file name" */
gchar *drmt_scanned_track_name (const DrmtScannedTrack * track);

DrmtScannedAlbum *drmt_scanned_album_new (const gchar * path);
void drmt_scanned_album_free (DrmtScannedAlbum * album);
gboolean drmt_scanned_album_complete (const DrmtScannedAlbum * album);
/* The measured tracks in log order (disc, track number, file name);
 * the array does not own them. */
GPtrArray *drmt_scanned_album_sorted_tracks (const DrmtScannedAlbum * album);
/* Header names: "?" when the tags say nothing. Free with g_free. */
gchar *drmt_scanned_album_artist (GPtrArray * sorted);
gchar *drmt_scanned_album_title (GPtrArray * sorted);
/* The release year most of @sorted's tracks give (the earliest of
 * equals), 0 when none gives one. */
guint drmt_scanned_album_year (GPtrArray * sorted);
/* Official DR value (binary32) of @sorted, docs/algorithm.md section 6. */
gfloat drmt_scanned_album_dr (GPtrArray * sorted, gboolean length_weighting);

/* An album of disc folders (album->discs) whose folders do not share one
 * album artist and album in their tags (or are untagged): one album per
 * folder, in listing order, each holding (not owning) its tracks. NULL
 * when the album stays one. */
GPtrArray *drmt_scanned_album_split_discs (const DrmtScannedAlbum * album);

/* Natural order of file names: digit runs compare as numbers. */
gint drmt_compare_names (const gchar * a, const gchar * b);

/* ---- a track's windows (windows.c) ---- */

/* One track's windows, from the element's "drmeter-window" messages, and
 * the final report's window summary (post-windows). */
struct _DrmtWindows {
  guint channels;               /* 0 until the first window */
  guint64 count;
  GArray *start;                /* guint64 ns, per window */
  GArray *duration;             /* guint64 ns */
  GArray *rms;                  /* gdouble dBFS, count x channels */
  GArray *peak;                 /* gdouble dBFS, count x channels */
  GArray *bin;                  /* gint, count x channels */
  gboolean summary;             /* the fields below were reported */
  gint loud_bin[DRM_MAX_CHANNELS];
  guint64 loud_windows[DRM_MAX_CHANNELS];
  gdouble primary_peak[DRM_MAX_CHANNELS];       /* dBFS */
  gdouble selected_peak[DRM_MAX_CHANNELS];
};

DrmtWindows *drmt_windows_new (void);
void drmt_windows_free (DrmtWindows * w);
/* Adds a window read from a "drmeter-window" message; FALSE if it is not
 * one that follows on from the windows so far (then nothing is added). */
gboolean drmt_windows_add (DrmtWindows * w,
    const GstDrMeterParsedWindow * window);
/* Takes the window summary of the final "drmeter" report. */
gboolean drmt_windows_set_summary (DrmtWindows * w,
    const GstDrMeterParsedReport * report);

G_END_DECLS

#endif
