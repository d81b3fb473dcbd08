#!/bin/sh
# The runaway limit (gst/tool/measure/runaway.h, docs/robustness.md) never ends a
# real file: digital silence is what codecs pack densest, and three
# minutes of it, mono, in FLAC blocks of 65535 frames at 192 kHz and in
# WavPack (both encoders) at 44.1 kHz, are measured whole. Each file's
# frames per byte is printed and must stay 100 times below the limit of
# 2^20. (WavPack silence at 96 or 192 kHz is not used: GStreamer 1.22's
# typefinder takes it for MPEG-1 layer 1.)
#
# Environment: GST_DRMETER, GST_PLUGIN_PATH_1_0 (the drmeter plugin).
set -u
cmd=${GST_DRMETER:?set GST_DRMETER to the gst-drmeter command}
limit=1048576

tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-runaway.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
. "$(dirname "$0")/checks.sh"

if ! command -v sox > /dev/null; then
  echo "SKIP: sox is not installed"
  exit 77
fi
for rate in 44100 192000; do
  sox -D -n -r $rate -b 16 -c 1 "$tmp/silence-$rate.wav" trim 0 180 || exit 1
done

skipped=""
encode () {   # name program arguments...
  name=$1
  shift
  if command -v "$1" > /dev/null; then
    "$@" > /dev/null 2>&1 || fail "$name: the encoder failed"
  else
    skipped="$skipped $name"
  fi
}
encode flac-65535.flac flac -s --lax -b 65535 --no-padding \
  -o "$tmp/flac-65535-192000.flac" "$tmp/silence-192000.wav"
encode wavpack.wv wavpack -q -y "$tmp/silence-44100.wav" \
  -o "$tmp/wavpack-44100.wv"
encode ffmpeg.wv ffmpeg -v error -y -i "$tmp/silence-44100.wav" \
  -c:a wavpack "$tmp/ffmpeg-44100.wv"
rm -f "$tmp"/silence-*.wav

n=0
for f in "$tmp"/*.flac "$tmp"/*.wv; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  rate=${f%.*}
  rate=${rate##*-}
  per_byte=$((rate * 180 / $(stat -c %s "$f")))
  [ $((per_byte * 100)) -lt "$limit" ] &&
    ok "${f##*/}: $per_byte frames per byte" ||
    fail "${f##*/}: $per_byte frames per byte, within 100 times the limit"
done

timeout 120 "$cmd" -q "$tmp" > "$tmp/out" 2> "$tmp/err"
status=$?
show_run "$status" "$tmp/err"
expect_status "the scan of the silence" "$status" 0
expect_count "tracks measured (DR0, 3:00)" \
  "$(grep -c -E '^DR0 .* 3:00 ' "$tmp/out")" "$n"
grep -q "decoder runaway" "$tmp/err" && fail "a runaway was reported"

if [ -n "$skipped" ]; then
  echo "SKIP:$skipped (encoder missing)"
  [ "$failures" -eq 0 ] && exit 77
fi
finish_checks
