/* gst-drmeter element tests: the public fixtures as WAV files.
 *
 * Kept apart from the check-based helpers so that the small drm-make-wav
 * program (used by the example tests) can share it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>
#include "drm-test-util.h"

#define WAVE_FORMAT_PCM 0x0001
#define WAVE_FORMAT_IEEE_FLOAT 0x0003
#define WAVE_FORMAT_EXTENSIBLE 0xFFFE

/* Frames rendered per write. */
#define CHUNK_FRAMES 4096

static void
put16 (guint8 ** p, guint16 v)
{
  GST_WRITE_UINT16_LE (*p, v);
  *p += 2;
}

static void
put32 (guint8 ** p, guint32 v)
{
  GST_WRITE_UINT32_LE (*p, v);
  *p += 4;
}

static void
put_tag (guint8 ** p, const char *tag)
{
  memcpy (*p, tag, 4);
  *p += 4;
}

/* The speaker mask a fixture's file carries (fixtures.md): three channels
 * are FL FR FC, eight are 7.1 (FL FR FC LFE BL BR SL SR). */
static guint32
fixture_mask (const DrmFixture * fx)
{
  switch (fx->channels) {
    case 3:
      return 0x7;
    case 8:
      return 0x63F;
    default:
      return 0;
  }
}

const DrmFixture *
drm_test_find_fixture (const gchar * name)
{
  for (unsigned i = 0; i < drm_n_fixtures; i++) {
    const gchar *file = drm_fixtures[i].file;
    gsize len = strlen (name);

    if (g_strcmp0 (drm_fixtures[i].id, name) == 0
        || g_strcmp0 (file, name) == 0
        || (strncmp (file, name, len) == 0 && strcmp (file + len, ".wav") == 0))
      return &drm_fixtures[i];
  }
  return NULL;
}

gboolean
drm_test_write_wav (const DrmFixture * fx, const gchar * path)
{
  gboolean is_float = fx->format == DRM_FORMAT_F32
      || fx->format == DRM_FORMAT_F64;
  gboolean extensible = fx->channels > 2;
  guint ss = (guint) drm_format_sample_size (fx->format);
  guint block = ss * fx->channels;
  guint64 data_size = fx->frames * block;
  guint fmt_size = extensible ? 40 : 16;
  guint fact_size = is_float ? 12 : 0;
  guint8 header[128], *p = header;
  guint8 *chunk;
  FILE *f;
  gboolean ok;

  if (data_size > G_MAXUINT32 - 64)
    return FALSE;

  put_tag (&p, "RIFF");
  put32 (&p, (guint32) (4 + 8 + fmt_size + fact_size + 8 + data_size));
  put_tag (&p, "WAVE");
  put_tag (&p, "fmt ");
  put32 (&p, fmt_size);
  put16 (&p, extensible ? WAVE_FORMAT_EXTENSIBLE :
      is_float ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM);
  put16 (&p, (guint16) fx->channels);
  put32 (&p, fx->rate);
  put32 (&p, fx->rate * block);
  put16 (&p, (guint16) block);
  put16 (&p, (guint16) (ss * 8));
  if (extensible) {
    /* cbSize, valid bits, channel mask, sub-format GUID. */
    static const guint8 guid_tail[14] = { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
      0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71
    };
    put16 (&p, 22);
    put16 (&p, (guint16) (ss * 8));
    put32 (&p, fixture_mask (fx));
    put16 (&p, is_float ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM);
    memcpy (p, guid_tail, sizeof guid_tail);
    p += sizeof guid_tail;
  }
  if (is_float) {
    put_tag (&p, "fact");
    put32 (&p, 4);
    put32 (&p, (guint32) fx->frames);
  }
  put_tag (&p, "data");
  put32 (&p, (guint32) data_size);

  f = fopen (path, "wb");
  if (!f)
    return FALSE;
  ok = fwrite (header, 1, (size_t) (p - header), f) == (size_t) (p - header);
  chunk = g_malloc ((gsize) CHUNK_FRAMES * block);
  for (guint64 done = 0; ok && done < fx->frames; done += CHUNK_FRAMES) {
    gsize n = (gsize) MIN ((guint64) CHUNK_FRAMES, fx->frames - done);

    drm_fixture_render (fx, fx->format, done, n, chunk);
#if G_BYTE_ORDER == G_BIG_ENDIAN
    /* Rendered in native order; WAV is little endian. */
    for (gsize i = 0; i < n * fx->channels; i++)
      for (guint a = 0, b = ss - 1; a < b; a++, b--) {
        guint8 t = chunk[i * ss + a];
        chunk[i * ss + a] = chunk[i * ss + b];
        chunk[i * ss + b] = t;
      }
#endif
    ok = fwrite (chunk, block, n, f) == n;
  }
  g_free (chunk);
  if (fclose (f) != 0)
    ok = FALSE;
  return ok;
}
