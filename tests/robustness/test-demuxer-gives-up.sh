#!/bin/sh
# A demuxer that gives up at once on a damaged file is reported at once,
# never as "decoder stalled": decodebin (GStreamer 1.22) drops the error of
# an element it is still plugging (qtdemux's "no playable streams" on an
# M4A cut in its header, about one cut in four), and the pipeline then
# waits for ever with no thread at work; the worker sees that and fails
# the file as damaged (gst/tool/measure/pipelinework.c). 100 copies of an
# M4A cut within its first 650 bytes are scanned in one folder with -j 1 and a
# stall timeout of 10 s: each gets one error line, none "decoder stalled".
# Nothing here depends on the machine's speed (with the bug each stalled
# copy costs the full 10 s, and its line says so).
# Environment: GST_DRMETER, DRM_ALBUM.
set -u
cmd=${GST_DRMETER:?set GST_DRMETER to the gst-drmeter command}
album=${DRM_ALBUM:?set DRM_ALBUM to docs/examples/album}
command -v ffmpeg >/dev/null || { echo "SKIP: ffmpeg is not installed"; exit 77; }
py=/usr/bin/python3
[ -x "$py" ] || py=python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-demux.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
. "$(dirname "$0")/checks.sh"

ffmpeg -nostdin -v error -y -i "$album/03 - Sines.flac" -c:a aac \
  "$tmp/sines.m4a" || { echo "SKIP: ffmpeg cannot write AAC in M4A"; exit 77; }
mkdir "$tmp/cuts"
"$py" - "$tmp/sines.m4a" "$tmp/cuts" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
for n in range(150, 650, 5):
    with open("%s/head-%d.m4a" % (sys.argv[2], n), "wb") as f:
        f.write(data[:n])
PY
"$cmd" -q -j 1 --stall-timeout 10 "$tmp/cuts" > /dev/null 2> "$tmp/err"
status=$?
expect_status "100 head cuts" "$status" 1
expect_count "error lines" "$(grep -c '^gst-drmeter: .*/head-[0-9]*\.m4a: ' "$tmp/err")" 100
stalled=$(grep -c 'decoder stalled' "$tmp/err")
expect_count "copies called stalled" "$stalled" 0
echo "reasons:"
sed 's/^[^:]*: [^:]*: //' "$tmp/err" | sort | uniq -c
finish_checks
