#!/usr/bin/env python3
# gst-drmeter tests: the GStreamer behaviours the scanner compensates for
# (gst/tool/quirks.h), proven on whatever GStreamer runs the test. The
# same checks must pass on every supported release (Debian 12, 13,
# testing); docs/robustness.md lists the behaviours.
#
# usage: test-behaviours.py GST_DRMETER TMPDIR
#
#   - demuxer-trims: one 10 s 44.1 kHz signal as an iTunes-style AAC
#     (iTunSMPB, no edit list), an ffmpeg AAC (edit list), both at once, a
#     LAME MP3 and an ffmpeg MP3: each exactly 441,000 frames, decoded as
#     floats by the decoder named for it, nothing on stderr; the AAC ones
#     give the same samples, so the same values.
#   - decoder-choice: the named decoder whatever the ranks (mpg123audiodec
#     raised above every other, avdec_opus lowered to none); without
#     gst-libav (a registry without it) an MP3 and an AAC fail with one
#     line naming the missing float decoder.
#   - typefind-claims-random-data: 64 random files (a fixed seed), a PNG
#     and a JPEG picture: "not an audio file", every one.
#   - integer decoders: Speex (speexdec, by ffmpeg's libspeex) and
#     Musepack SV8 (avdec_mpc8, by mpcenc) have no float decoder: each is
#     measured, with one warning line saying its samples were integers.
#   - wavpackdec-packed-24: a 24-bit WavPack file (by wavpack, from sox's
#     24-bit noise) is 24 bits per sample in the JSON and the log, whether
#     the decoder delivers S32 (1.22, 1.26) or S24 (1.28); a 16-bit one 16.
#   - decoder-chatter: a FLAC file with damaged frames (libFLAC 1.5 prints
#     "Rewinding, seeking necessary" for it): one error line, nothing else.
#
# Exits 77 (skip) without ffmpeg; a case whose encoder or muxer is
# missing is skipped and says so.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import glob
import json
import os
import random
import re
import shutil
from scantest import check, finish, need, run, start

FFMPEG = ["ffmpeg", "-loglevel", "error", "-y"]
FRAMES = 441000
# priming 1024 (ffmpeg's AAC encoder), padding 344, 441,000 samples
SMPB = (b" 00000000 00000400 00000158 000000000006BAA8 00000000 00000000"
        b" 00000000 00000000 00000000 00000000 00000000 00000000")


def scan(tool, path, env=None):
    """Exit status, stderr and the JSON track (or None) of one file."""
    r = run([tool, "-q", "--json", path], env=env)
    tracks = []
    if r.stdout:
        tracks = [t for a in json.loads(r.stdout)["albums"]
                  for t in a["tracks"]]
    return r, tracks[0] if tracks else None


def values(t):
    return [t["frames"], t["dr_value"], t["peak_token"], t["rms_token"]] + \
        [(c["dr"], c["peak_dbfs"], c["rms_dbfs"]) for c in t["channels"]]


def add_itunsmpb(path):
    import mutagen.mp4
    f = mutagen.mp4.MP4(path)
    f["----:com.apple.iTunes:iTunSMPB"] = [SMPB]
    f.save()


def make_lossy(base, src):
    """The acceptance files: name -> (path, the decoder named for it)."""
    files = {}
    edit = os.path.join(base, "ffmpeg-aac.m4a")
    run(FFMPEG + ["-i", src, "-c:a", "aac", "-movflags", "+faststart", edit],
        ok=True)
    files["ffmpeg AAC (edit list)"] = (edit, "avdec_aac")
    try:
        import mutagen.mp4  # noqa: F401
        itunes = os.path.join(base, "itunes-aac.m4a")
        run(FFMPEG + ["-i", edit, "-c", "copy", "-use_editlist", "0",
                      itunes], ok=True)
        add_itunsmpb(itunes)
        files["iTunes-style AAC (iTunSMPB)"] = (itunes, "avdec_aac")
        both = os.path.join(base, "both-aac.m4a")
        shutil.copy(edit, both)
        add_itunsmpb(both)
        files["AAC with edit list and iTunSMPB"] = (both, "avdec_aac")
    except ImportError:
        print("skipped the iTunSMPB cases: python3-mutagen is not installed")
    if shutil.which("lame"):
        lame = os.path.join(base, "lame.mp3")
        run(["lame", "--quiet", src, lame], ok=True)
        files["LAME MP3"] = (lame, "avdec_mp3float")
    else:
        print("skipped the LAME MP3: lame is not installed")
    mp3 = os.path.join(base, "ffmpeg.mp3")
    if run(FFMPEG + ["-i", src, "-c:a", "libmp3lame", mp3]).returncode == 0:
        files["ffmpeg MP3"] = (mp3, "avdec_mp3float")
    else:
        print("skipped the ffmpeg MP3: no libmp3lame in ffmpeg")
    return files


def check_trims(tool, files):
    """demuxer-trims: 441,000 float frames each, nothing on stderr."""
    aac = {}
    for name, (path, decoder) in sorted(files.items()):
        r, t = scan(tool, path)
        check(r.returncode == 0 and r.stderr == "" and t is not None,
              "%s: exit %d, stderr %r" % (name, r.returncode, r.stderr))
        if not t:
            continue
        print("%s: %d frames, %s, %s" % (name, t["frames"],
                                         t["sample_format"], t["decoder"]))
        check(t["frames"] == FRAMES, "%s: %d frames, not %d" %
              (name, t["frames"], FRAMES))
        check(t["sample_format"] == "F32LE", "%s measured as %s" %
              (name, t["sample_format"]))
        check(t["decoder"] == decoder, "%s decoded by %s, not %s" %
              (name, t["decoder"], decoder))
        if "AAC" in name:
            aac[name] = values(t)
    # the same AAC packets, trimmed by edit list or iTunSMPB alike
    check(len(set(map(repr, aac.values()))) <= 1,
          "the AAC files differ: %r" % aac)


def check_ranks(tool, files, opus):
    """decoder-choice: the named decoder, whatever the ranks."""
    ranks = {"GST_PLUGIN_FEATURE_RANK":
             "mpg123audiodec:400,avdec_mp3float:0,"
             "avdec_opus:0,avdec_aac:0,opusdec:400"}
    for name, (path, decoder) in sorted(files.items()):
        _, t = scan(tool, path, env=ranks)
        check(t is not None and t["decoder"] == decoder
              and t["sample_format"] == "F32LE" and t["frames"] == FRAMES,
              "%s with other ranks: %r" % (name, t and (
                  t["decoder"], t["sample_format"], t["frames"])))
    if opus:
        r, t = scan(tool, opus, env=ranks)
        check(r.stderr == "" and t is not None
              and t["decoder"] == "avdec_opus"
              and t["sample_format"] in ("F32LE", "F64LE"),
              "Opus with other ranks: %r, %r" % (r.stderr, t and (
                  t["decoder"], t["sample_format"])))


def registry_without_libav(base):
    """The environment of a system without gstreamer1.0-libav: every
    installed plugin but gst-libav, in a registry of its own; None when
    the plugins cannot be found."""
    r = run(["pkg-config", "--variable=pluginsdir", "gstreamer-1.0"])
    system = r.stdout.strip()
    if r.returncode != 0 or not os.path.isdir(system):
        return None
    plugins = os.path.join(base, "plugins-without-libav")
    os.makedirs(plugins)
    for so in glob.glob(os.path.join(system, "*.so")):
        if os.path.basename(so) != "libgstlibav.so":
            os.symlink(so, os.path.join(plugins, os.path.basename(so)))
    return {"GST_PLUGIN_SYSTEM_PATH_1_0": plugins,
            "GST_REGISTRY_1_0": os.path.join(base, "registry-no-libav.bin")}


def check_missing_libav(tool, base, files):
    env = registry_without_libav(base)
    if env is None:
        print("skipped the missing gst-libav case: no plugin folder")
        return
    for name, (path, decoder) in sorted(files.items()):
        r, t = scan(tool, path, env=env)
        lines = r.stderr.splitlines()
        want = "missing GStreamer plugin: %s, the float" % decoder
        check(r.returncode == 1 and t is None and len(lines) == 1
              and want in lines[0] and "gstreamer1.0-libav" in lines[0],
              "%s without gst-libav: exit %d, %r" % (name, r.returncode,
                                                    r.stderr))


def check_not_audio(tool, base):
    """typefind-claims-random-data: "not an audio file" for each."""
    folder = os.path.join(base, "not-audio")
    os.makedirs(folder)
    rng = random.Random(20)
    for i in range(64):
        with open(os.path.join(folder, "random%02d.flac" % i), "wb") as f:
            f.write(bytes(rng.getrandbits(8) for _ in range(65536)))
    for ext in ("png", "jpg"):
        r = run(FFMPEG + ["-f", "lavfi", "-i",
                          "testsrc=size=64x48:duration=0.04", "-frames:v",
                          "1", os.path.join(folder, "picture." + ext)])
        if r.returncode == 0:
            # named as audio, so that the scan picks it up
            os.rename(os.path.join(folder, "picture." + ext),
                      os.path.join(folder, "picture-%s.mp3" % ext))
    r = run([tool, "-q", "-j2", folder])
    lines = r.stderr.splitlines()
    count = len(os.listdir(folder))
    check(r.returncode == 1 and r.stdout == "" and len(lines) == count,
          "not audio: exit %d, %d lines for %d files" % (
              r.returncode, len(lines), count))
    for line in lines:
        check(": not an audio file" in line, "not audio: %r" % line)
    taken = [line for line in lines if "takes it for" in line]
    print("%d of %d files taken for a type that holds no audio" %
          (len(taken), count))


def check_damaged_flac(tool, base, src):
    """decoder-chatter: a damaged FLAC gives its one error line only."""
    flac = os.path.join(base, "damaged.flac")
    run(FFMPEG + ["-i", src, "-c:a", "flac", flac], ok=True)
    with open(flac, "rb") as f:
        data = bytearray(f.read())
    for i in range(len(data) // 3, len(data) // 3 + 2000, 7):
        data[i] ^= 0x55
    with open(flac, "wb") as f:
        f.write(data)
    r = run([tool, "-q", flac])
    lines = r.stderr.splitlines()
    check(r.returncode == 1 and len(lines) == 1 and
          lines[0].startswith("gst-drmeter: " + flac + ": damaged file"),
          "damaged FLAC: exit %d, %r" % (r.returncode, r.stderr))


def check_integer_decoders(tool, base, src):
    """Lossy codecs without a float decoder: measured, with a warning."""
    cases = []
    spx = os.path.join(base, "signal.spx")
    if run(FFMPEG + ["-i", src, "-c:a", "libspeex", spx]).returncode == 0:
        cases.append(("Speex", spx))
    else:
        print("skipped Speex: no libspeex in ffmpeg")
    mpc = os.path.join(base, "signal.mpc")
    if shutil.which("mpcenc"):
        run(["mpcenc", "--silent", "--overwrite", src, mpc], ok=True)
        cases.append(("Musepack", mpc))
    else:
        print("skipped Musepack: mpcenc is not installed")
    for name, path in cases:
        r = run([tool, "-q", "--json", path])
        lines = r.stderr.splitlines()
        doc = json.loads(r.stdout) if r.stdout else {"albums": []}
        tracks = [t for a in doc["albums"] for t in a["tracks"]]
        check(r.returncode == 0 and len(tracks) == 1,
              "%s: exit %d, %d tracks" % (name, r.returncode, len(tracks)))
        check(len(lines) == 1 and lines[0].startswith(
            "gst-drmeter: %s: warning: a lossy stream decoded to " % path)
            and "integers" in lines[0], "%s: stderr %r" % (name, r.stderr))
        if tracks:
            print("%s: %s, %s, warned" % (name, tracks[0]["decoder"],
                                           tracks[0]["sample_format"]))


def check_wavpack_bits(tool, base):
    """A WavPack file's bits per sample are the file's, on every release."""
    if not (shutil.which("wavpack") and shutil.which("sox")):
        print("skipped WavPack bits: wavpack or sox is not installed")
        return
    for bits in (16, 24):
        wav = os.path.join(base, "noise%d.wav" % bits)
        wv = os.path.join(base, "noise%d.wv" % bits)
        run(["sox", "-n", "-r", "44100", "-b", str(bits), "-c", "2", wav,
             "synth", "3", "pinknoise", "vol", "0.5"], ok=True)
        run(["wavpack", "-q", "-y", wav, "-o", wv], ok=True)
        r = run([tool, "-q", "--json", wv], ok=True)
        t = json.loads(r.stdout)["albums"][0]["tracks"][0]
        check(t["bits_per_sample"] == bits, "%d-bit WavPack: bits_per_sample"
              " %d (%s)" % (bits, t["bits_per_sample"], t["sample_format"]))
        log = run([tool, "-q", wv], ok=True).stdout
        check(re.search(r"^Bits per sample: +%d$" % bits, log, re.M),
              "%d-bit WavPack: the log says %r" % (bits, re.findall(
                  r"^Bits per sample:.*$", log, re.M)))
        print("%d-bit WavPack: %d bits per sample (decoded as %s)" %
              (bits, t["bits_per_sample"], t["sample_format"]))


def main():
    need("ffmpeg")
    tool, base = start("behaviours-test")
    src = os.path.join(base, "signal.wav")
    run(FFMPEG + ["-f", "lavfi", "-i",
                  "aevalsrc='0.6*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.3*t))|"
                  "0.5*sin(2*PI*330*t)':s=44100:d=10", "-c:a", "pcm_s16le",
                  src], ok=True)
    files = make_lossy(base, src)
    opus = None
    if shutil.which("opusenc"):
        opus = os.path.join(base, "signal.opus")
        run(["opusenc", "--quiet", src, opus], ok=True)
    check_trims(tool, files)
    check_ranks(tool, files, opus)
    check_missing_libav(tool, base, files)
    check_not_audio(tool, base)
    check_damaged_flac(tool, base, src)
    check_integer_decoders(tool, base, src)
    check_wavpack_bits(tool, base)
    finish(base)


main()
