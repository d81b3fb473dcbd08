#!/bin/sh
# Builds the Debian packages of this checkout and tries them without
# installing them: on demand, not part of ./run-tests.sh (it builds
# everything again, a few minutes).
#
#   scripts/test-packages.sh [--check] [--install] [SCRATCH]
#
# Copies the checkout to SCRATCH/src (default: build-packages/, git-ignored),
# runs dpkg-buildpackage -b -us -uc there (with DEB_BUILD_OPTIONS=nocheck
# unless --check: the test suite has run on this tree already), unpacks
# every .deb with dpkg -x into SCRATCH/root and, with GStreamer and the
# loader pointed there (GST_PLUGIN_SYSTEM_PATH, LD_LIBRARY_PATH), runs
# gst-inspect-1.0 drmeter, the packaged gst-drmeter on docs/examples/album
# (its lines must be the README's), renders the packaged manual page, and
# builds docs/core-api.md's example against the packaged libdrmeter-dev.
# Then lintian, when installed, on the .changes file. Nothing is installed
# into the machine's own folders (a packaged plugin there would shadow the
# one under test) unless --install is given: then, once every check has
# passed, apt-get installs the packages (as root, or through sudo).
#
# Needs dpkg-dev, debhelper and the build dependencies of debian/control
# (scripts/install-deps.sh --packaging installs them); lintian is optional.
# Exit status: 0 when every check passed (lintian warnings are shown but do
# not fail), 1 when one failed or lintian reported an error, 77 when the
# packaging tools are missing.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
check=no
install=no
while :; do
  case ${1:-} in
    --check) check=yes; shift ;;
    --install) install=yes; shift ;;
    *) break ;;
  esac
done
scratch=${1:-$src/build-packages}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

for tool in dpkg-buildpackage dh dpkg-deb; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool not found (scripts/install-deps.sh --packaging)"
    exit 77
  fi
done

# ---- build ----
rm -rf "$scratch"
mkdir -p "$scratch/src/gst-drmeter"
scratch=$(cd "$scratch" && pwd)
tree="$scratch/src/gst-drmeter"
# The working tree as it is (uncommitted changes included), without build
# folders and git's own.
tar -C "$src" --exclude=./.git --exclude=./build --exclude='./build-*' \
  --exclude='./obj-*' -cf - . | tar -C "$tree" -xf -
# The source package too, from the clean copy, for lintian's source checks.
(cd "$scratch/src" && dpkg-source -b gst-drmeter) > "$scratch/source.log" 2>&1 ||
  { cat "$scratch/source.log"; fail "dpkg-source -b"; }
echo "building the packages in $tree (log: $scratch/build.log)"
opts=${DEB_BUILD_OPTIONS:-}
[ "$check" = yes ] || opts="${opts:+$opts }nocheck"
if ! (cd "$tree" && DEB_BUILD_OPTIONS="$opts" dpkg-buildpackage -b -us -uc) \
    > "$scratch/build.log" 2>&1; then
  tail -n 40 "$scratch/build.log"
  fail "dpkg-buildpackage failed (full log: $scratch/build.log)"
fi
debs=$(ls "$scratch"/src/*.deb)
for d in $debs; do
  printf '  %-50s %s\n' "$(basename "$d")" \
    "$(dpkg-deb -f "$d" Installed-Size) KiB installed"
done

# ---- unpack, without installing ----
root="$scratch/root"
mkdir -p "$root"
for d in $debs; do
  dpkg -x "$d" "$root"
done
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
libdir="$root/usr/lib/$multiarch"
[ -f "$libdir/gstreamer-1.0/libgstdrmeter.so" ] ||
  fail "no plugin in the system plugin folder /usr/lib/$multiarch/gstreamer-1.0"

# GStreamer sees the unpacked system plugin folder first, then the
# machine's own plugins (decoders), in a registry of this run's own.
unset GST_PLUGIN_PATH GST_PLUGIN_PATH_1_0 GST_PLUGIN_SYSTEM_PATH_1_0 || true
GST_PLUGIN_SYSTEM_PATH="$libdir/gstreamer-1.0:/usr/lib/$multiarch/gstreamer-1.0"
GST_REGISTRY_1_0="$scratch/registry.bin"
LD_LIBRARY_PATH="$libdir"
export GST_PLUGIN_SYSTEM_PATH GST_REGISTRY_1_0 LD_LIBRARY_PATH

# ---- the element ----
gst-inspect-1.0 drmeter > "$scratch/inspect.txt" 2>&1 ||
  { cat "$scratch/inspect.txt"; fail "gst-inspect-1.0 drmeter"; }
grep -q "Filename *$libdir/gstreamer-1.0/libgstdrmeter.so" \
  "$scratch/inspect.txt" ||
  fail "gst-inspect-1.0 drmeter found another plugin than the packaged one:
$(grep Filename "$scratch/inspect.txt")"
echo "ok: gst-inspect-1.0 drmeter finds the packaged plugin"
grep -q '^ *Binary package *gstreamer1.0-drmeter$' "$scratch/inspect.txt" ||
  fail "gst-inspect-1.0 drmeter names another package than gstreamer1.0-drmeter:
$(grep 'Binary package' "$scratch/inspect.txt")"
! grep -q '\.invalid' "$scratch/inspect.txt" ||
  fail "gst-inspect-1.0 drmeter shows a placeholder .invalid address"
echo "ok: gst-inspect-1.0 drmeter names the package gstreamer1.0-drmeter"

# ---- the examples, in the plugin's package ----
ex="$root/usr/share/doc/gstreamer1.0-drmeter/examples"
for f in play-dr.c play-dr.py live-monitor.py gst-launch.md; do
  cmp -s "$ex/$f" "$src/docs/examples/$f" ||
    fail "gstreamer1.0-drmeter has no examples/$f (or another one)"
done
cmp -s "$root/usr/share/doc/libdrmeter-dev/examples/core-api.c" \
  "$src/docs/examples/core-api.c" || fail "libdrmeter-dev has no examples/core-api.c"
echo "ok: the examples are in the packages"

# ---- the command, on the bundled album: the README's lines ----
"$root/usr/bin/gst-drmeter" -q "$src/docs/examples/album" \
  > "$scratch/album.txt" 2> "$scratch/album.err" ||
  { cat "$scratch/album.err"; fail "the packaged gst-drmeter failed"; }
sed -n '/^DR  /,/^Official DR value/p' "$src/README.md" > "$scratch/want.txt"
grep -q 'Official DR value' "$scratch/want.txt" ||
  fail "README.md shows no example album log"
sed -n '/^DR  /,/^Official DR value/p' "$scratch/album.txt" > "$scratch/got.txt"
if ! cmp -s "$scratch/want.txt" "$scratch/got.txt"; then
  diff -u "$scratch/want.txt" "$scratch/got.txt" || true
  fail "the packaged gst-drmeter does not print the README's log"
fi
echo "ok: the packaged gst-drmeter prints the README's log of docs/examples/album"

# ---- what its --help points to is installed ----
"$root/usr/bin/gst-drmeter" --help > "$scratch/help.txt" 2>&1 ||
  fail "the packaged gst-drmeter --help failed"
docdir=$(tr '\n' ' ' < "$scratch/help.txt" |
  sed -n 's/.*json-schema\.md) are in \([^ ]*\) .*/\1/p')
[ "$docdir" = /usr/share/doc/gst-drmeter ] ||
  fail "gst-drmeter --help names no documentation folder /usr/share/doc/gst-drmeter: $docdir"
for f in gst-drmeter.md json-schema.md; do
  [ -f "$root$docdir/$f" ] || fail "--help names $docdir/$f, which gst-drmeter does not install"
done
echo "ok: gst-drmeter --help names $docdir, which holds gst-drmeter.md and json-schema.md"

# ---- the manual page ----
man1="$root/usr/share/man/man1"
page=$(ls "$man1"/gst-drmeter.1* 2>/dev/null | head -n 1)
[ -n "$page" ] || fail "no manual page in /usr/share/man/man1"
if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man -l "$page" 2>&1 | grep -q -- '--plot' ||
    fail "man -l $(basename "$page") does not render the options"
  echo "ok: man gst-drmeter renders ($(basename "$page"))"
fi

# ---- the library, as docs/core-api.md builds a program ----
if command -v cc >/dev/null 2>&1 && command -v pkg-config >/dev/null 2>&1; then
  line=$(grep -m 1 '^cc .*\$(pkg-config --cflags --libs drmeter)' \
    "$src/docs/core-api.md")
  mkdir -p "$scratch/example"
  cp "$src/docs/examples/core-api.c" "$scratch/example/"
  (
    cd "$scratch/example"
    PKG_CONFIG_PATH="$libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root" \
      sh -c "$line"
  ) || fail "docs/core-api.md's build line against libdrmeter-dev"
  "$scratch/example/core-api" | grep -q '^DR19 ' ||
    fail "the example built against libdrmeter-dev printed no DR19"
  echo "ok: $line (against libdrmeter-dev) builds and runs"
fi

# ---- lintian ----
status=0
if command -v lintian >/dev/null 2>&1; then
  # Every tag down to pedantic ones, on the source and binary packages.
  lintian --display-info --pedantic "$scratch"/src/*.dsc \
    "$scratch"/src/*.changes 2>&1 |
    grep -v 'running with root privileges' > "$scratch/lintian.txt" || true
  echo "lintian $(lintian --version | sed 's/^Lintian v*//'), --pedantic:"
  if grep -q '^[EWIPX]: ' "$scratch/lintian.txt"; then
    grep -v '^N: *$' "$scratch/lintian.txt" | sed 's/^/  /' | head -n 60
  else
    echo "  no tags"
  fi
  for level in E W I P; do
    n=$(grep -c "^$level: " "$scratch/lintian.txt" || true)
    echo "  $level: $n"
  done
  ! grep -q '^E: ' "$scratch/lintian.txt" || status=1
else
  echo "lintian not installed: not run"
fi
[ "$status" -eq 0 ] || exit "$status"
echo "packages: $(echo "$debs" | wc -w) built, every check passed"

# ---- installing them, on demand ----
if [ "$install" = yes ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 ||
      fail "installing the packages needs root: run it as root (there is no sudo)"
    SUDO=sudo
  fi
  # apt-get takes the .deb files by path (./ or absolute) and installs what
  # they depend on from the archive; not the debug symbols.
  wanted=$(printf '%s\n' $debs | grep -v -e '-dbgsym_')
  # shellcheck disable=SC2086
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $wanted ||
    fail "apt-get install of the packages"
  echo "installed: $(for d in $wanted; do dpkg-deb -f "$d" Package; done | tr '\n' ' ')"
fi
exit 0
