#!/usr/bin/python3
# gst-drmeter tests: --write-tags killed while it writes.
#
# usage: test-tags-interrupt.py GST_DRMETER TMPDIR [RUNS]
#
# An album of tagged files with covers in the formats the scanner tags is
# copied afresh for each run; gst-drmeter --write-tags is started and, at a
# random moment of its writing phase (from the first temporary file it
# makes to its end, as timed by an uninterrupted run), killed with SIGINT,
# SIGTERM or SIGKILL in turn. Afterwards every file must be either byte
# for byte the original or carry both tags, one of each, with its other
# tags and decoded audio unchanged; after SIGINT and SIGTERM no temporary
# file is left; after SIGKILL a next run removes the temporary file it
# may have left and tags everything. With SIGINT and SIGHUP ignored when
# it starts (a background job of a script, nohup), both sent throughout
# its writing phase end nothing: exit 0, every file tagged. RUNS defaults
# to 6 (the default suite); `meson test --benchmark tags-interrupt-long`
# runs 300.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tagtest  # noqa: E402
from tagtest import check, failures, temporaries  # noqa: E402



def listing(folder):
    return sorted(n for n in os.listdir(folder) if not n.startswith("."))


def start(cmd, folder):
    return subprocess.Popen(cmd + [folder], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def wait_for_writing(p, folder, deadline):
    """The moment the first temporary file appears (None if the run ended
    first)."""
    while time.time() < deadline:
        if temporaries(folder):
            return time.time()
        if p.poll() is not None:
            return None
        time.sleep(0.0002)
    return None


class Reference:
    """What each file was, and the decoded audio of each content seen
    (tagged copies are decoded once per distinct content)."""

    def __init__(self, folder):
        self.bytes = {n: tagtest.file_bytes(os.path.join(folder, n))
                      for n in listing(folder)}
        self.snap = {n: tagtest.snapshot(os.path.join(folder, n))
                     for n in listing(folder)}
        self.seen = {}

    def check_file(self, folder, name, label):
        path = os.path.join(folder, name)
        data = tagtest.file_bytes(path)
        if data == self.bytes[name]:
            return "original"
        key = hashlib.sha256(data).hexdigest()
        if key not in self.seen:
            tags = tagtest.dr_tags(path)
            ok = check(len(tags["dynamic range"]) == 1 and
                       len(tags["album dynamic range"]) == 1,
                       "%s: %s: changed but tags are %s" % (label, name, tags))
            snap = tagtest.snapshot(path)
            for what in ("audio", "md5", "others"):
                ok &= check(snap[what] == self.snap[name][what],
                            "%s: %s: %s changed" % (label, name, what))
            self.seen[key] = ok
        return "tagged"


def ignore_int_hup():
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def ignored_on_entry(cmd, pristine, work, ref):
    """SIGINT and SIGHUP ignored when the command starts (a background job
    of a script, nohup): sent again and again through the writing phase,
    they end nothing; every file is tagged and the exit status is 0."""
    shutil.rmtree(work)
    shutil.copytree(pristine, work)
    p = subprocess.Popen(cmd + [work], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, preexec_fn=ignore_int_hup)
    seen = wait_for_writing(p, work, time.time() + 60) is not None
    sent = 0
    while p.poll() is None:
        p.send_signal(signal.SIGINT if sent % 2 == 0 else signal.SIGHUP)
        sent += 1
        time.sleep(0.0005)
    _, err = p.communicate()
    check(p.returncode == 0, "SIGINT and SIGHUP ignored on entry, %d sent "
          "(writing seen: %s): exit %d: %s" % (sent, seen, p.returncode,
                                               err.decode()))
    for n in listing(work):
        check(ref.check_file(work, n, "ignored on entry") == "tagged",
              "ignored on entry: %s left untagged" % n)
    check(temporaries(work) == [], "ignored on entry: %s left" %
          temporaries(work))
    print("SIGINT and SIGHUP ignored on entry: %d sent, exit %d" %
          (sent, p.returncode))


def main(argv):
    if len(argv) not in (2, 3):
        print("usage: test-tags-interrupt.py GST_DRMETER TMPDIR [RUNS]")
        return 2
    gst_drmeter, tmp = argv[0], argv[1]
    runs = int(argv[2]) if len(argv) == 3 else 6
    tagtest.need("ffmpeg")
    rng = random.Random(os.environ.get("DRMT_INTERRUPT_SEED", "10"))
    base = os.path.join(tmp, "interrupt")
    shutil.rmtree(base, ignore_errors=True)
    pristine = os.path.join(base, "pristine")
    tagtest.make_album(pristine, ["flac", "vorbis", "opus", "mp3", "aac",
                                  "wavpack", "wav", "aiff"], seconds=1.5)
    ref = Reference(pristine)
    cmd = [gst_drmeter, "-q", "--write-tags"]

    # the writing phase of an uninterrupted run
    work = os.path.join(base, "work")
    shutil.copytree(pristine, work)
    p = start(cmd, work)
    t0 = wait_for_writing(p, work, time.time() + 60)
    p.wait()
    t1 = time.time()
    if not check(t0 is not None and p.returncode == 0,
                 "uninterrupted run: exit %s, writing seen: %s" %
                 (p.returncode, t0 is not None)):
        return 1
    window = t1 - t0
    for n in listing(work):
        check(ref.check_file(work, n, "uninterrupted") == "tagged",
              "uninterrupted run left %s untagged" % n)
    print("writing phase: %.1f ms for %d files" % (window * 1e3,
                                                   len(ref.bytes)))

    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGKILL]
    counts = {"original": 0, "tagged": 0}
    missed = 0
    for i in range(runs):
        label = "run %d" % i
        sig = signals[i % 3]
        shutil.rmtree(work)
        shutil.copytree(pristine, work)
        p = start(cmd, work)
        t0 = wait_for_writing(p, work, time.time() + 60)
        if t0 is None:
            p.wait()
            missed += 1
            continue
        time.sleep(rng.uniform(0, 0.8 * window))
        if p.poll() is None:
            p.send_signal(sig)
        else:
            missed += 1
        _, err = p.communicate()
        for n in listing(work):
            counts[ref.check_file(work, n, label)] += 1
        check(listing(work) == sorted(ref.bytes), "%s: files lost" % label)
        if sig != signal.SIGKILL:
            check(temporaries(work) == [], "%s: %s left %s" %
                  (label, signal.Signals(sig).name, temporaries(work)))
        else:
            # the next run cleans up and finishes the job
            left = temporaries(work)
            r = subprocess.run(cmd + [work], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE,
                               universal_newlines=True)
            check(r.returncode == 0, "%s: the run after SIGKILL: %s" %
                  (label, r.stderr))
            check(temporaries(work) == [], "%s: temporaries not cleaned" %
                  label)
            if left:
                check("temporary file" in r.stderr, "%s: no word of the "
                      "removed temporaries: %r" % (label, r.stderr))
            for n in listing(work):
                check(ref.check_file(work, n, label + " (rerun)") ==
                      "tagged", "%s: %s untagged after the rerun" %
                      (label, n))
    ignored_on_entry(cmd, pristine, work, ref)
    print("%d runs (%d ended before the signal): files found original %d "
          "times, tagged %d times; %d distinct tagged contents checked" %
          (runs, missed, counts["original"], counts["tagged"],
           len(ref.seen)))
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
