# Time per file of a folder scan, from an strace log of it
# (tests/robustness/hostile-corpus.sh long, docs/robustness.md).
#
#   corpus-times.py FOLDER TRACE...
#
# Each TRACE is `strace -f -q -ttt -e trace=openat,clone,clone3,execve` of
# one run of gst-drmeter. The command measures each file in a worker
# process, one file after the other; a file's time is taken from the
# worker's first opening of it to the worker's first opening of its next
# file, or to the worker's end (its last file: an upper bound, the worker
# waits for the scan's end; a stalled file: the worker is killed then).
# Prints the number of files timed, the longest times and the sum.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import collections
import re
import sys

LINE = re.compile(r"^(\d+) +(\d+\.\d+) (.*)$")


def worker_spans(trace, folder):
    tgid = {}                       # thread -> its process
    workers = set()
    opens = collections.defaultdict(list)    # process -> [(time, file)]
    end = {}
    pending = {}                    # thread -> start of an unfinished call
    for raw in open(trace, errors="replace"):
        m = LINE.match(raw)
        if not m:
            continue
        tid, ts, text = int(m.group(1)), float(m.group(2)), m.group(3)
        if text.endswith("<unfinished ...>"):
            pending[tid] = text
            continue
        if text.startswith("<..."):
            text = pending.pop(tid, "") + text
        proc = tgid.setdefault(tid, tid)
        if text.startswith("+++"):
            if proc == tid:
                end[proc] = ts
            continue
        call = re.match(r"(?:.*?)?(\w+)\(", text)
        ret = re.search(r"= (-?\d+)", text)
        if not call or not ret:
            continue
        name, value = call.group(1), int(ret.group(1))
        if name in ("clone", "clone3") and value > 0:
            tgid[value] = proc if "CLONE_THREAD" in text else value
        elif name == "execve" and value == 0 and '"--worker"' in text:
            workers.add(proc)
        elif name == "openat" and value >= 0:
            path = re.search(r'"((?:[^"\\]|\\.)*)"', text)
            if path and path.group(1).startswith(folder):
                opens[proc].append((ts, path.group(1)))
    for proc in workers:
        firsts = []
        for ts, path in opens[proc]:
            if path not in (p for _, p in firsts[-1:]):
                firsts.append((ts, path))
        for i, (ts, path) in enumerate(firsts):
            stop = firsts[i + 1][0] if i + 1 < len(firsts) else end.get(proc)
            if stop is not None:
                yield path, stop - ts


def main():
    folder, traces = sys.argv[1], sys.argv[2:]
    times = {}
    for trace in traces:
        for path, secs in worker_spans(trace, folder):
            times[path] = times.get(path, 0) + secs
    if not times:
        print("per-file times: none found in the traces")
        return
    slow = sorted(times.items(), key=lambda kv: -kv[1])
    print("per-file times: %d files, sum %.1f s, median %.3f s" %
          (len(times), sum(times.values()), slow[len(slow) // 2][1]))
    for path, secs in slow[:8]:
        print("  %7.3f s  %s" % (secs, path[len(folder):].lstrip("/")))


if __name__ == "__main__":
    main()
