/* gst-drmeter: which decoder a stream gets, and in which sample format.
 *
 * foobar2000's decoders deliver floating point, so a lossy file's peaks
 * above full scale (common when a loud master is encoded) are measured as
 * they are. GStreamer's decoders offer the formats they can produce and
 * take the first one downstream accepts; drmeter accepts integers too, so
 * without help an MP3 comes out of avdec_mp3 (GStreamer 1.22) or
 * mpg123audiodec (primary from 1.24, which settles on S16 before its
 * input caps are known) as S16, clipped and rounded, and an Opus file out
 * of opusdec (S16 only through 1.28). Ranks differ between releases and
 * systems, so none is trusted. The scanner
 *   - names the float decoder of each common lossy codec (libav's, whose
 *     samples are those of ffmpeg's float decode; libvorbis's for Vorbis,
 *     which libav leaves to it) and plugs that one, whatever its rank; a
 *     file whose decoder is not installed fails with an error naming it;
 *   - sorts the decoders of other lossy streams with the float-capable
 *     ones first, keeping rank order within each group (and warns when
 *     the samples are integers all the same);
 *   - answers the chosen decoder's caps queries with float formats only.
 * Lossless formats keep their integers: they are exact as they are.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include <gst/audio/audio.h>
#include "decoders.h"

#define FLOAT_CAPS "audio/x-raw, format = (string) { F32LE, F64LE }, " \
    "layout = (string) { interleaved, non-interleaved }"

gboolean
drmt_codec_is_lossy (const GstCaps * caps)
{
  static const gchar *const lossy[] = {
    "audio/mpeg", "audio/x-vorbis", "audio/x-opus", "audio/x-speex",
    "audio/x-ac3", "audio/ac3", "audio/x-eac3", "audio/x-dts",
    "audio/x-wma", "audio/x-musepack",
    /* (what gst-libav's Musepack demuxer hands its decoder) */
    "audio/x-ffmpeg-parsed-musepack", "audio/x-nellymoser",
    "audio/x-pn-realaudio", "audio/x-vnd.sony.atrac3", "audio/x-qdm2",
    "audio/x-celt", NULL
  };
  const GstStructure *s;
  const gchar *name;
  gint v = 0;
  guint i;

  if (!caps || gst_caps_get_size (caps) == 0)
    return FALSE;
  s = gst_caps_get_structure (caps, 0);
  name = gst_structure_get_name (s);
  /* WMA 4 is WMA Lossless */
  if (strcmp (name, "audio/x-wma") == 0
      && gst_structure_get_int (s, "wmaversion", &v) && v == 4)
    return FALSE;
  for (i = 0; lossy[i]; i++)
    if (strcmp (name, lossy[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The float decoder of each common lossy codec. */
typedef struct {
  const gchar *caps;            /* the encoded caps' name */
  const gchar *field;           /* NULL, or an int field that must be... */
  gint value;                   /* ... this */
  const gchar *decoder;
  const gchar *codec;           /* for the error */
  const gchar *package;         /* Debian's */
} FloatDecoder;

#define LIBAV "gstreamer1.0-libav"
static const FloatDecoder float_decoders[] = {
  {"audio/mpeg", "layer", 3, "avdec_mp3float", "MP3", LIBAV},
  {"audio/mpeg", "layer", 2, "avdec_mp2float", "MP2", LIBAV},
  {"audio/mpeg", "layer", 1, "avdec_mp1float", "MP1", LIBAV},
  {"audio/mpeg", "mpegversion", 2, "avdec_aac", "AAC", LIBAV},
  {"audio/mpeg", "mpegversion", 4, "avdec_aac", "AAC", LIBAV},
  {"audio/x-vorbis", NULL, 0, "vorbisdec", "Vorbis",
      "gstreamer1.0-plugins-base"},
  {"audio/x-opus", NULL, 0, "avdec_opus", "Opus", LIBAV},
  {"audio/x-ac3", NULL, 0, "avdec_ac3", "AC-3", LIBAV},
  {"audio/ac3", NULL, 0, "avdec_ac3", "AC-3", LIBAV},
  {"audio/x-eac3", NULL, 0, "avdec_eac3", "E-AC-3", LIBAV},
  {"audio/x-dts", NULL, 0, "avdec_dca", "DTS", LIBAV},
  {"audio/x-wma", "wmaversion", 1, "avdec_wmav1", "WMA", LIBAV},
  {"audio/x-wma", "wmaversion", 2, "avdec_wmav2", "WMA", LIBAV},
  {"audio/x-wma", "wmaversion", 3, "avdec_wmapro", "WMA Pro", LIBAV},
};

static const FloatDecoder *
float_decoder_for (const GstCaps * caps)
{
  const GstStructure *s;
  guint i;

  if (!drmt_codec_is_lossy (caps))
    return NULL;
  s = gst_caps_get_structure (caps, 0);
  for (i = 0; i < G_N_ELEMENTS (float_decoders); i++) {
    const FloatDecoder *d = &float_decoders[i];
    gint v = 0, version = 1;

    if (!gst_structure_has_name (s, d->caps))
      continue;
    if (!d->field)
      return d;
    if (strcmp (d->field, "layer") == 0) {
      /* MPEG-1/2 audio; without a layer field, layer 3 */
      gst_structure_get_int (s, "mpegversion", &version);
      if (version != 1)
        continue;
      if (!gst_structure_get_int (s, "layer", &v))
        v = 3;
    } else {
      gst_structure_get_int (s, d->field, &v);
    }
    if (v == d->value)
      return d;
  }
  return NULL;
}

static gboolean
is_named_float_decoder (const gchar * name)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (float_decoders); i++)
    if (strcmp (float_decoders[i].decoder, name) == 0)
      return TRUE;
  return FALSE;
}

gchar *
drmt_decoders_missing (const GstCaps * caps)
{
  const FloatDecoder *d = float_decoder_for (caps);
  GstElementFactory *f;

  if (!d)
    return NULL;
  f = gst_element_factory_find (d->decoder);
  if (f) {
    gst_object_unref (f);
    return NULL;
  }
  return g_strdup_printf ("%s, the float %s decoder (Debian package %s)",
      d->decoder, d->codec, d->package);
}

static gboolean
is_audio_decoder (GstElementFactory * f)
{
  const gchar *klass = gst_element_factory_get_metadata (f,
      GST_ELEMENT_METADATA_KLASS);

  return klass && strstr (klass, "Decoder") && strstr (klass, "Audio");
}

gboolean
drmt_decoder_outputs_float (GstElementFactory * f)
{
  const GList *l;
  gboolean found = FALSE;
  GstCaps *want;

  if (!is_audio_decoder (f))
    return FALSE;
  want = gst_caps_from_string (FLOAT_CAPS);
  for (l = gst_element_factory_get_static_pad_templates (f); l && !found;
      l = l->next) {
    GstStaticPadTemplate *t = l->data;
    GstCaps *caps;

    if (t->direction != GST_PAD_SRC)
      continue;
    caps = gst_static_pad_template_get_caps (t);
    found = gst_caps_can_intersect (caps, want);
    gst_caps_unref (caps);
  }
  gst_caps_unref (want);
  return found;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS;       /* autoplug-sort takes a GValueArray */

/* Parsers and demuxers keep their places (a parser goes before any
 * decoder); the named decoder takes the first decoder's place, the other
 * decoders go. */
static GValueArray *
named_decoder_only (const FloatDecoder * d, GValueArray * factories)
{
  GstElementFactory *named = gst_element_factory_find (d->decoder);
  GValueArray *sorted = g_value_array_new (factories->n_values);
  gboolean placed = FALSE;
  guint i;

  for (i = 0; i < factories->n_values; i++) {
    GValue *v = g_value_array_get_nth (factories, i);

    if (!is_audio_decoder (g_value_get_object (v))) {
      g_value_array_append (sorted, v);
    } else if (!placed && named) {
      GValue n = G_VALUE_INIT;

      g_value_init (&n, GST_TYPE_ELEMENT_FACTORY);
      g_value_set_object (&n, named);
      g_value_array_append (sorted, &n);
      g_value_unset (&n);
      placed = TRUE;
    }
  }
  if (named)
    gst_object_unref (named);
  return sorted;
}

/* FALSE for a variant of the codec the named decoder does not take (AAC
 * in LATM, which avdec_aac_latm decodes): the float-first order then. A
 * decoder that is not installed "takes" it: the stream fails, naming it. */
static gboolean
named_decoder_takes (const FloatDecoder * d, const GstCaps * caps)
{
  GstElementFactory *f = gst_element_factory_find (d->decoder);
  gboolean takes = !f || gst_element_factory_can_sink_any_caps (f, caps);

  if (f)
    gst_object_unref (f);
  return takes;
}

GValueArray *
drmt_decoders_float_first (const GstCaps * caps, GValueArray * factories)
{
  GValueArray *sorted;
  GPtrArray *decoders;
  gboolean moved = FALSE, seen_integer = FALSE;
  guint i, next = 0;
  const FloatDecoder *named;

  if (!drmt_codec_is_lossy (caps) || !factories)
    return NULL;
  named = float_decoder_for (caps);
  if (named && named_decoder_takes (named, caps))
    return named_decoder_only (named, factories);
  decoders = g_ptr_array_new ();
  for (i = 0; i < factories->n_values; i++) {
    GstElementFactory *f =
        g_value_get_object (g_value_array_get_nth (factories, i));

    if (!is_audio_decoder (f))
      continue;
    if (!drmt_decoder_outputs_float (f))
      seen_integer = TRUE;
    else if (seen_integer)
      moved = TRUE;
  }
  if (!moved) {
    g_ptr_array_unref (decoders);
    return NULL;
  }
  for (i = 0; i < factories->n_values; i++) {
    GValue *v = g_value_array_get_nth (factories, i);

    if (drmt_decoder_outputs_float (g_value_get_object (v)))
      g_ptr_array_add (decoders, v);
  }
  for (i = 0; i < factories->n_values; i++) {
    GValue *v = g_value_array_get_nth (factories, i);
    GstElementFactory *f = g_value_get_object (v);

    if (is_audio_decoder (f) && !drmt_decoder_outputs_float (f))
      g_ptr_array_add (decoders, v);
  }
  sorted = g_value_array_new (factories->n_values);
  for (i = 0; i < factories->n_values; i++) {
    GValue *v = g_value_array_get_nth (factories, i);

    if (is_audio_decoder (g_value_get_object (v)))
      v = g_ptr_array_index (decoders, next++);
    g_value_array_append (sorted, v);
  }
  g_ptr_array_unref (decoders);
  return sorted;
}

G_GNUC_END_IGNORE_DEPRECATIONS;

static gboolean
decodes_lossy (GstElement * element)
{
  GstElementFactory *f = gst_element_get_factory (element);
  GstPad *sink;
  GstCaps *caps;
  gboolean lossy;

  if (!f || !is_audio_decoder (f))
    return FALSE;
  /* asked before its input caps are set, as mpg123audiodec does */
  if (is_named_float_decoder (gst_plugin_feature_get_name (f)))
    return TRUE;
  sink = gst_element_get_static_pad (element, "sink");
  if (!sink)
    return FALSE;
  caps = gst_pad_get_current_caps (sink);
  gst_object_unref (sink);
  lossy = drmt_codec_is_lossy (caps);
  if (caps)
    gst_caps_unref (caps);
  return lossy;
}

gboolean
drmt_decoders_answer_query (GstElement * element, GstQuery * query)
{
  GstCaps *want, *filter = NULL, *result;

  if (GST_QUERY_TYPE (query) != GST_QUERY_CAPS
      && GST_QUERY_TYPE (query) != GST_QUERY_ACCEPT_CAPS)
    return FALSE;
  if (!decodes_lossy (element))
    return FALSE;
  want = gst_caps_from_string (FLOAT_CAPS);
  if (GST_QUERY_TYPE (query) == GST_QUERY_ACCEPT_CAPS) {
    GstCaps *caps;

    gst_query_parse_accept_caps (query, &caps);
    gst_query_set_accept_caps_result (query, caps
        && gst_caps_can_intersect (caps, want));
    gst_caps_unref (want);
    return TRUE;
  }
  gst_query_parse_caps (query, &filter);
  result = filter ? gst_caps_intersect_full (filter, want,
      GST_CAPS_INTERSECT_FIRST) : gst_caps_ref (want);
  gst_query_set_caps_result (query, result);
  gst_caps_unref (result);
  gst_caps_unref (want);
  return TRUE;
}

gchar *
drmt_decoders_integer_warning (const GstCaps * codec_caps,
    const gchar * format)
{
  if (!drmt_codec_is_lossy (codec_caps) || !format
      || g_str_has_prefix (format, "F"))
    return NULL;
  return g_strdup_printf ("a lossy stream decoded to %s integers (no "
      "installed decoder delivers floats): peaks above full scale are "
      "clipped, the DR may differ from foobar2000's", format);
}
