#!/usr/bin/env python3
# gst-drmeter tests: every container that declares its length is measured
# to exactly that length, and a copy cut short (or one declaring fewer
# frames than it holds) gives one error line and exit status 1.
#
# usage: test-lengths.py GST_DRMETER TMPDIR
#
# One 10 s signal (441,000 frames at 44.1 kHz) in each container; Opus is
# 48 kHz (480,000). Exits 77 (skip) without ffmpeg; a missing encoder
# skips its case. docs/gst-drmeter.md, "Length", says what each declares.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import json
import os
import shutil
import struct
from scantest import check, finish, need, run, start

FFMPEG = ["ffmpeg", "-loglevel", "error", "-y", "-i", "IN"]

# name, encoder command (IN, OUT), extension, frames, what a cut copy says
CASES = [
    ("flac", FFMPEG + ["-c:a", "flac", "OUT"], "flac", 441000,
     "truncated file"),
    ("ogg-flac", FFMPEG + ["-c:a", "flac", "-f", "ogg", "OUT"], "oga",
     441000, "its last Ogg page does not end the stream"),
    ("vorbis", ["oggenc", "--quiet", "-q", "4", "-o", "OUT", "IN"], "ogg",
     441000, "its last Ogg page does not end the stream"),
    ("opus", ["opusenc", "--quiet", "IN", "OUT"], "opus", 480000,
     "its last Ogg page does not end the stream"),
    ("mp3", ["lame", "--quiet", "IN", "OUT"], "mp3", 441000,
     "the LAME header declares"),
    # moov first: the cut keeps the sample table
    ("aac", FFMPEG + ["-c:a", "aac", "-movflags", "+faststart", "OUT"],
     "m4a", 441000, "samples its MP4 edit list declares decoded"),
    # moov last (ffmpeg's default): the cut loses it
    ("aac-moov-last", FFMPEG + ["-c:a", "aac", "OUT"], "m4a", 441000,
     "damaged file"),
    ("alac", FFMPEG + ["-c:a", "alac", "-movflags", "+faststart", "OUT"],
     "m4a", 441000, "samples its MP4 edit list declares decoded"),
    ("wavpack", ["wavpack", "-q", "-y", "IN", "-o", "OUT"], "wv", 441000,
     "frames its WavPack header declares decoded"),
    ("aiff", FFMPEG + ["-c:a", "pcm_s16be", "OUT"], "aiff", 441000,
     "frames its COMM chunk declares"),
    ("tta", FFMPEG + ["-c:a", "tta", "OUT"], "tta", 441000,
     "bytes its TTA seek table declares"),
    ("wav", FFMPEG + ["-c:a", "pcm_s16le", "OUT"], "wav", 441000,
     "truncated file: its data chunk declares"),
]


def scan(tool, path):
    r = run([tool, "-q", "--json", path])
    doc = json.loads(r.stdout) if r.stdout else {"albums": []}
    tracks = [t for a in doc["albums"] for t in a["tracks"]]
    return r, tracks[0] if tracks else None


def tokens(t):
    return [t["frames"], t["dr_token"], t["peak_token"], t["rms_token"],
            t["duration_token"], t["dr_value"]] + \
        [(c["dr_token"], c["peak_token"], c["rms_token"])
         for c in t["channels"]]


def expect_error(tool, path, words, name):
    r = run([tool, "-q", path])
    lines = r.stderr.splitlines()
    check(r.returncode == 1 and r.stdout == "" and len(lines) == 1
          and words in lines[0], "%s: exit %d, %r" % (name, r.returncode,
                                                       r.stderr))


def with_bytes(src, dst, at, data):
    with open(src, "rb") as f:
        b = bytearray(f.read())
    b[at:at + len(data)] = data
    with open(dst, "wb") as f:
        f.write(b)
    return bytes(b)


def main():
    need("ffmpeg")
    tool, base = start("lengths-test")
    src = os.path.join(base, "signal.wav")
    run(FFMPEG[:4] + ["-f", "lavfi", "-i",
                      "aevalsrc='0.6*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.3*t))|"
                      "0.5*sin(2*PI*330*t)':s=44100:d=10",
                      "-c:a", "pcm_s16le", src], ok=True)

    made = {}
    for name, cmd, ext, frames, cut_words in CASES:
        if not shutil.which(cmd[0]):
            print("skipped %s: %s is not installed" % (name, cmd[0]))
            continue
        enc = os.path.join(base, "%s.%s" % (name, ext))
        run([a.replace("IN", src).replace("OUT", enc) for a in cmd], ok=True)
        made[name] = enc
        r, t = scan(tool, enc)
        check(r.returncode == 0 and t is not None and r.stderr == "",
              "%s: exit %d, %r" % (name, r.returncode, r.stderr))
        if t:
            check(t["frames"] == frames, "%s: %d frames, not %d" %
                  (name, t["frames"], frames))
        cut = os.path.join(base, "cut-%s.%s" % (name, ext))
        with open(enc, "rb") as f:
            data = f.read()
        with open(cut, "wb") as f:
            f.write(data[:len(data) * 6 // 10])
        expect_error(tool, cut, cut_words, "cut " + name)

    # more frames than the header declares
    if "wavpack" in made:
        wv = made["wavpack"]
        with open(wv, "rb") as f:
            total, = struct.unpack("<I", f.read(16)[12:16])
        short = os.path.join(base, "short-header.wv")
        with_bytes(wv, short, 12, struct.pack("<I", total - 1000))
        expect_error(tool, short, "441000 frames decoded where its WavPack "
                     "header declares 440000", "short WavPack header")
    if "aiff" in made:
        with open(made["aiff"], "rb") as f:
            at = f.read().find(b"COMM") + 10
        short = os.path.join(base, "short-comm.aiff")
        with_bytes(made["aiff"], short, at, struct.pack(">I", 440000))
        expect_error(tool, short, "441000 frames decoded where its AIFF COMM "
                     "chunk declares 440000", "short COMM chunk")

    # The same AAC packets without an edit list, with Apple's iTunSMPB tag
    # instead (priming 1024, padding 344, 441,000 samples): the same
    # samples, so the same tokens and DR value.
    try:
        import mutagen.mp4
    except ImportError:
        mutagen = None
    if "aac" in made and mutagen:
        smpb = os.path.join(base, "itunsmpb.m4a")
        run(FFMPEG[:4] + ["-i", made["aac"], "-c", "copy",
                          "-use_editlist", "0", smpb], ok=True)
        f = mutagen.mp4.MP4(smpb)
        f["----:com.apple.iTunes:iTunSMPB"] = [
            b" 00000000 00000400 00000158 000000000006BAA8 00000000"
            b" 00000000 00000000 00000000 00000000 00000000 00000000"
            b" 00000000"]
        f.save()
        _, a = scan(tool, made["aac"])
        _, b = scan(tool, smpb)
        check(a and b and tokens(a) == tokens(b), "iTunSMPB: %r, edit list "
              "%r" % (b and tokens(b), a and tokens(a)))
    finish(base)


main()
