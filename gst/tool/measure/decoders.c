/* gst-drmeter: which decoder a stream gets, and in which sample format.
 *
 * foobar2000's decoders deliver floating point, so a lossy file's peaks
 * above full scale (common when a loud master is encoded) are measured as
 * they are. GStreamer's decoders offer the formats they can produce and
 * take the first one downstream accepts; drmeter accepts integers too, so
 * without help an MP3 comes out of avdec_mp3 as S16 (clipped, rounded) and
 * an Opus file out of opusdec (S16 only in 1.22). The scanner therefore
 *   - sorts the decoders of a lossy stream with the float-capable ones
 *     first (avdec_mp3float before avdec_mp3 and mpg123audiodec, avdec_opus
 *     before opusdec), keeping rank order within each group, and
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
    "audio/x-wma", "audio/x-musepack", "audio/x-nellymoser",
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
 * decoder); the decoders among the entries are reordered. */
GValueArray *
drmt_decoders_float_first (const GstCaps * caps, GValueArray * factories)
{
  GValueArray *sorted;
  GPtrArray *decoders;
  gboolean moved = FALSE, seen_integer = FALSE;
  guint i, next = 0;

  if (!drmt_codec_is_lossy (caps) || !factories)
    return NULL;
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
