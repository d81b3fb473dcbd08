#!/usr/bin/env python3
# gst-drmeter tests: which files make an album, and how names are written.
#
# usage: test-names.py GST_DRMETER TMPDIR
#
# Symbolic links (a file is measured once, in the album of its real
# folder), disc folders (CD1/CD2 of one tagged album are one album; with
# different tags, two), the Track column cut to 35 characters as
# foobar2000 cuts it, control characters in names, the JSON's exact name
# bytes and +inf, folders with nothing to measure, and an --output file
# inside a scanned folder. Exits 77 (skip) without sox and flac.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import scantest
from scantest import check, finish, need

HERE = os.path.dirname(os.path.abspath(__file__))


def run(args):
    return scantest.run(args, text=False)


def flac(path, seconds, vol, tags):
    wav = path + ".tmp.wav"
    subprocess.check_call(["sox", "-n", "-r", "44100", "-b", "16", "-c", "2",
                           wav, "synth", str(seconds), "sine", "440", "sine",
                           "1000", "vol", str(vol), "fade", "0", str(seconds),
                           str(seconds / 2)])
    args = ["flac", "--silent", "-f", "-o", path]
    for k, v in tags.items():
        args += ["-T", "%s=%s" % (k, v)]
    subprocess.check_call(args + [wav])
    os.unlink(wav)


def doc_of(tool, *paths):
    r = run([tool, "-q", "--json"] + list(paths))
    doc = json.loads(r.stdout.decode("utf-8"))
    return doc, r


def schema_ok(tool, *paths):
    # the documented schema, by the suite's own checker
    r = run([tool, "-q", "--json"] + list(paths))
    out = os.path.join(os.environ.get("TMPDIR", "/tmp"), "names-check.json")
    with open(out, "wb") as f:
        f.write(r.stdout)
    c = subprocess.run([sys.executable, os.path.join(HERE, "..", "check-json.py"),
                        out], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check(c.returncode == 0, "JSON schema: %s" % c.stderr.decode())


def main():
    tool, tmp = sys.argv[1:3]
    need("sox", "flac")
    base = os.path.join(tmp, "names-test")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)

    def p(*names):
        return os.path.join(base, *names)

    # --- symbolic links: the album of 5, with links into it
    os.makedirs(p("album"))
    titles = ["Battle", "Calm", "Dance", "Echo", "Finale"]
    for i, (t, vol) in enumerate(zip(titles, (0.9, 0.3, 0.6, 0.1, 0.8))):
        flac(p("album", "%02d - %s.flac" % (i + 1, t)), 4 + i, vol,
             {"TITLE": t, "TRACKNUMBER": i + 1, "ALBUM": "Links",
              "ARTIST": "Tester"})
    whole, _ = doc_of(tool, p("album"))
    os.makedirs(p("links"))
    os.symlink(p("album"), p("links", "album-link"))
    os.symlink(p("album", "01 - Battle.flac"), p("links", "battle-link.flac"))
    doc, r = doc_of(tool, p("links"))
    check(r.returncode == 0, "links: exit %d" % r.returncode)
    check(len(doc["albums"]) == 1, "links: %d albums" % len(doc["albums"]))
    if doc["albums"]:
        a = doc["albums"][0]
        check(a["track_count"] == 5, "links: %d tracks" % a["track_count"])
        check(a["dr_value"] == whole["albums"][0]["dr_value"],
              "links: album DR %r, the folder itself %r" %
              (a["dr_value"], whole["albums"][0]["dr_value"]))
        names = sorted(t["name"] for t in a["tracks"])
        check(names == ["%02d-%s" % (i + 1, t) for i, t in enumerate(titles)],
              "links: tracks %s" % names)
    # the album and the links both named (or one folder twice): each file
    # once, and no "no audio files found" for the PATH whose music the
    # other one holds
    for paths in ((p("album"), p("links")), (p("links"), p("album")),
                  (p("album"), p("album"))):
        doc, r = doc_of(tool, *paths)
        check(r.returncode == 0 and r.stderr == b"" and
              [a["track_count"] for a in doc["albums"]] == [5],
              "%s: exit %d, tracks %s, %r" %
              (" ".join(os.path.basename(x) for x in paths), r.returncode,
               [a["track_count"] for a in doc["albums"]], r.stderr))
    # the link named on the command line: the real folder's album
    doc, _ = doc_of(tool, p("links", "battle-link.flac"))
    check(doc["albums"] and os.path.realpath(doc["albums"][0]["path"]) ==
          os.path.realpath(p("album")), "a linked file's album: %s" %
          [x["path"] for x in doc["albums"]])

    # --- disc folders: tagged alike, one album; tagged apart, two
    for d in (1, 2):
        os.makedirs(p("box", "CD%d" % d))
        os.makedirs(p("pair", "Disc %d" % d))
        for n in (1, 2):
            flac(p("box", "CD%d" % d, "%02d.flac" % n), 3, 0.2 * n + 0.1 * d,
                 {"TITLE": "d%dt%d" % (d, n), "TRACKNUMBER": n,
                  "DISCNUMBER": d, "ALBUM": "Box", "ALBUMARTIST": "Band"})
            flac(p("pair", "Disc %d" % d, "%02d.flac" % n), 3, 0.3,
                 {"TITLE": "d%dt%d" % (d, n), "TRACKNUMBER": n,
                  "ALBUM": "Pair %d" % d, "ALBUMARTIST": "Band"})
    doc, r = doc_of(tool, p("box"))
    check(len(doc["albums"]) == 1, "box: %d albums" % len(doc["albums"]))
    if doc["albums"]:
        a = doc["albums"][0]
        check(a["track_count"] == 4 and os.path.basename(a["path"]) == "box",
              "box: %d tracks in %s" % (a["track_count"], a["path"]))
        check([t["title"] for t in a["tracks"]] ==
              ["d1t1", "d1t2", "d2t1", "d2t2"], "box: order %s" %
              [t["title"] for t in a["tracks"]])
    doc, r = doc_of(tool, p("pair"))
    check([os.path.basename(a["path"]) for a in doc["albums"]] ==
          ["Disc 1", "Disc 2"], "pair: albums %s" %
          [a["path"] for a in doc["albums"]])
    r = run([tool, "-q", p("box")])
    check(r.stdout.decode().count("Analyzed: Band / Box") == 1,
          "box: not one log")

    # --- names: cut to 35 characters, control characters replaced
    os.makedirs(p("names"))
    long_title = "Mahler Sym No 2  1st Mov Allegro maestoso"
    flac(p("names", "a.flac"), 3, 0.5, {"TITLE": long_title,
                                        "TRACKNUMBER": 1})
    flac(p("names", "b.flac"), 3, 0.5, {"TITLE": "Ümlaut " * 8,
                                        "TRACKNUMBER": 2})
    nl = p("names", "c\nd.flac")
    flac(nl, 3, 0.5, {})
    r = run([tool, "-q", "--save", p("names")])
    out = r.stdout.decode("utf-8")
    lines = [x for x in out.splitlines() if x.startswith("DR") and "dBFS" in x]
    check(len(lines) == 3, "names: %d track lines: %r" % (len(lines), out))
    want = "01-Mahler Sym No 2  1st Mov Alle(\u2026)"
    check(any(x[45:45 + 35] == want for x in lines),
          "names: no %r in %s" % (want, [x[45:80] for x in lines]))
    cut = ("02-" + "Ümlaut " * 8)[:32] + "(\u2026)"
    check(any(x[45:45 + 35] == cut for x in lines), "names: no %r" % cut)
    check(any(x[45:45 + 35].rstrip() == "?-c\ufffdd" for x in lines),
          "names: the newline is not replaced: %r" % lines)
    # the channel columns stay in place
    check(len(set(len(x) for x in lines)) == 1, "names: columns moved")
    with open(p("names", "foo_dr.txt"), "rb") as f:
        saved = f.read().decode("utf-8")
    check(saved.count("\r\n") == saved.count("\n") and
          len([x for x in saved.split("\r\n") if x.startswith("DR") and
               "dBFS" in x]) == 3, "foo_dr.txt: a name split a line")
    doc, _ = doc_of(tool, p("names"))
    names = [t["name"] for t in doc["albums"][0]["tracks"]]
    check("01-" + long_title in names and "?-c\nd" in names,
          "JSON names not kept whole: %r" % names)

    # --- JSON: the exact bytes of a name that is not UTF-8, and +inf
    os.makedirs(p("bytes"))
    raw = os.path.join(base.encode(), b"bytes", b"caf\xe9.flac")
    shutil.copy(p("names", "a.flac"), raw)
    doc, _ = doc_of(tool, p("bytes"))
    t = doc["albums"][0]["tracks"][0]
    check(base64.b64decode(t["file_bytes"]) == raw, "file_bytes %r" %
          t["file_bytes"])
    check("\ufffd" in t["file"], "file %r" % t["file"])
    schema_ok(tool, p("bytes"))

    os.makedirs(p("inf"))
    n = 44100
    samples = [0.25] * n
    samples[1000] = 1e30
    data = struct.pack("<%df" % n, *samples)
    hdr = (b"RIFF" + struct.pack("<I", 4 + 24 + 8 + len(data)) + b"WAVE" +
           b"fmt " + struct.pack("<IHHIIHH", 16, 3, 1, 44100, 44100 * 4, 4,
                                 32) + b"data" + struct.pack("<I", len(data)))
    with open(p("inf", "huge.wav"), "wb") as f:
        f.write(hdr + data)
    doc, _ = doc_of(tool, p("inf"))
    t = doc["albums"][0]["tracks"][0]
    check(t["rms_dbfs"] == "+inf", "+inf RMS written as %r" % t["rms_dbfs"])
    check(t["peak_dbfs"] == 600, "peak %r" % t["peak_dbfs"])
    schema_ok(tool, p("inf"))

    # --- nothing to measure: said, exit 1
    os.makedirs(p("empty"))
    os.makedirs(p("art"))
    with open(p("art", "cover.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff")
    for d in ("empty", "art"):
        r = run([tool, "-q", p(d)])
        err = r.stderr.decode()
        check(r.returncode == 1 and r.stdout == b"" and
              "no audio files found" in err, "%s: exit %d, %r" %
              (d, r.returncode, err))

    # --- an --output file inside a scanned folder is not measured
    out = p("album", "log.txt")
    r = run([tool, "-q", "--all-files", "-o", out, p("album")])
    check(r.returncode == 0 and r.stderr == b"",
          "--output inside: exit %d, %r" % (r.returncode, r.stderr))
    with open(out, encoding="utf-8") as f:
        check("Number of tracks:  5" in f.read(), "--output inside: log")

    finish(base)

main()
