/* gst-drmeter: WAV, RF64 and AIFF files read by the scanner itself.
 *
 * Why not wavparse: GStreamer 1.22's wavparse clips a data chunk larger
 * than 2^31 - 1 bytes (a 2.3 GB file reads as 23:18 of 25:00), reads no
 * RF64 beyond that either, drops a data chunk of odd size (8-bit mono,
 * 24-bit mono or 3-channel 8-bit with an odd number of frames) and reads a
 * file cut inside its header as samples. gst-libav has no WAV demuxer.
 * The RIFF layout is small and fixed (EBU Tech 3306 for RF64's ds64), so
 * the scanner walks the chunks here, validates them against the file
 * size, and hands exactly the bytes of the data chunk, in whole frames, to
 * rawaudioparse (gst-plugins-base), which timestamps and aligns them.
 * Formats other than integer and float PCM go to decodebin as before,
 * once the chunk structure has been checked.
 *
 * AIFF and AIFF-C likewise: Debian 12's GStreamer reads them with
 * gst-libav's avdemux_aiff (aiffparse is in gst-plugins-bad), which
 * knows no caps for 24-bit, 32-bit or float samples, so such a file
 * failed as "internal data stream error". Their COMM and SSND chunks
 * are as simple as fmt and data (big-endian, the rate an 80-bit float).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>
#include <gst/audio/audio.h>
#include <gst/tag/tag.h>
#include "wavfile.h"
#include "bytes.h"

#define READ_BYTES (64 * 1024)
#define MAX_HEADER_CHUNK (16 * 1024 * 1024)     /* fmt, LIST, id3 read whole */

static guint16
le16 (const guint8 * p)
{
  return p[0] | (p[1] << 8);
}

static guint32
le32 (const guint8 * p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16)
      | ((guint32) p[3] << 24);
}

static guint64
le64 (const guint8 * p)
{
  return le32 (p) | ((guint64) le32 (p + 4) << 32);
}

static gboolean
read_at (int fd, guint64 offset, guint8 * buf, gsize n)
{
  gsize done = 0;

  while (done < n) {
    ssize_t r = pread (fd, buf + done, n - done, (off_t) (offset + done));

    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return FALSE;
    done += r;
  }
  return TRUE;
}

static void
damaged (DrmtWav * w, const gchar * fmt, ...) G_GNUC_PRINTF (2, 3);

static void
damaged (DrmtWav * w, const gchar * fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  g_free (w->error);
  w->error = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  w->kind = DRMT_WAV_DAMAGED;
}

/* WAVE_FORMAT_EXTENSIBLE speaker bits, in order, as GStreamer positions */
static const GstAudioChannelPosition wave_positions[18] = {
  GST_AUDIO_CHANNEL_POSITION_FRONT_LEFT,
  GST_AUDIO_CHANNEL_POSITION_FRONT_RIGHT,
  GST_AUDIO_CHANNEL_POSITION_FRONT_CENTER,
  GST_AUDIO_CHANNEL_POSITION_LFE1,
  GST_AUDIO_CHANNEL_POSITION_REAR_LEFT,
  GST_AUDIO_CHANNEL_POSITION_REAR_RIGHT,
  GST_AUDIO_CHANNEL_POSITION_FRONT_LEFT_OF_CENTER,
  GST_AUDIO_CHANNEL_POSITION_FRONT_RIGHT_OF_CENTER,
  GST_AUDIO_CHANNEL_POSITION_REAR_CENTER,
  GST_AUDIO_CHANNEL_POSITION_SIDE_LEFT,
  GST_AUDIO_CHANNEL_POSITION_SIDE_RIGHT,
  GST_AUDIO_CHANNEL_POSITION_TOP_CENTER,
  GST_AUDIO_CHANNEL_POSITION_TOP_FRONT_LEFT,
  GST_AUDIO_CHANNEL_POSITION_TOP_FRONT_CENTER,
  GST_AUDIO_CHANNEL_POSITION_TOP_FRONT_RIGHT,
  GST_AUDIO_CHANNEL_POSITION_TOP_REAR_LEFT,
  GST_AUDIO_CHANNEL_POSITION_TOP_REAR_CENTER,
  GST_AUDIO_CHANNEL_POSITION_TOP_REAR_RIGHT,
};

/* The GStreamer channel mask for a WAVE speaker mask, 0 when the channels
 * are to be unpositioned: no mask, a mask that does not name @channels
 * speakers, or one whose order is not GStreamer's (top speakers), which a
 * channel-mask cannot say. The DR of each channel is the same either way;
 * only the log's column labels (Ch1, Ch2, ...) differ. Without a mask,
 * the layouts wavparse assumes. */
static guint64
channel_mask (guint32 wave_mask, guint channels)
{
  static const guint32 defaults[9] = { 0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3f,
    0x13f, 0x63f
  };
  guint64 mask = 0;
  gint last = -1;
  guint i, n = 0;

  if (wave_mask == 0)
    wave_mask = channels <= 8 ? defaults[channels] : 0;
  for (i = 0; i < 32; i++) {
    if (!(wave_mask & (1u << i)))
      continue;
    if (i >= G_N_ELEMENTS (wave_positions) || (gint) wave_positions[i] < last)
      return 0;
    last = wave_positions[i];
    mask |= G_GUINT64_CONSTANT (1) << wave_positions[i];
    n++;
  }
  return n == channels ? mask : 0;
}

/* The fmt chunk: PCM or float gives caps; anything else is for decodebin. */
static void
read_fmt (DrmtWav * w, const guint8 * f, guint32 size)
{
  guint tag, channels, rate, align, bits, bytes;
  guint32 wave_mask = 0;
  gboolean is_float;
  GstAudioFormat format = GST_AUDIO_FORMAT_UNKNOWN;
  guint64 mask;

  if (size < 16) {
    damaged (w, "damaged file: its fmt chunk is %u bytes long", size);
    return;
  }
  tag = le16 (f);
  channels = le16 (f + 2);
  rate = le32 (f + 4);
  align = le16 (f + 12);
  bits = le16 (f + 14);
  if (tag == 0xfffe && size >= 40) {
    wave_mask = le32 (f + 20);
    tag = le16 (f + 24);        /* the sub-format GUID's first two bytes */
  }
  if (channels == 0 || rate == 0 || align == 0) {
    damaged (w, "damaged file: its fmt chunk says %u channels, %u Hz, "
        "%u bytes per frame", channels, rate, align);
    return;
  }
  w->block_align = align;
  if (tag != 1 && tag != 3) {
    w->kind = DRMT_WAV_OTHER;
    return;
  }
  is_float = tag == 3;
  bytes = align / channels;
  if (align % channels || bits == 0 || bits > bytes * 8 || channels > 64) {
    w->kind = DRMT_WAV_OTHER;   /* odd layouts: decodebin's business */
    return;
  }
  switch (bytes) {
    case 1:
      format = is_float ? GST_AUDIO_FORMAT_UNKNOWN : GST_AUDIO_FORMAT_U8;
      break;
    case 2:
      format = is_float ? GST_AUDIO_FORMAT_UNKNOWN : GST_AUDIO_FORMAT_S16LE;
      break;
    case 3:
      format = is_float ? GST_AUDIO_FORMAT_UNKNOWN : GST_AUDIO_FORMAT_S24LE;
      break;
    case 4:
      format = is_float ? GST_AUDIO_FORMAT_F32LE : GST_AUDIO_FORMAT_S32LE;
      break;
    case 8:
      format = is_float ? GST_AUDIO_FORMAT_F64LE : GST_AUDIO_FORMAT_UNKNOWN;
      break;
  }
  if (format == GST_AUDIO_FORMAT_UNKNOWN) {
    w->kind = DRMT_WAV_OTHER;
    return;
  }
  mask = channel_mask (wave_mask, channels);
  w->caps = gst_caps_new_simple ("audio/x-unaligned-raw",
      "format", G_TYPE_STRING, gst_audio_format_to_string (format),
      "layout", G_TYPE_STRING, "interleaved",
      "rate", G_TYPE_INT, (gint) rate, "channels", G_TYPE_INT, channels,
      NULL);
  if (channels > 2 || mask == 0)
    gst_caps_set_simple (w->caps, "channel-mask", GST_TYPE_BITMASK, mask,
        NULL);
  w->kind = DRMT_WAV_PCM;
}

static gchar *
info_string (const guint8 * p, gsize n)
{
  gsize len = strnlen ((const gchar *) p, n);

  if (g_utf8_validate ((const gchar *) p, len, NULL))
    return g_strndup ((const gchar *) p, len);
  return g_convert ((const gchar *) p, len, "UTF-8", "ISO-8859-1", NULL,
      NULL, NULL);
}

/* LIST INFO: title, artist, album, track number. */
static void
read_info (DrmtWav * w, const guint8 * p, gsize size)
{
  static const struct {
    const gchar id[5], *tag;
  } map[] = {
    {"INAM", GST_TAG_TITLE}, {"IART", GST_TAG_ARTIST},
    {"IPRD", GST_TAG_ALBUM}, {"IGNR", GST_TAG_GENRE},
  };
  gsize at = 4;

  if (size < 4 || memcmp (p, "INFO", 4) != 0)
    return;
  while (at + 8 <= size) {
    guint32 n = le32 (p + at + 4);
    const guint8 *v = p + at + 8;
    guint i;

    if (n > size - at - 8)
      break;
    for (i = 0; i < G_N_ELEMENTS (map); i++) {
      if (memcmp (p + at, map[i].id, 4) == 0) {
        gchar *s = info_string (v, n);

        if (s && *s) {
          if (!w->tags)
            w->tags = gst_tag_list_new_empty ();
          gst_tag_list_add (w->tags, GST_TAG_MERGE_KEEP, map[i].tag, s, NULL);
        }
        g_free (s);
      }
    }
    if (memcmp (p + at, "ITRK", 4) == 0 || memcmp (p + at, "IPRT", 4) == 0) {
      gchar *s = info_string (v, n);
      guint64 track = s ? g_ascii_strtoull (s, NULL, 10) : 0;

      if (track > 0 && track < G_MAXUINT) {
        if (!w->tags)
          w->tags = gst_tag_list_new_empty ();
        gst_tag_list_add (w->tags, GST_TAG_MERGE_KEEP, GST_TAG_TRACK_NUMBER,
            (guint) track, NULL);
      }
      g_free (s);
    }
    at += 8 + n + (n & 1);
  }
}

static void
read_id3 (DrmtWav * w, const guint8 * p, gsize size)
{
  GstBuffer *buf = gst_buffer_new_memdup (p, size);
  GstTagList *tags = gst_tag_list_from_id3v2_tag (buf);

  gst_buffer_unref (buf);
  if (!tags)
    return;
  if (w->tags) {
    gst_tag_list_insert (w->tags, tags, GST_TAG_MERGE_KEEP);
    gst_tag_list_unref (tags);
  } else {
    w->tags = tags;
  }
}

/* The walk over a file's chunks. */
typedef struct {
  int fd;
  guint64 file_size;
  guint64 riff_end;             /* where the RIFF (or RF64) form ends */
  guint64 data_size64;          /* the data size of an RF64 ds64 chunk */
  gboolean have_fmt, have_data, have_ds64;
} ChunkWalk;

/* After a chunk: the next one (past the end of the form, once the samples
 * are found, nothing more is ours), the next one whatever the form says,
 * or no more. */
typedef enum {
  CHUNK_NEXT,
  CHUNK_NEXT_ANYWAY,
  CHUNK_STOP
} ChunkStep;

/* An RF64 file's first chunk: ds64, with the real sizes. */
static gboolean
read_ds64 (DrmtWav * w, ChunkWalk * k, guint64 at, const gchar * id,
    guint64 size, guint64 avail)
{
  guint8 ds64[28];

  if (strcmp (id, "ds64") != 0 || size < 28 || avail < 28) {
    damaged (w, "damaged file: an RF64 file without its ds64 chunk");
    return FALSE;
  }
  if (!read_at (k->fd, at + 8, ds64, 28)) {
    damaged (w, "%s", g_strerror (errno ? errno : EIO));
    return FALSE;
  }
  k->riff_end = 8 + le64 (ds64);
  k->data_size64 = le64 (ds64 + 8);
  k->have_ds64 = TRUE;
  return TRUE;
}

/* The samples: where they are and how many, from a size that may be a
 * placeholder (RF64, streaming tools) or wrapped (over 4 GiB). */
static ChunkStep
data_chunk (DrmtWav * w, ChunkWalk * k, guint64 at, guint64 * size,
    guint64 avail)
{
  if (!k->have_fmt) {
    damaged (w, "damaged file: its data chunk comes before the fmt chunk");
    return CHUNK_STOP;
  }
  if (w->rf64 && *size == 0xffffffffu)
    *size = k->data_size64;
  else if (!w->rf64 && *size == 0xffffffffu)
    *size = avail;              /* written by a streaming tool */
  else if (!w->rf64 && avail > 0xffffffffu && *size < avail
      && (avail - *size) % G_GUINT64_CONSTANT (0x100000000) <= 1)
    *size = avail - (avail - *size) % 2;        /* over 4 GiB: wrapped */
  w->data_offset = at + 8;
  w->data_size = *size - *size % w->block_align;
  w->frames = *size / w->block_align;
  k->have_data = TRUE;
  if (*size > avail) {
    damaged (w, "truncated file: its data chunk declares %" G_GUINT64_FORMAT
        " frames, the file holds %" G_GUINT64_FORMAT, w->frames,
        avail / w->block_align);
    return CHUNK_STOP;
  }
  /* chunks after the samples (LIST INFO often) are read too */
  return CHUNK_NEXT_ANYWAY;
}

/* Any other chunk that fits in the file: fmt, LIST and id3 are read,
 * the others skipped. */
static ChunkStep
other_chunk (DrmtWav * w, ChunkWalk * k, guint64 at, const gchar * id,
    guint64 size)
{
  gboolean fmt = strcmp (id, "fmt ") == 0;
  guint8 *p;

  if (!fmt && strcmp (id, "LIST") != 0 && g_ascii_strcasecmp (id, "id3 ") != 0)
    return CHUNK_NEXT;
  if (size > MAX_HEADER_CHUNK) {
    if (!fmt)
      return CHUNK_NEXT_ANYWAY;
    damaged (w, "damaged file: its fmt chunk is %" G_GUINT64_FORMAT
        " bytes long", size);
    return CHUNK_STOP;
  }
  p = g_malloc (size + 1);
  if (!read_at (k->fd, at + 8, p, size)) {
    g_free (p);
    damaged (w, "%s", g_strerror (errno ? errno : EIO));
    return CHUNK_STOP;
  }
  if (fmt && !k->have_fmt) {
    read_fmt (w, p, size);
    k->have_fmt = TRUE;
  } else if (strcmp (id, "LIST") == 0) {
    read_info (w, p, size);
  } else if (g_ascii_strcasecmp (id, "id3 ") == 0) {
    read_id3 (w, p, size);
  }
  g_free (p);
  return w->kind == DRMT_WAV_DAMAGED ? CHUNK_STOP : CHUNK_NEXT;
}

/* A chunk's id as a reason quotes it: its four bytes, each outside
 * printable ASCII shown as '?' (a damaged file's id can be any bytes,
 * which the log, the JSON and standard error must all show alike). */
static const gchar *
printable_id (const guint8 * c, gchar out[5])
{
  for (guint i = 0; i < 4; i++)
    out[i] = c[i] >= 0x20 && c[i] < 0x7f ? (gchar) c[i] : '?';
  out[4] = '\0';
  return out;
}

/* One chunk at @at; *size receives the size to step over. */
static ChunkStep
read_chunk (DrmtWav * w, ChunkWalk * k, guint64 at, guint64 * size)
{
  guint8 c[8];
  gchar id[5] = { 0 };
  guint64 avail;

  if (k->file_size - at < 8) {
    damaged (w, "damaged file: cut inside a chunk header at byte %"
        G_GUINT64_FORMAT, at);
    return CHUNK_STOP;
  }
  if (!read_at (k->fd, at, c, 8)) {
    damaged (w, "%s", g_strerror (errno ? errno : EIO));
    return CHUNK_STOP;
  }
  memcpy (id, c, 4);
  *size = le32 (c + 4);
  avail = k->file_size - at - 8;

  if (w->rf64 && !k->have_ds64 && !read_ds64 (w, k, at, id, *size, avail))
    return CHUNK_STOP;
  if (strcmp (id, "data") == 0)
    return data_chunk (w, k, at, size, avail);
  if (*size > avail) {
    gchar shown[5];

    if (!k->have_data)
      damaged (w, "damaged file: its '%s' chunk runs past the end of the "
          "file (cut at byte %" G_GUINT64_FORMAT ")", printable_id (c, shown),
          k->file_size);
    return CHUNK_STOP;          /* after the samples: tags lost, no more */
  }
  return other_chunk (w, k, at, id, *size);
}

/* ---- AIFF and AIFF-C ---- */

/* An 80-bit IEEE 754 extended number (COMM's sample rate) as a whole
 * number of Hz; 0 if it is not one from 1 Hz to 2^31 - 1 Hz. */
static guint
aiff_rate (const guint8 * p)
{
  gint exponent = ((p[0] & 0x7f) << 8 | p[1]) - 16383;
  guint64 mantissa = drmt_be64 (p + 2);
  guint64 rate;

  if ((p[0] & 0x80) || exponent < 0 || exponent > 30)
    return 0;
  rate = mantissa >> (63 - exponent);
  if (rate << (63 - exponent) != mantissa)
    return 0;                   /* a fraction of a Hz */
  return (guint) rate;
}

/* The sample format of COMM's @bits and AIFF-C compression type @type
 * (NULL for AIFF); UNKNOWN for what decodebin decodes (A-law, IMA...). */
static GstAudioFormat
aiff_format (guint bits, const guint8 * type)
{
  static const struct {
    const gchar type[5];
    guint bytes;
    GstAudioFormat format;
  } map[] = {
    {"NONE", 1, GST_AUDIO_FORMAT_S8}, {"NONE", 2, GST_AUDIO_FORMAT_S16BE},
    {"NONE", 3, GST_AUDIO_FORMAT_S24BE}, {"NONE", 4, GST_AUDIO_FORMAT_S32BE},
    {"twos", 1, GST_AUDIO_FORMAT_S8}, {"twos", 2, GST_AUDIO_FORMAT_S16BE},
    {"twos", 3, GST_AUDIO_FORMAT_S24BE}, {"twos", 4, GST_AUDIO_FORMAT_S32BE},
    {"sowt", 1, GST_AUDIO_FORMAT_S8}, {"sowt", 2, GST_AUDIO_FORMAT_S16LE},
    {"sowt", 3, GST_AUDIO_FORMAT_S24LE}, {"sowt", 4, GST_AUDIO_FORMAT_S32LE},
    {"in24", 3, GST_AUDIO_FORMAT_S24BE},
    {"42ni", 3, GST_AUDIO_FORMAT_S24LE}, {"in32", 4, GST_AUDIO_FORMAT_S32BE},
    {"23ni", 4, GST_AUDIO_FORMAT_S32LE}, {"fl32", 4, GST_AUDIO_FORMAT_F32BE},
    {"FL32", 4, GST_AUDIO_FORMAT_F32BE}, {"fl64", 8, GST_AUDIO_FORMAT_F64BE},
    {"FL64", 8, GST_AUDIO_FORMAT_F64BE},
  };
  gboolean is_float = type && g_ascii_strncasecmp ((const gchar *) type,
      "fl", 2) == 0;
  guint bytes = is_float ? (type[2] == '6' ? 8 : 4) : (bits + 7) / 8;
  guint i;

  if (bits == 0 || bits > 64)
    return GST_AUDIO_FORMAT_UNKNOWN;
  for (i = 0; i < G_N_ELEMENTS (map); i++)
    if (memcmp (type ? (const gchar *) type : "NONE", map[i].type, 4) == 0
        && map[i].bytes == bytes)
      return map[i].format;
  return GST_AUDIO_FORMAT_UNKNOWN;
}

/* COMM: channels, frames, sample size, rate (and AIFF-C's compression). */
static void
read_comm (DrmtWav * w, const guint8 * c, guint32 size, gboolean aifc)
{
  guint channels, bits, rate;
  GstAudioFormat format;

  if (size < (aifc ? 22u : 18u)) {
    damaged (w, "damaged file: its COMM chunk is %u bytes long", size);
    return;
  }
  channels = drmt_be16 (c);
  w->frames = drmt_be32 (c + 2);
  bits = drmt_be16 (c + 6);
  rate = aiff_rate (c + 8);
  if (channels == 0 || rate == 0 || bits == 0) {
    damaged (w, "damaged file: its COMM chunk says %u channels, %u-bit "
        "samples at a rate of %s", channels, bits, rate ? "some Hz" : "0 Hz");
    return;
  }
  format = aiff_format (bits, aifc ? c + 18 : NULL);
  if (format == GST_AUDIO_FORMAT_UNKNOWN || channels > 64) {
    w->kind = DRMT_WAV_OTHER;
    return;
  }
  w->block_align = channels * GST_AUDIO_FORMAT_INFO_WIDTH
      (gst_audio_format_get_info (format)) / 8;
  /* More channels than audioconvert mixes, in a byte order or sign the
   * meter does not take: decodebin's path says why it cannot be done. */
  if (channels > 63 && format != GST_AUDIO_FORMAT_S16LE
      && format != GST_AUDIO_FORMAT_S24LE && format != GST_AUDIO_FORMAT_S32LE) {
    w->kind = DRMT_WAV_OTHER;
    return;
  }
  /* AIFF names no speakers: stereo is left and right, more unpositioned */
  w->caps = gst_caps_new_simple ("audio/x-unaligned-raw",
      "format", G_TYPE_STRING, gst_audio_format_to_string (format),
      "layout", G_TYPE_STRING, "interleaved",
      "rate", G_TYPE_INT, (gint) rate, "channels", G_TYPE_INT, channels,
      NULL);
  if (channels > 2)
    gst_caps_set_simple (w->caps, "channel-mask", GST_TYPE_BITMASK,
        (guint64) 0, NULL);
  w->kind = DRMT_WAV_PCM;
}

static void
add_text_tag (GstTagList ** list, const gchar * tag, const guint8 * p,
    gsize n)
{
  gchar *s = info_string (p, n);

  if (s && *s) {
    if (!*list)
      *list = gst_tag_list_new_empty ();
    gst_tag_list_add (*list, GST_TAG_MERGE_KEEP, tag, s, NULL);
  }
  g_free (s);
}

/* The chunks of a FORM AIFF or AIFC file: COMM and SSND, with NAME, AUTH
 * and ID3 for the tags (ID3 first: it says more). */
static void
aiff_read (int fd, guint64 file_size, gboolean aifc, DrmtWav * w)
{
  gboolean have_comm = FALSE, have_ssnd = FALSE;
  guint64 at = 12, ssnd_at = 0, ssnd_size = 0;
  GstTagList *text = NULL;

  while (at < file_size && w->kind != DRMT_WAV_DAMAGED) {
    guint8 c[8], *p;
    gchar id[5] = { 0 };
    guint64 size, avail;

    if (file_size - at < 8) {
      damaged (w, "damaged file: cut inside a chunk header at byte %"
          G_GUINT64_FORMAT, at);
      break;
    }
    if (!read_at (fd, at, c, 8)) {
      damaged (w, "%s", g_strerror (errno ? errno : EIO));
      break;
    }
    memcpy (id, c, 4);
    size = drmt_be32 (c + 4);
    avail = file_size - at - 8;
    if (strcmp (id, "SSND") == 0) {
      ssnd_at = at;
      ssnd_size = MIN (size, avail);
      have_ssnd = TRUE;
    } else if (size > avail) {
      gchar shown[5];

      if (!have_ssnd)
        damaged (w, "damaged file: its '%s' chunk runs past the end of the "
            "file (cut at byte %" G_GUINT64_FORMAT ")", printable_id (c,
                shown), file_size);
      break;                    /* after the samples: tags lost, no more */
    } else if ((strcmp (id, "COMM") == 0 && !have_comm)
        || strcmp (id, "NAME") == 0 || strcmp (id, "AUTH") == 0
        || g_ascii_strcasecmp (id, "ID3 ") == 0) {
      if (size > MAX_HEADER_CHUNK)
        goto next;
      p = g_malloc (size + 1);
      if (!read_at (fd, at + 8, p, size)) {
        g_free (p);
        damaged (w, "%s", g_strerror (errno ? errno : EIO));
        break;
      }
      if (strcmp (id, "COMM") == 0) {
        read_comm (w, p, size, aifc);
        have_comm = TRUE;
      } else if (id[0] == 'N' || id[0] == 'A') {
        add_text_tag (&text, id[0] == 'N' ? GST_TAG_TITLE : GST_TAG_ARTIST,
            p, size);
      } else {
        read_id3 (w, p, size);
      }
      g_free (p);
    }
  next:
    at += 8 + size + (size & 1);
  }
  if (text) {
    if (w->tags) {
      gst_tag_list_insert (w->tags, text, GST_TAG_MERGE_KEEP);
      gst_tag_list_unref (text);
    } else {
      w->tags = text;
    }
  }
  if (w->kind == DRMT_WAV_DAMAGED)
    return;
  if (!have_comm) {
    damaged (w, "damaged file: an AIFF file without a COMM chunk");
  } else if (!have_ssnd) {
    damaged (w, "damaged file: an AIFF file without an SSND chunk");
  } else if (w->kind == DRMT_WAV_PCM) {
    guint8 o[4];
    guint64 offset, held;

    if (ssnd_size < 8 || !read_at (fd, ssnd_at + 8, o, 4)
        || (offset = drmt_be32 (o)) > ssnd_size - 8) {
      damaged (w, "damaged file: its SSND chunk is cut before its samples");
      return;
    }
    /* every whole frame SSND holds: that they are the frames COMM
     * declares, no fewer and no more, is declared.c's check */
    w->data_offset = ssnd_at + 16 + offset;
    held = (ssnd_size - 8 - offset) / w->block_align;
    w->data_size = held * w->block_align;
  }
}

void
drmt_wav_read (const gchar * path, guint64 file_size, DrmtWav * w)
{
  guint8 h[12];
  ChunkWalk k = { -1, file_size, 0, 0, FALSE, FALSE, FALSE };
  guint64 at = 12;

  memset (w, 0, sizeof *w);
  w->kind = DRMT_WAV_NOT_RIFF;
  k.fd = g_open (path, O_RDONLY, 0);
  if (k.fd < 0)
    return;
  if (read_at (k.fd, 0, h, 12) && memcmp (h, "FORM", 4) == 0
      && (memcmp (h + 8, "AIFF", 4) == 0 || memcmp (h + 8, "AIFC", 4) == 0)) {
    aiff_read (k.fd, file_size, h[11] == 'C', w);
    close (k.fd);
    return;
  }
  if (!read_at (k.fd, 0, h, 12) || memcmp (h + 8, "WAVE", 4) != 0
      || (memcmp (h, "RIFF", 4) != 0 && memcmp (h, "RF64", 4) != 0
          && memcmp (h, "BW64", 4) != 0)) {
    close (k.fd);
    return;
  }
  w->rf64 = memcmp (h, "RIFF", 4) != 0;
  k.riff_end = 8 + (guint64) le32 (h + 4);

  while (at < file_size) {
    guint64 size = 0;
    ChunkStep step = read_chunk (w, &k, at, &size);

    if (step == CHUNK_STOP)
      break;
    at += 8 + size + (size & 1);
    if (step == CHUNK_NEXT && at > k.riff_end && k.have_data)
      break;                    /* what follows the RIFF is not ours */
  }
  close (k.fd);
  if (w->kind == DRMT_WAV_DAMAGED)
    return;
  if (!k.have_fmt)
    damaged (w, "damaged file: a WAV file without a fmt chunk");
  else if (!k.have_data)
    damaged (w, "damaged file: a WAV file without a data chunk");
}

void
drmt_wav_clear (DrmtWav * w)
{
  g_free (w->error);
  if (w->caps)
    gst_caps_unref (w->caps);
  if (w->tags)
    gst_tag_list_unref (w->tags);
  memset (w, 0, sizeof *w);
}

/* ---------------------------------------------------------------- */

typedef struct {
  int fd;
  guint64 offset, left;         /* bytes still to deliver */
  guint chunk;                  /* bytes per read: whole frames */
} Feed;

static void
feed_free (gpointer data)
{
  Feed *f = data;

  if (f->fd >= 0)
    close (f->fd);
  g_free (f);
}

static void
on_need_data (GstAppSrc * src, guint length, gpointer user_data)
{
  Feed *f = user_data;
  GstBuffer *buf;
  GstMapInfo map;
  gsize n;

  if (f->left == 0) {
    gst_app_src_end_of_stream (src);
    return;
  }
  n = MIN (f->left, f->chunk);
  buf = gst_buffer_new_allocate (NULL, n, NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  if (!read_at (f->fd, f->offset, map.data, n)) {
    gst_buffer_unmap (buf, &map);
    gst_buffer_unref (buf);
    GST_ELEMENT_ERROR (src, RESOURCE, READ, (NULL),
        ("reading at byte %" G_GUINT64_FORMAT ": %s", f->offset,
            g_strerror (errno ? errno : EIO)));
    return;
  }
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_OFFSET (buf) = f->offset;
  f->offset += n;
  f->left -= n;
  gst_app_src_push_buffer (src, buf);
  if (f->left == 0)
    gst_app_src_end_of_stream (src);
}

GstElement *
drmt_wav_source_new (const gchar * path, const DrmtWav * wav)
{
  GstElement *e = gst_element_factory_make ("appsrc", NULL);
  GstAppSrcCallbacks cb;
  Feed *f;

  memset (&cb, 0, sizeof cb);
  cb.need_data = on_need_data;

  if (!e)
    return NULL;
  f = g_new0 (Feed, 1);
  f->fd = g_open (path, O_RDONLY, 0);
  f->offset = wav->data_offset;
  f->left = wav->data_size;
  f->chunk = MAX (1, READ_BYTES / wav->block_align) * wav->block_align;
  g_object_set (e, "caps", wav->caps, "format", GST_FORMAT_BYTES,
      "stream-type", 0 /* stream */ , "size", (gint64) wav->data_size,
      "block", TRUE, NULL);
  gst_app_src_set_callbacks (GST_APP_SRC (e), &cb, f, feed_free);
  return e;
}
