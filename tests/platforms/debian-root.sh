#!/bin/sh
# Proves the project on other Debian releases, as a new user would try it:
# makes a Debian root with debootstrap, clones this checkout's HEAD into it
# and runs the README's two commands there (./quickstart.sh, then
# ./run-tests.sh), then checks that a fixed set of generated PCM and
# lossless files gives the same JSON, byte for byte, there as here
# (same-json.sh). Run as root (debootstrap, chroot and mount need it).
#
#   tests/platforms/debian-root.sh [--fresh] [--no-packages] [RELEASE...]
#
# RELEASE: trixie (Debian 13, the default; "13" says the same) or testing;
# any suite name that debootstrap knows is tried the same way. --fresh makes
# each root anew instead of reusing the cached one. After the tests, the
# README's packaging commands run there too (scripts/install-deps.sh
# --packaging, scripts/test-packages.sh --install: build, try, lintian,
# install with apt-get), then the packages are removed; --no-packages
# leaves that out.
#
# The roots are cached in $DRM_ROOTS (default /var/cache/gst-drmeter/roots),
# one folder per release, with the log of the last run beside it
# (RELEASE.log). A cached root is reused with its packages brought up to
# date by apt-get (the project's dependencies stay installed from the
# previous run, so only the clone, build and tests are new); a root that
# was left half made, or whose apt no longer works, is made again.
# Creating one downloads about 300 MB from the Debian mirror that apt
# already uses here (from /etc/apt; DRM_DEBIAN_MIRROR overrides it).
#
# /proc, /sys, /dev, /dev/pts and /dev/shm are bind-mounted into the root
# while it is used and unmounted on exit, whatever the exit. Installs
# debootstrap with apt-get when it is missing.
#
# Prints everything the two commands print, then one verdict line per
# release and a closing "tests: N passed, N failed, N skipped" line that
# adds up every release's run-tests.sh count, the quickstart, the JSON
# comparison and the packages (one test each). Exit status: 0 when all passed, 1 when
# something failed, 77 (skipped) when not run as root.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
here="$src/tests/platforms"
ROOTS=${DRM_ROOTS:-/var/cache/gst-drmeter/roots}

fresh=no
packages=yes
releases=""
for a in "$@"; do
  case $a in
    --fresh) fresh=yes ;;
    --no-packages) packages=no ;;
    13|trixie) releases="$releases trixie" ;;
    -*) echo "usage: $0 [--fresh] [--no-packages] [trixie|testing ...]" >&2; exit 2 ;;
    *) releases="$releases $a" ;;
  esac
done
[ -n "$releases" ] || releases=trixie

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: $0 needs root (debootstrap, chroot, mount)"
  echo "tests: 0 passed, 0 failed, 1 skipped"
  exit 77
fi

# ---- the host: debootstrap, the mirror ----
export DEBIAN_FRONTEND=noninteractive
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "installing debootstrap"
  apt-get update -q && apt-get install -y -q --no-install-recommends debootstrap
fi
# The first archive URI of apt's own sources that is not the security one.
host_mirror() {
  {
    sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([a-z]*:\/\/[^[:space:]]*\).*/\2/p' \
      /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
    sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' \
      /etc/apt/sources.list.d/*.sources 2>/dev/null
  } | grep -v -e security -e '^file:' -e '^cdrom:' | head -n 1
}
mirror=${DRM_DEBIAN_MIRROR:-$(host_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}

mkdir -p "$ROOTS"
ROOTS=$(cd "$ROOTS" && pwd -P)

# ---- clean-up: what this script mounted, and its processes in the root ----
mounted=""        # mount points, most recent first
cur_root=""
tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-roots.XXXXXX")

# Mount points at or below $1, deepest first.
mounts_under() {
  awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' \
    /proc/self/mountinfo | sort -r
}
# Ends the processes whose root is $1 (started here, inside the chroot).
kill_in_root() {
  for proc in /proc/[0-9]*; do
    [ "$(readlink "$proc/root" 2>/dev/null)" = "$1" ] || continue
    kill -9 "${proc#/proc/}" 2>/dev/null || true
  done
}
unmount_all() {
  [ -z "$cur_root" ] || kill_in_root "$cur_root"
  for m in $mounted; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
      echo "warning: could not unmount $m" >&2
  done
  mounted=""
}
cleanup() {
  unmount_all
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# Removes a root, after unmounting whatever is still mounted in it (a run
# killed before its clean-up); never crosses into another file system.
remove_root() {
  for m in $(mounts_under "$1"); do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
  if [ -n "$(mounts_under "$1")" ]; then
    echo "error: $1 still has file systems mounted; not removing it" >&2
    return 1
  fi
  rm -rf --one-file-system "$1"
}

# (The functions take their arguments as $1, $2: sh has no local
# variables, and the loop below owns $root and $rel.)
bind_mounts() {
  cur_root=$1
  for d in proc sys dev dev/pts dev/shm; do
    [ -d "/$d" ] || continue
    mkdir -p "$1/$d"
    mount --bind "/$d" "$1/$d"
    mounted="$1/$d $mounted"
  done
}

# Runs a command in the root with a clean environment.
in_root() {
  chroot "$1" /usr/bin/env -i HOME=/root USER=root LOGNAME=root \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 TERM="${TERM:-dumb}" DEBIAN_FRONTEND=noninteractive \
    ${CI:+CI="$CI"} "$2" -c "$3"
}

# apt's sources and settings for $2 in root $1.
configure_apt() {
  {
    echo "deb $mirror $2 main"
    case $2 in
      testing|unstable|sid) ;;
      *)
        echo "deb $mirror $2-updates main"
        case $mirror in
          */debian) echo "deb $mirror-security $2-security main" ;;
        esac ;;
    esac
  } > "$1/etc/apt/sources.list"
  # testing's index seen from here may be past its Valid-Until date (an
  # archive mirror that lags); a throw-away test root accepts it.
  cat > "$1/etc/apt/apt.conf.d/99gst-drmeter" <<'CONF'
Acquire::Check-Valid-Until "false";
APT::Install-Recommends "false";
CONF
  # No service is started by a package installed in the root.
  printf '#!/bin/sh\nexit 101\n' > "$1/usr/sbin/policy-rc.d"
  chmod 755 "$1/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$1/etc/resolv.conf" 2>/dev/null || true
}

# Makes $ROOTS/$1 anew (in a side folder, renamed when complete).
create_root() {
  remove_root "$ROOTS/$1.new" && remove_root "$ROOTS/$1" || return 1
  echo "debootstrap --variant=minbase $1 $ROOTS/$1 $mirror"
  started=$(date +%s)
  if ! debootstrap --variant=minbase "$1" "$ROOTS/$1.new" "$mirror" \
      > "$ROOTS/$1.debootstrap.log" 2>&1; then
    tail -n 20 "$ROOTS/$1.debootstrap.log"
    remove_root "$ROOTS/$1.new" || true
    echo "error: debootstrap $1 failed (log: $ROOTS/$1.debootstrap.log)" >&2
    return 1
  fi
  configure_apt "$ROOTS/$1.new" "$1" &&
    date -u '+%Y-%m-%dT%H:%M:%SZ' > "$ROOTS/$1.new/.gst-drmeter-root" &&
    mv "$ROOTS/$1.new" "$ROOTS/$1" || return 1
  echo "made $ROOTS/$1 in $(( $(date +%s) - started )) s"
}

# Brings a cached root's packages up to date; fails if its apt is broken.
refresh_root() {
  configure_apt "$1" "$2" || return 1
  in_root "$1" sh 'apt-get update -q && apt-get dist-upgrade -y -q &&
    apt-get autoremove -y -q && apt-get clean' > "$tmp/refresh.log" 2>&1 || {
    tail -n 20 "$tmp/refresh.log"
    return 1
  }
  echo "refreshed $1 with apt-get ($(grep -c '^Unpacking ' "$tmp/refresh.log" || true) packages updated)"
}

# Removes the project's packages from root $1 (dpkg skips those not
# installed).
purge_packages() {
  in_root "$1" sh 'dpkg --purge gst-drmeter-dbgsym gstreamer1.0-drmeter-dbgsym \
    libdrmeter0-dbgsym gst-drmeter gstreamer1.0-drmeter libdrmeter-dev \
    libdrmeter0' > /dev/null 2>&1 || true
}

# The counts of the last "tests: N passed, N failed, N skipped" line of $1.
counts_of() {
  sed -n 's/^tests: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$1" |
    tail -n 1
}

# ---- the JSON comparison's reference, made once on this machine ----
# The material and the JSON from this checkout's HEAD built here: the same
# bytes are copied into each root and scanned there.
head=$(git -C "$src" rev-parse HEAD)
clone="$tmp/clone"
git clone -q --no-hardlinks "$src" "$clone"
git -C "$clone" -c advice.detachedHead=false checkout -q "$head"
echo "checkout: $head ($(git -C "$src" log -1 --format=%s "$head"))"
same_json_ready=no
if "$here/same-json.sh" make "$tmp/material" > "$tmp/material.log" 2>&1 &&
   "$here/same-json.sh" build "$clone" "$tmp/host-build" > "$tmp/host-build.log" 2>&1 &&
   "$here/same-json.sh" scan "$tmp/host-build/gst/tool/gst-drmeter" \
     "$tmp/material" > "$tmp/host.json" 2> "$tmp/host-scan.err"; then
  same_json_ready=yes
  echo "same-json: $(ls "$tmp/material" | wc -l) files measured here ($(gst-inspect-1.0 --version | sed -n 's/^GStreamer //p'))"
else
  cat "$tmp/material.log" "$tmp/host-build.log" "$tmp/host-scan.err" | tail -n 30
  echo "same-json: could not make the reference here"
fi

# ---- each release ----
total_p=0; total_f=0; total_s=0
verdicts=""
for rel in $releases; do
  root="$ROOTS/$rel"
  log="$ROOTS/$rel.log"
  t0=$(date +%s)
  echo "==== Debian $rel: $root ===="
  exec 9> "$ROOTS/$rel.lock"
  if ! flock -w 3600 9; then
    echo "error: $ROOTS/$rel is in use by another run" >&2
    verdicts="$verdicts
$rel: FAIL (root in use by another run)"
    total_f=$((total_f + 1))
    continue
  fi
  ok=yes
  if [ "$fresh" = no ] && [ -f "$root/.gst-drmeter-root" ]; then
    bind_mounts "$root"
    if ! refresh_root "$root" "$rel"; then
      echo "the cached root of $rel does not update: making it again"
      unmount_all
      ok=no
    fi
  else
    ok=no
  fi
  if [ "$ok" = no ]; then
    if create_root "$rel"; then
      bind_mounts "$root"
      refresh_root "$root" "$rel" || true
      ok=yes
    fi
  fi
  if [ "$ok" = no ]; then
    verdicts="$verdicts
$rel: FAIL (no root)"
    total_f=$((total_f + 1))
    exec 9>&-
    continue
  fi
  t_root=$(( $(date +%s) - t0 ))
  gst=$(in_root "$root" sh 'dpkg-query -W -f="\${Version}" libgstreamer1.0-0' 2>/dev/null || true)

  # No package of an earlier run (its plugin would be found before the
  # build tree's).
  purge_packages "$root"

  # A fresh clone of this checkout's HEAD, where a user would put it.
  rm -rf --one-file-system "$root/root/gst-drmeter" "$root/root/same-json"
  git clone -q --no-hardlinks "$clone" "$root/root/gst-drmeter"
  git -C "$root/root/gst-drmeter" -c advice.detachedHead=false checkout -q "$head"

  n_pass=0; n_fail=0; n_skip=0
  t1=$(date +%s)
  echo "\$ ./quickstart.sh"
  { in_root "$root" sh 'cd /root/gst-drmeter && ./quickstart.sh' 2>&1
    echo $? > "$tmp/rc"; } | tee "$log"
  rc=$(cat "$tmp/rc")
  # It ends with the example album's log, as the README shows.
  grep -qx 'Official DR value: DR11' "$log" || rc=1
  t_quick=$(( $(date +%s) - t1 ))
  if [ "$rc" -eq 0 ]; then
    n_pass=$((n_pass + 1)); quick=ok
  else
    n_fail=$((n_fail + 1)); quick=FAIL
  fi
  t2=$(date +%s)
  echo "\$ ./run-tests.sh"
  { in_root "$root" sh 'cd /root/gst-drmeter && ./run-tests.sh' 2>&1
    echo $? > "$tmp/rc"; } | tee "$tmp/tests.log"
  rc=$(cat "$tmp/rc")
  cat "$tmp/tests.log" >> "$log"
  t_tests=$(( $(date +%s) - t2 ))
  c=$(counts_of "$tmp/tests.log")
  if [ -n "$c" ]; then
    # shellcheck disable=SC2086
    set -- $c
    n_pass=$((n_pass + $1)); n_fail=$((n_fail + $2)); n_skip=$((n_skip + $3))
    tests="$1 passed, $2 failed, $3 skipped"
    # A run that failed without counting a failure still fails.
    if [ "$rc" -ne 0 ] && [ "$2" -eq 0 ]; then
      n_fail=$((n_fail + 1)); tests="$tests, exit status $rc"
    fi
  else
    n_fail=$((n_fail + 1)); tests="no count (the run stopped early)"
  fi

  # The same files, the same JSON bytes.
  if [ "$same_json_ready" = yes ] &&
     [ -x "$root/root/gst-drmeter/build/gst/tool/gst-drmeter" ]; then
    cp -a "$tmp/material" "$root/root/same-json"
    cp "$here/same-json.sh" "$root/root/same-json.sh"
    if in_root "$root" sh '/root/same-json.sh scan \
        /root/gst-drmeter/build/gst/tool/gst-drmeter /root/same-json' \
        > "$tmp/$rel.json" 2> "$tmp/$rel.err" &&
       cmp -s "$tmp/host.json" "$tmp/$rel.json"; then
      n_pass=$((n_pass + 1)); same=ok
    else
      cat "$tmp/$rel.err"
      diff -u "$tmp/host.json" "$tmp/$rel.json" | head -n 40 || true
      n_fail=$((n_fail + 1)); same=FAIL
    fi
    rm -rf --one-file-system "$root/root/same-json" "$root/root/same-json.sh"
  else
    n_fail=$((n_fail + 1)); same="not run"
  fi

  # The Debian packages: built, tried, checked by lintian and installed
  # with apt-get as the README says, then used from the system folders;
  # removed again, so that the next run installs its own.
  pkgs=skipped
  if [ "$packages" = yes ]; then
    echo "\$ ./scripts/install-deps.sh --packaging && ./scripts/test-packages.sh --install"
    t3=$(date +%s)
    if { in_root "$root" sh 'cd /root/gst-drmeter &&
          ./scripts/install-deps.sh --packaging >/dev/null &&
          ./scripts/test-packages.sh --install &&
          gst-inspect-1.0 drmeter | grep "Binary package" &&
          gst-drmeter -q /root/gst-drmeter/docs/examples/album |
            grep -x "Official DR value: DR11" &&
          ls /usr/share/doc/gstreamer1.0-drmeter/examples/play-dr.c \
            /usr/share/doc/libdrmeter-dev/examples/core-api.c \
            /usr/share/doc/gst-drmeter/json-schema.md'
        echo $? > "$tmp/rc"; } 2>&1 | tee "$tmp/packages.log" &&
       [ "$(cat "$tmp/rc")" -eq 0 ] &&
       grep -qx 'Official DR value: DR11' "$tmp/packages.log"; then
      n_pass=$((n_pass + 1)); pkgs=ok
    else
      n_fail=$((n_fail + 1)); pkgs=FAIL
    fi
    cat "$tmp/packages.log" >> "$log"
    lintian=$(sed -n 's/^lintian \(.*\), --pedantic:$/lintian \1/p' "$tmp/packages.log")
    tags=$(sed -n 's/^  \([EWIP]\): \([0-9]*\)$/\1 \2/p' "$tmp/packages.log" | tr '\n' ' ')
    pkgs="$pkgs ($lintian: ${tags% }; $(( $(date +%s) - t3 )) s)"
    purge_packages "$root"
  fi
  unmount_all
  exec 9>&-

  verdict=PASS
  [ "$n_fail" -eq 0 ] || verdict=FAIL
  line="$rel (GStreamer ${gst:-?}): $verdict: quickstart $quick; run-tests.sh $tests; same JSON as here: $same; packages: $pkgs; root $t_root s, quickstart $t_quick s, tests $t_tests s"
  echo "$line" >> "$log"
  verdicts="$verdicts
$line"
  total_p=$((total_p + n_pass)); total_f=$((total_f + n_fail)); total_s=$((total_s + n_skip))
done

echo "==== Debian roots (log of each: $ROOTS/RELEASE.log) ===="
printf '%s\n' "$verdicts" | sed '/^$/d'
echo "tests: $total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" -eq 0 ]
