/* gst-drmeter: the records between the scanner and its measuring
 * processes.
 *
 * The scanner sends a worker a JOB (the options and what it knows of a
 * track); the worker sends PROGRESS while it measures and one RESULT (what
 * it learned: the measurement, or why there is none). A long file is
 * measured in parts (worker.c): its JOB allows parts, the worker answers
 * with a PLAN, and each part is a PART_JOB answered by a PART_RESULT; the
 * head job's worker then gets every part (PARTS) and sends the RESULT.
 * Each record is a
 * list of fields, one per table entry below, in table order:
 *
 *   field index (2 bytes), length (4 bytes), value (length bytes)
 *
 * A RAW value is the field's bytes as they are in memory, so every double
 * (-inf, +inf, -0, NaN payloads) arrives with the same bits. A length of
 * 0xffffffff is a NULL pointer.
 *
 * How to add a field to DrmtScannedTrack, DrmtChannel, DrmtWindows
 * (album/album.h) or DrmtScanOptions (measure/measure.h):
 *   1. declare it in its header;
 *   2. add one line to the table of whoever fills it:
 *        job_fields     what the scanner knows before measuring (the walk,
 *                       a CUE sheet) and the worker needs,
 *        result_fields  what the worker learns (scan.c),
 *        scanner_only   (names only) what the scanner fills itself and
 *                       the worker never needs (tag outcomes),
 *        channel_fields, window_fields, option_fields for those structs,
 *        plan_fields, part_job_fields, part_result_fields (partjob.h);
 *      with RAW () for a plain value (a number, a boolean, an enum, a
 *      fixed-size array, a struct of plain values), STRING () for a
 *      gchar *, GARRAY () for a GArray of plain elements, BYTES () for a
 *      GBytes. Any other pointer needs an entry type of its own
 *      here (see CHANNELS and WINDOWS);
 *   3. that is all: both ends are the same binary, there is no version.
 * tests/scanner/run/test-wire.c fails while a field declared in those
 * structs is in no table, and round-trips every table.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include "wire.h"
#include "album/album.h"

typedef enum {
  FIELD_RAW,
  FIELD_STRING,
  FIELD_GARRAY,
  FIELD_BYTES,
  FIELD_CHANNELS,               /* DrmtChannel *, DrmtScannedTrack.channels */
  FIELD_WINDOWS,                /* DrmtWindows * */
  FIELD_PARTS_JOB,              /* GPtrArray * of DrmtScannedTrack *: an */
  FIELD_PARTS_RESULT,           /* image's other tracks (job or result) */
} FieldType;

typedef struct {
  const gchar *name;
  FieldType type;
  gsize offset;
  gsize size;
} Field;

#define MEMBER_SIZE(T, m) sizeof (((T *) 0)->m)
#define ENTRY(T, m, type) { #m, type, G_STRUCT_OFFSET (T, m), \
      MEMBER_SIZE (T, m) }
#define RAW(T, m) ENTRY (T, m, FIELD_RAW)
#define STRING(T, m) ENTRY (T, m, FIELD_STRING)
#define GARRAY(T, m) ENTRY (T, m, FIELD_GARRAY)
#define BYTES(T, m) ENTRY (T, m, FIELD_BYTES)

#define T DrmtScannedTrack
static const Field job_fields[] = {
  STRING (T, path), STRING (T, display), STRING (T, stem), RAW (T, size),
  RAW (T, walk_index), RAW (T, disc_folder),
  /* a CUE track: its part and what its sheet says of it */
  STRING (T, cue_sheet), RAW (T, cue_start), RAW (T, cue_end),
  RAW (T, image_follower), STRING (T, title), STRING (T, artist),
  STRING (T, album), STRING (T, album_artist), RAW (T, track_number),
  ENTRY (T, image_tracks, FIELD_PARTS_JOB),
};

/* never sent */
static const gchar *const scanner_only[] = {
  "stamp", "tag_status", "tag_error", "tag_dr", "tag_album_dr",
  "owns_image_tracks",          /* each side knows whom its parts belong to */
};

static const Field result_fields[] = {
  RAW (T, done), RAW (T, ok), STRING (T, error), STRING (T, warning),
  STRING (T, artist), STRING (T, album_artist), STRING (T, album),
  STRING (T, title), STRING (T, year), RAW (T, track_number),
  RAW (T, disc_number), RAW (T, tags_read), RAW (T, had),
  STRING (T, codec), STRING (T, format), STRING (T, decoder),
  RAW (T, rate), RAW (T, channels),
  RAW (T, bits), RAW (T, bitrate),
  RAW (T, dr), RAW (T, dr_value), RAW (T, peak_db), RAW (T, rms_db),
  RAW (T, frames), RAW (T, windows), RAW (T, duration),
  RAW (T, invalid_samples),
  ENTRY (T, channel, FIELD_CHANNELS),   /* after channels */
  ENTRY (T, window_data, FIELD_WINDOWS),
  /* a CUE image: where each track starts, and the image's other tracks
   * (also those an embedded sheet made while measuring) */
  STRING (T, cue_sheet), RAW (T, cue_start), RAW (T, cue_end),
  RAW (T, cue_first_sample), ENTRY (T, image_tracks, FIELD_PARTS_RESULT),
};
#undef T

#define T DrmtChannel
static const Field channel_fields[] = {
  RAW (T, dr), RAW (T, peak_db), RAW (T, rms_db), RAW (T, label),
};
#undef T

#define T DrmtWindows
static const Field window_fields[] = {
  RAW (T, channels), RAW (T, count), GARRAY (T, start), GARRAY (T, duration),
  GARRAY (T, rms), GARRAY (T, peak), GARRAY (T, bin), RAW (T, summary),
  RAW (T, loud_bin), RAW (T, loud_windows), RAW (T, primary_peak),
  RAW (T, selected_peak),
};
#undef T

#define T DrmtScanOptions
static const Field option_fields[] = {
  RAW (T, multichannel_weighting), RAW (T, reference_order), RAW (T, windows),
  RAW (T, parts),
};
#undef T

#define T DrmtPartPlan
static const Field plan_fields[] = {
  RAW (T, parts), RAW (T, rate), RAW (T, frames), RAW (T, window_frames),
  RAW (T, first_frames), RAW (T, min_frames),
};
#undef T

#define T DrmtPartJob
static const Field part_job_fields[] = {
  RAW (T, index), RAW (T, count), RAW (T, range),
};
#undef T

#define T DrmtPartResult
static const Field part_result_fields[] = {
  RAW (T, index), RAW (T, facts), STRING (T, doubt), BYTES (T, part),
};
#undef T

/* the most parts a PARTS record holds */
#define MAX_PARTS DRMT_PART_MAX_PARTS

#define NO_VALUE G_MAXUINT32

/* ---------------------------------------------------------------- */
/* writing */

static void
put_u32 (GByteArray * out, guint32 v)
{
  g_byte_array_append (out, (const guint8 *) &v, sizeof v);
}

static void
put_u16 (GByteArray * out, guint16 v)
{
  g_byte_array_append (out, (const guint8 *) &v, sizeof v);
}

static void
set_u32 (GByteArray * out, gsize at, guint32 v)
{
  memcpy (out->data + at, &v, sizeof v);
}

static void put_record (GByteArray * out, const Field * fields, guint n,
    gconstpointer base, gboolean key);

/* Job fields that say where and under which name a file was found, not
 * what it holds: a cache key (drmt_wire_put_job_key) leaves them out, so
 * that a file reached by another way (a relative path, another listing)
 * is still the same job. The cache keys on the file's own identity (its
 * path, size and stamp), and size changes with tags alone. */
static const gchar *const not_in_key[] = {
  "path", "display", "stem", "walk_index", "disc_folder", "cue_sheet",
  "size",
};

static gboolean
left_out_of_key (const Field * f)
{
  for (guint i = 0; i < G_N_ELEMENTS (not_in_key); i++)
    if (strcmp (f->name, not_in_key[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The table an image's other tracks are sent with: the job's or the
 * result's, as for the image's first track. */
static const Field *
parts_table (FieldType type, guint * n)
{
  if (type == FIELD_PARTS_JOB) {
    *n = G_N_ELEMENTS (job_fields);
    return job_fields;
  }
  *n = G_N_ELEMENTS (result_fields);
  return result_fields;
}

static void
put_value (GByteArray * out, const Field * f, gconstpointer base,
    gconstpointer owner, gboolean key)
{
  const guint8 *at = (const guint8 *) base + f->offset;
  gpointer ptr = f->type == FIELD_RAW ? NULL : *(gpointer *) at;

  if (f->type != FIELD_RAW && !ptr) {
    put_u32 (out, NO_VALUE);
    return;
  }
  switch (f->type) {
    case FIELD_RAW:
      put_u32 (out, f->size);
      g_byte_array_append (out, at, f->size);
      break;
    case FIELD_STRING:{
      gsize len = strlen (ptr);

      put_u32 (out, len);
      g_byte_array_append (out, ptr, len);
      break;
    }
    case FIELD_GARRAY:{
      GArray *a = ptr;
      guint esize = g_array_get_element_size (a);

      put_u32 (out, 4 + (gsize) a->len * esize);
      put_u32 (out, esize);
      g_byte_array_append (out, (const guint8 *) a->data, a->len * esize);
      break;
    }
    case FIELD_BYTES:{
      gsize len;
      gconstpointer data = g_bytes_get_data (ptr, &len);

      put_u32 (out, len);
      g_byte_array_append (out, data, len);
      break;
    }
    case FIELD_CHANNELS:{
      const DrmtScannedTrack *t = owner;
      gsize len_at = out->len;

      put_u32 (out, 0);
      put_u32 (out, t->channels);
      for (gint c = 0; c < t->channels; c++)
        put_record (out, channel_fields, G_N_ELEMENTS (channel_fields),
            (const DrmtChannel *) ptr + c, key);
      set_u32 (out, len_at, out->len - len_at - 4);
      break;
    }
    case FIELD_WINDOWS:{
      gsize len_at = out->len;

      put_u32 (out, 0);
      put_record (out, window_fields, G_N_ELEMENTS (window_fields), ptr,
          key);
      set_u32 (out, len_at, out->len - len_at - 4);
      break;
    }
    case FIELD_PARTS_JOB:
    case FIELD_PARTS_RESULT:{
      const GPtrArray *parts = ptr;
      gsize len_at = out->len;
      guint n;
      const Field *table = parts_table (f->type, &n);

      put_u32 (out, 0);
      put_u32 (out, parts->len);
      for (guint k = 0; k < parts->len; k++)
        put_record (out, table, n, g_ptr_array_index (parts, k), key);
      set_u32 (out, len_at, out->len - len_at - 4);
      break;
    }
  }
}

static void
put_record (GByteArray * out, const Field * fields, guint n,
    gconstpointer base, gboolean key)
{
  for (guint i = 0; i < n; i++) {
    put_u16 (out, i);
    if (key && left_out_of_key (&fields[i]))
      put_u32 (out, NO_VALUE);
    else
      put_value (out, &fields[i], base, base, key);
  }
}

/* Starts a frame; returns where its length goes. */
static gsize
begin_frame (GByteArray * out, DrmtWireType type)
{
  gsize at = out->len;
  guint8 t = type;

  put_u32 (out, 0);
  g_byte_array_append (out, &t, 1);
  return at;
}

static void
end_frame (GByteArray * out, gsize at)
{
  set_u32 (out, at, out->len - at - 4);
}

void
drmt_wire_put_job (GByteArray * out, const DrmtScannedTrack * track,
    const DrmtScanOptions * opts)
{
  gsize at = begin_frame (out, DRMT_WIRE_JOB);

  put_record (out, option_fields, G_N_ELEMENTS (option_fields), opts, FALSE);
  put_record (out, job_fields, G_N_ELEMENTS (job_fields), track, FALSE);
  end_frame (out, at);
}

void
drmt_wire_put_progress (GByteArray * out, guint64 position, guint64 bytes)
{
  gsize at = begin_frame (out, DRMT_WIRE_PROGRESS);

  g_byte_array_append (out, (const guint8 *) &position, sizeof position);
  g_byte_array_append (out, (const guint8 *) &bytes, sizeof bytes);
  end_frame (out, at);
}

void
drmt_wire_put_result (GByteArray * out, const DrmtScannedTrack * track)
{
  gsize at = begin_frame (out, DRMT_WIRE_RESULT);

  put_record (out, result_fields, G_N_ELEMENTS (result_fields), track, FALSE);
  end_frame (out, at);
}

void
drmt_wire_put_result_record (GByteArray * out,
    const DrmtScannedTrack * track)
{
  put_record (out, result_fields, G_N_ELEMENTS (result_fields), track, FALSE);
}

void
drmt_wire_put_job_key (GByteArray * out, const DrmtScannedTrack * track)
{
  put_record (out, job_fields, G_N_ELEMENTS (job_fields), track, TRUE);
}

static void
put_layout (GString * out, const gchar * name, const Field * fields, guint n)
{
  g_string_append_printf (out, "%s:", name);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, " %s/%d/%" G_GSIZE_FORMAT, fields[i].name,
        fields[i].type, fields[i].size);
  g_string_append_c (out, '\n');
}

void
drmt_wire_put_layout (GString * out)
{
  const guint16 one = 1;

  /* the byte order and the widths a RAW value's bytes depend on */
  g_string_append_printf (out, "%s-endian, %" G_GSIZE_FORMAT "-byte "
      "pointers\n", *(const guint8 *) &one ? "little" : "big",
      sizeof (gpointer));
  put_layout (out, "job", job_fields, G_N_ELEMENTS (job_fields));
  put_layout (out, "result", result_fields, G_N_ELEMENTS (result_fields));
  put_layout (out, "channel", channel_fields, G_N_ELEMENTS (channel_fields));
  put_layout (out, "window", window_fields, G_N_ELEMENTS (window_fields));
}

void
drmt_wire_put_part_job (GByteArray * out, const DrmtScannedTrack * track,
    const DrmtScanOptions * opts, const DrmtPartJob * job)
{
  gsize at = begin_frame (out, DRMT_WIRE_PART_JOB);

  put_record (out, option_fields, G_N_ELEMENTS (option_fields), opts, FALSE);
  put_record (out, job_fields, G_N_ELEMENTS (job_fields), track, FALSE);
  put_record (out, part_job_fields, G_N_ELEMENTS (part_job_fields), job, FALSE);
  end_frame (out, at);
}

void
drmt_wire_put_plan (GByteArray * out, const DrmtPartPlan * plan)
{
  gsize at = begin_frame (out, DRMT_WIRE_PLAN);

  put_record (out, plan_fields, G_N_ELEMENTS (plan_fields), plan, FALSE);
  end_frame (out, at);
}

void
drmt_wire_put_part_result (GByteArray * out, const DrmtPartResult * r)
{
  gsize at = begin_frame (out, DRMT_WIRE_PART_RESULT);

  put_record (out, part_result_fields, G_N_ELEMENTS (part_result_fields), r, FALSE);
  end_frame (out, at);
}

void
drmt_wire_put_parts (GByteArray * out, DrmtPartResult * const *parts,
    guint n)
{
  gsize at = begin_frame (out, DRMT_WIRE_PARTS);

  put_u32 (out, n);
  for (guint i = 0; i < n; i++)
    put_record (out, part_result_fields, G_N_ELEMENTS (part_result_fields), parts[i], FALSE);
  end_frame (out, at);
}

/* ---------------------------------------------------------------- */
/* reading */

typedef struct {
  const guint8 *p;
  gsize left;
} Reader;

static gboolean
take (Reader * r, gpointer dest, gsize n)
{
  if (r->left < n)
    return FALSE;
  memcpy (dest, r->p, n);
  r->p += n;
  r->left -= n;
  return TRUE;
}

static gboolean get_record (Reader * r, const Field * fields, guint n,
    gpointer base);

static void
free_value (const Field * f, gpointer at)
{
  gpointer *ptr = at;

  switch (f->type) {
    case FIELD_RAW:
      break;
    case FIELD_STRING:
    case FIELD_CHANNELS:
      g_clear_pointer (ptr, g_free);
      break;
    case FIELD_GARRAY:
      g_clear_pointer (ptr, g_array_unref);
      break;
    case FIELD_BYTES:
      g_clear_pointer (ptr, g_bytes_unref);
      break;
    case FIELD_WINDOWS:
      g_clear_pointer (ptr, drmt_windows_free);
      break;
    case FIELD_PARTS_JOB:
    case FIELD_PARTS_RESULT:
      break;                    /* filled in place (get_parts) */
  }
}

/* An image's other tracks: filled in place where the reader has them (the
 * scanner, for a sheet the walk found), made where it has not (the
 * worker; the scanner, for a sheet the worker found embedded), and then
 * owned by @lead until an album takes them (runner.c). */
static gboolean
get_parts (Reader * r, FieldType type, DrmtScannedTrack * lead,
    GPtrArray ** parts)
{
  guint32 n;
  guint n_fields;
  const Field *table = parts_table (type, &n_fields);

  if (!take (r, &n, sizeof n) || n > 99 || !lead->path
      || (*parts && (*parts)->len != n))
    return FALSE;
  if (!*parts) {
    *parts = g_ptr_array_new ();
    lead->owns_image_tracks = TRUE;
    for (guint k = 0; k < n; k++) {
      DrmtScannedTrack *t = drmt_scanned_track_new (lead->path, lead->size);

      t->image_follower = TRUE;
      t->stamp = lead->stamp;
      t->walk_index = lead->walk_index;
      t->disc_folder = lead->disc_folder;
      g_ptr_array_add (*parts, t);
    }
  }
  for (guint k = 0; k < n; k++)
    if (!get_record (r, table, n_fields, g_ptr_array_index (*parts, k)))
      return FALSE;
  return TRUE;
}

static gboolean
get_value (Reader * r, const Field * f, gpointer base)
{
  guint8 *at = (guint8 *) base + f->offset;
  guint32 len;
  Reader v;

  if (!take (r, &len, sizeof len))
    return FALSE;
  free_value (f, at);
  if (len == NO_VALUE)
    return f->type != FIELD_RAW;
  if (len > r->left)
    return FALSE;
  v.p = r->p;
  v.left = len;
  r->p += len;
  r->left -= len;

  switch (f->type) {
    case FIELD_RAW:
      return len == f->size && take (&v, at, len);
    case FIELD_STRING:{
      gchar *s = g_malloc (len + 1);

      memcpy (s, v.p, len);
      s[len] = '\0';
      *(gchar **) at = s;
      return TRUE;
    }
    case FIELD_GARRAY:{
      guint32 esize;
      GArray *a;

      if (!take (&v, &esize, sizeof esize) || esize == 0
          || v.left % esize != 0)
        return FALSE;
      a = g_array_sized_new (FALSE, FALSE, esize, v.left / esize);
      g_array_append_vals (a, v.p, v.left / esize);
      *(GArray **) at = a;
      return TRUE;
    }
    case FIELD_BYTES:
      *(GBytes **) at = g_bytes_new (v.p, len);
      return TRUE;
    case FIELD_CHANNELS:{
      const DrmtScannedTrack *t = base;
      DrmtChannel *ch;
      guint32 n;

      if (!take (&v, &n, sizeof n) || n != (guint32) t->channels
          || n == 0 || n > DRM_MAX_CHANNELS)
        return FALSE;
      ch = g_new0 (DrmtChannel, n);
      *(DrmtChannel **) at = ch;
      for (guint c = 0; c < n; c++)
        if (!get_record (&v, channel_fields, G_N_ELEMENTS (channel_fields),
                &ch[c]))
          return FALSE;
      return v.left == 0;
    }
    case FIELD_WINDOWS:{
      DrmtWindows *w = g_new0 (DrmtWindows, 1);

      *(DrmtWindows **) at = w;
      if (!get_record (&v, window_fields, G_N_ELEMENTS (window_fields), w)
          || v.left != 0)
        return FALSE;
      /* what plot.c relies on */
      return w->start && w->duration && w->rms && w->peak && w->bin
          && w->channels <= DRM_MAX_CHANNELS
          && w->start->len == w->count && w->duration->len == w->count
          && w->rms->len == w->count * w->channels
          && w->peak->len == w->rms->len && w->bin->len == w->rms->len;
    }
    case FIELD_PARTS_JOB:
    case FIELD_PARTS_RESULT:
      return get_parts (&v, f->type, base, (GPtrArray **) at) && v.left == 0;
  }
  return FALSE;
}

static gboolean
get_record (Reader * r, const Field * fields, guint n, gpointer base)
{
  for (guint i = 0; i < n; i++) {
    guint16 index;

    if (!take (r, &index, sizeof index) || index != i
        || !get_value (r, &fields[i], base))
      return FALSE;
  }
  return TRUE;
}

gint
drmt_wire_peek_frame (const GByteArray * in, guint8 * type,
    const guint8 ** payload, gsize * payload_len)
{
  guint32 len;

  if (in->len < DRMT_WIRE_HEADER_SIZE)
    return 0;
  memcpy (&len, in->data, sizeof len);
  if (len < 1 || len > DRMT_WIRE_MAX_FRAME)
    return -1;
  if (in->len - 4 < len)
    return 0;
  *type = in->data[4];
  *payload = in->data + DRMT_WIRE_HEADER_SIZE;
  *payload_len = len - 1;
  return 1;
}

gboolean
drmt_wire_get_job (const guint8 * p, gsize n, DrmtScannedTrack * track,
    DrmtScanOptions * opts)
{
  Reader r = { p, n };

  return get_record (&r, option_fields, G_N_ELEMENTS (option_fields), opts)
      && get_record (&r, job_fields, G_N_ELEMENTS (job_fields), track)
      && r.left == 0 && track->path;
}

gboolean
drmt_wire_get_progress (const guint8 * p, gsize n, guint64 * position,
    guint64 * bytes)
{
  Reader r = { p, n };

  return take (&r, position, sizeof *position)
      && take (&r, bytes, sizeof *bytes) && r.left == 0;
}

gboolean
drmt_wire_get_result (const guint8 * p, gsize n, DrmtScannedTrack * track)
{
  Reader r = { p, n };

  return get_record (&r, result_fields, G_N_ELEMENTS (result_fields), track)
      && r.left == 0;
}

gboolean
drmt_wire_get_part_job (const guint8 * p, gsize n, DrmtScannedTrack * track,
    DrmtScanOptions * opts, DrmtPartJob * job)
{
  Reader r = { p, n };

  return get_record (&r, option_fields, G_N_ELEMENTS (option_fields), opts)
      && get_record (&r, job_fields, G_N_ELEMENTS (job_fields), track)
      && get_record (&r, part_job_fields, G_N_ELEMENTS (part_job_fields),
      job) && r.left == 0 && track->path && job->count >= 2
      && job->index < job->count;
}

gboolean
drmt_wire_get_plan (const guint8 * p, gsize n, DrmtPartPlan * plan)
{
  Reader r = { p, n };

  return get_record (&r, plan_fields, G_N_ELEMENTS (plan_fields), plan)
      && r.left == 0 && plan->parts >= 1 && plan->parts <= MAX_PARTS
      && (plan->parts == 1 || (plan->rate > 0 && plan->window_frames > 0
          && plan->first_frames > 0 && plan->min_frames > 0
          && plan->first_frames % plan->window_frames == 0
          && plan->min_frames % plan->window_frames == 0
          && plan->frames >= plan->first_frames + plan->min_frames));
}

DrmtPartResult *
drmt_wire_get_part_result (const guint8 * p, gsize n)
{
  Reader r = { p, n };
  DrmtPartResult *res = g_new0 (DrmtPartResult, 1);

  if (get_record (&r, part_result_fields, G_N_ELEMENTS (part_result_fields),
          res) && r.left == 0 && (res->doubt != NULL) != (res->part != NULL))
    return res;
  drmt_part_result_free (res);
  return NULL;
}

GPtrArray *
drmt_wire_get_parts (const guint8 * p, gsize n)
{
  Reader r = { p, n };
  GPtrArray *parts = g_ptr_array_new_with_free_func ((GDestroyNotify)
      drmt_part_result_free);
  guint32 count;

  if (!take (&r, &count, sizeof count) || count > MAX_PARTS)
    goto bad;
  for (guint i = 0; i < count; i++) {
    DrmtPartResult *res = g_new0 (DrmtPartResult, 1);

    g_ptr_array_add (parts, res);
    if (!get_record (&r, part_result_fields,
            G_N_ELEMENTS (part_result_fields), res) || !res->part
        || res->index != i)
      goto bad;
  }
  if (r.left == 0)
    return parts;
bad:
  g_ptr_array_unref (parts);
  return NULL;
}

/* ---------------------------------------------------------------- */

static gboolean
in_table (const Field * fields, guint n, const gchar * name)
{
  for (guint i = 0; i < n; i++)
    if (strcmp (fields[i].name, name) == 0)
      return TRUE;
  return FALSE;
}

gboolean
drmt_wire_has_field (const gchar * type, const gchar * field)
{
#define IN(table) in_table (table, G_N_ELEMENTS (table), field)
  if (strcmp (type, "DrmtScannedTrack") == 0) {
    for (guint i = 0; i < G_N_ELEMENTS (scanner_only); i++)
      if (strcmp (scanner_only[i], field) == 0)
        return TRUE;
    return IN (job_fields) || IN (result_fields);
  }
  if (strcmp (type, "DrmtChannel") == 0)
    return IN (channel_fields);
  if (strcmp (type, "DrmtWindows") == 0)
    return IN (window_fields);
  if (strcmp (type, "DrmtScanOptions") == 0)
    return IN (option_fields);
  if (strcmp (type, "DrmtPartPlan") == 0)
    return IN (plan_fields);
  if (strcmp (type, "DrmtPartJob") == 0)
    return IN (part_job_fields);
  if (strcmp (type, "DrmtPartResult") == 0)
    return IN (part_result_fields);
#undef IN
  return FALSE;
}
