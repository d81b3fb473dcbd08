/* drm-make-wav: writes a public conformance fixture as its WAV file and
 * prints the tokens foobar2000 printed for it, as one JSON object. The
 * example tests use it to make their input and know the answer.
 *
 * usage: drm-make-wav FIXTURE OUT.wav    (FIXTURE: id or file name)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include "drm-test-util.h"

static void
print_tokens (const char *name, const DrmFixture * fx, int rms)
{
  printf (", \"%s\": [", name);
  for (unsigned c = 0; c < fx->channels; c++)
    printf ("%s\"%s\"", c ? ", " : "",
        rms ? fx->channel[c].rms_token : fx->channel[c].dr_token);
  printf ("]");
}

int
main (int argc, char **argv)
{
  const DrmFixture *fx;

  if (argc != 3) {
    fprintf (stderr, "usage: %s FIXTURE OUT.wav\n", argv[0]);
    return 2;
  }
  fx = drm_test_find_fixture (argv[1]);
  if (!fx) {
    fprintf (stderr, "%s: no fixture %s\n", argv[0], argv[1]);
    return 2;
  }
  if (!drm_test_write_wav (fx, argv[2])) {
    fprintf (stderr, "%s: cannot write %s\n", argv[0], argv[2]);
    return 1;
  }
  printf ("{\"id\": \"%s\", \"channels\": %u, \"dr\": \"%s\", "
      "\"peak\": \"%s\", \"rms\": \"%s\", \"duration\": \"%s\"", fx->id,
      fx->channels, fx->dr_token, fx->peak_token, fx->rms_token,
      fx->duration_token);
  print_tokens ("channel_dr", fx, 0);
  print_tokens ("channel_rms", fx, 1);
  printf ("}\n");
  return 0;
}
