#!/usr/bin/python3
# gst-drmeter tests: every format's names, written by other tools, read
# the same by the log, the JSON, the album grouping and --skip-tagged.
#
# usage: test-tag-readers.py GST_DRMETER CHECK_JSON TMPDIR
#
# One album per format and tagging tool: FFmpeg (-metadata, its own tag
# block per muxer), mutagen (ID3v2 in WAV, AIFF, TTA and MP3; APEv2 in
# WavPack and Musepack), `wavpack -w` (a two-disc album in CD1/CD2 folders) and
# metaflac, with names in Greek, Cyrillic and Japanese. What was written
# is read back with an independent reader (ffprobe for FFmpeg's files,
# the values given for the others); the JSON must hold exactly that, the
# log's header and track names must show it, each folder must be one
# album (the two discs too), and after --write-tags a --skip-tagged run
# measures nothing.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tagtest  # noqa: E402
from tagtest import check, failures  # noqa: E402
from mutagen.apev2 import APEv2  # noqa: E402
from mutagen.id3 import (ID3, TALB, TDRC, TIT2, TPE1, TPE2,  # noqa: E402
                         TPOS, TRCK)

NAMES = {"title": "Ωmega Σ", "artist": "Артист", "album": "日本語のアルバム",
         "album_artist": "Группа", "year": "1999", "track": 3, "disc": 1}


def run(args, expect=0, **kw):
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, **kw)
    check(r.returncode == expect, "%s exited %d: %s" %
          (args[:4], r.returncode, r.stderr[-500:]))
    return r


def ffmpeg(wav, out, codec_args, names):
    meta = []
    for key, tag in (("title", "title"), ("artist", "artist"),
                     ("album", "album"), ("album_artist", "album_artist"),
                     ("year", "date"), ("track", "track"), ("disc", "disc")):
        meta += ["-metadata", "%s=%s" % (tag, names[key])]
    run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", wav] + codec_args +
        meta + [out])


def ffprobe_names(path):
    """What an independent reader (FFmpeg) finds: format and stream tags,
    keys lower case."""
    r = run(["ffprobe", "-v", "error", "-of", "json", "-show_entries",
             "format_tags:stream_tags", path])
    doc = json.loads(r.stdout or "{}")
    tags = {}
    for s in doc.get("streams", []):
        tags.update({k.lower(): v for k, v in s.get("tags", {}).items()})
    tags.update({k.lower(): v for k, v in
                 doc.get("format", {}).get("tags", {}).items()})

    def num(v):
        return int(v.split("/")[0]) if v and v.split("/")[0].isdigit() \
            else None
    return {"title": tags.get("title"), "artist": tags.get("artist"),
            "album": tags.get("album"),
            "album_artist": tags.get("album_artist") or
            tags.get("albumartist") or tags.get("album artist"),
            "year": tags.get("date") or tags.get("year"),
            "track": num(tags.get("track") or tags.get("tracknumber")),
            "disc": num(tags.get("disc") or tags.get("discnumber"))}


def id3_frames(names):
    return [TIT2(encoding=3, text=names["title"]),
            TPE1(encoding=3, text=names["artist"]),
            TALB(encoding=3, text=names["album"]),
            TPE2(encoding=3, text=names["album_artist"]),
            TDRC(encoding=3, text=names["year"]),
            TRCK(encoding=3, text=str(names["track"])),
            TPOS(encoding=3, text=str(names["disc"]))]


def mutagen_id3(path, names):
    import mutagen
    f = mutagen.File(path)
    if f is not None and hasattr(f, "add_tags"):
        if f.tags is None:
            f.add_tags()
        for frame in id3_frames(names):
            f.tags.add(frame)
        f.save()
    else:                               # TTA: a bare ID3v2 tag at the start
        tag = ID3()
        for frame in id3_frames(names):
            tag.add(frame)
        tag.save(path)


def ape_items(path, names):
    tag = APEv2()
    tag["Title"] = names["title"]
    tag["Artist"] = names["artist"]
    tag["Album"] = names["album"]
    tag["Album Artist"] = names["album_artist"]
    tag["Year"] = names["year"]
    tag["Track"] = str(names["track"])
    tag["Disc"] = str(names["disc"])
    tag.save(path)


def make_library(lib, wav):
    """folder -> [(file, expected names)]"""
    albums = {}

    def one(folder, name, make, names, oracle=None):
        d = os.path.join(lib, folder)
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, name)
        make(path, names)
        albums.setdefault(d, []).append(
            (path, oracle(path) if oracle else names))

    table = [("ffmpeg-flac", "01.flac", ["-c:a", "flac"]),
             ("ffmpeg-mp3", "01.mp3", ["-c:a", "libmp3lame"]),
             ("ffmpeg-vorbis", "01.ogg", ["-c:a", "libvorbis"]),
             ("ffmpeg-opus", "01.opus", ["-c:a", "libopus"]),
             ("ffmpeg-m4a", "01.m4a", ["-c:a", "alac"]),
             ("ffmpeg-wavpack", "01.wv", ["-c:a", "wavpack"]),
             ("ffmpeg-tta", "01.tta", ["-c:a", "tta"]),
             ("ffmpeg-wav", "01.wav", ["-c:a", "pcm_s16le"]),
             ("ffmpeg-aiff", "01.aiff", ["-c:a", "pcm_s16be",
                                         "-write_id3v2", "1"])]
    for folder, name, args in table:
        one(folder, name, lambda p, n, a=args: ffmpeg(wav, p, a, n), NAMES,
            ffprobe_names)
    # mutagen: ID3v2 where FFmpeg writes another block (WAV: LIST INFO)
    for ext, args in (("wav", ["-c:a", "pcm_s16le"]),
                      ("aiff", ["-c:a", "pcm_s16be"]),
                      ("tta", ["-c:a", "tta"]), ("mp3", ["-c:a",
                                                         "libmp3lame"])):
        def make(p, n, a=args):
            run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", wav,
                 "-map_metadata", "-1", "-fflags", "+bitexact"] + a + [p])
            mutagen_id3(p, n)
        one("mutagen-" + ext, "01." + ext, make, NAMES)

    def wv(p, n):
        run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", wav,
             "-c:a", "wavpack", p])
        ape_items(p, n)
    one("mutagen-wavpack", "01.wv", wv, NAMES)

    # Musepack SV8 (mpcenc) with APEv2 items, from a 10 s signal of its
    # own: on GStreamer 1.22 gst-libav's Musepack demuxer never ends on
    # some short files (measure/quirks.h: avdemux-mpc-end)
    def mpc(p, n):
        src = p + ".wav"
        run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
             "aevalsrc='0.6*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.3*t))|"
             "0.5*sin(2*PI*330*t)':s=44100:d=10", "-c:a", "pcm_s16le", src])
        run(["mpcenc", "--silent", "--overwrite", src, p])
        os.unlink(src)
        ape_items(p, n)
    if shutil.which("mpcenc"):
        one("mutagen-musepack", "01.mpc", mpc, NAMES)
    else:
        print("skipped Musepack: mpcenc is not installed")

    # wavpack -w: two discs of one album, non-ASCII titles
    for disc, title in ((1, "Первый"), (2, "二番目")):
        names = dict(NAMES, title=title, disc=disc, track=1)

        def make(p, n):
            run(["wavpack", "-q", "-y",
                 "-w", "Artist=" + n["artist"], "-w", "Album=" + n["album"],
                 "-w", "Album Artist=" + n["album_artist"],
                 "-w", "Year=" + n["year"], "-w", "Title=" + n["title"],
                 "-w", "Track=%d" % n["track"], "-w", "Disc=%d" % n["disc"],
                 wav, "-o", p])
        d = os.path.join(lib, "wavpack-discs", "CD%d" % disc)
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, "01.wv")
        make(p, names)
        albums.setdefault(os.path.join(lib, "wavpack-discs"), []).append(
            (p, names))

    def metaflac(p, n):
        run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", wav,
             "-map_metadata", "-1", "-c:a", "flac", p])
        run(["metaflac", "--remove-all-tags",
             "--set-tag=TITLE=" + n["title"], "--set-tag=ARTIST=" + n["artist"],
             "--set-tag=ALBUM=" + n["album"],
             "--set-tag=ALBUMARTIST=" + n["album_artist"],
             "--set-tag=DATE=" + n["year"],
             "--set-tag=TRACKNUMBER=%d" % n["track"],
             "--set-tag=DISCNUMBER=%d" % n["disc"], p])
    one("metaflac", "01.flac", metaflac, NAMES)
    return albums


def scan(args, expect=0):
    return run([GST_DRMETER, "-q"] + args, expect)


def check_names(albums):
    r = scan(["--json"] + sorted(albums))
    v = subprocess.run([sys.executable, CHECK_JSON, "/dev/stdin"],
                       input=r.stdout, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, universal_newlines=True)
    check(v.returncode == 0, "JSON schema: " + v.stderr)
    doc = json.loads(r.stdout)
    by_file = {t["file"]: (a, t) for a in doc["albums"] for t in a["tracks"]}
    for folder, files in albums.items():
        for path, want in files:
            if not check(path in by_file, path + ": not in the JSON"):
                continue
            a, t = by_file[path]
            got = {"title": t["title"], "artist": t["artist"],
                   "album": t["album"], "album_artist": t["album_artist"],
                   "year": t["year"], "track": t["track_number"],
                   "disc": t["disc_number"]}
            for key, value in want.items():
                # what the independent reader found, the scanner finds
                if value is not None:
                    check(got[key] == value, "%s: %s is %r, not %r" %
                          (path, key, got[key], value))
            check(a["path"] == folder, "%s: in album %s, not %s" %
                  (path, a["path"], folder))
            check(a["artist"] == want["album_artist"] or
                  a["artist"] == want["artist"],
                  "%s: album artist %r" % (path, a["artist"]))
            check(a["album"] == want["album"], "%s: album %r" %
                  (path, a["album"]))
    # one album per folder: the two discs too
    check(len(doc["albums"]) == len(albums), "%d albums for %d folders: %s"
          % (len(doc["albums"]), len(albums),
             [a["path"] for a in doc["albums"]]))

    # the log: every header and track name
    log = scan(sorted(albums)).stdout
    for folder, files in albums.items():
        want = files[0][1]
        artist = want["album_artist"] or want["artist"]
        check("Analyzed: %s / %s" % (artist, want["album"]) in log,
              "%s: the log's header lacks the names" % folder)
        for _, w in files:
            check("%02d-%s" % (w["track"], w["title"]) in log,
                  "%s: the log lacks track %02d-%s" %
                  (folder, w["track"], w["title"]))
    check("?" not in "".join(ln for ln in log.splitlines()
                             if ln.startswith("Analyzed:")),
          "an album without names in the log")


def check_skip_tagged(albums):
    folders = sorted(albums)
    r = scan(["--write-tags"] + folders)
    n_files = sum(len(f) for f in albums.values())
    check(r.stderr.endswith("tags: %d written, 0 unchanged, 0 failed\n" %
                            n_files), "--write-tags: " + r.stderr)
    r = scan(["--json", "--write-tags", "--skip-tagged"] + folders)
    doc = json.loads(r.stdout)
    check(doc["measured"] == 0 and sorted(doc["skipped_albums"]) == folders,
          "--skip-tagged measured %d, skipped %s" %
          (doc["measured"], doc["skipped_albums"]))
    # what the scanner reads is what mutagen reads
    for files in albums.values():
        for path, _ in files:
            got = tagtest.dr_tags(path)
            check(len(got["dynamic range"]) == 1 and
                  len(got["album dynamic range"]) == 1,
                  "%s: mutagen reads %s" % (path, got))


def main():
    global GST_DRMETER, CHECK_JSON
    GST_DRMETER, CHECK_JSON, tmp = sys.argv[1:4]
    tagtest.need("ffmpeg", "ffprobe", "wavpack", "metaflac")
    base = os.path.join(tmp, "tag-readers")
    shutil.rmtree(base, ignore_errors=True)
    lib = os.path.join(base, "lib")
    os.makedirs(lib)
    wav = os.path.join(base, "source.wav")
    tagtest.make_source(wav, 2.0, 3)
    albums = make_library(lib, wav)
    check_names(albums)
    check_skip_tagged(albums)
    if failures:
        print("%d failures" % len(failures))
        sys.exit(1)
    shutil.rmtree(base, ignore_errors=True)
    print("ok")


main()
