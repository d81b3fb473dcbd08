#!/usr/bin/env python3
# gst-drmeter tests: validates `gst-drmeter --json` output against the
# documented schema (docs/json-schema.md) and prints a summary the C test
# compares: one ALBUM line per album, one TRACK line per track, one ERROR
# line per error, then an END line.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import base64
import json
import sys


def fail(msg):
    print("schema error: " + msg, file=sys.stderr)
    sys.exit(1)


def no_constants(name):
    fail("non-finite number " + name)


NUM = (int, float)
OPT_STR = (str, type(None))
OPT_INT = (int, type(None))
OPT_NUM = (int, float, type(None))
DB = (int, float, type(None), str)     # the only string: "+inf"

TOP = {"schema": str, "schema_version": int, "generator": str,
       "compatible_with": str, "settings": dict, "albums": list,
       "errors": list, "measured": int, "failed": int, "exit_status": int}
SETTINGS = {"multichannel_weighting": bool, "album_length_weighting": bool,
            "reference_order": bool}
ALBUM = {"path": str, "artist": str, "album": str, "track_count": int,
         "dr": int, "dr_value": NUM, "dr_token": str, "near_boundary": bool,
         "sample_rates": list,
         "channel_counts": list, "bits_per_sample": list,
         "channel_labels": list, "tracks": list}
TRACK = {"file": str, "file_bytes": str, "name": str, "track_number": OPT_INT,
         "disc_number": OPT_INT, "title": OPT_STR, "artist": OPT_STR,
         "album": OPT_STR, "album_artist": OPT_STR, "year": OPT_STR,
         "cue_sheet": OPT_STR, "cue_first_sample": OPT_INT, "dr": int,
         "dr_value": NUM, "dr_token": str, "near_boundary": bool,
         "peak_dbfs": DB,
         "peak_token": str, "rms_dbfs": DB, "rms_token": str,
         "duration_seconds": NUM, "duration_token": str, "frames": int,
         "windows": int, "invalid_samples": int, "sample_rate": int,
         "channel_count": int, "bits_per_sample": int, "sample_format": str,
         "codec": str, "decoder": OPT_STR, "bitrate": OPT_INT,
         "channels": list}
CHANNEL = {"index": int, "label": str, "dr": NUM, "dr_token": str,
           "peak_dbfs": DB, "peak_token": str, "rms_dbfs": DB,
           "rms_token": str}
ERROR = {"file": str, "reason": str}
# members present only with some options
TOP_OPTIONAL = {"skipped_albums": list}          # --skip-tagged
TRACK_OPTIONAL = {"tags": dict}                  # --write-tags
TAGS = {"status": str, "dynamic_range": int, "album_dynamic_range": int,
        "reason": OPT_STR}
TAG_STATUS = ("written", "unchanged", "would-write", "failed",
              "album-incomplete")


def check(obj, spec, where, optional=None):
    optional = optional or {}
    if not isinstance(obj, dict):
        fail(where + " is not an object")
    if not set(spec) <= set(obj) <= set(spec) | set(optional):
        fail("%s keys %s, expected %s" % (where, sorted(obj), sorted(spec)))
    for k, t in list(spec.items()) + list(optional.items()):
        if k not in obj:
            continue
        v = obj[k]
        if isinstance(v, bool) and t is not bool and bool not in (
                t if isinstance(t, tuple) else (t,)):
            fail("%s.%s is a boolean" % (where, k))
        if not isinstance(v, t):
            fail("%s.%s has type %s" % (where, k, type(v).__name__))
        if t is DB and isinstance(v, str) and v != "+inf":
            fail("%s.%s is the string %r" % (where, k, v))


def near(obj, where):
    # x.45 to x.55 as printed with two decimals
    hundredths = round(float("%.2f" % obj["dr_value"]) * 100)
    if obj["near_boundary"] != (abs(hundredths % 100 - 50) <= 5):
        fail("%s near_boundary %s for %s" % (where, obj["near_boundary"],
                                            obj["dr_value"]))


def tok(x):
    return "-" if x is None else repr(x)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f, parse_constant=no_constants)
    check(doc, TOP, "document", TOP_OPTIONAL)
    for p in doc.get("skipped_albums", []):
        if not isinstance(p, str):
            fail("skipped_albums holds a %s" % type(p).__name__)
    if doc["schema"] != "gst-drmeter-results" or doc["schema_version"] != 1:
        fail("wrong schema id")
    check(doc["settings"], SETTINGS, "settings")
    for a in doc["albums"]:
        check(a, ALBUM, "album")
        if a["track_count"] != len(a["tracks"]):
            fail("track_count")
        near(a, "album")
        print("ALBUM|%s|%s|%s|%d|%s|%s|%d" % (a["path"], a["artist"],
              a["album"], a["dr"], tok(a["dr_value"]), a["dr_token"],
              a["track_count"]))
        for t in a["tracks"]:
            check(t, TRACK, "track", TRACK_OPTIONAL)
            raw = base64.b64decode(t["file_bytes"], validate=True)
            try:
                if raw.decode("utf-8") != t["file"]:
                    fail("track.file_bytes is not track.file")
            except UnicodeDecodeError:
                if "\ufffd" not in t["file"]:
                    fail("track.file holds no U+FFFD for bytes not UTF-8")
            if "tags" in t:
                check(t["tags"], TAGS, "track.tags")
                if t["tags"]["status"] not in TAG_STATUS:
                    fail("track.tags.status " + t["tags"]["status"])
                if (t["tags"]["reason"] is None) != (
                        t["tags"]["status"] in TAG_STATUS[:3]):
                    fail("track.tags.reason for " + t["tags"]["status"])
            near(t, "track")
            if len(t["channels"]) != t["channel_count"]:
                fail("channel_count")
            chans = []
            for i, c in enumerate(t["channels"]):
                check(c, CHANNEL, "channel")
                if c["index"] != i:
                    fail("channel index")
                chans.append("%s=%s/%s/%s/%s/%s/%s" % (
                    c["label"], c["dr_token"], c["peak_token"],
                    c["rms_token"], tok(c["dr"]), tok(c["peak_dbfs"]),
                    tok(c["rms_dbfs"])))
            print("TRACK|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%d|%d|%s|%s" % (
                t["file"].rsplit("/", 1)[-1], t["name"], t["dr_token"],
                tok(t["dr_value"]), t["peak_token"], t["rms_token"],
                tok(t["peak_dbfs"]), tok(t["rms_dbfs"]),
                t["duration_token"], t["codec"], t["frames"],
                t["bits_per_sample"], t["sample_format"], ",".join(chans)))
    for e in doc["errors"]:
        check(e, ERROR, "error")
        print("ERROR|%s|%s" % (e["file"], e["reason"]))
    if doc["failed"] != len(doc["errors"]):
        fail("failed count")
    print("END|%d|%d|%d" % (doc["measured"], doc["failed"],
                            doc["exit_status"]))


main()
