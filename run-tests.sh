#!/bin/sh
# Runs the whole default test suite: installs what is needed (Debian 12),
# builds, runs every test, then runs the core and element tests again in a
# build with AddressSanitizer and UndefinedBehaviorSanitizer.
# Long runs (benchmarks, fuzzing) are separate: see docs/robustness.md.
set -eu
cd "$(dirname "$0")"
./scripts/install-deps.sh

status=0
[ -d build ] || meson setup build
ninja -C build
meson test -C build --print-errorlogs --num-processes 2 | tee build/test-summary.txt || status=1

# The same tests under ASan/UBSan (Python-driven tests skip themselves there:
# an interpreter without the sanitizer runtime cannot load the plugin).
[ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined \
  -Db_lundef=false -Dbuildtype=debug
ninja -C build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  meson test -C build-asan --print-errorlogs --num-processes 2 --suite core \
    | tee build-asan/test-summary.txt || status=1

passed=0; failed=0
for f in build/test-summary.txt build-asan/test-summary.txt; do
  p=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$f" | tail -n 1)
  x=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$f" | tail -n 1)
  t=$(sed -n 's/^Timeout: *\([0-9]*\).*/\1/p' "$f" | tail -n 1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${x:-0} + ${t:-0}))
done
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
