#!/usr/bin/env python3
# gst-drmeter tests: --plot DIR and the near_boundary flag.
#
# usage: test-plot.py GST_DRMETER DRM_MAKE_WAV EXAMPLE_ALBUM TMPDIR
#
# Two albums of public fixtures (704 prints 10.50, 610 prints 12.50: near a
# rounding boundary; 802 prints 8.96: not) and a stereo FLAC with a short
# tail window. Checks the JSON flag, that each SVG parses as XML with one
# RMS and one peak series per channel of one point per window, that the
# picture states the flag, and that index.html shows every picture.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL: " + msg)


def run(args):
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if r.returncode != 0:
        print(r.stderr)
    check(r.returncode == 0, "%s exited %d" % (args, r.returncode))
    return r.stdout


def check_svg(path, track):
    root = ET.parse(path).getroot()          # raises if not XML
    check(root.tag == SVG + "svg", path + ": root is not svg")
    n = track["windows"]
    ch = track["channel_count"]
    check(root.get("data-windows") == str(n), path + ": data-windows")
    check(root.get("data-channels") == str(ch), path + ": data-channels")
    check(root.get("data-dr-value") == "%.2f" % track["dr_value"],
          path + ": data-dr-value " + str(root.get("data-dr-value")))
    check(root.get("data-near-boundary") ==
          ("true" if track["near_boundary"] else "false"),
          path + ": data-near-boundary")
    for cls in ("rms", "peak"):
        series = [e for e in root.iter(SVG + "polyline")
                  if e.get("class") == cls]
        check(len(series) == ch, "%s: %d %s series for %d channels" %
              (path, len(series), cls, ch))
        labels = [e.get("data-channel") for e in series]
        check(labels == [c["label"] for c in track["channels"]],
              "%s: %s series labels %s" % (path, cls, labels))
        for e in series:
            points = e.get("points").split()
            check(len(points) == n and e.get("data-points") == str(n),
                  "%s: %s series of %d points, %d windows" %
                  (path, cls, len(points), n))
            for p in points:
                x, y = (float(v) for v in p.split(","))
    text = " ".join("".join(t.itertext()) for t in root.iter(SVG + "text"))
    check(("DR%d" % track["dr"]) in text, path + ": no DR in the text")
    check(("near a rounding boundary" in text) == track["near_boundary"],
          path + ": the text says near-boundary wrongly")
    check(re.search(r"boundary at %s|from %s" % (
        re.escape(boundary(track["dr_value"])),
        re.escape(boundary(track["dr_value"]))), text) is not None,
        path + ": the nearest boundary is not named")
    # loud windows: shaded bands, at least one per channel
    loud = [g for g in root.iter(SVG + "g") if g.get("class") == "loud"]
    check(len(loud) == ch and all(len(list(g)) >= 1 for g in loud),
          path + ": loud windows not highlighted")
    marks = [e for e in root.iter(SVG + "path")
             if e.get("class") == "primary-peak"]
    check(len(marks) == ch, path + ": highest peak not marked per channel")


def boundary(v):
    c = round(float("%.2f" % v) * 100)
    return "%.2f" % ((c // 100 * 100 + 50) / 100)


def utf8_names(tool, make_wav, base):
    """Names in any script stay as they are: only '/' and control
    characters become '_', and a clash gets a number."""
    src = os.path.join(base, "utf8")
    omega = os.path.join(src, "Ωmega")
    other = os.path.join(src, "more", "Ωmega")
    os.makedirs(omega)
    os.makedirs(other)
    fixture = "704_display_10_50.wav"
    for d, name in ((omega, "Привет.wav"), (omega, "日本語 #1?.wav"),
                    (other, "tab\there.wav")):
        run([make_wav, fixture, os.path.join(d, name)])
    out = os.path.join(base, "utf8-plot")
    run([tool, "-q", "--plot", out, src])
    # more/Ωmega comes first (a folder's subfolders in name order)
    want = ["Ωmega/01-tab_here.svg", "Ωmega-2/01-Привет.svg",
            "Ωmega-2/02-日本語 #1?.svg"]
    for rel in want:
        check(os.path.exists(os.path.join(out, rel)), "no " + rel)
    index = os.path.join(out, "index.html")
    html = open(index, encoding="utf-8").read() \
        if os.path.exists(index) else ""
    check('<img src="Ωmega-2/02-日本語%20%231%3F.svg"' in html,
          "index.html does not link the UTF-8 name as a URL")


def main():
    tool, make_wav, example, tmp = sys.argv[1:5]
    base = os.path.join(tmp, "plot-test")
    shutil.rmtree(base, ignore_errors=True)
    a = os.path.join(base, "in", "Album A")
    b = os.path.join(base, "in", "Album B")
    os.makedirs(a)
    os.makedirs(b)
    for fx, d in (("704", a), ("802", a), ("610", b)):
        name = {"704": "704_display_10_50.wav", "802": "802_host_decode_s16.wav",
                "610": "610_aggregate_narrow_low.wav"}[fx]
        run([make_wav, name, os.path.join(d, name)])
    shutil.copy(os.path.join(example, "02 - Triangle.flac"), b)

    out = os.path.join(base, "plots")
    doc = json.loads(run([tool, "-q", "-j2", "--json", "--plot", out, a, b]))
    tracks = {}
    for album in doc["albums"]:
        for t in album["tracks"]:
            tracks[os.path.basename(t["file"])] = (album, t)
    want = {"704_display_10_50.wav": ("10.50", True),
            "802_host_decode_s16.wav": ("8.96", False),
            "610_aggregate_narrow_low.wav": ("12.50", True),
            "02 - Triangle.flac": ("6.96", False)}
    for f, (value, near) in want.items():
        t = tracks[f][1]
        check("%.2f" % t["dr_value"] == value, "%s: DR value %s" %
              (f, t["dr_value"]))
        check(t["near_boundary"] is near, "%s: near_boundary %s" %
              (f, t["near_boundary"]))
    for album in doc["albums"]:
        c = round(float("%.2f" % album["dr_value"]) * 100)
        check(album["near_boundary"] is (abs(c % 100 - 50) <= 5),
              "album near_boundary")

    # several albums: a subfolder each, files in log order
    expect = {"Album A/01-704_display_10_50.svg": "704_display_10_50.wav",
              "Album A/02-802_host_decode_s16.svg": "802_host_decode_s16.wav",
              "Album B/01-Triangle.svg": "02 - Triangle.flac",
              "Album B/02-610_aggregate_narrow_low.svg":
              "610_aggregate_narrow_low.wav"}
    index = os.path.join(out, "index.html")
    check(os.path.exists(index), "no index.html")
    html = open(index, encoding="utf-8").read() if os.path.exists(index) \
        else ""
    for rel, f in expect.items():
        path = os.path.join(out, rel)
        check(os.path.exists(path), "no " + rel)
        if os.path.exists(path):
            check_svg(path, tracks[f][1])
        check('<img src="%s"' % rel.replace(" ", "%20") in html,
              "index.html has no " + rel)
    check(html.count("<img ") == len(expect), "index.html image count")
    check(">DR11<" in html and ">10.50<" in html, "index.html lacks DR")

    # one album: the pictures straight in DIR
    out1 = os.path.join(base, "one")
    run([tool, "-q", "--plot", out1, a])
    check(sorted(os.listdir(out1)) ==
          ["01-704_display_10_50.svg", "02-802_host_decode_s16.svg",
           "index.html"], "one album: %s" % sorted(os.listdir(out1)))

    # the DR fallback (fixture 105: the second-highest peak lies below the
    # loud RMS): the bracket and the marks name the highest peak, the one
    # the DR was computed from
    fb = os.path.join(base, "fallback")
    os.makedirs(fb)
    run([make_wav, "105_negative_dr_fallback.wav",
         os.path.join(fb, "105_negative_dr_fallback.wav")])
    out2 = os.path.join(base, "fallback-plot")
    doc = json.loads(run([tool, "-q", "--json", "--plot", out2, fb]))
    t = doc["albums"][0]["tracks"][0]
    check("%.2f" % t["dr_value"] == "1.94", "105: DR %s" % t["dr_value"])
    svg = os.path.join(out2, "01-105_negative_dr_fallback.svg")
    check(os.path.exists(svg), "105: no plot")
    if os.path.exists(svg):
        root = ET.parse(svg).getroot()
        texts = ["".join(e.itertext()) for e in root.iter(SVG + "text")]
        peak = t["channels"][0]["peak_token"]
        check("highest = selected peak " + peak in texts,
              "105: the highest peak is not marked as the selected one")
        check("selected peak " + peak in texts,
              "105: the DR bracket does not start at the highest peak %s: %s"
              % (peak, [x for x in texts if "selected" in x]))
        check(not [e for e in root.iter(SVG + "path")
                   if e.get("class") == "selected-peak"],
              "105: a second-highest peak is marked as selected")

    utf8_names(tool, make_wav, base)

    if failures:
        print("%d failures" % len(failures))
        sys.exit(1)
    shutil.rmtree(base, ignore_errors=True)
    print("ok")


main()
