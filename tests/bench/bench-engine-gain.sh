#!/bin/sh
# gst-drmeter benchmark (on demand): the engine's speed per sample format,
# now against an earlier revision, the "per format" table of
# docs/benchmarks.md. Time it on an idle machine.
#
#   tests/bench/bench-engine-gain.sh [build-dir] [work-dir]
#
# The earlier engine is built from git (REV, default ca51878: the engine as
# issue 12 measured it, before the two-pass F32 kernel) in work-dir, with
# today's bench-core.c, so that both run the very same benchmark. Then
# bench-core --no-recent runs ROUNDS times (4), the two builds alternating,
# and each format's best meter figure (million frames per second of thread
# CPU time) is kept, with the plain read of the same memory beside it.
#
# Environment: REV, ROUNDS (4), SECONDS_OF_AUDIO per case (60).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-build}" && pwd)
WORK=${2:-${TMPDIR:-/tmp}/gst-drmeter-bench}
REV=${REV:-ca51878}
ROUNDS=${ROUNDS:-4}
AUDIO=${SECONDS_OF_AUDIO:-60}
NOW=$BUILD/tests/bench/bench-core
OLD=$WORK/engine-$REV

[ -x "$NOW" ] || { echo "no $NOW: build first" >&2; exit 2; }

# the earlier engine, built once and kept
if [ ! -x "$OLD/build/tests/bench/bench-core" ]; then
  rm -rf "$OLD"
  mkdir -p "$OLD/src"
  git -C "$SRC" archive "$REV" | tar -x -C "$OLD/src"
  cp "$HERE/bench-core.c" "$OLD/src/tests/bench/bench-core.c"
  meson setup "$OLD/build" "$OLD/src" > "$OLD/setup.log"
  ninja -C "$OLD/build" tests/bench/bench-core > "$OLD/build.log"
fi

echo "gst-drmeter engine per format, $(date -u '+%Y-%m-%d %H:%M UTC')," \
  "$(nproc) cores, $AUDIO s of audio per case, best of $ROUNDS alternating rounds"
echo "now: $(git -C "$SRC" rev-parse --short HEAD); before: $REV"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
r=0
: > "$WORK/engine-now.txt"
: > "$WORK/engine-before.txt"
while [ $r -lt "$ROUNDS" ]; do
  "$OLD/build/tests/bench/bench-core" "$AUDIO" --no-recent >> "$WORK/engine-before.txt"
  "$NOW" "$AUDIO" --no-recent >> "$WORK/engine-now.txt"
  r=$((r + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# best NAME FILE COLUMN: the highest figure of a case (the name is the
# line's first 11 characters; column 1 is the meter, 4 the plain read)
best() {
  awk -v n="$1" -v c="$3" 'substr($0, 1, 11) == sprintf("%-11s", n) {
      split(substr($0, 12), f, " "); if (f[c] > b) b = f[c] }
    END { printf "%.0f", b }' "$2"
}
echo "| format | before | now | gain | plain read | now / read |"
echo "|---|---|---|---|---|---|"
for c in "F32 stereo" "S16 stereo" "S24_32 st." "S32 stereo" "S24 stereo" "F64 5.1"; do
  b=$(best "$c" "$WORK/engine-before.txt" 1)
  n=$(best "$c" "$WORK/engine-now.txt" 1)
  rd=$(best "$c" "$WORK/engine-now.txt" 4)
  awk -v c="$c" -v b="$b" -v n="$n" -v rd="$rd" 'BEGIN {
    printf "| %s | %d | %d | %.2fx | %d | %.2fx |\n", c, b, n, n / b, rd, n / rd }'
done
