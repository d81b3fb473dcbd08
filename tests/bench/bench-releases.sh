#!/bin/sh
# gst-drmeter benchmark (on demand): the same checkout on this system and in
# a root of another Debian release (for example the Debian 13 root made by
# tests/platforms/debian-root.sh), side by side in one session, rounds
# alternating between the two so that a drift of the machine's speed hits
# both alike. Measures, in CPU seconds (user + system) of whole processes:
#
#   engine    bench-core's F32 stereo and S16 stereo meter figures, with the
#             plain read of the same buffer (M frames/s of thread CPU time)
#   element   what `drmeter` adds to `filesrc ! wavparse ! fakesink` over
#             a 30-minute F32 stereo WAV, against what ffmpeg's drmeter
#             filter adds to `ffmpeg -i WAV -f null -` (its own element
#             overhead ratio)
#   scanner   `gst-drmeter -j 1` on a 10-minute 16/44.1 FLAC against
#             `flac -d -f -o /dev/null` of the same file
#
#   tests/bench/bench-releases.sh ROOT [ROUNDS]     (ROUNDS: 5)
#
# ROOT must have the project's dependencies installed (scripts/
# install-deps.sh run inside it). The checkout is bind-mounted into ROOT at
# the same path and built there in build-<release>; /proc, /sys and /dev
# are bind-mounted for the run and unmounted at the end. Needs root.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

ROOT=$(cd "${1:?usage: $0 ROOT [ROUNDS]}" && pwd)
ROUNDS=${2:-5}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$SRC/build-bench-releases
HOST_REL=$(. /etc/os-release && echo "${VERSION_ID:-$VERSION_CODENAME}")
ROOT_REL=$(. "$ROOT/etc/os-release" && echo "${VERSION_ID:-${VERSION_CODENAME:-testing}}")
ROOT_BUILD=build-debian$ROOT_REL
[ "$(id -u)" -eq 0 ] || { echo "$0: needs root (chroot, mounts)" >&2; exit 2; }

mounted=""
cleanup() {
  for m in $mounted; do umount "$m" 2>/dev/null || umount -l "$m" || true; done
}
trap cleanup EXIT INT TERM
# mount_once WHAT WHERE [OPTIONS...]: bind-mount unless already a mount point
mount_once() {
  what=$1 where=$2
  shift 2
  mkdir -p "$where"
  mountpoint -q "$where" && return 0
  mount "$@" "$what" "$where"
  mounted="$where $mounted"
}
mount_once proc "$ROOT/proc" -t proc
mount_once /sys "$ROOT/sys" --bind
mount_once /dev "$ROOT/dev" --bind
mount_once "$SRC" "$ROOT$SRC" --bind

echo "== building: host (Debian $HOST_REL) in build, root (Debian $ROOT_REL) in $ROOT_BUILD"
[ -d "$SRC/build" ] || meson setup "$SRC/build" "$SRC" > /dev/null
ninja -C "$SRC/build" > /dev/null
chroot "$ROOT" /bin/sh -c "cd '$SRC' && { [ -d $ROOT_BUILD ] || meson setup $ROOT_BUILD > /dev/null; } && ninja -C $ROOT_BUILD > /dev/null"

mkdir -p "$WORK"
# The material, made once on the host with the host's tools; both systems
# read the very same files.
if [ ! -s "$WORK/f32.wav" ]; then
  gst-launch-1.0 -q audiotestsrc wave=pink-noise num-buffers=77520 \
    samplesperbuffer=1024 ! audio/x-raw,format=F32LE,rate=44100,channels=2 ! \
    wavenc ! filesink location="$WORK/f32.wav"
fi
if [ ! -s "$WORK/s16.flac" ]; then
  gst-launch-1.0 -q audiotestsrc wave=pink-noise volume=0.3 num-buffers=25840 \
    samplesperbuffer=1024 ! audio/x-raw,format=S16LE,rate=44100,channels=2 ! \
    flacenc ! filesink location="$WORK/s16.flac"
fi

# WORK/cpu.py LABEL CMD...: the CPU seconds (user + system, children
# included) of a whole command, the least of five runs, as "LABEL SECONDS"
cat > "$WORK/cpu.py" <<'PY'
# The least CPU time of REPEAT runs: the material is short enough (a few
# tenths of a second) that the machine's noise is of the same size.
import resource, subprocess, sys
REPEAT = 5
best = None
def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
for _ in range(REPEAT):
    before = children_cpu()
    subprocess.run(sys.argv[2:], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu = children_cpu() - before
    best = cpu if best is None else min(best, cpu)
print(sys.argv[1], "%.4f" % best)
PY

# on SIDE SCRIPT: runs a shell script on the host or in ROOT, in the checkout
on() {
  if [ "$1" = host ]; then sh -c "cd '$SRC' && $2"
  else chroot "$ROOT" /bin/sh -c "cd '$SRC' && $2"; fi
}

# one_round SIDE BUILD: every figure of one system, appended to WORK/SIDE.txt
one_round() {
  side=$1 build=$2
  cpu="GST_PLUGIN_PATH_1_0=$SRC/$build/gst GST_REGISTRY_1_0=$WORK/registry-$side.bin /usr/bin/python3 $WORK/cpu.py"
  wav=$WORK/f32.wav flac=$WORK/s16.flac nocache=""
  # every round measures: a result cache, where the scanner has one, is off
  on "$side" "$build/gst/tool/gst-drmeter --help" | grep -q -- --no-cache &&
    nocache=--no-cache
  {
    on "$side" "$build/tests/bench/bench-core 60 --no-recent" |
      awk '/^F32 stereo|^S16 stereo/ { print "engine-" tolower(substr($1, 1, 3)), $3, $6 }'
    on "$side" "$cpu gst-plain gst-launch-1.0 -q filesrc location=$wav ! wavparse ! fakesink"
    on "$side" "$cpu gst-drmeter-element gst-launch-1.0 -q filesrc location=$wav ! wavparse ! drmeter ! fakesink"
    on "$side" "$cpu ffmpeg-plain ffmpeg -nostdin -v error -threads 1 -i $wav -f null -"
    on "$side" "$cpu ffmpeg-drmeter ffmpeg -nostdin -v error -threads 1 -i $wav -af drmeter -f null -"
    on "$side" "$cpu scanner $build/gst/tool/gst-drmeter -j 1 --no-split $nocache $flac"
    on "$side" "$cpu flac-d flac -s -d -f -o /dev/null $flac"
  } >> "$WORK/$side.txt"
}

: > "$WORK/host.txt"
: > "$WORK/root.txt"
echo "== $ROUNDS alternating rounds, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
  one_round host build
  one_round root "$ROOT_BUILD"
  r=$((r + 1))
done
echo "== done, load $(cut -d' ' -f1-3 /proc/loadavg)"

# median SIDE NAME [COLUMN]: the median of one figure over the rounds
median() {
  awk -v n="$2" -v c="${3:-2}" '$1 == n { print $c }' "$WORK/$1.txt" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
printf '\n| figure | Debian %s | Debian %s | ratio |\n|---|---|---|---|\n' "$HOST_REL" "$ROOT_REL"
row() {
  a=$(median host "$2" "${3:-2}") b=$(median root "$2" "${3:-2}")
  printf '| %s | %s | %s | %s |\n' "$1" "$a" "$b" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { printf (a > 0 ? "%.2fx" : "-"), b / a }')"
}
row "engine F32 stereo, M frames/s" engine-f32
row "plain read, F32 stereo buffer, M frames/s" engine-f32 3
row "engine S16 stereo, M frames/s" engine-s16
row "gst: filesrc ! wavparse ! fakesink, CPU s" gst-plain
row "gst: ... ! drmeter ! fakesink, CPU s" gst-drmeter-element
row "ffmpeg -f null, CPU s" ffmpeg-plain
row "ffmpeg -af drmeter -f null, CPU s" ffmpeg-drmeter
row "gst-drmeter -j 1 (10 min FLAC), CPU s" scanner
row "flac -d (10 min FLAC), CPU s" flac-d
for side in host root; do
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
  e=$(median $side engine-f32) rd=$(median $side engine-f32 3)
  gp=$(median $side gst-plain) gd=$(median $side gst-drmeter-element)
  fp=$(median $side ffmpeg-plain) fd=$(median $side ffmpeg-drmeter)
  sc=$(median $side scanner) fl=$(median $side flac-d)
  ge=$(awk -v a="$gd" -v b="$gp" 'BEGIN { printf "%.4f", a - b }')
  fe=$(awk -v a="$fd" -v b="$fp" 'BEGIN { printf "%.4f", a - b }')
  echo "$side: engine F32 / plain read $(ratio "$e" "$rd")x;" \
    "drmeter adds $ge s, ffmpeg's drmeter adds $fe s: $(ratio "$ge" "$fe")x;" \
    "scanner / flac -d $(ratio "$sc" "$fl")x (medians)"
done
