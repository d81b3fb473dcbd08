#!/bin/sh
# gst-drmeter against a corpus of damaged files (docs/robustness.md,
# "Hostile corpus").
#
#   hostile-corpus.sh short|long
#
# Makes WAV, FLAC, Ogg Vorbis, MP3 and M4A (AAC) files from the example
# album and from generated noise, then damaged copies of each
# (corpus-damage.py: cuts at bytes of the first 256 and at 20 points
# through the file, random byte flips; "short" takes a seeded sample,
# "long" all of them), and scans each format's folder in one run of the
# command (--json, -j 2, a short --stall-timeout). Each scan must end
# within a bound (else it is killed: FAIL), with exit status 0 or 1 (never
# a signal) and no GLib critical or warning on stderr; corpus-verdict.py
# checks that every file is measured or named by one error line, exactly
# once, and that the undamaged files give the values they give alone.
# A copy cut after the header of a format that declares its length, yet
# measured, is a finding: a failure for the formats whose length the
# command checks ($length_checked), printed for the others.
# A missing encoder leaves its files out and makes the result SKIP (77).
#
# Environment: GST_DRMETER (the command), DRM_ALBUM (docs/examples/album),
# DRM_CORPUS_SEED (default: a new one, printed), DRM_CORPUS_TIMEOUT (the
# bound per scan, seconds), DRM_CORPUS_KEEP=1 (keep the corpus, say where),
# DRM_CORPUS_TIMES=1 (long: per-file times, see below).
set -u
# every scan measures: no result cache
export GST_DRMETER_CACHE=off
mode=${1:-short}
# The formats whose declared length the command compares with what it
# decodes (docs/gst-drmeter.md): every format here.
length_checked="wav flac mp3 m4a ogg"
case $mode in
  short) bound=${DRM_CORPUS_TIMEOUT:-120}; stall=3 ;;
  long) bound=${DRM_CORPUS_TIMEOUT:-900}; stall=3 ;;
  *) echo "usage: $0 short|long" >&2; exit 2 ;;
esac
cmd=${GST_DRMETER:?set GST_DRMETER to the gst-drmeter command}
album=${DRM_ALBUM:?set DRM_ALBUM to docs/examples/album}
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
command -v "$py" >/dev/null || { echo "SKIP: no python3"; exit 77; }
seed=${DRM_CORPUS_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "seed: $seed (DRM_CORPUS_SEED=$seed repeats this corpus)"

. "$here/checks.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-corpus.XXXXXX")
cleanup () {
  if [ "${DRM_CORPUS_KEEP:-0}" = 1 ]; then
    echo "kept: $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
export HOME="$tmp" XDG_CACHE_HOME="$tmp"

# ---- the undamaged files ----
src="$tmp/src"
mkdir -p "$src"
skipped=""
have () {
  command -v "$1" >/dev/null 2>&1 && return 0
  case $skipped in *" $1"*) ;; *) skipped="$skipped $1" ;; esac
  echo "skip: $1 is not installed: no $2"
  return 1
}
# source_file FILE "TOOLS" COMMAND...: runs COMMAND, which makes src/FILE,
# if every one of TOOLS is installed.
source_file () {
  file=$1 tools=$2
  shift 2
  for t in $tools; do
    have "$t" "$file" || return 0
  done
  if ! "$@" > "$tmp/make.log" 2>&1 || ! [ -s "$src/$file" ]; then
    cat "$tmp/make.log"
    fail "could not make $file"
    rm -f "$src/$file"
  fi
}
ff () { ffmpeg -nostdin -v error -y "$@"; }
# From the album (decoded by flac): each format's usual encoder. Ogg
# serial numbers are fixed (-s, bitexact), so that a seed repeats a corpus.
command -v flac >/dev/null 2>&1 &&
  flac -s -d -f -o "$tmp/ticks.wav" "$album/01 - Ticks.flac" &&
  flac -s -d -f -o "$tmp/sines.wav" "$album/03 - Sines.flac"
source_file ticks.wav flac cp "$tmp/ticks.wav" "$src/ticks.wav"
source_file triangle.flac flac \
  cp "$album/02 - Triangle.flac" "$src/triangle.flac"
source_file sines.ogg "flac oggenc" \
  oggenc -Q -q 3 -s 1 -o "$src/sines.ogg" "$tmp/sines.wav"
source_file ticks.mp3 "flac lame" \
  lame --quiet -V 4 "$tmp/ticks.wav" "$src/ticks.mp3"
# moov after the samples (ffmpeg's default): a cut loses it
source_file sines.m4a "flac ffmpeg" \
  ff -i "$tmp/sines.wav" -c:a aac -b:a 128k "$src/sines.m4a"
# Generated: 4 s of mono 48 kHz 24-bit noise (-R: the same every time),
# other writers and layouts.
command -v sox >/dev/null 2>&1 &&
  sox -R -n -r 48000 -b 24 -c 1 "$tmp/noise.wav" synth 4 pinknoise vol 0.5
# a LIST chunk before the samples
source_file noise.wav "sox ffmpeg" \
  ff -i "$tmp/noise.wav" -c:a pcm_s24le "$src/noise.wav"
# a padding block after STREAMINFO
source_file noise.flac "sox flac" \
  flac -s --padding=4096 -o "$src/noise.flac" "$tmp/noise.wav"
source_file noise.ogg "sox ffmpeg" \
  ff -i "$tmp/noise.wav" -c:a libvorbis -fflags +bitexact "$src/noise.ogg"
# an ID3v2 tag, then ffmpeg's Xing/LAME frame
source_file noise.mp3 "sox ffmpeg" \
  ff -i "$tmp/noise.wav" -c:a libmp3lame -metadata title=Noise \
  "$src/noise.mp3"
# moov before the samples: a cut keeps it, and it declares the length
source_file noise.m4a "sox ffmpeg" \
  ff -i "$tmp/noise.wav" -c:a aac -movflags +faststart "$src/noise.m4a"
ls "$src"/* >/dev/null 2>&1 || { echo "SKIP: no file could be made"; exit 77; }

# What each undamaged file gives alone.
"$cmd" -q --json -j 2 "$src" > "$tmp/reference.json" 2> "$tmp/reference.err"
status=$?
cat "$tmp/reference.err"
expect_status "the undamaged files" "$status" 0

# ---- the damaged copies ----
corpus="$tmp/corpus"
"$py" "$here/corpus-damage.py" --seed "$seed" --mode "$mode" \
  --out "$corpus" "$src"/* || fail "corpus-damage.py"
formats=$(cd "$corpus" && ls -d */ | tr -d /)
echo "corpus: $(wc -l < "$corpus/manifest.tsv") files," \
  "$(du -sk "$corpus" | cut -f1) kB"

# ---- one scan per format ----
# With DRM_CORPUS_TIMES=1 the long run times each file too, from an strace
# log of the workers' openings and results (corpus-times.py; the command
# itself says nothing of its times). Tracing slows the scans: their
# outcomes are not the plain run's.
traced=""
if [ "$mode" = long ] && [ "${DRM_CORPUS_TIMES:-0}" = 1 ]; then
  if command -v strace >/dev/null 2>&1; then
    traced=yes
  else
    echo "skip: strace is not installed: no per-file times"
  fi
fi
now () { date +%s.%N; }
for fmt in $formats; do
  n=$(ls "$corpus/$fmt" | wc -l)
  trace=""
  [ -n "$traced" ] && trace="strace -f -q -ttt --seccomp-bpf -e signal=none -o \
$corpus/$fmt.trace -e trace=openat,clone,clone3,execve,sendto,kill"
  start=$(now)
  # shellcheck disable=SC2086
  $trace timeout -s KILL "$bound" "$cmd" -q --json -j 2 \
    --stall-timeout "$stall" "$corpus/$fmt" \
    > "$corpus/$fmt.json" 2> "$corpus/$fmt.err"
  status=$?
  secs=$(echo "$(now) $start" | awk '{ printf "%.1f", $1 - $2 }')
  if [ "$status" -eq 137 ]; then
    fail "$fmt: $n files: not done after $bound s (killed)"
  elif [ "$status" -gt 1 ]; then
    fail "$fmt: $n files: exit status $status"
  else
    ok "$fmt: $n files in $secs s, exit status $status"
  fi
  if grep -E "CRITICAL|WARNING|GLib|GStreamer-|Segmentation|Aborted" \
      "$corpus/$fmt.err"; then
    fail "$fmt: a GLib critical, warning or crash on stderr (above)"
  fi
done

"$py" "$here/corpus-verdict.py" "$corpus" "$tmp/reference.json" $formats \
  > "$tmp/verdict"
verdict=$?
cat "$tmp/verdict"
[ "$verdict" -eq 0 ] || [ "$verdict" -eq 3 ] || fail "corpus-verdict.py (above)"
[ -n "$traced" ] && "$py" "$here/corpus-times.py" "$corpus" "$corpus"/*.trace
for fmt in $length_checked; do
  grep -q "^finding: $fmt/" "$tmp/verdict" &&
    fail "$fmt: files cut after the header that declares their length" \
      "were measured as whole (findings above)"
done
[ -n "$skipped" ] && [ "$failures" -eq 0 ] &&
  { echo "SKIP: not installed:$skipped"; exit 77; }
finish_checks
