/* gst-drmeter scanner tests: what the topics share.
 *
 * The tests run the built command as users run it, on material made once
 * before they start (scanner-material.c): the public conformance fixtures
 * written as WAV files (the same bytes as the published ones) and files
 * made with GStreamer encoders. Each test-scanner-*.c file holds one topic;
 * test-scanner.c makes the material and runs them all.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_SCANNER_TEST_H
#define DRMT_SCANNER_TEST_H

#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include "fixtures.h"

#define RULE "--------------------------------------------------------------------------------"
#define DOUBLE_RULE "================================================================================"

/* ---- the material (scanner-material.c) ---- */

extern gchar *root;             /* temporary folder of everything */
extern gchar *fx_dir;           /* the 22 public fixtures */
extern gchar *tags_dir;         /* tagged FLAC files */
extern gchar *va_dir;           /* two artists */
extern gchar *mixed_dir;        /* one signal, several formats */
extern gchar *chained_dir;      /* streams one after another in a file */
extern gchar *bad_dir;          /* good and bad files */
extern gboolean have_mp3, have_vorbis, have_wavpack, have_avi, have_alac,
    have_aac;

void make_fixtures (void);
void make_tagged (void);
void make_mixed (void);
void make_chained (void);
void make_bad (void);
void remove_tree (const gchar * dir);

/* ---- cases that cannot run their check (scanner-skips.c) ---- */

/* Records that @what (a case, or a part of the material) could not run
 * its check, and why; works from check's forked cases. */
void scanner_skip (const gchar * what, const gchar * why);
/* Names every skip; returns 1 if @failed > 0, else 77 if something was
 * skipped, else 0. Call before the material folder is removed. */
gint scanner_exit_status (gint failed);

/* ---- running the command (scanner-test.c) ---- */

typedef struct {
  gchar *out;
  gchar *err;
  gint status;                  /* exit status, -1 if killed */
} Run;

void run_free (Run * r);
/* Asserts that @r exited with @status; says what it printed on stderr if
 * not. */
void assert_exit (const Run * r, gint status);
/* Runs the command with @args (NULL-terminated) after the @prefix command
 * (NULL: none), the log date pinned. */
Run run_argv (const gchar * const *prefix, const gchar * const *args);
#define RUN(...) run_argv (NULL, (const gchar * const []) { __VA_ARGS__, NULL })

/* Runs gst-drmeter --json, validates with check-json.py, returns its
 * summary lines. */
gchar **json_summary (Run * r, const gchar * const *args);
/* Field @n (0-based) of a '|' separated summary line. */
gchar *field (const gchar * line, guint n);

/* Lines of @err: each "gst-drmeter: <file>: <reason>". Checks that every
 * (file, reason fragment) pair is there exactly once and nothing else. */
void assert_error_lines (const gchar * err, const gchar * const *pairs);

/* ---- small things ---- */

gchar **lines_of (const gchar * text);
/* The index of the line equal to @text, -1 if none. */
gint find_line (gchar ** lines, const gchar * text);
/* Runs a gst-launch style description in process until EOS. */
gboolean launch (const gchar * desc);
gboolean have_element (const gchar * name);
gchar *path_in (const gchar * dir, const gchar * name);
void copy_file (const gchar * from, const gchar * to);

/* ---- the fixtures ---- */

/* Little-endian RIFF pieces. */
void put16 (GByteArray * b, guint v);
void put32 (GByteArray * b, guint32 v);
void put_tag (GByteArray * b, const gchar * tag);
/* The fixture as the published WAV file. */
void write_fixture_wav (const DrmFixture * fx, const gchar * path);
const DrmFixture *fixture_by_file (const gchar * file);
/* The line foobar2000 printed for the fixture whose name is @stem. */
const gchar *expected_line_for (const gchar * stem);
/* "101_window" for "101_window.wav". */
gchar *stem_of (const gchar * file);
/* Official DR value of the fixtures: f32 mean of the f32 track values. */
gint fixtures_album_dr (void);

/* ---- the topics ---- */

void scanner_add_log_tests (TCase * tc);
void scanner_add_json_tests (TCase * tc);
void scanner_add_bad_tests (TCase * tc);
void scanner_add_walk_tests (TCase * tc);
void scanner_add_formats_tests (TCase * tc);

#endif
