/* gst-drmeter: writing the DR tags of a file without ever harming it.
 *
 * TagLib rewrites files in place (it moves the audio when a tag outgrows
 * its padding), so an interrupted TagLib save could leave half a file.
 * Here TagLib only ever writes a copy; the original is replaced by one
 * rename(), which is atomic: at any moment the file's name holds either
 * the original or the complete, checked, tagged copy.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE             /* copy_file_range */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "tagwrite.h"

/* The temporary file of the write under way, for the signal handler,
 * which may not allocate and may run on any thread: fixed buffers, and
 * the index of the one in use (-1: none), switched only after the new
 * name is complete, so that the handler never reads a half-written one. */
static char temp_paths[2][PATH_MAX];
static volatile sig_atomic_t temp_slot = -1;
static const int phase_signals[] = { SIGINT, SIGTERM, SIGHUP };

static struct sigaction saved[G_N_ELEMENTS (phase_signals)];
static gboolean caught[G_N_ELEMENTS (phase_signals)];
static gboolean phase_on;

static void
on_phase_signal (int sig)
{
  /* async-signal-safe only: unlink, sigaction, raise */
  struct sigaction dfl;
  int slot = temp_slot;

  if (slot >= 0)
    unlink (temp_paths[slot]);
  memset (&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigaction (sig, &dfl, NULL);
  raise (sig);
}

/* A signal that is ignored (as SIGINT and SIGQUIT are for a background job
 * of a non-interactive shell, or SIGHUP under nohup) stays ignored: it
 * must not end the writing phase when it ends nothing else. */
void
drmt_tagwrite_begin (void)
{
  struct sigaction sa;
  guint i;

  if (phase_on)
    return;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_phase_signal;
  sigemptyset (&sa.sa_mask);
  for (i = 0; i < G_N_ELEMENTS (phase_signals); i++)
    sigaddset (&sa.sa_mask, phase_signals[i]);
  for (i = 0; i < G_N_ELEMENTS (phase_signals); i++) {
    caught[i] = sigaction (phase_signals[i], NULL, &saved[i]) == 0
        && saved[i].sa_handler != SIG_IGN;
    if (caught[i])
      sigaction (phase_signals[i], &sa, NULL);
  }
  phase_on = TRUE;
}

void
drmt_tagwrite_end (void)
{
  guint i;

  if (!phase_on)
    return;
  for (i = 0; i < G_N_ELEMENTS (phase_signals); i++)
    if (caught[i])
      sigaction (phase_signals[i], &saved[i], NULL);
  phase_on = FALSE;
}

static gboolean
same_stamp (const DrmtFileStamp * a, const DrmtFileStamp * b)
{
  return a->device == b->device && a->inode == b->inode
      && a->size == b->size && a->mtime_ns == b->mtime_ns;
}

static gboolean
fail (gchar ** error, const gchar * what)
{
  *error = g_strdup (what);
  return FALSE;
}

static gboolean
fail_errno (gchar ** error, const gchar * what, int e)
{
  *error = what ? g_strdup_printf ("%s: %s", what, g_strerror (e)) :
      g_strdup (g_strerror (e));
  return FALSE;
}

/* @real, stat'ed into @st, is still the file of @measured; else FALSE
 * with *error: errno's message, or @changed. */
static gboolean
still_measured (const gchar * real, const DrmtFileStamp * measured,
    GStatBuf * st, gchar ** error, const gchar * changed)
{
  DrmtFileStamp now;

  if (g_stat (real, st) != 0)
    return fail_errno (error, NULL, errno);
  drmt_file_stamp_from_stat (&now, st);
  if (!same_stamp (&now, measured))
    return fail (error, changed);
  return TRUE;
}

/* Copies @in to @out from the start; FALSE with errno (ENOSPC, EFBIG). */
static gboolean
copy_bytes (int in, int out, guint64 size)
{
  static gchar buf[1 << 16];
  guint64 done = 0;
  gboolean plain = FALSE;

  while (done < size) {
    ssize_t n = -1;

    if (!plain) {
      n = copy_file_range (in, NULL, out, NULL, size - done, 0);
      if (n < 0 && (errno == ENOSYS || errno == EXDEV || errno == EINVAL
              || errno == EOPNOTSUPP)) {
        plain = TRUE;
        continue;
      }
    } else {
      n = read (in, buf, sizeof buf);
      if (n > 0) {
        ssize_t w = 0;

        while (w < n) {
          ssize_t k = write (out, buf + w, (size_t) (n - w));

          if (k < 0 && errno == EINTR)
            continue;
          if (k <= 0)
            return FALSE;
          w += k;
        }
      }
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return FALSE;
    if (n == 0) {               /* shorter than measured */
      errno = EIO;
      return FALSE;
    }
    done += (guint64) n;
  }
  return TRUE;
}

/* The copy's name: ".NAME.gst-drmeter-tmp-XXXXXX" in @dir (NAME cut so
 * that the whole stays below NAME_MAX). */
static gchar *
temp_template (const gchar * dir, const gchar * base)
{
  gchar *cut = g_strndup (base, 200);
  gchar *name = g_strconcat (".", cut, DRMT_TAGWRITE_TEMP_MARK "XXXXXX",
      NULL);
  gchar *path = g_build_filename (dir, name, NULL);

  g_free (cut);
  g_free (name);
  return path;
}

/* Creates the file of @temp, its XXXXXX replaced, for the signal handler
 * to remove from the start. The handler may run on any thread (blocking
 * signals in this one would not hold them off), so the name is handed
 * over before the file exists: a signal in between unlinks a name that
 * is not there yet. Returns the descriptor, or -1 with errno. */
static int
create_temp (gchar * temp)
{
  static const gchar chars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static gint slot;
  gchar *x = temp + strlen (temp) - 6;
  guint tries, i;
  int fd;

  for (tries = 0; tries < 100; tries++) {
    for (i = 0; i < 6; i++)
      x[i] = chars[g_random_int_range (0, sizeof chars - 1)];
    slot = !slot;               /* not the buffer last handed over */
    memcpy (temp_paths[slot], temp, strlen (temp) + 1);
    temp_slot = slot;
    fd = open (temp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
      return fd;
    temp_slot = -1;
    if (errno != EEXIST)
      return -1;
  }
  errno = EEXIST;
  return -1;
}

/* The file system of @path mounted read-only: no write bit or access()
 * tells, so ask the mount. */
static gboolean
on_read_only_fs (const gchar * path)
{
  struct statvfs vfs;

  return statvfs (path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY) != 0;
}

/* Why @real (stat'ed into @st) cannot be replaced by a tagged copy, or
 * NULL. */
static gchar *
refusal (const gchar * real, const GStatBuf * st)
{
  gchar *dir = g_path_get_dirname (real);
  GStatBuf dst;
  gchar *why = NULL;

  /* the write bits as the owner set them, even for root, who may write
   * anything: a file made read-only is not to be changed */
  if (on_read_only_fs (real) || (access (real, W_OK) != 0 && errno == EROFS))
    why = g_strdup ("read-only file system");
  else if ((st->st_mode & 0222) == 0 || access (real, W_OK) != 0)
    why = g_strdup ("read-only file");
  else if (st->st_nlink > 1)
    why = g_strdup ("the file has several hard links (replacing it would "
        "part them)");
  else if (g_stat (dir, &dst) != 0)
    why = g_strdup (g_strerror (errno));
  else if ((dst.st_mode & 0222) == 0 || access (dir, W_OK | X_OK) != 0)
    why = g_strdup ("read-only folder (the tagged copy is made next to "
        "the file)");
  g_free (dir);
  return why;
}

static gboolean
check_writable (const gchar * real, const GStatBuf * st, gchar ** error)
{
  *error = refusal (real, st);
  return *error == NULL;
}

/* The copy, tagged and checked; on success it is on disk and ready to
 * replace the original. */
static gboolean
make_copy (int fd, const gchar * real, const gchar * temp,
    const GStatBuf * st, DrmtContainer c, const DrmtDrValues * v,
    gchar ** error)
{
  DrmtDrTags got;
  gchar *why = NULL;
  int in = open (real, O_RDONLY | O_CLOEXEC);
  GStatBuf ist;
  gboolean ok;

  if (in < 0)
    return fail_errno (error, NULL, errno);
  ok = fstat (in, &ist) == 0 && ist.st_ino == st->st_ino
      && ist.st_dev == st->st_dev;
  if (!ok) {
    close (in);
    return fail (error, "the file changed since it was measured");
  }
  if (!copy_bytes (in, fd, (guint64) st->st_size)) {
    int e = errno;

    close (in);
    return fail_errno (error, "could not copy the file", e);
  }
  close (in);
  /* permissions and owner of the original (fchown fails for another
   * user's file unless root: then nothing is written) */
  if (fchmod (fd, st->st_mode & 07777) != 0)
    return fail_errno (error, "could not copy the permissions", errno);
  if ((st->st_uid != geteuid () || st->st_gid != getegid ())
      && fchown (fd, st->st_uid, st->st_gid) != 0)
    return fail_errno (error, "could not keep the file's owner", errno);

  if (!drmt_tagfile_write (temp, c, v, &why))
    goto bad;
  if (c == DRMT_CONTAINER_WAV && !drmt_container_wav_id3_lowercase (temp,
          &why))
    goto bad;
  /* the copy reads back with exactly the new tags... */
  if (!drmt_tagfile_read (temp, c, &got, &why))
    goto bad;
  if (!drmt_dr_tags_match (&got, v)) {
    why = g_strdup ("the tagged copy does not read back as written");
    goto bad;
  }
  /* ...and the original's audio bytes */
  if (!drmt_container_same_audio (c, real, temp, &why))
    goto bad;
  if (fsync (fd) != 0)
    return fail_errno (error, "could not flush the tagged copy", errno);
  return TRUE;

bad:
  *error = why;
  return FALSE;
}

gboolean
drmt_tagwrite_file (const gchar * path, const DrmtFileStamp * measured,
    DrmtContainer c, const DrmtDrValues * v, gchar ** error)
{
  gchar *real = realpath (path, NULL);
  gchar *dir = NULL, *base = NULL, *temp = NULL;
  GStatBuf st;
  gboolean ok = FALSE;
  int fd = -1, dfd;

  if (!real)
    return fail_errno (error, NULL, errno);
  if (!still_measured (real, measured, &st, error,
          "the file changed since it was measured")
      || !check_writable (real, &st, error))
    goto out;

  dir = g_path_get_dirname (real);
  base = g_path_get_basename (real);
  temp = temp_template (dir, base);
  if (strlen (temp) >= sizeof temp_paths[0]) {
    fail_errno (error, NULL, ENAMETOOLONG);
    goto out;
  }
  fd = create_temp (temp);
  if (fd < 0) {
    fail_errno (error, "could not create the tagged copy", errno);
    goto out;
  }
  /* tells other runs' clean-up that it is in use */
  flock (fd, LOCK_EX | LOCK_NB);

  if (!make_copy (fd, real, temp, &st, c, v, error))
    goto out;
  /* the original is still the file that was measured and copied */
  if (!still_measured (real, measured, &st, error,
          "the file changed while it was being tagged"))
    goto out;
  if (rename (temp, real) != 0) {
    fail_errno (error, "could not replace the file", errno);
    goto out;
  }
  temp_slot = -1;
  ok = TRUE;
  /* the rename itself on disk */
  dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync (dfd);
    close (dfd);
  }

out:
  if (!ok && temp && temp_slot >= 0)
    g_unlink (temp);
  temp_slot = -1;
  if (fd >= 0)
    close (fd);
  g_free (temp);
  g_free (base);
  g_free (dir);
  free (real);
  return ok;
}

/* Ours: our pattern, a regular file of ours, and no run holds its lock. */
static gboolean
is_stray (const gchar * dir, const gchar * name, gchar ** path)
{
  const gchar *mark = strstr (name, DRMT_TAGWRITE_TEMP_MARK);
  GStatBuf st;
  gboolean stray = FALSE;
  int fd;

  if (name[0] != '.' || !mark
      || strlen (mark) != strlen (DRMT_TAGWRITE_TEMP_MARK) + 6)
    return FALSE;
  *path = g_build_filename (dir, name, NULL);
  fd = open (*path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode)
        && st.st_uid == geteuid () && flock (fd, LOCK_EX | LOCK_NB) == 0)
      stray = TRUE;
    close (fd);
  }
  if (!stray) {
    g_free (*path);
    *path = NULL;
  }
  return stray;
}

guint
drmt_tagwrite_clean_folder (const gchar * folder)
{
  GDir *d = g_dir_open (folder, 0, NULL);
  const gchar *name;
  guint n = 0;

  if (!d)
    return 0;
  while ((name = g_dir_read_name (d))) {
    gchar *path = NULL;

    if (is_stray (folder, name, &path) && g_unlink (path) == 0)
      n++;
    g_free (path);
  }
  g_dir_close (d);
  return n;
}
