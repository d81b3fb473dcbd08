/* gst-drmeter: fields of a file's headers, read byte by byte.
 *
 * GStreamer's GST_READ_UINT32_BE and friends load a whole word at once
 * where the processor allows it, which UBSan reports at the odd offsets
 * headers put fields at; these read each byte.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DRMT_BYTES_H
#define DRMT_BYTES_H

#include <glib.h>

static inline guint16
drmt_be16 (const guint8 * p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static inline guint32
drmt_be32 (const guint8 * p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8
      | p[3];
}

static inline guint64
drmt_be64 (const guint8 * p)
{
  return (guint64) drmt_be32 (p) << 32 | drmt_be32 (p + 4);
}

static inline guint32
drmt_le32 (const guint8 * p)
{
  return (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8
      | p[0];
}

static inline guint64
drmt_le64 (const guint8 * p)
{
  return (guint64) drmt_le32 (p + 4) << 32 | drmt_le32 (p);
}

#endif
