#!/bin/sh
# Makes docs/examples/album/: three short tagged FLAC tracks of test
# signals (ticks, a triangle wave, sines), the bundled example album for
# gst-drmeter. Deterministic: GStreamer's ticks, sine and triangle waves,
# no noise, so the same GStreamer and libFLAC give the same bytes.
# The files are committed; run this only to remake them.
#
#   docs/examples/make-album.sh [folder]     (default: docs/examples/album)
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

out=${1:-$(dirname "$0")/album}
mkdir -p "$out"

# 260 buffers of 1024 frames at 44.1 kHz: 6.04 s, two 3 s DR windows
N=260
MONO="audio/x-raw,rate=44100,channels=1"

# track FILE NUMBER TITLE SOURCE-A SOURCE-B: two mono sources, each panned,
# mixed to 16-bit stereo
track() {
  file=$1 number=$2 title=$3 a=$4 b=$5
  # gst-launch syntax: the value quoted, the strings in it quoted again
  tags="tags=\"artist=\\\"gst-drmeter\\\",album=\\\"Test Signals\\\",title=\\\"$title\\\",track-number=(uint)$number,track-count=(uint)3\""
  # shellcheck disable=SC2086
  gst-launch-1.0 -q \
    audiomixer name=m ! audio/x-raw,format=S16LE,rate=44100,channels=2 ! \
    taginject "$tags" ! \
    flacenc ! filesink location="$out/$file" \
    audiotestsrc $a num-buffers=$N ! $MONO ! audiopanorama panorama=-0.4 ! m. \
    audiotestsrc $b num-buffers=$N ! $MONO ! audiopanorama panorama=0.5 ! m.
}

track "01 - Ticks.flac" 1 "Ticks" \
  "wave=ticks freq=440 volume=0.9 tick-interval=500000000" \
  "wave=sine freq=220 volume=0.03"
track "02 - Triangle.flac" 2 "Triangle" \
  "wave=triangle freq=110 volume=0.5" \
  "wave=ticks freq=880 volume=0.5 tick-interval=125000000"
track "03 - Sines.flac" 3 "Sines" \
  "wave=sine freq=330 volume=0.2" \
  "wave=ticks freq=1320 volume=0.8 tick-interval=1000000000"
