/* gst-drmeter: the command. Measures albums, prints foobar2000-style DR
 * logs (or JSON). See docs/gst-drmeter.md.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include "output/output.h"
#include "run/run.h"
#include "tags/tags.h"
#include "discover/discover.h"

#define EXIT_FILE_ERRORS 1
#define EXIT_USAGE 2

typedef struct {
  gboolean save;
  gchar *output;
  gboolean json;
  gint jobs;
  gboolean multichannel_weighting;
  gboolean length_weighting;
  gboolean reference_order;
  gboolean no_split;
  gboolean crlf;
  gboolean all_files;
  gboolean quiet;
  gboolean version;
  gint stall_timeout;
  gchar *plot;
  gboolean write_tags;
  gboolean dry_run;
  gboolean skip_tagged;
  gboolean remove_tags;
  gboolean partial_albums;
  gboolean no_cache;
  gchar *cache;
  gboolean check_logs;
  gchar *files_from;
  gboolean null_separated;
  gboolean merge_cache;
  gchar *report;
  gchar **paths;
} Options;

typedef struct {
  Options *opt;
  FILE *out;
  gboolean first_album;
  guint measured;
  gboolean write_failed;
  DrmtPlotter *plotter;         /* --plot */
  gboolean plot_failed;
  GPtrArray *skipped;           /* --skip-tagged: folder names */
  DrmtCache *cache;             /* NULL with --no-cache */
  guint logs_checked;           /* --check-logs: logs compared */
  guint logs_differ;            /* albums with a difference */
  DrmtHtmlReport *html;         /* --report */
} Output;

/* The log date: now, or SOURCE_DATE_EPOCH (UTC) for reproducible logs. */
static GDateTime *
log_date (void)
{
  const gchar *epoch = g_getenv ("SOURCE_DATE_EPOCH");

  if (epoch && *epoch) {
    gchar *end = NULL;
    gint64 t = g_ascii_strtoll (epoch, &end, 10);

    if (end && *end == '\0')
      return g_date_time_new_from_unix_utc (t);
  }
  return g_date_time_new_now_local ();
}

static void
write_out (Output * o, GString * text)
{
  if (o->write_failed)
    return;
  if (fwrite (text->str, 1, text->len, o->out) != text->len
      || fflush (o->out) != 0) {
    o->write_failed = TRUE;
    g_printerr ("gst-drmeter: %s: %s\n", o->opt->output ? o->opt->output :
        "standard output", g_strerror (errno));
  }
}

static void
save_log (const DrmtScannedAlbum * album, GString * log)
{
  gchar *path = g_build_filename (album->path, "foo_dr.txt", NULL);
  GError *err = NULL;

  if (!g_file_set_contents (path, log->str, log->len, &err)) {
    gchar *display = g_filename_display_name (path);
    drmt_print_error (display, drmt_last_clause (err->message));
    g_free (display);
    g_error_free (err);
  }
  g_free (path);
}

static void
on_track_done (DrmtScannedTrack * t, gpointer user_data)
{
  Output *o = user_data;

  /* at once on stderr; in the error list in album order (album_done) */
  if (!t->ok)
    drmt_print_error_line (t->display, t->error ? t->error : "failed");
  else {
    o->measured++;
    if (t->warning)
      drmt_print_warning (t->display, t->warning);
  }
}

static void
write_album (Output * o, DrmtScannedAlbum * album)
{
  GPtrArray *sorted = drmt_scanned_album_sorted_tracks (album);
  GString *text;
  guint i;

  for (i = 0; i < album->tracks->len; i++) {
    const DrmtScannedTrack *t = g_ptr_array_index (album->tracks, i);
    if (!t->ok)
      drmt_record_error (t->display, t->error ? t->error : "failed");
  }
  if (sorted->len == 0) {       /* nothing measured: no log */
    g_ptr_array_unref (sorted);
    return;
  }
  if (o->opt->write_tags)
    drmt_tags_album (album, sorted, o->opt->length_weighting,
        o->opt->dry_run);
  drmt_cache_keep_album (o->cache, album, sorted,
      drm_dr_displayed (drmt_scanned_album_dr (sorted,
              o->opt->length_weighting)), o->opt->length_weighting);
  text = g_string_new (NULL);
  if (o->opt->check_logs) {
    if (!drmt_check_logs_album (text, album, sorted,
            o->opt->length_weighting, &o->logs_checked))
      o->logs_differ++;
  } else if (o->opt->save) {
    GDateTime *date = log_date ();

    drmt_report_log (text, album, sorted, o->opt->length_weighting, date);
    drmt_report_crlf (text);
    save_log (album, text);
    g_string_truncate (text, 0);
    g_date_time_unref (date);
  }
  if (o->opt->check_logs) {
    /* the comparison is the output */
  } else if (o->opt->json) {
    drmt_json_album (text, album, sorted, o->opt->length_weighting,
        o->first_album);
  } else {
    GDateTime *date = log_date ();

    if (!o->first_album)
      g_string_append_c (text, '\n');
    drmt_report_log (text, album, sorted, o->opt->length_weighting, date);
    if (o->opt->crlf)
      drmt_report_crlf (text);
    g_date_time_unref (date);
  }
  drmt_progress_clear ();
  if (o->plotter && !drmt_plotter_album (o->plotter, album, sorted,
          o->opt->length_weighting))
    o->plot_failed = TRUE;
  if (o->html)
    drmt_html_report_album (o->html, album, sorted, o->opt->length_weighting,
        o->plotter ? drmt_plotter_album_picture (o->plotter) : NULL);
  write_out (o, text);
  o->first_album = FALSE;
  g_string_free (text, TRUE);
  g_ptr_array_unref (sorted);
}

/* Disc folders whose tags do not say they are one album are written out
 * one by one (album/album.h, drmt_scanned_album_split_discs). */
static void
on_album_done (DrmtScannedAlbum * album, gpointer user_data)
{
  Output *o = user_data;
  GPtrArray *parts = drmt_scanned_album_split_discs (album);
  guint i;

  drmt_trace ("album-out-begin", NULL);
  if (!parts) {
    write_album (o, album);
  } else {
    for (i = 0; i < parts->len; i++)
      write_album (o, g_ptr_array_index (parts, i));
    g_ptr_array_unref (parts);
  }
  drmt_trace ("album-out-end", NULL);
}

/* Ctrl-C: take the progress line away, then die of the signal as usual. */
static gboolean
on_interrupt (gpointer user_data)
{
  drmt_workers_kill_all ();
  drmt_progress_clear ();
  signal (SIGINT, SIG_DFL);
  raise (SIGINT);
  return G_SOURCE_REMOVE;
}

static gboolean
sigint_ignored (void)
{
  struct sigaction sa;

  return sigaction (SIGINT, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN;
}

/* From the build tree, use the plugin just built (not an installed one);
 * installed, GStreamer finds its plugins itself. */
static void
prefer_build_plugin (void)
{
#if defined(DRM_BUILD_PLUGIN_DIR) && defined(DRM_BUILD_TOOL_DIR)
  gchar *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (exe) {
    gchar *dir = g_path_get_dirname (exe);

    if (strcmp (dir, DRM_BUILD_TOOL_DIR) == 0) {
      /* GStreamer reads GST_PLUGIN_PATH only without GST_PLUGIN_PATH_1_0 */
      const gchar *var = g_getenv ("GST_PLUGIN_PATH_1_0") ?
          "GST_PLUGIN_PATH_1_0" : "GST_PLUGIN_PATH";
      const gchar *old = g_getenv (var);
      gchar **dirs = old ? g_strsplit (old, G_SEARCHPATH_SEPARATOR_S, -1) :
          NULL;

      if (!dirs || !g_strv_contains ((const gchar * const *) dirs,
              DRM_BUILD_PLUGIN_DIR)) {
        gchar *path = old && *old ?
            g_strconcat (DRM_BUILD_PLUGIN_DIR, G_SEARCHPATH_SEPARATOR_S, old,
            NULL) : g_strdup (DRM_BUILD_PLUGIN_DIR);

        g_setenv (var, path, TRUE);
        g_free (path);
      }
      g_strfreev (dirs);
    }
    g_free (dir);
    g_free (exe);
  }
#endif
}

static gboolean
find_element (void)
{
  GstElementFactory *f = gst_element_factory_find ("drmeter");

  if (f)
    gst_object_unref (f);
  return f != NULL;
}

/* Finds the drmeter element: in GStreamer's own plugin path (which, run
 * from the build tree, prefer_build_plugin has pointed at the plugin built
 * with the command), else where `meson install` put it (a prefix such as
 * /usr/local, which GStreamer does not search by itself). An installed
 * command never falls back on the build tree it was compiled in: that
 * plugin may be newer, older or gone. */
static gboolean
have_element (void)
{
  if (find_element ())
    return TRUE;
#ifdef DRM_INSTALL_PLUGIN_DIR
  if (g_file_test (DRM_INSTALL_PLUGIN_DIR, G_FILE_TEST_IS_DIR)) {
    gst_registry_scan_path (gst_registry_get (), DRM_INSTALL_PLUGIN_DIR);
    return find_element ();
  }
#endif
  return FALSE;
}

/* "-j4" as "-j 4", as make and most tools take it (GOption wants a
 * separate argument). Returns a new argv; frees nothing. */
static gchar **
split_attached_jobs (gint * argc, gchar ** argv)
{
  gchar **v = g_new0 (gchar *, *argc * 2 + 1);
  gint i, n = 0;
  gboolean options = TRUE;

  for (i = 0; i < *argc; i++) {
    const gchar *a = argv[i];

    if (strcmp (a, "--") == 0)
      options = FALSE;
    if (options && i > 0 && a[0] == '-' && a[1] == 'j' && a[2]
        && strspn (a + 2, "0123456789") == strlen (a + 2)) {
      v[n++] = g_strdup ("-j");
      v[n++] = g_strdup (a + 2);
    } else {
      v[n++] = g_strdup (a);
    }
  }
  *argc = n;
  return v;
}

static const gchar description[] =
    "Measures the DR (dynamic range) value of audio files exactly as\n"
    "foobar2000's DR Meter 1.0.8 prints it. PATHs are files and folders\n"
    "(searched recursively); the files of one folder are one album. Prints\n"
    "one DR log per album, in foobar2000's layout, in folder order.\n"
    "\n"
    "Exit status: 0 when every file was measured, 1 when some file could\n"
    "not be (each gets one line on stderr), 2 for usage errors.\n"
    "See man gst-drmeter; the full manual (gst-drmeter.md, with the log's\n"
    "layout) and the JSON schema (json-schema.md) are in " DRMT_DOC_DIR "\n"
    "(docs/ in the source tree).";

/* No -j given. Not -1: "-j -1" is a usage error like any value below 1. */
#define JOBS_UNSET G_MININT

/* Files measured at once that the open-file limit allows: each worker
 * costs the command a socket (and two while it starts), and the command
 * keeps a few files of its own open. */
static gint
max_jobs (void)
{
  struct rlimit rl;
  rlim_t n;

  if (getrlimit (RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return 1024;
  n = rl.rlim_cur > 32 ? (rl.rlim_cur - 32) / 2 : 1;
  return (gint) MAX (1, MIN (n, 1024));
}

/* -j within what the open-file limit allows (else a usage error). */
static gboolean
check_jobs (gint jobs)
{
  struct rlimit rl = { 0 };

  if (jobs <= max_jobs ())
    return TRUE;
  getrlimit (RLIMIT_NOFILE, &rl);
  g_printerr ("gst-drmeter: --jobs %d: at most %d files at once with this "
      "limit of open files (ulimit -n %lu)\n", jobs, max_jobs (),
      (unsigned long) rl.rlim_cur);
  return FALSE;
}

/* "gst-drmeter --worker FD PARENT": a measuring process (worker.h). */
static int
worker_main (const gchar * fd_arg, const gchar * parent_arg)
{
  gint64 fd = g_ascii_strtoll (fd_arg, NULL, 10);
  gint64 parent = g_ascii_strtoll (parent_arg, NULL, 10);
  int status;

  if (fd < 3 || fd > G_MAXINT || parent <= 1 || parent > G_MAXINT)
    return EXIT_USAGE;
  drmt_trace ("worker-start", NULL);
  gst_init (NULL, NULL);
  gst_pb_utils_init ();
  if (!have_element ())
    return EXIT_USAGE;
  drmt_trace ("worker-ready", NULL);
  status = drmt_worker_run ((int) fd, (pid_t) parent);
  gst_deinit ();
  drmt_trace ("worker-exit", NULL);
  return status;
}

/* The options; NULL-terminated, pointing into @opt. */
static GOptionEntry *
option_entries (Options * opt)
{
  const GOptionEntry entries[] = {
    {"save", 's', 0, G_OPTION_ARG_NONE, &opt->save,
        "Also write each album's log into its folder as foo_dr.txt "
          "(CRLF line ends, as foobar2000 does)", NULL},
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &opt->output,
        "Write the logs (or the JSON) to FILE instead of standard output",
        "FILE"},
    {"json", 0, 0, G_OPTION_ARG_NONE, &opt->json,
        "Print machine-readable JSON instead of the logs "
          "(schema: json-schema.md in " DRMT_DOC_DIR ")", NULL},
    {"jobs", 'j', 0, G_OPTION_ARG_INT, &opt->jobs,
        "Keep N decoders at work (default: the number of CPUs)", "N"},
    {"no-split", 0, 0, G_OPTION_ARG_NONE, &opt->no_split,
          "Never measure a long file in parts at once (by default a long "
          "FLAC, WAV, AIFF, RF64 or WavPack file is, when decoders would "
          "otherwise idle; the results are the same)", NULL},
    {"multichannel-weighting", 'm', 0, G_OPTION_ARG_NONE,
          &opt->multichannel_weighting,
          "Weight the DR of tracks with more than two channels by channel "
          "loudness (foobar2000: \"weight multichannel DR by channel "
          "loudness\"; off by default)", NULL},
    {"album-length-weighting", 'l', 0, G_OPTION_ARG_NONE,
          &opt->length_weighting,
          "Weight each track by its duration in the album's Official DR "
          "value (off by default)", NULL},
    {"reference-order", 0, 0, G_OPTION_ARG_NONE, &opt->reference_order,
          "Sum each window's squares sample by sample, as foobar2000 does, "
          "not in SIMD lanes: slower; differs only for windows whose RMS "
          "lies within about 1e-15 of a 0.005 dB boundary", NULL},
    {"crlf", 0, 0, G_OPTION_ARG_NONE, &opt->crlf,
        "CRLF line ends on standard output and in --output too", NULL},
    {"all-files", 'a', 0, G_OPTION_ARG_NONE, &opt->all_files,
          "In folders, try every file (default: only audio and video file "
          "names)", NULL},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &opt->quiet,
        "No progress line on stderr (there is none unless stderr is a "
          "terminal)", NULL},
    {"stall-timeout", 0, 0, G_OPTION_ARG_INT, &opt->stall_timeout,
          "Give up on a file whose decoder makes no progress for SECONDS "
          "(default: 15; 0: wait for ever)", "SECONDS"},
    {"plot", 0, 0, G_OPTION_ARG_FILENAME, &opt->plot,
          "Draw each track's windows (RMS, peaks, the loudest 20 %, the "
          "selected peak) as an SVG file in DIR, with an index.html",
        "DIR"},
    {"write-tags", 0, 0, G_OPTION_ARG_NONE, &opt->write_tags,
          "After each album is measured, write DYNAMIC RANGE (the track's "
          "DR) and ALBUM DYNAMIC RANGE (the Official DR value) into its "
          "files, as foobar2000 does", NULL},
    {"dry-run", 'n', 0, G_OPTION_ARG_NONE, &opt->dry_run,
          "With --write-tags or --remove-tags: say on stderr what would "
          "change, change nothing", NULL},
    {"skip-tagged", 0, 0, G_OPTION_ARG_NONE, &opt->skip_tagged,
          "Do not measure albums whose every file already has both DR "
          "tags", NULL},
    {"remove-tags", 0, 0, G_OPTION_ARG_NONE, &opt->remove_tags,
          "Remove both DR tags from the files (measures nothing)", NULL},
    {"partial-albums", 0, 0, G_OPTION_ARG_NONE, &opt->partial_albums,
          "With --write-tags: when only some files of an album are named, "
          "write the album value of those files alone (by default the "
          "album's other files are measured too)", NULL},
    {"cache", 0, 0, G_OPTION_ARG_FILENAME, &opt->cache,
          "Keep results in the SQLite file FILE and take unchanged files' "
          "results from it (default: gst-drmeter/results.sqlite in the "
          "XDG cache folder, ~/.cache)", "FILE"},
    {"no-cache", 0, 0, G_OPTION_ARG_NONE, &opt->no_cache,
          "Measure every file; keep no results", NULL},
    {"report", 0, 0, G_OPTION_ARG_FILENAME, &opt->report,
          "Also write DIR/index.html: one page with every album (artist, "
          "album, year, format, tracks, Official DR value; sortable), a "
          "histogram of the albums' DR values and their DR by release "
          "year", "DIR"},
    {"files-from", 0, 0, G_OPTION_ARG_FILENAME, &opt->files_from,
          "Also scan the paths listed in FILE, one a line (- : standard "
          "input)", "FILE"},
    {"null", '0', 0, G_OPTION_ARG_NONE, &opt->null_separated,
          "The --files-from list is separated by NUL characters (find "
          "-print0)", NULL},
    {"merge-cache", 0, 0, G_OPTION_ARG_NONE, &opt->merge_cache,
          "Copy the results of the cache files given as PATHs (made by "
          "other scans or machines) into the cache, and measure nothing",
        NULL},
    {"check-logs", 0, 0, G_OPTION_ARG_NONE, &opt->check_logs,
          "Compare each album with the foobar2000 DR Meter log in its "
          "folder (foo_dr.txt, or any text file that is one), token by "
          "token; print the agreement and every difference instead of the "
          "logs (exit status 1 on a difference)", NULL},
    {"version", 0, 0, G_OPTION_ARG_NONE, &opt->version,
        "Print the version and exit", NULL},
    {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt->paths,
        NULL, "PATH..."},
    {NULL}
  };

  return g_memdup2 (entries, sizeof entries);
}

/* What the options ask for that cannot be done; NULL when they fit. */
static const gchar *
options_error (const Options * opt)
{
  if (opt->merge_cache && (opt->no_cache || opt->files_from || opt->json
          || opt->save || opt->plot || opt->write_tags || opt->remove_tags
          || opt->check_logs || opt->skip_tagged || opt->report))
    return "--merge-cache takes cache files and a --cache: it measures "
        "nothing";
  if (opt->null_separated && !opt->files_from)
    return "--null goes with --files-from";
  if ((!opt->paths || !opt->paths[0]) && !opt->files_from)
    return "no PATH given\n"
        "Usage: gst-drmeter [OPTION...] PATH...\n"
        "Try 'gst-drmeter --help'.";
  if (opt->jobs != JOBS_UNSET && (opt->jobs < 1 || opt->jobs > 1024))
    return "--jobs must be between 1 and 1024";
  if (opt->stall_timeout < 0)
    return "--stall-timeout must be 0 or more";
  if (opt->write_tags && opt->remove_tags)
    return "--write-tags and --remove-tags do not go together";
  if (opt->check_logs && (opt->json || opt->save || opt->remove_tags))
    return "--check-logs prints its own report: no --json, --save or "
        "--remove-tags with it";
  if (opt->no_cache && opt->cache)
    return "--cache and --no-cache do not go together";
  if (opt->dry_run && !opt->write_tags && !opt->remove_tags)
    return "--dry-run goes with --write-tags or --remove-tags";
  if (opt->partial_albums && !opt->write_tags)
    return "--partial-albums goes with --write-tags";
  if (opt->remove_tags && (opt->json || opt->save || opt->plot
          || opt->skip_tagged || opt->report))
    return "--remove-tags measures nothing: no --json, --save, --plot, "
        "--report or --skip-tagged with it";
  return NULL;
}

/* --files-from: its paths after those of the command line; an empty
 * list is no error (a shard of a library may be empty). */
static gboolean
add_files_from (Options * opt)
{
  GPtrArray *paths = g_ptr_array_new ();
  GError *err = NULL;

  for (guint i = 0; opt->paths && opt->paths[i]; i++)
    g_ptr_array_add (paths, opt->paths[i]);
  if (!drmt_files_from_read (opt->files_from, opt->null_separated, paths,
          &err)) {
    g_printerr ("gst-drmeter: --files-from: %s\n", err->message);
    g_error_free (err);
    g_ptr_array_free (paths, TRUE);     /* the strings stay opt->paths' */
    return FALSE;
  }
  g_ptr_array_add (paths, NULL);
  g_free (opt->paths);          /* its strings moved */
  opt->paths = (gchar **) g_ptr_array_free (paths, FALSE);
  return TRUE;
}

/* Reads the command line into @opt. FALSE when the command is done (then
 * *status says how: --version, or a usage error). */
static gboolean
parse_options (gint argc, gchar ** argv, Options * opt, gint * status)
{
  GOptionContext *ctx = g_option_context_new ("- measure DR values, "
      "foobar2000 DR Meter style");
  GOptionEntry *entries = option_entries (opt);
  gchar **args = split_attached_jobs (&argc, argv);
  GError *err = NULL;
  gboolean ok;

  g_option_context_set_summary (ctx, description);
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  ok = g_option_context_parse_strv (ctx, &args, &err);
  g_strfreev (args);
  g_option_context_free (ctx);
  g_free (entries);

  *status = EXIT_USAGE;
  if (!ok) {
    g_printerr ("gst-drmeter: %s\nTry 'gst-drmeter --help'.\n", err->message);
    g_error_free (err);
    return FALSE;
  }
  if (opt->version) {
    g_print ("gst-drmeter " DRMT_VERSION " (DR Meter v1.0.8 compatible)\n");
    *status = 0;
    return FALSE;
  }
  if (opt->files_from && !add_files_from (opt))
    return FALSE;
  if (options_error (opt)) {
    g_printerr ("gst-drmeter: %s\n", options_error (opt));
    return FALSE;
  }
  if (opt->jobs == JOBS_UNSET)
    opt->jobs = MIN (MAX (1, (gint) g_get_num_processors ()), max_jobs ());
  return check_jobs (opt->jobs);
}

static void
options_clear (Options * opt)
{
  g_strfreev (opt->paths);
  g_free (opt->output);
  g_free (opt->plot);
  g_free (opt->cache);
  g_free (opt->files_from);
  g_free (opt->report);
}

static gboolean
start_gstreamer (void)
{
  gst_init (NULL, NULL);
  gst_pb_utils_init ();
  if (!have_element ()) {
    g_printerr ("gst-drmeter: the GStreamer element 'drmeter' is not "
        "installed (set GST_PLUGIN_PATH to the folder of libgstdrmeter.so)\n");
    return FALSE;
  }
  return TRUE;
}

/* Standard output, or --output; then the JSON's opening. */
static gboolean
open_output (Output * o, Options * opt)
{
  o->opt = opt;
  o->first_album = TRUE;
  o->out = stdout;
  if (opt->output) {
    o->out = g_fopen (opt->output, "wb");
    if (!o->out) {
      gchar *display = g_filename_display_name (opt->output);

      g_printerr ("gst-drmeter: %s: %s\n", display, g_strerror (errno));
      g_free (display);
      return FALSE;
    }
  }
  if (opt->json) {
    GString *text = g_string_new (NULL);

    drmt_json_begin (text, opt->multichannel_weighting,
        opt->length_weighting, opt->reference_order);
    write_out (o, text);
    g_string_free (text, TRUE);
  }
  return TRUE;
}

/* A folder the scan writes into (--plot, --report) made, or found, and
 * writable before anything is measured: one that cannot hold the files
 * is a usage error found at once, as an --output file that cannot be
 * created is, not after a long scan. (access () asks the kernel, so a
 * read-only file system says so too.) */
static gboolean
check_out_dir (const gchar * dir)
{
  gchar *display;
  int err = 0;

  if (!dir)
    return TRUE;
  if (g_mkdir_with_parents (dir, 0777) != 0)
    err = errno;
  else if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    err = ENOTDIR;
  else if (access (dir, W_OK | X_OK) != 0)
    err = errno;
  if (err == 0)
    return TRUE;
  display = g_filename_display_name (dir);
  g_printerr ("gst-drmeter: %s: %s\n", display, g_strerror (err));
  g_free (display);
  return FALSE;
}

/* --skip-tagged: the albums already tagged leave the list, with a line. */
static GPtrArray *
skip_tagged (GPtrArray * albums, const Options * opt)
{
  GPtrArray *skipped = drmt_tags_skip_tagged (albums);
  guint i;

  for (i = 0; i < skipped->len && !opt->quiet; i++)
    g_printerr ("gst-drmeter: %s: skipped: every file has both DR tags\n",
        (const gchar *) g_ptr_array_index (skipped, i));
  return skipped;
}

/* --cache FILE, the default cache, or none. */
static DrmtCache *
open_cache (const Options * opt, const DrmtScanOptions * scan)
{
  gchar *path;
  DrmtCache *c;

  if (opt->no_cache)
    return NULL;
  path = opt->cache ? g_strdup (opt->cache) : drmt_cache_default_path ();
  c = path ? drmt_cache_open (path, scan) : NULL;
  g_free (path);
  return c;
}

/* --merge-cache: each PATH's results into the cache; the exit status. */
static gint
merge_caches (const Options * opt)
{
  DrmtScanOptions scan = { 0 };
  DrmtCache *c = open_cache (opt, &scan);
  gint status = 0;

  if (!c) {
    g_printerr ("gst-drmeter: --merge-cache: no cache to merge into\n");
    return EXIT_FILE_ERRORS;
  }
  for (guint i = 0; opt->paths[i]; i++) {
    guint taken, stale;
    gchar *display = g_filename_display_name (opt->paths[i]);

    if (drmt_cache_merge (c, opt->paths[i], &taken, &stale))
      g_print ("%s: %u result%s merged, %u left out (the file is missing "
          "or changed here)\n", display, taken, taken == 1 ? "" : "s",
          stale);
    else
      status = EXIT_FILE_ERRORS;
    g_free (display);
  }
  drmt_cache_close (c);
  return status;
}

/* Walks the paths and measures every album; each is written out as it
 * completes (on_album_done). --remove-tags measures nothing. */
static void
measure (Output * o)
{
  const Options *opt = o->opt;
  DrmtRunnerConfig cfg = { 0 };
  GPtrArray *albums;

  drmt_progress_init (!opt->quiet);
  drmt_trace ("walk-begin", NULL);
  /* an album value is written only of a whole album */
  albums = drmt_walk_albums (opt->paths, opt->all_files,
      opt->write_tags && !opt->partial_albums, NULL);
  drmt_trace ("walk-end", "albums=%u", albums->len);
  /* the --output file is not measured, even in a scanned folder */
  drmt_walk_leave_out (albums, opt->output);
  if (opt->remove_tags) {
    drmt_tags_remove (albums, opt->dry_run);
    drmt_tags_summary (TRUE, opt->dry_run);
    g_ptr_array_unref (albums);
    return;
  }
  if (opt->skip_tagged)
    o->skipped = skip_tagged (albums, opt);
  /* (an ignored SIGINT, as in a background job of a script, stays so) */
  if (drmt_progress_enabled () && !sigint_ignored ())
    g_unix_signal_add (SIGINT, on_interrupt, NULL);
  cfg.jobs = (guint) opt->jobs;
  cfg.stall_timeout = (guint) opt->stall_timeout;
  cfg.scan.multichannel_weighting = opt->multichannel_weighting;
  cfg.scan.reference_order = opt->reference_order;
  cfg.split = !opt->no_split;
  cfg.scan.windows = opt->plot != NULL;
  if (opt->plot)
    o->plotter = drmt_plotter_new (opt->plot, albums->len > 1);
  if (opt->report)
    o->html = drmt_html_report_new (opt->report);
  o->cache = open_cache (opt, &cfg.scan);
  cfg.cache = o->cache;
  cfg.track_done = on_track_done;
  cfg.album_done = on_album_done;
  cfg.user_data = o;
  drmt_trace ("run-begin", "jobs=%u", cfg.jobs);
  drmt_run (albums, &cfg);
  drmt_trace ("run-end", NULL);
  if (opt->write_tags)
    drmt_tags_summary (FALSE, opt->dry_run);
  g_ptr_array_unref (albums);
  if (g_getenv ("DRMT_CACHE_DEBUG")) {
    guint taken, kept;

    drmt_cache_get_counts (o->cache, &taken, &kept);
    g_printerr ("gst-drmeter: cache: %u taken, %u kept, %u measuring "
        "processes\n", taken, kept, drmt_workers_started ());
  }
}

/* The plot index, the JSON's end, the output closed: the exit status. */
static gint
close_output (Output * o)
{
  gint status;

  if (o->plotter && !drmt_plotter_finish (o->plotter))
    o->plot_failed = TRUE;
  if (o->html && !drmt_html_report_finish (o->html))
    o->plot_failed = TRUE;
  status = drmt_errors ()->len > 0 ? EXIT_FILE_ERRORS : 0;
  if (o->plot_failed)
    status = EXIT_FILE_ERRORS;
  if (o->opt->check_logs) {
    GString *text = g_string_new (NULL);

    if (o->logs_checked == 0)
      g_string_append (text, "no DR Meter log found\n");
    else if (o->logs_differ == 0)
      g_string_append_printf (text, "%u log%s checked: identical\n",
          o->logs_checked, o->logs_checked == 1 ? "" : "s");
    else
      g_string_append_printf (text, "%u log%s checked: %u album%s "
          "differ%s\n", o->logs_checked, o->logs_checked == 1 ? "" : "s",
          o->logs_differ, o->logs_differ == 1 ? "" : "s",
          o->logs_differ == 1 ? "s" : "");
    write_out (o, text);
    g_string_free (text, TRUE);
    if (o->logs_differ > 0)
      status = EXIT_FILE_ERRORS;
  }
  if (o->opt->json) {
    GString *text = g_string_new (NULL);

    drmt_json_end (text, o->skipped, drmt_errors (), o->measured, status);
    write_out (o, text);
    g_string_free (text, TRUE);
  }
  if (o->write_failed)
    status = EXIT_FILE_ERRORS;
  if (o->out != stdout && fclose (o->out) != 0 && status == 0)
    status = EXIT_FILE_ERRORS;
  return status;
}

int
main (int argc, char **argv)
{
  Options opt = { 0 };
  Output o = { 0 };
  gint status;

  opt.jobs = JOBS_UNSET;
  opt.stall_timeout = DRMT_DEFAULT_STALL_TIMEOUT;
  setlocale (LC_ALL, "");
#if defined(__GLIBC__) && defined(M_ARENA_MAX)
  /* One malloc arena: every file's pipeline gets new streaming threads, and
   * glibc would give them arenas of their own (up to 8 per CPU), so the peak
   * memory would creep up with the number of files. The streaming threads
   * allocate little (a buffer per few thousand frames): no measurable cost. */
  mallopt (M_ARENA_MAX, 1);
#endif
  prefer_build_plugin ();
  if (argc == 4 && strcmp (argv[1], DRMT_WORKER_OPTION) == 0)
    return worker_main (argv[2], argv[3]);
  drmt_trace ("scanner-start", NULL);

  if (!parse_options (argc, argv, &opt, &status))
    goto out;
  if (opt.merge_cache) {
    gst_init (NULL, NULL);
    status = merge_caches (&opt);
    goto out;
  }
  status = EXIT_USAGE;
  if (!check_out_dir (opt.plot) || !check_out_dir (opt.report)
      || !start_gstreamer ()
      || !open_output (&o, &opt))
    goto out;
  measure (&o);
  status = close_output (&o);

out:
  drmt_cache_close (o.cache);
  if (o.skipped)
    g_ptr_array_unref (o.skipped);
  drmt_errors_free ();
  options_clear (&opt);
  gst_deinit ();
  drmt_trace ("scanner-exit", NULL);
  return status;
}
