# gst-drmeter tests: what the Python scanner tests share (test-decoding.py,
# test-wav.py, test-names.py): the failure list, running the command, and
# the end of a test.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import json
import os
import shutil
import subprocess
import sys

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL: " + msg)


def run(args, ok=False, env=None, text=True):
    """Runs @args (the log date pinned); with @ok a failure is one."""
    e = dict(os.environ, SOURCE_DATE_EPOCH="0", **(env or {}))
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=text, env=e)
    if ok and r.returncode != 0:
        print(r.stderr)
        check(False, "%s exited %d" % (" ".join(args), r.returncode))
    return r


def measure(tool, path):
    """The JSON track of the single file @path, or None."""
    r = run([tool, "-q", "--json", path])
    check(r.returncode == 0, "%s: exit %d: %s" % (path, r.returncode,
                                                 r.stderr))
    albums = json.loads(r.stdout)["albums"]
    check(len(albums) == 1, path + ": no result")
    return albums[0]["tracks"][0] if albums else None


def start(name):
    """The command (argv[1]) and a fresh folder @name in argv[2]."""
    tool, tmp = sys.argv[1:3]
    base = os.path.join(tmp, name)
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    return tool, base


def need(*programs):
    for prog in programs:
        if not shutil.which(prog):
            print("SKIP: %s is not installed" % prog)
            sys.exit(77)


def finish(base):
    """Exits 1 with the failures, else removes @base and exits 0."""
    if failures:
        print("%d failures" % len(failures))
        sys.exit(1)
    shutil.rmtree(base, ignore_errors=True)
    print("ok")
