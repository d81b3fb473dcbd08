# Shell helpers of the robustness scripts (sourced, not run): each check
# prints "ok: ..." or "FAIL: ..." and failures are counted in $failures.
#
#   . "$(dirname "$0")/checks.sh"
#   expect_status "the scan" "$status" 1
#   finish_checks            # the last line: exits 0 only with no failure

failures=0
fail () {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
ok () {
  echo "ok: $*"
}

# expect_status WHAT STATUS WANT: WHAT ended with exit status WANT.
expect_status () {
  if [ "$2" -eq 124 ]; then
    fail "$1: hung (killed by timeout)"
  elif [ "$2" -eq "$3" ]; then
    ok "$1: exit status $3"
  else
    fail "$1: exit status $2, expected $3"
  fi
}

# expect_count WHAT N WANT: N of WHAT, WANT expected.
expect_count () {
  if [ "$2" -eq "$3" ]; then
    ok "$2 $1"
  else
    fail "$2 $1, expected $3"
  fi
}

# expect_line ERRFILE FILE PATTERN: exactly one "gst-drmeter: FILE: ..."
# line in ERRFILE, its reason matching the extended regular expression.
expect_line () {
  n=$(grep -c -F "gst-drmeter: $2: " "$1")
  if [ "$n" -ne 1 ]; then
    fail "$n lines for $2, expected 1"
  elif ! grep -F "gst-drmeter: $2: " "$1" | grep -q -E -- "$3"; then
    fail "$2: reason does not match /$3/"
  else
    ok "$2: one line"
  fi
}

# expect_once FILE WHAT: the fixed string WHAT occurs in FILE exactly once.
expect_once () {
  n=$(grep -c -F -- "$2" "$1")
  if [ "$n" -eq 1 ]; then
    ok "once: $2"
  else
    fail "$n times: $2"
  fi
}

# show_run STATUS ERRFILE: what a run said, for the log of the test.
show_run () {
  echo "--- exit status $1; standard error:"
  cat "$2"
  echo "---"
}

finish_checks () {
  echo "$failures failure(s)"
  [ "$failures" -eq 0 ]
}

# seeded_bytes N SEED: N bytes that look random, the same for the same
# SEED on every system (a Park-Miller generator: its products stay exact
# in awk's doubles), so that a test fed with them is deterministic.
seeded_bytes () {
  awk -v n="$1" -v x="$2" 'BEGIN {
    for (i = 0; i < n; i++) {
      x = (x * 16807) % 2147483647
      line = line sprintf("\\%03o", int(x / 128) % 256)
      if (i % 64 == 63 || i == n - 1) { print line; line = "" }
    }
  }' | while IFS= read -r line; do printf "$line"; done
}
