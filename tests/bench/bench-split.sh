#!/bin/sh
# gst-drmeter benchmark (on demand): long files and a mixed library against
# decoding alone, the figures of docs/benchmarks.md ("Long files").
#
#   tests/bench/bench-split.sh [build-dir] [work-dir]
#
# Material: real music, the background tracks of the Debian package
# neverball-data (Ogg Vorbis, 9.6 minutes in all), concatenated and looped
# with sox into a 60-minute 16/44.1 FLAC and a 60-minute 24/96 FLAC, and a
# library of 30 FLAC files of 1 to 8 minutes (an hour in all).
#
# 1. Each long file, in one run, alternating, RUNS times (median):
#    gst-drmeter -j 1, -j 2 (split in two), flac -d to /dev/null,
#    ffmpeg -af drmeter. Wall time and MB/s (file bytes) per busy core.
# 2. The library: gst-drmeter -j N against the sum of the files' one-core
#    decode times (flac -d) over N, N = 1, 2.
# 3. Peak RSS of one 24/96 file and of the 30 files.
#
# Environment: RUNS (3), MINUTES per long file (60), KEEP=1 keeps the work
# folder. Needs sox (with Ogg Vorbis), flac, ffmpeg, /usr/bin/time and
# neverball-data (apt-get install neverball-data).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

BUILD=$(cd "${1:-build}" && pwd)
WORK=${2:-${TMPDIR:-/tmp}/gst-drmeter-bench-split}
RUNS=${RUNS:-3}
MINUTES=${MINUTES:-60}
TOOL=$BUILD/gst/tool/gst-drmeter
MUSIC=/usr/share/games/neverball/bgm

[ -x "$TOOL" ] || { echo "no $TOOL: build first" >&2; exit 2; }
for p in sox flac ffmpeg; do
  command -v $p > /dev/null || { echo "SKIP: no $p" >&2; exit 77; }
done
ls "$MUSIC"/*.ogg > /dev/null 2>&1 ||
  { echo "SKIP: no $MUSIC (apt-get install neverball-data)" >&2; exit 77; }
export GST_PLUGIN_PATH_1_0="$BUILD/gst"
mkdir -p "$WORK/lib"

# --- material ---------------------------------------------------------------
if [ ! -s "$WORK/music.wav" ]; then
  sox $(ls "$MUSIC"/*.ogg | sort) -r 44100 -b 16 -c 2 "$WORK/music.wav"
fi
music_s=$(soxi -D "$WORK/music.wav" | cut -d. -f1)
loops=$((MINUTES * 60 / music_s))
if [ ! -s "$WORK/long16.flac" ]; then
  sox "$WORK/music.wav" -t wav - repeat $loops | \
    sox -t wav - -t wav - trim 0 $((MINUTES * 60)) | \
    flac -s -f -o "$WORK/long16.flac" -
fi
if [ ! -s "$WORK/long24.flac" ]; then
  flac -s -d -c "$WORK/long16.flac" | \
    sox -t wav - -t wav -r 96000 -b 24 - | flac -s -f -o "$WORK/long24.flac" -
fi
# the library: 30 files, 24 of 1 to 2 minutes, 6 of 5 to 8, cut from the
# music at different places
if [ ! -s "$WORK/lib/30.flac" ]; then
  i=1
  while [ $i -le 30 ]; do
    if [ $i -le 24 ]; then len=$((60 + (i * 37) % 60)); else
      len=$((300 + (i * 53) % 180)); fi
    start=$(((i * 71) % (music_s - 10)))
    sox "$WORK/music.wav" -t wav - repeat 1 trim "$start" "$len" | \
      flac -s -f -o "$WORK/lib/$(printf %02d $i).flac" -
    i=$((i + 1))
  done
fi

# --- helpers ----------------------------------------------------------------
# seconds NAME CMD...: one run, its wall time appended to $WORK/NAME.t
seconds() {
  name=$1
  shift
  /usr/bin/time -f "%e" -o "$WORK/time.out" "$@" > /dev/null 2>&1
  cat "$WORK/time.out" >> "$WORK/$name.t"
}
median() {
  sort -n "$WORK/$1.t" | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
rss_kib() {
  /usr/bin/time -f "%M" -o "$WORK/rss.out" "$@" > /dev/null 2>&1
  cat "$WORK/rss.out"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mbps() { awk -v b="$1" -v t="$2" -v c="$3" 'BEGIN { printf "%.1f", b / 1e6 / t / c }'; }

rm -f "$WORK"/*.t
cat "$WORK"/long*.flac "$WORK"/lib/*.flac > /dev/null     # page cache warm

echo "gst-drmeter long-file benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $RUNS runs, medians"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo

# --- 1. long files ------------------------------------------------------------
r=0
while [ $r -lt "$RUNS" ]; do
  for f in long16 long24; do
    seconds "$f.j1" "$TOOL" -q -j 1 "$WORK/$f.flac"
    seconds "$f.j2" "$TOOL" -q -j 2 "$WORK/$f.flac"
    seconds "$f.flac" flac -s -d -c "$WORK/$f.flac"
    seconds "$f.ffmpeg" ffmpeg -nostdin -v error -i "$WORK/$f.flac" \
      -af drmeter -f null -
  done
  r=$((r + 1))
done
printf '%-16s %8s %8s %9s %9s %8s %8s %9s %9s\n' file "-j 1 s" "-j 2 s" \
  "flac -d s" "ffmpeg s" "j2/j1" "j1/flac" "MB/s/core" "j2 MB/s/c"
for f in long16 long24; do
  bytes=$(stat -c %s "$WORK/$f.flac")
  j1=$(median "$f.j1")
  j2=$(median "$f.j2")
  fl=$(median "$f.flac")
  ff=$(median "$f.ffmpeg")
  printf '%-16s %8s %8s %9s %9s %7sx %7sx %9s %9s\n' "$f.flac" "$j1" "$j2" \
    "$fl" "$ff" "$(ratio "$j1" "$j2")" "$(ratio "$j1" "$fl")" \
    "$(mbps "$bytes" "$j1" 1)" "$(mbps "$bytes" "$j2" 2)"
done
echo

# --- 2. a library of 30 files ---------------------------------------------------
sum=0
for f in "$WORK"/lib/*.flac; do
  /usr/bin/time -f "%e" -o "$WORK/time.out" flac -s -d -c "$f" > /dev/null
  sum=$(awk -v a="$sum" -v b="$(cat "$WORK/time.out")" 'BEGIN { print a + b }')
done
r=0
while [ $r -lt "$RUNS" ]; do
  for j in 1 2; do
    seconds "lib.j$j" "$TOOL" -q -j $j "$WORK/lib"
  done
  r=$((r + 1))
done
printf '%-8s %10s %14s %8s\n' jobs "scan s" "sum decode/N" ratio
for j in 1 2; do
  t=$(median "lib.j$j")
  ideal=$(awk -v s="$sum" -v n=$j 'BEGIN { printf "%.2f", s / n }')
  printf '%-8s %10s %14s %7sx\n' "-j $j" "$t" "$ideal" "$(ratio "$t" "$ideal")"
done
echo

# --- 3. memory ----------------------------------------------------------------
echo "peak RSS, one 60-minute 24/96 FLAC, -j 2 (split): $(rss_kib "$TOOL" -q -j 2 "$WORK/long24.flac") KiB"
echo "peak RSS, the 30 files, -j 2: $(rss_kib "$TOOL" -q -j 2 "$WORK/lib") KiB"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
