/* gst-drmeter, step "discover": the door of discover/
 * (docs/architecture.md).
 *
 * From the command line's paths to albums: drmt_walk() hands on a
 * GPtrArray of DrmtScannedAlbum (album/album.h), nothing measured yet;
 * CUE sheets (cue.h) become the tracks of their images.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_DISCOVER_H
#define DRMT_DISCOVER_H

#include "walk.h"
#include "cue.h"

#endif
