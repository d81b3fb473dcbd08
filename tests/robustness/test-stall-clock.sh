#!/bin/sh
# The stall watchdog counts only time the scanner spends listening
# (gst/tool/run/supervisor.c, docs/robustness.md): a scanner that reads no
# record for a while (it writes tags, a log, plots, its disk is slow) must
# never make a working decoder look stalled. The scanner is stopped
# (SIGSTOP) for three times the stall timeout while a slow but steady
# decoder works, then continued:
#   - the slow file is measured, nothing is called stalled;
#   - a decoder that hangs is still called stalled once the scanner
#     listens again.
#
# Environment: GST_DRMETER, DRMT_MISBEHAVE_PATH (the folder of the test
# plugin), GST_PLUGIN_PATH_1_0 (the drmeter plugin).
set -u
cmd=${GST_DRMETER:?set GST_DRMETER to the gst-drmeter command}
plugin=${DRMT_MISBEHAVE_PATH:?set DRMT_MISBEHAVE_PATH}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-stall-clock.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
. "$(dirname "$0")/checks.sh"

export GST_PLUGIN_PATH_1_0="${GST_PLUGIN_PATH_1_0:-}:$plugin"
export GST_REGISTRY_1_0="$tmp/registry.bin"
for mode in slow hang; do
  printf 'DRMTTEST %s\n' "$mode" > "$tmp/$mode.drmt"
done

# run_stopped FILE: scans FILE with a stall timeout of 1 s, stopping the
# scanner from 1.5 s to 4.5 s after its start; sets $status.
run_stopped () {
  "$cmd" -q --stall-timeout 1 "$1" > "$tmp/out" 2> "$tmp/err" &
  pid=$!
  sleep 1.5
  kill -STOP "$pid"
  sleep 3
  kill -CONT "$pid"
  for i in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid"
    wait "$pid"
    status=124
  else
    wait "$pid"
    status=$?
  fi
  show_run "$status" "$tmp/err"
}

# a decoder 10 times faster than real time, alone: not stalled
timeout 60 "$cmd" -q --stall-timeout 1 "$tmp/slow.drmt" > "$tmp/out" \
  2> "$tmp/err"
expect_status "a slow decoder" "$?" 0
expect_once "$tmp/out" "1:00 ?-slow"

run_stopped "$tmp/slow.drmt"
expect_status "a slow decoder, the scanner stopped for 3 s" "$status" 0
expect_once "$tmp/out" "1:00 ?-slow"
grep -q "decoder stalled" "$tmp/err" && fail "the slow decoder was stalled"

run_stopped "$tmp/hang.drmt"
expect_status "a hung decoder, the scanner stopped for 3 s" "$status" 1
expect_line "$tmp/err" "$tmp/hang.drmt" \
  "decoder stalled \(no new samples for 1 s\)$"

finish_checks
