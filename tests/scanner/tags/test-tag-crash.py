#!/usr/bin/python3
# gst-drmeter tests: a file that crashes TagLib costs only itself.
#
# usage: test-tag-crash.py GST_DRMETER PRELOAD TMPDIR
#
# PRELOAD (taglib-crash.c) makes TagLib's opening of any file named
# "*crash-taglib*" a segmentation fault. The measuring process reads the
# names, --skip-tagged and --remove-tags read in a child process: the file
# fails with one error line, every other album is measured and tagged,
# and the command itself never dies.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tagtest  # noqa: E402
from tagtest import check, failures  # noqa: E402


def scan(args):
    env = dict(os.environ, LD_PRELOAD=PRELOAD)
    return subprocess.run([GST_DRMETER, "-q"] + args, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True,
                          env=env)


def main():
    global GST_DRMETER, PRELOAD
    GST_DRMETER, PRELOAD, tmp = sys.argv[1:4]
    r = subprocess.run(["ldd", GST_DRMETER], stdout=subprocess.PIPE,
                       universal_newlines=True)
    if "libasan" in r.stdout or "libtsan" in r.stdout:
        print("SKIP: a sanitized build cannot preload another library first")
        sys.exit(tagtest.SKIP)
    tagtest.need("ffmpeg", "flac")
    base = os.path.join(tmp, "tag-crash")
    shutil.rmtree(base, ignore_errors=True)
    good = os.path.join(base, "lib", "good")
    bad = os.path.join(base, "lib", "bad")
    good_files = tagtest.make_album(good, ["flac", "flac"], seed=51)
    bad_files = tagtest.make_album(bad, ["flac"], seed=61)
    crash = os.path.join(bad, "crash-taglib.flac")
    shutil.copy(bad_files[0], crash)
    lib = os.path.join(base, "lib")

    # the library workflow, twice
    for run in (1, 2):
        r = scan(["--write-tags", "--skip-tagged", lib])
        check(r.returncode == 1, "run %d: exit %d: %s" %
              (run, r.returncode, r.stderr))
        check("crash-taglib.flac: decoder crashed (signal 11)" in r.stderr,
              "run %d: the crashing file's line: %s" % (run, r.stderr))
        check("tags: " in r.stderr.splitlines()[-1],
              "run %d: no summary line: %s" % (run, r.stderr))
        if run == 1:
            check("Analyzed:" in r.stdout and
                  os.path.basename(good_files[0])[:2] in r.stdout,
                  "the good album's log is missing")
    for p in good_files:
        got = tagtest.dr_tags(p)
        check(len(got["dynamic range"]) == 1, "%s: not tagged: %s" % (p, got))
    # --remove-tags: the crashing file gets an error line, the others lose
    # their tags
    r = scan(["--remove-tags", lib])
    check(r.returncode == 1 and "crash-taglib.flac: tags not removed: "
          "TagLib failed reading the file" in r.stderr,
          "--remove-tags: exit %d: %s" % (r.returncode, r.stderr))
    for p in good_files:
        got = tagtest.dr_tags(p)
        check(got["dynamic range"] == [], "%s: tags left: %s" % (p, got))
    if failures:
        print("%d failures" % len(failures))
        sys.exit(1)
    shutil.rmtree(base, ignore_errors=True)
    print("ok")


main()
