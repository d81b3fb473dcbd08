/* gst-drmeter: the GStreamer behaviours the scanner compensates for, each
 * decided from what the running GStreamer does (quirks.h lists them).
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/common_interface_defs.h>
#endif
#include <gst/audio/audio.h>
#include <gst/pbutils/pbutils.h>
#include "quirks.h"
#include "measure.h"

/* ---- demuxer-trims ---- */

/* The first packet into the decoder: a clipping meta on it says that the
 * demuxer or parser trims the encoder's priming itself (qtdemux 1.26 for
 * iTunSMPB, mpegaudioparse for a LAME tag). The decoded samples of this
 * packet reach the trim after this returns: the trim knows in time. */
static GstPadProbeReturn
on_first_packet (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);

  if (buf && gst_buffer_get_audio_clipping_meta (buf)) {
    GST_DEBUG_OBJECT (pad, "the first packet is marked for clipping: the "
        "demuxer or parser trims, the scanner does not");
    drmt_trim_stand_down (user_data);
  }
  return GST_PAD_PROBE_REMOVE;
}

void
drmt_quirks_watch_decoder_input (GstElement * decoder, DrmtTrim * trim)
{
  GstPad *pad = gst_element_get_static_pad (decoder, "sink");

  if (!pad)
    return;
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_first_packet, trim,
      NULL);
  gst_object_unref (pad);
}

/* ---- typefind-claims-random-data ---- */

gboolean
drmt_quirks_type_may_hold_audio (const GstCaps * type)
{
  GstPbUtilsCapsDescriptionFlags flags;
  const GstPbUtilsCapsDescriptionFlags none_audio =
      GST_PBUTILS_CAPS_DESCRIPTION_FLAG_VIDEO
      | GST_PBUTILS_CAPS_DESCRIPTION_FLAG_IMAGE
      | GST_PBUTILS_CAPS_DESCRIPTION_FLAG_SUBTITLE;

  if (!type || gst_caps_get_size (type) == 0)
    return TRUE;
  flags = gst_pb_utils_get_caps_description_flags (type);
  if (flags & (GST_PBUTILS_CAPS_DESCRIPTION_FLAG_CONTAINER
          | GST_PBUTILS_CAPS_DESCRIPTION_FLAG_AUDIO))
    return TRUE;
  return (flags & none_audio) == 0;
}

gchar *
drmt_quirks_not_audio_reason (const GstCaps * type)
{
  gchar *what = gst_pb_utils_get_codec_description (type);
  gchar *reason = g_strdup_printf ("not an audio file (GStreamer takes it "
      "for %s)", what ? what :
      gst_structure_get_name (gst_caps_get_structure (type, 0)));

  g_free (what);
  return reason;
}

/* ---- decoder-chatter ---- */

/* The measuring process's own standard error, while fd 2 is quiet. */
static int saved_stderr = -1;
static int dev_null = -1;

void
drmt_quirks_stderr_setup (void)
{
  FILE *to;

  saved_stderr = fcntl (STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  dev_null = open ("/dev/null", O_WRONLY | O_CLOEXEC);
  if (saved_stderr < 0 || dev_null < 0)
    return;
  /* GStreamer's debug log (GST_DEBUG) and the sanitizers' reports keep
   * going where they went */
  if (!g_getenv ("GST_DEBUG_FILE") && (to = fdopen (saved_stderr, "w"))) {
    setvbuf (to, NULL, _IONBF, 0);
    gst_debug_remove_log_function (gst_debug_log_default);
    gst_debug_add_log_function (gst_debug_log_default, to, NULL);
  }
#ifdef __SANITIZE_ADDRESS__
  __sanitizer_set_report_fd ((void *) (intptr_t) saved_stderr);
#endif
}

void
drmt_quirks_stderr_quiet (gboolean quiet)
{
  if (saved_stderr < 0 || dev_null < 0)
    return;
  fflush (stderr);
  dup2 (quiet ? dev_null : saved_stderr, STDERR_FILENO);
}
