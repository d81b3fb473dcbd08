#!/bin/sh
# gst-drmeter: WAV and RF64 files over 2 GiB, measured whole (on demand:
# about 12 GB of disk and some minutes; not part of the default tests).
#
# usage: tests/scanner/formats/big-wav.sh [BUILD_DIR [TMPDIR]]
#
#   big.wav     2.3 GB: 25:00 of a 192 kHz stereo F32 sine (wavparse 1.22
#               clipped it to 23:18)
#   big64.wav   the same as RF64
#   big32.wav   3.2 GB: 35:00 (wavparse 1.22: "no audio samples")
#   silence.w64 a 10-hour RF64 of stereo S16 silence, 6.4 GB
#
# Each must print its whole duration with exit status 0.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu
build=${1:-build}
tmp=${2:-${TMPDIR:-/tmp}}/gst-drmeter-big-wav
tool=$build/gst/tool/gst-drmeter
command -v ffmpeg >/dev/null || { echo "SKIP: ffmpeg is not installed"; exit 77; }
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail=0

# check FILE DURATION FRAMES
check() {
  out=$("$tool" -q --json "$1") || { echo "FAIL: $1: exit $?"; fail=1; return; }
  dur=$(printf '%s\n' "$out" | sed -n 's/.*"duration_token": "\([^"]*\)".*/\1/p' | head -1)
  frames=$(printf '%s\n' "$out" | sed -n 's/.*"frames": \([0-9]*\).*/\1/p' | head -1)
  if [ "$dur" = "$2" ] && [ "$frames" = "$3" ]; then
    echo "ok: $(basename "$1"): $dur, $frames frames"
  else
    echo "FAIL: $(basename "$1"): $dur, $frames frames (want $2, $3)"
    fail=1
  fi
}

ff() { ffmpeg -loglevel error -y "$@"; }

ff -f lavfi -i "sine=d=1500:sample_rate=192000" -ac 2 -c:a pcm_f32le "$tmp/big.wav"
check "$tmp/big.wav" 25:00 288000000
ff -i "$tmp/big.wav" -c copy -rf64 always "$tmp/big64.wav"
rm "$tmp/big.wav"
check "$tmp/big64.wav" 25:00 288000000
rm "$tmp/big64.wav"
ff -f lavfi -i "sine=d=2100:sample_rate=192000" -ac 2 -c:a pcm_f32le "$tmp/big32.wav"
check "$tmp/big32.wav" 35:00 403200000
rm "$tmp/big32.wav"
ff -f lavfi -i "anullsrc=r=44100:cl=stereo" -t 36000 -c:a pcm_s16le -rf64 always "$tmp/silence.wav"
check "$tmp/silence.wav" 10:00:00 1587600000
exit $fail
