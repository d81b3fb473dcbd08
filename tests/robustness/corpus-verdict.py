# Judges the scans of the hostile corpus (tests/robustness/hostile-corpus.sh).
#
#   corpus-verdict.py CORPUS REFERENCE.json FORMAT...
#
# CORPUS is the folder corpus-damage.py wrote (manifest.tsv, a folder per
# format); for each FORMAT the driver left CORPUS/FORMAT.json (the scan's
# --json output) and CORPUS/FORMAT.err (its standard error). REFERENCE.json
# is a scan of the undamaged sources alone. Checks, for each scan, that:
#   - every file of the folder is in the JSON exactly once, as a track or
#     as an error, and nothing else is;
#   - standard error holds exactly the JSON's errors, one line each
#     ("gst-drmeter: FILE: REASON"), besides warnings naming a file;
#   - each undamaged copy has the values the reference gives its source;
#   - no value is NaN.
# Prints "ok:"/"FAIL:" lines, then the outcomes per format and kind of
# damage, and "finding:" lines for copies cut after the header of a format
# that declares its length yet measured as whole tracks (exit status 0 for
# that file: a number from part of the audio, as if it were all of it),
# and "note:" lines for flipped copies measured with another length than
# the undamaged file (a damaged header, or a decoder that stopped early
# without a word: worth a look, not always wrong).
# Exit status: 1 on a failure, 3 when the only trouble is findings.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import collections
import json
import math
import os
import re
import sys

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def has_nan(v):
    if isinstance(v, float):
        return math.isnan(v)
    if isinstance(v, dict):
        return any(has_nan(x) for x in v.values())
    if isinstance(v, list):
        return any(has_nan(x) for x in v)
    return False


def load_scan(corpus, fmt):
    """(tracks by file, errors as (file, reason) list) of one scan."""
    try:
        with open(os.path.join(corpus, fmt + ".json")) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        fail("%s: no complete JSON document (%s)" % (fmt, e))
        return None, None
    tracks = collections.defaultdict(list)
    for album in doc["albums"]:
        for t in album["tracks"]:
            tracks[t["file"]].append(t)
    errors = [(e["file"], e["reason"]) for e in doc["errors"]]
    return tracks, errors


def stderr_lines(corpus, fmt):
    """(errors, warnings, other lines) of a scan's standard error."""
    errors, warnings, other = [], [], []
    with open(os.path.join(corpus, fmt + ".err"), errors="replace") as f:
        for line in f.read().splitlines():
            m = re.match(r"gst-drmeter: (.*?): (warning: )?(.*)$", line)
            if not m or not os.path.isabs(m.group(1)):
                other.append(line)
            elif m.group(2):
                warnings.append(m.group(1))
            else:
                errors.append((m.group(1), m.group(3)))
    return errors, warnings, other


def same_values(track, ref):
    skip = ("file", "file_bytes")
    return ({k: v for k, v in track.items() if k not in skip} ==
            {k: v for k, v in ref.items() if k not in skip})


def reason_kind(reason):
    """A reason with its numbers taken out, for counting."""
    return re.sub(r"[0-9]+(\.[0-9]+)?", "N", reason)


def main():
    corpus, ref_path = sys.argv[1], sys.argv[2]
    formats = sys.argv[3:]
    corpus = os.path.abspath(corpus)
    with open(ref_path) as f:
        ref = {os.path.basename(t["file"]): t
               for a in json.load(f)["albums"] for t in a["tracks"]}
    rows = collections.defaultdict(list)
    with open(os.path.join(corpus, "manifest.tsv")) as f:
        for line in f:
            name, src, kind, param, size, hdr = line.rstrip("\n").split("\t")
            rows[name.split("/")[0]].append(
                (name, src, kind, int(param), int(size), int(hdr)))

    outcomes = collections.Counter()   # (format, kind, outcome) -> files
    findings = []
    notes = []
    for fmt in formats:
        tracks, errors = load_scan(corpus, fmt)
        if tracks is None:
            continue
        err_lines, warned, other = stderr_lines(corpus, fmt)
        bad = 0
        for line in other:
            fail("%s: unexpected line on stderr: %s" % (fmt, line))
        if sorted(err_lines) != sorted(errors):
            fail("%s: stderr's %d error lines are not the JSON's %d errors"
                 % (fmt, len(err_lines), len(errors)))
        error_of = collections.defaultdict(list)
        for file, reason in errors:
            error_of[file].append(reason)
        known = set()
        for name, src, kind, param, size, hdr in rows[fmt]:
            path = os.path.join(corpus, name)
            known.add(path)
            n_tracks, n_errors = len(tracks.get(path, [])), len(error_of[path])
            if n_tracks + n_errors != 1:
                fail("%s: %d tracks and %d error lines" %
                     (name, n_tracks, n_errors))
                bad += 1
                continue
            if n_tracks:
                t = tracks[path][0]
                outcomes[fmt, kind, "measured"] += 1
                if has_nan(t):
                    fail("%s: NaN in its result" % name)
                if kind == "whole" and (src not in ref or
                                        not same_values(t, ref[src])):
                    fail("%s: not the values of its source alone" % name)
                    bad += 1
                if (kind == "flip" and src in ref
                        and t["frames"] != ref[src]["frames"]):
                    notes.append("%s: flipped, measured: %s %d frames, the "
                                 "undamaged file %d" % (name, t["dr_token"],
                                 t["frames"], ref[src]["frames"]))
                if kind in ("head", "cut") and hdr >= 0 and param > hdr:
                    findings.append("%s: cut at byte %d of %d (audio from "
                                    "byte %d), measured: %s %s frames" %
                                    (name, param, size_of(src, rows[fmt]),
                                     hdr, t["dr_token"], t["frames"]))
            else:
                outcomes[fmt, kind, reason_kind(error_of[path][0])] += 1
                if kind == "whole":
                    fail("%s: undamaged, yet: %s" % (name, error_of[path][0]))
                    bad += 1
        for path in set(tracks) | set(error_of):
            if path not in known:
                fail("%s: %s reported, not in the corpus" % (fmt, path))
                bad += 1
        for path in warned:
            if path not in known:
                fail("%s: a warning for %s, not in the corpus" % (fmt, path))
        if not bad:
            print("ok: %s: %d files, each measured or named once; undamaged "
                  "ones as measured alone" % (fmt, len(rows[fmt])))

    print("outcomes (format, damage, outcome: files):")
    for (fmt, kind, what), n in sorted(outcomes.items()):
        print("  %-4s %-5s %5d  %s" % (fmt, kind, n, what))
    for line in findings:
        print("finding: " + line)
    for line in notes:
        print("note: " + line)
    print("%d failure(s), %d finding(s)" % (failures, len(findings)))
    sys.exit(1 if failures else 3 if findings else 0)


def size_of(src, rows):
    return next(r[4] for r in rows if r[2] == "whole" and r[1] == src)


if __name__ == "__main__":
    main()
