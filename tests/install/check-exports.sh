#!/bin/sh
# libdrmeter's ABI: the SONAME is libdrmeter.so.N, and the library exports
# exactly the functions that drmeter.h declares with DRM_API (hidden
# visibility keeps the kernels and other internals out). A public function
# declared without DRM_API is reported too: it would not be exported.
#
#   check-exports.sh LIBRARY HEADER SONAME
set -eu
lib=$1
header=$2
soname=$3

for tool in nm readelf; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool (binutils) not found"
    exit 77
  fi
done

status=0
got=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [ "$got" != "$soname" ]; then
  echo "FAIL: SONAME is '$got', want '$soname'"
  status=1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Defined dynamic symbols; the sanitizers' own (__asan_*, ...) are theirs.
nm -D --defined-only "$lib" | awk 'NF == 3 { print $3 }' |
  grep -v '^__' | sort -u > "$tmp/exported"
grep '^DRM_API ' "$header" | grep -o 'drm_[a-z0-9_]* *(' | tr -d ' (' |
  sort -u > "$tmp/declared"
# Prototypes at the start of a line that lack the macro.
grep -E '^[a-zA-Z_][a-zA-Z0-9_ *]* \**drm_[a-z0-9_]+ \(' "$header" |
  grep -v '^DRM_API ' | grep -v '^typedef' > "$tmp/unmarked" || true

if [ -s "$tmp/unmarked" ]; then
  echo "FAIL: declared in $(basename "$header") without DRM_API (not exported):"
  sed 's/^/  /' "$tmp/unmarked"
  status=1
fi
comm -23 "$tmp/exported" "$tmp/declared" > "$tmp/extra"
comm -13 "$tmp/exported" "$tmp/declared" > "$tmp/missing"
if [ -s "$tmp/extra" ]; then
  echo "FAIL: exported but not public API:"
  sed 's/^/  /' "$tmp/extra"
  status=1
fi
if [ -s "$tmp/missing" ]; then
  echo "FAIL: declared with DRM_API but not exported:"
  sed 's/^/  /' "$tmp/missing"
  status=1
fi
[ "$status" -ne 0 ] ||
  echo "ok: $got exports the $(wc -l < "$tmp/declared") DRM_API functions, nothing else"
exit "$status"
