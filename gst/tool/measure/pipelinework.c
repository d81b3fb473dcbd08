/* gst-drmeter: whether any element of a pipeline is still at work.
 *
 * decodebin (GStreamer 1.22, decodebin2) drops the error of an element it
 * is still plugging: a demuxer that gives up at once on a damaged file
 * ("no playable streams", "can't get first chain") pauses its task, and
 * the error never reaches the pipeline's bus. No thread is then left to
 * read the file, and the pipeline waits for ever. That state is visible
 * without any message: no pad's task is at work (started, or inside its
 * loop), and no stream came out of the demuxer (decodebin's queue has no
 * pads). A healthy pipeline can be between two tasks for a moment, so
 * the caller asks several times in a row (scan.c).
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

/* A pad's task at work: started, or paused but its thread still inside
 * its loop (a demuxer that pauses its task while it exposes a stream and
 * decodebin plugs a decoder goes on in that thread): the loop holds the
 * pad's stream lock. */
static gboolean
pad_at_work (GstPad * pad)
{
  GstTaskState state = gst_pad_get_task_state (pad);

  if (state == GST_TASK_STARTED)
    return TRUE;
  if (state == GST_TASK_STOPPED && !GST_PAD_TASK (pad))
    return FALSE;
  if (!g_rec_mutex_trylock (GST_PAD_GET_STREAM_LOCK (pad)))
    return TRUE;
  g_rec_mutex_unlock (GST_PAD_GET_STREAM_LOCK (pad));
  return FALSE;
}

static gboolean
has_task_at_work (GstElement * e)
{
  gboolean working = FALSE;
  GList *pads = NULL;

  GST_OBJECT_LOCK (e);
  for (GList * l = e->pads; l; l = l->next)
    pads = g_list_prepend (pads, gst_object_ref (l->data));
  GST_OBJECT_UNLOCK (e);
  for (GList * l = pads; l && !working; l = l->next)
    working = pad_at_work (GST_PAD (l->data));
  g_list_free_full (pads, gst_object_unref);
  return working;
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

        /* a queue with pads: a stream was exposed, and its thread may be
         * the one plugging a decoder (or waiting for data): not judged */
        if (is_queue (e) ? e->numpads > 0 : has_task_at_work (e))
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
