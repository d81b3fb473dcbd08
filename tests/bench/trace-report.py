#!/usr/bin/env python3
# gst-drmeter benchmark helper: where the time of one scan went, from the
# timeline the scanner and its workers write with DRMT_TRACE=FILE
# (gst/tool/output/trace.c).
#
#   trace-report.py [--json] [--cores N] TRACE
#
# Each line of TRACE: monotonic ns, pid, that process's CPU ns, an event
# and its details. From them:
#   - wall: from the scanner's start to its exit (its own main(); the
#     exec before it is a few ms);
#   - each worker process: its busy wall time (its jobs, from taking one
#     to sending its part or result, a combination, its own start-up) and
#     its CPU time;
#   - the decoding window, from the first sample any job decoded to the
#     last: the core-time idle in it, N cores x its length less the busy
#     time of the workers (scheduling: a core no job was given) and less
#     the CPU time of all processes (a core that computed nothing, which
#     on a busy machine also counts the time others took);
#   - the same per phase of the scan, in wall order: start (the scanner's
#     own start and the walk), probe (the first job until its first
#     sample: workers start, the file's plan), decode (first to last
#     sample: the parts, or the files), combine (the last sample to the
#     last result: a split file's parts combined, the last result sent)
#     and output (the last result to the exit: the log written, the
#     workers ended).
# N is -j as the scanner traced it (run-begin jobs=N) unless --cores.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import json
import sys


def load(path):
    events = []
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) < 4:
                continue
            details = dict(kv.split("=", 1) for kv in p[4:] if "=" in kv)
            events.append((int(p[0]), int(p[1]), int(p[2]), p[3], details))
    events.sort()
    return events


class Process:
    def __init__(self, pid):
        self.pid = pid
        self.stamps = []            # (t, cpu)
        self.busy = []              # [start, end] wall intervals
        self.jobs = 0               # jobs decoded
        self.last_sample = None     # when its last job decoded its last
        self.start_cpu = 0          # CPU ns until it was ready for a job

    def cpu_at(self, t):
        """CPU ns used by time t, linear between the traced stamps."""
        s = self.stamps
        if not s or t <= s[0][0]:
            return s[0][1] if s and t >= s[0][0] else 0
        for (t0, c0), (t1, c1) in zip(s, s[1:]):
            if t <= t1:
                return c0 + (c1 - c0) * (t - t0) / max(t1 - t0, 1)
        return s[-1][1]

    def cpu_in(self, a, b):
        return max(self.cpu_at(b) - self.cpu_at(a), 0)

    def busy_in(self, a, b):
        return sum(max(min(e, b) - max(s, a), 0) for s, e in self.busy)


def analyse(events, cores=None):
    procs = {}
    scanner = None
    jobs = None
    open_job = {}
    starts = {}
    first_sample = last_sample = None
    last_result = None
    for t, pid, cpu, ev, d in events:
        p = procs.setdefault(pid, Process(pid))
        p.stamps.append((t, cpu))
        if ev == "scanner-start":
            scanner = p
        elif ev == "run-begin":
            jobs = int(d.get("jobs", 1))
            p.run_begin = t
        elif ev == "scanner-exit":
            p.exit = t
        elif ev == "worker-start":
            starts[pid] = t
        elif ev == "worker-ready" and pid in starts:
            p.busy.append([starts.pop(pid), t])
            p.start_cpu = cpu
        elif ev in ("job-begin", "combine-begin"):
            open_job[pid] = t
        elif ev in ("last-sample", "combine-end") and pid in open_job:
            p.busy.append([open_job.pop(pid), t])
            if ev == "last-sample":
                last_sample = t
                p.jobs += 1
                p.last_sample = t
        elif ev == "first-sample" and first_sample is None:
            first_sample = t
        elif ev == "result-in":
            last_result = t
    if scanner is None or not hasattr(scanner, "exit"):
        raise SystemExit("no scanner-start and scanner-exit in the trace")
    n = cores or jobs or 1
    workers = [p for p in procs.values() if p is not scanner]
    t0, t_end = scanner.stamps[0][0], scanner.exit
    first_sample = first_sample or t0
    last_sample = last_sample or first_sample
    last_result = max(last_result or last_sample, last_sample)
    run_begin = getattr(scanner, "run_begin", t0)
    bounds = [("start", t0, run_begin), ("probe", run_begin, first_sample),
              ("decode", first_sample, last_sample),
              ("combine", last_sample, last_result),
              ("output", last_result, t_end)]

    def window(a, b):
        length = max(b - a, 0)
        busy = sum(w.busy_in(a, b) for w in workers)
        cpu = sum(p.cpu_in(a, b) for p in procs.values())
        return {"wall_s": length / 1e9,
                "busy_s": busy / 1e9,
                "cpu_s": cpu / 1e9,
                "idle_sched_s": max(n * length - busy, 0) / 1e9,
                "idle_cpu_s": max(n * length - cpu, 0) / 1e9}

    phases = {name: window(a, b) for name, a, b in bounds}
    decode = phases["decode"]
    total = window(t0, t_end)
    # when each worker ended its last job: how far apart the cores stop
    ends = sorted(w.last_sample for w in workers if w.jobs)
    return {
        "cores": n,
        "wall_s": (t_end - t0) / 1e9,
        "cpu_s": sum(p.stamps[-1][1] for p in procs.values()) / 1e9,
        "scanner_cpu_s": scanner.stamps[-1][1] / 1e9,
        "workers": [{"pid": w.pid, "busy_s": w.busy_in(t0, t_end) / 1e9,
                     "cpu_s": w.stamps[-1][1] / 1e9,
                     "start_cpu_s": w.start_cpu / 1e9,
                     "jobs": w.jobs} for w in
                    sorted(workers, key=lambda w: w.stamps[0][0])],
        "decode_idle_sched": decode["idle_sched_s"] /
        max(n * decode["wall_s"], 1e-9),
        "decode_idle_cpu": decode["idle_cpu_s"] /
        max(n * decode["wall_s"], 1e-9),
        "run_idle_sched": total["idle_sched_s"] / max(n * total["wall_s"],
                                                      1e-9),
        "run_idle_cpu": total["idle_cpu_s"] / max(n * total["wall_s"], 1e-9),
        "end_spread_s": (ends[-1] - ends[0]) / 1e9 if len(ends) > 1 else 0,
        "phases": phases,
    }


def show(r):
    print("wall %.3f s on %d cores; CPU %.3f s (scanner %.3f s)" %
          (r["wall_s"], r["cores"], r["cpu_s"], r["scanner_cpu_s"]))
    for w in r["workers"]:
        print("  worker %d: %d jobs, busy %.3f s, CPU %.3f s (%.3f s to "
              "start)" % (w["pid"], w["jobs"], w["busy_s"], w["cpu_s"],
                          w["start_cpu_s"]))
    print("idle core-time while decoding: %.1f %% (scheduling), %.1f %% "
          "(CPU); whole run: %.1f %%, %.1f %%; last jobs end %.3f s apart" %
          (100 * r["decode_idle_sched"], 100 * r["decode_idle_cpu"],
           100 * r["run_idle_sched"], 100 * r["run_idle_cpu"],
           r["end_spread_s"]))
    print("%-8s %8s %8s %8s %10s %10s" % ("phase", "wall s", "busy s",
                                          "CPU s", "idle sched",
                                          "idle CPU"))
    for name, p in r["phases"].items():
        print("%-8s %8.3f %8.3f %8.3f %10.3f %10.3f" %
              (name, p["wall_s"], p["busy_s"], p["cpu_s"], p["idle_sched_s"],
               p["idle_cpu_s"]))


def main():
    args = sys.argv[1:]
    as_json = "--json" in args
    cores = None
    if "--cores" in args:
        i = args.index("--cores")
        cores = int(args[i + 1])
        del args[i:i + 2]
    args = [a for a in args if a != "--json"]
    if len(args) != 1:
        raise SystemExit("usage: trace-report.py [--json] [--cores N] TRACE")
    r = analyse(load(args[0]), cores)
    if as_json:
        print(json.dumps(r))
    else:
        show(r)


main()
