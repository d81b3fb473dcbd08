#!/usr/bin/env python3
# gst-drmeter tests: WAV and RF64 files are read whole and exactly, or
# reported as damaged (gst/tool/formats/wavfile.c, docs/robustness.md).
#
# usage: test-wav.py GST_DRMETER TMPDIR
#
# Odd-sized data chunks (8-bit mono, 24-bit mono, 3-channel 8-bit, an odd
# number of frames, then the RIFF pad byte) are measured and agree with
# the same samples as F64 WAV; RF64 and streamed WAV (data size
# 0xFFFFFFFF) read as the plain file; LIST INFO tags are read; every
# prefix of a WAV cut inside its header, and one cut inside its samples,
# is an error, never a number. Exits 77 (skip) without sox and ffmpeg.
# The files over 2 GiB are in big-wav.sh (on demand: GBs of disk).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shutil
import sys
from scantest import (check, check_cuts, finish, measure, need, run,
                      same_samples)

def same(name, a, b, frames):
    if same_samples(name, a, b):
        check(a["frames"] == frames, "%s: %d frames, not %d" %
              (name, a["frames"], frames))


def main():
    tool, tmp = sys.argv[1:3]
    need("sox", "ffmpeg")
    base = os.path.join(tmp, "wav-test")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)

    def p(name):
        return os.path.join(base, name)

    # odd-sized data chunks: 44101 frames (1.00002 s at 44.1 kHz)
    for name, bits, ch in (("odd-u8-mono", 8, 1), ("odd-s24-mono", 24, 1),
                           ("odd-u8-3ch", 8, 3)):
        wav = p(name + ".wav")
        run(["sox", "-n", "-r", "44100", "-b", str(bits), "-c", str(ch), wav,
             "synth", "1.00002", "sine", "440", "sine", "1000", "sine",
             "3000", "vol", "0.7"])
        size = os.path.getsize(wav)
        check(size % 2 == 0, name + ": no pad byte (the test is wrong)")
        ref = p(name + ".f64.wav")
        run(["ffmpeg", "-loglevel", "error", "-i", wav, "-c:a", "pcm_f64le",
             ref])
        same(name, measure(tool, wav), measure(tool, ref), 44101)

    # RF64 and a streamed WAV (sizes 0xFFFFFFFF) read as the plain file
    plain = p("plain.wav")
    run(["sox", "-n", "-r", "48000", "-b", "16", "-c", "2", plain, "synth",
         "7", "sine", "440", "vol", "0.5"])
    want = measure(tool, plain)
    rf64 = p("rf64.wav")
    run(["ffmpeg", "-loglevel", "error", "-i", plain, "-c:a", "pcm_s16le",
         "-rf64", "always", rf64])
    with open(rf64, "rb") as f:
        check(f.read(4) == b"RF64", "ffmpeg did not write RF64")
    same("RF64", measure(tool, rf64), want, 7 * 48000)
    with open(plain, "rb") as f:
        data = bytearray(f.read())
    streamed = p("streamed.wav")
    i = data.find(b"data")
    data[4:8] = b"\xff\xff\xff\xff"
    data[i + 4:i + 8] = b"\xff\xff\xff\xff"
    with open(streamed, "wb") as f:
        f.write(data)
    same("streamed", measure(tool, streamed), want, 7 * 48000)

    # LIST INFO tags
    tagged = p("tagged.wav")
    run(["ffmpeg", "-loglevel", "error", "-i", plain, "-c", "copy",
         "-metadata", "title=A Title", "-metadata", "artist=Someone",
         "-metadata", "album=An Album", "-metadata", "track=3", tagged])
    t = measure(tool, tagged)
    if t:
        check((t["title"], t["artist"], t["album"], t["track_number"]) ==
              ("A Title", "Someone", "An Album", 3),
              "tags: %r" % ([t["title"], t["artist"], t["album"],
                             t["track_number"]],))
        check(t["name"] == "03-A Title", "name " + t["name"])

    # every cut inside the header (and the chunks before the samples), and
    # one inside the samples: an error each, no log
    with open(tagged, "rb") as f:
        data = f.read()
    start = data.find(b"data") + 8
    check_cuts(tool, data, p("cuts"), "wav",
               list(range(1, start + 1)) + [start + 1000], 13,
               "cut%04d.wav: truncated file: its data chunk declares 336000 "
               "frames, the file holds 250" % (start + 1000))

    finish(base)

main()
