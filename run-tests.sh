#!/bin/sh
# Runs the whole default test suite: installs what is needed (Debian 12,
# 13 or testing), builds, runs every test, then runs them again (but those
# driven by external programs) in a build with AddressSanitizer and
# UndefinedBehaviorSanitizer.
#
#   ./run-tests.sh          the default run (a few minutes on 2 cores)
#   ./run-tests.sh --full   also the eight slowest scanner tests under the
#                           sanitizers (about 14 minutes more)
#
# Long runs (benchmarks, fuzzing, big corpora) are separate: see
# docs/robustness.md.
set -eu
cd "$(dirname "$0")"
full=no
case "${1:-}" in
  --full) full=yes ;;
  '') ;;
  *) echo "usage: $0 [--full]" >&2; exit 2 ;;
esac
./scripts/install-deps.sh

# Runs meson test in build dir $1 (more arguments go to meson test), keeping
# its output for the closing count; returns its exit status.
run_meson_test() {
  dir=$1
  shift
  rc=0
  meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" \
    > "$dir/test-summary.txt" 2>&1 || rc=$?
  cat "$dir/test-summary.txt"
  return "$rc"
}

status=0
[ -d build ] || meson setup build
ninja -C build
run_meson_test build || status=1

# The same tests under ASan/UBSan: engine, element, robustness, scanner
# (docs/robustness.md). Not inspect and example-*: gst-inspect-1.0,
# gst-launch-1.0 and Python are not built with the sanitizer and cannot
# load the sanitized plugin.
[ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined \
  -Db_lundef=false -Dbuildtype=debug
ninja -C build-asan
# System plugins go into the tests' registry via the ordinary helper; the
# sanitized processes then scan only the project's plugin, in process.
GST_REGISTRY_1_0=build-asan/tests/registry.bin GST_PLUGIN_PATH_1_0='' \
  gst-inspect-1.0 >/dev/null 2>&1 || true
# The test names from meson's introspection (the format of `meson test
# --list` changed in meson 1.8).
asan_tests=$(meson introspect --tests build-asan |
  /usr/bin/python3 -c 'import json, sys
for t in json.load(sys.stdin): print(t["name"])' |
  grep -v -x -e inspect -e 'example-.*' || true)
[ -n "$asan_tests" ] || { echo "run-tests.sh: no test listed in build-asan" >&2; exit 1; }
# The scanner tests that run whole scans of many generated files take 1 to
# 4 minutes each under the sanitizers (the result cache's and
# --check-logs' tests: 2.5 and 1.5 minutes); the default run keeps them in the
# ordinary build only, so that it stays a few minutes long. The code they
# drive is run sanitized by the faster scanner tests (worker, wire, errors,
# isolation, hostile files); --full runs them all.
# shellcheck disable=SC2086
if [ "$full" = no ]; then
  asan_tests=$(printf '%s\n' $asan_tests |
    grep -v -x -e scanner -e scanner-split -e scanner-cue -e tags \
      -e scanner-decoding -e scanner-plot-labels -e scanner-cache \
      -e scanner-check-logs || true)
fi
# AddressSanitizer and LeakSanitizer write their reports to files, one a
# process, judged after the run: a worker process's report would land in
# the middle of a test's expected standard error, and LeakSanitizer adds a
# line of its own that is no fault ("Unable to get registers from thread
# N", when a thread ends while it checks: gst_deinit() lets GStreamer's
# idle pool threads end without waiting for them).
san_logs=$PWD/build-asan/sanitizer-logs
rm -rf "$san_logs"
mkdir -p "$san_logs"
# shellcheck disable=SC2086
(
  export GST_REGISTRY_FORK=no
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0:malloc_context_size=12:log_path=$san_logs/asan
  export LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp":print_suppressions=0
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  # The sanitizers make the scanner tests several times slower (about 220 s
  # for the longest on 2 cores): twice the timeouts, so that a slow
  # machine fails a test only for a real hang.
  run_meson_test build-asan --timeout-multiplier 2 $asan_tests
) || status=1

# A report of a fault (a leak, a bad access) in any process fails the run,
# whether or not its test noticed.
san_faults=0
for f in "$san_logs"/asan.*; do
  [ -e "$f" ] || continue
  if grep -q -E '^(==[0-9]+==)?(ERROR|SUMMARY): ' "$f"; then
    echo "==== sanitizer report $f ===="
    cat "$f"
    san_faults=$((san_faults + 1))
  fi
done
[ "$san_faults" -eq 0 ] || status=1

passed=0; failed=0; skipped=0
for f in build/test-summary.txt build-asan/test-summary.txt; do
  p=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$f" | tail -n 1)
  x=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$f" | tail -n 1)
  t=$(sed -n 's/^Timeout: *\([0-9]*\).*/\1/p' "$f" | tail -n 1)
  s=$(sed -n 's/^Skipped: *\([0-9]*\).*/\1/p' "$f" | tail -n 1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${x:-0} + ${t:-0}))
  skipped=$((skipped + ${s:-0}))
done
# A run that failed without counting a failure (a crash, a build error)
# still fails.
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
# A test that could not run its check exits 77: skipped, named here, so
# that it never passes for OK.
if [ "$skipped" -gt 0 ]; then
  echo "skipped:"
  grep -h -E '^ *[0-9]+/[0-9]+ .* SKIP ' build/test-summary.txt \
    build-asan/test-summary.txt 2>/dev/null | sed 's/^/  /'
fi
[ "$san_faults" -eq 0 ] ||
  echo "$san_faults sanitizer report(s) of a fault (above): the run fails"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
