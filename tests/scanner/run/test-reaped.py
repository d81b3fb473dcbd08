#!/usr/bin/env python3
# gst-drmeter tests: the scanner waits for every worker process it started
# before it exits, those it let go early included (an idle one no job
# needs any more, one killed with a part that is no longer wanted). None
# outlives the scan, and their CPU time counts as the scan's (time(1),
# getrusage). The test makes itself the scan's subreaper: a process the
# scanner leaves behind, running or not yet waited for, comes to it.
#
# usage: test-reaped.py GST_DRMETER TMPDIR
#
# Exits 77 (skip) without sox or flac.
import ctypes
import os
import time

from scantest import check, finish, need, run, sh, start

PR_SET_CHILD_SUBREAPER = 36


def left_behind():
    """The pids of processes that came to this one after a scan ended
    (a worker it did not reap is reparented here; one still running is
    killed by its parent-death signal and comes soon after)."""
    pids = []
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            pids.append(pid)
        else:
            time.sleep(0.01)
    return pids


def scan(tool, name, args, env=None):
    r = run([tool, "-q"] + args, env=env)
    check(r.returncode == 0, "%s: exit %d: %s" % (name, r.returncode,
                                                 r.stderr))
    pids = left_behind()
    check(not pids, "%s: %d worker process(es) left unreaped: %s" %
          (name, len(pids), pids))
    print("%s: %s" % (name, "every worker reaped" if not pids else
                      "%d left" % len(pids)))


def main():
    need("sox", "flac")
    tool, base = start("reaped-test")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("SKIP: cannot become a subreaper (errno %d)" % ctypes.get_errno())
        raise SystemExit(77)

    short = os.path.join(base, "short")
    os.makedirs(short)
    wav = os.path.join(base, "t.wav")
    for i in range(1, 7):
        sh("sox", "-n", "-r", "44100", "-b", "16", "-c", "2", wav,
           "synth", "2", "pinknoise", "vol", "0.%d" % i)
        sh("flac", "-s", "-f", "-o", os.path.join(short, "%d.flac" % i), wav)
    long_wav = os.path.join(base, "long.wav")
    sh("sox", "-n", "-r", "8000", "-b", "16", "-c", "2", long_wav,
       "synth", "131", "pinknoise", "vol", "0.3")

    # idle workers let go as the queue runs dry
    scan(tool, "6 short files, -j 2", ["-j", "2", short])
    scan(tool, "6 short files, -j 4", ["-j", "4", short])
    # a file in parts: the workers of parts that ended are let go
    scan(tool, "one file in 15 parts, -j 2", ["-j", "2", long_wav],
         env={"DRMT_SPLIT_PART_SECONDS": "9"})
    # the parts disagree at the first cut: those running are killed and
    # the file is measured again in one pass
    scan(tool, "parts given up, -j 3", ["-j", "3", long_wav],
         env={"DRMT_SPLIT_PART_SECONDS": "9", "DRMT_SPLIT_DEBUG": "disagree"})
    finish(base)


main()
