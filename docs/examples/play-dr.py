#!/usr/bin/python3
# play-dr.py: plays audio files through drmeter and prints their DR.
#
# usage: play-dr.py [--play] [--tags] FILE-OR-URI...
#
# The files (one album) are decoded one after another, as fast as possible,
# into a fakesink; --play sends them to the speakers instead (in real time).
# Each finished track prints one line laid out like foobar2000's DR log,
# then one line per channel; the album value ("Official DR value") comes
# last. One drmeter element measures all the files, so its album is theirs.
#
# --tags then prints, per file, the two tags foobar2000's DR Meter writes
# (DYNAMIC RANGE from the track's final message's `dr`, ALBUM DYNAMIC RANGE
# from the last track's `album-dr`): what an application hands to its
# tagger. This example writes no file; `gst-drmeter --write-tags` does,
# safely (see docs/gst-drmeter.md, TAGS). Needs PyGObject (python3-gi).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import math
import os
import sys
import warnings

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402


def format_db(v):
    """dBFS and DR values as the report prints them: two decimals, "-inf"
    for silence, never "-0.00"."""
    if v == -math.inf:
        return "-inf"
    if -0.01 < v < 0.01:
        v = (math.floor(100.0 * v + 0.5) if v >= 0 else math.ceil(100.0 * v - 0.5)) / 100.0
    s = "%.2f" % v
    return "0.00" if s == "-0.00" else s


def format_duration(frames, rate):
    """Seconds rounded half away from zero, as m:ss or h:mm:ss (longer
    tracks get days and weeks in front)."""
    x = frames / rate if rate else 0.0
    s = int(x)
    if x - s >= 0.5:
        s += 1
    weeks, days, hours = s // 604800, s // 86400 % 7, s // 3600 % 24
    out = ""
    if weeks:
        out += "%dwk " % weeks
    if weeks or days:
        out += "%dd " % days
    if weeks or days or hours:
        return out + "%d:%02d:%02d" % (hours, s // 60 % 60, s % 60)
    return "%d:%02d" % (s // 60 % 60, s % 60)


def array(s, field):
    """The items of a GstValueArray field (channel-dr and the like). With
    gst-python's overrides get_value() gives them; without, the way in is
    GObject.ValueArray, whose get_nth() is deprecated but works."""
    try:
        return list(s.get_value(field))
    except TypeError:
        pass
    ok, arr = s.get_array(field)
    if not ok:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return [arr.get_nth(i) for i in range(arr.n_values)]


def print_track(s, name):
    dr = s.get_int("dr")[1]
    frames = s.get_uint64("frames")[1]
    rate = s.get_int("rate")[1]
    print("%-5s%10s dBFS%9s dBFS%10s %s" % (
        "DR%d" % dr, format_db(s.get_double("peak")[1]),
        format_db(s.get_double("rms")[1]), format_duration(frames, rate), name))
    for c, (pos, d, p, r) in enumerate(zip(array(s, "channel-positions"),
                                           array(s, "channel-dr"),
                                           array(s, "channel-peak"),
                                           array(s, "channel-rms"))):
        print("  channel %d (%s): DR %s, peak %s dBFS, RMS %s dBFS"
              % (c + 1, pos, format_db(d), format_db(p), format_db(r)))


def to_uri(src):
    return src if Gst.uri_is_valid(src) else Gst.filename_to_uri(os.path.abspath(src))


def main(argv):
    Gst.init(None)
    play = "--play" in argv
    tags = "--tags" in argv
    inputs = [a for a in argv if a not in ("--play", "--tags")]
    if not inputs:
        print("usage: play-dr.py [--play] [--tags] FILE-OR-URI...", file=sys.stderr)
        return 2

    pipeline = Gst.Pipeline.new("play-dr")
    decoder = Gst.ElementFactory.make("uridecodebin")
    meter = Gst.ElementFactory.make("drmeter")
    if play:
        sink = Gst.parse_bin_from_description(
            "audioconvert ! audioresample ! autoaudiosink", True)
    else:
        sink = Gst.ElementFactory.make("fakesink")
        if sink:
            sink.set_property("sync", False)
    if not decoder or not meter or not sink:
        print("play-dr.py: missing element (is GST_PLUGIN_PATH set for drmeter?)",
              file=sys.stderr)
        return 1
    for e in (decoder, meter, sink):
        pipeline.add(e)
    meter.link(sink)

    def on_pad_added(_decoder, pad):
        sinkpad = meter.get_static_pad("sink")
        caps = pad.get_current_caps() or pad.query_caps(None)
        if (not sinkpad.is_linked() and caps and not caps.is_empty()
                and caps.get_structure(0).get_name().startswith("audio/")):
            if pad.link(sinkpad) != Gst.PadLinkReturn.OK:
                print("play-dr.py: drmeter cannot take %s" % caps.to_string(),
                      file=sys.stderr)

    decoder.connect("pad-added", on_pad_added)

    # The same pipeline, so the same drmeter, for every file: the element's
    # album keeps accumulating across them (until its "reset" signal).
    status = 0
    album = None
    track_dr = {}
    for src in inputs:
        decoder.set_property("uri", to_uri(src))
        pipeline.set_state(Gst.State.PLAYING)
        try:
            ok, finals = run(pipeline, os.path.basename(src))
        finally:
            pipeline.set_state(Gst.State.NULL)
        if not ok:
            status = 1
        if finals:
            track_dr[src] = finals[-1][0]
            album = finals[-1][1:]
    if album:
        print("Official DR value: DR%d (%d track%s)"
              % (album[0], album[1], "" if album[1] == 1 else "s"))
    elif status == 0:
        print("play-dr.py: nothing was measured", file=sys.stderr)
    if tags and album:
        print_tags(inputs, track_dr, album[0])
    return status


def print_tags(inputs, track_dr, album_dr):
    """The tags of foobar2000's DR Meter: the last track's album-dr is the
    whole album's value, so they are known only once every file is done; an
    album with a file not measured gets none."""
    if len(track_dr) != len(inputs):
        print("play-dr.py: not every file was measured: no tags", file=sys.stderr)
        return
    for src in inputs:
        print("%s: DYNAMIC RANGE=%d, ALBUM DYNAMIC RANGE=%d"
              % (src, track_dr[src], album_dr))


def run(pipeline, name):
    """Prints every final report until EOS. Returns (no error, the final
    reports' (dr, album-dr, album-tracks))."""
    finals = []
    ok = True
    bus = pipeline.get_bus()
    while True:
        msg = bus.timed_pop_filtered(
            Gst.CLOCK_TIME_NONE,
            Gst.MessageType.ELEMENT | Gst.MessageType.EOS | Gst.MessageType.ERROR)
        if msg.type == Gst.MessageType.ERROR:
            print("play-dr.py: %s: %s" % (name, msg.parse_error()[0].message),
                  file=sys.stderr)
            ok = False
            break
        if msg.type == Gst.MessageType.EOS:
            break
        s = msg.get_structure()
        if s.get_name() == "drmeter" and s.get_boolean("final")[1]:
            print_track(s, name)
            finals.append((s.get_int("dr")[1], s.get_int("album-dr")[1],
                           s.get_uint("album-tracks")[1]))
    return ok, finals


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
