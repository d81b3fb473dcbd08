#!/bin/sh
# The element tests under valgrind memcheck (on demand, docs/robustness.md).
#
#   tests/robustness/valgrind-element-tests.sh [BUILD_DIR] [TEST...]
#
# BUILD_DIR: a configured and built (non-sanitizer) build directory, default
# build. TEST: test executables to run (names as in BUILD_DIR/tests/element,
# e.g. test-element-basics); default: every element test and the hostile
# stream tests. Each runs in one process (CK_FORK=no), with GLib's own
# suppressions (/usr/share/glib-2.0/valgrind/glib.supp) and tests/gst.supp
# (GStreamer's allocations that live as long as the process). A test fails
# on any memcheck error or definite leak. Logs: BUILD_DIR/valgrind/*.log.
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-build}" && pwd) || exit 2
[ $# -gt 0 ] && shift
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }

if [ $# -eq 0 ]; then
  set --
  for t in "$build"/tests/element/test-element-* \
           "$build"/tests/robustness/test-element-hostile; do
    [ -x "$t" ] && [ -f "$t" ] && set -- "$@" "$(basename "$t")"
  done
fi

supp="--suppressions=$src/tests/gst.supp"
[ -f /usr/share/glib-2.0/valgrind/glib.supp ] &&
  supp="$supp --suppressions=/usr/share/glib-2.0/valgrind/glib.supp"

mkdir -p "$build/valgrind"
export GST_PLUGIN_PATH_1_0="$build/gst"
export GST_REGISTRY_1_0="$build/tests/registry.bin"
export GST_DEBUG="*:WARNING"
export CK_FORK=no CK_DEFAULT_TIMEOUT=3000 CK_TIMEOUT_MULTIPLIER=20
export G_SLICE=always-malloc G_DEBUG=gc-friendly
# The registry is made (or refreshed) outside valgrind.
gst-inspect-1.0 drmeter >/dev/null 2>&1 || {
  echo "the drmeter plugin is not in $build/gst"; exit 2; }

failed=0
for name in "$@"; do
  exe=$(ls "$build"/tests/element/"$name" "$build"/tests/robustness/"$name" \
    2>/dev/null | head -n 1)
  [ -n "$exe" ] || { echo "no test $name"; failed=$((failed + 1)); continue; }
  log="$build/valgrind/$name.log"
  start=$(date +%s)
  # shellcheck disable=SC2086
  valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --num-callers=30 --track-origins=no $supp --log-file="$log" \
    "$exe" > "$build/valgrind/$name.out" 2>&1
  status=$?
  secs=$(( $(date +%s) - start ))
  summary=$(grep -E "ERROR SUMMARY" "$log" | tail -n 1 | sed 's/^==[0-9]*== //')
  lost=$(grep -E "definitely lost:" "$log" | tail -n 1 | sed 's/^==[0-9]*== *//')
  checks=$(grep -E "^[0-9]+%: Checks" "$build/valgrind/$name.out" | tail -n 1)
  if [ "$status" -eq 0 ]; then
    echo "ok   $name (${secs} s): $checks; $summary; ${lost:-no leaks}"
  else
    echo "FAIL $name (${secs} s, status $status): $checks; $summary; ${lost:-}"
    echo "     see $log"
    failed=$((failed + 1))
  fi
done
echo "$failed failed"
[ "$failed" -eq 0 ]
