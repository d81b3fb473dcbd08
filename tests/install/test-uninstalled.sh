#!/bin/sh
# docs/core-api.md's commands that build its example against the build
# tree (meson's uninstalled drmeter.pc), run as they are written, in a
# folder laid out as the project folder (build/ and docs/); the program
# must print what the doc shows.
#
#   test-uninstalled.sh BUILD_ROOT SOURCE_ROOT SANITIZE
set -eu
build=$1
src=$2
sanitize=$3

if [ "$sanitize" != none ]; then
  echo "SKIP: built with -Db_sanitize=$sanitize (the example would need the sanitizer runtime)"
  exit 77
fi
for tool in cc pkg-config; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool not found"
    exit 77
  fi
done

fail() {
  echo "FAIL: $*"
  exit 1
}

doc="$src/docs/core-api.md"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-uninstalled.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The sh block that names meson-uninstalled.
awk '/^```sh/ { on = 1; block = ""; next }
     on && /^```/ { on = 0; if (block ~ /meson-uninstalled/) { printf "%s", block; exit } next }
     on { block = block $0 "\n" }' "$doc" > "$tmp/commands.sh"
grep -q 'meson-uninstalled' "$tmp/commands.sh" ||
  fail "$doc shows no commands with build/meson-uninstalled"
ln -s "$(cd "$build" && pwd)" "$tmp/build"
ln -s "$src/docs" "$tmp/docs"
cat "$tmp/commands.sh"
unset PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR || true
(cd "$tmp" && sh -e commands.sh) > "$tmp/got" 2> "$tmp/err" ||
  { cat "$tmp/got" "$tmp/err"; fail "the documented commands failed"; }
awk '/^and prints/ { on = 1; next } on && /^```/ { if (in_block) exit; in_block = 1; next }
     in_block { print }' "$doc" > "$tmp/want"
[ -s "$tmp/want" ] || fail "$doc shows no output after 'and prints'"
if ! cmp -s "$tmp/want" "$tmp/got"; then
  diff -u "$tmp/want" "$tmp/got" || true
  fail "the example built against the build tree does not print what $doc shows"
fi
echo "ok: the example built against the build tree prints what the doc shows"
