/* gst-drmeter tests: the records between the command and its measuring
 * processes (gst/tool/run/wire.h).
 *
 * - every field declared in DrmtScannedTrack, DrmtChannel, DrmtWindows and
 *   DrmtScanOptions is in a record (read from the headers themselves, so
 *   a field added there without a line in wire.c fails here);
 * - a job and a result come back with every value, doubles bit for bit
 *   (-inf, +inf, -0, NaN, subnormals);
 * - so do a file's parts: the part job, the plan, a part's result (its
 *   DRMPART1 bytes, facts and doubt) and the parts sent to the head job;
 *   damaged ones are refused;
 * - frames are found whole in a byte stream however it is split, and
 *   damaged ones are refused without reading past their end.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <math.h>
#include <float.h>
#include <string.h>
#include <glib.h>
#include "run/wire.h"
#include "album/album.h"

/* ------------------------------------------------------------------ */
/* every declared field crosses */

/* The body of "typedef struct {...} NAME;" or "struct NAME {...};". */
static gchar *
struct_body (const gchar * text, const gchar * name)
{
  gchar *typedef_end = g_strdup_printf ("} %s;", name);
  gchar *tagged = g_strdup_printf ("struct %s {", name);
  const gchar *start = NULL, *end = NULL;
  gchar *body = NULL;

  end = strstr (text, typedef_end);
  if (end) {
    for (start = end; start > text && *start != '{'; start--);
  } else if ((start = strstr (text, tagged))) {
    start = strchr (start, '{');
    end = strstr (start, "};");
  }
  if (start && end && *start == '{')
    body = g_strndup (start + 1, end - start - 1);
  g_free (typedef_end);
  g_free (tagged);
  return body;
}

/* The member names of a struct body: "gint a, *b;" -> a, b. */
static GPtrArray *
member_names (const gchar * body)
{
  GRegex *comments = g_regex_new ("/\\*.*?\\*/|//[^\\n]*|\\[[^]]*\\]",
      G_REGEX_DOTALL, 0, NULL);
  GRegex *last_word = g_regex_new ("([A-Za-z_][A-Za-z0-9_]*)\\s*$", 0, 0,
      NULL);
  gchar *clean = g_regex_replace_literal (comments, body, -1, 0, "", 0,
      NULL);
  gchar **decls = g_strsplit (clean, ";", -1);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; decls[i]; i++) {
    gchar **parts = g_strsplit (decls[i], ",", -1);

    for (guint j = 0; parts[j]; j++) {
      GMatchInfo *m = NULL;

      if (g_regex_match (last_word, parts[j], 0, &m))
        g_ptr_array_add (names, g_match_info_fetch (m, 1));
      g_match_info_free (m);
    }
    g_strfreev (parts);
  }
  g_strfreev (decls);
  g_free (clean);
  g_regex_unref (comments);
  g_regex_unref (last_word);
  return names;
}

static void
check_struct (const gchar * header, const gchar * c_name,
    const gchar * wire_name, guint at_least)
{
  gchar *path = g_build_filename (DRMT_TOOL_SRC_DIR, header, NULL);
  gchar *text = NULL, *body;
  GPtrArray *names;

  ck_assert_msg (g_file_get_contents (path, &text, NULL, NULL),
      "cannot read %s", path);
  body = struct_body (text, c_name);
  ck_assert_msg (body != NULL, "no struct %s in %s", c_name, path);
  names = member_names (body);
  /* the parser itself works: it found the fields there are */
  ck_assert_uint_ge (names->len, at_least);
  for (guint i = 0; i < names->len; i++) {
    const gchar *f = g_ptr_array_index (names, i);

    ck_assert_msg (drmt_wire_has_field (wire_name, f),
        "%s.%s (%s) is in no record of gst/tool/run/wire.c: add it to a "
        "table there (see the top of that file)", wire_name, f, header);
  }
  ck_assert (!drmt_wire_has_field (wire_name, "no_such_field"));
  g_ptr_array_unref (names);
  g_free (body);
  g_free (text);
  g_free (path);
}

START_TEST (test_every_field_crosses)
{
  check_struct ("album/album.h", "DrmtScannedTrack", "DrmtScannedTrack", 30);
  check_struct ("album/album.h", "DrmtChannel", "DrmtChannel", 4);
  check_struct ("album/album.h", "_DrmtWindows", "DrmtWindows", 12);
  check_struct ("measure/measure.h", "DrmtScanOptions", "DrmtScanOptions", 4);
  check_struct ("run/partjob.h", "DrmtPartPlan", "DrmtPartPlan", 6);
  check_struct ("run/partjob.h", "DrmtPartJob", "DrmtPartJob", 3);
  check_struct ("run/partjob.h", "DrmtPartResult", "DrmtPartResult", 4);
}
END_TEST;

/* ------------------------------------------------------------------ */
/* round trips */

static gdouble
from_bits (guint64 bits)
{
  gdouble d;

  memcpy (&d, &bits, sizeof d);
  return d;
}

/* Doubles whose bits a text or float conversion could lose. */
static gdouble
special (guint i)
{
  const gdouble v[] = {
    -INFINITY, INFINITY, -0.0, 0.0, DBL_MIN / 4 /* subnormal */ ,
    DBL_MAX, -DBL_MAX, 1.0 / 3.0, -12.815294265747070,
    from_bits (G_GUINT64_CONSTANT (0x7ff8000000000123)) /* NaN payload */ ,
    from_bits (G_GUINT64_CONSTANT (0xfff0000000000001)) /* signalling */ ,
    from_bits (1),
  };
  return v[i % G_N_ELEMENTS (v)];
}

static void
assert_same_bits (gdouble a, gdouble b, const gchar * what)
{
  ck_assert_msg (memcmp (&a, &b, sizeof a) == 0, "%s: %a became %a", what,
      a, b);
}

static void
assert_same_array (GArray * a, GArray * b, const gchar * what)
{
  ck_assert_ptr_nonnull (b);
  ck_assert_uint_eq (g_array_get_element_size (a),
      g_array_get_element_size (b));
  ck_assert_uint_eq (a->len, b->len);
  ck_assert_msg (memcmp (a->data, b->data,
          a->len * g_array_get_element_size (a)) == 0, "%s differs", what);
}

static DrmtWindows *
make_windows (guint channels, guint count)
{
  DrmtWindows *w = drmt_windows_new ();

  w->channels = channels;
  w->count = count;
  for (guint i = 0; i < count; i++) {
    guint64 start = (guint64) i * 3 * G_GUINT64_CONSTANT (1000000000);
    guint64 dur = G_GUINT64_CONSTANT (3000000000) - i;

    g_array_append_val (w->start, start);
    g_array_append_val (w->duration, dur);
    for (guint c = 0; c < channels; c++) {
      gdouble r = special (i * channels + c), p = special (i + c + 5);
      gint b = (gint) (i * 7 + c) % 10001;

      g_array_append_val (w->rms, r);
      g_array_append_val (w->peak, p);
      g_array_append_val (w->bin, b);
    }
  }
  w->summary = TRUE;
  for (guint c = 0; c < DRM_MAX_CHANNELS; c++) {
    w->loud_bin[c] = 9000 + (gint) c;
    w->loud_windows[c] = G_GUINT64_CONSTANT (1) << (c % 64);
    w->primary_peak[c] = special (c);
    w->selected_peak[c] = special (c + 3);
  }
  return w;
}

/* A track with every result field set to a value of its own. */
static DrmtScannedTrack *
make_result (gint channels, gboolean windows)
{
  DrmtScannedTrack *t = drmt_scanned_track_new ("/worker/side.flac", 1);

  t->done = TRUE;
  t->ok = TRUE;
  t->error = g_strdup ("reason ending in a colon:");
  t->warning = g_strdup ("3 samples were NaN; GStreamer warned 2 times");
  t->artist = g_strdup ("Art\xc3\xafst");
  t->album_artist = g_strdup ("");      /* empty is not NULL */
  t->album = g_strdup ("Album \"quoted\"\n\ttabbed");
  t->title = NULL;
  t->track_number = 7;
  t->disc_number = 2;
  t->codec = g_strdup ("FLAC");
  t->format = g_strdup ("S24LE");
  t->decoder = g_strdup ("avdec_mp3float");
  t->rate = 192000;
  t->channels = channels;
  t->bits = 24;
  t->bitrate = G_GUINT64_CONSTANT (4608000);
  t->dr = 13;
  t->dr_value = 13.045617103576660;
  t->peak_db = -INFINITY;
  t->rms_db = INFINITY;
  t->frames = G_GUINT64_CONSTANT (0xfedcba9876543210);
  t->windows = 2;
  t->duration = G_MAXUINT64;
  t->invalid_samples = 5;
  t->channel = g_new0 (DrmtChannel, channels);
  for (gint c = 0; c < channels; c++) {
    t->channel[c].dr = special (c);
    t->channel[c].peak_db = special (c + 1);
    t->channel[c].rms_db = special (c + 2);
    t->channel[c].label = DRMT_LABEL_CH1 + c;
  }
  if (windows)
    t->window_data = make_windows (channels, 2);
  return t;
}

static void
assert_same_string (const gchar * a, const gchar * b, const gchar * what)
{
  if (!a)
    ck_assert_msg (b == NULL, "%s: NULL became \"%s\"", what, b);
  else
    ck_assert_msg (b && strcmp (a, b) == 0, "%s: \"%s\" became \"%s\"",
        what, a, b ? b : "NULL");
}

static void
assert_same_result (const DrmtScannedTrack * a, const DrmtScannedTrack * b)
{
  ck_assert_int_eq (a->done, b->done);
  ck_assert_int_eq (a->ok, b->ok);
  assert_same_string (a->error, b->error, "error");
  assert_same_string (a->warning, b->warning, "warning");
  assert_same_string (a->artist, b->artist, "artist");
  assert_same_string (a->album_artist, b->album_artist, "album_artist");
  assert_same_string (a->album, b->album, "album");
  assert_same_string (a->title, b->title, "title");
  ck_assert_uint_eq (a->track_number, b->track_number);
  ck_assert_uint_eq (a->disc_number, b->disc_number);
  assert_same_string (a->codec, b->codec, "codec");
  assert_same_string (a->format, b->format, "format");
  assert_same_string (a->decoder, b->decoder, "decoder");
  ck_assert_int_eq (a->rate, b->rate);
  ck_assert_int_eq (a->channels, b->channels);
  ck_assert_int_eq (a->bits, b->bits);
  ck_assert_uint_eq (a->bitrate, b->bitrate);
  ck_assert_int_eq (a->dr, b->dr);
  assert_same_bits (a->dr_value, b->dr_value, "dr_value");
  assert_same_bits (a->peak_db, b->peak_db, "peak_db");
  assert_same_bits (a->rms_db, b->rms_db, "rms_db");
  ck_assert_uint_eq (a->frames, b->frames);
  ck_assert_uint_eq (a->windows, b->windows);
  ck_assert_uint_eq (a->duration, b->duration);
  ck_assert_uint_eq (a->invalid_samples, b->invalid_samples);
  if (!a->channel)
    ck_assert_ptr_null (b->channel);
  for (gint c = 0; a->channel && c < a->channels; c++) {
    assert_same_bits (a->channel[c].dr, b->channel[c].dr, "channel dr");
    assert_same_bits (a->channel[c].peak_db, b->channel[c].peak_db,
        "channel peak");
    assert_same_bits (a->channel[c].rms_db, b->channel[c].rms_db,
        "channel rms");
    ck_assert_int_eq (a->channel[c].label, b->channel[c].label);
  }
  if (!a->window_data) {
    ck_assert_ptr_null (b->window_data);
  } else {
    const DrmtWindows *x = a->window_data, *y = b->window_data;

    ck_assert_ptr_nonnull (y);
    ck_assert_uint_eq (x->channels, y->channels);
    ck_assert_uint_eq (x->count, y->count);
    assert_same_array (x->start, y->start, "window start");
    assert_same_array (x->duration, y->duration, "window duration");
    assert_same_array (x->rms, y->rms, "window rms");
    assert_same_array (x->peak, y->peak, "window peak");
    assert_same_array (x->bin, y->bin, "window bin");
    ck_assert_int_eq (x->summary, y->summary);
    ck_assert (memcmp (x->loud_bin, y->loud_bin, sizeof x->loud_bin) == 0);
    ck_assert (memcmp (x->loud_windows, y->loud_windows,
            sizeof x->loud_windows) == 0);
    ck_assert (memcmp (x->primary_peak, y->primary_peak,
            sizeof x->primary_peak) == 0);
    ck_assert (memcmp (x->selected_peak, y->selected_peak,
            sizeof x->selected_peak) == 0);
  }
}

/* The frame of @b as one complete frame: its payload. */
static const guint8 *
whole_frame (GByteArray * b, guint8 expected_type, gsize * len)
{
  guint8 type = 0;
  const guint8 *payload = NULL;

  ck_assert_int_eq (drmt_wire_peek_frame (b, &type, &payload, len), 1);
  ck_assert_uint_eq (type, expected_type);
  ck_assert_uint_eq (DRMT_WIRE_HEADER_SIZE + *len, b->len);
  return payload;
}

static void
round_trip_result (gint channels, gboolean windows, gboolean ok)
{
  DrmtScannedTrack *a = make_result (channels, windows);
  /* the scanner's own track, with an earlier state to replace */
  DrmtScannedTrack *b = drmt_scanned_track_new ("/scanner/side.flac", 99);
  GByteArray *frame = g_byte_array_new ();
  const guint8 *p;
  gsize len;

  if (!ok)
    drmt_scanned_track_fail (a, "decoder stalled (no new samples for 1 s)");
  b->error = g_strdup ("old");
  b->channels = 1;
  b->channel = g_new0 (DrmtChannel, 1);
  drmt_wire_put_result (frame, a);
  p = whole_frame (frame, DRMT_WIRE_RESULT, &len);
  ck_assert (drmt_wire_get_result (p, len, b));
  assert_same_result (a, b);
  /* what the scanner knows of the file stays */
  ck_assert_str_eq (b->path, "/scanner/side.flac");
  ck_assert_uint_eq (b->size, 99);

  /* every shorter payload is refused, and read within its bounds (the
   * sanitizer build checks that) */
  for (gsize cut = 0; cut < len; cut += 1 + cut / 16) {
    DrmtScannedTrack *c = drmt_scanned_track_new ("/x", 1);
    guint8 *copy = g_memdup2 (p, cut);

    ck_assert_msg (!drmt_wire_get_result (copy, cut, c), "cut at %"
        G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " accepted", cut, len);
    g_free (copy);
    drmt_scanned_track_free (c);
  }
  g_byte_array_unref (frame);
  drmt_scanned_track_free (a);
  drmt_scanned_track_free (b);
}

START_TEST (test_result_round_trip)
{
  round_trip_result (3, TRUE, TRUE);
  round_trip_result (DRM_MAX_CHANNELS, TRUE, TRUE);
  round_trip_result (1, FALSE, TRUE);
  round_trip_result (2, TRUE, FALSE);   /* failed: no measurement */
}
END_TEST;

START_TEST (test_job_round_trip)
{
  /* a name that is not UTF-8 keeps its bytes */
  DrmtScannedTrack *a = drmt_scanned_track_new ("/music/caf\xe9.flac",
      G_GUINT64_CONSTANT (5000000000));
  DrmtScannedTrack *b = g_new0 (DrmtScannedTrack, 1);
  /* a split job: the worker cuts the file into at most 3 parts */
  DrmtScanOptions o = { TRUE, FALSE, TRUE, 3 }, p = { 0 };
  GByteArray *frame = g_byte_array_new ();
  const guint8 *payload;
  gsize len;

  a->walk_index = 12345;
  drmt_wire_put_job (frame, a, &o);
  payload = whole_frame (frame, DRMT_WIRE_JOB, &len);
  ck_assert (drmt_wire_get_job (payload, len, b, &p));
  ck_assert_str_eq (b->path, a->path);
  ck_assert_str_eq (b->display, a->display);
  ck_assert_str_eq (b->stem, a->stem);
  ck_assert_uint_eq (b->size, a->size);
  ck_assert_uint_eq (b->walk_index, a->walk_index);
  ck_assert (memcmp (&o, &p, sizeof o) == 0);
  g_byte_array_unref (frame);
  drmt_scanned_track_free (a);
  drmt_scanned_track_free (b);
}
END_TEST;

/* ------------------------------------------------------------------ */
/* a CUE image: one job, every track's result */

static DrmtScannedTrack *
cue_part (const gchar * title, gint64 start, gint64 end)
{
  DrmtScannedTrack *t = drmt_scanned_track_new ("/music/Album.flac", 1000);

  t->cue_sheet = g_strdup ("/music/Album.cue");
  t->cue_start = start;
  t->cue_end = end;
  t->title = g_strdup (title);
  t->album = g_strdup ("Album");
  t->track_number = (guint) (start / 450) + 1;
  return t;
}

/* The scanner's image: its first track and two others, owned by @album. */
static DrmtScannedTrack *
scanner_image (GPtrArray * album)
{
  DrmtScannedTrack *lead = cue_part ("One", 0, 450);

  g_ptr_array_add (album, lead);
  lead->image_tracks = g_ptr_array_new ();
  for (guint k = 1; k < 3; k++) {
    DrmtScannedTrack *t = cue_part (k == 1 ? "Two" : "Three", 450 * k,
        k == 2 ? -1 : (gint64) (450 * (k + 1)));

    t->image_follower = TRUE;
    g_ptr_array_add (lead->image_tracks, t);
    g_ptr_array_add (album, t);
  }
  return lead;
}

/* What a worker learns of each track of the image. */
static void
measure_part (DrmtScannedTrack * t, guint k)
{
  t->ok = TRUE;
  t->dr = 10 + k;
  t->dr_value = 10.25 + k;
  t->frames = 264600;
  t->rate = 44100;
  t->cue_first_sample = 264600 * k;
}

START_TEST (test_image_round_trip)
{
  GPtrArray *album = g_ptr_array_new_with_free_func ((GDestroyNotify)
      drmt_scanned_track_free);
  DrmtScannedTrack *lead = scanner_image (album);
  DrmtScannedTrack *w = g_new0 (DrmtScannedTrack, 1);
  DrmtScanOptions o = { 0 }, p = { 0 };
  GByteArray *frame = g_byte_array_new ();
  const guint8 *payload;
  gsize len;

  /* the job: the worker gets every track's part and names */
  drmt_wire_put_job (frame, lead, &o);
  payload = whole_frame (frame, DRMT_WIRE_JOB, &len);
  ck_assert (drmt_wire_get_job (payload, len, w, &p));
  ck_assert_ptr_nonnull (w->image_tracks);
  ck_assert_uint_eq (w->image_tracks->len, 2);
  ck_assert (w->owns_image_tracks);
  ck_assert_str_eq (w->cue_sheet, "/music/Album.cue");
  ck_assert_str_eq (w->title, "One");
  for (guint k = 0; k < 2; k++) {
    const DrmtScannedTrack *a = g_ptr_array_index (lead->image_tracks, k);
    const DrmtScannedTrack *b = g_ptr_array_index (w->image_tracks, k);

    ck_assert_str_eq (b->path, a->path);
    ck_assert_str_eq (b->title, a->title);
    ck_assert_int_eq (b->cue_start, a->cue_start);
    ck_assert_int_eq (b->cue_end, a->cue_end);
    ck_assert_uint_eq (b->track_number, a->track_number);
    ck_assert (b->image_follower);
  }

  /* the result fills the scanner's own tracks, in place */
  measure_part (w, 0);
  for (guint k = 0; k < 2; k++)
    measure_part (g_ptr_array_index (w->image_tracks, k), k + 1);
  g_byte_array_set_size (frame, 0);
  drmt_wire_put_result (frame, w);
  payload = whole_frame (frame, DRMT_WIRE_RESULT, &len);
  ck_assert (drmt_wire_get_result (payload, len, lead));
  ck_assert (!lead->owns_image_tracks);
  for (guint k = 0; k < 3; k++) {
    const DrmtScannedTrack *t = g_ptr_array_index (album, k);

    ck_assert_int_eq (t->dr, 10 + k);
    assert_same_bits (t->dr_value, 10.25 + k, "part dr_value");
    ck_assert_uint_eq (t->cue_first_sample, 264600 * k);
    ck_assert_str_eq (t->title, k == 0 ? "One" : k == 1 ? "Two" : "Three");
  }
  ck_assert_ptr_eq (g_ptr_array_index (lead->image_tracks, 1),
      g_ptr_array_index (album, 2));

  /* a sheet the worker found embedded: the scanner makes the tracks, and
   * holds them until an album takes them */
  {
    DrmtScannedTrack *plain = drmt_scanned_track_new ("/music/Album.flac",
        1000);

    ck_assert (drmt_wire_get_result (payload, len, plain));
    ck_assert (plain->owns_image_tracks);
    ck_assert_uint_eq (plain->image_tracks->len, 2);
    for (guint k = 0; k < 2; k++) {
      const DrmtScannedTrack *t = g_ptr_array_index (plain->image_tracks, k);

      ck_assert (t->image_follower);
      ck_assert_str_eq (t->path, "/music/Album.flac");
      ck_assert_int_eq (t->dr, 11 + k);
    }
    drmt_scanned_track_free (plain);    /* and its tracks */
  }

  /* a scanner image of another length refuses the result */
  {
    DrmtScannedTrack *other = cue_part ("One", 0, 450);

    other->image_tracks = g_ptr_array_new ();
    ck_assert (!drmt_wire_get_result (payload, len, other));
    drmt_scanned_track_free (other);
  }
  g_byte_array_unref (frame);
  drmt_scanned_track_free (w);
  g_ptr_array_unref (album);
}
END_TEST;

/* ------------------------------------------------------------------ */
/* a file in parts */

START_TEST (test_part_job_round_trip)
{
  DrmtScannedTrack *a = drmt_scanned_track_new ("/music/long.flac",
      G_GUINT64_CONSTANT (3000000000));
  DrmtScannedTrack *b = g_new0 (DrmtScannedTrack, 1);
  DrmtScanOptions o = { FALSE, TRUE, TRUE, 1 }, p = { 0 };
  DrmtPartJob job = { 2, 3, {G_GUINT64_CONSTANT (1234567) * 132300,
          132300 * 7} }, back = { 0 };
  GByteArray *frame = g_byte_array_new ();
  const guint8 *payload;
  gsize len;

  drmt_wire_put_part_job (frame, a, &o, &job);
  payload = whole_frame (frame, DRMT_WIRE_PART_JOB, &len);
  ck_assert (drmt_wire_get_part_job (payload, len, b, &p, &back));
  ck_assert_str_eq (b->path, a->path);
  ck_assert_uint_eq (b->size, a->size);
  ck_assert (memcmp (&o, &p, sizeof o) == 0);
  ck_assert_uint_eq (back.index, 2);
  ck_assert_uint_eq (back.count, 3);
  ck_assert_uint_eq (back.range.first, job.range.first);
  ck_assert_uint_eq (back.range.frames, job.range.frames);
  /* a part beyond the count is refused */
  g_byte_array_set_size (frame, 0);
  job.index = 3;
  drmt_wire_put_part_job (frame, a, &o, &job);
  payload = whole_frame (frame, DRMT_WIRE_PART_JOB, &len);
  ck_assert (!drmt_wire_get_part_job (payload, len, b, &p, &back));
  g_byte_array_unref (frame);
  drmt_scanned_track_free (a);
  drmt_scanned_track_free (b);
}
END_TEST;

START_TEST (test_plan_round_trip)
{
  /* parts, rate, frames, window, first, least */
  DrmtPartPlan plans[] = { {1, 0, 0, 0, 0, 0},
    {2, 44100, G_GUINT64_CONSTANT (132300) * 1000, 132300, 132300 * 200,
        132300 * 7},
    {1024, 1, 8, 2, 2, 6}
  };
  DrmtPartPlan bad[] = { {0, 0, 0, 0, 0, 0},
    {2, 0, 1000, 10, 10, 10},   /* no rate */
    {2, 1, 1000, 0, 10, 10},    /* no window */
    {2, 1, 1000, 10, 0, 10},    /* no part 0 */
    {2, 1, 1000, 10, 15, 10},   /* part 0 off a window boundary */
    {2, 1, 1000, 10, 10, 15},   /* the shortest part too */
    {2, 1, 1000, 10, 10, 0},    /* no shortest part */
    {2, 1, 19, 10, 10, 10},     /* no room for a second part */
    {1025, 1, 1000, 10, 10, 10}
  };

  for (guint i = 0; i < G_N_ELEMENTS (plans) + G_N_ELEMENTS (bad); i++) {
    gboolean good = i < G_N_ELEMENTS (plans);
    const DrmtPartPlan *in = good ? &plans[i] :
        &bad[i - G_N_ELEMENTS (plans)];
    DrmtPartPlan out = { 0 };
    GByteArray *frame = g_byte_array_new ();
    const guint8 *payload;
    gsize len;

    drmt_wire_put_plan (frame, in);
    payload = whole_frame (frame, DRMT_WIRE_PLAN, &len);
    ck_assert_int_eq (drmt_wire_get_plan (payload, len, &out), good);
    if (good) {
      ck_assert_uint_eq (out.parts, in->parts);
      ck_assert_uint_eq (out.rate, in->rate);
      ck_assert_uint_eq (out.frames, in->frames);
      ck_assert_uint_eq (out.window_frames, in->window_frames);
      ck_assert_uint_eq (out.first_frames, in->first_frames);
      ck_assert_uint_eq (out.min_frames, in->min_frames);
    }
    g_byte_array_unref (frame);
  }
}
END_TEST;

/* A real part's bytes: 7 windows and a short one of a 3-channel S16
 * stream, from frame @first on. */
static GBytes *
measured_part (guint64 first)
{
  DrmPart *part = drm_part_new (44100, 3, DRM_FLAG_NONE, first, NULL);
  gint16 *samples = g_new0 (gint16, 3 * 1000);
  gsize size;
  guint8 *bytes;

  for (guint i = 0; i < 3 * 1000; i++)
    samples[i] = (gint16) (i * 37);
  for (guint k = 0; k < 7 * 132 + 100; k++)
    ck_assert_int_eq (drm_part_add_interleaved (part, DRM_FORMAT_S16,
            samples, 1000), DRM_OK);
  ck_assert_int_eq (drm_part_end (part), DRM_OK);
  size = drm_part_serialized_size (part);
  bytes = g_malloc (size);
  ck_assert_int_eq (drm_part_serialize (part, bytes, size), DRM_OK);
  drm_part_free (part);
  g_free (samples);
  return g_bytes_new_take (bytes, size);
}

static void
assert_same_part_result (const DrmtPartResult * a, const DrmtPartResult * b)
{
  ck_assert_uint_eq (a->index, b->index);
  ck_assert (memcmp (&a->facts, &b->facts, sizeof a->facts) == 0);
  ck_assert_str_eq (a->doubt ? a->doubt : "(none)",
      b->doubt ? b->doubt : "(none)");
  ck_assert_int_eq (a->part != NULL, b->part != NULL);
  if (a->part)
    ck_assert (g_bytes_equal (a->part, b->part));
}

/* @r written and read back (NULL: refused). */
static DrmtPartResult *
part_result_back (const DrmtPartResult * r)
{
  GByteArray *frame = g_byte_array_new ();
  const guint8 *payload;
  DrmtPartResult *back;
  gsize len;

  drmt_wire_put_part_result (frame, r);
  payload = whole_frame (frame, DRMT_WIRE_PART_RESULT, &len);
  back = drmt_wire_get_part_result (payload, len);
  g_byte_array_unref (frame);
  return back;
}

/* @n parts written as a PARTS record and read back (NULL: refused). */
static GPtrArray *
parts_back (DrmtPartResult * const *list, guint n)
{
  GByteArray *frame = g_byte_array_new ();
  const guint8 *payload;
  GPtrArray *parts;
  gsize len;

  drmt_wire_put_parts (frame, list, n);
  payload = whole_frame (frame, DRMT_WIRE_PARTS, &len);
  parts = drmt_wire_get_parts (payload, len);
  g_byte_array_unref (frame);
  return parts;
}

START_TEST (test_part_result_round_trip)
{
  DrmtPartResult good = { 0 }, failed = { 0 }, both = { 0 }, *back;
  DrmtPartResult *list[2];
  GByteArray *frame = g_byte_array_new ();
  const guint8 *payload;
  GPtrArray *parts;
  gsize len;

  good.index = 1;
  failed.index = 2;
  both.index = 3;
  good.facts.first = 132300;
  good.facts.frames = 7 * 132000 + 100000;
  good.facts.head_hash = G_GUINT64_CONSTANT (0xfedcba9876543210);
  good.facts.tail_hash = 1;
  good.facts.decoded_first = 132300 - 4096;
  good.facts.to_end = TRUE;
  good.part = measured_part (0);
  failed.doubt = (gchar *) "decoder crashed (signal 11)";

  drmt_wire_put_part_result (frame, &good);
  payload = whole_frame (frame, DRMT_WIRE_PART_RESULT, &len);
  back = drmt_wire_get_part_result (payload, len);
  ck_assert_ptr_nonnull (back);
  assert_same_part_result (&good, back);
  drmt_part_result_free (back);
  /* every shorter payload is refused */
  for (gsize cut = 0; cut < len; cut += 1 + cut / 16) {
    guint8 *copy = g_memdup2 (payload, cut);

    ck_assert_ptr_null (drmt_wire_get_part_result (copy, cut));
    g_free (copy);
  }

  back = part_result_back (&failed);
  ck_assert_ptr_nonnull (back);
  assert_same_part_result (&failed, back);
  drmt_part_result_free (back);

  /* a doubt with bytes, or neither, is no result */
  both.doubt = (gchar *) "why";
  both.part = good.part;
  ck_assert_ptr_null (part_result_back (&both));
  both.doubt = NULL;
  both.part = NULL;
  ck_assert_ptr_null (part_result_back (&both));

  /* the parts for the head job, in order; none: given up */
  good.index = 0;
  both = good;
  both.index = 1;
  list[0] = &good;
  list[1] = &both;
  parts = parts_back (list, 2);
  ck_assert_ptr_nonnull (parts);
  ck_assert_uint_eq (parts->len, 2);
  for (guint i = 0; i < 2; i++)
    assert_same_part_result (list[i], g_ptr_array_index (parts, i));
  g_ptr_array_unref (parts);
  parts = parts_back (NULL, 0);
  ck_assert_ptr_nonnull (parts);
  ck_assert_uint_eq (parts->len, 0);
  g_ptr_array_unref (parts);
  /* out of order, or a failed part among them: refused */
  list[0] = &both;
  list[1] = &good;
  ck_assert_ptr_null (parts_back (list, 2));
  failed.index = 0;
  list[0] = &failed;
  ck_assert_ptr_null (parts_back (list, 1));

  g_bytes_unref (good.part);
  g_byte_array_unref (frame);
}
END_TEST;

/* Frames come in pieces of any size, several in one read. */
START_TEST (test_frames_in_pieces)
{
  GByteArray *stream = g_byte_array_new (), *in = g_byte_array_new ();
  DrmtScannedTrack *t = make_result (2, TRUE);
  guint frames = 0, results = 0;

  drmt_wire_put_progress (stream, 0, 0);
  drmt_wire_put_progress (stream, G_MAXUINT64, 12345);
  drmt_wire_put_result (stream, t);
  drmt_wire_put_progress (stream, 7, 8);
  for (gsize i = 0; i < stream->len; i++) {
    guint8 type;
    const guint8 *p;
    gsize len;
    gint r;

    g_byte_array_append (in, stream->data + i, 1);
    while ((r = drmt_wire_peek_frame (in, &type, &p, &len)) == 1) {
      if (type == DRMT_WIRE_PROGRESS) {
        guint64 pos, bytes;

        ck_assert (drmt_wire_get_progress (p, len, &pos, &bytes));
        if (frames == 1) {
          ck_assert_uint_eq (pos, G_MAXUINT64);
          ck_assert_uint_eq (bytes, 12345);
        }
      } else {
        DrmtScannedTrack *u = drmt_scanned_track_new ("/y", 1);

        ck_assert_uint_eq (type, DRMT_WIRE_RESULT);
        ck_assert (drmt_wire_get_result (p, len, u));
        assert_same_result (t, u);
        drmt_scanned_track_free (u);
        results++;
      }
      frames++;
      g_byte_array_remove_range (in, 0, DRMT_WIRE_HEADER_SIZE + len);
    }
    ck_assert_int_eq (r, 0);
  }
  ck_assert_uint_eq (frames, 4);
  ck_assert_uint_eq (results, 1);
  ck_assert_uint_eq (in->len, 0);

  /* a length no frame has */
  g_byte_array_set_size (in, 0);
  g_byte_array_append (in, (const guint8 *) "\0\0\0\0\1", 5);
  {
    guint8 type;
    const guint8 *p;
    gsize len;

    ck_assert_int_eq (drmt_wire_peek_frame (in, &type, &p, &len), -1);
  }
  drmt_scanned_track_free (t);
  g_byte_array_unref (stream);
  g_byte_array_unref (in);
}
END_TEST;

static Suite *
wire_suite (void)
{
  Suite *s = suite_create ("wire");
  TCase *tc = tcase_create ("wire");

  tcase_add_test (tc, test_every_field_crosses);
  tcase_add_test (tc, test_result_round_trip);
  tcase_add_test (tc, test_job_round_trip);
  tcase_add_test (tc, test_image_round_trip);
  tcase_add_test (tc, test_part_job_round_trip);
  tcase_add_test (tc, test_plan_round_trip);
  tcase_add_test (tc, test_part_result_round_trip);
  tcase_add_test (tc, test_frames_in_pieces);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (wire_suite ());
  int failed;

  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
