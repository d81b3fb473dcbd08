/* gst-drmeter, step "write out": the door of output/
 * (docs/architecture.md).
 *
 * A measured album to its log (report.h), its part of the JSON (json.h)
 * and its plots (plot.h); the progress line and the error and warning
 * lines on stderr (progress.h). Nothing here measures anything.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_OUTPUT_H
#define DRMT_OUTPUT_H

#include "report.h"
#include "json.h"
#include "plot.h"
#include "progress.h"
#include "checklogs.h"
#include "report-html.h"
#include "trace.h"

#endif
