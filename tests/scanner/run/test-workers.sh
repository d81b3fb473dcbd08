#!/bin/sh
# gst-drmeter starts no more worker processes than it has jobs to run at
# once, and keeps none idle: every process of the scan's tree is listed
# (tests/bench/peak-rss.py samples it every 5 ms), and the worker
# processes (`--worker`) are counted.
#  - 8 short FLAC files with -j 64: at most 8 workers (each file a job;
#    none is long enough to be cut, though its name and size allow it);
#  - the same with -j 2: at most 2 (a job that ends hands its decoder on
#    to the next file, not to a new process);
#  - one 131-s WAV file (8 kHz stereo, 4.2 MB) with -j 64: at most 2 (the
#    file holds two parts of a minute; the other 62 decoders it could have
#    had start nothing, on any number of CPUs).
# Environment: GST_DRMETER, PEAK_RSS (peak-rss.py).
set -u
# Under AddressSanitizer, LeakSanitizer checks each process at its exit
# from a tracer task that /proc lists as one more process with the same
# command line: every worker would be counted twice. Leaks are checked by
# the other tests; here only the processes count.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
cmd=${GST_DRMETER:?}
peak=${PEAK_RSS:?}
for prog in sox flac; do
  command -v "$prog" >/dev/null || { echo "SKIP: $prog is not installed"; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-workers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
check () {   # description, then a command that must succeed
  d=$1
  shift
  if "$@"; then echo "ok: $d"; else echo "FAIL: $d"; failures=$((failures + 1)); fi
}
# workers JOBS PATH: the worker processes one scan started
workers () {
  /usr/bin/python3 "$peak" --interval 5 -- "$cmd" -q -j "$1" "$2" > "$tmp/out" ||
    { cat "$tmp/out"; echo "FAIL: the scan of $2 with -j $1"; failures=$((failures + 1)); }
  grep -c '^child .* --worker ' "$tmp/out"
}

mkdir "$tmp/short" "$tmp/long"
for i in 1 2 3 4 5 6 7 8; do
  sox -n -r 44100 -b 16 -c 2 "$tmp/t.wav" synth 3 pinknoise vol 0.$i
  flac -s -f -o "$tmp/short/$i.flac" "$tmp/t.wav"
done
sox -n -r 8000 -b 16 -c 2 "$tmp/long/long.wav" synth 131 pinknoise vol 0.3
# (a first scan brings GStreamer's registry up to date)
"$cmd" -q "$tmp/short/1.flac" > /dev/null

n=$(workers 64 "$tmp/short")
check "8 short files, -j 64: $n workers, at most 8" [ "$n" -le 8 ]
n=$(workers 2 "$tmp/short")
check "8 short files, -j 2: $n workers, at most 2" [ "$n" -le 2 ]
n=$(workers 64 "$tmp/long")
check "one file of two minute-long parts, -j 64: $n workers, at most 2" \
  [ "$n" -le 2 ]
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
