/* gst-drmeter: whether any element of a pipeline is still at work.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_PIPELINEWORK_H
#define DRMT_PIPELINEWORK_H

#include <gst/gst.h>

G_BEGIN_DECLS

/* TRUE if a streaming task is at work on a pad of any element of @bin
 * (recursively): started, or paused with its thread still inside its loop
 * (holding the pad's stream lock); or if a queue (queue, queue2,
 * multiqueue) has pads at all: a stream came out of the demuxer, and a
 * queue's thread, waiting for data or plugging a decoder, cannot be
 * judged. FALSE means no thread reads the file and no stream came out of
 * it: without an EOS, nothing will ever come.
 * Then *@stopped (if not NULL) is the factory name of the first demuxer or
 * parser found, or NULL (g_free it). */
gboolean drmt_pipeline_at_work (GstBin * bin, gchar ** stopped);

G_END_DECLS

#endif
