#!/bin/sh
# gst-drmeter benchmark (on demand): the peak memory of the measuring
# process for each format (and so each decoder), one 5-minute stereo
# 44.1 kHz file of each, scanned alone with -j 1. The table of
# docs/benchmarks.md ("Memory per decoder"). Memory does not depend on the
# machine's load, so this may run on a busy machine.
#
#   tests/bench/bench-rss-formats.sh [build-dir] [work-dir]
#
# The files are made here by sox and ffmpeg (a format ffmpeg cannot write
# is left out). Each process's peak is its VmHWM sampled every 10 ms
# (peak-rss.py); the worker is the process that runs the decoder, and the
# decoder named is the one the worker created (GStreamer's element factory
# log, GST_DEBUG_FILE with the pid in its name); none: the scanner's own
# reader (WAV, AIFF) feeds the meter.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-build}" && pwd)
WORK=${2:-${TMPDIR:-/tmp}/gst-drmeter-bench}/formats
TOOL=$BUILD/gst/tool/gst-drmeter
# every scan measures in a worker: no result cache
export GST_DRMETER_CACHE=off
[ -x "$TOOL" ] || { echo "no $TOOL: build first" >&2; exit 2; }
export GST_PLUGIN_PATH_1_0="$BUILD/gst"
mkdir -p "$WORK"
src=$WORK/src.wav
[ -f "$src" ] || sox -n -r 44100 -b 16 -c 2 "$src" synth 300 pinknoise \
  sine 220 vol 0.4 tremolo 0.05 90
# name:ffmpeg options (the file's extension is the name's)
for spec in "flac:" "wav:" "aiff:" "wv:" "tta:" "ogg:-c:a libvorbis" \
    "opus:-c:a libopus" "mp3:-c:a libmp3lame" "aac.m4a:-c:a aac" \
    "alac.m4a:-c:a alac" "wma:-c:a wmav2"; do
  name=${spec%%:*}
  opts=${spec#*:}
  [ -f "$WORK/t.$name" ] || {
    # shellcheck disable=SC2086
    ffmpeg -nostdin -v error -y -i "$src" $opts "$WORK/t.$name" 2>/dev/null ||
      rm -f "$WORK/t.$name"
  }
done
# a first scan brings GStreamer's registry up to date
"$TOOL" -q "$WORK/t.flac" > /dev/null

echo "gst-drmeter peak memory per format, $(date -u '+%Y-%m-%d %H:%M UTC')," \
  "-j 1, GStreamer $(gst-inspect-1.0 --version | sed -n 's/.*GStreamer //p')," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| file (5 min) | decoder | worker | scanner (parent) |"
echo "|---|---|---|---|"
for f in "$WORK"/t.*; do
  name=${f#"$WORK"/t.}
  out=$WORK/rss-$name.out
  /usr/bin/python3 "$HERE/peak-rss.py" -- "$TOOL" -q -j 1 "$f" > "$out" ||
    { echo "| $name | scan failed: $(tail -n 1 "$out") | | |"; continue; }
  # the decoder: the one the worker created, from GStreamer's log of it
  rm -f "$WORK"/dbg-*.log
  GST_DEBUG=GST_ELEMENT_FACTORY:4 GST_DEBUG_NO_COLOR=1 \
    GST_DEBUG_FILE="$WORK/dbg-%p.log" "$TOOL" -q -j 1 "$f" > /dev/null 2>&1 || :
  dec=$(cat "$WORK"/dbg-*.log | sed -n 's/.*creating element "\([a-z0-9_]*dec[a-z0-9_]*\)".*/\1/p' |
    grep -v -x decodebin | sort -u | tr '\n' ' ' | sed 's/ $//')
  awk -v name="$name" -v dec="${dec:-scanner's own reader}" '
    function mib(k) { return sprintf("%.1f", k / 1024) }
    $1 == "parent" { parent = mib($3) }
    $1 == "child" && / --worker / { if ($3 > w) w = $3 }
    END { printf "| %s | %s | %s MiB | %s MiB |\n", name, dec, mib(w), parent }
  ' "$out"
done
