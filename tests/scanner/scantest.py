# gst-drmeter tests: what the Python scanner tests share: the failure list,
# running the command and its helper programs, skipping without them, and
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


def sh(*args):
    """Runs a helper program (an encoder, a tagger): it must succeed."""
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


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


def same_samples(name, a, b, keys=("frames", "dr_value", "peak_token",
                                    "rms_token")):
    """Checks that JSON tracks @a and @b (the same samples read two ways)
    agree in @keys and in every channel's values."""
    if a is None or b is None:
        check(False, name + ": not measured")
        return False
    for k in keys:
        check(a[k] == b[k], "%s: %s %r, the same samples as F64 %r" %
              (name, k, a[k], b[k]))
    for x, y in zip(a["channels"], b["channels"]):
        for k in ("dr", "peak_dbfs", "rms_dbfs"):
            check(x[k] == y[k], "%s %s: %s %r against %r" %
                  (name, x["label"], k, x[k], y[k]))
    return True


def check_cuts(tool, data, cuts, ext, lengths, header, truncated):
    """Writes the first n bytes of @data for each n of @lengths into the
    folder @cuts (cutNNNN.@ext) and scans it: exit 1, nothing measured, one
    error line a file, "damaged" or "truncated" for every cut of @header
    bytes or more (what the chunks say, not a decoder's guess), and a line
    that contains @truncated."""
    os.makedirs(cuts)
    for n in lengths:
        with open(os.path.join(cuts, "cut%04d.%s" % (n, ext)), "wb") as f:
            f.write(data[:n])
    r = run([tool, "-q", "-j2", cuts])
    check(r.returncode == 1, "cut files: exit %d" % r.returncode)
    check(r.stdout == "", "cut files measured: " + r.stdout[:300])
    lines = r.stderr.splitlines()
    check(len(lines) == len(lengths), "cut files: %d error lines for %d "
          "files" % (len(lines), len(lengths)))
    for line in lines:
        n = int(line.split("/cut")[-1][:4])
        if n >= header:
            check("damaged file" in line or "truncated file" in line,
                  "cut at %d: %s" % (n, line))
    check(any(truncated in x for x in lines),
          "cut inside the samples: %s" % lines[-1:])


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
