#!/bin/sh
# Fuzzes the DR engine with libFuzzer (clang, ASan, UBSan).
#
#   tests/fuzz/run-fuzz.sh [seconds] [jobs]
#
# Builds the engine and tests/fuzz/fuzz-meter.c with clang in build-fuzz/
# (its own build directory), then runs the fuzzer for @seconds (default 600)
# in @jobs parallel processes (default 1), starting from tests/fuzz/corpus.
# New interesting inputs go to build-fuzz/corpus-new; crashes to
# build-fuzz/artifacts. To keep the committed corpus small, merge with
#   tests/fuzz/run-fuzz.sh --merge
# which rewrites tests/fuzz/corpus as the minimal set of inputs (old and new)
# that covers everything they cover together.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build="$src/build-fuzz"
corpus="$src/tests/fuzz/corpus"
CC=${CC:-clang}

if [ ! -f "$build/build.ninja" ]; then
  CC="$CC" meson setup "$build" "$src" -Dgstreamer=disabled -Dtests=disabled \
    -Dbuildtype=debugoptimized -Db_sanitize=address,undefined \
    -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link
fi
ninja -C "$build" core/libdrmeter-internal.a
orc_libs=$(pkg-config --libs orc-0.4 2>/dev/null || true)
"$CC" -g -O1 -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -ffp-contract=off -Wall -Wextra \
  -I"$src/core" "$src/tests/fuzz/fuzz-meter.c" "$build/core/libdrmeter-internal.a" \
  $orc_libs -lm -lpthread -o "$build/fuzz-meter"

mkdir -p "$build/corpus-new" "$build/artifacts"
if [ "${1:-}" = "--merge" ]; then
  mkdir -p "$build/corpus-merged"
  rm -f "$build/corpus-merged"/*
  "$build/fuzz-meter" -merge=1 -max_len=8192 "$build/corpus-merged" \
    "$corpus" "$build/corpus-new"
  rm -f "$corpus"/*
  cp "$build/corpus-merged"/* "$corpus"/
  echo "corpus: $(ls "$corpus" | wc -l) files, $(du -sh "$corpus" | cut -f1)"
  exit 0
fi

seconds=${1:-600}
jobs=${2:-1}
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
set -- -max_len=8192 -timeout=20 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -print_final_stats=1 \
  -artifact_prefix="$build/artifacts/" "$build/corpus-new" "$corpus"
if [ "$jobs" -gt 1 ]; then
  # Each job writes fuzz-N.log in the current folder.
  cd "$build"
  exec "$build/fuzz-meter" -jobs="$jobs" -workers="$jobs" "$@"
fi
exec "$build/fuzz-meter" "$@"
