/* gst-drmeter, step "measure": the door of measure/
 * (docs/architecture.md).
 *
 * One job through a GStreamer pipeline, in a worker process: takes a
 * DrmtScannedTrack and DrmtScanOptions (scan.h), or a part of the file
 * (DrmtScanPart, partprobe.h), and hands back the track with its result
 * or one error, or the measured part and its DrmtPartFacts.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_MEASURE_H
#define DRMT_MEASURE_H

#include "scan.h"
#include "partprobe.h"

#endif
