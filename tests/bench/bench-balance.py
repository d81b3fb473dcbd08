#!/usr/bin/env python3
# gst-drmeter benchmark (on demand): how busy -j keeps the cores, the
# figures of docs/benchmarks.md ("Every core busy to the end").
#
#   tests/bench/bench-balance.py [build-dir] [work-dir]
#
# Long files (a 30-minute 24/48 FLAC, a 60-minute 16/44.1 FLAC, a 30-minute
# 16/44.1 WAV) and a library of 30 FLAC files of 2 to 50 minutes, made by
# make-material.sh (SETS="long lib") when missing. RUNS rounds (3), each
# running every command once in turn, -j 1 and -j 2 alternately, so that
# a change of the machine's load hits them alike; medians. Every scan
# writes its timeline (DRMT_TRACE, read by trace-report.py): besides the
# wall and CPU seconds of the whole command (/usr/bin/time), the idle
# core-time between the first and the last sample decoded, the phases
# (start, probe, decode, combine, output), the parts and how far apart the
# workers ended. The library's reference is the sum of its files'
# one-core times: its own -j 1 scan (one worker, file after file), and
# flac -d of each file one after the other.
#
# From the -j 1 and -j 2 timelines it fits the model of docs/benchmarks.md
# (serial seconds, decode seconds, the CPU a part and a worker process
# cost, the idle at the end) and prints the expected wall time and
# speed-up at 1, 2, 4, 8 and 16 cores beside what was measured at 1 and 2.
#
# Each round also runs two -j 1 scans of the same long file at once: on
# an ideal 2-core machine they take as long as one; what they take more is
# the machine's own ceiling for -j 2 (caches, memory, a host's other
# guests), printed beside the speed-up. Their CPU time is likewise the
# measure of what splitting itself costs: a decoder that shares the
# machine with another runs slower per frame, split or not. Speed-ups are the median of each
# round's ratio (the -j 1 and -j 2 scans a few seconds apart), which a
# machine whose speed drifts between rounds moves less than a ratio of
# medians.
#
# Environment: RUNS (3); FILES (the long files, "long48.flac long16.flac
# long16.wav"); LIB=0 leaves the library out. Time it on an idle machine:
# the 1-minute load average is printed before and after.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPORT = os.path.join(HERE, "trace-report.py")


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def timed(cmd, trace=None):
    """(wall s, CPU s of the command and its children, trace analysis)"""
    env = dict(os.environ)
    if trace:
        if os.path.exists(trace):
            os.unlink(trace)
        env["DRMT_TRACE"] = trace
    with tempfile.NamedTemporaryFile("r") as t:
        subprocess.run(["/usr/bin/time", "-f", "%e %U %S", "-o", t.name] +
                       cmd, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        wall, user, system = map(float, t.read().split()[-3:])
    info = None
    if trace:
        out = subprocess.run([sys.executable, REPORT, "--json", trace],
                             stdout=subprocess.PIPE, check=True).stdout
        info = json.loads(out)
        with open(trace) as f:
            info["parts"] = max([int(line.split("parts=")[1].split()[0])
                                 for line in f if " job-send " in line
                                 and "part=-1" not in line] or [1])
    return wall, user + system, info


def med(values):
    return statistics.median(values)


def ratio(a, b):
    """The median of the rounds' ratios a[i] / b[i]."""
    return med(x / y for x, y in zip(a, b))


class Runs:
    """Every run of one command: wall, CPU and the trace's figures."""

    def __init__(self):
        self.wall, self.cpu, self.info = [], [], []

    def add(self, result):
        wall, cpu, info = result
        self.wall.append(wall)
        self.cpu.append(cpu)
        if info:
            self.info.append(info)

    def m(self, key, phase=None, field=None):
        if phase:
            return med(i["phases"][phase][field] for i in self.info)
        return med(i[key] for i in self.info)


def worker_start_cpu(runs):
    """CPU s of a worker process up to its first job: exec, GStreamer."""
    return med(w["start_cpu_s"] for i in runs.info for w in i["workers"]) \
        if runs.info else 0


def model(j1, j2, pair, parts2, proc_cpu):
    """The model (docs/benchmarks.md), its parameters from the -j 1 scan's
    timeline and the CPU seconds the scans used, not from -j 2's wall
    time, which checks it."""
    serial = sum(j1.m(None, p, "wall_s") for p in
                 ("start", "probe", "combine", "output"))
    decode = j1.m(None, "decode", "wall_s")
    # the CPU of -j 2 beyond one of two -j 1 scans at once (both decode
    # beside another decoder): one more worker process and the parts
    # beyond the first; what is left per part
    extra = med(j2.cpu) - med(pair.cpu) / 2
    part_cpu = max(extra - proc_cpu, 0) / max(parts2 - 1, 1)

    def predict(n):
        if n == 1:
            return serial + decode
        # n + 1 parts (splitrun.c): n beyond the first; every decoder but
        # the first starts a worker process
        return serial + (decode + n * part_cpu + (n - 1) * proc_cpu) / n

    # what the model leaves out, as -j 2 showed it: the parts not ending
    # together, the workers starting one after the other, and the decoders
    # slowing each other down (the machine's ceiling)
    residual = j2.m("wall_s") - predict(2)
    return {"serial_s": serial, "decode_s": decode, "part_cpu_s": part_cpu,
            "proc_cpu_s": proc_cpu, "residual_s": residual,
            "predict": {n: predict(n) for n in (1, 2, 4, 8, 16)}}


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    work = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.environ.get("TMPDIR", "/tmp"), "gst-drmeter-bench")
    tool = os.path.join(build, "gst", "tool", "gst-drmeter")
    if not os.access(tool, os.X_OK):
        sys.exit("no %s: build first" % tool)
    os.environ["GST_PLUGIN_PATH_1_0"] = os.path.join(build, "gst")
    # every scan measures: no result cache
    os.environ["GST_DRMETER_CACHE"] = "off"
    runs = int(os.environ.get("RUNS", "3"))
    names = os.environ.get("FILES",
                           "long48.flac long16.flac long16.wav").split()
    lib = os.environ.get("LIB", "1") != "0"
    env = dict(os.environ, SETS="long lib" if lib else "long")
    r = subprocess.run([os.path.join(HERE, "make-material.sh"), work],
                       env=env)
    if r.returncode != 0:
        sys.exit(r.returncode)
    libdir = os.path.join(work, "lib")
    lib_files = sorted(os.path.join(libdir, f) for f in os.listdir(libdir)
                       if f.endswith(".flac")) if lib else []
    have_flac = subprocess.run(["sh", "-c", "command -v flac"],
                               stdout=subprocess.DEVNULL).returncode == 0
    trace = os.path.join(work, "bench.trace")

    # in the page cache, and GStreamer's registry up to date, before timing
    for f in names + ["lib/" + os.path.basename(x) for x in lib_files]:
        with open(os.path.join(work, f), "rb") as fh:
            while fh.read(1 << 24):
                pass
    first = os.path.join(work, names[0]) if names else lib_files[0]
    subprocess.run([tool, "-q", first], stdout=subprocess.DEVNULL)

    print("gst-drmeter balance benchmark, %d cores, %d rounds, medians; "
          "load average before: %s" % (os.cpu_count(), runs, load()))
    res = {}
    loads = []
    for _ in range(runs):
        loads.append(load().split()[0])
        for name in names:
            path = os.path.join(work, name)
            for j in ("1", "2"):
                res.setdefault((name, j), Runs()).add(
                    timed([tool, "-q", "-j", j, path], trace))
            res.setdefault((name, "pair"), Runs()).add(timed(
                ["sh", "-c", '"$0" -q -j 1 "$1" > /dev/null & '
                 '"$0" -q -j 1 "$1" > /dev/null; wait', tool, path]))
        if lib_files:
            for j in ("1", "2"):
                res.setdefault(("lib", j), Runs()).add(
                    timed([tool, "-q", "-j", j, libdir], trace))
            if have_flac:
                res.setdefault(("lib", "flac"), Runs()).add(timed(
                    ["sh", "-c", 'for f; do flac -s -d -c "$f" > /dev/null;'
                     ' done', "sh"] + lib_files))
    print("load average after: %s; 1-minute load before each round: %s" %
          (load(), ", ".join(loads)))
    print()

    print("| file | -j 1 s | -j 2 s | -j 1 / -j 2 (each round) | "
          "two -j 1 at once: the machine's ceiling | CPU s -j 1, -j 2 "
          "(extra) | extra CPU over one of two -j 1 at once | parts | "
          "idle while decoding, -j 2: scheduling, CPU | "
          "workers end apart s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    models = {}
    for name in names:
        j1, j2 = res[(name, "1")], res[(name, "2")]
        pair = res[(name, "pair")]
        parts2 = round(med(i["parts"] for i in j2.info))
        print("| %s | %.2f | %.2f | %.2fx (%s) | %.2fx | %.2f, %.2f (%+.1f %%)"
              " | %+.1f %% | %d | %.1f %%, %.1f %% | %.3f |" %
              (name, med(j1.wall), med(j2.wall), ratio(j1.wall, j2.wall),
               " ".join("%.2f" % (a / b) for a, b in zip(j1.wall, j2.wall)),
               ratio([2 * w for w in j1.wall], pair.wall),
               med(j1.cpu), med(j2.cpu),
               100 * (med(j2.cpu) / med(j1.cpu) - 1),
               100 * (med(j2.cpu) / (med(pair.cpu) / 2) - 1), parts2,
               100 * j2.m("decode_idle_sched"), 100 * j2.m("decode_idle_cpu"),
               j2.m("end_spread_s")))
        models[name] = model(j1, j2, pair, parts2, worker_start_cpu(j2))
    print()
    print("phases (medians, s): wall and idle core-time (CPU)")
    print("| file | jobs | start | probe | decode | combine | output |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        for j in ("1", "2"):
            x = res[(name, j)]
            print("| %s | -j %s | %s |" % (name, j, " | ".join(
                "%.3f (%.3f)" % (x.m(None, p, "wall_s"),
                                 x.m(None, p, "idle_cpu_s"))
                for p in ("start", "probe", "decode", "combine", "output"))))
    print()
    print("model: T(N) = serial + (decode + N part + (N - 1) process) "
          "/ N; with the residual of -j 2 (docs/benchmarks.md)")
    print("| file | serial s | decode s | part CPU s | process CPU s | "
          "T(1) | T(2) | T(4) | T(8) | T(16) | measured T(1), T(2) | "
          "residual at 2 s | speed-up at 2, 4, 8, 16 (with the residual) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name in names:
        mo, p = models[name], models[name]["predict"]
        j1, j2 = res[(name, "1")], res[(name, "2")]
        res_s = mo["residual_s"]
        print("| %s | %.3f | %.3f | %.4f | %.4f | %s | %.3f, %.3f | %.3f | "
              "%s |" %
              (name, mo["serial_s"], mo["decode_s"], mo["part_cpu_s"],
               mo["proc_cpu_s"],
               " | ".join("%.3f" % p[n] for n in (1, 2, 4, 8, 16)),
               j1.m("wall_s"), j2.m("wall_s"), res_s,
               ", ".join("%.2fx (%.2fx)" % (p[1] / p[n],
                                            p[1] / (p[n] + max(res_s, 0)))
                         for n in (2, 4, 8, 16))))
    if lib_files:
        print()
        j1, j2 = res[("lib", "1")], res[("lib", "2")]
        print("library: %d files; -j 1 %.2f s (CPU %.2f), -j 2 %.2f s (CPU "
              "%.2f): -j 2 / (-j 1 / 2) = %.3fx (each round: %s); idle while "
              "decoding at -j 2: %.1f %% (scheduling), %.1f %% (CPU); workers"
              " end %.3f s apart" % (len(lib_files), med(j1.wall),
                                     med(j1.cpu), med(j2.wall), med(j2.cpu),
                         ratio(j2.wall, [w / 2 for w in j1.wall]),
                         " ".join("%.3f" % (2 * b / a) for a, b in
                                  zip(j1.wall, j2.wall)),
                         100 * j2.m("decode_idle_sched"),
                         100 * j2.m("decode_idle_cpu"), j2.m("end_spread_s")))
        if ("lib", "flac") in res:
            fl = res[("lib", "flac")]
            print("flac -d of every file, one after the other: %.2f s: "
                  "-j 2 / (that / 2) = %.3fx" %
                  (med(fl.wall), med(j2.wall) / (med(fl.wall) / 2)))
    print()
    for key in sorted(res):
        print("runs %s %s: %s" % (key[0], {"pair": "two -j 1 at once",
                                            "flac": "flac -d"}.get(
            key[1], "-j " + key[1]), " ".join(
            "%.2f" % w for w in res[key].wall)))


main()
