/* gst-drmeter, step "assemble": the door of album/ (docs/architecture.md).
 *
 * What the scanner knows about one file and one album: DrmtScannedTrack
 * (a file or a CUE track: its names as walked, its tags, the stream, the
 * result or the error, its windows with --plot) and DrmtScannedAlbum (a
 * folder's tracks in listing order). Every step holds these records; the
 * album values (log order, Official DR value, disc folders) are computed
 * here, and nothing here runs a pipeline.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_ALBUM_H
#define DRMT_ALBUM_H

#include "track.h"
#include "windows.h"

#endif
