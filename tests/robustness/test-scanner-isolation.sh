#!/bin/sh
# gst-drmeter's worker processes (docs/gst-drmeter.md, docs/robustness.md):
# decoders that crash, hang or spin cost one file, never the scan.
#
# The misbehaving decoders come from a test plugin (drmt-misbehave.c) in
# DRMT_MISBEHAVE_PATH; next to them the bundled album, a file the test
# decoder decodes well and the 44-byte WAV on which GStreamer 1.22's
# wavparse spins for ever. Checks:
#   - the scan ends in bounded time (scaled by the time the good files
#     alone take: the bound holds on a loaded machine), exit status 1,
#     every good file measured once, one stderr line per bad file with
#     the right reason;
#   - the JSON error list names each bad file once; --plot draws the good;
#   - a file the scanner lets a worker cut into parts (a .flac or .wav
#     name, -j 2) whose probe or part decoder crashes or stalls is
#     measured again in one pass in a new worker and costs that file
#     alone; a corrupt 200 MB FLAC and the 44-byte WAV do not hang it;
#   - a file whose probe passes and whose second part crashes (the test
#     decoder's partcrash mode) prints the one-pass scan's result, and one
#     line says what happened;
#   - Ctrl-C and a killed command leave no worker behind;
#   - -j 0 and a -j beyond the open-file limit are refused at once.
#
#   - a decoder that produces audio for ever (runaway) is ended after
#     2^20 frames per byte of its file, or after twice the length its
#     stream declares and 10 minutes more, whichever comes first;
#
# Environment: GST_DRMETER, DRM_ALBUM, DRMT_MISBEHAVE_PATH (the folder of
# the test plugin), GST_PLUGIN_PATH_1_0 (the drmeter plugin).
set -u
cmd=${GST_DRMETER:?set GST_DRMETER to the gst-drmeter command}
album=${DRM_ALBUM:?set DRM_ALBUM to docs/examples/album}
plugin=${DRMT_MISBEHAVE_PATH:?set DRMT_MISBEHAVE_PATH}
py=/usr/bin/python3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-isolation.XXXXXX")
cleanup () {
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

. "$(dirname "$0")/checks.sh"

export GST_PLUGIN_PATH_1_0="${GST_PLUGIN_PATH_1_0:-}:$plugin"
export GST_REGISTRY_1_0="$tmp/registry.bin"

d="$tmp/music"
mkdir -p "$d"
cp "$album"/*.flac "$d/"
for mode in good crash abort hang spin runaway; do
  printf 'DRMTTEST %s\n' "$mode" > "$d/$mode.drmt"
done
# a megabyte: the limit is then the declared second (doubled) and 600 s
{ printf 'DRMTTEST runaway\n'; head -c 1000000 /dev/zero; } > "$d/long-runaway.drmt"
printf 'RIFF\152\330\077\002WAVEfmt \020\000\000\000\001\000\002\000\104\254\000\000\020\261\002\000\004\000\020\000LIST\032\000\000\000' \
  > "$d/cut.wav"

# The workers of command $1: processes whose parent it is.
workers_of () {
  cat "/proc/$1/task/"*/children 2>/dev/null
}

# The time bounds below scale with the machine's speed now (a loaded
# machine, tests/robustness/busy-run.sh): the good files of the folder
# scanned alone give the time a scan takes here for its start-up and its
# real work; the bad files may add their stall timeouts (2 s of listening
# each, two at a time) on top, with a wide margin.
mkdir "$tmp/ref"
cp "$d"/*.flac "$d/good.drmt" "$tmp/ref/"
start_ms=$(($(date +%s%N) / 1000000))
timeout 120 "$cmd" -q -a -j 2 "$tmp/ref" > /dev/null 2>&1
ref_s=$(( ($(date +%s%N) / 1000000 - start_ms + 999) / 1000 ))
bound=$((20 + 4 * ref_s))
echo "the good files alone: $ref_s s; time bound of a scan: $bound s"

# ---- a folder with every kind of misbehaving decoder ----
start=$(date +%s)
timeout 120 "$cmd" -q -a -j 2 --stall-timeout 2 "$d" > "$tmp/out" 2> "$tmp/err"
status=$?
elapsed=$(($(date +%s) - start))
echo "--- exit status $status after $elapsed s; standard error:"
cat "$tmp/err"
echo "---"
[ "$status" -eq 124 ] && fail "the scan hung"
[ "$status" -eq 1 ] && ok "exit status 1" || fail "exit status $status, expected 1"
# five stalls and crashes of 2 s at most, two at a time, and start-up
[ "$elapsed" -le "$bound" ] && ok "ended in $elapsed s (bound $bound s)" ||
  fail "took $elapsed s (bound $bound s)"

expect_line () {   # file reason-pattern
  n=$(grep -c -F "gst-drmeter: $1: " "$tmp/err")
  if [ "$n" -ne 1 ]; then
    fail "$n lines for $1, expected 1"
  elif ! grep -F "gst-drmeter: $1: " "$tmp/err" | grep -q -E -- "$2"; then
    fail "$1: reason does not match /$2/"
  else
    ok "$1: one line"
  fi
}
expect_line "$d/crash.drmt" "^gst-drmeter: [^:]*: decoder crashed \(signal 11\)$"
expect_line "$d/abort.drmt" "decoder crashed \(signal 6\)$"
expect_line "$d/hang.drmt" "decoder stalled \(no new samples for 2 s\)$"
expect_line "$d/spin.drmt" "decoder stalled \(no new samples for 2 s\)$"
expect_line "$d/runaway.drmt" "decoder runaway \([0-9]+ frames decoded from a file of 17 bytes, more than 1048576 per byte\)$"
# past twice the declared second plus 10 minutes (602 s); how far past
# depends on how fast the decoder runs between two looks (0.1 s apart)
expect_line "$d/long-runaway.drmt" "decoder runaway \((60[2-9]|6[1-9][0-9]|[7-9][0-9][0-9]|[0-9]{4,}) s of audio decoded where the file declares 1\.0 s\)$"
expect_line "$d/cut.wav" "."
n=$(grep -c . "$tmp/err")
[ "$n" -eq 7 ] && ok "7 lines on standard error" ||
  fail "$n lines on standard error, expected 7"

for line in \
  "DR14      -3.91 dBFS   -21.32 dBFS      0:06 01-Ticks" \
  "DR7       -5.61 dBFS   -12.82 dBFS      0:06 02-Triangle" \
  "DR13      -3.63 dBFS   -18.98 dBFS      0:06 03-Sines" \
  "0:01 ?-good"; do
  n=$(grep -c -F "$line" "$tmp/out")
  [ "$n" -eq 1 ] && ok "reported once: $line" || fail "reported $n times: $line"
done
grep -q -F "Number of tracks:  4" "$tmp/out" && ok "4 tracks" ||
  fail "not 4 tracks in the album"

# ---- the JSON lists each bad file once; the plots get the windows ----
timeout 120 "$cmd" -q -a -j 2 --stall-timeout 2 --json --plot "$tmp/plots" \
  "$d" > "$tmp/json" 2> /dev/null
status=$?
[ "$status" -eq 1 ] && ok "--json: exit status 1" ||
  fail "--json: exit status $status"
if $py - "$tmp/json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
names = sorted(e["file"].rsplit("/", 1)[-1] for e in doc["errors"])
tracks = [t for a in doc["albums"] for t in a["tracks"]]
print("errors:", names, "tracks:", len(tracks), "failed:", doc.get("failed"))
assert names == ["abort.drmt", "crash.drmt", "cut.wav", "hang.drmt",
                 "long-runaway.drmt", "runaway.drmt", "spin.drmt"], names
assert len(tracks) == 4 and doc["failed"] == 7
EOF
then ok "JSON: each bad file once, four tracks"
else fail "JSON errors or tracks wrong"
fi
n=$(ls "$tmp/plots"/*.svg 2>/dev/null | wc -l)
[ "$n" -eq 4 ] && ok "--plot: 4 pictures" || fail "--plot: $n pictures"
grep -q "polyline" "$tmp/plots/01-Ticks.svg" 2>/dev/null &&
  ok "--plot: the windows crossed" || fail "--plot: no windows drawn"

# ---- split jobs: the probe and the parts run in workers too ----
s="$tmp/split"
mkdir -p "$s"
for mode in crash hang spin runaway; do
  printf 'DRMTTEST %s\n' "$mode" > "$s/$mode.flac"
done
cp "$d/cut.wav" "$s/cut.wav"
# a valid FLAC header, then 200 MB of garbage
{ head -c 8192 "$d/01 - Ticks.flac"; head -c 200000000 /dev/urandom; } \
  > "$s/corrupt.flac"
for f in "$s"/*; do
  start=$(date +%s)
  DRMT_SPLIT_DEBUG=1 timeout 120 "$cmd" -q -j 2 --stall-timeout 2 "$f" \
    "$d/01 - Ticks.flac" > "$tmp/out" 2> "$tmp/err"
  status=$?
  elapsed=$(($(date +%s) - start))
  name=${f##*/}
  [ "$status" -eq 1 ] && [ "$elapsed" -le "$bound" ] &&
    ok "$name (split job): exit status 1 after $elapsed s" ||
    fail "$name (split job): exit status $status after $elapsed s"
  grep -q -F "01-Ticks" "$tmp/out" && ok "$name: the other file measured" ||
    fail "$name: the other file was not measured"
  n=$(grep -v -F "measured again in one pass" "$tmp/err" | grep -c -F "$f: ")
  [ "$n" -eq 1 ] && ok "$name: one error line" ||
    fail "$name: $n error lines: $(cat "$tmp/err")"
done
rm -f "$s/corrupt.flac"
for mode in crash hang spin runaway; do
  DRMT_SPLIT_DEBUG=1 timeout 60 "$cmd" -q -j 2 --stall-timeout 2 \
    "$s/$mode.flac" > /dev/null 2> "$tmp/err"
  grep -q -E "$mode.flac: measured again in one pass: decoder (crashed|stalled)" \
    "$tmp/err" && ok "$mode.flac: the split job fell back to one pass" ||
    fail "$mode.flac: no fallback to one pass: $(cat "$tmp/err")"
done

# ---- a part that crashes after the probe passed ----
# The test decoder's partcrash mode decodes 150 s of a tone, seekable, and
# dies at a given frame only after a seek: the head job probes the file
# and cuts its first part off (36 s), the scanner cuts the next one (36 to
# 111 s), whose part job dies at 100 s, and the file is measured again in
# one pass (no seek: no crash). The printed result must be the one-pass
# scan's, and one line must say why. The same file without the crash is
# really measured in parts.
printf 'DRMTTEST partcrash 99999999\n' > "$s/whole.flac"
printf 'DRMTTEST partcrash 4410000\n' > "$s/partcrash.flac"
DRMT_SPLIT_DEBUG=1 timeout 60 "$cmd" -q -j 2 "$s/whole.flac" > /dev/null \
  2> "$tmp/err"
grep -q -x -E "gst-drmeter: $s/whole.flac: measured in [2-9] parts, [0-9]+ out of order" "$tmp/err" &&
  ok "partcrash: without the crash, measured in parts" ||
  fail "partcrash: not measured in parts: $(cat "$tmp/err")"
timeout 60 "$cmd" -q -j 2 --stall-timeout 5 "$s/partcrash.flac" \
  > "$tmp/split.out" 2> "$tmp/err"
status=$?
timeout 60 "$cmd" -q --no-split "$s/partcrash.flac" > "$tmp/one.out" \
  2> /dev/null
[ "$status" -eq 0 ] && ok "partcrash: exit status 0" ||
  fail "partcrash: exit status $status"
if diff "$tmp/split.out" "$tmp/one.out" | grep -v -e '^[<>] log date:' \
    -e '^---$' -e '^[0-9]*c[0-9]*$' | grep -q .; then
  fail "partcrash: the result differs from the one-pass scan's"
else
  grep -q -F "DR2 " "$tmp/one.out" && ok "partcrash: the one-pass result" ||
    fail "partcrash: no result: $(cat "$tmp/one.out")"
fi
[ "$(grep -c . "$tmp/err")" -eq 1 ] &&
  grep -q -x -F "gst-drmeter: $s/partcrash.flac: measured again in one pass: decoder crashed (signal 11)" \
    "$tmp/err" &&
  ok "partcrash: one line says a part crashed" ||
  fail "partcrash: standard error: $(cat "$tmp/err")"

# ---- Ctrl-C and a killed command leave no worker ----
# (A shell starts background commands with SIGINT ignored: the Python
# wrapper gives the command the default action back, as on a terminal.)
for sig in INT KILL; do
  case $sig in INT) died=130 ;; KILL) died=137 ;; esac
  $py -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$cmd" -q --stall-timeout 0 \
    "$d/hang.drmt" > /dev/null 2>&1 &
  pid=$!
  w=""
  for i in $(seq 100); do
    w=$(workers_of "$pid")
    [ -n "$w" ] && break
    sleep 0.1
  done
  [ -n "$w" ] || fail "SIG$sig: no worker seen"
  sleep 0.5
  kill -s "$sig" "$pid"
  for i in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    fail "SIG$sig: the command did not end"
    kill -9 "$pid"
  fi
  wait "$pid"
  status=$?
  [ "$status" -eq "$died" ] &&
    ok "SIG$sig: the command died of it" ||
    fail "SIG$sig: exit status $status"
  gone=no
  for i in $(seq 50); do
    alive=""
    for p in $w; do
      [ -d "/proc/$p" ] && ! grep -q zombie "/proc/$p/status" 2>/dev/null &&
        tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q -e --worker &&
        alive="$alive $p"
    done
    [ -z "$alive" ] && gone=yes && break
    sleep 0.1
  done
  [ "$gone" = yes ] && ok "SIG$sig: no worker left" ||
    fail "SIG$sig: worker$alive still running"
  for p in $alive; do kill -9 "$p" 2>/dev/null; done
done

# ---- a CUE image whose decoder crashes: each of its tracks says so ----
c="$tmp/cue"
mkdir -p "$c"
printf 'DRMTTEST crash\n' > "$c/image.drmt"
printf 'FILE "image.drmt" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    INDEX 01 00:00:30\n' \
  > "$c/image.cue"
cp "$album/01 - Ticks.flac" "$c/"
timeout 60 "$cmd" -q -j 2 --stall-timeout 2 "$c" > "$tmp/out" 2> "$tmp/err"
status=$?
for k in 1 2; do
  n=$(grep -c -F "gst-drmeter: $c/image.drmt: track $k of image.cue: decoder crashed (signal 11)" "$tmp/err")
  [ "$n" -eq 1 ] && ok "CUE image: track $k failed with the crash" ||
    fail "CUE image: $n lines for track $k: $(cat "$tmp/err")"
done
[ "$status" -eq 1 ] && grep -q -F "01-Ticks" "$tmp/out" &&
  ok "CUE image: the folder's other file measured" ||
  fail "CUE image: status $status"

# ---- -j limits ----
"$cmd" -q -j 0 "$d/good.drmt" > /dev/null 2> "$tmp/err"
status=$?
[ "$status" -eq 2 ] && grep -q "between 1 and 1024" "$tmp/err" &&
  ok "-j 0 refused" || fail "-j 0: status $status, $(cat "$tmp/err")"
(ulimit -n 100 && exec "$cmd" -q -j 400 "$d/good.drmt") > /dev/null 2> "$tmp/err"
status=$?
[ "$status" -eq 2 ] && grep -q "at most 34 files at once" "$tmp/err" &&
  ok "-j 400 with 100 open files refused" ||
  fail "-j 400 with ulimit -n 100: status $status, $(cat "$tmp/err")"
(ulimit -n 100 && exec "$cmd" -q -j 34 "$album") > "$tmp/out" 2> "$tmp/err"
status=$?
[ "$status" -eq 0 ] && [ ! -s "$tmp/err" ] &&
  ok "-j 34 with 100 open files" ||
  fail "-j 34 with ulimit -n 100: status $status, $(cat "$tmp/err")"

finish_checks
