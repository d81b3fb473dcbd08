#!/bin/sh
# Runs ./run-tests.sh from a fresh clone of this checkout's HEAD inside a
# folder only its owner may enter (mode 0700, as root's home or a
# `mktemp -d`): the tests must pass wherever the checkout lies, as root
# and as an ordinary user (docs/robustness.md). On demand; it builds the
# project twice (plain and sanitized), a few minutes on two cores.
#
#   tests/robustness/run-from-locked-clone.sh [--keep]
#
# Exit status: run-tests.sh's.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
keep=no
[ "${1:-}" = --keep ] && keep=yes

locked=$(mktemp -d "${TMPDIR:-/tmp}/drm-locked.XXXXXX")
chmod 700 "$locked"
cleanup () {
  if [ "$keep" = yes ]; then
    echo "kept: $locked"
  else
    rm -rf "$locked"
  fi
}
trap cleanup EXIT
echo "clone of $(git -C "$here" rev-parse --short HEAD) in $locked" \
  "(mode $(stat -c %a "$locked"), as $(id -un))"
git clone -q "$here" "$locked/gst-drmeter"
cd "$locked/gst-drmeter"
status=0
./run-tests.sh || status=$?
echo "run-tests.sh in a 0700 folder: exit status $status"
exit "$status"
