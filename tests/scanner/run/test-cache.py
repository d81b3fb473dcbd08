#!/usr/bin/env python3
# gst-drmeter tests: the result cache (gst/tool/run/cache.c, docs/cache.md).
#
# usage: test-cache.py GST_DRMETER WORK_DIR
#
# On a library of small files (FLAC and WAV albums, a CUE image with its
# sheet, a FLAC image with an embedded CUESHEET tag, date tags):
# - a second scan takes every result from the cache: no measuring process
#   is started (DRMT_CACHE_DEBUG counts them), and with GStreamer's own
#   plugins out of reach (so that nothing could be decoded) the log, the
#   JSON and the plots are the same bytes as the first scan's and as a
#   scan without cache;
# - touching one file measures that file alone; a file whose audio changed
#   gets its new numbers;
# - results of other settings (-m, --reference-order) are not used, a
#   --plot scan after a scan without plots measures again (windows), and a
#   scan without plots then takes the plot scan's results;
# - a damaged cache file, a foreign SQLite file and a result whose
#   checksum fails are set aside with one warning each, and the scan's
#   output is the measured one;
# - three scans at once on one new cache all finish with the same output
#   and no warning, and a fourth takes every result; four scans making a
#   new cache at once, five times over, never take it for a foreign file;
# - --no-cache writes no cache, the default cache lies in $XDG_CACHE_HOME;
# - a file whose tags were written (--write-tags) is measured again (its
#   size, and so its bit rate, changed), then taken.
# Exits 77 (skip) without sox, flac or metaflac.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from scantest import check, failures as FAILURES, need, sh

TOOL, WORK = os.path.abspath(sys.argv[1]), sys.argv[2]

need("sox", "flac", "metaflac")


# The log date is fixed, so that two scans' logs are comparable bytes.
BASE_ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000",
                DRMT_CACHE_DEBUG="1")
BASE_ENV.pop("GST_DRMETER_CACHE", None)
COUNTS = re.compile(r"^gst-drmeter: cache: (\d+) taken, (\d+) kept, "
                    r"(\d+) measuring processes$", re.M)


class Scan:
    def __init__(self, args, env=None):
        e = dict(BASE_ENV)
        e.update(env or {})
        p = subprocess.run([TOOL] + args, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=e)
        self.rc, self.out = p.returncode, p.stdout
        self.err = p.stderr.decode("utf-8", "replace")
        m = COUNTS.search(self.err)
        self.taken, self.kept, self.procs = (
            tuple(int(x) for x in m.groups()) if m else (-1, -1, -1))
        # stderr less the counts line
        self.lines = [l for l in self.err.splitlines()
                      if not COUNTS.match(l)]


def scan(cache, *args, env=None):
    return Scan(["-q", "--cache", cache] + list(args), env)


def nocache(*args):
    return Scan(["-q", "--no-cache"] + list(args))


def folder(*parts):
    d = os.path.join(WORK, *parts)
    os.makedirs(d, exist_ok=True)
    return d


def tree(d):
    """Every file under @d: relative name -> bytes."""
    out = {}
    for dp, dn, fs in os.walk(d):
        for f in fs:
            p = os.path.join(dp, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, d)] = fh.read()
    return out


# ---------------------------------------------------------------------
# the library

shutil.rmtree(WORK, ignore_errors=True)
LIB = folder("library")
synths = [["sine", "440", "vol", "0.5"], ["pinknoise", "vol", "0.3"],
          ["square", "110", "vol", "0.2", "tremolo", "3", "80"],
          ["sine", "1000", "sine", "1500", "vol", "0.4"]]


def synth(path, seconds, effect, rate="44100", bits="16", channels="2"):
    sh("sox", "-n", "-r", rate, "-b", bits, "-c", channels, path, "synth",
       str(seconds), *effect)


def flac(path, wav, **tags):
    sh("flac", "-s", "-f", "-o", path,
       *["-T%s=%s" % (k.upper(), v) for k, v in tags.items()], wav)


a1 = folder("library", "First")
for i, s in enumerate(synths):
    wav = os.path.join(WORK, "t%d.wav" % i)
    synth(wav, 3.3 + i, s)
    flac(os.path.join(a1, "%02d.flac" % (i + 1)), wav, artist="Artist",
         album="First", title="Song %d" % (i + 1), tracknumber=str(i + 1),
         date="1984-05-01")
a2 = folder("library", "Second")
for i, s in enumerate(synths[:3]):
    synth(os.path.join(a2, "%02d - Take.wav" % (i + 1)), 2.1 + i, s)
# a CUE image and its sheet
a3 = folder("library", "Image")
image_wav = os.path.join(WORK, "image.wav")
sh("sox", *[os.path.join(WORK, "t%d.wav" % i) for i in range(3)], image_wav)
flac(os.path.join(a3, "Image.flac"), image_wav, date="2011")
SHEET = """PERFORMER "Band"
TITLE "Image"
FILE "Image.flac" WAVE
  TRACK 01 AUDIO
    TITLE "One"
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    TITLE "Two"
    INDEX 01 00:03:22
  TRACK 03 AUDIO
    TITLE "Three"
    INDEX 01 00:07:40
"""
with open(os.path.join(a3, "Image.cue"), "w") as f:
    f.write(SHEET)
# an image whose sheet is its CUESHEET tag
a4 = folder("library", "Embedded")
emb = os.path.join(a4, "Embedded.flac")
flac(emb, image_wav, date="1999-01-01")
sheet_file = os.path.join(WORK, "embedded.cue")
with open(sheet_file, "w") as f:
    f.write(SHEET.replace("Image.flac", "Embedded.flac"))
sh("metaflac", "--set-tag-from-file=CUESHEET=" + sheet_file, emb)
# 4 + 3 files, 3 + 3 image tracks
N_FILES = 9           # files measured: 4 + 3 + 1 image + 1 embedded image

CACHES = folder("caches")
PLOTS = folder("plots")


def fresh(name):
    p = os.path.join(CACHES, name)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(p + suffix):
            os.unlink(p + suffix)
    return p


# ---------------------------------------------------------------------
# a second scan decodes nothing and prints the same bytes

ref_log = nocache(LIB)
ref_json = nocache("--json", LIB)
ref_plot = nocache("--plot", os.path.join(PLOTS, "ref"), LIB)
check(ref_log.rc == 0 and b"Official DR value" in ref_log.out,
      "the library is measured: %r" % ref_log.err)
check(ref_log.procs > 0 and ref_log.taken == 0,
      "--no-cache measures: %r" % ref_log.err)

C = fresh("c.sqlite")
first = scan(C, LIB)
check(first.taken == 0 and first.kept == N_FILES,
      "first scan keeps %d results: %r" % (N_FILES, first.err))
second = scan(C, LIB)
check(second.taken == N_FILES and second.kept == 0 and second.procs == 0,
      "second scan: every result taken, no process: %r" % second.err)
check(first.out == second.out == ref_log.out,
      "second scan: the same log bytes")

# No GStreamer plugin but the drmeter element: nothing can be decoded, and
# the cached scan still prints the same bytes.
empty = folder("no-plugins")
bare = {"GST_PLUGIN_SYSTEM_PATH_1_0": empty, "GST_PLUGIN_SYSTEM_PATH": empty,
        "GST_REGISTRY_1_0": os.path.join(empty, "registry.bin")}
blind = scan(C, LIB, env=bare)
check(blind.rc == 0 and blind.out == ref_log.out and blind.lines == [],
      "without decoders the cached scan prints the same log: %r"
      % blind.err)
check(Scan(["-q", "--no-cache", LIB], bare).rc != 0,
      "without decoders a scan without cache fails (the check above "
      "means something)")

j1 = scan(C, "--json", LIB)
check(j1.out == ref_json.out and j1.procs == 0,
      "cached JSON: the same bytes, no process")
# --plot needs every window: the first plot scan measures, the next not
p1 = scan(C, "--plot", os.path.join(PLOTS, "p1"), LIB)
check(p1.kept == N_FILES and p1.taken == 0,
      "--plot after a scan without windows measures: %r" % p1.err)
p2 = scan(C, "--plot", os.path.join(PLOTS, "p2"), LIB, env=bare)
check(p2.taken == N_FILES and p2.procs == 0 and p2.rc == 0,
      "second --plot scan takes every result: %r" % p2.err)
want_plots = tree(os.path.join(PLOTS, "ref"))
check(len(want_plots) > N_FILES and
      tree(os.path.join(PLOTS, "p1")) == want_plots and
      tree(os.path.join(PLOTS, "p2")) == want_plots,
      "cached plots: the same files, byte for byte")
after_plot = scan(C, LIB)
check(after_plot.taken == N_FILES and after_plot.out == ref_log.out,
      "a scan without plots takes the plot scan's results")

# other settings: other results
for opt in ("-m", "--reference-order"):
    s1 = scan(C, opt, LIB)
    s2 = scan(C, opt, LIB)
    want = nocache(opt, LIB)
    check(s1.taken == 0 and s1.kept == N_FILES and s2.taken == N_FILES
          and s1.out == s2.out == want.out,
          "%s: results of its own: %r %r" % (opt, s1.err, s2.err))

# ---------------------------------------------------------------------
# a changed file is measured again, alone

touched = os.path.join(a1, "02.flac")
st = os.stat(touched)
os.utime(touched, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
t1 = scan(C, "-j", "1", LIB)
check(t1.taken == N_FILES - 1 and t1.kept == 1 and t1.procs == 1,
      "a touched file alone is measured: %r" % t1.err)
check(t1.out == ref_log.out, "a touched file: the same log")
# new audio, same name: new numbers
changed = os.path.join(a2, "01 - Take.wav")
synth(changed, 2.1, ["sine", "300", "vol", "0.05"])
c1 = scan(C, LIB)
c_ref = nocache(LIB)
check(c1.taken == N_FILES - 1 and c1.kept == 1,
      "a changed file alone is measured: %r" % c1.err)
check(c1.out == c_ref.out and c1.out != ref_log.out,
      "a changed file: its new numbers")
ref_log = c_ref
ref_json = nocache("--json", LIB)

# ---------------------------------------------------------------------
# damaged and foreign caches

def warnings(s):
    return [l for l in s.lines if "warning" in l]


def asides(path):
    d, base = os.path.split(path)
    return [f for f in os.listdir(d) if f.startswith(base + ".damaged-")
            and not f.endswith("-wal")]


D = fresh("damaged.sqlite")
with open(D, "wb") as f:
    f.write(b"\x00garbage, not a database\n" * 400)
d1 = scan(D, LIB)
check(len(warnings(d1)) == 1 and "moved aside" in warnings(d1)[0]
      and d1.lines == warnings(d1),
      "a damaged cache: one warning: %r" % d1.lines)
check(d1.out == ref_log.out and d1.rc == 0,
      "a damaged cache: the measured log")
check(len(asides(D)) == 1, "a damaged cache is renamed aside")
d2 = scan(D, LIB)
check(d2.taken == N_FILES and d2.lines == [] and d2.out == ref_log.out,
      "after a damaged cache a new one works: %r" % d2.err)

F = fresh("foreign.sqlite")
db = sqlite3.connect(F)
db.execute("CREATE TABLE notes (t TEXT)")
db.execute("INSERT INTO notes VALUES ('mine')")
db.commit()
db.close()
f1 = scan(F, LIB)
check(len(warnings(f1)) == 1 and "not a gst-drmeter cache" in f1.err
      and f1.out == ref_log.out and len(asides(F)) == 1,
      "a foreign SQLite file: set aside, one warning: %r" % f1.lines)
kept = [os.path.join(CACHES, a) for a in asides(F)]
check(kept and sqlite3.connect(kept[0]).execute(
      "SELECT t FROM notes").fetchall() == [("mine",)],
      "the foreign file is kept whole under its new name")

# a result whose bytes changed: its checksum fails, no number comes of it
B = fresh("bitflip.sqlite")
scan(B, LIB)
db = sqlite3.connect(B)
row = db.execute("SELECT rowid, result FROM tracks LIMIT 1").fetchone()
res = bytearray(row[1])
res[len(res) // 2] ^= 0x40
db.execute("UPDATE tracks SET result = ? WHERE rowid = ?",
           (bytes(res), row[0]))
db.commit()
db.close()
b1 = scan(B, LIB)
check(len(warnings(b1)) == 1 and "checksum" in b1.err
      and b1.out == ref_log.out,
      "a result that fails its checksum: one warning, measured: %r"
      % b1.lines)

# ---------------------------------------------------------------------
# scans at once

S = fresh("shared.sqlite")
procs = []
for k in range(3):
    e = dict(BASE_ENV)
    procs.append(subprocess.Popen([TOOL, "-q", "-j", "1", "--cache", S,
                                   "--json", LIB], env=e,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE))
outs = [p.communicate() for p in procs]
check(all(p.returncode == 0 for p in procs),
      "concurrent scans: all exit 0")
check(all(o == ref_json.out for o, _ in outs),
      "concurrent scans: the same JSON")
check(all(not COUNTS.sub("", e.decode()).strip() for _, e in outs),
      "concurrent scans: nothing on stderr: %r" % [e for _, e in outs])
# a new cache made by several scans at once, again and again: each sees a
# whole cache or none, never a foreign file
small_ref = nocache(a2)
for k in range(5):
    S2 = fresh("race.sqlite")
    procs = [subprocess.Popen([TOOL, "-q", "-j", "1", "--cache", S2, a2],
                              env=dict(BASE_ENV), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(4)]
    outs = [p.communicate() for p in procs]
    errs = [COUNTS.sub("", e.decode()).strip() for _, e in outs]
    check(all(p.returncode == 0 for p in procs) and not any(errs)
          and all(o == small_ref.out for o, _ in outs),
          "a new cache made by four scans at once, round %d: %r"
          % (k, errs))
s4 = scan(S, "--json", LIB)
check(s4.taken == N_FILES and s4.out == ref_json.out,
      "after concurrent scans every result is there: %r" % s4.err)

# ---------------------------------------------------------------------
# --no-cache, the default place

X = os.path.join(CACHES, "never.sqlite")
n1 = Scan(["-q", "--no-cache", LIB], {"GST_DRMETER_CACHE": X})
check(not os.path.exists(X) and n1.taken == 0,
      "--no-cache: no cache file")
xdg = folder("xdg")
home_env = {"XDG_CACHE_HOME": xdg}
h1 = Scan(["-q", LIB], home_env)
h2 = Scan(["-q", LIB], home_env)
check(os.path.isfile(os.path.join(xdg, "gst-drmeter", "results.sqlite"))
      and h2.taken == N_FILES and h2.out == ref_log.out,
      "default cache in $XDG_CACHE_HOME/gst-drmeter: %r" % h2.err)
off = Scan(["-q", LIB], {"XDG_CACHE_HOME": xdg, "GST_DRMETER_CACHE": "off"})
check(off.taken == 0 and off.procs > 0, "GST_DRMETER_CACHE=off: no cache")

# ---------------------------------------------------------------------
# --write-tags: the files change, and are measured again

T = fresh("tags.sqlite")
tagged = folder("tagged")
shutil.copytree(a1, os.path.join(tagged, "First"))
w1 = scan(T, "--write-tags", "--json", tagged)
w2 = scan(T, "--write-tags", "--json", tagged)
w3 = scan(T, "--write-tags", "--json", tagged)
w_ref = nocache("--write-tags", "--json", tagged)
st1 = [t["tags"]["status"] for a in json.loads(w1.out)["albums"]
       for t in a["tracks"]] if w1.rc == 0 else []
check(st1 == ["written"] * 4, "--write-tags writes: %r" % st1)
check(w2.kept == 4 and w3.taken == 4 and w3.procs == 0
      and w2.out == w3.out == w_ref.out,
      "after --write-tags the files are measured once more, then taken: "
      "%r %r" % (w2.err, w3.err))

# ---------------------------------------------------------------------
# a file measured in parts: one result

LONG = folder("long")
synth(os.path.join(WORK, "long.wav"), 131.7,
      ["pinknoise", "sine", "220", "vol", "0.4", "tremolo", "0.03", "90"])
flac(os.path.join(LONG, "long.flac"), os.path.join(WORK, "long.wav"))
L = fresh("long.sqlite")
split_env = {"DRMT_SPLIT_DEBUG": "1"}
l1 = scan(L, "-j", "2", "--json", LONG, env=split_env)
l2 = scan(L, "-j", "2", "--json", LONG, env=split_env)
l_ref = Scan(["-q", "--no-cache", "--no-split", "--json", LONG])
check(re.search(r"measured in \d+ parts", l1.err) and l1.kept == 1,
      "a long file is measured in parts and kept: %r" % l1.err)
check(l2.taken == 1 and l2.procs == 0 and l1.out == l2.out == l_ref.out,
      "a long file's result is taken whole: %r" % l2.err)

# ---------------------------------------------------------------------
# shards: --files-from, --merge-cache

SH = folder("shards")
folders = sorted({os.path.dirname(os.path.join(dp, f))
                  for dp, dn, fs in os.walk(LIB) for f in fs})
check(len(folders) == 4, "four album folders: %r" % folders)
want = nocache(LIB)
shard_caches = []
if shutil.which("parallel") and not os.environ.get("DRMT_TEST_BY_HAND"):
    # the recipe of docs/cache.md, on this machine: two jobs, one shard each
    lst = os.path.join(SH, "folders.txt")
    with open(lst, "w") as f:
        f.write("".join(d + "\n" for d in folders))
    e = dict(BASE_ENV)
    p = subprocess.run(["parallel", "--will-cite", "--pipe-part", "-a", lst,
                        "--block", "-1", "-j", "2",
                        TOOL + " -q -o /dev/null --cache shard-{#}.sqlite "
                        "--files-from -"], cwd=SH, env=e,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    shard_caches = sorted(os.path.join(SH, f) for f in os.listdir(SH)
                          if re.match(r"shard-\d+\.sqlite$", f))
    check(p.returncode == 0 and len(shard_caches) == 2,
          "GNU parallel: two shards: %r %r" % (shard_caches, p.stderr))
    counts = [int(x) for x in re.findall(rb"cache: 0 taken, (\d+) kept",
                                         p.stderr)]
    check(sum(counts) == N_FILES and all(counts),
          "each shard measured a part, together all: %r" % counts)
else:
    # the same by hand: a list a line, and a NUL-separated one
    for k, part in enumerate((folders[:2], folders[2:])):
        lst = os.path.join(SH, "part%d" % k)
        with open(lst, "wb") as f:
            if k == 0:
                f.write(b"".join(os.fsencode(d) + b"\n" for d in part))
            else:
                f.write(b"".join(os.fsencode(d) + b"\0" for d in part))
        shard_caches.append(os.path.join(SH, "shard-%d.sqlite" % k))
        sh_scan = Scan(["-q", "--cache", shard_caches[-1], "--files-from",
                        lst] + (["-0"] if k else []))
        check(sh_scan.rc == 0 and sh_scan.kept > 0,
              "shard %d: %r" % (k, sh_scan.err))
# -0, and standard input, on one list
lst0 = os.path.join(SH, "all0")
with open(lst0, "wb") as f:
    f.write(b"".join(os.fsencode(d) + b"\0" for d in folders))
z = Scan(["-q", "--no-cache", "--files-from", lst0, "-0"])
check(z.out == want.out, "--files-from -0: the same log as the folders")
with open(lst0, "rb") as f:
    p = subprocess.run([TOOL, "-q", "--no-cache", "--files-from", "-", "-0"],
                       stdin=f, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=BASE_ENV)
check(p.stdout == want.out, "--files-from - -0: standard input")
empty_list = os.path.join(SH, "empty")
open(empty_list, "w").close()
check(Scan(["-q", "--no-cache", "--files-from", empty_list]).rc == 0,
      "--files-from an empty list: nothing to do, no error")

M = fresh("merged.sqlite")
m = Scan(["--cache", M, "--merge-cache"] + shard_caches)
merged = sum(int(x) for x in re.findall(rb"(\d+) results? merged", m.out))
check(m.rc == 0 and merged == N_FILES,
      "--merge-cache: every result merged: %r %r" % (m.out, m.err))
one = scan(M, LIB)
check(one.taken == N_FILES and one.procs == 0 and one.out == want.out,
      "two shards merged print the log of one scan: %r" % one.err)
# a file changed since its shard measured it is left out
st = os.stat(os.path.join(a1, "03.flac"))
os.utime(os.path.join(a1, "03.flac"), ns=(st.st_atime_ns,
                                          st.st_mtime_ns + 5))
M2 = fresh("merged2.sqlite")
m2 = Scan(["--cache", M2, "--merge-cache"] + shard_caches)
check(b", 1 left out" in m2.out and
      sum(int(x) for x in re.findall(rb"(\d+) results? merged", m2.out))
      == N_FILES - 1, "a changed file's result is left out: %r" % m2.out)
m3 = Scan(["--cache", M2, "--merge-cache", os.path.join(CACHES,
                                                         "never.sqlite")])
check(m3.rc == 1, "merging a missing cache file fails: %r" % m3.err)
m4 = Scan(["--cache", M2, "--merge-cache", lst0])
check(m4.rc == 1 and ("not a" in m4.err or "database" in m4.err),
      "merging a file that is no cache fails: %r" % m4.err)

if FAILURES:
    print("%d failure(s)" % len(FAILURES))
    sys.exit(1)
print("ok: the result cache")
