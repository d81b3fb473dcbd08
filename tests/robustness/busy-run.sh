#!/bin/sh
# Runs a command (the test suite by default) while every CPU is kept busy
# by other processes: the test suite must pass on a loaded machine (a
# Debian buildd, a busy laptop), so no test may depend on the machine's
# speed (docs/robustness.md, "A busy machine").
#
#   tests/robustness/busy-run.sh [COMMAND [ARG...]]
#   tests/robustness/busy-run.sh meson test -C build --num-processes 2
#
# Without COMMAND: ./run-tests.sh. Starts one CPU burner per CPU (a shell
# loop at the ordinary priority, nice 0, as other work would be), runs the
# command in the checkout's top folder, and ends the burners however it
# ends (they also end by themselves after BUSY_MAX_SECONDS, 7200 by
# default). Exits with the command's status.
#
# Environment: BUSY_BURNERS (burners, default: the number of CPUs),
# BUSY_MAX_SECONDS.
set -u
cd "$(dirname "$0")/../.."
burners=${BUSY_BURNERS:-$(nproc)}
max=${BUSY_MAX_SECONDS:-7200}
pids=""
stop_burners () {
  for p in $pids; do
    kill "$p" 2>/dev/null
  done
  pids=""
}
trap stop_burners EXIT
trap 'stop_burners; exit 130' INT
trap 'stop_burners; exit 143' TERM
i=0
while [ "$i" -lt "$burners" ]; do
  nice -n 0 timeout "$max" sh -c 'while :; do :; done' &
  pids="$pids $!"
  i=$((i + 1))
done
echo "busy-run: $burners CPU burner(s) running (pids$pids), at most $max s"
[ "$#" -gt 0 ] || set -- ./run-tests.sh
"$@"
status=$?
echo "busy-run: $* ended with status $status; load average" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
