/* gst-drmeter, step "write out": the door of tags/ (docs/architecture.md).
 *
 * The DR tags of a measured album's files: --write-tags, --dry-run,
 * --skip-tagged and --remove-tags (tagphase.h), written with TagLib
 * without ever harming a file.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_TAGS_H
#define DRMT_TAGS_H

#include "tagphase.h"

#endif
