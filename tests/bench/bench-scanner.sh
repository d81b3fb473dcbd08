#!/bin/sh
# gst-drmeter benchmark (on demand): the scanner's throughput on a folder of
# FLAC albums, against decoding alone (filesrc ! decodebin ! fakesink over
# the same files with the same parallelism, one process, one main loop, as
# the scanner runs them) and against ffmpeg's drmeter filter; and the
# scanner's peak memory for 100 files against one.
#
#   tests/bench/bench-scanner.sh [build-dir] [work-dir]
#
# Environment: ALBUMS (2), TRACKS per album (10), SECONDS per track (180),
# RUNS per measurement, best kept (3), KEEP=1 keeps the generated files.
# Needs gstreamer1.0-tools, gstreamer1.0-plugins-base/good, python3-gi,
# time (/usr/bin/time); ffmpeg is used when installed.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu
# every scan measures: no result cache
export GST_DRMETER_CACHE=off

BUILD=$(cd "${1:-build}" && pwd)
WORK=${2:-${TMPDIR:-/tmp}/gst-drmeter-bench}
ALBUMS=${ALBUMS:-2}
TRACKS=${TRACKS:-10}
SECONDS_PER_TRACK=${SECONDS:-180}
RUNS=${RUNS:-3}
TOOL=$BUILD/gst/tool/gst-drmeter
PY=/usr/bin/python3

[ -x "$TOOL" ] || { echo "no $TOOL: build first" >&2; exit 2; }
export GST_PLUGIN_PATH_1_0="$BUILD/gst"
mkdir -p "$WORK"

# --- material --------------------------------------------------------------
# Music-like enough for FLAC: pink noise at a level that changes per track,
# a sine and ticks, 16-bit stereo 44.1 kHz.
buffers=$((SECONDS_PER_TRACK * 44100 / 1024))
# make_track FILE VOLUME FREQ BUFFERS (kept when it exists)
make_track() {
  out=$1 vol=$2 freq=$3 n=$4
  [ -s "$out" ] && return 0
  gst-launch-1.0 -q audiomixer name=m ! \
    audio/x-raw,format=S16LE,rate=44100,channels=2 ! flacenc ! \
    filesink location="$out" \
    audiotestsrc wave=pink-noise volume="$vol" num-buffers=$n ! \
      audio/x-raw,rate=44100,channels=2 ! m. \
    audiotestsrc wave=sine freq="$freq" volume=0.1 num-buffers=$n ! \
      audio/x-raw,rate=44100,channels=2 ! m. \
    audiotestsrc wave=ticks freq=880 volume=0.5 tick-interval=500000000 \
      num-buffers=$n ! audio/x-raw,rate=44100,channels=2 ! m.
}

a=1
while [ $a -le "$ALBUMS" ]; do
  mkdir -p "$WORK/albums/album$a"
  t=1
  while [ $t -le "$TRACKS" ]; do
    vol=$(echo "$t" | awk '{ printf "%.2f", 0.1 + 0.05 * ($1 % 8) }')
    make_track "$WORK/albums/album$a/$(printf %02d "$t").flac" "$vol" \
      $((110 * t)) $buffers
    t=$((t + 1))
  done
  a=$((a + 1))
done
# memory: 100 files of 30 s against as many as run at once (1 or 2)
mkdir -p "$WORK/hundred" "$WORK/one" "$WORK/two"
make_track "$WORK/one/01.flac" 0.3 440 $((30 * 44100 / 1024))
[ -s "$WORK/two/01.flac" ] || cp "$WORK/one/01.flac" "$WORK/two/01.flac"
[ -s "$WORK/two/02.flac" ] || cp "$WORK/one/01.flac" "$WORK/two/02.flac"
i=1
while [ $i -le 100 ]; do
  f="$WORK/hundred/$(printf %03d $i).flac"
  [ -s "$f" ] || cp "$WORK/one/01.flac" "$f"
  i=$((i + 1))
done

find "$WORK/albums" -name '*.flac' | sort > "$WORK/files.txt"
nfiles=$(wc -l < "$WORK/files.txt")
audio=$((nfiles * SECONDS_PER_TRACK))
mb=$(du -sm "$WORK/albums" | cut -f1)

# --- decoding alone, same parallelism, one process ---------------------------
cat > "$WORK/decode.py" <<'EOF'
import sys, gi
gi.require_version('Gst', '1.0')
from gi.repository import Gst, GLib
Gst.init(None)
jobs = int(sys.argv[1])
files = [l.rstrip('\n') for l in open(sys.argv[2])]
loop = GLib.MainLoop()
running = []

def start():
    while files and len(running) < jobs:
        p = Gst.parse_launch('filesrc name=s ! decodebin ! fakesink sync=false')
        p.get_by_name('s').set_property('location', files.pop(0))
        bus = p.get_bus()
        bus.add_signal_watch()
        bus.connect('message', on_message, p)
        running.append(p)
        p.set_state(Gst.State.PLAYING)
    if not running:
        loop.quit()

def on_message(bus, msg, p):
    if msg.type in (Gst.MessageType.EOS, Gst.MessageType.ERROR):
        if msg.type == Gst.MessageType.ERROR:
            print(msg.parse_error(), file=sys.stderr)
        bus.remove_signal_watch()
        p.set_state(Gst.State.NULL)
        running.remove(p)
        GLib.idle_add(start)

GLib.idle_add(start)
loop.run()
EOF

# measure NAME CMD...: one run; keeps NAME's best wall time and best CPU
# time (user + sys of every process) in $WORK/NAME.best
measure() {
  name=$1
  shift
  /usr/bin/time -f "%e %U %S" -o "$WORK/time.out" "$@" > /dev/null
  awk -v f="$WORK/$name.best" '
    { w = $1; c = $2 + $3 }
    END {
      if ((getline line < f) > 0) { split(line, o, " ");
        if (o[1] < w) w = o[1]; if (o[2] < c) c = o[2] }
      print w, c > f
    }' "$WORK/time.out"
}

# page cache warm for everyone
xargs cat < "$WORK/files.txt" > /dev/null
rm -f "$WORK"/*.best

# The runs are interleaved (decode, scanner, ffmpeg, decode, ...) so that
# a change of load on a shared machine hits all alike.
r=0
while [ $r -lt "$RUNS" ]; do
  for j in 1 2; do
    measure decode$j "$PY" "$WORK/decode.py" $j "$WORK/files.txt"
    measure scan$j "$TOOL" -q -j $j "$WORK/albums"
    if command -v ffmpeg > /dev/null; then
      measure ffmpeg$j xargs -P $j -I{} ffmpeg -nostdin -hide_banner \
        -loglevel error -i {} -af drmeter -f null - < "$WORK/files.txt"
    fi
  done
  r=$((r + 1))
done

echo "Material: $nfiles FLAC files, $ALBUMS albums, ${SECONDS_PER_TRACK} s each" \
  "($audio s of audio, $mb MB); best of $RUNS interleaved runs; $(nproc) CPUs"
echo
echo "| what | jobs | wall s | x real time | throughput vs decode alone | CPU s | CPU vs decode alone |"
echo "|---|---|---|---|---|---|---|"
row() {
  label=$1 name=$2 j=$3
  [ -f "$WORK/$name$j.best" ] || return 0
  cat "$WORK/$name$j.best" "$WORK/decode$j.best" | tr '\n' ' ' |
    awk -v l="$label" -v j=$j -v a=$audio '{
      printf "| %s | %d | %.2f | %.0f | %.2f | %.2f | %.2f |\n",
        l, j, $1, a / $1, $3 / $1, $2, $2 / $4 }'
}
for j in 1 2; do
  row "decodebin ! fakesink" decode $j
  row "gst-drmeter" scan $j
  row "ffmpeg -af drmeter" ffmpeg $j
done
# start-up costs, included above: Python with gi, and the scanner
mkdir -p "$WORK/empty"
: > "$WORK/none.txt"
measure start-decode "$PY" "$WORK/decode.py" 1 "$WORK/none.txt"
measure start-scan "$TOOL" -q "$WORK/empty"
cat "$WORK/start-decode.best" "$WORK/start-scan.best" | tr '\n' ' ' |
  awk '{ printf "\nStart-up (included above): Python and gi %.2f s, gst-drmeter %.2f s\n", $1, $3 }'
cat "$WORK/scan1.best" "$WORK/scan2.best" | tr '\n' ' ' |
  awk '{ printf "gst-drmeter -j 2 vs -j 1: %.2fx the throughput\n", $1 / $3 }'

echo
# peak RSS, the highest of RUNS runs
peak() {
  m=0
  r=0
  while [ $r -lt "$RUNS" ]; do
    k=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
    [ "$k" -gt "$m" ] && m=$k
    r=$((r + 1))
  done
  echo "$m" | awk '{ printf "%.1f MiB", $1 / 1024 }'
}
echo "| peak memory (max RSS, highest of $RUNS runs) | files measured at once | as many files | 100 files |"
echo "|---|---|---|---|"
echo "| gst-drmeter -j 1 | 1 | $(peak "$TOOL" -q -j 1 "$WORK/one") |" \
  "$(peak "$TOOL" -q -j 1 "$WORK/hundred") |"
echo "| gst-drmeter -j 2 | 2 | $(peak "$TOOL" -q -j 2 "$WORK/two") |" \
  "$(peak "$TOOL" -q -j 2 "$WORK/hundred") |"

[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
