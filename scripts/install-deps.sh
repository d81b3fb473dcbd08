#!/bin/sh
# Installs the Debian 12 packages gst-drmeter needs to build, test and run.
# Does nothing when they are all present; uses sudo when not root.
#
#   scripts/install-deps.sh [--packaging]
#
# --packaging adds what building the Debian packages takes
# (scripts/test-packages.sh): not needed by the default test suite.
set -eu

# Build: the engine, the element and the scanner (TagLib for tags, libcue
# for CUE sheets, SQLite for the result cache). Run: the decoders a library
# scan meets (gst-libav gives float AAC and Opus, plugins-ugly MP3). Test: encoders and independent
# readers the tests compare against (ffmpeg, sox, flac, ..., mutagen),
# bash-completion to try the completion file, chromium to try the --report
# page, parallel for the sharded scan's recipe.
PACKAGES="
meson ninja-build pkg-config gcc g++ libc6-dev
libglib2.0-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
liborc-0.4-dev liborc-0.4-dev-bin check libtag1-dev libcue-dev
libsqlite3-dev
gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
gstreamer1.0-plugins-ugly gstreamer1.0-libav
python3-gi gir1.2-gstreamer-1.0 python3-numpy python3-mutagen
ffmpeg sox flac vorbis-tools opus-tools wavpack lame librsvg2-bin
bash-completion chromium parallel
"
# Building and checking the Debian packages (debian/, on demand only).
PACKAGING="dpkg-dev debhelper devscripts fakeroot lintian groff-base"
[ "${1:-}" != "--packaging" ] || PACKAGES="$PACKAGES $PACKAGING"

missing=""
for p in $PACKAGES; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done
[ -z "$missing" ] && exit 0

echo "Installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
