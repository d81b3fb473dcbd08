#!/bin/sh
# gst-drmeter against a hostile folder (docs/robustness.md).
#
# Builds a folder tree with good albums next to zero-byte files, random
# bytes named .flac, truncated FLAC and WAV files, a FIFO, unreadable files
# and folders, symbolic link loops and a file deleted while the scan runs,
# and checks that the command:
#   - ends (within a timeout), with exit status 1;
#   - prints exactly one standard error line per bad file, naming it;
#   - still reports every good file, with the right values.
# Unreadable files: chmod 000 does not stop root, so as root the scan runs
# without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (setpriv), or as
# "nobody"; when neither works that part is skipped, and says so.
#
# Environment: GST_DRMETER (the command), DRM_ALBUM (the example album
# folder), plus the GStreamer plugin path of the build.
set -u
cmd=${GST_DRMETER:?set GST_DRMETER to the gst-drmeter command}
album=${DRM_ALBUM:?set DRM_ALBUM to docs/examples/album}
timeout_s=${DRM_TIMEOUT:-120}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-hostile.XXXXXX")
cleanup () {
  chmod -R u+rwx "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
chmod 755 "$tmp"

. "$(dirname "$0")/checks.sh"

# Each run uses its own registry, writable by whoever runs the command;
# a copy of the caller's one if there is one (no new scan of every plugin).
mkdir -p "$tmp/home"
chmod 777 "$tmp/home"
if [ -f "${GST_REGISTRY_1_0:-}" ]; then
  cp "$GST_REGISTRY_1_0" "$tmp/home/registry.bin"
  chmod 666 "$tmp/home/registry.bin"
fi
export GST_REGISTRY_1_0="$tmp/home/registry.bin"
export HOME="$tmp/home"
export XDG_CACHE_HOME="$tmp/home"

# ---- the tree ----
t="$tmp/music"
mkdir -p "$t/good" "$t/bad" "$t/locked" "$t/loops/a"
cp "$album"/*.flac "$t/good/"
: > "$t/bad/empty.flac"
# fixed bytes: which type finder claims them must not change between runs
seeded_bytes 65536 20 > "$t/bad/random.flac"
head -c 80000 "$t/good/02 - Triangle.flac" > "$t/bad/truncated.flac"
# A WAV header that promises data it does not hold.
printf 'RIFF\044\200\000\000WAVEfmt \020\000\000\000\001\000\002\000\104\254\000\000\020\261\002\000\004\000\020\000data\000\200\000\000' \
  > "$t/bad/header-only.wav"
head -c 30 "$t/bad/header-only.wav" > "$t/bad/cut-header.wav"
mkfifo "$t/bad/fifo.flac"
mkdir "$t/bad/folder.flac"                  # a folder with an audio name
cp "$t/good/01 - Ticks.flac" "$t/bad/unreadable.flac"
chmod 000 "$t/bad/unreadable.flac"
cp "$t/good/01 - Ticks.flac" "$t/locked/hidden.flac"
chmod 000 "$t/locked"
ln -s .. "$t/loops/a/up"                    # a link back to a parent
ln -s ../b "$t/loops/a/b"                   # two links pointing at each other
ln -s a "$t/loops/b"
ln -s self.flac "$t/loops/self.flac"        # a link to itself
ln -s nowhere.flac "$t/loops/dangling.flac"

# Who runs the scan: unreadable means unreadable to them. As root: root
# without the capabilities that override file modes (the uid stays 0, so
# a build under a folder only root may enter is still reachable), else
# "nobody" if nobody can reach the command; else that part is skipped,
# and the locked copies are taken out of the tree (not made readable: they
# would be reported as more tracks).
run_as=""
can_lock=yes
if [ "$(id -u)" = 0 ]; then
  drop="setpriv --bounding-set=-dac_override,-dac_read_search --inh-caps=-all"
  if command -v setpriv >/dev/null 2>&1 && $drop true 2>/dev/null; then
    run_as=$drop
  elif command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1 &&
     setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups \
       test -x "$cmd"; then
    run_as="setpriv --reuid=nobody --regid=$(id -gn nobody) --clear-groups"
  else
    can_lock=no
    echo "skip: running as root, and setpriv can neither drop the" \
      "capabilities nor run the command as nobody: no unreadable files"
    chmod 755 "$t/locked"
    rm -rf "$t/locked" "$t/bad/unreadable.flac"
  fi
fi

scan () {
  # shellcheck disable=SC2086
  timeout "$timeout_s" $run_as "$cmd" -q "$@"
}

# ---- the hostile folder ----
scan -j2 "$t" "$t/bad/fifo.flac" > "$tmp/out" 2> "$tmp/err"
status=$?
show_run "$status" "$tmp/err"
expect_status "the hostile folder (timeout ${timeout_s} s)" "$status" 1

e="$tmp/err"
expect_line "$e" "$t/bad/empty.flac" "empty file"
expect_line "$e" "$t/bad/random.flac" "not an audio file"
expect_line "$e" "$t/bad/truncated.flac" "truncated file"
expect_line "$e" "$t/bad/header-only.wav" "."
expect_line "$e" "$t/bad/cut-header.wav" "."
expect_line "$e" "$t/bad/fifo.flac" "not a regular file"
expect_line "$e" "$t/loops/self.flac" "Too many levels of symbolic links"
expect_line "$e" "$t/loops/dangling.flac" "No such file or directory"
bad_lines=8
if [ "$can_lock" = yes ]; then
  expect_line "$e" "$t/bad/unreadable.flac" "Permission denied"
  expect_line "$e" "$t/locked" "Permission denied"
  bad_lines=$((bad_lines + 2))
fi
expect_count "lines on standard error" "$(grep -c . "$e")" "$bad_lines"
grep -q -i "sanitizer\|runtime error\|critical\|segmentation" "$tmp/err" &&
  fail "sanitizer, critical or crash output"

# The good album, whole and right, once (the links lead to no second copy).
for line in \
  "DR14      -3.91 dBFS   -21.32 dBFS      0:06 01-Ticks" \
  "DR7       -5.61 dBFS   -12.82 dBFS      0:06 02-Triangle" \
  "DR13      -3.63 dBFS   -18.98 dBFS      0:06 03-Sines" \
  "Official DR value: DR11"; do
  expect_once "$tmp/out" "$line"
done
grep -q -F "hidden" "$tmp/out" && fail "a file in the locked folder was reported"

# ---- a file deleted while the scan runs ----
# The scan is stopped while it measures the first file of the folder, the
# second file is deleted, the scan goes on: one line for the deleted file.
# The first file is a long one (three minutes, track 1), so that while it
# is open the second (track 3) cannot have been measured yet, even on a
# loaded machine; -j1 measures them in that order.
r="$tmp/race"
mkdir -p "$r"
gst-launch-1.0 -q audiotestsrc num-buffers=1900 samplesperbuffer=4096 \
    ! audio/x-raw,rate=44100,channels=2 \
    ! taginject tags="title=Long,track-number=(uint)1" \
    ! flacenc ! filesink location="$r/01 - long.flac" ||
  fail "cannot make the long file"
# The files the command and its measuring processes have open.
open_files () {
  for p in "$1" $(cat "/proc/$1/task/"*/children 2>/dev/null); do
    ls -l "/proc/$p/fd" 2>/dev/null
  done
}
caught=no
for attempt in 1 2 3 4 5; do
  cp "$album/03 - Sines.flac" "$r/02 - victim.flac"
  "$cmd" -q -j1 "$r" > "$tmp/race.out" 2> "$tmp/race.err" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if open_files "$pid" | grep -q -F "01 - long.flac"; then
      # stops the scheduler: no next file goes to a worker meanwhile
      kill -STOP "$pid"
      if ! open_files "$pid" | grep -q -F "victim"; then
        rm -f "$r/02 - victim.flac"
        caught=yes
      fi
      kill -CONT "$pid"
      break
    fi
  done
  wait "$pid"
  status=$?
  [ "$caught" = yes ] && echo "deleted during the scan (attempt $attempt)" && break
done
if [ "$caught" = no ]; then
  fail "could not delete the file during the scan (5 attempts)"
else
  show_run "$status" "$tmp/race.err"
  expect_status "deleted file" "$status" 1
  expect_line "$tmp/race.err" "$r/02 - victim.flac" "."
  expect_count "lines on standard error" "$(grep -c . "$tmp/race.err")" 1
  expect_once "$tmp/race.out" "01-Long"
fi

finish_checks
