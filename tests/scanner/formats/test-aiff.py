#!/usr/bin/env python3
# gst-drmeter tests: AIFF and AIFF-C files are read whole and exactly by
# the scanner's own reader (gst/tool/formats/wavfile.c), or reported as
# damaged.
#
# usage: test-aiff.py GST_DRMETER TMPDIR
#
# On Debian 12 GStreamer reads AIFF with avdemux_aiff (gst-libav), which
# has no caps for 24-bit, 32-bit or float samples: such files used to fail
# as "damaged file: internal data stream error". Each sample format ffmpeg
# and sox write (8, 16, 24, 32 bit, little-endian 'sowt', float AIFF-C) is
# measured and agrees with the same samples as F64 WAV; the NAME chunk and
# an ID3 chunk give the tags; every prefix of the header, and a cut inside
# the samples, is an error, never a number. Exits 77 (skip) without sox
# and ffmpeg.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shutil
import sys
from scantest import (check, check_cuts, finish, measure, need, run,
                      same_samples)


def main():
    tool, tmp = sys.argv[1:3]
    need("sox", "ffmpeg")
    base = os.path.join(tmp, "aiff-test")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)

    def p(name):
        return os.path.join(base, name)

    def ff(*args):
        run(["ffmpeg", "-loglevel", "error", "-y"] + list(args), ok=True)

    # 24-bit stereo, 3.5 s at 48 kHz: tones under an envelope
    src = p("src.wav")
    run(["sox", "-n", "-r", "48000", "-b", "24", "-c", "2", src, "synth",
         "3.5", "sine", "440", "sine", "1000", "vol", "0.8", "fade", "0",
         "3.5", "1.5"], ok=True)
    files = {}
    for codec in ("pcm_s8", "pcm_s16be", "pcm_s16le", "pcm_s24be",
                  "pcm_s32be", "pcm_f32be", "pcm_f64be"):
        files[codec] = p(codec + ".aiff")
        ff("-i", src, "-c:a", codec, files[codec])
    files["sox-24"] = p("sox-24.aiff")
    run(["sox", src, "-b", "24", files["sox-24"]], ok=True)
    files["sox-f32.aifc"] = p("sox-f32.aifc")
    run(["sox", src, "-e", "floating-point", "-b", "32",
         files["sox-f32.aifc"]], ok=True)
    for name, path in sorted(files.items()):
        with open(path, "rb") as f:
            head = f.read(12)
        check(head[:4] == b"FORM" and head[8:11] == b"AIF",
              "%s: not an AIFF file (the test is wrong)" % name)
        ref = p(name + ".f64.wav")
        ff("-i", path, "-c:a", "pcm_f64le", ref)
        t = measure(tool, path)
        if same_samples(name, t, measure(tool, ref),
                        ("frames", "dr_value", "peak_token", "rms_token",
                         "duration_token")):
            check(t["frames"] == 168000, "%s: %d frames, not 168000" %
                  (name, t["frames"]))

    # tags: the NAME chunk, and an ID3 chunk
    named = measure(tool, files["pcm_s24be"])
    if named:
        check(named["title"] is None, "title %r" % named["title"])
    titled = p("titled.aiff")
    ff("-i", src, "-c:a", "pcm_s24be", "-metadata", "title=A Name", titled)
    t = measure(tool, titled)
    if t:
        check(t["title"] == "A Name", "NAME chunk: title %r" % t["title"])
    tagged = p("tagged.aiff")
    ff("-i", src, "-c:a", "pcm_s24be", "-write_id3v2", "1", "-metadata",
       "title=A Title", "-metadata", "artist=Someone", "-metadata",
       "album=An Album", "-metadata", "track=3", tagged)
    t = measure(tool, tagged)
    if t:
        check((t["title"], t["artist"], t["album"], t["track_number"]) ==
              ("A Title", "Someone", "An Album", 3),
              "ID3 chunk: %r" % ([t["title"], t["artist"], t["album"],
                                   t["track_number"]],))

    # every cut inside the header, and one inside the samples
    with open(tagged, "rb") as f:
        data = f.read()
    start = data.find(b"SSND") + 16
    check_cuts(tool, data, p("cuts"), "aiff",
               list(range(1, start + 1)) + [start + 6000], 12,
               "cut%04d.aiff: truncated file: its SSND chunk holds 1000 of "
               "the 168000 frames its COMM chunk declares" % (start + 6000))

    finish(base)


main()
