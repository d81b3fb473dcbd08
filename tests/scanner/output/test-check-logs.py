#!/usr/bin/env python3
# gst-drmeter tests: --check-logs (gst/tool/output/checklogs.c).
#
# usage: test-check-logs.py GST_DRMETER WORK_DIR [DRM_MAKE_WAV EXPECTED_LINES]
#
# With drm-make-wav and tests/scanner/expected-lines.h: the public
# conformance fixtures as WAV files beside a log of the lines foobar2000
# DR Meter 1.0.8 printed for them (its eight per-channel columns, mono in
# FC, -inf): every track agrees token by token.
#
# Logs are the scanner's own (--save), made into foobar2000's: its header
# line, and each layout DR Meter 1.0.8 writes: CRLF, UTF-8 with and
# without a byte order mark, Windows-1252, without the per-channel
# columns, a track name cut to "(…)", several albums in one log (the
# folder's album not the first; a header for each, or one for all), under
# another file name. Each must agree
# token by token ("N of N tracks identical", exit 0); then every kind of
# token changed by one digit (DR, peak, RMS, duration, a channel's DR and
# RMS, the Official DR value), a missing track and an extra one must each
# be caught, named, with exit status 1. Exits 77 without sox or flac.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import re
import shutil
import subprocess
import sys
from scantest import check, failures as FAILURES, need, sh

TOOL, WORK = sys.argv[1], sys.argv[2]
MAKE_WAV = sys.argv[3] if len(sys.argv) > 4 else None
EXPECTED = sys.argv[4] if len(sys.argv) > 4 else None

need("sox", "flac")


def scan(*args):
    p = subprocess.run([TOOL, "-q", "--no-cache"] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
LONG = "Ünïcödé — a title far longer than the column is"


def album(name, titles, effects):
    d = os.path.join(WORK, name)
    os.makedirs(d)
    for i, (title, fx) in enumerate(zip(titles, effects)):
        wav = os.path.join(WORK, "%s-%d.wav" % (name, i))
        sh("sox", "-n", "-r", "44100", "-b", "16", "-c", "2", wav, "synth",
           str(2.5 + i), *fx)
        sh("flac", "-s", "-f", "-o", os.path.join(d, "%02d.flac" % (i + 1)),
           "-TARTIST=Band", "-TALBUM=" + name, "-TTITLE=" + title,
           "-TTRACKNUMBER=%d" % (i + 1), wav)
    return d


FX = [["sine", "440", "vol", "0.5"], ["pinknoise", "vol", "0.3"],
      ["square", "110", "vol", "0.2", "tremolo", "3", "80"]]
A = album("Alpha", ["One", LONG, "Three"], FX)
B = album("Beta", ["Uno", "Dos"], FX[1:])

# the scanner's own logs, as --save writes them (CRLF)
for d in (A, B):
    rc, out, err = scan("--save", d)
    check(rc == 0, "--save %s: %s" % (d, err))
with open(os.path.join(A, "foo_dr.txt"), "rb") as f:
    OWN_A = f.read().decode("utf-8")
with open(os.path.join(B, "foo_dr.txt"), "rb") as f:
    OWN_B = f.read().decode("utf-8")
os.unlink(os.path.join(B, "foo_dr.txt"))
check("\r\n" in OWN_A, "--save writes CRLF")
check("(…)" in OWN_A, "the long title is cut in the log")


def foobar(text):
    """The header foobar2000 writes, LF line ends."""
    text = text.replace("\r\n", "\n")
    return re.sub(r"^gst-drmeter v\S+ / DR Meter v1\.0\.8 compatible",
                  "foobar2000 v2.25.10 / DR Meter v1.0.8", text, flags=re.M)


def no_columns(text):
    """The log with the per-channel columns switched off."""
    out = []
    for line in text.split("\n"):
        if re.match(r"DR\d* ", line) or line.startswith("DR  "):
            # the 45 characters of tokens, then the name to the line's end
            head, rest = line[:45], line[45:]
            line = (head + rest[:35]).rstrip()
        out.append(line)
    return "\n".join(out)


FB = foobar(OWN_A)
LAYOUTS = {
    "own (CRLF)": ("foo_dr.txt", OWN_A.encode("utf-8")),
    "foobar2000 LF": ("foo_dr.txt", FB.encode("utf-8")),
    "foobar2000 CRLF": ("foo_dr.txt", FB.replace("\n", "\r\n")
                        .encode("utf-8")),
    "UTF-8 with BOM": ("foo_dr.txt", b"\xef\xbb\xbf" +
                       FB.replace("\n", "\r\n").encode("utf-8")),
    "Windows-1252": ("foo_dr.txt", FB.replace("(…)", "(...)")
                     .encode("cp1252", "replace")),
    "no channel columns": ("foo_dr.txt", no_columns(FB).encode("utf-8")),
    "several albums, another name": (
        "DR log.txt", (foobar(OWN_B) + "\n" + FB).encode("utf-8")),
    # one header and log date for several albums
    "several albums, one header": (
        "foo_dr.txt", (foobar(OWN_B) + "\n" + "\n".join(
            FB.split("\n")[3:])).replace("\n", "\r\n").encode("utf-8")),
}


def put_log(name, data):
    for f in os.listdir(A):
        if f.endswith(".txt"):
            os.unlink(os.path.join(A, f))
    with open(os.path.join(A, name), "wb") as f:
        f.write(data)


for label, (name, data) in LAYOUTS.items():
    put_log(name, data)
    rc, out, err = scan("--check-logs", A)
    want = "%s: %s: 3 of 3 tracks identical, Official DR value identical" % (
        A, name)
    if label == "Windows-1252":
        # the cut name's ellipsis does not exist in Windows-1252: that
        # track is named differently, the others agree
        check(rc == 1 and "2 of 3 tracks identical" in out
              and "not in the log" in out,
              "%s: read, the cut name told apart: %r" % (label, out))
        continue
    if label == "no channel columns":
        want += " (the log has no per-channel columns)"
    check(rc == 0 and out.splitlines()[0] == want
          and out.splitlines()[-1] == "1 log checked: identical",
          "%s: agrees: rc %d %r %r" % (label, rc, out, err))

# Windows-1252 names that it can hold agree too
put_log("foo_dr.txt", foobar(OWN_B).encode("cp1252"))
shutil.copy(os.path.join(A, "foo_dr.txt"), os.path.join(B, "foo_dr.txt"))
rc, out, err = scan("--check-logs", B)
check(rc == 0 and "2 of 2 tracks identical" in out,
      "Windows-1252 log: agrees: %r" % out)
os.unlink(os.path.join(B, "foo_dr.txt"))

# every token, changed by one digit, is caught
track_line = re.compile(r"^(DR\d+)(\s+)(-?[\d.]+) dBFS(\s+)(-?[\d.]+) dBFS"
                        r"(\s+)(\d+:\d\d) (.*)$")


def change(kind):
    lines = FB.split("\n")
    for i, line in enumerate(lines):
        m = track_line.match(line)
        if not m or "02-" not in line:
            continue
        if kind == "DR":
            lines[i] = line.replace(m.group(1), "DR99", 1)
        elif kind == "peak":
            lines[i] = line.replace(m.group(3) + " dBFS", bump(m.group(3)) +
                                    " dBFS", 1)
        elif kind == "RMS":
            j = line.index(m.group(5) + " dBFS", len(m.group(1)) + 5)
            lines[i] = line[:j] + bump(m.group(5)) + line[j + len(m.group(5)):]
        elif kind == "duration":
            lines[i] = line.replace(" " + m.group(7) + " ", " 9:59 ", 1)
        elif kind in ("DR (FR)", "RMS (FL)"):
            cols = line[80:]
            idx = {"DR (FR)": 1, "RMS (FL)": 2}[kind]
            cell = cols[13 * idx:13 * idx + 13]
            num = cell.split()[0]
            new = cell.replace(num, bump(num))
            lines[i] = line[:80 + 13 * idx] + new + line[80 + 13 * idx + 13:]
        elif kind == "missing":
            lines[i] = None
        break
    lines = [l for l in lines if l is not None]
    text = "\n".join(lines)
    if kind == "Official":
        text = re.sub(r"Official DR value: DR(\d+)",
                      lambda m: "Official DR value: DR%d" %
                      (int(m.group(1)) + 1), text)
    if kind == "extra":
        text = text.replace(
            "\n--------------------------------------------------------------"
            "------------------\n\nNumber",
            "\nDR5       -1.00 dBFS   -10.00 dBFS      0:09 04-Bonus\n"
            "--------------------------------------------------------------"
            "------------------\n\nNumber")
    return text


def bump(num):
    """-12.04 -> -12.05: the last digit changed."""
    last = int(num[-1])
    return num[:-1] + str((last + 1) % 10)


for kind, what in (("DR", "DR: "), ("peak", "peak: "), ("RMS", "RMS: "),
                   ("duration", "duration: "), ("DR (FR)", "DR (FR): "),
                   ("RMS (FL)", "RMS (FL): "), ("missing", "not in the log"),
                   ("extra", "04-Bonus: in the log only"),
                   ("Official", "Official DR value: ")):
    text = change(kind)
    check(text != FB, "%s: the log was changed" % kind)
    put_log("foo_dr.txt", text.replace("\n", "\r\n").encode("utf-8"))
    rc, out, err = scan("--check-logs", A)
    lines = out.splitlines()
    diffs = [l for l in lines if l.startswith("  ")]
    check(rc == 1 and len(diffs) == 1 and what in diffs[0]
          and lines[-1] == "1 log checked: 1 album differs",
          "a changed %s is caught, alone: rc %d %r" % (kind, rc, out))

# albums without a log: nothing to compare, said once
rc, out, err = scan("--check-logs", B)
check(rc == 0 and out == "no DR Meter log found\n",
      "no log: said, exit 0: %r" % out)
# two albums, one log each, one differing: both reported
put_log("foo_dr.txt", change("peak").encode("utf-8"))
with open(os.path.join(B, "foo_dr.txt"), "w") as f:
    f.write(foobar(OWN_B))
rc, out, err = scan("--check-logs", WORK)
check(rc == 1 and "2 of 2 tracks identical" in out
      and "2 of 3 tracks identical" in out
      and out.splitlines()[-1] == "2 logs checked: 1 album differs",
      "two albums: %r" % out)
rc, out, err = scan("--check-logs", "--json", A)
check(rc == 2, "--check-logs with --json is a usage error")

# foobar2000's own lines for the public fixtures
if MAKE_WAV:
    with open(EXPECTED, encoding="utf-8") as f:
        header = f.read()
    literals = [bytes(m, "utf-8").decode("unicode_escape") for m in
                re.findall(r'^\s*"(.*)"[,;]?$', header, re.M)]
    heading, lines = literals[0], literals[1:]
    fx = os.path.join(WORK, "fixtures")
    os.makedirs(fx)
    for line in lines:
        name = re.search(r" \?-(\S+)", line).group(1)
        subprocess.run([MAKE_WAV, name, os.path.join(fx, name + ".wav")],
                       check=True, stdout=subprocess.DEVNULL)
    rule = "-" * 80
    log = ("foobar2000 v2.25.10 / DR Meter v1.0.8\nlog date: 2026-07-18 "
           "17:54:55\n\n%s\nAnalyzed: ? / ?\n%s\n\n%s\n%s\n%s\n%s\n\n"
           "Number of tracks:  %d\n" % (rule, rule, heading, rule,
                                          "\n".join(lines), rule, len(lines)))
    with open(os.path.join(fx, "foo_dr.txt"), "wb") as f:
        f.write(b"\xef\xbb\xbf" + log.replace("\n", "\r\n").encode("utf-8"))
    rc, out, err = scan("--check-logs", fx)
    n = len(lines)
    diffs = [l for l in out.splitlines() if l.startswith("  ")]
    # foobar2000's log of them gives no Official DR value: that line alone
    # differs
    check(n == 22 and rc == 1 and out.splitlines()[0] ==
          "%s: foo_dr.txt: %d of %d tracks identical, Official DR value "
          "differs" % (fx, n, n) and len(diffs) == 1
          and re.match(r"  Official DR value: DR\d+, log none$", diffs[0]),
          "foobar2000's lines for the fixtures agree token by token: %r"
          % out)
    # a channel's DR and the last column's RMS, one digit each
    changed = log.replace(" 39.34 dB ", " 39.35 dB ").replace(
        "-44.04 dBFS", "-44.05 dBFS")
    with open(os.path.join(fx, "foo_dr.txt"), "wb") as f:
        f.write(changed.replace("\n", "\r\n").encode("utf-8"))
    rc, out, err = scan("--check-logs", fx)
    diffs = [l for l in out.splitlines() if l.startswith("  ?-")]
    check(rc == 1 and "%d of %d tracks identical" % (n - 2, n) in out
          and diffs == ["  ?-401_histogram_lower_clamp: DR (FC): 39.34 dB, "
                        "log 39.35 dB", "  ?-601_eight_channel_report_map: "
                        "RMS (SR): -44.04 dBFS, log -44.05 dBFS"],
          "changed tokens in foobar2000's lines are caught: %r" % out)

if FAILURES:
    print("%d failure(s)" % len(FAILURES))
    sys.exit(1)
print("ok: --check-logs")
