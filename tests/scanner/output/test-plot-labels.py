#!/usr/bin/env python3
# gst-drmeter tests: --plot pictures render, and no label overlaps another.
#
# usage: test-plot-labels.py GST_DRMETER EXAMPLE_ALBUM TMPDIR
#
# Plots the bundled album and three odd tracks: a loud master whose highest
# and selected peaks sit at 0 dBFS (its long name also tests the title's
# fitting), a silent track, and a float track with one 1e30 sample (600
# dBFS, DR600 in its channel). Every SVG is rendered to PNG with
# rsvg-convert (librsvg2-bin; SKIP without it). Each text's box is the one
# librsvg draws: rsvg-convert --export-id renders an element alone,
# cropped to its extent, so a text rendered with a 1-pixel mark up and left
# of it gives its right and bottom edges, and with one down and right its
# left and top edges. No two boxes may intersect, and all
# lie on the canvas, and no segment of an RMS line may pass through one
# (the peak marks' labels used to sit on it). Then what the odd tracks
# must show: no points for
# silent windows, a subtitle saying they are silent, few dBFS labels on a
# 600 dB axis.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import array
import concurrent.futures
import copy
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import wave
import xml.etree.ElementTree as ET

NS = "http://www.w3.org/2000/svg"
SVG = "{%s}" % NS
ET.register_namespace("", NS)
failures = []
LONG_NAME = ("01 - A very long title that runs on past the DR value in the "
             "top right corner of the picture, and on and on")


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL: " + msg)


def write_wav16(path, rate, frames):
    """@frames: a list of (left, right) floats in [-1, 1], clipped."""
    data = array.array("h")
    for left, right in frames:
        for v in (left, right):
            data.append(max(-32768, min(32767, int(round(v * 32767)))))
    if sys.byteorder != "little":
        data.byteswap()
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data.tobytes())


def write_wav_float(path, rate, samples):
    """Interleaved stereo binary32 samples, WAVE_FORMAT_IEEE_FLOAT."""
    data = array.array("f", samples)
    if sys.byteorder != "little":
        data.byteswap()
    body = data.tobytes()
    fmt = struct.pack("<HHIIHH", 3, 2, rate, rate * 8, 8, 32)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(body))
                + b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
                + b"data" + struct.pack("<I", len(body)) + body)


def make_odd_tracks(folder):
    os.makedirs(folder)
    rate = 8000
    rnd = random.Random(14)
    # A loud master: noise driven into clipping, with a quieter middle.
    loud = []
    for i in range(rate * 30):
        gain = 1.0 if (i // (rate * 6)) % 2 == 0 else 0.4
        v = rnd.gauss(0, 0.6) * gain
        loud.append((v, v * 0.9))
    write_wav16(os.path.join(folder, LONG_NAME + ".wav"), rate, loud)
    write_wav16(os.path.join(folder, "02 - Silence.wav"), rate,
                [(0.0, 0.0)] * (rate * 10))
    tone = []
    for i in range(rate * 10):
        v = 0.1 * math.sin(2 * math.pi * 440 * i / rate)
        tone += [v, v]
    tone[2 * rate * 4] = 1e30
    write_wav_float(os.path.join(folder, "03 - Huge sample.wav"), rate, tone)


def png_size(png):
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", png[16:24])


def render(svg_bytes, export_id=None):
    cmd = ["rsvg-convert", "-f", "png"]
    if export_id:
        cmd += ["-i", export_id]
    p = subprocess.run(cmd, input=svg_bytes, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode(errors="replace"))
    return png_size(p.stdout)


def probe_doc(root, chain, text, mark):
    """@text alone, inside copies of its ancestor groups, with a 1 px mark
    at @mark (x, y)."""
    doc = ET.Element(SVG + "svg", {k: v for k, v in root.attrib.items()
                                   if not k.startswith("data-")})
    probe = ET.SubElement(doc, SVG + "g", {"id": "probe"})
    ET.SubElement(probe, SVG + "rect", {
        "x": "%.0f" % mark[0], "y": "%.0f" % mark[1], "width": "1",
        "height": "1", "fill": "#000000"})
    parent = probe
    for g in chain:
        parent = ET.SubElement(parent, SVG + "g", {
            k: v for k, v in g.attrib.items()
            if k not in ("class", "id") and not k.startswith("data-")})
    parent.append(copy.deepcopy(text))
    return ET.tostring(doc)


def marks(root, chain, text):
    """Two points surely up-left and down-right of @text's box: near it,
    so that the renders stay small (a turned text: the canvas' corners)."""
    if text.get("transform"):
        return (0, 0), (float(root.get("width")) - 1,
                        float(root.get("height")) - 1)
    size = 16.0
    for e in chain + [text]:
        size = float(e.get("font-size", size))
    reach = 0.8 * size * len("".join(text.itertext())) + 4
    x, y = float(text.get("x")), float(text.get("y"))
    return (x - reach, y - 2 * size), (x + reach, y + size)


def text_boxes(path):
    """[(text, (x0, y0, x1, y1))] as librsvg renders each <text>."""
    root = ET.parse(path).getroot()
    w, h = float(root.get("width")), float(root.get("height"))
    parents = {c: p for p in root.iter() for c in p}
    jobs = []
    for t in root.iter(SVG + "text"):
        chain, p = [], parents.get(t)
        while p is not None and p is not root:
            if p.tag == SVG + "g":
                chain.insert(0, p)
            p = parents.get(p)
        jobs.append((t, chain))

    def box(job):
        t, chain = job
        up_left, down_right = marks(root, chain, t)
        # cropped to mark + text: the size is the text's far edge from it
        right, bottom = render(probe_doc(root, chain, t, up_left), "probe")
        left, top = render(probe_doc(root, chain, t, down_right), "probe")
        return ("".join(t.itertext()),
                (down_right[0] + 1 - left, down_right[1] + 1 - top,
                 up_left[0] + right, up_left[1] + bottom))

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(box, jobs)), (w, h)


def overlap(a, b, slack=1.0):
    """Boxes sharing more than @slack px both ways (antialiasing and the
    whole-pixel crop make edges fuzzy by a pixel)."""
    return (min(a[2], b[2]) - max(a[0], b[0]) > slack and
            min(a[3], b[3]) - max(a[1], b[1]) > slack)


def check_labels(path):
    boxes, (w, h) = text_boxes(path)
    name = os.path.basename(path)
    for text, b in boxes:
        check(b[0] >= -1 and b[1] >= -1 and b[2] <= w + 1 and b[3] <= h + 1,
              "%s: %r (box %s) leaves the %dx%d canvas" %
              (name, text, fmt(b), w, h))
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            (ta, a), (tb, b) = boxes[i], boxes[j]
            check(not overlap(a, b), "%s: %r (box %s) overlaps %r (box %s)" %
                  (name, ta, fmt(a), tb, fmt(b)))
    return boxes


def segment_hits_box(p, q, b):
    """Whether the segment p-q passes through box b (Liang-Barsky)."""
    (x0, y0), (x1, y1) = p, q
    t0, t1 = 0.0, 1.0
    dx, dy = x1 - x0, y1 - y0
    for d, lo, hi, v in ((dx, b[0], b[2], x0), (dy, b[1], b[3], y0)):
        if d == 0:
            if v < lo or v > hi:
                return False
            continue
        a, c = (lo - v) / d, (hi - v) / d
        if a > c:
            a, c = c, a
        t0, t1 = max(t0, a), min(t1, c)
        if t0 > t1:
            return False
    return True


def check_curve(path, boxes):
    """No label lies on an RMS curve: each rendered text box, shrunk by a
    pixel of antialiasing, against every segment of every RMS line."""
    root = ET.parse(path).getroot()
    lines = []
    for e in root.iter(SVG + "polyline"):
        if e.get("class") == "rms":
            pts = [tuple(float(v) for v in xy.split(","))
                   for xy in e.get("points").split()]
            lines.append(pts)
    for text, b in boxes:
        inner = (b[0] + 1, b[1] + 1, b[2] - 1, b[3] - 1)
        hit = any(segment_hits_box(pts[i], pts[i + 1], inner)
                  for pts in lines for i in range(len(pts) - 1))
        check(not hit, "%s: %r (box %s) lies on the RMS curve" %
              (os.path.basename(path), text, fmt(b)))


def fmt(b):
    return "%.0f,%.0f-%.0f,%.0f" % b


def check_render(path):
    root = ET.parse(path).getroot()
    png = os.path.splitext(path)[0] + ".png"
    p = subprocess.run(["rsvg-convert", "-f", "png", "-o", png, path],
                       stderr=subprocess.PIPE, universal_newlines=True)
    check(p.returncode == 0 and not p.stderr,
          "rsvg-convert %s: %d %s" % (path, p.returncode, p.stderr))
    with open(png, "rb") as f:
        size = png_size(f.read(32))
    check(size == (int(root.get("width")), int(root.get("height"))),
          "%s renders as %s" % (png, size))


def series(root, cls, channel):
    return [e for e in root.iter(SVG + "polyline")
            if e.get("class") == cls and e.get("data-channel") == channel]


def texts(root):
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


def check_silent(path):
    root = ET.parse(path).getroot()
    for ch in ("FL", "FR"):
        for cls in ("rms", "peak"):
            check(not series(root, cls, ch),
                  "%s: silent windows drawn as %s points of %s" %
                  (path, cls, ch))
    bands = [g for g in root.iter(SVG + "g") if g.get("class") == "silent"]
    check(len(bands) == 2 and all(len(list(g)) >= 1 for g in bands),
          "%s: no silent band in each panel" % path)
    subtitles = [t for t in texts(root) if "silent" in t and "windows" in t]
    check(len(subtitles) == 2 and all("- dB" not in t for t in subtitles),
          "%s: subtitles %r do not say the windows are silent" %
          (path, subtitles))
    check(not any("-inf" in t for t in texts(root) if "peak" in t and
                  ("highest" in t or "selected" in t)),
          "%s: a peak mark for a silent channel" % path)


def check_huge(path, boxes):
    root = ET.parse(path).getroot()
    check(root.get("data-dr") == "300", "%s: data-dr %s, want 300 (DR600 "
          "and DR0 channels)" % (path, root.get("data-dr")))
    axis = [t for t, b in boxes if b[2] <= 60 and t.lstrip("-").isdigit()]
    check(0 < len(axis) <= 2 * 12, "%s: %d dBFS labels on the two axes" %
          (path, len(axis)))


def check_loud(path):
    root = ET.parse(path).getroot()
    all_text = texts(root)
    # per channel: the triangle's label; the diamond's and the bracket's
    for want, n in (("highest peak 0.00", 2), ("selected peak 0.00", 4)):
        check(sum(t == want for t in all_text) == n,
              "%s: %r not %d times" % (path, want, n))
    title = all_text[0]
    check(title.endswith("\u2026") and title.startswith("01 \u00b7 01 - A very"),
          "%s: the long title is not cut short: %r" % (path, title))


def main():
    tool, album, tmp = sys.argv[1:4]
    if not shutil.which("rsvg-convert"):
        print("SKIP: rsvg-convert (librsvg2-bin) is not installed")
        return 77
    work = os.path.join(tmp, "plot-labels")
    shutil.rmtree(work, ignore_errors=True)
    odd = os.path.join(work, "in", "odd")
    make_odd_tracks(odd)
    plots = os.path.join(work, "plots")
    p = subprocess.run([tool, "-q", "--plot", plots, album, odd],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       universal_newlines=True)
    check(p.returncode == 0, "gst-drmeter exited %d: %s" %
          (p.returncode, p.stderr))
    svgs = sorted(os.path.join(d, f) for d, _, fs in os.walk(plots)
                  for f in fs if f.endswith(".svg"))
    check(len(svgs) == 6, "%d pictures, want 6: %s" % (len(svgs), svgs))
    for path in svgs:
        check_render(path)
        boxes = check_labels(path)
        check_curve(path, boxes)
        print("%s: %d labels, none overlapping" % (path, len(boxes))
              if not failures else path)
        base = os.path.basename(path)
        if "A_very_long" in base:
            check_loud(path)
        elif "Silence" in base:
            check_silent(path)
        elif "Huge" in base:
            check_huge(path, boxes)
    if failures:
        print("%d failures" % len(failures))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
