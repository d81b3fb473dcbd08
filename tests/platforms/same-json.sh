#!/bin/sh
# The same PCM and lossless files must give the same JSON, byte for byte,
# on every Debian release (GStreamer, ORC and TagLib of each): the steps
# that debian-root.sh runs here and in each root, then compares.
#
#   same-json.sh make DIR            writes the files (the same bytes on
#                                    every run: make-pcm-set.py, then flac
#                                    and wavpack encode some of them)
#   same-json.sh build SRC BUILDDIR  builds the scanner of checkout SRC,
#                                    without the tests
#   same-json.sh scan TOOL DIR       prints TOOL --json for the files of DIR
#                                    (paths relative to DIR)
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
case ${1:-} in
  make)
    dir=$2
    mkdir -p "$dir"
    /usr/bin/python3 "$here/make-pcm-set.py" "$dir"
    # Lossless copies: FLAC 16 and 24 bit and 5.1, WavPack integer and
    # float.
    flac -s -f -8 -o "$dir/s16-44100-2.flac" "$dir/s16-44100-2.wav"
    flac -s -f -5 -o "$dir/s24-96000-2.flac" "$dir/s24-96000-2.wav"
    flac -s -f -o "$dir/s16-48000-6.flac" "$dir/s16-48000-6.wav"
    wavpack -q -y -hh "$dir/s16-44100-2.wav" -o "$dir/s16-44100-2.wv"
    wavpack -q -y "$dir/f32-48000-2.wav" -o "$dir/f32-48000-2.wv"
    ;;
  build)
    src=$2
    build=$3
    meson setup "$build" "$src" -Dtests=disabled
    ninja -C "$build"
    ;;
  scan)
    tool=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
    cd "$3"
    # Two files at once, whatever the CPUs: the JSON does not depend on it.
    exec "$tool" --json -j 2 .
    ;;
  *)
    echo "usage: $0 make DIR | build SRC BUILDDIR | scan TOOL DIR" >&2
    exit 2
    ;;
esac
