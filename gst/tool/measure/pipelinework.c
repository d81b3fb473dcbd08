/* gst-drmeter: whether any element of a pipeline is still at work.
 *
 * decodebin (GStreamer 1.22, decodebin2) drops the error of an element it
 * is still plugging: a demuxer that gives up at once on a damaged file
 * ("no playable streams", "can't get first chain") pauses its task, and
 * the error never reaches the pipeline's bus. No thread is then left to
 * read the file, and the pipeline waits for ever. That state is visible
 * without any message: no pad of a working element has a started task.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include "pipelinework.h"

static gboolean
is_queue (GstElement * e)
{
  GstElementFactory *f = gst_element_get_factory (e);
  const gchar *name = f ? gst_plugin_feature_get_name (f) : "";

  return strcmp (name, "queue") == 0 || strcmp (name, "queue2") == 0
      || strcmp (name, "multiqueue") == 0;
}

static gboolean
has_started_task (GstElement * e)
{
  gboolean started = FALSE;

  GST_OBJECT_LOCK (e);
  for (GList * l = e->pads; l && !started; l = l->next)
    started = gst_pad_get_task_state (GST_PAD (l->data)) == GST_TASK_STARTED;
  GST_OBJECT_UNLOCK (e);
  return started;
}

/* A demuxer or parser: what stopped, named in the reason. */
static gboolean
is_demuxer_or_parser (GstElement * e)
{
  GstElementFactory *f = gst_element_get_factory (e);
  const gchar *klass = f ? gst_element_factory_get_metadata (f,
      GST_ELEMENT_METADATA_KLASS) : NULL;

  return klass && (strstr (klass, "Demux") || strstr (klass, "Parser"));
}

gboolean
drmt_pipeline_at_work (GstBin * bin, gchar ** stopped)
{
  GstIterator *it = gst_bin_iterate_recurse (bin);
  GValue item = G_VALUE_INIT;
  gboolean working = FALSE, done = FALSE;
  gchar *name = NULL;

  while (!done && !working) {
    switch (gst_iterator_next (it, &item)) {
      case GST_ITERATOR_OK:{
        GstElement *e = g_value_get_object (&item);

        if (!is_queue (e) && has_started_task (e))
          working = TRUE;
        else if (!name && is_demuxer_or_parser (e))
          name = g_strdup (gst_plugin_feature_get_name
              (gst_element_get_factory (e)));
        g_value_reset (&item);
        break;
      }
      case GST_ITERATOR_RESYNC:
        /* elements came or went: someone is at work */
        working = TRUE;
        break;
      default:
        done = TRUE;
        break;
    }
  }
  g_value_unset (&item);
  gst_iterator_free (it);
  if (working || !stopped)
    g_free (name);
  else
    *stopped = name;
  return working;
}
