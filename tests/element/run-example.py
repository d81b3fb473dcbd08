#!/usr/bin/python3
"""Runs the drmeter examples (docs/examples) briefly and checks their output.

usage: run-example.py MODE [options]

modes:
  c SOURCE          the C example (play-dr.c), built with the build line
                    its comment documents, on generated fixture files
  py SCRIPT         the PyGObject example (play-dr.py), the same way
  gst-launch DOC    the gst-launch-1.0 line in DOC, compared with the
                    output DOC shows
  readme README     the README's gst-launch-1.0 line, on an AIFF file: it
                    must print the drmeter message and nothing else
  live SCRIPT       the live monitor on a live test source, for two seconds
  inspect [PACKAGE ORIGIN]
                    gst-inspect-1.0 drmeter: clean and documented, its
                    plugin from package PACKAGE of ORIGIN

options:
  --make-wav EXE    drm-make-wav (writes a fixture, prints its tokens)
  --tmp DIR         where to write files

The environment must point GStreamer at the built plugin. Exit status 77
(skipped) when PyGObject is missing for a Python example.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

FIXTURES = ["802_host_decode_s16", "601_eight_channel_report_map", "203_silent_mono"]
TIMEOUT = 60


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(cmd, **kw):
    print("$ " + " ".join(shlex.quote(c) for c in cmd))
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=TIMEOUT, **kw)
    sys.stdout.write(p.stdout)
    sys.stdout.write(p.stderr)
    return p


def need_gi():
    p = subprocess.run([sys.executable, "-c", "import gi; gi.require_version('Gst', '1.0'); "
                        "from gi.repository import Gst"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if p.returncode != 0:
        print("SKIP: %s cannot import gi (PyGObject)" % sys.executable)
        sys.exit(77)


def make_wav(make_wav_exe, fixture, path):
    p = run([make_wav_exe, fixture, path])
    if p.returncode != 0:
        fail("drm-make-wav %s failed" % fixture)
    return json.loads(p.stdout)


def check_stderr_clean(p):
    for word in ("CRITICAL", "WARNING", "Traceback", "DeprecationWarning"):
        if word in p.stderr:
            fail("%s on stderr" % word)


def check_play_dr(cmd, make_wav_exe, tmp):
    """The report line, one line per channel, the album line."""
    for fx in FIXTURES:
        path = os.path.join(tmp, fx + ".wav")
        want = make_wav(make_wav_exe, fx, path)
        p = run(cmd + [path])
        if p.returncode != 0:
            fail("exit status %d" % p.returncode)
        check_stderr_clean(p)
        lines = p.stdout.splitlines()
        n = want["channels"]
        if len(lines) != n + 2:
            fail("%d lines, want %d" % (len(lines), n + 2))
        head = "%-5s%10s dBFS%9s dBFS%10s %s" % (
            want["dr"], want["peak"], want["rms"], want["duration"], fx + ".wav")
        if lines[0] != head:
            fail("report line\n  got  %r\n  want %r" % (lines[0], head))
        for c in range(n):
            line = lines[1 + c]
            if not line.startswith("  channel %d (" % (c + 1)):
                fail("channel line %r" % line)
            if ": DR %s," % want["channel_dr"][c] not in line:
                fail("channel %d DR: %r, want %s" % (c + 1, line, want["channel_dr"][c]))
            if ", RMS %s dBFS" % want["channel_rms"][c] not in line:
                fail("channel %d RMS: %r, want %s" % (c + 1, line, want["channel_rms"][c]))
        album = "Official DR value: %s (1 track)" % want["dr"]
        if lines[-1] != album:
            fail("album line %r, want %r" % (lines[-1], album))
    # A file that does not exist is an error, not a hang or a crash.
    p = run(cmd + [os.path.join(tmp, "missing.wav")])
    if p.returncode != 1:
        fail("missing file: exit status %d, want 1" % p.returncode)


def normalise(line):
    """A drmeter message line without what depends on the run."""
    line = re.sub(r"^Got message #\d+", "Got message", line.strip())
    return re.sub(r"stream-id=\(string\)[0-9a-f]+", "stream-id=(string)ID", line)


def check_gst_launch(doc, make_wav_exe, tmp):
    text = open(doc, encoding="utf-8").read()
    m = re.search(r"<!-- fixture: (\S+) as (\S+) -->", text)
    if not m:
        fail("%s names no fixture" % doc)
    fixture, name = m.group(1), m.group(2)
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
    cmd = next((ln for b in blocks for ln in b.splitlines()
                if ln.startswith("gst-launch-1.0")), None)
    shown = [ln for b in blocks for ln in b.splitlines()
             if "(element): drmeter," in ln and not ln.startswith("gst-launch")]
    if not cmd or not shown:
        fail("%s shows no gst-launch-1.0 line or no drmeter message" % doc)
    make_wav(make_wav_exe, fixture, os.path.join(tmp, name))
    p = run(shlex.split(cmd), cwd=tmp)
    if p.returncode != 0:
        fail("gst-launch-1.0 exit status %d" % p.returncode)
    check_stderr_clean(p)
    got = [normalise(ln) for ln in p.stdout.splitlines() if "(element): drmeter," in ln]
    want = [normalise(ln) for ln in shown]
    if got != want:
        fail("the messages differ from the ones %s shows:\n  got  %s\n  want %s"
             % (doc, "\n       ".join(got), "\n       ".join(want)))


def build_documented(source, tmp):
    """Builds @source with the "Build: cc ..." line of its comment."""
    m = re.search(r"^ \* Build[^:]*:(?:\n \*)?\s+(cc .*)$",
                  open(source, encoding="utf-8").read(), re.M)
    if not m:
        fail("%s documents no 'Build: cc ...' line" % source)
    line = m.group(1)
    out = re.search(r" -o (\S+)", line)
    if not out:
        fail("the build line of %s names no -o output" % source)
    shutil.copy(source, tmp)
    print("$ " + line)
    p = subprocess.run(["sh", "-c", line], cwd=tmp, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True,
                       timeout=TIMEOUT)
    sys.stdout.write(p.stdout)
    if p.returncode != 0:
        fail("the documented build line of %s failed" % source)
    return os.path.join(tmp, out.group(1))


def make_aiff(make_wav_exe, fixture, tmp):
    """A fixture as a big-endian AIFF file (sox or ffmpeg convert the WAV)."""
    wav = os.path.join(tmp, fixture + ".wav")
    aiff = os.path.join(tmp, "track.aiff")
    want = make_wav(make_wav_exe, fixture, wav)
    if shutil.which("sox"):
        cmd = ["sox", wav, aiff]
    elif shutil.which("ffmpeg"):
        cmd = ["ffmpeg", "-nostdin", "-v", "error", "-i", wav, "-c:a",
               "pcm_s16be", aiff]
    else:
        print("SKIP: neither sox nor ffmpeg to write an AIFF file")
        sys.exit(77)
    if run(cmd).returncode != 0:
        fail("could not convert %s to AIFF" % wav)
    return want


def check_readme_launch(readme, make_wav_exe, tmp):
    """The README's line: AIFF (big-endian samples, so audioconvert) and
    only the drmeter message printed."""
    blocks = re.findall(r"```sh\n(.*?)```", open(readme, encoding="utf-8").read(),
                        re.S)
    line = next((ln for b in blocks for ln in b.splitlines()
                 if "gst-launch-1.0" in ln and "drmeter" in ln), None)
    if not line:
        fail("%s shows no gst-launch-1.0 ... drmeter line" % readme)
    m = re.search(r"location=(\S+)", line)
    if not m or not m.group(1).endswith(".aiff"):
        fail("the README's gst-launch-1.0 line reads no .aiff file: %r" % line)
    have_aiff = any(subprocess.run(["gst-inspect-1.0", e],
                                   stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL).returncode == 0
                    for e in ("aiffparse", "avdemux_aiff"))
    if not have_aiff:
        print("SKIP: no GStreamer AIFF demuxer (gst-plugins-bad or gst-libav)")
        sys.exit(77)
    want = make_aiff(make_wav_exe, "802_host_decode_s16", tmp)
    os.rename(os.path.join(tmp, "track.aiff"), os.path.join(tmp, m.group(1)))
    print("$ " + line)
    p = subprocess.run(["sh", "-c", line], cwd=tmp, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True,
                       timeout=TIMEOUT)
    sys.stdout.write(p.stdout)
    sys.stdout.write(p.stderr)
    if p.returncode != 0:
        fail("exit status %d" % p.returncode)
    lines = p.stdout.splitlines()
    if len(lines) != 1 or "(element): drmeter," not in lines[0]:
        fail("%d lines printed, want just the drmeter message" % len(lines))
    dr = "dr=(int)%s," % want["dr"][2:]
    if dr not in lines[0]:
        fail("the message lacks %s (foobar2000 printed %s)" % (dr, want["dr"]))


def check_live(script, tmp):
    p = run([sys.executable, script, "--test-source", "--seconds", "2.3"])
    if p.returncode != 0:
        fail("exit status %d" % p.returncode)
    check_stderr_clean(p)
    lines = p.stdout.splitlines()
    running = [ln for ln in lines if ln.startswith("running")]
    final = [ln for ln in lines if ln.startswith("final")]
    if len(running) < 2 or len(final) != 1 or lines[-1] != final[0]:
        fail("want at least two running reports and one final report last")
    for i, ln in enumerate(running[:2]):
        # The DR since the start, then the recent DR: no complete window
        # in two seconds.
        if not re.match(r"running\s+0:0%d  DR\d+ +peak +-?[0-9.]+ dBFS  RMS +-?[0-9.]+ dBFS"
                        r"  channels \[-?[0-9.]+ -?[0-9.]+\]"
                        r"  \|  last windows: none complete yet$" % (i + 1), ln):
            fail("report line %r" % ln)


def check_inspect(package=None, origin=None):
    exe = shutil.which("gst-inspect-1.0")
    if not exe:
        print("SKIP: no gst-inspect-1.0")
        sys.exit(77)
    p = run([exe, "drmeter"])
    if p.returncode != 0:
        fail("gst-inspect-1.0 exit status %d" % p.returncode)
    if p.stderr.strip():
        fail("gst-inspect-1.0 wrote to stderr")
    for want in ("Filter/Analyzer/Audio", "Long-name", "DR meter", "Author",
                 "post-messages", "interval", "multichannel-weighting",
                 "album-length-weighting", '"reset"', "F64LE", "non-interleaved",
                 "[ 1, 64 ]"):
        if want not in p.stdout:
            fail("gst-inspect-1.0 output lacks %r" % want)
    # Every property has a description line (name : blurb).
    for prop in ("post-messages", "interval", "multichannel-weighting",
                 "album-length-weighting"):
        if not re.search(r"^\s+%s\s*: \S" % re.escape(prop), p.stdout, re.M):
            fail("property %s has no description" % prop)
    # The plugin's package and origin are what the build was told (meson's
    # package-name and package-origin), and no placeholder address.
    for label, value in (("Binary package", package), ("Origin URL", origin)):
        if value is None:
            continue
        m = re.search(r"^\s+%s\s+(.*?)\s*$" % label, p.stdout, re.M)
        if not m or m.group(1) != value:
            fail("%s: %r, want %r" % (label, m and m.group(1), value))
    if ".invalid" in p.stdout:
        fail("gst-inspect-1.0 shows a placeholder .invalid address")


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    mode, rest = argv[0], argv[1:]
    opts, args = {}, []
    it = iter(rest)
    for a in it:
        if a in ("--make-wav", "--tmp"):
            opts[a] = next(it)
        else:
            args.append(a)
    tmp = opts.get("--tmp") or tempfile.mkdtemp(prefix="drmeter-example-")
    os.makedirs(tmp, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=mode + "-", dir=tmp)
    try:
        if mode == "c":
            exe = build_documented(args[0], tmp)
            check_play_dr([exe], opts["--make-wav"], tmp)
        elif mode == "py":
            need_gi()
            check_play_dr([sys.executable, args[0]], opts["--make-wav"], tmp)
        elif mode == "gst-launch":
            check_gst_launch(args[0], opts["--make-wav"], tmp)
        elif mode == "readme":
            check_readme_launch(args[0], opts["--make-wav"], tmp)
        elif mode == "live":
            need_gi()
            check_live(args[0], tmp)
        elif mode == "inspect":
            check_inspect(*args[:2])
        else:
            print(__doc__)
            return 2
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
