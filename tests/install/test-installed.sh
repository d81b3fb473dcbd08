#!/bin/sh
# Installs the build into a scratch folder (meson install --destdir), then
# uses it as a user would: builds docs/core-api.md's example with the
# documented `cc ... $(pkg-config --cflags --libs drmeter)` line against the
# installed header and library, runs it, and checks it prints what the doc
# shows (and the same with the doc's commands that build it against the
# build tree, uninstalled); checks that the folder --help names holds the
# installed manual and JSON schema; runs the installed command with the
# installed plugin; and checks that the installed command does not fall
# back on this build tree.
#
#   test-installed.sh MESON BUILD_ROOT SOURCE_ROOT PREFIX LIBDIR BINDIR SANITIZE
set -eu
# no result cache in the user's cache folder
export GST_DRMETER_CACHE=off
meson=$1
build=$2
src=$3
prefix=$4
libdir=$5
bindir=$6
sanitize=$7

if [ "$sanitize" != none ]; then
  # A program linked with the sanitized library would need the sanitizer
  # runtime loaded first; the plain build runs this test.
  echo "SKIP: built with -Db_sanitize=$sanitize"
  exit 77
fi
for tool in cc pkg-config readelf; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool not found"
    exit 77
  fi
done

fail() {
  echo "FAIL: $*"
  exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-installed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root="$tmp/root"
"$meson" install -C "$build" --no-rebuild --quiet --destdir "$root" \
  > "$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "meson install"; }

# Paths are absolute or relative to the prefix, as meson keeps them.
case $libdir in /*) ;; *) libdir="$prefix/$libdir" ;; esac
case $bindir in /*) ;; *) bindir="$prefix/$bindir" ;; esac
for f in "$prefix/include/drmeter/drmeter.h" "$libdir/libdrmeter.so" \
    "$libdir/pkgconfig/drmeter.pc" "$libdir/gstreamer-1.0/libgstdrmeter.so" \
    "$bindir/gst-drmeter" "$prefix/share/man/man1/gst-drmeter.1"; do
  [ -e "$root$f" ] || fail "not installed: $f"
done
find "$root" -path '*/bash-completion/completions/gst-drmeter' | grep -q . ||
  fail "not installed: bash-completion/completions/gst-drmeter"
echo "ok: installed header, library, drmeter.pc, plugin, command, manual page, completion"

# What the installed --help points to is installed.
LD_LIBRARY_PATH="$root$libdir" "$root$bindir/gst-drmeter" --help > "$tmp/help" 2>&1 ||
  fail "the installed gst-drmeter --help failed"
docdir=$(tr '\n' ' ' < "$tmp/help" |
  sed -n 's/.*json-schema\.md) are in \([^ ]*\) .*/\1/p')
[ -n "$docdir" ] || fail "--help names no folder for gst-drmeter.md and json-schema.md"
for f in gst-drmeter.md json-schema.md plots.md; do
  [ -f "$root$docdir/$f" ] || fail "--help names $docdir/$f, which is not installed"
done
! grep -q 'docs/[a-z-]*\.md' "$tmp/help" ||
  fail "--help names a source file: $(grep -o 'docs/[a-z-]*\.md' "$tmp/help")"
echo "ok: --help names $docdir, which holds the installed manual and JSON schema"

# ---- the documented build line, against the installed tree only ----
doc="$src/docs/core-api.md"
line=$(grep -m 1 '^cc .*\$(pkg-config --cflags --libs drmeter)' "$doc") ||
  fail "$doc shows no 'cc ... \$(pkg-config --cflags --libs drmeter)' line"
cp "$src/docs/examples/core-api.c" "$tmp/"
echo "\$ $line"
(
  cd "$tmp"
  PKG_CONFIG_PATH="$root$libdir/pkgconfig"
  PKG_CONFIG_SYSROOT_DIR="$root"
  export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
  sh -c "$line"
) || fail "the documented build line failed"
prog=$(printf '%s\n' "$line" | sed -n 's/.* -o \([^ ]*\).*/\1/p')
[ -n "$prog" ] && [ -x "$tmp/$prog" ] || fail "the build line made no program"
readelf -d "$tmp/$prog" | grep -q 'NEEDED.*\[libdrmeter\.so\.0\]' ||
  fail "$prog does not link libdrmeter.so.0"

# What the doc shows the example prints: the block after "and prints".
awk '/^and prints/ { on = 1; next } on && /^```/ { if (in_block) exit; in_block = 1; next }
     in_block { print }' "$doc" > "$tmp/want"
[ -s "$tmp/want" ] || fail "$doc shows no output after 'and prints'"
LD_LIBRARY_PATH="$root$libdir" "$tmp/$prog" > "$tmp/got" ||
  fail "$prog exited with status $?"
if ! cmp -s "$tmp/want" "$tmp/got"; then
  diff -u "$tmp/want" "$tmp/got" || true
  fail "$prog does not print what $doc shows"
fi
echo "ok: the example built with pkg-config against the installed library prints what the doc shows"

# ---- the same example against the build tree, before installing ----
# The doc's sh block that names meson-uninstalled, run as written in a
# folder laid out as the project folder (build/ and docs/).
mkdir "$tmp/project"
awk '/^```sh/ { on = 1; block = ""; next }
     on && /^```/ { on = 0; if (block ~ /meson-uninstalled/) { printf "%s", block; exit } next }
     on { block = block $0 "\n" }' "$doc" > "$tmp/project/commands.sh"
grep -q 'meson-uninstalled' "$tmp/project/commands.sh" ||
  fail "$doc shows no commands with build/meson-uninstalled"
ln -s "$(cd "$build" && pwd)" "$tmp/project/build"
ln -s "$src/docs" "$tmp/project/docs"
cat "$tmp/project/commands.sh"
(
  # Nothing of meson test's environment (it sets LD_LIBRARY_PATH).
  unset PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR LD_LIBRARY_PATH || true
  cd "$tmp/project" && sh -e commands.sh
) > "$tmp/got" 2> "$tmp/err" || { cat "$tmp/got" "$tmp/err"; fail "the documented commands failed"; }
if ! cmp -s "$tmp/want" "$tmp/got"; then
  diff -u "$tmp/want" "$tmp/got" || true
  fail "the example built against the build tree does not print what $doc shows"
fi
echo "ok: the example built against the build tree (meson-uninstalled) prints what the doc shows"

# ---- the installed command and plugin ----
# A registry of this test's own; no GStreamer path but what is set here.
unset GST_PLUGIN_PATH GST_PLUGIN_PATH_1_0 GST_PLUGIN_SYSTEM_PATH \
  GST_PLUGIN_SYSTEM_PATH_1_0 || true
export GST_REGISTRY_1_0="$tmp/registry.bin"
LD_LIBRARY_PATH="$root$libdir" GST_PLUGIN_PATH_1_0="$root$libdir/gstreamer-1.0" \
  "$root$bindir/gst-drmeter" -q "$src/docs/examples/album" > "$tmp/log" ||
  fail "the installed gst-drmeter failed on docs/examples/album"
grep -qx 'Official DR value: DR11' "$tmp/log" ||
  fail "the installed gst-drmeter printed no 'Official DR value: DR11'"
echo "ok: the installed gst-drmeter measures the example album with the installed plugin"

# Without the installed plugin it must say so, not load this build tree's.
if [ -e "$libdir/gstreamer-1.0/libgstdrmeter.so" ]; then
  echo "note: $libdir/gstreamer-1.0 holds a drmeter plugin on this machine;" \
    "not checking the installed command without one"
else
  rm -f "$tmp/registry.bin"
  mkdir "$tmp/no-plugins"
  rc=0
  LD_LIBRARY_PATH="$root$libdir" GST_PLUGIN_SYSTEM_PATH_1_0="$tmp/no-plugins" \
    "$root$bindir/gst-drmeter" -q "$src/docs/examples/album" \
    > "$tmp/log" 2> "$tmp/err" || rc=$?
  [ "$rc" -eq 2 ] && grep -q "element 'drmeter' is not installed" "$tmp/err" ||
    fail "the installed command without its plugin: status $rc, $(cat "$tmp/err")"
  echo "ok: the installed command does not load the build tree's plugin"
fi
