#!/usr/bin/python3
# gst-drmeter benchmarks (on demand): the peak resident memory of a command
# and of every process it starts, one figure per process.
#
#   tests/bench/peak-rss.py [--interval MS] -- COMMAND [ARG ...]
#
# Why not /usr/bin/time -v: its "Maximum resident set size" is the
# kernel's ru_maxrss of the waited-for child, which is the larger of the
# command's own peak and the peak of its largest descendant. The scanner
# measures in worker processes, so that one figure cannot tell the parent
# from a worker, nor show the second worker at all.
#
# How: every INTERVAL ms (10) the command's process tree is walked through
# /proc (parent pids from /proc/PID/stat) and each process's VmHWM is read
# from /proc/PID/status. VmHWM is the kernel's own high-water mark of the
# resident set, so a sample misses nothing that happened before it: a
# process's figure can only miss growth in its last interval before it
# exits. As a check, the script prints the kernel's ru_maxrss for the
# whole command (wait4) beside the largest sampled peak; equal figures
# say the sampling missed nothing that mattered.
#
# Output, one line per process: ROLE PID PEAK_KIB FIRST_S LAST_S CPU_S
# CMDLINE (FIRST_S, LAST_S: seconds from the start to the first and the
# last sample that saw it; CPU_S: its user + system time at the last),
# then "max-sampled KIB", "ru_maxrss KIB" and
# "most-at-once N", the most processes of the tree (the command itself
# not counted) seen alive in one sample. The command's own output is
# discarded.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import subprocess
import sys
import time


TICK = os.sysconf('SC_CLK_TCK')


def stat_of(pid):
    """(parent pid, CPU seconds so far) of pid, or None."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            stat = f.read()
    except OSError:
        return None
    # the command name is in parentheses and may hold spaces
    fields = stat[stat.rindex(')') + 2:].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def hwm_kib(pid):
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def cmdline(pid):
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            return f.read().replace(b'\0', b' ').decode(errors='replace')
    except OSError:
        return ''


def tree(root):
    """(pid, CPU seconds) of root and of all its descendants alive now."""
    children, cpu = {}, {}
    for name in os.listdir('/proc'):
        if name.isdigit():
            st = stat_of(int(name))
            if st is not None:
                children.setdefault(st[0], []).append(int(name))
                cpu[int(name)] = st[1]
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append((pid, cpu.get(pid, 0.0)))
        todo.extend(children.get(pid, []))
    return found


def main(argv):
    interval = 0.010
    if argv[:1] == ['--interval']:
        interval = float(argv[1]) / 1000
        argv = argv[2:]
    if argv[:1] == ['--']:
        argv = argv[1:]
    if not argv:
        sys.exit(__doc__ or 'usage: peak-rss.py [--interval MS] -- COMMAND')

    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    peaks, names, seen, cpus = {}, {}, {}, {}
    most = 0
    start = time.monotonic()
    while True:
        # wait for nothing: reaping the command ends its /proc entry
        pid, status, rusage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        alive = 0
        for p, cpu in tree(child.pid):
            kib = hwm_kib(p)
            if kib is None:
                continue
            now = time.monotonic() - start
            if p not in names:
                names[p] = cmdline(p)
                seen[p] = [now, now]
            seen[p][1] = now
            cpus[p] = cpu
            peaks[p] = max(peaks.get(p, 0), kib)
            alive += p != child.pid
        most = max(most, alive)
        time.sleep(interval)

    for p in sorted(peaks):
        role = 'parent' if p == child.pid else 'child'
        print('%s %d %d %.2f %.2f %.2f %s' % (role, p, peaks[p], seen[p][0],
                                              seen[p][1], cpus[p], names[p]))
    print('max-sampled %d' % max(peaks.values(), default=0))
    print('ru_maxrss %d' % rusage.ru_maxrss)
    print('most-at-once %d' % most)
    code = os.waitstatus_to_exitcode(status)
    if code:
        print('exit %d' % code)
    sys.exit(1 if code else 0)


if __name__ == '__main__':
    main(sys.argv[1:])
