#!/bin/sh
# Installs the Debian packages gst-drmeter needs to build, test and run, on
# Debian 12 (bookworm), 13 (trixie) and testing. Does nothing when they are
# all present; uses sudo when not root (and says so when there is none).
#
#   scripts/install-deps.sh [--packaging]
#
# --packaging adds what building the Debian packages takes
# (scripts/test-packages.sh): not needed by the default test suite.
set -eu

# Build: the engine, the element and the scanner (TagLib for tags, libcue
# Build: the engine, the element and the scanner (TagLib for tags, libcue
# for CUE sheets, SQLite for the result cache). Run: the decoders a library
# scan meets (plugins-good FLAC, WavPack, MP3 and MP4; gst-libav gives
# float AAC, MP3 and Opus, ALAC and TTA; plugins-ugly the ASF container of
# WMA). Test: encoders and independent readers the tests compare against
# (ffmpeg, sox, flac, ..., mutagen), bash-completion to try the completion
# file, chromium to try the --report page, parallel for the sharded scan's
# recipe.
# "a|b": the first of these that the release has (TagLib 2's headers are
# libtag-dev from Debian 13 on, where libtag1-dev is only a transitional
# name, gone in testing; Debian 12 has libtag1-dev, TagLib 1.13).
PACKAGES="
meson ninja-build pkgconf gcc g++ libc6-dev
libglib2.0-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
liborc-0.4-dev liborc-0.4-dev-bin check libtag-dev|libtag1-dev libcue-dev
libsqlite3-dev
gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
gstreamer1.0-plugins-ugly gstreamer1.0-libav
python3-gi gir1.2-gstreamer-1.0 python3-numpy python3-mutagen
ffmpeg sox flac vorbis-tools opus-tools wavpack lame musepack-tools librsvg2-bin
bash-completion chromium parallel
"
# Building and checking the Debian packages (debian/, on demand only;
# dpkg-buildpackage wants build-essential, which a minimal system lacks).
PACKAGING="build-essential dpkg-dev debhelper devscripts fakeroot lintian groff-base"
[ "${1:-}" != "--packaging" ] || PACKAGES="$PACKAGES $PACKAGING"

installed() {
  case "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" in
    *"install ok installed"*) return 0 ;;
  esac
  return 1
}

# What is missing, as apt-get satisfy's dependencies ("a | b").
missing=""
for p in $PACKAGES; do
  have=no
  for alt in $(echo "$p" | tr '|' ' '); do
    ! installed "$alt" || have=yes
  done
  [ "$have" = yes ] || missing="$missing${missing:+, }$(echo "$p" | sed 's/|/ | /g')"
done
[ -z "$missing" ] && exit 0

echo "Installing: $missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "$0: installing packages needs root: run it as root (there is no sudo)" >&2
    exit 1
  fi
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get satisfy -y -q --no-install-recommends "$missing"
