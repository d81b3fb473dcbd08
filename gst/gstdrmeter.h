/* gst-drmeter: the drmeter element.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GST_DRMETER_H
#define GST_DRMETER_H

#include <gst/gst.h>
#include <gst/audio/gstaudiofilter.h>

G_BEGIN_DECLS

#define GST_TYPE_DRMETER (gst_drmeter_get_type ())
G_DECLARE_FINAL_TYPE (GstDrMeter, gst_drmeter, GST, DRMETER, GstAudioFilter)

GST_ELEMENT_REGISTER_DECLARE (drmeter);

G_END_DECLS

#endif /* GST_DRMETER_H */
