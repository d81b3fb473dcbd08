#!/bin/sh
# Every error that makes gst-drmeter's exit status non-zero is printed
# once and listed once in the JSON (a --save log that cannot be written);
# a --plot folder or --output file that cannot be made is a usage error
# found before measuring.
# Environment: GST_DRMETER, DRM_ALBUM.
set -u
cmd=${GST_DRMETER:?}
album=${DRM_ALBUM:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/drm-errors.XXXXXX")
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
failures=0
check () {   # description, then a command that must succeed
  d=$1
  shift
  if "$@"; then echo "ok: $d"; else echo "FAIL: $d"; failures=$((failures + 1)); fi
}
count_in_json () {   # json, file name: entries of errors[] naming it
  /usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
n = sum(1 for e in d["errors"] if e["file"] == sys.argv[2])
assert d["failed"] == len(d["errors"])
print(n)' "$1" "$2"
}

# --plot into a folder that cannot be made, or a file that is not a folder:
# a usage error found before anything is measured (exit 2, one line, no
# report begun), as an --output file that cannot be created is
mkdir -p "$tmp/a" "$tmp/b"
cp "$album"/*.flac "$tmp/a/"
cp "$album"/*.flac "$tmp/b/"
: > "$tmp/not-a-folder"
for plot in /proc/nope "$tmp/not-a-folder" "$tmp/not-a-folder/sub"; do
  "$cmd" -q --json --plot "$plot" "$tmp/a" "$tmp/b" > "$tmp/json" 2> "$tmp/err"
  status=$?
  cat "$tmp/err"
  check "--plot $plot: exit status 2" [ "$status" -eq 2 ]
  check "--plot $plot: one line" [ "$(grep -c . "$tmp/err")" -eq 1 ]
  check "--plot $plot: the line names it" grep -q "^gst-drmeter: $plot: " "$tmp/err"
  check "--plot $plot: nothing measured, no report begun" [ ! -s "$tmp/json" ]
done
# the same for --report's folder (the page is written after the scan)
for report in /proc/nope "$tmp/not-a-folder"; do
  "$cmd" -q --no-cache --report "$report" "$tmp/a" > "$tmp/out" 2> "$tmp/err"
  status=$?
  cat "$tmp/err"
  check "--report $report: exit status 2" [ "$status" -eq 2 ]
  check "--report $report: one line" [ "$(grep -c . "$tmp/err")" -eq 1 ]
  check "--report $report: the line names it" \
    grep -q "^gst-drmeter: $report: " "$tmp/err"
  check "--report $report: nothing measured" [ ! -s "$tmp/out" ]
done
"$cmd" -q --json -o /proc/nope.json "$tmp/a" > "$tmp/json" 2> "$tmp/err"
check "-o /proc/nope.json: exit status 2 too" [ "$?" -eq 2 ]

# --save into a folder that cannot be written
if [ "$(id -u)" = 0 ] && ! setpriv --bounding-set=-dac_override,-dac_read_search \
    true 2>/dev/null; then
  echo "skip: --save into a read-only folder (root, and capabilities cannot be dropped)"
else
  chmod 555 "$tmp/a"
  run=""
  [ "$(id -u)" = 0 ] &&
    run="setpriv --bounding-set=-dac_override,-dac_read_search --inh-caps=-all"
  # shellcheck disable=SC2086
  $run "$cmd" -q --json --save "$tmp/a" > "$tmp/json" 2> "$tmp/err"
  status=$?
  cat "$tmp/err"
  check "--save read-only: exit status 1" [ "$status" -eq 1 ]
  check "--save read-only: one line, the reason alone" \
    [ "$(grep -c -x "gst-drmeter: $tmp/a/foo_dr.txt: Permission denied" "$tmp/err")" -eq 1 ]
  check "--save read-only: listed once in the JSON" \
    [ "$(count_in_json "$tmp/json" "$tmp/a/foo_dr.txt")" = 1 ]
fi
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
