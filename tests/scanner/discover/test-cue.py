#!/usr/bin/env python3
# gst-drmeter tests: CUE sheets. Images are made from the bundled album and
# from generated tracks; each CUE track must read exactly as the same
# samples cut into a file of their own (log line, JSON values, binary32
# DR), and the album value must be the same. Then sheets of several FILEs,
# one FILE per track, UTF-8 with a BOM, Windows-1252, a sheet named on the
# command line, --save and --plot, and each kind of bad sheet.
#
# usage: test-cue.py GST_DRMETER ALBUM_DIR WORK_DIR
# SPDX-License-Identifier: LGPL-2.1-or-later
import json
import os
import shutil
import subprocess
import sys
from scantest import check, failures as FAILURES, need, sh

TOOL, ALBUM, WORK = sys.argv[1], sys.argv[2], sys.argv[3]

need("sox", "flac", "metaflac")


def scan(*args):
    p = subprocess.run([TOOL] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


def scan_json(*paths):
    rc, out, err = scan("--json", *paths)
    return json.loads(out), err


def log_lines(*paths):
    """The track lines and the Official DR line of the log."""
    rc, out, err = scan(*paths)
    return [l for l in out.splitlines()
            if l.startswith("DR") and l[2:3].isdigit()
            or l.startswith("Official DR value")]


def samples(t, rate):
    """A CUE time "mm:ss:ff" as a sample: round-to-nearest of rate x t."""
    m, s, f = (int(x) for x in t.split(":"))
    frames = (m * 60 + s) * 75 + f
    return (frames * rate * 2 + 75) // 150


def length(path):
    out = subprocess.run(["soxi", "-s", path], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return int(out)


def cut(image, out, start, end, tags):
    """Samples [start, end) of image (end None: to its end) into out."""
    trim = ["trim", "%ds" % start] + (["=%ds" % end] if end else [])
    sh("sox", image, out, *trim)
    sh("metaflac", "--remove-all-tags", out)
    sh("metaflac", *["--set-tag=%s=%s" % kv for kv in tags.items()], out)


def folder(name):
    d = os.path.join(WORK, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def write(path, text, encoding="utf-8"):
    with open(path, "wb") as f:
        f.write(text.encode(encoding) if isinstance(text, str) else text)


# What must agree between a CUE track and its separate file.
TRACK_KEYS = ("name", "track_number", "title", "artist", "album",
              "album_artist", "dr", "dr_value", "dr_token", "peak_dbfs",
              "peak_token", "rms_dbfs", "rms_token", "duration_seconds",
              "duration_token", "frames", "windows", "sample_rate",
              "channel_count", "bits_per_sample", "sample_format",
              "channels")
ALBUM_KEYS = ("artist", "album", "track_count", "dr", "dr_value",
              "dr_token", "sample_rates", "channel_counts", "bits_per_sample")


def compare(label, got, want, ignore=()):
    check(len(got["albums"]) == 1 and len(want["albums"]) == 1,
          "%s: one album each" % label)
    if not got["albums"] or not want["albums"]:
        return
    ga, wa = got["albums"][0], want["albums"][0]
    for k in ALBUM_KEYS:
        check(ga[k] == wa[k], "%s: album %s %r != %r" % (label, k, ga[k],
                                                         wa[k]))
    for i, (gt, wt) in enumerate(zip(ga["tracks"], wa["tracks"])):
        for k in TRACK_KEYS:
            if k in ignore:
                continue
            check(gt[k] == wt[k], "%s: track %d %s %r != %r"
                  % (label, i + 1, k, gt[k], wt[k]))


def expect_same_as_cut(label, image_dir, ref_dir, ignore=()):
    got, err = scan_json(image_dir)
    want, _ = scan_json(ref_dir)
    check(got["errors"] == [], "%s: no errors (%s)" % (label, err.strip()))
    compare(label, got, want, ignore)
    lg, lw = log_lines(image_dir), log_lines(ref_dir)
    check(lg == lw and len(lg) > 1, "%s: log lines\n%s\n%s"
          % (label, "\n".join(lg), "\n".join(lw)))
    return got


# ---- 1. the bundled album as one image, FLAC and WAV ---------------------
# A hidden track before track 1's INDEX 01 (not measured), an INDEX 00
# pregap on track 2 (it belongs to track 1), a PREGAP on track 3 (no
# silence added), 44.1 kHz, 798720 samples: not a whole number of frames.
ALBUM_SHEET = """REM GENRE Test
PERFORMER "The Examples"
TITLE "Example Album"
FILE "Album.wav" WAVE
  TRACK 01 AUDIO
    TITLE "Ticks"
    INDEX 00 00:00:00
    INDEX 01 00:00:40
  TRACK 02 AUDIO
    TITLE "Triangle"
    PERFORMER "A Guest"
    INDEX 00 00:05:70
    INDEX 01 00:06:03
  TRACK 03 AUDIO
    TITLE "Sines"
    PREGAP 00:00:20
    INDEX 01 00:12:06
"""
parts = [f for f in sorted(os.listdir(ALBUM)) if f.endswith(".flac")]
src = folder("album-src")
image_wav = os.path.join(src, "Album.wav")
sh("sox", *[os.path.join(ALBUM, p) for p in parts], image_wav)
rate, total = 44100, length(image_wav)
check(total % 588 != 0, "album image is not a whole number of CD frames")

flac_dir, wav_dir, ref_dir = (folder("album-flac"), folder("album-wav"),
                              folder("album-ref"))
sh("flac", "-s", "-o", os.path.join(flac_dir, "Album.flac"), image_wav)
shutil.copy(image_wav, os.path.join(wav_dir, "Album.wav"))
for d in (flac_dir, wav_dir):
    write(os.path.join(d, "Album.cue"), ALBUM_SHEET)
starts = [samples(t, rate) for t in ("00:00:40", "00:06:03", "00:12:06")]
ends = starts[1:] + [None]
titles = [("Ticks", "The Examples"), ("Triangle", "A Guest"),
          ("Sines", "The Examples")]
for i, (s, e, (title, artist)) in enumerate(zip(starts, ends, titles)):
    cut(image_wav, os.path.join(ref_dir, "%02d.flac" % (i + 1)), s, e,
        {"TITLE": title, "ARTIST": artist, "TRACKNUMBER": str(i + 1),
         "ALBUM": "Example Album", "ALBUMARTIST": "The Examples"})

got = expect_same_as_cut("album FLAC image", flac_dir, ref_dir)
tracks = got["albums"][0]["tracks"] if got["albums"] else []
check([t["cue_first_sample"] for t in tracks] == starts,
      "album: cue_first_sample %r" % [t["cue_first_sample"] for t in tracks])
check(all(t["file"].endswith("/Album.flac") and
          t["cue_sheet"].endswith("/Album.cue") for t in tracks),
      "album: file is the image, cue_sheet the sheet")
check(sum(t["frames"] for t in tracks) == total - starts[0],
      "album: the hidden track is not measured, nothing else is lost")
expect_same_as_cut("album WAV image", wav_dir, ref_dir)

# The sheet named on the command line: the same tracks.
got_cl, _ = scan_json(os.path.join(flac_dir, "Album.cue"))
want_cl, _ = scan_json(ref_dir)
compare("sheet on the command line", got_cl, want_cl)
# and with its folder as well: each track once, no error
got_both, _ = scan_json(flac_dir, os.path.join(flac_dir, "Album.cue"))
compare("sheet and its folder", got_both, want_cl)
check(got_both["errors"] == [], "sheet and its folder: no errors")

# --save writes the log with a line per track; --plot a picture per track.
plots = folder("album-plots")
rc, out, err = scan("--save", "--plot", plots, flac_dir)
with open(os.path.join(flac_dir, "foo_dr.txt"), encoding="utf-8") as f:
    saved = f.read()
for title in ("01-Ticks", "02-Triangle", "03-Sines"):
    check(title in saved, "--save: %s in foo_dr.txt" % title)
svgs = [f for dp, dn, fs in os.walk(plots) for f in fs if f.endswith(".svg")]
check(len(svgs) == 3, "--plot: three pictures, got %r" % svgs)

# An embedded sheet (a CUESHEET tag in the FLAC image, no .cue): the same
# tracks; with -j 2 and a file after it that starts while it is measured.
emb = folder("album-embedded")
emb_image = os.path.join(emb, "Embedded.flac")
shutil.copy(os.path.join(flac_dir, "Album.flac"), emb_image)
sheet_file = os.path.join(WORK, "embedded.cue")
write(sheet_file, ALBUM_SHEET)
sh("metaflac", "--set-tag-from-file=CUESHEET=" + sheet_file, emb_image)
got_e, err = scan_json(emb_image)
compare("embedded CUESHEET tag", got_e, want_cl)
check(got_e["errors"] == [] and all(
    t["cue_sheet"] == emb_image for a in got_e["albums"]
    for t in a["tracks"]), "embedded: cue_sheet is the file itself")
shutil.copy(os.path.join(ref_dir, "03.flac"), os.path.join(emb, "Z.flac"))
rc, out, err = scan("--json", "-j", "2", emb)
names = [t["name"] for a in json.loads(out)["albums"] for t in a["tracks"]]
check(names == ["01-Ticks", "02-Triangle", "03-Sines", "03-Sines"],
      "embedded with -j 2: tracks %r" % names)

# ---- 2. generated tracks at 48 kHz, 24 bits ------------------------------
gen = folder("gen-src")
rate = 48000
synth = [("4.3", ["pinknoise", "vol", "0.3"]),
         ("7.1", ["sine", "440", "vol", "0.5", "tremolo", "3", "80"]),
         ("5.55", ["brownnoise", "vol", "0.6"])]
pieces = []
for i, (secs, effect) in enumerate(synth):
    p = os.path.join(gen, "t%d.wav" % i)
    # sox takes a synth's frequency right after its type, effects after
    name, rest = effect[0], effect[1:]
    args = ["sox", "-n", "-r", str(rate), "-b", "24", "-c", "2", p, "synth",
            secs, name]
    if name == "sine":
        args += [rest[0]]
        rest = rest[1:]
    sh(*(args + rest))
    pieces.append(p)
image48 = os.path.join(gen, "image.wav")
sh("sox", *pieces, image48)
total48 = length(image48)
check(total48 % 640 != 0, "generated image is not a whole number of frames")


def cue_time(sample, rate):
    frames = (sample * 75 + rate // 2) // rate
    return "%02d:%02d:%02d" % (frames // 4500, frames // 75 % 60, frames % 75)


bounds = [0]
for p in pieces[:-1]:
    bounds.append(bounds[-1] + length(p))
times = [cue_time(b, rate) for b in bounds]
sheet48 = 'PERFORMER "Synth"\nTITLE "Generated"\nFILE "image.flac" WAVE\n'
for i, t in enumerate(times):
    sheet48 += '  TRACK %02d AUDIO\n    TITLE "Gen %d"\n    INDEX 01 %s\n' % (
        i + 1, i + 1, t)
g_img, g_ref = folder("gen-flac"), folder("gen-ref")
sh("flac", "-s", "-o", os.path.join(g_img, "image.flac"), image48)
write(os.path.join(g_img, "image.cue"), sheet48)
starts = [samples(t, rate) for t in times]
for i, (s, e) in enumerate(zip(starts, starts[1:] + [None])):
    cut(image48, os.path.join(g_ref, "%02d.flac" % (i + 1)), s, e,
        {"TITLE": "Gen %d" % (i + 1), "ARTIST": "Synth", "TRACKNUMBER":
         str(i + 1), "ALBUM": "Generated", "ALBUMARTIST": "Synth"})
expect_same_as_cut("generated 48 kHz image", g_img, g_ref)

# ---- 3. several FILEs: tracks 1-2 in a.wav, track 3 in b.flac with its
# pregap (INDEX 00) at the start of b, which no track measures ------------
multi, m_ref = folder("multi"), folder("multi-ref")
a_wav, b_wav = os.path.join(multi, "a.wav"), os.path.join(gen, "b.wav")
sh("sox", pieces[0], pieces[1], a_wav)
sh("sox", pieces[2], b_wav)
sh("flac", "-s", "-o", os.path.join(multi, "b.flac"), b_wav)
t2 = cue_time(length(pieces[0]), rate)
write(os.path.join(multi, "multi.cue"), """PERFORMER "Synth"
TITLE "Generated"
FILE "a.wav" WAVE
  TRACK 01 AUDIO
    TITLE "Gen 1"
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    TITLE "Gen 2"
    INDEX 01 %s
FILE "b.flac" WAVE
  TRACK 03 AUDIO
    TITLE "Gen 3"
    INDEX 00 00:00:00
    INDEX 01 00:01:00
""" % t2)
s2 = samples(t2, rate)
for i, (src_file, s, e) in enumerate([(a_wav, 0, s2), (a_wav, s2, None),
                                      (b_wav, rate, None)]):
    cut(src_file, os.path.join(m_ref, "%02d.flac" % (i + 1)), s, e,
        {"TITLE": "Gen %d" % (i + 1), "ARTIST": "Synth", "TRACKNUMBER":
         str(i + 1), "ALBUM": "Generated", "ALBUMARTIST": "Synth"})
# a.wav decodes to S24LE, the FLAC copies to S24_32LE: the same values
expect_same_as_cut("sheet of several FILEs", multi, m_ref,
                   ignore=("sample_format",))

# ---- 4. one FILE per track: each file whole, named by the sheet ----------
per, per_ref = folder("per-track"), folder("per-track-ref")
sheet = 'PERFORMER "Synth"\nTITLE "Generated"\n'
for i, p in enumerate(pieces):
    sh("sox", p, os.path.join(per, "%02d.wav" % (i + 1)))
    sheet += ('FILE "%02d.wav" WAVE\n  TRACK %02d AUDIO\n    TITLE "Gen %d"\n'
              '    INDEX 01 00:00:00\n' % (i + 1, i + 1, i + 1))
    cut(p, os.path.join(per_ref, "%02d.flac" % (i + 1)), 0, None,
        {"TITLE": "Gen %d" % (i + 1), "ARTIST": "Synth", "TRACKNUMBER":
         str(i + 1), "ALBUM": "Generated", "ALBUMARTIST": "Synth"})
write(os.path.join(per, "album.cue"), sheet)
got = expect_same_as_cut("one FILE per track", per, per_ref,
                         ignore=("sample_format",))
check(got["albums"] and got["albums"][0]["track_count"] == 3,
      "one FILE per track: the files are not also measured whole")

# ---- disc folders: CD1 and CD2, each an image with its sheet, one album
discs = folder("discs")
for disc, chosen in ((1, pieces[:2]), (2, pieces[2:])):
    d = os.path.join(discs, "CD%d" % disc)
    os.makedirs(d)
    sh("sox", *chosen, os.path.join(d, "disc.wav"))
    sheet = 'PERFORMER "Synth"\nTITLE "Generated"\nFILE "disc.wav" WAVE\n'
    at = 0
    for i, p in enumerate(chosen):
        sheet += '  TRACK %02d AUDIO\n    TITLE "D%d T%d"\n    INDEX 01 %s\n' % (
            i + 1, disc, i + 1, cue_time(at, rate))
        at += length(p)
    write(os.path.join(d, "disc.cue"), sheet)
got, err = scan_json(discs)
names = [[t["title"] for t in a["tracks"]] for a in got["albums"]]
check(names == [["D1 T1", "D1 T2", "D2 T1"]],
      "disc folders: one album, disc by disc: %r" % names)

# ---- long images with -j 2: long files may be measured in parts at once
# (split.c), an image never: its tracks are the same as with -j 1
longd = folder("long")
long_wav = os.path.join(gen, "long.wav")
sh("sox", "-n", "-r", "44100", "-b", "16", "-c", "2", long_wav, "synth",
   "130", "pinknoise", "vol", "0.3")
sh("flac", "-s", "-o", os.path.join(longd, "long.flac"), long_wav)
sh("sox", "-n", "-r", "44100", "-b", "16", "-c", "2",
   os.path.join(longd, "other.wav"), "synth", "130", "brownnoise", "vol", "0.3")
write(os.path.join(longd, "long.cue"), 'FILE "long.flac" WAVE\n'
      '  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n'
      '  TRACK 02 AUDIO\n    INDEX 01 01:05:00\n')
one, _ = scan_json("-j", "1", longd)
two, _ = scan_json("-j", "2", longd)
compare("long image, -j 2 against -j 1", two, one)
check(one["albums"] and one["albums"][0]["track_count"] == 3,
      "long image: two tracks and the other file")
# the same sheet embedded
emb_long = folder("long-embedded")
shutil.copy(os.path.join(longd, "long.flac"), emb_long)
shutil.copy(os.path.join(longd, "other.wav"), emb_long)
sh("metaflac", "--set-tag-from-file=CUESHEET=" + os.path.join(longd,
   "long.cue"), os.path.join(emb_long, "long.flac"))
two_e, _ = scan_json("-j", "2", emb_long)
compare("long embedded image, -j 2", two_e, one)

# ---- 5. encodings ---------------------------------------------------------
enc = folder("encodings")
shutil.copy(pieces[0], os.path.join(enc, "bom.wav"))
shutil.copy(pieces[1], os.path.join(enc, "latin.wav"))
write(os.path.join(enc, "bom.cue"), "\ufeff" + """PERFORMER "Björk"
TITLE "Café Ünïcødé"
FILE "bom.wav" WAVE
  TRACK 01 AUDIO
    TITLE "Ångström – naïve"
    INDEX 01 00:00:00
""")
write(os.path.join(enc, "latin.cue"), """PERFORMER "Björk"
TITLE "Café Ünïcødé"
FILE "latin.wav" WAVE
  TRACK 02 AUDIO
    TITLE "“Quoted” Señor"
    INDEX 01 00:00:00
""", encoding="cp1252")
got, err = scan_json(enc)
names = sorted(t["title"] for a in got["albums"] for t in a["tracks"])
check(names == ["Ångström – naïve", "“Quoted” Señor"],
      "encodings: titles %r" % names)
check(all(a["artist"] == "Björk" and a["album"] == "Café Ünïcødé"
          for a in got["albums"]), "encodings: album names")
lines = "\n".join(log_lines(enc))
check("01-Ångström – naïve" in lines and "01-“Quoted” Señor" in lines,
      "encodings: log names\n" + lines)
check(got["errors"] == [], "encodings: no errors")

# ---- 6. bad sheets: each says what is wrong, the rest is measured --------
bad = folder("bad")
shutil.copy(pieces[0], os.path.join(bad, "plain.wav"))
# a missing image
write(os.path.join(bad, "missing.cue"),
      'FILE "nowhere.wav" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n')
# an INDEX past the end of a 7.1 s image: track 3 is not in it, track 2
# would end after it
shutil.copy(pieces[1], os.path.join(bad, "past.wav"))
write(os.path.join(bad, "past.cue"), """FILE "past.wav" WAVE
  TRACK 01 AUDIO
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    INDEX 01 00:03:00
  TRACK 03 AUDIO
    INDEX 01 00:09:00
""")
# INDEXes out of order: tracks 2 and 3 swapped
shutil.copy(image48, os.path.join(bad, "order.wav"))
write(os.path.join(bad, "order.cue"), """FILE "order.wav" WAVE
  TRACK 01 AUDIO
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    INDEX 01 00:08:00
  TRACK 03 AUDIO
    INDEX 01 00:05:00
  TRACK 04 AUDIO
    INDEX 01 00:12:00
""")
# not a sheet at all; its would-be image is measured whole
shutil.copy(pieces[2], os.path.join(bad, "junk.wav"))
write(os.path.join(bad, "junk.cue"), b"\x00\x01garbage \xff\xfe\x00 {}\n")
rc, out, err = scan("--json", bad)
doc = json.loads(out)
errors = {e["file"].rsplit("/", 1)[-1] + ": " + e["reason"]
          for e in doc["errors"]}
print("bad-sheet errors:\n  " + "\n  ".join(sorted(errors)))


def has_error(*words):
    return any(all(w in e for w in words) for e in errors)


check(rc != 0, "bad sheets: a non-zero exit status")
check(has_error("missing.cue", "nowhere.wav", "not found"),
      "bad sheets: the missing image is named")
check(has_error("past.wav", "track 3", "past the end"),
      "bad sheets: the INDEX past the end is named")
check(has_error("past.wav", "track 2", "ends before"),
      "bad sheets: the track the end cuts short is named")
check(has_error("order.cue", "track 2", "out of order")
      and has_error("order.cue", "track 3", "out of order"),
      "bad sheets: the INDEXes out of order are named")
check(has_error("junk.cue", "unparsable"),
      "bad sheets: the unparsable sheet is named")
measured = sorted((t["file"].rsplit("/", 1)[-1], t["track_number"])
                  for a in doc["albums"] for t in a["tracks"])
check(measured == [("junk.wav", None), ("order.wav", 1), ("order.wav", 4),
                   ("past.wav", 1), ("plain.wav", None)],
      "bad sheets: the rest is measured: %r" % measured)
# what is measured is still exact: track 4 of order.wav from 00:12:00
t4 = [t for a in doc["albums"] for t in a["tracks"]
      if t["file"].endswith("order.wav") and t["track_number"] == 4]
check(t4 and t4[0]["frames"] == total48 - samples("00:12:00", 48000),
      "bad sheets: track 4 runs from its INDEX 01 to the end")

if FAILURES:
    print("%d check(s) failed" % len(FAILURES))
    sys.exit(1)
print("all CUE checks passed")
