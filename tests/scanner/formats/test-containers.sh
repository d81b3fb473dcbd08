#!/bin/sh
# No GLib critical or warning reaches the user on any container ffmpeg can
# write (docs/robustness.md): the bundled album's first track converted to
# each, scanned with G_DEBUG=fatal-warnings, so that a warning or critical
# anywhere (the command or its workers, measured files or failed ones)
# ends its process and shows as a crash. Each file is measured or gets
# one error line (a missing plugin, an unknown type) in bounded time.
# Environment: GST_DRMETER, DRM_ALBUM.
set -u
cmd=${GST_DRMETER:?}
album=${DRM_ALBUM:?}
command -v ffmpeg >/dev/null || { echo "SKIP: ffmpeg is not installed"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-containers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
src="$album/01 - Ticks.flac"
made=""
for spec in "wav:" "w64:" "rf64.wav:-rf64 always" "aiff:" "caf:" "au:" \
    "flac:" "ogg:-c:a libvorbis" "flac.oga:-c:a flac" "opus:" "mp3:" "mp2:" \
    "ac3:" "eac3:" "aac:" "m4a:" "alac.m4a:-c:a alac" "mp4:" "mov:" \
    "3gp:-ar 8000 -ac 1 -c:a aac" "mkv:" "mka:" "webm:" "wv:" "tta:" "wma:" \
    "asf:" "avi:" "nut:" "voc:" "sox:" "sf:" "dts:-strict -2" \
    "mlp:-strict -2" "spx:" "gsm:-ar 8000 -ac 1" "g722:-ar 16000 -ac 1" \
    "thd:-strict -2" "adx:" "ircam:" "vag:" "wtv:" "ts:" "mpg:" "flv:" \
    "dfpwm:" "s24.caf:-c:a pcm_s24le" "f32.wav:-c:a pcm_f32le" \
    "s24.aiff:-c:a pcm_s24be"; do
  ext=${spec%%:*}
  args=${spec#*:}
  # shellcheck disable=SC2086
  if ffmpeg -nostdin -v error -y -i "$src" $args "$tmp/t.$ext" 2>/dev/null; then
    made="$made $ext"
  else
    rm -f "$tmp/t.$ext"
  fi
done
echo "containers written by ffmpeg:$made"
n=$(ls "$tmp" | wc -l)
G_DEBUG=fatal-warnings timeout 300 "$cmd" -q -a -j 2 --stall-timeout 5 \
  "$tmp" > "$tmp.out" 2> "$tmp.err"
status=$?
cat "$tmp.err"
failures=0
fail () { echo "FAIL: $*"; failures=$((failures + 1)); }
[ "$status" -eq 0 ] || [ "$status" -eq 1 ] || fail "exit status $status"
grep -q -E "CRITICAL|WARNING|GStreamer warned|decoder crashed|Trace/breakpoint" \
  "$tmp.err" && fail "a GLib critical or warning (see above)"
measured=$(grep -c -E '^DR[0-9]+ ' "$tmp.out")
# The scanner's own error lines, its warnings aside.
errors=$(grep '^gst-drmeter: ' "$tmp.err" | grep -v -c -F ": warning: ")
echo "$n files: $measured measured, $errors error lines"
[ $((measured + errors)) -eq "$n" ] || fail "not one outcome per file"
grep -q -F "t.aiff" "$tmp.err" && fail "the AIFF file was not measured"
grep -q -F "t.s24.aiff" "$tmp.err" && fail "the 24-bit AIFF file was not measured"
rm -f "$tmp.out" "$tmp.err"
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
