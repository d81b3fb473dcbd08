/* gst-drmeter: the door of formats/ (docs/architecture.md).
 *
 * What a file's container says about itself, read from its bytes without
 * a pipeline: the scanner's own WAV/RF64/AIFF reader (DrmtWav), the
 * length a container declares and the samples kept to match it
 * (DrmtDeclared, with DrmtGapless and DrmtMp4), a length from a header
 * for cutting long files, which container a file is (DrmtContainer), a
 * CUESHEET tag. Needs nothing else of the scanner.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_FORMATS_H
#define DRMT_FORMATS_H

#include "container.h"
#include "declared.h"
#include "gapless.h"
#include "wavfile.h"
#include "lengthprobe.h"
#include "embedded-cue.h"

#endif
