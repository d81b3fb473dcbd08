/* gst-drmeter: the result cache.
 *
 * One SQLite file holds, for every file measured, the RESULT record its
 * worker sent (wire.h): the same bytes, read back by the same function, so
 * a file taken from the cache fills its track exactly as measuring it
 * would, and the log, JSON, plots and tags come out byte for byte the
 * same. A result is found under the file's path (absolute, as bytes) and
 * a context: a SHA-256 of what else made it (the program's version and
 * results revision, GStreamer's version, the records' layout, the settings
 * that change a track's numbers, and the job less its place: for a CUE
 * image the sheet's cuts and names). It is used only while the file is
 * the same (device, inode, size, modification time in ns), and only if
 * its checksum still holds: a damaged cache never gives a number.
 *
 * Several scans may share the file: SQLite's WAL journal lets them read
 * while one writes, each result is written in a transaction of its own
 * (a crash loses at most the file being written), and a writer waits for
 * another up to BUSY_TIMEOUT_MS, then goes on without keeping that result.
 * docs/cache.md describes the tables.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include "cache.h"
#include "output/output.h"
#include "wire.h"

/* "DRMT": PRAGMA application_id of a gst-drmeter cache (file(1) shows it) */
#define APPLICATION_ID 0x44524d54
/* PRAGMA user_version: the tables below; another version's file is set
 * aside (a result is cheap to measure again, a wrong one is not). */
#define SCHEMA_VERSION 1
/* Raise when a change to the program alters any result for the same file
 * and settings without a new version: older results are then not used. */
#define RESULTS_REVISION 2    /* 2: a WavPack file's bits per sample,
                                 * Musepack's integer warning */
#define BUSY_TIMEOUT_MS 10000
#define DIGEST_SIZE 32

static const gchar schema[] =
    "CREATE TABLE IF NOT EXISTS tracks ("
    " path BLOB NOT NULL,"              /* absolute, file system bytes */
    " context BLOB NOT NULL,"           /* SHA-256, see above */
    " device INTEGER NOT NULL, inode INTEGER NOT NULL,"
    " size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,"
    " windows INTEGER NOT NULL,"        /* holds every window (--plot) */
    " result BLOB NOT NULL,"            /* the RESULT record */
    " checksum BLOB NOT NULL,"          /* SHA-256 of result */
    " measured INTEGER NOT NULL,"       /* Unix time */
    /* for queries only (docs/cache.md); an image: its first track */
    " display TEXT, artist TEXT, album TEXT, title TEXT,"
    " track_number INTEGER, year INTEGER, codec TEXT, dr INTEGER,"
    " peak_db REAL, rms_db REAL, duration_ns INTEGER, image_tracks INTEGER,"
    " UNIQUE (path, context));"
    "CREATE TABLE IF NOT EXISTS albums ("
    " path BLOB PRIMARY KEY,"           /* the folder, file system bytes */
    " display TEXT, artist TEXT, album TEXT, year INTEGER, codec TEXT,"
    " tracks INTEGER, dr INTEGER, length_weighting INTEGER,"
    " scanned INTEGER);";

struct _DrmtCache {
  sqlite3 *db;
  gchar *path;
  gboolean windows;             /* results must hold every window */
  GChecksum *base;              /* the context, less the job */
  sqlite3_stmt *find, *keep, *album;
  gboolean warned_busy;
  guint taken, kept;
  /* DrmtScannedTrack * -> its context, as it was before measuring filled
   * the job's fields (tags) in: the key its result is kept under */
  GHashTable *pending;
};

static const gchar *
cache_name (const gchar * path, gchar ** display)
{
  *display = g_filename_display_name (path);
  return *display;
}

static void
warn (const gchar * path, const gchar * text)
{
  gchar *display;

  drmt_print_warning (cache_name (path, &display), text);
  g_free (display);
}

/* ---------------------------------------------------------------- */
/* opening */

/* Renames @path (and its journal) aside: NAME.damaged-DATE. */
static gchar *
set_aside (const gchar * path)
{
  GDateTime *now = g_date_time_new_now_utc ();
  gchar *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  gchar *aside = g_strdup_printf ("%s.damaged-%s", path, stamp);
  gchar *wal = g_strconcat (path, "-wal", NULL);
  gchar *wal_aside = g_strconcat (aside, "-wal", NULL);
  gchar *shm = g_strconcat (path, "-shm", NULL);

  if (g_rename (path, aside) != 0)
    g_clear_pointer (&aside, g_free);
  else
    g_rename (wal, wal_aside);
  g_unlink (shm);
  g_free (wal);
  g_free (wal_aside);
  g_free (shm);
  g_free (stamp);
  g_date_time_unref (now);
  return aside;
}

static gboolean
exec (sqlite3 * db, const gchar * sql, gint * rc)
{
  *rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  return *rc == SQLITE_OK;
}

static gint64
pragma_int (sqlite3 * db, const gchar * sql, gint * rc)
{
  sqlite3_stmt *st = NULL;
  gint64 v = -1;

  *rc = sqlite3_prepare_v2 (db, sql, -1, &st, NULL);
  if (*rc == SQLITE_OK) {
    *rc = sqlite3_step (st);
    if (*rc == SQLITE_ROW) {
      v = sqlite3_column_int64 (st, 0);
      *rc = SQLITE_OK;
    }
  }
  sqlite3_finalize (st);
  return v;
}

/* The file's application id, schema version and number of tables. */
static gboolean
read_header (sqlite3 * db, gint64 * app, gint64 * version, gint64 * tables,
    gint * rc)
{
  sqlite3_stmt *st = NULL;

  *rc = sqlite3_prepare_v2 (db, "SELECT (SELECT application_id FROM "
      "pragma_application_id), (SELECT user_version FROM "
      "pragma_user_version), (SELECT count(*) FROM sqlite_master)", -1, &st,
      NULL);
  if (*rc == SQLITE_OK) {
    *rc = sqlite3_step (st);
    if (*rc == SQLITE_ROW) {
      *app = sqlite3_column_int64 (st, 0);
      *version = sqlite3_column_int64 (st, 1);
      *tables = sqlite3_column_int64 (st, 2);
      *rc = SQLITE_OK;
    }
  }
  sqlite3_finalize (st);
  return *rc == SQLITE_OK;
}

typedef enum {
  OPEN_OK,
  OPEN_FOREIGN,                 /* another program's, or damaged: aside */
  OPEN_FAILED,                  /* cannot be used here (permissions, ...) */
  OPEN_BUSY,                    /* another scan is making it: try again */
} OpenResult;

/* Opening tries while other scans make the cache: SQLite answers "busy"
 * at once, without its busy timeout, when two connections would each
 * wait for the other (changing the journal mode, or a first write, at
 * the same time). */
#define OPEN_TRIES 100
#define OPEN_RETRY_US 20000

static gboolean
is_damage (gint rc)
{
  rc &= 0xff;
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

/* Makes @db a cache of this schema, or says why it is not one. */
static OpenResult
prepare_db (sqlite3 * db, gchar ** why)
{
  gint rc;
  gint64 app, version, tables;

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (db, 1);
  /* WAL: readers go on while one scan writes; NORMAL: a crash or power
   * cut may lose the last results, never the file's consistency */
  if (!exec (db, "PRAGMA journal_mode=WAL", &rc)
      || !exec (db, "PRAGMA synchronous=NORMAL", &rc))
    goto failed;
  /* one statement, one snapshot: another scan may be making the cache
   * right now, and its id, version and tables come in one commit */
  if (!read_header (db, &app, &version, &tables, &rc))
    goto failed;
  if (app == 0 && version == 0 && tables == 0) {
    /* new: made in one transaction, so that a second scan starting at
     * the same time sees a whole cache or an empty file */
    gchar *sql = g_strdup_printf ("BEGIN IMMEDIATE;"
        "PRAGMA application_id=%d; PRAGMA user_version=%d; %s COMMIT;",
        APPLICATION_ID, SCHEMA_VERSION, schema);
    gboolean ok = exec (db, sql, &rc);

    g_free (sql);
    if (!ok) {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      goto failed;
    }
    /* another scan may have made it meanwhile: look again */
    return prepare_db (db, why);
  }
  if (app != APPLICATION_ID) {
    *why = g_strdup ("not a gst-drmeter cache");
    return OPEN_FOREIGN;
  }
  if (version != SCHEMA_VERSION) {
    *why = g_strdup_printf ("a cache of another version (%" G_GINT64_FORMAT
        ")", version);
    return OPEN_FOREIGN;
  }
  return OPEN_OK;

failed:
  *why = g_strdup (sqlite3_errstr (rc));
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    return OPEN_BUSY;
  return is_damage (rc) ? OPEN_FOREIGN : OPEN_FAILED;
}

static OpenResult
open_db (const gchar * path, sqlite3 ** db, gchar ** why)
{
  OpenResult r = OPEN_BUSY;

  for (guint i = 0; i < OPEN_TRIES && r == OPEN_BUSY; i++) {
    gint rc;

    if (i > 0) {
      g_clear_pointer (why, g_free);
      g_usleep (OPEN_RETRY_US);
    }
    rc = sqlite3_open_v2 (path, db, SQLITE_OPEN_READWRITE
        | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
      *why = g_strdup (*db ? sqlite3_errmsg (*db) : sqlite3_errstr (rc));
      r = is_damage (rc) ? OPEN_FOREIGN : OPEN_FAILED;
    } else {
      r = prepare_db (*db, why);
    }
    if (r != OPEN_OK)
      g_clear_pointer (db, sqlite3_close);
  }
  return r == OPEN_BUSY ? OPEN_FAILED : r;
}

/* What, besides the file and its job, a result depends on. */
static GChecksum *
base_context (const DrmtScanOptions * opts)
{
  GChecksum *ck = g_checksum_new (G_CHECKSUM_SHA256);
  GString *s = g_string_new (NULL);
  gchar *gst = gst_version_string ();

  g_string_append_printf (s, "gst-drmeter %s, results revision %d\n%s\n",
      DRMT_VERSION, RESULTS_REVISION, gst);
  drmt_wire_put_layout (s);
  g_string_append_printf (s, "multichannel-weighting %d\nreference-order "
      "%d\n", opts->multichannel_weighting != 0, opts->reference_order != 0);
  g_checksum_update (ck, (const guchar *) s->str, s->len);
  g_string_free (s, TRUE);
  g_free (gst);
  return ck;
}

static gboolean
prepare_statements (DrmtCache * c)
{
  return sqlite3_prepare_v3 (c->db, "SELECT device, inode, size, mtime_ns, "
      "windows, result, checksum FROM tracks WHERE path = ? AND context = ?",
      -1, SQLITE_PREPARE_PERSISTENT, &c->find, NULL) == SQLITE_OK
      && sqlite3_prepare_v3 (c->db, "INSERT OR REPLACE INTO tracks (path, "
      "context, device, inode, size, mtime_ns, windows, result, checksum, "
      "measured, display, artist, album, title, track_number, year, codec, "
      "dr, peak_db, rms_db, duration_ns, image_tracks) VALUES (?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1,
      SQLITE_PREPARE_PERSISTENT, &c->keep, NULL) == SQLITE_OK
      /* an album as it was is not written again: a rescan writes
       * nothing, and so waits for no disk */
      && sqlite3_prepare_v3 (c->db, "INSERT INTO albums (path, display, "
      "artist, album, year, codec, tracks, dr, length_weighting, scanned) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE "
      "SET display = excluded.display, artist = excluded.artist, "
      "album = excluded.album, year = excluded.year, codec = excluded.codec, "
      "tracks = excluded.tracks, dr = excluded.dr, "
      "length_weighting = excluded.length_weighting, "
      "scanned = excluded.scanned WHERE (display, artist, album, year, "
      "codec, tracks, dr, length_weighting) IS NOT (excluded.display, "
      "excluded.artist, excluded.album, excluded.year, excluded.codec, "
      "excluded.tracks, excluded.dr, excluded.length_weighting)", -1,
      SQLITE_PREPARE_PERSISTENT, &c->album, NULL) == SQLITE_OK;
}

gchar *
drmt_cache_default_path (void)
{
  const gchar *env = g_getenv ("GST_DRMETER_CACHE");

  if (env && *env)
    return strcmp (env, "off") == 0 ? NULL : g_strdup (env);
  return g_build_filename (g_get_user_cache_dir (), "gst-drmeter",
      "results.sqlite", NULL);
}

DrmtCache *
drmt_cache_open (const gchar * path, const DrmtScanOptions * opts)
{
  DrmtCache *c;
  sqlite3 *db = NULL;
  gchar *dir = g_path_get_dirname (path);
  gchar *why = NULL;
  OpenResult r;

  if (g_mkdir_with_parents (dir, 0700) != 0) {
    gchar *text = g_strdup_printf ("no result cache: %s", g_strerror (errno));

    warn (path, text);
    g_free (text);
    g_free (dir);
    return NULL;
  }
  g_free (dir);
  r = open_db (path, &db, &why);
  if (r == OPEN_FOREIGN) {
    gchar *aside = set_aside (path);
    gchar *text = aside ?
        g_strdup_printf ("%s: moved aside to %s; a new cache begins", why,
        aside) : g_strdup_printf ("%s, and it cannot be moved aside: %s",
        why, g_strerror (errno));

    warn (path, text);
    g_free (text);
    g_clear_pointer (&why, g_free);
    if (!aside)
      return NULL;
    g_free (aside);
    r = open_db (path, &db, &why);
    if (r != OPEN_OK) {
      g_free (why);
      return NULL;              /* warned once already */
    }
  }
  if (r == OPEN_FAILED) {
    gchar *text = g_strdup_printf ("no result cache: %s", why);

    warn (path, text);
    g_free (text);
    g_free (why);
    return NULL;
  }
  c = g_new0 (DrmtCache, 1);
  c->db = db;
  c->path = g_strdup (path);
  c->windows = opts->windows;
  c->base = base_context (opts);
  c->pending = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  if (!prepare_statements (c)) {
    gchar *text = g_strdup_printf ("no result cache: %s",
        sqlite3_errmsg (db));

    warn (path, text);
    g_free (text);
    drmt_cache_close (c);
    return NULL;
  }
  return c;
}

void
drmt_cache_close (DrmtCache * c)
{
  if (!c)
    return;
  sqlite3_finalize (c->find);
  sqlite3_finalize (c->keep);
  sqlite3_finalize (c->album);
  if (c->db)
    sqlite3_close (c->db);
  if (c->base)
    g_checksum_free (c->base);
  if (c->pending)
    g_hash_table_unref (c->pending);
  g_free (c->path);
  g_free (c);
}

/* A damaged file found while in use: one warning, set aside, no cache for
 * the rest of the scan. */
static void
damaged (DrmtCache * c, const gchar * why)
{
  gchar *aside, *text;

  sqlite3_finalize (c->find);
  sqlite3_finalize (c->keep);
  sqlite3_finalize (c->album);
  c->find = c->keep = c->album = NULL;
  sqlite3_close (c->db);
  c->db = NULL;
  aside = set_aside (c->path);
  text = aside ? g_strdup_printf ("%s: moved aside to %s; results are "
      "measured", why, aside) : g_strdup_printf ("%s; results are measured",
      why);
  warn (c->path, text);
  g_free (text);
  g_free (aside);
}

/* After a failed statement: damage ends the cache, a busy one (another
 * scan held it past the timeout) skips one result, with one warning. */
static void
failed (DrmtCache * c, gint rc)
{
  if (is_damage (rc)) {
    damaged (c, sqlite3_errstr (rc));
  } else if (!c->warned_busy) {
    gchar *text = g_strdup_printf ("result cache: %s (results not kept)",
        sqlite3_errmsg (c->db));

    c->warned_busy = TRUE;
    warn (c->path, text);
    g_free (text);
  }
}

/* ---------------------------------------------------------------- */
/* keys */

/* The absolute path: the same file reached from another folder. */
static gchar *
absolute (const gchar * path)
{
  return g_canonicalize_filename (path, NULL);
}

static void
context_of (DrmtCache * c, const DrmtScannedTrack * t, guint8 * digest)
{
  GChecksum *ck = g_checksum_copy (c->base);
  GByteArray *job = g_byte_array_new ();
  gsize len = DIGEST_SIZE;

  drmt_wire_put_job_key (job, t);
  g_checksum_update (ck, job->data, job->len);
  g_checksum_get_digest (ck, digest, &len);
  g_checksum_free (ck);
  g_byte_array_unref (job);
}

static void
digest_of (const guint8 * data, gsize n, guint8 * digest)
{
  GChecksum *ck = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = DIGEST_SIZE;

  g_checksum_update (ck, data, n);
  g_checksum_get_digest (ck, digest, &len);
  g_checksum_free (ck);
}

static void
bind_stamp (sqlite3_stmt * st, gint at, const DrmtFileStamp * s)
{
  sqlite3_bind_int64 (st, at, (sqlite3_int64) s->device);
  sqlite3_bind_int64 (st, at + 1, (sqlite3_int64) s->inode);
  sqlite3_bind_int64 (st, at + 2, (sqlite3_int64) s->size);
  sqlite3_bind_int64 (st, at + 3, (sqlite3_int64) s->mtime_ns);
}

static gboolean
same_stamp (sqlite3_stmt * st, gint at, const DrmtFileStamp * s)
{
  return (guint64) sqlite3_column_int64 (st, at) == s->device
      && (guint64) sqlite3_column_int64 (st, at + 1) == s->inode
      && (guint64) sqlite3_column_int64 (st, at + 2) == s->size
      && sqlite3_column_int64 (st, at + 3) == s->mtime_ns;
}

/* ---------------------------------------------------------------- */
/* taking a result */

static void
drop_windows (DrmtScannedTrack * t)
{
  g_clear_pointer (&t->window_data, drmt_windows_free);
  for (guint k = 0; t->image_tracks && k < t->image_tracks->len; k++)
    drop_windows (g_ptr_array_index (t->image_tracks, k));
}

/* The record holds a result for @t: read into a track of its own first,
 * so that a record that does not fit @t (another number of CUE tracks)
 * leaves @t as it was. */
static gboolean
fits (const guint8 * p, gsize n, const DrmtScannedTrack * t)
{
  DrmtScannedTrack *trial = drmt_scanned_track_new (t->path, t->size);
  guint have = t->image_tracks ? t->image_tracks->len : 0;
  gboolean ok = drmt_wire_get_result (p, n, trial) && trial->done
      && trial->ok;

  if (ok && t->image_tracks)
    ok = trial->image_tracks && trial->image_tracks->len == have;
  drmt_scanned_track_free (trial);
  return ok;
}

/* What the scanner knows better than a record made elsewhere: the name
 * of the CUE sheet as this scan found it. A sheet embedded in the file
 * (image.c) is named by the file, as the walk names it now. */
static void
keep_sheet_names (DrmtScannedTrack * t, gchar ** sheets, gboolean embedded)
{
  guint n = t->image_tracks ? t->image_tracks->len : 0;

  for (guint k = 0; k <= n; k++) {
    DrmtScannedTrack *x = k == 0 ? t : g_ptr_array_index (t->image_tracks,
        k - 1);

    if (!x->cue_sheet)
      continue;
    g_free (x->cue_sheet);
    x->cue_sheet = embedded ? g_strdup (t->display) : g_strdup (sheets[k]);
  }
}

gboolean
drmt_cache_take (DrmtCache * c, DrmtScannedTrack * t)
{
  guint8 context[DIGEST_SIZE], sum[DIGEST_SIZE];
  gchar *path;
  gint rc;
  gboolean hit = FALSE;

  if (!c || !c->db)
    return FALSE;
  path = absolute (t->path);
  context_of (c, t, context);
  sqlite3_bind_blob (c->find, 1, path, strlen (path), SQLITE_STATIC);
  sqlite3_bind_blob (c->find, 2, context, DIGEST_SIZE, SQLITE_STATIC);
  rc = sqlite3_step (c->find);
  if (rc == SQLITE_ROW && same_stamp (c->find, 0, &t->stamp)
      && (!c->windows || sqlite3_column_int (c->find, 4))) {
    const guint8 *p = sqlite3_column_blob (c->find, 5);
    gsize n = sqlite3_column_bytes (c->find, 5);
    const void *stored = sqlite3_column_blob (c->find, 6);

    digest_of (p, n, sum);
    if (sqlite3_column_bytes (c->find, 6) != DIGEST_SIZE
        || memcmp (stored, sum, DIGEST_SIZE) != 0) {
      sqlite3_reset (c->find);
      g_free (path);
      damaged (c, "a result does not match its checksum");
      return FALSE;
    }
    if (fits (p, n, t)) {
      guint k, n_sheets = t->image_tracks ? t->image_tracks->len : 0;
      gchar **sheets = g_new0 (gchar *, n_sheets + 2);
      gboolean embedded = t->cue_sheet == NULL;

      for (k = 0; k <= n_sheets; k++)
        sheets[k] = g_strdup (((DrmtScannedTrack *) (k == 0 ? t :
                    g_ptr_array_index (t->image_tracks, k - 1)))->cue_sheet);
      hit = drmt_wire_get_result (p, n, t);
      keep_sheet_names (t, sheets, embedded);
      for (k = 0; k <= n_sheets; k++)
        g_free (sheets[k]);
      g_free (sheets);
      if (!c->windows)
        drop_windows (t);
      t->done = TRUE;
    }
  } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    sqlite3_reset (c->find);
    g_free (path);
    failed (c, rc);
    return FALSE;
  }
  sqlite3_reset (c->find);
  g_free (path);
  if (hit)
    c->taken++;
  else
    g_hash_table_insert (c->pending, t, g_memdup2 (context, DIGEST_SIZE));
  return hit;
}

/* ---------------------------------------------------------------- */
/* keeping results */

static gboolean
all_measured (const DrmtScannedTrack * t)
{
  if (!t->ok)
    return FALSE;
  for (guint k = 0; t->image_tracks && k < t->image_tracks->len; k++)
    if (!((DrmtScannedTrack *) g_ptr_array_index (t->image_tracks, k))->ok)
      return FALSE;
  return TRUE;
}

/* The file is still the one walked (it may change while measured). */
static gboolean
unchanged (const DrmtScannedTrack * t)
{
  GStatBuf st;
  DrmtFileStamp now;

  if (g_stat (t->path, &st) != 0)
    return FALSE;
  drmt_file_stamp_from_stat (&now, &st);
  return now.device == t->stamp.device && now.inode == t->stamp.inode
      && now.size == t->stamp.size && now.mtime_ns == t->stamp.mtime_ns;
}

static void
bind_text (sqlite3_stmt * st, gint at, const gchar * s)
{
  if (s)
    sqlite3_bind_text (st, at, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (st, at);
}

void
drmt_cache_keep (DrmtCache * c, const DrmtScannedTrack * t)
{
  guint8 sum[DIGEST_SIZE];
  const guint8 *context;
  GByteArray *rec;
  gchar *path;
  sqlite3_stmt *st;
  gint rc;

  if (!c || !c->db)
    return;
  context = g_hash_table_lookup (c->pending, t);
  if (!context || !all_measured (t) || !unchanged (t)) {
    g_hash_table_remove (c->pending, t);
    return;
  }
  st = c->keep;
  path = absolute (t->path);
  rec = g_byte_array_new ();
  drmt_wire_put_result_record (rec, t);
  digest_of (rec->data, rec->len, sum);
  sqlite3_bind_blob (st, 1, path, strlen (path), SQLITE_TRANSIENT);
  sqlite3_bind_blob (st, 2, context, DIGEST_SIZE, SQLITE_TRANSIENT);
  bind_stamp (st, 3, &t->stamp);
  sqlite3_bind_int (st, 7, t->window_data != NULL);
  sqlite3_bind_blob (st, 8, rec->data, rec->len, SQLITE_TRANSIENT);
  sqlite3_bind_blob (st, 9, sum, DIGEST_SIZE, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 10, g_get_real_time () / G_USEC_PER_SEC);
  bind_text (st, 11, t->display);
  bind_text (st, 12, t->artist);
  bind_text (st, 13, t->album);
  bind_text (st, 14, t->title);
  sqlite3_bind_int (st, 15, t->track_number);
  sqlite3_bind_int (st, 16, drmt_scanned_track_year (t));
  bind_text (st, 17, t->codec);
  sqlite3_bind_int (st, 18, t->dr);
  sqlite3_bind_double (st, 19, t->peak_db);
  sqlite3_bind_double (st, 20, t->rms_db);
  sqlite3_bind_int64 (st, 21, (sqlite3_int64) t->duration);
  sqlite3_bind_int (st, 22, t->image_tracks ? t->image_tracks->len + 1 : 0);
  rc = sqlite3_step (st);
  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  g_byte_array_unref (rec);
  g_free (path);
  g_hash_table_remove (c->pending, t);
  if (rc == SQLITE_DONE)
    c->kept++;
  else
    failed (c, rc);
}

void
drmt_cache_keep_album (DrmtCache * c, const DrmtScannedAlbum * album,
    GPtrArray * sorted, gint dr, gboolean length_weighting)
{
  sqlite3_stmt *st;
  gchar *path, *artist, *title;
  const DrmtScannedTrack *first;
  gint rc;

  if (!c || !c->db || sorted->len == 0)
    return;
  st = c->album;
  first = g_ptr_array_index (sorted, 0);
  path = absolute (album->path);
  artist = drmt_scanned_album_artist (sorted);
  title = drmt_scanned_album_title (sorted);
  sqlite3_bind_blob (st, 1, path, strlen (path), SQLITE_TRANSIENT);
  bind_text (st, 2, album->display);
  bind_text (st, 3, artist);
  bind_text (st, 4, title);
  sqlite3_bind_int (st, 5, drmt_scanned_album_year (sorted));
  bind_text (st, 6, first->codec);
  sqlite3_bind_int (st, 7, sorted->len);
  sqlite3_bind_int (st, 8, dr);
  sqlite3_bind_int (st, 9, length_weighting != 0);
  sqlite3_bind_int64 (st, 10, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (st);
  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  g_free (path);
  g_free (artist);
  g_free (title);
  if (rc != SQLITE_DONE)
    failed (c, rc);
}

/* ---------------------------------------------------------------- */
/* merging */

gboolean
drmt_cache_merge (DrmtCache * c, const gchar * from, guint * taken,
    guint * stale)
{
  sqlite3 *src = NULL;
  sqlite3_stmt *rows = NULL, *put = NULL;
  gchar *why = NULL;
  gint rc;
  gint64 app, version;
  gboolean ok = FALSE;

  *taken = *stale = 0;
  if (!c || !c->db)
    return FALSE;
  rc = sqlite3_open_v2 (from, &src, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_busy_timeout (src, BUSY_TIMEOUT_MS);
    app = pragma_int (src, "PRAGMA application_id", &rc);
    if (rc == SQLITE_OK)
      version = pragma_int (src, "PRAGMA user_version", &rc);
    if (rc == SQLITE_OK && (app != APPLICATION_ID
            || version != SCHEMA_VERSION))
      why = g_strdup (app != APPLICATION_ID ? "not a gst-drmeter cache" :
          "a cache of another version");
  }
  if (rc != SQLITE_OK && !why)
    why = g_strdup (src ? sqlite3_errmsg (src) : sqlite3_errstr (rc));
  if (!why && (sqlite3_prepare_v2 (src, "SELECT path, context, device, "
              "inode, size, mtime_ns, windows, result, checksum, measured, "
              "display, artist, album, title, track_number, year, codec, dr, "
              "peak_db, rms_db, duration_ns, image_tracks FROM tracks", -1,
              &rows, NULL) != SQLITE_OK
          || sqlite3_prepare_v2 (c->db, "INSERT OR REPLACE INTO tracks "
              "(path, context, device, inode, size, mtime_ns, windows, "
              "result, checksum, measured, display, artist, album, title, "
              "track_number, year, codec, dr, peak_db, rms_db, duration_ns, "
              "image_tracks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
              "?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &put, NULL) != SQLITE_OK))
    why = g_strdup (sqlite3_errmsg (rows ? c->db : src));
  if (why)
    goto out;

  sqlite3_exec (c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW) {
    const gchar *path = sqlite3_column_blob (rows, 0);
    gint path_len = sqlite3_column_bytes (rows, 0);
    gchar *local = g_strndup (path, path_len);
    guint8 sum[DIGEST_SIZE];
    GStatBuf st;
    DrmtFileStamp here;
    gint k;

    digest_of (sqlite3_column_blob (rows, 7), sqlite3_column_bytes (rows, 7),
        sum);
    if (sqlite3_column_bytes (rows, 8) != DIGEST_SIZE
        || memcmp (sqlite3_column_blob (rows, 8), sum, DIGEST_SIZE) != 0
        || (gint) strlen (local) != path_len) {
      g_free (local);
      why = g_strdup ("a result does not match its checksum");
      break;
    }
    /* the file as this machine sees it: its own device and inode, the
     * same size and modification time as where it was measured */
    if (g_stat (local, &st) != 0
        || (drmt_file_stamp_from_stat (&here, &st), FALSE)
        || here.size != (guint64) sqlite3_column_int64 (rows, 4)
        || here.mtime_ns != sqlite3_column_int64 (rows, 5)) {
      (*stale)++;
      g_free (local);
      continue;
    }
    g_free (local);
    for (k = 0; k < sqlite3_column_count (rows); k++)
      sqlite3_bind_value (put, k + 1, sqlite3_column_value (rows, k));
    sqlite3_bind_int64 (put, 3, (sqlite3_int64) here.device);
    sqlite3_bind_int64 (put, 4, (sqlite3_int64) here.inode);
    rc = sqlite3_step (put);
    sqlite3_reset (put);
    if (rc != SQLITE_DONE) {
      why = g_strdup (sqlite3_errmsg (c->db));
      break;
    }
    (*taken)++;
  }
  if (!why && rc != SQLITE_DONE)
    why = g_strdup (sqlite3_errmsg (src));
  if (why) {
    sqlite3_exec (c->db, "ROLLBACK", NULL, NULL, NULL);
    *taken = 0;
  } else {
    ok = sqlite3_exec (c->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
    if (!ok)
      why = g_strdup (sqlite3_errmsg (c->db));
  }

out:
  if (why) {
    gchar *display = g_filename_display_name (from);

    drmt_print_error (display, why);
    g_free (display);
    g_free (why);
  }
  sqlite3_finalize (rows);
  sqlite3_finalize (put);
  if (src)
    sqlite3_close (src);
  return ok;
}

void
drmt_cache_get_counts (DrmtCache * c, guint * taken, guint * kept)
{
  *taken = c ? c->taken : 0;
  *kept = c ? c->kept : 0;
}
