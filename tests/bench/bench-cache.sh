#!/bin/sh
# gst-drmeter benchmark (on demand): a rescan of an unchanged library taken
# from the result cache (docs/cache.md). Makes FILES short WAV files (100
# per folder), measures them once into a new cache, then times RUNS
# rescans (the median is printed) and checks that they start no measuring
# process and print the first scan's log.
#
#   tests/bench/bench-cache.sh [build-dir] [work-dir]
#
# Environment: FILES (10000), RUNS (5), JOBS (2), KEEP=1 keeps the files.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

BUILD=$(cd "${1:-build}" && pwd)
WORK=${2:-${TMPDIR:-/tmp}/gst-drmeter-bench-cache}
FILES=${FILES:-10000}
RUNS=${RUNS:-5}
JOBS=${JOBS:-2}
TOOL=$BUILD/gst/tool/gst-drmeter
PY=/usr/bin/python3

[ -x "$TOOL" ] || { echo "no $TOOL: build first" >&2; exit 2; }
export GST_PLUGIN_PATH_1_0="$BUILD/gst"
export SOURCE_DATE_EPOCH=1700000000 DRMT_CACHE_DEBUG=1
unset GST_DRMETER_CACHE
mkdir -p "$WORK"
lib=$WORK/library
cache=$WORK/results.sqlite

# 0.2 s of 16-bit stereo noise at 8 kHz per file, its level per file
if [ ! -f "$lib/.done-$FILES" ]; then
  rm -rf "$lib"
  "$PY" - "$lib" "$FILES" <<'EOF'
import os, random, struct, sys, wave
lib, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(1)
for i in range(n):
    d = os.path.join(lib, "Album %03d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    amp = 1000 + (i * 37) % 20000
    frames = b"".join(struct.pack("<hh", rng.randint(-amp, amp),
                                  rng.randint(-amp, amp)) for _ in range(1600))
    with wave.open(os.path.join(d, "%02d - Track.wav" % (i % 100 + 1)),
                   "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(frames)
EOF
  touch "$lib/.done-$FILES"
fi

rm -f "$cache" "$cache-wal" "$cache-shm"
t0=$(date +%s.%N)
"$TOOL" -q -j "$JOBS" --cache "$cache" "$lib" > "$WORK/first.log" \
  2> "$WORK/first.err"
t1=$(date +%s.%N)
echo "first scan (measures $FILES files): $(echo "$t1 - $t0" | bc) s;" \
  "$(grep 'cache:' "$WORK/first.err")"

times=""
for r in $(seq "$RUNS"); do
  t0=$(date +%s.%N)
  "$TOOL" -q -j "$JOBS" --cache "$cache" "$lib" > "$WORK/again.log" \
    2> "$WORK/again.err"
  t1=$(date +%s.%N)
  times="$times $(echo "$t1 - $t0" | bc)"
  cmp -s "$WORK/first.log" "$WORK/again.log" ||
    { echo "rescan $r: the log differs" >&2; exit 1; }
  grep -q "cache: $FILES taken, 0 kept, 0 measuring processes" \
    "$WORK/again.err" ||
    { echo "rescan $r: $(cat "$WORK/again.err")" >&2; exit 1; }
done
median=$(printf '%s\n' $times | sort -n | awk '{ v[NR] = $1 }
  END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "rescan of $FILES unchanged files, -j $JOBS, $RUNS runs: median" \
  "$median s (runs:$times); cache $(du -k "$cache" | cut -f1) KiB"
[ "${KEEP:-0}" = 1 ] || rm -rf "$lib" "$cache" "$cache-wal" "$cache-shm"
