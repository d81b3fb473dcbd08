#!/bin/sh
# gst-drmeter benchmark (on demand): the scanner's peak memory for one
# 2-hour 24/192 FLAC and for 1000 small files, with -j 2, per process: the
# scanner (the parent) and each worker process it starts. The figures of
# docs/benchmarks.md ("Memory of a scan"). Memory does not depend on the
# machine's load, so this may run on a busy machine.
#
#   tests/bench/bench-rss.sh [build-dir] [work-dir]
#
# The material is make-material.sh's (made first if missing). Each process's
# peak is its VmHWM sampled every 10 ms (peak-rss.py says why not
# /usr/bin/time and how exact the sampling is); the kernel's ru_maxrss of
# the whole command (the largest single process) is printed beside it.
#
# Environment: SCALE (100), passed to make-material.sh; JOBS (2).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

JOBS=${JOBS:-2}
. "$(dirname "$0")/scan-setup.sh"

echo "gst-drmeter peak memory, $(date -u '+%Y-%m-%d %H:%M UTC'), -j $JOBS," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| what | parent (scanner) | each worker | workers at once, most |" \
  "largest, kernel's ru_maxrss | wall s |"
echo "|---|---|---|---|---|---|"
# row LABEL PATH: one scan of PATH, one table row, MiB; peak-rss.py's
# whole output kept in $WORK/rss-NAME.out
row() {
  out=$WORK/rss-$(basename "$2" .flac).out
  t0=$(date +%s.%N)
  /usr/bin/python3 "$HERE/peak-rss.py" -- "$TOOL" -q -j "$JOBS" "$2" \
    > "$out" || { cat "$out" >&2; exit 1; }
  t1=$(date +%s.%N)
  wall=$(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')
  awk -v label="$1" -v wall="$wall" '
    function mib(k) { return sprintf("%.1f", k / 1024) }
    $1 == "parent" { parent = mib($3) }
    # workers only: GStreamer may start its plugin scanner once
    $1 == "child" && / --worker / { w = w (w ? ", " : "") mib($3); n++ }
    $1 == "ru_maxrss" { ru = mib($2) }
    $1 == "most-at-once" { most = $2 }
    END { printf "| %s | %s MiB | %s MiB (%d workers) | %d | %s MiB | %s |\n",
      label, parent, w, n, most, ru, wall }' "$out"
}
minutes=$(metaflac --show-total-samples --show-sample-rate \
  "$WORK/long192.flac" | paste - - | awk '{ printf "%.0f", $1 / $2 / 60 }')
mb=$(du -m "$WORK/long192.flac" | cut -f1)
row "one $minutes-minute 24/192 FLAC ($mb MB)" "$WORK/long192.flac"
row "1000 small FLAC files ($(du -sm "$WORK/small" | cut -f1) MB)" \
  "$WORK/small"
