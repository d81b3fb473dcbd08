/* gst-drmeter tests: a stand-in for a file that crashes TagLib.
 *
 * Preloaded (LD_PRELOAD), it kills the process that opens a file whose
 * name holds "crash-taglib" with stdio's fopen(), as TagLib's FileStream
 * does; GStreamer's filesrc and the scanner's own readers use open() and
 * are not touched. test-tag-crash.py checks that such a file costs only
 * itself: the scan, the other albums and their tags go on.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* both names defined here: not one redirected to the other */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define MARK "crash-taglib"

typedef FILE *(*FopenFn) (const char *, const char *);

static FILE *
call (const char *name, const char *path, const char *mode)
{
  FopenFn real = (FopenFn) dlsym (RTLD_NEXT, name);

  if (path && strstr (path, MARK))
    raise (SIGSEGV);
  return real ? real (path, mode) : NULL;
}

FILE *
fopen (const char *path, const char *mode)
{
  return call ("fopen", path, mode);
}

FILE *
fopen64 (const char *path, const char *mode)
{
  return call ("fopen64", path, mode);
}
