#!/usr/bin/env python3
# gst-drmeter tests: lossy files are measured from a float decode, the
# way foobar2000 decodes them, lossless ones keep their integers; MP3
# encoder delay and padding (LAME header) are trimmed.
#
# usage: test-decoding.py GST_DRMETER TMPDIR
#
# One loud test signal (its lossy encodings overshoot full scale) is
# encoded by lame, ffmpeg (libmp3lame, aac), oggenc and opusenc; each file
# is measured by gst-drmeter and compared with the same file decoded by
# ffmpeg to pcm_f32le WAV (docs/gst-drmeter.md, "Decoders"). Exits 77
# (skip) when ffmpeg is missing; an encoder that is missing skips its case.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import json
import os
import shutil
from scantest import check, finish, need, run, start



def measure(tool, path):
    r = run([tool, "-q", "--json", path], ok=True)
    albums = json.loads(r.stdout)["albums"]
    check(len(albums) == 1, path + ": no result")
    return albums[0]["tracks"][0], r.stderr


# what ffmpeg's decode and ours share, and how close (None: identical)
CASES = [
    # name, encoder command (IN, OUT), extension, frames may differ by,
    # dB values may differ by, the decoder named for the codec
    ("lame", ["lame", "--quiet", "-b", "128", "IN", "OUT"], "mp3", 0, None,
     "avdec_mp3float"),
    ("libmp3lame", ["ffmpeg", "-loglevel", "error", "-i", "IN", "-c:a",
                    "libmp3lame", "-b:a", "128k", "OUT"], "mp3", 0, None,
     "avdec_mp3float"),
    ("opusenc", ["opusenc", "--quiet", "--bitrate", "96", "IN", "OUT"],
     "opus", 0, None, "avdec_opus"),
    # vorbisdec and libavcodec's Vorbis decoder differ in the last bits of
    # some samples: the same tokens, DR values a few 1e-6 apart
    ("oggenc", ["oggenc", "--quiet", "-q", "4", "-o", "OUT", "IN"], "ogg",
     0, 0.0, "vorbisdec"),
    ("aac-adts", ["ffmpeg", "-loglevel", "error", "-i", "IN", "-c:a", "aac",
                  "-b:a", "128k", "OUT"], "aac", 0, None, "avdec_aac"),
    ("aac-m4a", ["ffmpeg", "-loglevel", "error", "-i", "IN", "-c:a", "aac",
                 "-b:a", "128k", "OUT"], "m4a", 0, None, "avdec_aac"),
]

# ffmpeg 5.1 skips an MP4 edit list's start (the AAC priming) but keeps
# the decoded samples past its end (the last frame's padding: 441,344
# samples where the edit list, ffmpeg's own, declares the 441,000 of the
# input); the reference is ffmpeg's decode cut at the edit's end.
REF_FILTER = {"m4a": ["-af", "atrim=end_sample=441000"]}


def main():
    need("ffmpeg")
    tool, base = start("decoding-test")
    src = os.path.join(base, "loud.wav")
    # a loud master: two tones under a slow envelope, hard-clipped at full
    # scale, so that lossy encodings overshoot it
    run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
         "aevalsrc='clip(0.75*sin(2*PI*220*t)*(0.55+0.45*sin(2*PI*0.37*t))"
         "+0.35*sin(2*PI*1760*t)*(0.5+0.5*sin(2*PI*0.11*t)),-1,1)|"
         "clip(0.8*sin(2*PI*330*t)*(0.5+0.5*sin(2*PI*0.23*t))"
         "+0.3*sin(2*PI*2637*t),-1,1)':s=44100:d=10", "-c:a", "pcm_s16le",
         src], ok=True)

    # lossless keeps its integers
    flac = os.path.join(base, "loud.flac")
    if shutil.which("flac"):
        run(["flac", "--silent", "-o", flac, src], ok=True)
        t, _ = measure(tool, flac)
        check(t["sample_format"] == "S16LE", "FLAC measured as %s" %
              t["sample_format"])
        check(isinstance(t["decoder"], str), "FLAC: no decoder named")

    overshoot = False
    for name, cmd, ext, frames_slack, db_slack, decoder in CASES:
        if not shutil.which(cmd[0]):
            print("skipped %s: %s is not installed" % (name, cmd[0]))
            continue
        enc = os.path.join(base, "%s.%s" % (name, ext))
        ref = os.path.join(base, "%s.f32.wav" % name)
        run([a.replace("IN", src).replace("OUT", enc) for a in cmd], ok=True)
        run(["ffmpeg", "-loglevel", "error", "-i", enc] +
            REF_FILTER.get(ext, []) + ["-c:a", "pcm_f32le", ref], ok=True)
        t, err = measure(tool, enc)
        r, _ = measure(tool, ref)
        check(t["sample_format"] in ("F32LE", "F64LE"),
              "%s measured as %s" % (name, t["sample_format"]))
        check(t["decoder"] == decoder, "%s decoded by %s, not %s" %
              (name, t["decoder"], decoder))
        check(err == "", "%s: stderr %r" % (name, err))
        check(abs(t["frames"] - r["frames"]) <= frames_slack,
              "%s: %d frames, ffmpeg decodes %d" % (name, t["frames"],
                                                   r["frames"]))
        if t["peak_dbfs"] is not None and t["peak_dbfs"] > 0:
            overshoot = True
        keys = ["dr_token", "peak_token", "rms_token", "duration_token"]
        for k in keys:
            check(t[k] == r[k], "%s: %s %s, ffmpeg's decode %s" %
                  (name, k, t[k], r[k]))
        for a, b in zip(t["channels"], r["channels"]):
            for k in ("dr_token", "peak_token", "rms_token"):
                check(a[k] == b[k], "%s %s: %s %s, ffmpeg's decode %s" %
                      (name, a["label"], k, a[k], b[k]))
        if db_slack is None:
            # the same decoder (libavcodec) on the same samples
            check(t["dr_value"] == r["dr_value"], "%s: DR value %r, "
                  "ffmpeg's decode %r" % (name, t["dr_value"],
                                          r["dr_value"]))
    check(overshoot, "no lossy file went above full scale: the test signal "
          "does not test clipping")

    # a LAME header's delay and padding: lame writes 576 + padding
    mp3 = os.path.join(base, "lame.mp3")
    if os.path.exists(mp3):
        t, _ = measure(tool, mp3)
        check(t["frames"] == 441000, "lame.mp3: %d frames, not the 441000 "
              "encoded" % t["frames"])
        # cut inside the audio: fewer frames than the header counts
        cut = os.path.join(base, "cut.mp3")
        with open(mp3, "rb") as f:
            data = f.read()
        with open(cut, "wb") as f:
            f.write(data[:len(data) // 2])
        r = run([tool, "-q", cut])
        check(r.returncode == 1 and "truncated file" in r.stderr,
              "cut MP3: exit %d, %r" % (r.returncode, r.stderr))

    # two Ogg files joined byte for byte: the same error, every run
    ogg = os.path.join(base, "oggenc.ogg")
    opus = os.path.join(base, "opusenc.opus")
    for first, second, name in ((ogg, ogg, "chained.ogg"),
                                (opus, ogg, "opus-vorbis.ogg")):
        if not (os.path.exists(first) and os.path.exists(second)):
            continue
        chained = os.path.join(base, name)
        with open(chained, "wb") as out:
            for part in (first, second):
                with open(part, "rb") as f:
                    out.write(f.read())
        # 50 copies measured at once (each its own pipeline, as in 50
        # runs), then the file alone a few times
        copies = os.path.join(base, name + "-copies")
        os.makedirs(copies)
        for i in range(50):
            shutil.copy(chained, os.path.join(copies, "%02d.ogg" % i))
        r = run([tool, "-q", "-j2", copies])
        lines = r.stderr.splitlines()
        check(r.returncode == 1 and r.stdout == "" and len(lines) == 50,
              "%s x 50: exit %d, %d lines" % (name, r.returncode, len(lines)))
        for line in lines:
            check(line.endswith(".ogg: holds several streams one after "
                                "another (a chained Ogg file of 2 streams): "
                                "not measured as one track"),
                  "%s x 50: %r" % (name, line))
        for i in range(3):
            r = run([tool, "-q", chained])
            check(r.returncode == 1 and r.stdout == "" and "holds several "
                  "streams one after another (a chained Ogg file of 2 "
                  "streams)" in r.stderr, "%s: exit %d, %r" %
                  (name, r.returncode, r.stderr))

    finish(base)

main()
