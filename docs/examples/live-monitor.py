#!/usr/bin/python3
# live-monitor.py: watches a live input and prints its running DR every
# second (or every --interval seconds).
#
# usage: live-monitor.py [--test-source] [--source DESC] [--seconds N]
#                        [--interval S]
#
# The input is the default capture device (autoaudiosrc) unless --source
# names another one in gst-launch syntax, or --test-source uses a live
# audiotestsrc (pink noise that gets louder and softer). Every report is
# the DR of everything heard so far, as if the track ended there. Ctrl-C,
# or --seconds N, ends the track: the final DR is printed and the program
# exits. Needs PyGObject (python3-gi).
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

TEST_SOURCE = ("audiotestsrc is-live=true wave=pink-noise samplesperbuffer=480 "
               "name=testsrc ! audio/x-raw,format=F32LE,rate=48000,channels=2")


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


def report_line(s):
    channels = " ".join(format_db(v) for v in array(s, "channel-dr"))
    return "%7s  DR%-3d  peak %7s dBFS  RMS %7s dBFS  channels [%s]" % (
        format_duration(s.get_uint64("duration")[1]), s.get_int("dr")[1],
        format_db(s.get_double("peak")[1]), format_db(s.get_double("rms")[1]),
        channels)


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
    args = ap.parse_args(argv)

    Gst.init(None)
    source = TEST_SOURCE if args.test_source else args.source
    interval = max(1, int(args.interval * Gst.SECOND))
    try:
        pipeline = Gst.parse_launch(
            "%s ! queue ! drmeter name=meter interval=%d ! fakesink sync=false"
            % (source, interval))
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
        # Make the test signal breathe: louder and softer every 2.5 s.
        testsrc = pipeline.get_by_name("testsrc")
        loud = [True]

        def swing():
            loud[0] = not loud[0]
            testsrc.set_property("volume", 0.8 if loud[0] else 0.05)
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
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, stop)
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
