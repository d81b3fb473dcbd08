/* play-dr: plays an audio file through drmeter and prints its DR.
 *
 * usage: play-dr [--play] FILE-OR-URI
 *
 * The file is decoded as fast as possible into a fakesink; --play sends it
 * to the speakers instead (in real time). Each finished track prints one
 * line laid out like foobar2000's DR log, then one line per channel; the
 * album value ("Official DR value") comes last.
 *
 * Build (the test suite runs this line):
 *   cc play-dr.c -o play-dr $(pkg-config --cflags --libs gstreamer-1.0) -lm
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/gst.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* dBFS and DR values as the report prints them: two decimals in the C
 * locale, "-inf" for silence, and never "-0.00". */
static const gchar *
format_db (gdouble v, gchar * buf, gsize size)
{
  if (isinf (v) && v < 0) {
    g_strlcpy (buf, "-inf", size);
    return buf;
  }
  if (v > -0.01 && v < 0.01)
    v = (v >= 0 ? floor (100.0 * v + 0.5) : ceil (100.0 * v - 0.5)) / 100.0;
  g_ascii_formatd (buf, size, "%.2f", v);
  if (strcmp (buf, "-0.00") == 0)
    g_strlcpy (buf, "0.00", size);
  return buf;
}

/* Seconds rounded half away from zero, as m:ss or h:mm:ss (longer tracks
 * get days and weeks in front). */
static const gchar *
format_duration (guint64 frames, gint rate, gchar * buf, gsize size)
{
  guint64 s = rate > 0 ? (guint64) llround ((double) frames / rate) : 0;
  guint64 weeks = s / 604800, days = s / 86400 % 7, hours = s / 3600 % 24;
  GString *out = g_string_new (NULL);

  if (weeks)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT "wk ", weeks);
  if (weeks || days)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT "d ", days);
  if (weeks || days || hours)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT ":%02u:%02u", hours,
        (guint) (s / 60 % 60), (guint) (s % 60));
  else
    g_string_append_printf (out, "%u:%02u", (guint) (s / 60 % 60),
        (guint) (s % 60));
  g_strlcpy (buf, out->str, size);
  g_string_free (out, TRUE);
  return buf;
}

static gdouble
array_double (const GstStructure * s, const gchar * field, guint i)
{
  const GValue *array = gst_structure_get_value (s, field);

  return g_value_get_double (gst_value_array_get_value (array, i));
}

static void
print_track (const GstStructure * s, const gchar * name)
{
  gint dr = 0, rate = 0, channels = 0;
  gdouble peak = 0, rms = 0;
  guint64 frames = 0;
  const GValue *positions = gst_structure_get_value (s, "channel-positions");
  gchar dr_tok[16], peak_tok[32], rms_tok[32], dur_tok[48];

  gst_structure_get (s, "dr", G_TYPE_INT, &dr, "peak", G_TYPE_DOUBLE, &peak,
      "rms", G_TYPE_DOUBLE, &rms, "frames", G_TYPE_UINT64, &frames,
      "rate", G_TYPE_INT, &rate, "channels", G_TYPE_INT, &channels, NULL);

  g_snprintf (dr_tok, sizeof dr_tok, "DR%d", dr);
  printf ("%-5s%10s dBFS%9s dBFS%10s %s\n", dr_tok,
      format_db (peak, peak_tok, sizeof peak_tok),
      format_db (rms, rms_tok, sizeof rms_tok),
      format_duration (frames, rate, dur_tok, sizeof dur_tok), name);

  for (gint c = 0; c < channels; c++) {
    gchar d[32], p[32], r[32];

    printf ("  channel %d (%s): DR %s, peak %s dBFS, RMS %s dBFS\n", c + 1,
        g_value_get_string (gst_value_array_get_value (positions, c)),
        format_db (array_double (s, "channel-dr", c), d, sizeof d),
        format_db (array_double (s, "channel-peak", c), p, sizeof p),
        format_db (array_double (s, "channel-rms", c), r, sizeof r));
  }
}

/* Links the decoder's audio pad to drmeter. */
static void
on_pad_added (GstElement * decoder, GstPad * pad, gpointer meter)
{
  GstPad *sink = gst_element_get_static_pad (GST_ELEMENT (meter), "sink");
  GstCaps *caps = gst_pad_get_current_caps (pad);

  if (!caps)
    caps = gst_pad_query_caps (pad, NULL);
  if (!gst_pad_is_linked (sink) && caps && !gst_caps_is_empty (caps)
      && g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure
              (caps, 0)), "audio/")) {
    if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
      g_printerr ("play-dr: drmeter cannot take %" GST_PTR_FORMAT "\n", caps);
  }
  if (caps)
    gst_caps_unref (caps);
  gst_object_unref (sink);
}

int
main (int argc, char **argv)
{
  gboolean play = FALSE;
  const gchar *input = NULL;
  gchar *uri, *name;
  GstElement *pipeline, *decoder, *meter, *sink;
  GstBus *bus;
  GError *err = NULL;
  gint album_dr = -1, status = 0;
  guint album_tracks = 0;

  gst_init (&argc, &argv);
  for (int i = 1; i < argc; i++) {
    if (strcmp (argv[i], "--play") == 0)
      play = TRUE;
    else
      input = argv[i];
  }
  if (!input) {
    g_printerr ("usage: %s [--play] FILE-OR-URI\n", argv[0]);
    return 2;
  }
  uri = gst_uri_is_valid (input) ? g_strdup (input) :
      gst_filename_to_uri (input, &err);
  if (!uri) {
    g_printerr ("play-dr: %s\n", err->message);
    return 2;
  }
  name = g_path_get_basename (input);

  pipeline = gst_pipeline_new ("play-dr");
  decoder = gst_element_factory_make ("uridecodebin", NULL);
  meter = gst_element_factory_make ("drmeter", NULL);
  if (play) {
    sink = gst_parse_bin_from_description ("audioconvert ! audioresample ! "
        "autoaudiosink", TRUE, NULL);
  } else {
    sink = gst_element_factory_make ("fakesink", NULL);
    if (sink)
      g_object_set (sink, "sync", FALSE, NULL);
  }
  if (!decoder || !meter || !sink) {
    g_printerr ("play-dr: missing element (is GST_PLUGIN_PATH set for "
        "drmeter?)\n");
    return 1;
  }
  g_object_set (decoder, "uri", uri, NULL);
  gst_bin_add_many (GST_BIN (pipeline), decoder, meter, sink, NULL);
  gst_element_link (meter, sink);
  g_signal_connect (decoder, "pad-added", G_CALLBACK (on_pad_added), meter);

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (;;) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
        GST_MESSAGE_ELEMENT | GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    const GstStructure *s = gst_message_get_structure (msg);
    gboolean done = FALSE, final = FALSE;

    switch (GST_MESSAGE_TYPE (msg)) {
      case GST_MESSAGE_ELEMENT:
        if (gst_structure_has_name (s, "drmeter")
            && gst_structure_get_boolean (s, "final", &final) && final) {
          print_track (s, name);
          gst_structure_get (s, "album-dr", G_TYPE_INT, &album_dr,
              "album-tracks", G_TYPE_UINT, &album_tracks, NULL);
        }
        break;
      case GST_MESSAGE_ERROR:{
        GError *error = NULL;

        gst_message_parse_error (msg, &error, NULL);
        g_printerr ("play-dr: %s\n", error->message);
        g_error_free (error);
        status = 1;
        done = TRUE;
        break;
      }
      default:                 /* EOS */
        done = TRUE;
        break;
    }
    gst_message_unref (msg);
    if (done)
      break;
  }
  if (album_tracks > 0)
    printf ("Official DR value: DR%d (%u track%s)\n", album_dr, album_tracks,
        album_tracks == 1 ? "" : "s");
  else if (status == 0)
    g_printerr ("play-dr: nothing was measured\n");

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  g_free (uri);
  g_free (name);
  return status;
}
