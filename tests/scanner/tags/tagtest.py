# gst-drmeter tests: helpers of the tag tests (test-tags.py,
# test-tags-interrupt.py): making tagged files in every format the scanner
# tags, and reading them back with an independent reader (mutagen) and
# decoder (ffmpeg).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import zlib

SKIP = 77
DR_KEYS = ("dynamic range", "album dynamic range")
MARK = ".gst-drmeter-tmp-"          # the scanner's temporary files
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL: " + msg)
    return cond


def temporaries(folder):
    return [n for n in os.listdir(folder) if MARK in n]

try:
    import mutagen
    from mutagen.apev2 import APEValue, BINARY
    from mutagen.flac import Picture
    from mutagen.id3 import APIC, TALB, TIT2, TPE1, TRCK, TXXX
    from mutagen.mp4 import MP4Cover
except ImportError:
    print("SKIP: mutagen is not installed (Debian: python3-mutagen; run "
          "with /usr/bin/python3)")
    sys.exit(SKIP)


def need(*programs):
    missing = [p for p in programs if not shutil.which(p)]
    if missing:
        print("SKIP: not installed: " + " ".join(missing))
        sys.exit(SKIP)


def png(seed, side=48):
    """A small valid PNG of noise (so that every cover differs)."""
    rows = b""
    h = hashlib.sha256(seed.encode()).digest()
    for y in range(side):
        row = bytearray()
        for x in range(side * 3):
            h = hashlib.sha256(h).digest() if (x % 32) == 0 else h
            row.append(h[x % 32])
        rows += b"\0" + bytes(row)

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + \
            struct.pack(">I", zlib.crc32(c) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def make_source(path, seconds, seed):
    """A stereo 44.1 kHz 16-bit WAV: a tone and noise whose loudness
    changes, so that each seed gives another DR."""
    r = run(["ffmpeg", "-nostdin", "-v", "error", "-y",
             "-f", "lavfi", "-i", "sine=f=%d:d=%g" % (220 + 37 * seed, seconds),
             "-f", "lavfi", "-i", "anoisesrc=d=%g:a=%g:seed=%d" %
             (seconds, 0.05 + 0.04 * (seed % 5), seed),
             "-filter_complex",
             "[0]volume='0.2+0.7*abs(sin(t*%d))':eval=frame[a];"
             "[a][1]amix=inputs=2:normalize=0,aformat=channel_layouts=stereo"
             % (1 + seed % 3),
             "-ar", "44100", "-c:a", "pcm_s16le", path])
    if r.returncode != 0:
        raise RuntimeError(r.stderr)


# format name -> (file extension, encoder command for (wav, out) or None
# when it cannot be made here)
def encoders():
    have = shutil.which
    table = {
        "flac": ("flac", lambda w, o: ["flac", "-s", "-f", "-o", o, w], "flac"),
        "vorbis": ("ogg", lambda w, o: ["oggenc", "-Q", "-o", o, w], "oggenc"),
        "opus": ("opus", lambda w, o: ["opusenc", "--quiet", w, o], "opusenc"),
        "mp3": ("mp3", lambda w, o: ["lame", "--silent", w, o], "lame"),
        "aac": ("m4a", lambda w, o: ["ffmpeg", "-nostdin", "-v", "error", "-y",
                                     "-i", w, "-c:a", "aac", "-b:a", "128k",
                                     o], "ffmpeg"),
        "alac": ("m4a", lambda w, o: ["ffmpeg", "-nostdin", "-v", "error",
                                      "-y", "-i", w, "-c:a", "alac", o],
                 "ffmpeg"),
        "wavpack": ("wv", lambda w, o: ["wavpack", "-q", "-y", w, "-o", o],
                    "wavpack"),
        "wav": ("wav", None, None),
        "aiff": ("aiff", lambda w, o: ["ffmpeg", "-nostdin", "-v", "error",
                                       "-y", "-i", w, o], "ffmpeg"),
    }
    return {k: v for k, v in table.items() if v[2] is None or have(v[2])}


def add_tags(path, title, number, cover):
    """Title, artist, album, track number and a front cover, each in the
    format's own way (mutagen)."""
    f = mutagen.File(path)
    kind = type(f).__name__
    if kind in ("MP3", "WAVE", "AIFF"):
        if f.tags is None:
            f.add_tags()
        f.tags.add(TIT2(encoding=3, text=title))
        f.tags.add(TPE1(encoding=3, text="Tag Tester"))
        f.tags.add(TALB(encoding=3, text="Tag Album"))
        f.tags.add(TRCK(encoding=3, text=str(number)))
        f.tags.add(TXXX(encoding=3, desc="KEEP ME", text="yes"))
        f.tags.add(APIC(encoding=3, mime="image/png", type=3, desc="front",
                        data=cover))
    elif kind == "MP4":
        f["\xa9nam"] = title
        f["\xa9ART"] = "Tag Tester"
        f["\xa9alb"] = "Tag Album"
        f["trkn"] = [(number, 0)]
        f["----:com.apple.iTunes:KEEP ME"] = b"yes"
        f["covr"] = [MP4Cover(cover, imageformat=MP4Cover.FORMAT_PNG)]
    elif kind == "WavPack":
        if f.tags is None:
            f.add_tags()
        f["Title"] = title
        f["Artist"] = "Tag Tester"
        f["Album"] = "Tag Album"
        f["Track"] = str(number)
        f["KEEP ME"] = "yes"
        f["Cover Art (Front)"] = APEValue(b"front.png\0" + cover, BINARY)
    else:                               # Vorbis comments
        f["title"] = title
        f["artist"] = "Tag Tester"
        f["album"] = "Tag Album"
        f["tracknumber"] = str(number)
        f["keep me"] = "yes"
        pic = Picture()
        pic.type, pic.mime, pic.desc, pic.data = 3, "image/png", "front", cover
        pic.width = pic.height = 48
        pic.depth = 24
        if kind == "FLAC":
            f.add_picture(pic)
        else:
            import base64
            f["metadata_block_picture"] = [
                base64.b64encode(pic.write()).decode("ascii")]
    f.save()


def make_album(folder, formats, seconds=3.0, seed=0):
    """One file per format in @folder, each tagged and with a cover; returns
    the paths."""
    os.makedirs(folder, exist_ok=True)
    table = encoders()
    paths = []
    for n, name in enumerate(formats, 1):
        if name not in table:
            continue
        ext, enc, _ = table[name]
        wav = os.path.join(folder, ".source-%d.wav" % n)
        make_source(wav, seconds, seed + n)
        out = os.path.join(folder, "%02d %s.%s" % (n, name, ext))
        if enc:
            r = run(enc(wav, out))
            if r.returncode != 0:
                raise RuntimeError("%s: %s" % (name, r.stderr))
            os.unlink(wav)
        else:
            os.rename(wav, out)
        add_tags(out, "Track %s" % name, n, png(out))
        paths.append(out)
    return paths


def dr_tags(path):
    """{'dynamic range': [...], 'album dynamic range': [...]} as found,
    names compared ignoring case, in every tag block mutagen sees."""
    f = mutagen.File(path)
    out = {k: [] for k in DR_KEYS}
    if f is None or f.tags is None:
        return out
    for key in f.tags.keys():
        name = key
        if name.upper().startswith("TXXX:"):
            name = name[5:]
        if name.startswith("----:com.apple.iTunes:"):
            name = name[len("----:com.apple.iTunes:"):]
        if name.lower() in DR_KEYS:
            v = f.tags[key]
            if hasattr(v, "text"):
                vals = list(v.text)
            elif isinstance(v, list):
                vals = [x.decode() if isinstance(x, bytes) else str(x)
                        for x in v]
            else:
                vals = [str(v)]
            out[name.lower()] += vals
    return out


def other_tags(path):
    """Every tag but the two DR tags, pictures included, comparable."""
    f = mutagen.File(path)
    if f is None or f.tags is None:
        return []
    out = []
    for key in f.tags.keys():
        name = key[5:] if key.upper().startswith("TXXX:") else key
        name = name.replace("----:com.apple.iTunes:", "")
        if name.lower() in DR_KEYS:
            continue
        v = f.tags[key]
        if hasattr(v, "data"):
            v = (getattr(v, "mime", ""), v.data)
        elif hasattr(v, "value"):
            v = v.value
        elif hasattr(v, "text"):
            v = list(v.text)
        out.append((key.lower(), repr(v)))
    if hasattr(f, "pictures"):
        out += [("picture", p.data) for p in f.pictures]
    return sorted(out)


def flac_md5(path):
    f = mutagen.File(path)
    return getattr(f.info, "md5_signature", None)


def decoded_md5(path):
    """MD5 of the decoded samples of the first audio stream."""
    r = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path,
                        "-map", "0:a:0", "-f", "md5", "-"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        return "undecodable: " + r.stderr.decode(errors="replace")
    return r.stdout.decode().strip()


_snapshots = {}


def snapshot(path):
    """What must never change: decoded audio, FLAC MD5, other tags (the
    same content is decoded once)."""
    key = hashlib.sha256(file_bytes(path)).hexdigest()
    if key not in _snapshots:
        _snapshots[key] = {"audio": decoded_md5(path), "md5": flac_md5(path),
                           "others": other_tags(path)}
    return _snapshots[key]


def file_bytes(path):
    with open(path, "rb") as f:
        return f.read()
