#!/bin/sh
# 64 channels, the most the element takes (docs/gst-drmeter.md): measured
# by gst-drmeter whether its WAV reader or decodebin (PCM in Matroska)
# reads them, with the same values; audioconvert, which takes at most 63,
# is left out. A format the meter does not take (big-endian AIFF) is one
# clear error.
# Environment: GST_DRMETER.
set -u
cmd=${GST_DRMETER:?}
command -v sox >/dev/null || { echo "SKIP: sox is not installed"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-ch64.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
check () {
  d=$1
  shift
  if "$@"; then echo "ok: $d"; else echo "FAIL: $d"; failures=$((failures + 1)); fi
}

sox -n -r 8000 -b 16 -c 64 "$tmp/ch64.wav" synth 5 pinknoise vol 0.3
have_ff=no
if command -v ffmpeg >/dev/null &&
   ffmpeg -v error -i "$tmp/ch64.wav" -c:a pcm_s16le "$tmp/ch64.mkv" &&
   ffmpeg -v error -i "$tmp/ch64.wav" "$tmp/ch64.aiff"; then
  have_ff=yes
fi
"$cmd" -q --json "$tmp/ch64.wav" > "$tmp/wav.json" 2> "$tmp/err"
status=$?
cat "$tmp/err"
check "WAV: exit status 0" [ "$status" -eq 0 ]
check "WAV: nothing on stderr" [ ! -s "$tmp/err" ]
"$cmd" -q "$tmp/ch64.wav" > "$tmp/log"
check "the log has the Ch64 column" grep -q "DR (Ch64)" "$tmp/log"
# the values of every channel, as the JSON gives them
values () {
  /usr/bin/python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))["albums"][0]["tracks"][0]
assert t["channel_count"] == 64, t["channel_count"]
print(t["dr_value"], [(c["dr"], c["peak_dbfs"], c["rms_dbfs"]) for c in t["channels"]])' "$1"
}
check "WAV: 64 channels in the JSON" values "$tmp/wav.json"
if [ "$have_ff" = yes ]; then
  "$cmd" -q --json "$tmp/ch64.mkv" > "$tmp/mkv.json" 2> "$tmp/err"
  status=$?
  cat "$tmp/err"
  check "Matroska: exit status 0" [ "$status" -eq 0 ]
  check "Matroska: the same values as the WAV" \
    [ "$(values "$tmp/wav.json")" = "$(values "$tmp/mkv.json")" ]
  "$cmd" -q "$tmp/ch64.aiff" > /dev/null 2> "$tmp/err"
  status=$?
  cat "$tmp/err"
  check "AIFF (big endian): exit status 1" [ "$status" -eq 1 ]
  check "AIFF (big endian): one line saying why" \
    [ "$(grep -c "64 channels of S16BE samples: not a format the meter takes" \
      "$tmp/err")" -eq 1 -a "$(grep -c . "$tmp/err")" -eq 1 ]
else
  echo "skip: Matroska and AIFF (no ffmpeg)"
fi
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
