#!/usr/bin/python3
# gst-drmeter tests: tag runs that respect albums, CUE images, the file
# system and the readers of WAV tags.
#
# usage: test-tag-albums.py GST_DRMETER TMPDIR
#
# - A file named without the rest of its album (a folder, or disc
#   folders) brings the rest: the album value written is the whole
#   album's, and stderr says so; --partial-albums writes the named files'
#   own value.
# - CUE images (a sheet beside the image, and a sheet embedded in it) get
#   ALBUM DYNAMIC RANGE and CUE_TRACKnn_DYNAMIC RANGE per track, exit 0,
#   one note per image with a sheet beside it; --skip-tagged then
#   measures nothing; --remove-tags removes them all.
# - Every tag run ends with one summary line.
# - On a read-only mount (as root, in a mount namespace) the reason is
#   "read-only file system".
# - WAV tags are read by mutagen, exiftool, MediaInfo and ffprobe (the
#   last only without a LIST INFO chunk, which FFmpeg prefers).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tagtest  # noqa: E402
from tagtest import check, failures  # noqa: E402
import mutagen  # noqa: E402


def scan(args, expect=0, **kw):
    r = subprocess.run([GST_DRMETER, "-q"] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True, **kw)
    r.stderr = "".join(ln + "\n" for ln in r.stderr.splitlines()
                       if ln.startswith("gst-drmeter: "))
    check(r.returncode == expect, "%s exited %d, not %d: %s" %
          (args, r.returncode, expect, r.stderr))
    return r


def scan_json(args, expect=0, **kw):
    r = scan(["--json"] + args, expect, **kw)
    try:
        return json.loads(r.stdout), r.stderr
    except ValueError:
        check(False, "%s: no JSON" % args)
        return {"albums": [], "measured": -1}, r.stderr


def album_dr(path):
    got = tagtest.dr_tags(path)["album dynamic range"]
    return int(got[0]) if len(got) == 1 else got


def test_whole_albums(base):
    folder = os.path.join(base, "album")
    paths = tagtest.make_album(folder, ["flac", "flac", "flac", "flac"],
                               seconds=3.0, seed=11)
    doc, _ = scan_json(["--write-tags", folder])
    whole = doc["albums"][0]["dr"]
    own = {t["file"]: t["dr"] for t in doc["albums"][0]["tracks"]}
    # one file named: the others are measured too, the value stays
    stamps = {p: os.stat(p).st_mtime_ns for p in paths}
    doc, err = scan_json(["--write-tags", paths[1]])
    check("measuring 3 more files of the album too" in err,
          "a part of an album: not said: " + err)
    check(doc["measured"] == 4, "a part of an album: %d measured" %
          doc["measured"])
    check(all(album_dr(p) == whole for p in paths),
          "a part of an album changed the album value: %s" %
          [album_dr(p) for p in paths])
    check(all(os.stat(p).st_mtime_ns == stamps[p] for p in paths),
          "a part of an album rewrote files")
    check(err.endswith("tags: 0 written, 4 unchanged, 0 failed\n"),
          "summary: " + err)
    # --partial-albums: the named file's own value, on it alone
    doc, err = scan_json(["--write-tags", "--partial-albums", paths[1]])
    check(doc["measured"] == 1 and "more file" not in err,
          "--partial-albums measured %d: %s" % (doc["measured"], err))
    check(album_dr(paths[1]) == own[paths[1]],
          "--partial-albums: %s, the file's DR%d" %
          (album_dr(paths[1]), own[paths[1]]))
    check(all(album_dr(p) == whole for p in paths if p != paths[1]),
          "--partial-albums touched the other files")
    scan(["--partial-albums", folder], expect=2)

    # disc folders: a file of CD2 brings CD1
    discs = os.path.join(base, "discs")
    one = tagtest.make_album(os.path.join(discs, "CD1"), ["flac", "flac"],
                             seed=21)
    two = tagtest.make_album(os.path.join(discs, "CD2"), ["flac"], seed=31)
    doc, _ = scan_json([discs])
    whole = doc["albums"][0]["dr"]
    check(len(doc["albums"]) == 1, "the discs are not one album")
    doc, err = scan_json(["--write-tags", two[0]])
    check("measuring 2 more files of the album too" in err and
          doc["measured"] == 3, "a disc's file: %s" % err)
    check(all(album_dr(p) == whole for p in one + two),
          "a disc's file: album values %s, DR%d" %
          ([album_dr(p) for p in one + two], whole))


SHEET = """PERFORMER "Band"
TITLE "Metal Songs"
FILE "%s" WAVE
  TRACK 01 AUDIO
    TITLE "One"
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    TITLE "Two"
    INDEX 01 00:02:00
  TRACK 03 AUDIO
    TITLE "Three"
    INDEX 01 00:04:00
"""


def test_images(base):
    lib = os.path.join(base, "images")
    ext = os.path.join(lib, "external")
    emb = os.path.join(lib, "embedded")
    os.makedirs(ext)
    os.makedirs(emb)
    wav = os.path.join(base, "image.wav")
    tagtest.make_source(wav, 6.0, 5)
    images = {}
    for folder, name in ((ext, "Metal Songs.flac"), (emb, "Embedded.flac")):
        path = os.path.join(folder, name)
        r = tagtest.run(["flac", "-s", "-f", "-o", path, wav])
        check(r.returncode == 0, "flac: " + r.stderr)
        images[folder] = path
    with open(os.path.join(ext, "Metal Songs.cue"), "w") as f:
        f.write(SHEET % "Metal Songs.flac")
    f = mutagen.File(images[emb])
    f["CUESHEET"] = SHEET % "Embedded.flac"
    f.save()
    # a WAV image too: its tags go in the ID3v2 chunk
    wimg = os.path.join(ext, "Wave Songs.wav")
    shutil.copy(wav, wimg)
    with open(os.path.join(ext, "Wave Songs.cue"), "w") as f:
        f.write((SHEET % "Wave Songs.wav").replace("Metal", "Wave"))
    images["wave"] = wimg

    for args in (["--write-tags", "--dry-run"], ["--write-tags"]):
        doc, err = scan_json(args + [lib])
        notes = [ln for ln in err.splitlines() if "CUE_TRACKnn_" in ln and
                 "note:" in ln]
        check(len(notes) == 2 and
              all("Embedded.flac" not in ln for ln in notes) and
              "not written" not in err,
              "%s: one note per image with a sheet beside it: %s" %
              (args, err))
        check(err.splitlines()[-1].endswith(
            ("(dry run): 3 would be written, 0 unchanged, 0 failed"
             if "--dry-run" in args else
             "tags: 3 written, 0 unchanged, 0 failed")),
            "%s: summary: %s" % (args, err))
    check(len(doc["albums"]) == 2, "%d albums of images" % len(doc["albums"]))
    for a, t in [(a, t) for a in doc["albums"] for t in a["tracks"]]:
        image = t["file"]
        got = tagtest.dr_tags(image)
        check(got["album dynamic range"] == [str(a["dr"])] and
              got["dynamic range"] == [],
              "%s: DR tags %s, album DR%d" % (image, got, a["dr"]))
        tags = mutagen.File(image).tags
        keys = {}
        for k in tags.keys():
            name = k[5:] if k.upper().startswith("TXXX:") else k
            keys[name.upper()] = tags[k]
        check(t["tags"]["status"] == "written", "%s: %s" %
              (t["name"], t["tags"]))
        key = "CUE_TRACK%02d_DYNAMIC RANGE" % t["track_number"]
        value = keys.get(key)
        value = list(value.text) if hasattr(value, "text") else value
        check(value == [str(t["dr"])], "%s: %s is %r, DR%d" %
              (image, key, value, t["dr"]))
    # the same values again: nothing rewritten
    stamps = {p: os.stat(p).st_mtime_ns for p in images.values()}
    r = scan(["--write-tags", lib])
    check(r.stderr.endswith("tags: 0 written, 3 unchanged, 0 failed\n") and
          all(os.stat(p).st_mtime_ns == stamps[p] for p in images.values()),
          "images again: " + r.stderr)
    # the library workflow: the second run measures nothing
    doc, err = scan_json(["--write-tags", "--skip-tagged", lib])
    check(doc["measured"] == 0 and len(doc["skipped_albums"]) == 2,
          "--skip-tagged over images measured %d: %s" %
          (doc["measured"], doc.get("skipped_albums")))
    # and removes them all
    r = scan(["--remove-tags", lib])
    check(r.stderr.endswith("tags: 3 removed, 0 had none, 0 failed\n"),
          "--remove-tags: " + r.stderr)
    for path in images.values():
        tags = mutagen.File(path).tags
        left = [k for k in (tags.keys() if tags else [])
                if "DYNAMIC RANGE" in k.upper()]
        check(left == [], "%s: --remove-tags left %s" % (path, left))


def test_read_only_mount(base):
    if os.geteuid() != 0 or not shutil.which("unshare"):
        print("SKIP (part): a read-only mount needs root and unshare")
        return
    folder = os.path.join(base, "ro-mount")
    paths = tagtest.make_album(folder, ["flac"], seed=41)
    keep = tagtest.file_bytes(paths[0])
    script = ("mount --bind \"$1\" \"$1\" && "
              "mount -o remount,bind,ro \"$1\" \"$1\" && "
              "exec \"$2\" -q --write-tags \"$1\"")
    r = subprocess.run(["unshare", "-m", "--propagation", "private", "sh",
                        "-c", script, "sh", folder, GST_DRMETER],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if "mount:" in r.stderr or "unshare:" in r.stderr:
        print("SKIP (part): no mount namespace here: " + r.stderr.strip())
        return
    check(r.returncode == 1, "read-only mount: exit %d" % r.returncode)
    check("tags not written: read-only file system" in r.stderr and
          "read-only file\n" not in r.stderr,
          "read-only mount: " + r.stderr)
    check(tagtest.file_bytes(paths[0]) == keep, "read-only mount: changed")


def test_wav_readers(base):
    folder = os.path.join(base, "wav")
    os.makedirs(folder)
    info = os.path.join(folder, "with info.wav")
    bare = os.path.join(folder, "bare.wav")
    tagtest.make_source(info, 2.0, 7)           # FFmpeg's LIST INFO chunk
    r = tagtest.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", info,
                     "-map_metadata", "-1", "-fflags", "+bitexact",
                     "-c:a", "pcm_s16le", bare])
    check(r.returncode == 0, "ffmpeg: " + r.stderr)
    doc, _ = scan_json(["--write-tags", folder])
    want = {t["file"]: (t["dr"], doc["albums"][0]["dr"])
            for t in doc["albums"][0]["tracks"]}
    for path, (dr, album) in want.items():
        data = tagtest.file_bytes(path)
        check(b"id3 " in data and b"ID3 " not in data,
              "%s: the ID3v2 chunk is not named 'id3 '" % path)
        got = tagtest.dr_tags(path)
        check(got == {"dynamic range": [str(dr)],
                      "album dynamic range": [str(album)]},
              "%s: mutagen reads %s" % (path, got))
        if shutil.which("exiftool"):
            # exiftool 12 shows "User Defined Text: (NAME) value",
            # exiftool 13 the description as the tag's name
            r = tagtest.run(["exiftool", "-a", "-ID3:all", path])
            for name, value in (("DYNAMIC RANGE", dr),
                                ("ALBUM DYNAMIC RANGE", album)):
                check(re.search(r"^(User Defined Text\s*: \(%s\)|%s\s*:) "
                                r"%d$" % (name, name.title(), value),
                                r.stdout, re.M) is not None,
                      "%s: exiftool reads %r" % (path, r.stdout))
        else:
            print("SKIP (part): exiftool is not installed")
        if shutil.which("mediainfo"):
            r = tagtest.run(["mediainfo", path])
            lines = [ln.split(":", 1) for ln in r.stdout.splitlines()
                     if ":" in ln]
            got = {k.strip(): v.strip() for k, v in lines}
            check(got.get("DYNAMIC RANGE") == str(dr) and
                  got.get("ALBUM DYNAMIC RANGE") == str(album),
                  "%s: mediainfo reads %r" % (path, r.stdout))
        else:
            print("SKIP (part): mediainfo is not installed")
    # FFmpeg shows the ID3v2 chunk's fields when no LIST INFO comes first
    r = tagtest.run(["ffprobe", "-v", "error", "-of", "json",
                     "-show_entries", "format_tags", bare])
    tags = json.loads(r.stdout).get("format", {}).get("tags", {})
    check(tags.get("DYNAMIC RANGE") == str(want[bare][0]) and
          tags.get("ALBUM DYNAMIC RANGE") == str(want[bare][1]),
          "ffprobe reads %s" % tags)


def main():
    global GST_DRMETER
    GST_DRMETER, tmp = sys.argv[1:3]
    tagtest.need("ffmpeg", "ffprobe", "flac")
    base = os.path.join(tmp, "tag-albums")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    test_whole_albums(base)
    test_images(base)
    test_read_only_mount(base)
    test_wav_readers(base)
    if failures:
        print("%d failures" % len(failures))
        sys.exit(1)
    shutil.rmtree(base, ignore_errors=True)
    print("ok")


main()
