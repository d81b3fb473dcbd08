# Damaged copies of audio files for the hostile-corpus test
# (tests/robustness/hostile-corpus.sh, docs/robustness.md).
#
#   corpus-damage.py --seed N --mode short|long --out DIR SOURCE...
#
# Copies each SOURCE whole into DIR/EXT (a folder per format: one scan
# each), then writes its damaged copies there:
#   NAME.head-NNN.EXT   the first NNN bytes (NNN < 256; the long mode every
#                       one of them, the short mode a seeded sample);
#   NAME.cut-PPPP.EXT   the first PPPP bytes, PPPP at 20 points spread
#                       evenly through the file (short: a sample of them);
#   NAME.flip-NN.EXT    the whole file with random bytes changed (XOR with
#                       a non-zero byte), some near the start where the
#                       headers are, the others anywhere.
# Everything comes from one random.Random(seed), so a seed gives the same
# corpus every time. Writes DIR/manifest.tsv, one line per file:
#   file (EXT/NAME)  source  kind  param  size  header_end
# kind is "whole", "head", "cut" or "flip"; header_end is where the audio
# data starts in a file that declares its length (WAV data chunk, FLAC
# STREAMINFO, MP3 Xing/Info frame, MP4 moov before the samples; for Ogg
# the end of the first page, as its last page declares the end), -1 when
# the file declares none: a copy cut after that point has lost samples its
# header counts, so it must not be measured as if it were whole.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import argparse
import os
import random
import struct

HEAD_CUTS = 256
SPREAD_CUTS = 20
# Copies with byte flips per source, and how many flips each may have.
FLIPS = {"long": 40, "short": 3}
SAMPLE = {"short": {"head": 8, "cut": 3}}
MAX_FLIPS = 32
HEADER_ZONE = 4096          # where "near the start" flips fall


def wav_data_start(b):
    """Offset of the samples of a RIFF WAVE file, -1 if none is found."""
    if b[:4] != b"RIFF" or b[8:12] != b"WAVE":
        return -1
    pos = 12
    while pos + 8 <= len(b):
        cid, size = b[pos:pos + 4], struct.unpack("<I", b[pos + 4:pos + 8])[0]
        if cid == b"data":
            return pos + 8
        pos += 8 + size + (size & 1)
    return -1


def flac_audio_start(b):
    """End of the metadata blocks of a FLAC file whose STREAMINFO counts
    its samples; -1 if it does not count them."""
    if b[:4] != b"fLaC":
        return -1
    pos = 4
    total = 0
    while pos + 4 <= len(b):
        head = b[pos]
        size = int.from_bytes(b[pos + 1:pos + 4], "big")
        if head & 0x7f == 0:
            info = b[pos + 4:pos + 4 + 18]
            total = int.from_bytes(info[13:18], "big") & ((1 << 36) - 1)
        pos += 4 + size
        if head & 0x80:
            return pos if total else -1
    return -1


MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000),
             0: (11025, 12000, 8000)}
MP3_KBPS = {1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256,
                320),
            2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)}


def mp3_audio_start(b):
    """End of the first frame of an MP3 file when that frame is a Xing or
    Info frame that counts the frames; -1 otherwise."""
    pos = 0
    if b[:3] == b"ID3":
        pos = 10 + ((b[6] & 0x7f) << 21 | b[7] << 14 | b[8] << 7 | b[9])
    if pos + 4 > len(b) or b[pos] != 0xff or b[pos + 1] & 0xe0 != 0xe0:
        return -1
    version = (b[pos + 1] >> 3) & 3          # 3: MPEG-1, 2: MPEG-2, 0: 2.5
    if version not in MP3_RATES:
        return -1
    kbps = MP3_KBPS[1 if version == 3 else 2][b[pos + 2] >> 4]
    rate = MP3_RATES[version][(b[pos + 2] >> 2) & 3]
    pad = (b[pos + 2] >> 1) & 1
    length = (144 if version == 3 else 72) * kbps * 1000 // rate + pad
    frame = b[pos:pos + length]
    for tag in (b"Xing", b"Info"):
        at = frame.find(tag)
        if at >= 0 and struct.unpack(">I", frame[at + 4:at + 8])[0] & 1:
            return pos + length
    return -1


def mp4_audio_start(b):
    """End of the moov box when it comes before mdat (the samples); -1 when
    it comes after them: any cut then loses the moov and the whole file."""
    pos = 0
    while pos + 8 <= len(b):
        size, kind = struct.unpack(">I4s", b[pos:pos + 8])
        if size == 1:
            size = struct.unpack(">Q", b[pos + 8:pos + 16])[0]
        if size < 8:
            return -1
        if kind == b"moov":
            return pos + size
        if kind == b"mdat":
            return -1
        pos += size
    return -1


def ogg_audio_start(b):
    """End of the first page of an Ogg file: a cut after it loses the last
    page, whose end-of-stream flag and granule position say where the
    stream ends and how many samples it holds."""
    if b[:4] != b"OggS" or len(b) < 27:
        return -1
    segments = b[26]
    return 27 + segments + sum(b[27:27 + segments])


def header_end(path, b):
    ext = os.path.splitext(path)[1].lower()
    finder = {".wav": wav_data_start, ".flac": flac_audio_start,
              ".mp3": mp3_audio_start, ".m4a": mp4_audio_start,
              ".ogg": ogg_audio_start}.get(ext)
    return finder(b) if finder else -1


def damage(src, out, rng, mode, manifest):
    data = open(src, "rb").read()
    base = os.path.basename(src)
    stem, ext = os.path.splitext(base)
    folder = ext[1:].lower()
    os.makedirs(os.path.join(out, folder), exist_ok=True)
    hdr = header_end(src, data)

    def put(name, kind, param, blob):
        name = os.path.join(folder, name)
        with open(os.path.join(out, name), "wb") as f:
            f.write(blob)
        manifest.append((name, base, kind, param, len(blob), hdr))

    put(base, "whole", 0, data)
    heads = list(range(min(HEAD_CUTS, len(data))))
    cuts = sorted({len(data) * k // (SPREAD_CUTS + 1)
                   for k in range(1, SPREAD_CUTS + 1)})
    if mode in SAMPLE:
        heads = sorted(rng.sample(heads, SAMPLE[mode]["head"]))
        cuts = sorted(rng.sample(cuts, SAMPLE[mode]["cut"]))
    for n in heads:
        put("%s.head-%03d%s" % (stem, n, ext), "head", n, data[:n])
    for n in cuts:
        put("%s.cut-%07d%s" % (stem, n, ext), "cut", n, data[:n])
    for i in range(FLIPS[mode]):
        blob = bytearray(data)
        zone = min(HEADER_ZONE, len(blob)) if i % 2 == 0 else len(blob)
        for _ in range(rng.randint(1, MAX_FLIPS)):
            blob[rng.randrange(zone)] ^= rng.randint(1, 255)
        put("%s.flip-%02d%s" % (stem, i, ext), "flip", i, bytes(blob))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--mode", choices=("short", "long"), required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("sources", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(a.seed)
    manifest = []
    for src in a.sources:
        damage(src, a.out, rng, a.mode, manifest)
    with open(os.path.join(a.out, "manifest.tsv"), "w") as f:
        for row in manifest:
            f.write("\t".join(str(x) for x in row) + "\n")


if __name__ == "__main__":
    main()
