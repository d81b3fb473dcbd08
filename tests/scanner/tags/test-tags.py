#!/usr/bin/python3
# gst-drmeter tests: --write-tags, --dry-run, --skip-tagged, --remove-tags.
#
# usage: test-tags.py GST_DRMETER CHECK_JSON EXAMPLE_ALBUM TMPDIR
#
# On a copy of the bundled album and on generated, tagged files with cover
# art in every format the scanner tags (FLAC, Ogg Vorbis, Opus, MP3, M4A
# with AAC and ALAC, WavPack, WAV, AIFF): after --write-tags, mutagen finds
# exactly one DYNAMIC RANGE and one ALBUM DYNAMIC RANGE holding the values
# of the log; every other tag and picture, the decoded audio (ffmpeg) and
# FLAC's STREAMINFO MD5 are unchanged. Then: a run that finds the same
# values changes nothing; --skip-tagged measures nothing; duplicates and
# lower-case names are replaced; --album-length-weighting changes the album
# value as the log does; --dry-run and --remove-tags; and the files that
# must be refused (read-only, unsupported, vanished or changed since they
# were measured, in an album with a damaged file, a full disk) each get
# one error line, exit status 1 and are left byte for byte as they were.
# docs/examples/play-dr.py --tags prints the tags --write-tags wrote.
# Every JSON document is checked against the schema (CHECK_JSON).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import fcntl
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tagtest  # noqa: E402
from tagtest import MARK, check, failures, temporaries  # noqa: E402



def own_lines(text):
    """The command's own lines on stderr (not GLib's warnings of a
    decoder, nor a measured file's warning, such as an MP3 decoded to
    integers where no float decoder is installed)."""
    def measured_warning(ln):
        return ": warning: " in ln and \
            ": warning: tags not written" not in ln and \
            "temporary file" not in ln
    return "".join(ln + "\n" for ln in text.splitlines()
                   if ln.startswith("gst-drmeter: ") and
                   not measured_warning(ln))


def scan(args, expect=0, **kw):
    r = subprocess.run([GST_DRMETER, "-q"] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True, **kw)
    r.stderr = own_lines(r.stderr)
    check(r.returncode == expect, "%s exited %d, not %d: %s" %
          (args, r.returncode, expect, r.stderr))
    return r


def scan_json(args, expect=0, **kw):
    r = scan(["--json"] + args, expect, **kw)
    # the documented schema (docs/json-schema.md)
    v = subprocess.run([sys.executable, CHECK_JSON, "/dev/stdin"],
                       input=r.stdout, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, universal_newlines=True)
    check(v.returncode == 0, "%s: %s" % (args, v.stderr))
    try:
        return json.loads(r.stdout), r.stderr
    except ValueError:
        check(False, "%s: no JSON: %r" % (args, r.stdout[:200]))
        return {"albums": [], "errors": []}, r.stderr


def tracks(doc):
    return [(a, t) for a in doc["albums"] for t in a["tracks"]]


def files_of(folder):
    return sorted(os.path.join(folder, n) for n in os.listdir(folder)
                  if not n.startswith("."))


def test_write(lib, albums):
    paths = [p for a in albums for p in files_of(a)]
    before = {p: tagtest.snapshot(p) for p in paths}
    doc, err = scan_json(["--write-tags"] + albums)
    # one summary line, nothing else
    check(err == "gst-drmeter: tags: %d written, 0 unchanged, 0 failed\n" %
          len(paths), "--write-tags printed on stderr: " + err)
    seen = set()
    for album, t in tracks(doc):
        path = t["file"]
        seen.add(path)
        tags = t.get("tags", {})
        check(tags.get("status") == "written" and tags.get("reason") is None,
              "%s: tags %s" % (path, tags))
        check(tags.get("dynamic_range") == t["dr"] and
              tags.get("album_dynamic_range") == album["dr"],
              "%s: JSON tag values %s, log DR%d / DR%d" %
              (path, tags, t["dr"], album["dr"]))
        got = tagtest.dr_tags(path)
        check(got == {"dynamic range": [str(t["dr"])],
                      "album dynamic range": [str(album["dr"])]},
              "%s: mutagen reads %s, the log says DR%d, album DR%d" %
              (path, got, t["dr"], album["dr"]))
        after = tagtest.snapshot(path)
        for what in ("audio", "md5", "others"):
            check(after[what] == before[path][what], "%s: %s changed: %r -> %r"
                  % (path, what, before[path][what], after[what]))
    check(seen == set(paths), "files not in the JSON: %s" %
          sorted(set(paths) - seen))
    for a in albums:
        check(temporaries(a) == [], "%s: temporary files left: %s" %
              (a, temporaries(a)))

    # the same values again: nothing is rewritten
    stamps = {p: (os.stat(p).st_mtime_ns, tagtest.file_bytes(p))
              for p in paths}
    doc, err = scan_json(["--write-tags"] + albums)
    check(all(t["tags"]["status"] == "unchanged" for _, t in tracks(doc)),
          "second --write-tags: not all unchanged")
    check(err == "gst-drmeter: tags: 0 written, %d unchanged, 0 failed\n" %
          len(paths), "second --write-tags: " + err)
    check(all((os.stat(p).st_mtime_ns, tagtest.file_bytes(p)) == stamps[p]
              for p in paths), "second --write-tags changed a file")

    # --skip-tagged: every album tagged, nothing measured
    doc, err = scan_json(["--write-tags", "--skip-tagged"] + albums)
    check(doc.get("measured") == 0 and doc["albums"] == [],
          "--skip-tagged measured %s" % doc.get("measured"))
    check(sorted(doc.get("skipped_albums", [])) == sorted(albums),
          "--skip-tagged skipped %s" % doc.get("skipped_albums"))
    r = scan(["--skip-tagged"] + albums)
    check(r.stdout == "", "--skip-tagged printed a log")


def test_duplicates(lib, src):
    folder = os.path.join(lib, "dupes")
    shutil.copytree(src, folder)
    paths = files_of(folder)
    import mutagen
    from mutagen.id3 import TXXX
    for p in paths:
        f = mutagen.File(p)
        kind = type(f).__name__
        if kind in ("MP3", "WAVE", "AIFF"):
            f.tags.add(TXXX(encoding=3, desc="dynamic range", text="3"))
            f.tags.add(TXXX(encoding=3, desc="DYNAMIC RANGE", text="4"))
            f.tags.add(TXXX(encoding=3, desc="Album Dynamic Range", text="5"))
        elif kind == "MP4":
            f["----:com.apple.iTunes:dynamic range"] = [b"3"]
            f["----:com.apple.iTunes:ALBUM DYNAMIC RANGE"] = [b"5", b"6"]
        elif kind == "WavPack":
            f["Dynamic Range"] = "3"
        else:
            f["dynamic range"] = ["3", "4"]
            f["ALBUM DYNAMIC RANGE"] = ["5"]
        f.save()
    doc, _ = scan_json(["--write-tags", folder])
    for album, t in tracks(doc):
        got = tagtest.dr_tags(t["file"])
        check(got == {"dynamic range": [str(t["dr"])],
                      "album dynamic range": [str(album["dr"])]},
              "%s: after replacing old DR tags mutagen reads %s" %
              (t["file"], got))


def test_weighting(lib, example):
    """The example album and a long track of low DR: weighted by length,
    the album value follows the long track."""
    folder = os.path.join(lib, "weighted")
    shutil.copytree(example, folder)
    r = tagtest.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi",
                     "-i", "sine=f=1000:d=60", "-ac", "2", "-c:a", "flac",
                     os.path.join(folder, "04 - Long Sine.flac")])
    check(r.returncode == 0, "no long sine: " + r.stderr)
    plain, _ = scan_json([folder])
    doc, _ = scan_json(["--write-tags", "--album-length-weighting", folder])
    album = doc["albums"][0]
    check(album["dr"] != plain["albums"][0]["dr"],
          "test material: weighting does not change the album value")
    for t in album["tracks"]:
        check(tagtest.dr_tags(t["file"])["album dynamic range"] ==
              [str(album["dr"])], "%s: album tag is not the weighted DR%d" %
              (t["file"], album["dr"]))


def test_dry_run_and_remove(lib, src):
    folder = os.path.join(lib, "dry")
    shutil.copytree(src, folder)
    paths = files_of(folder)
    before = {p: tagtest.file_bytes(p) for p in paths}
    doc, err = scan_json(["--write-tags", "--dry-run", folder])
    check(all(t["tags"]["status"] == "would-write" for _, t in tracks(doc)),
          "--dry-run: statuses")
    check(err.count("would write DYNAMIC RANGE=") == len(paths),
          "--dry-run does not say what it would write: " + err)
    check(err.endswith("gst-drmeter: tags (dry run): %d would be written, "
                       "0 unchanged, 0 failed\n" % len(paths)),
          "--dry-run summary: " + err)
    check(all(tagtest.file_bytes(p) == before[p] for p in paths),
          "--dry-run changed a file")

    snap = {p: tagtest.snapshot(p) for p in paths}
    scan(["--write-tags", folder])
    r = scan(["--remove-tags", "--dry-run", folder])
    check(r.stderr.count("would remove") == len(paths),
          "--remove-tags --dry-run: " + r.stderr)
    r = scan(["--remove-tags", folder])
    check(r.stderr == "gst-drmeter: tags: %d removed, 0 had none, 0 failed\n"
          % len(paths), "--remove-tags summary: " + r.stderr)
    for p in paths:
        check(tagtest.dr_tags(p) == {"dynamic range": [],
                                     "album dynamic range": []},
              "%s: --remove-tags left %s" % (p, tagtest.dr_tags(p)))
        check(tagtest.snapshot(p) == snap[p],
              "%s: --remove-tags changed something else" % p)
    # nothing to remove: the files are not touched
    stamps = {p: os.stat(p).st_mtime_ns for p in paths}
    r = scan(["--remove-tags", folder])
    check(all(os.stat(p).st_mtime_ns == stamps[p] for p in paths),
          "--remove-tags rewrote files without DR tags")
    check(r.stderr == "gst-drmeter: tags: 0 removed, %d had none, 0 failed\n"
          % len(paths), "--remove-tags with nothing to remove: " + r.stderr)
    scan(["--remove-tags", "--json", folder], expect=2)
    scan(["--dry-run", folder], expect=2)
    scan(["--write-tags", "--remove-tags", folder], expect=2)


def error_lines(err, what):
    return [ln for ln in err.splitlines() if what in ln]


def test_refused(lib, src, example):
    # read-only (also as root: the write bits count), unsupported
    folder = os.path.join(lib, "refused")
    shutil.copytree(src, folder)
    paths = files_of(folder)
    ro = paths[0]
    os.chmod(ro, 0o444)
    mka = os.path.join(folder, "99 other.mka")
    r = tagtest.run(["ffmpeg", "-nostdin", "-v", "error", "-i", paths[1],
                     "-map", "0:a", "-c:a", "flac", mka])
    check(r.returncode == 0, "ffmpeg made no Matroska file: " + r.stderr)
    # a second name of a file elsewhere: replacing the file would part them
    linked = paths[2]
    os.link(linked, os.path.join(lib, "hard link.flac"))
    keep = {p: tagtest.file_bytes(p) for p in (ro, mka, linked)}
    doc, err = scan_json(["--write-tags", folder], expect=1)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    check(len(lines) == 4, "three refused files, stderr: %r" % err)
    check(lines[-1] == "gst-drmeter: tags: %d written, 0 unchanged, 3 failed"
          % (len(paths) - 2), "refused: summary: %r" % lines[-1])
    check(len(error_lines(err, os.path.basename(linked) + ": tags not "
                          "written: the file has several hard links")) == 1,
          "hard link: " + err)
    check(len(error_lines(err, os.path.basename(ro) + ": tags not written: "
                          "read-only file")) == 1, "read-only: " + err)
    check(len(error_lines(err, "other.mka: tags not written: not a format"))
          == 1, "unsupported: " + err)
    check(all(tagtest.file_bytes(p) == keep[p] for p in keep),
          "a refused file changed")
    check(os.stat(ro).st_mode & 0o777 == 0o444, "read-only mode changed")
    status = {t["file"]: t["tags"] for _, t in tracks(doc)}
    check(status[ro]["status"] == "failed" and
          status[ro]["reason"] == "read-only file", "JSON: %s" % status[ro])
    written = [p for p in paths if p not in (ro, linked)]
    check(all(status[p]["status"] == "written" for p in written),
          "the other files were not written")
    check(any(e["file"] == mka and e["reason"].startswith("tags not written")
              for e in doc["errors"]), "JSON errors: %s" % doc["errors"])
    os.chmod(ro, 0o644)

    # the album with a file that cannot be measured: nothing written
    bad = os.path.join(lib, "damaged")
    shutil.copytree(example, bad)
    with open(os.path.join(bad, "04 - Broken.flac"), "wb") as f:
        f.write(b"fLaC" + os.urandom(3000))
    keep = {p: tagtest.file_bytes(p) for p in files_of(bad)}
    doc, err = scan_json(["--write-tags", bad], expect=1)
    check(all(tagtest.file_bytes(p) == keep[p] for p in keep),
          "an album with a damaged file was tagged")
    check(len(error_lines(err, "tags not written: 1 of 4 files could not be "
                          "measured")) == 1, "damaged album: " + err)
    check(all(t["tags"]["status"] == "album-incomplete"
              for _, t in tracks(doc)), "damaged album: JSON statuses")

    # a full disk (a file size limit stands in for it): the copy fails
    full = os.path.join(lib, "full")
    shutil.copytree(example, full)
    keep = {p: tagtest.file_bytes(p) for p in files_of(full)}

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100000, 100000))
    _, err = scan_json(["--write-tags", "-j", "1", full], expect=1,
                       preexec_fn=limit)
    check(all(tagtest.file_bytes(p) == keep[p] for p in keep),
          "a failed copy changed a file")
    check(len(error_lines(err, "could not copy the file: File too large"))
          == 3, "full disk: " + err)
    check(temporaries(full) == [], "full disk: temporaries left")


def children(pid):
    out = []
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, tid)) as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out + [g for c in out for g in children(c)]


def test_changed_while_measuring(lib, example):
    """Files that vanish or change after they were measured, before the
    album is tagged: the album's long last file gives the time."""
    folder = os.path.join(lib, "changing")
    shutil.copytree(example, folder)
    names = files_of(folder)
    long = os.path.join(folder, "99 long.wav")
    r = tagtest.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                     "sine=f=300:d=1800:sample_rate=8000", "-ar", "8000", "-ac", "1",
                     "-c:a", "pcm_s16le", long])
    check(r.returncode == 0, "no long WAV: " + r.stderr)
    p = subprocess.Popen([GST_DRMETER, "-q", "-j", "1", "--write-tags",
                          folder], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, universal_newlines=True)
    target = os.path.realpath(long)
    deadline = time.time() + 60
    opened = False
    while not opened and time.time() < deadline and p.poll() is None:
        # the command or a process it started has the long file open
        for pid in [p.pid] + children(p.pid):
            try:
                fds = os.listdir("/proc/%d/fd" % pid)
                opened = any(os.readlink("/proc/%d/fd/%s" % (pid, fd)) ==
                             target for fd in fds)
            except OSError:
                continue
            if opened:
                break
        time.sleep(0.001)
    if not opened or temporaries(folder) or tagtest.dr_tags(names[0]) != {
            "dynamic range": [], "album dynamic range": []}:
        p.communicate()
        print("SKIP part: the long file was not seen before the tags were "
              "written")
        return
    os.unlink(names[0])                         # vanished
    with open(names[1], "ab") as f:             # changed
        f.write(b"\0")
    changed = tagtest.file_bytes(names[1])
    out, err = p.communicate()
    err = own_lines(err)
    check(p.returncode == 1, "vanished/changed: exit %d" % p.returncode)
    check(len(error_lines(err, os.path.basename(names[0]) +
                          ": tags not written: No such file")) == 1,
          "vanished: " + err)
    check(len(error_lines(err, os.path.basename(names[1]) +
                          ": tags not written: the file changed since it "
                          "was measured")) == 1, "changed: " + err)
    check(tagtest.file_bytes(names[1]) == changed, "a changed file was written")
    check(tagtest.dr_tags(names[2])["dynamic range"] != [],
          "the unchanged file was not tagged")


def test_strays_and_links(lib, example):
    folder = os.path.join(lib, "strays")
    shutil.copytree(example, folder)
    stale = os.path.join(folder, ".01 - Ticks.flac" + MARK + "AbC123")
    busy = os.path.join(folder, ".02 - Triangle.flac" + MARK + "XyZ789")
    for p in (stale, busy):
        with open(p, "wb") as f:
            f.write(b"half a file")
    held = open(busy, "rb")
    fcntl.flock(held, fcntl.LOCK_EX)
    # a link to a file elsewhere: the target is tagged, the link stays
    other = os.path.join(lib, "elsewhere")
    os.makedirs(other)
    target = os.path.join(other, "target.flac")
    shutil.copy(files_of(example)[0], target)
    os.symlink(target, os.path.join(folder, "05 - Link.flac"))
    _, err = scan_json(["--write-tags", folder])
    check(not os.path.exists(stale), "a stale temporary file was left")
    check(os.path.exists(busy), "a temporary file in use was removed")
    check("removed 1 temporary file left by an interrupted" in err,
          "no word of the removed temporary: " + err)
    held.close()
    os.unlink(busy)
    check(os.path.islink(os.path.join(folder, "05 - Link.flac")),
          "the link was replaced by a file")
    check(tagtest.dr_tags(target)["dynamic range"] != [],
          "the link's target was not tagged")


def test_play_dr(lib, example):
    """docs/examples/play-dr.py --tags: an application's tags from the
    element's messages are the ones --write-tags writes."""
    script = os.path.join(os.path.dirname(os.path.abspath(example)),
                          "play-dr.py")
    if subprocess.run([sys.executable, "-c", "import gi"]).returncode != 0:
        print("SKIP part: no PyGObject for play-dr.py")
        return
    folder = os.path.join(lib, "example")          # tagged by test_write
    paths = files_of(folder)
    r = tagtest.run([sys.executable, script, "--tags"] + paths)
    if r.returncode != 0 and "ASan runtime" in r.stderr:
        print("SKIP part: Python cannot load the sanitized plugin")
        return
    check(r.returncode == 0, "play-dr.py --tags: " + r.stderr)
    for p in paths:
        t = tagtest.dr_tags(p)
        line = "%s: DYNAMIC RANGE=%s, ALBUM DYNAMIC RANGE=%s" % (
            p, t["dynamic range"][0], t["album dynamic range"][0])
        check(line in r.stdout.splitlines(), "play-dr.py --tags does not "
              "print %r:\n%s" % (line, r.stdout))


def main(argv):
    global GST_DRMETER, CHECK_JSON
    if len(argv) != 4:
        print("usage: test-tags.py GST_DRMETER CHECK_JSON EXAMPLE_ALBUM "
              "TMPDIR")
        return 2
    GST_DRMETER, CHECK_JSON, example, tmp = argv
    tagtest.need("ffmpeg")
    lib = os.path.join(tmp, "tags-lib")
    shutil.rmtree(lib, ignore_errors=True)
    os.makedirs(lib)
    ex = os.path.join(lib, "example")
    shutil.copytree(example, ex)
    gen = os.path.join(lib, "generated")
    made = tagtest.make_album(gen, ["flac", "vorbis", "opus", "mp3", "aac",
                                    "alac", "wavpack", "wav", "aiff"],
                              seconds=2.0)
    print("formats: " + ", ".join(os.path.basename(p) for p in made))
    # pristine copies of the generated album for the other tests
    src = os.path.join(tmp, "tags-src")
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(gen, src)

    for test, args in ((test_write, (lib, [ex, gen])),
                       (test_duplicates, (lib, src)),
                       (test_weighting, (lib, example)),
                       (test_dry_run_and_remove, (lib, src)),
                       (test_refused, (lib, src, example)),
                       (test_changed_while_measuring, (lib, example)),
                       (test_strays_and_links, (lib, example)),
                       (test_play_dr, (lib, example))):
        start = time.time()
        test(*args)
        print("%s: %.1f s" % (test.__name__, time.time() - start))

    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    shutil.rmtree(lib, ignore_errors=True)
    shutil.rmtree(src, ignore_errors=True)
    print("all tag checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
