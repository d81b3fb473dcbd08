/* gst-drmeter: a CUE sheet a file carries in its tags.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "embedded-cue.h"

gchar *
drmt_embedded_cue_sheet (const GstTagList * tags)
{
  gchar *comment, *text = NULL;

  for (guint i = 0; tags && !text && gst_tag_list_get_string_index (tags,
          GST_TAG_EXTENDED_COMMENT, i, &comment); i++) {
    if (g_ascii_strncasecmp (comment, "CUESHEET=", 9) == 0)
      text = g_strdup (comment + 9);
    g_free (comment);
  }
  return text;
}
