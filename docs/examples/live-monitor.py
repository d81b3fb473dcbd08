#!/usr/bin/python3
# live-monitor.py: watches a live input and prints, every second (or every
# --interval seconds), its DR since the start beside the DR of the last few
# minutes.
#
# usage: live-monitor.py [--test-source] [--source DESC] [--seconds N]
#                        [--interval S] [--recent WINDOWS]
#
# The input is the default capture device (autoaudiosrc) unless --source
# names another one in gst-launch syntax, or --test-source uses a live
# audiotestsrc (pink noise that is steady for half a minute, then gets
# louder and softer for half a minute, and so on). Left on each line: the
# DR of everything heard so far, as if the track ended there. Right: the
# DR of the last --recent complete windows of about 3 s (default 100, five
# minutes), measured as a track of their own; it follows the changes that
# the DR since the start soon stops showing. Ctrl-C, or --seconds N, ends
# the track: the final values are printed and the program exits. Needs
# PyGObject (python3-gi).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import argparse
import math
import signal
import sys
import warnings

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Gst  # noqa: E402

try:
    # GLib 2.80 moved unix_signal_add to GLibUnix.signal_add, and PyGObject
    # 3.52 and later warn on the old name; Debian 12 and 13 have only the
    # old one (13's GLibUnix lacks signal_add).
    gi.require_version("GLibUnix", "2.0")
    from gi.repository import GLibUnix  # noqa: E402
    unix_signal_add = GLibUnix.signal_add
except (ValueError, ImportError, AttributeError):
    unix_signal_add = GLib.unix_signal_add

TEST_SOURCE = ("audiotestsrc is-live=true wave=pink-noise volume=0.5 "
               "samplesperbuffer=480 name=testsrc ! "
               "audio/x-raw,format=F32LE,rate=48000,channels=2")


def format_db(v):
    """dBFS and DR values as the report prints them."""
    if v == -math.inf:
        return "-inf"
    if -0.01 < v < 0.01:
        v = (math.floor(100.0 * v + 0.5) if v >= 0 else math.ceil(100.0 * v - 0.5)) / 100.0
    s = "%.2f" % v
    return "0.00" if s == "-0.00" else s


def format_duration(ns):
    s = int(ns // Gst.SECOND)
    return "%d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60) if s >= 3600 \
        else "%d:%02d" % (s // 60, s % 60)


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


def values(s, prefix):
    """DR, peak, RMS and per-channel DR of the track (prefix "") or of the
    recent windows (prefix "recent-"), as printed."""
    channels = " ".join(format_db(v) for v in array(s, prefix + "channel-dr"))
    return "DR%-3d  peak %7s dBFS  RMS %7s dBFS  channels [%s]" % (
        s.get_int(prefix + "dr")[1], format_db(s.get_double(prefix + "peak")[1]),
        format_db(s.get_double(prefix + "rms")[1]), channels)


def window_frames(rate):
    """Frames in one analysis window: floor(rate x 3.0040816326530613)."""
    return int(math.floor(rate * 3.0040816326530613))


def report_line(s):
    line = "%7s  %s" % (format_duration(s.get_uint64("duration")[1]), values(s, ""))
    if s.has_field("recent-windows"):
        n = s.get_uint64("recent-windows")[1]
        if n == 0:
            line += "  |  last windows: none complete yet"
        else:
            rate = s.get_int("rate")[1]
            span = n * window_frames(rate) * Gst.SECOND // rate
            line += "  |  last %s (%d window%s)  %s" % (
                format_duration(span), n, "" if n == 1 else "s",
                values(s, "recent-"))
    return line


def main(argv):
    ap = argparse.ArgumentParser(description="Print the running DR of a live input.")
    ap.add_argument("--test-source", action="store_true",
                    help="use a live audiotestsrc instead of the capture device")
    ap.add_argument("--source", default="autoaudiosrc",
                    help="source in gst-launch syntax (default: autoaudiosrc)")
    ap.add_argument("--seconds", type=float, default=0,
                    help="stop after this many seconds (default: run until Ctrl-C)")
    ap.add_argument("--interval", type=float, default=1.0,
                    help="seconds of audio between reports (default: 1)")
    ap.add_argument("--recent", type=int, default=100,
                    help="windows (about 3 s each) in the recent DR; "
                    "0 turns it off (default: 100, five minutes)")
    args = ap.parse_args(argv)

    Gst.init(None)
    source = TEST_SOURCE if args.test_source else args.source
    interval = max(1, int(args.interval * Gst.SECOND))
    try:
        pipeline = Gst.parse_launch(
            "%s ! queue ! drmeter name=meter interval=%d recent=%d ! "
            "fakesink sync=false" % (source, interval, max(0, args.recent)))
    except GLib.Error as e:
        print("live-monitor.py: %s" % e.message, file=sys.stderr)
        return 1

    loop = GLib.MainLoop()
    status = [0]
    stopping = [False]

    def stop(*_):
        # EOS ends the track: drmeter posts the final report before it.
        if not stopping[0]:
            stopping[0] = True
            pipeline.send_event(Gst.Event.new_eos())
        return False

    if args.test_source:
        # Make the test signal's dynamics change: steady for 30 s, then
        # louder and softer every 2.5 s for 30 s, and again.
        testsrc = pipeline.get_by_name("testsrc")
        ticks = [0]

        def swing():
            ticks[0] += 1
            steady = (ticks[0] // 12) % 2 == 0
            loud = steady or ticks[0] % 2 == 0
            testsrc.set_property("volume", 0.5 if steady else 0.8 if loud else 0.05)
            return True

        GLib.timeout_add(2500, swing)

    def on_message(_bus, msg):
        if msg.type == Gst.MessageType.ELEMENT:
            s = msg.get_structure()
            if s.get_name() == "drmeter":
                final = s.get_boolean("final")[1]
                print(("final  " if final else "running") + report_line(s), flush=True)
        elif msg.type == Gst.MessageType.ERROR:
            print("live-monitor.py: %s" % msg.parse_error()[0].message, file=sys.stderr)
            status[0] = 1
            loop.quit()
        elif msg.type == Gst.MessageType.EOS:
            loop.quit()
        return True

    bus = pipeline.get_bus()
    bus.add_watch(GLib.PRIORITY_DEFAULT, on_message)
    unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, stop)
    if args.seconds > 0:
        GLib.timeout_add(int(args.seconds * 1000), stop)

    if pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
        print("live-monitor.py: cannot start the input", file=sys.stderr)
        return 1
    try:
        loop.run()
    finally:
        pipeline.set_state(Gst.State.NULL)
        bus.remove_watch()
    return status[0]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
