# Time per file of a folder scan, from an strace log of it
# (tests/robustness/hostile-corpus.sh long, docs/robustness.md).
#
#   corpus-times.py FOLDER TRACE...
#
# Each TRACE is `strace -f -q -ttt -e trace=openat,clone,clone3,execve,
# sendto,kill` of one run of gst-drmeter. The command measures each file in a
# worker process, one file after the other; a file's time is taken from
# the worker's first opening of it to the last result record the worker
# sent (sendto; DRMT_WIRE_RESULT, gst/tool/run/wire.h) before it opened its
# next file, or, when it sent none (a stalled file), to the scanner's
# kill() of the worker or the worker's end.
# Prints the number of files timed, the longest times and the sum.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import bisect
import codecs
import collections
import re
import sys

LINE = re.compile(r"^(\d+) +(\d+\.\d+) (.*)$")


WIRE_RESULT = 3            # a record: 4 bytes of length, then its type


def is_result(text):
    m = re.search(r'sendto\(\d+, "((?:[^"\\]|\\.)*)"', text)
    if not m:
        return False
    record = codecs.escape_decode(m.group(1).encode("latin-1"))[0]
    return len(record) > 4 and record[4] == WIRE_RESULT


def worker_spans(trace, folder):
    tgid = {}                       # thread -> its process
    workers = set()
    opens = collections.defaultdict(list)    # process -> [(time, file)]
    sends = collections.defaultdict(list)    # process -> [time of a result]
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
                end.setdefault(proc, ts)
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
        elif name == "kill" and value == 0:
            target = int(re.search(r"kill\((\d+)", text).group(1))
            end.setdefault(target, ts)
        elif name == "sendto" and value > 0 and is_result(text):
            sends[proc].append(ts)
        elif name == "openat" and value >= 0:
            path = re.search(r'"((?:[^"\\]|\\.)*)"', text)
            if path and path.group(1).startswith(folder):
                opens[proc].append((ts, path.group(1)))
    for proc in workers:
        sends[proc].sort()
        firsts = []
        for ts, path in opens[proc]:
            if path not in (p for _, p in firsts[-1:]):
                firsts.append((ts, path))
        for i, (ts, path) in enumerate(firsts):
            stop = firsts[i + 1][0] if i + 1 < len(firsts) else end.get(proc)
            # the last record sent before @stop, if sent after the opening
            k = bisect.bisect_left(sends[proc], stop or float("inf"))
            if k and sends[proc][k - 1] > ts:
                stop = sends[proc][k - 1]
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
