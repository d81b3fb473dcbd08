/* gst-drmeter: the DR engine's public API.
 *
 * Measures the dynamic-range (DR) value exactly as foobar2000's DR Meter
 * 1.0.8 prints it. No GStreamer dependency: feed it frames, read results.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMETER_H
#define DRMETER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* DRM_API marks the library's public functions: libdrmeter is built with
 * hidden visibility, so a function without it is not exported (and a
 * program, the plugin or the scanner using it fails to link). */
#if defined(__GNUC__) && __GNUC__ >= 4
#define DRM_API __attribute__ ((visibility ("default")))
#else
#define DRM_API
#endif

#define DRM_MAX_CHANNELS 64

/* Error codes: every function that can fail returns one of these. */
typedef enum {
  DRM_OK = 0,
  DRM_ERROR_INVALID_ARGUMENT = -1,  /* NULL pointer, bad rate/channels/format */
  DRM_ERROR_NOMEM = -2,
  DRM_ERROR_OVERFLOW = -3           /* frame counter would wrap (2^64 frames) */
} DrmError;

/* Sample formats, native endian. S24 is 3-byte packed, S24_32 is a 24-bit
 * sample in the low bits of a 32-bit word (the top byte is ignored). */
typedef enum {
  DRM_FORMAT_U8 = 0,
  DRM_FORMAT_S16,
  DRM_FORMAT_S24,
  DRM_FORMAT_S24_32,
  DRM_FORMAT_S32,
  DRM_FORMAT_F32,
  DRM_FORMAT_F64,
  DRM_FORMAT_COUNT
} DrmFormat;

/* Options fixed when the meter is created. */
typedef enum {
  DRM_FLAG_NONE = 0,
  /* Use the plain C reference of the kernels instead of ORC. Same bits. */
  DRM_FLAG_PLAIN_C = 1 << 0,
  /* Sum window energy strictly sample by sample, in the reference's order
   * (plain C, slow). Only the internal rms_square_sum can differ in its last
   * bits from the default lane order; every public value is the same. */
  DRM_FLAG_SEQUENTIAL = 1 << 1
} DrmFlags;

typedef struct DrmMeter DrmMeter;

/* Per-channel results. Public values are binary32, as the reference keeps them. */
typedef struct {
  float dr;                 /* channel DR (dB) */
  float peak;               /* true sample peak, linear */
  float rms;                /* overall RMS, linear */
  float peak_db;            /* f32(20 log10 peak), -inf for silence */
  float rms_db;             /* f32(20 log10 rms), -inf for silence */
  double dr64;              /* the binary64 DR before rounding to binary32 */
  double rms64;             /* binary64 overall RMS */
  uint64_t windows;         /* windows submitted, all-zero ones included */
  double primary_peak;      /* highest window peak (binary64), 0 if none */
  double secondary_peak;    /* second highest by key, 0 if none */
  int primary_key;          /* centi-dB key lround(2000 log10 peak), DRM_NO_KEY if none */
  int secondary_key;
  double rms_square_sum;    /* sum over windows of window RMS^2 */
  double selected_peak;     /* the peak DR was computed from: the secondary
                             * if any, the primary when there is none or
                             * when the secondary lies below the loud RMS */
  uint64_t loud_windows;    /* windows taken as the loudest 20 % */
  int loud_bin;             /* lowest histogram bin taken (0.01 dB steps from
                             * -100 dB): windows whose RMS key is at or above
                             * it are the loud ones; -1 if none */
} DrmChannelResult;

#define DRM_NO_KEY (-10000000)  /* below every real key (-100000.00 dB) */

/* A track: the measured stream so far (snapshot) or a finished one. */
typedef struct {
  unsigned rate;
  unsigned channels;
  uint64_t frames;          /* frames measured */
  uint64_t windows;         /* windows per channel */
  uint64_t invalid_samples; /* NaN/Inf/out-of-range samples, measured as 0 */
  float dr;                 /* track DR value (binary32) */
  int dr_displayed;         /* the integer printed as "DRn" */
  float peak;               /* report peak: max channel peak, linear */
  double rms;               /* report RMS, linear */
  float peak_db;            /* dBFS tokens' values (binary32) */
  float rms_db;
  double duration;          /* frames / rate, seconds */
  int channel_weighted;     /* 1 if DR was weighted by channel loudness */
  DrmChannelResult channel[DRM_MAX_CHANNELS];
} DrmTrackResult;

/* ---- meter ---- */

/* Creates a meter for interleaved or planar frames of @channels (1..64) at
 * @rate (> 0) Hz. @flags is a mask of DrmFlags. Returns NULL on error and
 * sets *error (if non-NULL). */
DRM_API DrmMeter *drm_meter_new (unsigned rate, unsigned channels,
    unsigned flags, int *error);
DRM_API void drm_meter_free (DrmMeter * meter);

DRM_API unsigned drm_meter_get_rate (const DrmMeter * meter);
DRM_API unsigned drm_meter_get_channels (const DrmMeter * meter);
/* Window length in frames: floor(rate * 3.0040816326530613). */
DRM_API uint64_t drm_meter_get_window_frames (const DrmMeter * meter);
/* 1 if the ORC kernels compiled to machine code (0 on the C paths). */
DRM_API int drm_meter_uses_simd (const DrmMeter * meter);

/* One submitted window, as passed to a DrmWindowFunc. */
typedef struct {
  uint64_t index;           /* 0 for the track's first window */
  uint64_t first_frame;     /* its first frame in the track */
  uint64_t frames;          /* its length (the last one may be short) */
  unsigned channels;
  const double *rms;        /* per channel: sqrt(2 sum x^2 / frames) */
  const double *peak;       /* per channel: largest |sample| */
  const int *rms_bin;       /* per channel: histogram bin, -1 if silent */
} DrmWindowInfo;

typedef void (*DrmWindowFunc) (const DrmWindowInfo * window, void *user_data);

/* Calls @func (NULL to stop) each time a window is submitted, from within
 * the add or finish call that completes it. Snapshots call nothing. */
DRM_API void drm_meter_set_window_func (DrmMeter * meter, DrmWindowFunc func,
    void *user_data);

/* "Weight multichannel DR by channel loudness" (only applies to > 2
 * channels). Off by default, as in the reference. Affects results only. */
DRM_API void drm_meter_set_channel_weighting (DrmMeter * meter, int enabled);

/* Adds @frames frames of @format. Interleaved: one buffer of frames x
 * channels samples. Planar: @planes holds one pointer per channel. Any frame
 * count (0 included) and any split of a stream give the same results. */
DRM_API int drm_meter_add_interleaved (DrmMeter * meter, DrmFormat format,
    const void *data, size_t frames);
DRM_API int drm_meter_add_planar (DrmMeter * meter, DrmFormat format,
    const void *const *planes, size_t frames);

/* Typed shorthands for interleaved frames (libebur128 style). */
DRM_API int drm_meter_add_frames_u8 (DrmMeter * meter, const uint8_t * s,
    size_t frames);
DRM_API int drm_meter_add_frames_s16 (DrmMeter * meter, const int16_t * s,
    size_t frames);
DRM_API int drm_meter_add_frames_s24 (DrmMeter * meter, const uint8_t * s,
    size_t frames);
DRM_API int drm_meter_add_frames_s24_32 (DrmMeter * meter, const int32_t * s,
    size_t frames);
DRM_API int drm_meter_add_frames_s32 (DrmMeter * meter, const int32_t * s,
    size_t frames);
DRM_API int drm_meter_add_frames_f32 (DrmMeter * meter, const float *s,
    size_t frames);
DRM_API int drm_meter_add_frames_f64 (DrmMeter * meter, const double *s,
    size_t frames);

/* Results as if the stream ended now; the measurement goes on untouched. */
DRM_API int drm_meter_get_result (const DrmMeter * meter,
    DrmTrackResult * result);
/* Ends the track: fills @result (may be NULL) and starts a new track. */
DRM_API int drm_meter_finish (DrmMeter * meter, DrmTrackResult * result);
/* Discards everything measured; the next frame starts a new track. */
DRM_API void drm_meter_reset (DrmMeter * meter);

/* Frames measured in the current track. */
DRM_API uint64_t drm_meter_get_frames (const DrmMeter * meter);

/* ---- the DR of the last N windows ("recent") ---- */

/* The most windows a meter keeps for the recent DR: about 83 hours. */
#define DRM_RECENT_MAX_WINDOWS 100000

/* Keeps the last @windows (0 to DRM_RECENT_MAX_WINDOWS) complete windows
 * of each track, for drm_meter_get_recent_result(); 0, the default, keeps
 * none and frees the memory. Allocates 24 x @windows bytes and a 40 KiB
 * histogram per channel, plus 8 x @windows bytes: call it when the setting
 * changes, not per buffer. The newest windows already kept stay. Returns
 * DRM_OK, DRM_ERROR_INVALID_ARGUMENT or DRM_ERROR_NOMEM (the meter then
 * keeps its previous setting). */
DRM_API int drm_meter_set_recent (DrmMeter * meter, unsigned windows);
DRM_API unsigned drm_meter_get_recent (const DrmMeter * meter);

/* The result, every field bit for bit, that a fresh meter (same flags and
 * channel weighting) gives for a track made of exactly the frames of the
 * last min(N, kept) complete windows of W frames: `windows` says how many.
 * The unfinished window does not count, nor a short last window submitted
 * by drm_meter_finish(), which also empties the set for the next track:
 * read the track's last recent result before finishing it. No windows
 * kept gives the result of an empty track. Costs O(N x channels) plus the
 * histogram walk, allocates nothing; the measurement goes on untouched. */
DRM_API int drm_meter_get_recent_result (const DrmMeter * meter,
    DrmTrackResult * result);

/* ---- parts: one track measured in pieces ---- */

/* A part measures the frames of a track from @first_frame on, which must be
 * a multiple of the window length (window boundaries are counted from the
 * track's first frame). It keeps what each of its windows contributes, so
 * that parts combined into a meter in window order give, bit for bit, the
 * result of measuring the whole track in one pass with the same flags. */
typedef struct DrmPart DrmPart;

DRM_API DrmPart *drm_part_new (unsigned rate, unsigned channels,
    unsigned flags, uint64_t first_frame, int *error);
DRM_API void drm_part_free (DrmPart * part);

/* Adds frames, exactly as drm_meter_add_interleaved/_planar. */
DRM_API int drm_part_add_interleaved (DrmPart * part, DrmFormat format,
    const void *data, size_t frames);
DRM_API int drm_part_add_planar (DrmPart * part, DrmFormat format,
    const void *const *planes, size_t frames);
/* Ends the part: an unfinished window becomes its last (short) window, so
 * only the track's last part may end off a window boundary. No frames can
 * be added afterwards. */
DRM_API int drm_part_end (DrmPart * part);

DRM_API uint64_t drm_part_get_first_frame (const DrmPart * part);
DRM_API uint64_t drm_part_get_frames (const DrmPart * part);
DRM_API uint64_t drm_part_get_windows (const DrmPart * part);

/* The part as bytes (layout in docs/core-api.md), to cross a process
 * boundary. Only an ended part can be written. serialize returns DRM_OK,
 * or DRM_ERROR_INVALID_ARGUMENT if @size is not serialized_size (). */
DRM_API size_t drm_part_serialized_size (const DrmPart * part);
DRM_API int drm_part_serialize (const DrmPart * part, void *buf, size_t size);
/* Reads what drm_part_serialize wrote; checks every field and returns NULL
 * (*error set) for anything else. The result is an ended part. */
DRM_API DrmPart *drm_part_deserialize (const void *buf, size_t size,
    int *error);

/* Appends an ended part to the track being measured by @meter: the part
 * must start where the meter stands (drm_meter_get_frames), on a window
 * boundary, with the same rate, channels and DRM_FLAG_SEQUENTIAL. Its
 * windows are submitted in order (the window function sees each). After a
 * part that ended off a window boundary the track can only be read,
 * finished or reset. */
DRM_API int drm_meter_add_part (DrmMeter * meter, const DrmPart * part);

/* ---- album ("Official DR value") ---- */

typedef struct {
  double sum;               /* sum of track DR values (binary32, widened) */
  double weighted_sum;      /* sum of track DR x duration */
  double duration;          /* sum of durations, seconds */
  unsigned tracks;
  int length_weighting;     /* weight each track by its duration */
} DrmAlbum;

DRM_API void drm_album_init (DrmAlbum * album, int length_weighting);
DRM_API void drm_album_add (DrmAlbum * album, const DrmTrackResult * track);
/* The same from the two numbers the album uses: a track's DR value
 * (binary32, as DrmTrackResult.dr) and its duration in seconds. */
DRM_API void drm_album_add_dr (DrmAlbum * album, float dr, double duration);
/* Album DR value (binary32) and the printed integer. 0 for no tracks. */
DRM_API float drm_album_get_dr (const DrmAlbum * album);
DRM_API int drm_album_get_dr_displayed (const DrmAlbum * album);

/* ---- the report's tokens ---- */

#define DRM_TOKEN_SIZE 32

/* dB with two decimals, "-inf" for -inf, never "-0.00". */
DRM_API const char *drm_format_db (double db, char buf[DRM_TOKEN_SIZE]);
/* "DR12". */
DRM_API const char *drm_format_dr (int displayed, char buf[DRM_TOKEN_SIZE]);
/* llround(frames / rate) seconds as m:ss, h:mm:ss, Nd h:mm:ss, Nwk Nd h:mm:ss. */
DRM_API const char *drm_format_duration (uint64_t frames, unsigned rate,
    char buf[DRM_TOKEN_SIZE]);
/* The displayed integer of a DR value: (int)(dr + 0.5). */
DRM_API int drm_dr_displayed (float dr);
/* 1 if @dr, printed with two decimals, lies within 0.05 of a rounding step
 * (x.45 to x.55), where a slightly different decoder could change the
 * displayed integer. */
DRM_API int drm_dr_near_boundary (float dr);
/* The rounding step nearest to @dr (>= 0) as printed: x.50, where the
 * displayed integer changes; *hundredths receives the printed value's
 * distance from it (drm_dr_near_boundary: 5 or less). */
DRM_API double drm_dr_boundary (float dr, int *hundredths);
/* The level in dB of a window RMS histogram bin (docs/algorithm.md
 * section 4: bin 0 is -100.00 dB, bin 10000 is 0.00 dB, in 0.01 dB steps)
 * as the loud set's power is rebuilt from it; -inf for -1 (silent). */
DRM_API double drm_bin_db (int bin);

DRM_API const char *drm_error_string (int error);
DRM_API size_t drm_format_sample_size (DrmFormat format);

#ifdef __cplusplus
}
#endif
#endif /* DRMETER_H */
