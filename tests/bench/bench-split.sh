#!/bin/sh
# gst-drmeter benchmark (on demand): long files and a mixed library against
# decoding alone, the timing figures of docs/benchmarks.md ("Long files and
# a mixed library"). Time it only on an idle machine: with other jobs
# running, -j 2 has no second core to use and the figures mean nothing.
#
#   tests/bench/bench-split.sh [build-dir] [work-dir]
#
# The material (make-material.sh, made first if missing; kept in work-dir
# for the next run): a 60-minute 16/44.1 FLAC, a 60-minute 24/96 FLAC and a
# library of 30 FLAC files of 2 to 50 minutes, from real music.
#
# In one run, RUNS rounds (3), each round alternating every command once,
# so that a change of the machine's load hits them all alike; medians:
# 1. each long file: gst-drmeter -j 1, gst-drmeter -j 2 (split in two
#    parts), flac -d to /dev/null, ffmpeg -af drmeter;
# 2. the library: the sum of its files' one-core decode times (flac -d,
#    one file after the other), gst-drmeter -j 1 and -j 2 on the folder;
#    the ideal for -j N is that sum over N.
# Wall seconds and CPU seconds (user + system, all processes); MB/s is the
# FLAC file's bytes per wall second per core the command may use. The
# 1-minute load average is read before every round and at the end.
#
# Environment: RUNS (3); SCALE (100), passed to make-material.sh. Needs
# flac, ffmpeg, /usr/bin/time and what make-material.sh needs.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

RUNS=${RUNS:-3}
for p in flac ffmpeg /usr/bin/time; do
  command -v $p > /dev/null || { echo "SKIP: no $p" >&2; exit 77; }
done
. "$(dirname "$0")/scan-setup.sh"
T=$WORK/times
rm -rf "$T"
mkdir -p "$T"

# --- helpers --------------------------------------------------------------
# timed NAME CMD...: one run; "wall cpu" appended to $T/NAME
timed() {
  name=$1
  shift
  /usr/bin/time -f "%e %U %S" -o "$T/time.out" "$@" > /dev/null 2>&1
  awk '{ print $1, $2 + $3 }' "$T/time.out" >> "$T/$name"
}
# median NAME [COLUMN]: the median of a column of $T/NAME (1 wall, 2 cpu)
median() {
  awk -v c="${2:-1}" '{ print $c }' "$T/$1" | sort -n | awk '
    { v[NR] = $1 }
    END { if (NR % 2) print v[(NR + 1) / 2];
      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# mbps BYTES SECONDS CORES: MB (10^6 bytes) per second per core
mbps() {
  awk -v b="$1" -v t="$2" -v c="$3" 'BEGIN { printf "%.1f", b / 1e6 / t / c }'
}
load() { cut -d' ' -f1 /proc/loadavg >> "$T/load"; }
minutes() { metaflac --show-total-samples --show-sample-rate "$1" |
  paste - - | awk '{ printf "%.0f", $1 / $2 / 60 }'; }

# everything read once, so that every run reads from the page cache; one
# scan of a small file first, so that GStreamer's registry is brought up to
# date (after a build) outside the timed runs
cat "$WORK"/long16.flac "$WORK"/long24.flac "$WORK"/lib/*.flac > /dev/null
"$TOOL" -q "$WORK/small/0001.flac" > /dev/null

echo "gst-drmeter long-file benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')," \
  "$(nproc) cores, $RUNS rounds, medians"
echo "$(flac --version), $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

r=0
while [ $r -lt "$RUNS" ]; do
  load
  for f in long16 long24; do
    timed "$f.j1" "$TOOL" -q -j 1 "$WORK/$f.flac"
    timed "$f.j2" "$TOOL" -q -j 2 "$WORK/$f.flac"
    timed "$f.flac" flac -s -d -c "$WORK/$f.flac"
    timed "$f.ffmpeg" ffmpeg -nostdin -v error -i "$WORK/$f.flac" \
      -af drmeter -f null -
  done
  # the one-core decode of every library file, one after the other
  timed lib.decode sh -c 'for f in "$1"/lib/*.flac; do
    flac -s -d -c "$f" > /dev/null; done' sh "$WORK"
  timed lib.j1 "$TOOL" -q -j 1 "$WORK/lib"
  timed lib.j2 "$TOOL" -q -j 2 "$WORK/lib"
  r=$((r + 1))
done
load
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "1-minute load average over the rounds: $(sort -n "$T/load" | head -1)" \
  "to $(sort -n "$T/load" | tail -1)"
echo

# --- 1. long files --------------------------------------------------------
echo "| file | -j 1 s | -j 2 s | flac -d s | ffmpeg -af drmeter s |" \
  "-j 1 / -j 2 | -j 1 / flac -d | MB/s per core: -j 1, -j 2, flac -d |" \
  "CPU s: -j 1, -j 2, flac -d, ffmpeg |"
echo "|---|---|---|---|---|---|---|---|---|"
for f in long16 long24; do
  bytes=$(stat -c %s "$WORK/$f.flac")
  j1=$(median "$f.j1")
  j2=$(median "$f.j2")
  fl=$(median "$f.flac")
  ff=$(median "$f.ffmpeg")
  bits=$(metaflac --show-bps "$WORK/$f.flac")
  rate=$(metaflac --show-sample-rate "$WORK/$f.flac")
  khz=$(awk -v r="$rate" 'BEGIN { printf "%g", r / 1000 }')
  echo "| $(minutes "$WORK/$f.flac") min $bits/$khz" \
    "($((bytes / 1000000)) MB) | $j1 | $j2 | $fl | $ff |" \
    "$(ratio "$j1" "$j2")x | $(ratio "$j1" "$fl")x |" \
    "$(mbps "$bytes" "$j1" 1), $(mbps "$bytes" "$j2" 2)," \
    "$(mbps "$bytes" "$fl" 1) |" \
    "$(median "$f.j1" 2), $(median "$f.j2" 2), $(median "$f.flac" 2)," \
    "$(median "$f.ffmpeg" 2) |"
done
echo

# --- 2. the library -------------------------------------------------------
sum=$(median lib.decode)
echo "library: $(ls "$WORK"/lib/*.flac | wc -l) files," \
  "$(du -sm "$WORK/lib" | cut -f1) MB; sum of one-core decode times" \
  "(flac -d, one after the other): $sum s (CPU $(median lib.decode 2) s)"
echo
echo "| jobs | scan s | ideal: sum / N s | scan / ideal | CPU s |"
echo "|---|---|---|---|---|"
for j in 1 2; do
  t=$(median "lib.j$j")
  ideal=$(awk -v s="$sum" -v n=$j 'BEGIN { printf "%.2f", s / n }')
  echo "| -j $j | $t | $ideal | $(ratio "$t" "$ideal")x |" \
    "$(median "lib.j$j" 2) |"
done
echo

# every run's wall seconds, in order, to show the spread behind a median
for name in long16.j1 long16.j2 long16.flac long16.ffmpeg long24.j1 \
  long24.j2 long24.flac long24.ffmpeg lib.decode lib.j1 lib.j2; do
  echo "runs $name: $(awk '{ printf "%s ", $1 }' "$T/$name")"
done
