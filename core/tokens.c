/* gst-drmeter: the report's tokens, formatted as the reference prints them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "drmeter.h"

/* The report is written in the C locale whatever the program's locale is:
 * "12.04", never "12,04". */
static locale_t c_numeric;
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

static void
make_c_numeric (void)
{
  c_numeric = newlocale (LC_NUMERIC_MASK, "C", (locale_t) 0);
}

static void
format_fixed2 (char *buf, size_t size, double v)
{
  locale_t old = (locale_t) 0;

  pthread_once (&c_numeric_once, make_c_numeric);
  if (c_numeric)
    old = uselocale (c_numeric);
  snprintf (buf, size, "%.2f", v);
  if (c_numeric)
    uselocale (old);
}

const char *
drm_format_db (double db, char buf[DRM_TOKEN_SIZE])
{
  if (isnan (db)) {
    /* Never produced by the meter; printed plainly rather than as garbage. */
    snprintf (buf, DRM_TOKEN_SIZE, "nan");
    return buf;
  }
  if (isinf (db)) {
    snprintf (buf, DRM_TOKEN_SIZE, db < 0 ? "-inf" : "inf");
    return buf;
  }
  /* Values within 0.01 of zero are first rounded to the nearest 0.01
   * (halves away from zero), so that "-0.00" cannot appear. */
  if (db > -0.01 && db < 0.01)
    db = (db >= 0 ? floor (100.0 * db + 0.5) : ceil (100.0 * db - 0.5)) / 100.0;
  format_fixed2 (buf, DRM_TOKEN_SIZE, db);
  if (strcmp (buf, "-0.00") == 0)
    strcpy (buf, "0.00");
  return buf;
}

const char *
drm_format_dr (int displayed, char buf[DRM_TOKEN_SIZE])
{
  snprintf (buf, DRM_TOKEN_SIZE, "DR%d", displayed);
  return buf;
}

const char *
drm_format_duration (uint64_t frames, unsigned rate, char buf[DRM_TOKEN_SIZE])
{
  long long s;
  int sec, min, hour, day;
  long long week;
  int n = 0;

  if (rate == 0) {
    snprintf (buf, DRM_TOKEN_SIZE, "0:00");
    return buf;
  }
  s = llround ((double) frames / (double) rate);
  sec = (int) (s % 60);
  min = (int) ((s / 60) % 60);
  hour = (int) ((s / 3600) % 24);
  day = (int) ((s / 86400) % 7);
  week = s / 604800;

  if (week > 0)
    n += snprintf (buf + n, DRM_TOKEN_SIZE - n, "%lldwk ", week);
  if (week > 0 || day > 0)
    n += snprintf (buf + n, DRM_TOKEN_SIZE - n, "%dd ", day);
  if (week > 0 || day > 0 || hour > 0)
    snprintf (buf + n, DRM_TOKEN_SIZE - n, "%d:%02d:%02d", hour, min, sec);
  else
    snprintf (buf + n, DRM_TOKEN_SIZE - n, "%d:%02d", min, sec);
  return buf;
}

const char *
drm_error_string (int error)
{
  switch (error) {
    case DRM_OK:
      return "no error";
    case DRM_ERROR_INVALID_ARGUMENT:
      return "invalid argument";
    case DRM_ERROR_NOMEM:
      return "out of memory";
    case DRM_ERROR_OVERFLOW:
      return "frame counter overflow";
    default:
      return "unknown error";
  }
}
