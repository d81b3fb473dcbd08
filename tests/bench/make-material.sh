#!/bin/sh
# gst-drmeter benchmarks (on demand): makes the material of bench-split.sh
# and bench-rss.sh from real music, in a folder outside the source tree.
#
#   tests/bench/make-material.sh [work-dir]
#
# The music is the eight background tracks of the Debian package
# neverball-data (Ogg Vorbis, 44.1 kHz stereo, 9.6 minutes in all), decoded
# once and looped with sox:
#   long16.flac    60 minutes, 16-bit 44.1 kHz
#   long24.flac    60 minutes, 24-bit 96 kHz (resampled)
#   long192.flac  120 minutes, 24-bit 192 kHz (resampled)
#   long48.flac    30 minutes, 24-bit 48 kHz (resampled)
#   long16.wav     30 minutes, 16-bit 44.1 kHz WAV
#   lib/          30 files of mixed lengths, 16/44.1: 24 of 2 to 7 minutes
#                 and 6 long ones of 12 to 50 minutes (about 4.7 hours)
#   small/      1000 files of 5 to 15 seconds, 16/44.1
# Files already there are kept; FRESH=1 removes the folder first. Each
# file is written under a temporary name and renamed when complete, so an
# interrupted run never leaves a short file that a later run would keep.
#
# Environment: FRESH=1; SCALE, a percentage of every length but the
# small files' (100; SCALE=5 makes short material to try the scripts on);
# SETS, the sets to make ("long huge lib small": all; "long" is the
# files of 30 and 60 minutes, "huge" the 2-hour one; bench-balance.sh
# needs only "long lib").
# Needs sox (with Ogg Vorbis), flac and neverball-data
# (apt-get install sox libsox-fmt-all flac neverball-data).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

WORK=${1:-${TMPDIR:-/tmp}/gst-drmeter-bench}
SCALE=${SCALE:-100}
SETS=${SETS:-long huge lib small}
want() { case " $SETS " in *" $1 "*) return 0 ;; esac; return 1; }
MUSIC=/usr/share/games/neverball/bgm

for p in sox soxi flac; do
  command -v $p > /dev/null || { echo "SKIP: no $p" >&2; exit 77; }
done
ls "$MUSIC"/*.ogg > /dev/null 2>&1 ||
  { echo "SKIP: no $MUSIC (apt-get install neverball-data)" >&2; exit 77; }

# Encoding hours of audio is CPU work: at the lowest priority it takes
# only what the machine's other work leaves idle.
renice -n 19 -p $$ > /dev/null 2>&1 || true

[ "${FRESH:-0}" = 1 ] && rm -rf "$WORK"
mkdir -p "$WORK/lib" "$WORK/small"

if [ ! -s "$WORK/music.wav" ]; then
  sox $(ls "$MUSIC"/*.ogg | sort) -r 44100 -b 16 -c 2 "$WORK/music.wav.tmp.wav"
  mv "$WORK/music.wav.tmp.wav" "$WORK/music.wav"
fi
music_s=$(soxi -D "$WORK/music.wav" | cut -d. -f1)
# seconds S: S seconds of the full-size material, scaled
seconds() { echo $(($1 * SCALE / 100)); }

# flac_cut OUT RATE BITS START LEN: LEN seconds of the looped music from
# START, at RATE Hz and BITS bits, into the FLAC file OUT (flac's defaults:
# level 5, a seek point every 10 s). Raw PCM through the pipe, because a
# WAV header cannot hold the length of 2 hours of 24/192.
flac_cut() {
  out=$1 rate=$2 bits=$3 start=$4 len=$5
  [ -s "$out" ] && return 0
  # a cut within one pass of the music needs no loop, and without one
  # sox seeks to START instead of decoding up to it
  loop=
  repeats=$(((start + len) / music_s))
  [ "$repeats" -gt 0 ] && loop="repeat $repeats"
  # the resampler overshoots on this loud music: 1 dB of headroom leaves
  # a few hundred clipped samples in 2 hours instead of thousands
  headroom=
  [ "$rate" != 44100 ] && headroom="gain -1"
  sox "$WORK/music.wav" -t raw -e signed -r "$rate" -b "$bits" - \
    $headroom $loop trim "$start" "$len" |
    flac -s -f --force-raw-format --endian=little --sign=signed \
      --channels=2 --bps="$bits" --sample-rate="$rate" -o "$out.tmp" -
  mv "$out.tmp" "$out"
}

if want long; then
  flac_cut "$WORK/long16.flac" 44100 16 0 "$(seconds 3600)"
  flac_cut "$WORK/long24.flac" 96000 24 0 "$(seconds 3600)"
  flac_cut "$WORK/long48.flac" 48000 24 0 "$(seconds 1800)"
  if [ ! -s "$WORK/long16.wav" ]; then
    sox "$WORK/music.wav" "$WORK/long16.wav.tmp.wav" \
      repeat $(($(seconds 1800) / music_s)) trim 0 "$(seconds 1800)"
    mv "$WORK/long16.wav.tmp.wav" "$WORK/long16.wav"
  fi
fi
want huge && flac_cut "$WORK/long192.flac" 192000 24 0 "$(seconds 7200)"

# The library: lengths spread so that the scheduler meets both many short
# files and a few long ones it must split to keep every core busy; each
# cut starts at another place in the music.
i=1
want lib || i=31
while [ $i -le 30 ]; do
  if [ $i -le 24 ]; then
    len=$((120 + (i * 83) % 300))
  else
    case $i in
      25) len=720 ;; 26) len=1080 ;; 27) len=1440 ;;
      28) len=1800 ;; 29) len=2400 ;; *) len=3000 ;;
    esac
  fi
  flac_cut "$WORK/lib/$(printf %02d $i).flac" 44100 16 \
    $(((i * 71) % music_s)) "$(seconds $len)"
  i=$((i + 1))
done

# 1000 small files, for the memory of a long list of files
i=1
want small || i=1001
while [ $i -le 1000 ]; do
  flac_cut "$WORK/small/$(printf %04d $i).flac" 44100 16 \
    $(((i * 37) % (music_s - 15))) $((5 + i % 11))
  i=$((i + 1))
done

echo "material in $WORK: $(du -sh "$WORK" | cut -f1)"
