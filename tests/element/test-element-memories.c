/* gst-drmeter element tests: buffers made of several memories.
 *
 * Adapters and demuxers hand out buffers whose bytes lie in several
 * memories, with frames (or, in planar buffers, samples) cut in two by a
 * memory boundary. The element must read them where they are: the buffer
 * that leaves is the one that came in, with the very same memories (no
 * merge, no copy), and the result is the one of the same frames in one
 * piece.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include "drm-test-stream.h"

/* GstBuffer holds at most 16 memories (more are merged). */
#define MAX_PIECES 16

/* Rebuilds @buf (one memory) as a buffer of 16 memories sharing its
 * bytes, cut at awkward places: 1, 5, 7, 333, 1000, 2 bytes, and so on,
 * the last one taking the rest. */
static GstBuffer *
split_into_memories (GstBuffer * buf)
{
  static const gsize cuts[] = { 1, 5, 7, 333, 1000, 2, 4099, 3, 64 };
  GstBuffer *out = gst_buffer_new ();
  GstMemory *mem = gst_buffer_peek_memory (buf, 0);
  gsize size = gst_buffer_get_size (buf), pos = 0;

  for (guint i = 0; pos < size; i++) {
    gsize n = MIN (cuts[i % G_N_ELEMENTS (cuts)], size - pos);

    if (gst_buffer_n_memory (out) == MAX_PIECES - 1)
      n = size - pos;
    gst_buffer_append_memory (out, gst_memory_share (mem, pos, n));
    pos += n;
  }
  /* Metas (GstAudioMeta) check their offsets against the memories. */
  gst_buffer_copy_into (out, buf, GST_BUFFER_COPY_METADATA, 0, -1);
  gst_buffer_unref (buf);
  return out;
}

static const struct
{
  DrmFormat format;
  guint channels;
  gboolean planar;
} cases[] = {
  {DRM_FORMAT_S24, 3, FALSE},   /* 9-byte frames, odd everything */
  {DRM_FORMAT_F32, 2, TRUE},
  {DRM_FORMAT_S16, 6, TRUE},
  {DRM_FORMAT_F64, 1, FALSE},
  {DRM_FORMAT_U8, 2, FALSE},
};

GST_START_TEST (test_multi_memory_buffers)
{
  DrmTestHarness f = drm_test_harness_setup ();
  DrmTestStream st = drm_test_stream_make (cases[__i__].format, 8000,
      cases[__i__].channels, 60000, 30 + __i__);
  gboolean planar = cases[__i__].planar;
  const gsize bufsize = 4000;
  GPtrArray *all;

  g_object_set (f.h->element, "interval", (guint64) GST_SECOND, NULL);
  drm_test_stream_set_caps (f.h, &st, planar);
  for (guint64 start = 0; start < st.frames; start += bufsize) {
    gsize n = (gsize) MIN ((guint64) bufsize, st.frames - start);
    GstBuffer *in = split_into_memories (drm_test_stream_buffer (&st, start,
            n, planar));
    GstMemory *mems[MAX_PIECES];
    guint n_mem = gst_buffer_n_memory (in);
    GstBuffer *out;

    GST_BUFFER_PTS (in) = gst_util_uint64_scale (start, GST_SECOND, st.rate);
    fail_unless_equals_int (n_mem, MAX_PIECES);
    for (guint i = 0; i < n_mem; i++)
      mems[i] = gst_buffer_peek_memory (in, i);
    fail_unless_equals_int (gst_harness_push (f.h, in), GST_FLOW_OK);
    out = gst_harness_pull (f.h);
    fail_unless (out == in);
    fail_unless_equals_int (gst_buffer_n_memory (out), n_mem);
    for (guint i = 0; i < n_mem; i++)
      fail_unless (gst_buffer_peek_memory (out, i) == mems[i]);
    gst_buffer_unref (out);
  }
  gst_harness_push_event (f.h, gst_event_new_eos ());

  /* Interim reports every second and the final one, as for one piece. */
  all = drm_test_pop_all_reports (f.bus);
  fail_unless_equals_int (all->len, 60000 / 8000 + 1);
  for (guint i = 0; i < all->len; i++) {
    const GstStructure *s = g_ptr_array_index (all, i);
    guint64 last = MIN ((guint64) (i + 1) * 8000, st.frames);

    fail_unless_equals_int (drm_test_read (s).final, i + 1 == all->len);
    drm_test_stream_assert_report (s, &st, 0, last);
  }
  g_ptr_array_unref (all);
  drm_test_harness_teardown (&f);
  g_free (st.data);
}

GST_END_TEST;

static Suite *
memories_suite (void)
{
  Suite *s = suite_create ("drmeter-memories");
  TCase *tc = tcase_create ("memories");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_multi_memory_buffers, 0, G_N_ELEMENTS (cases));
  return s;
}

GST_CHECK_MAIN (memories);
