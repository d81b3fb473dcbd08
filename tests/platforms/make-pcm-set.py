#!/usr/bin/python3
"""Writes a fixed set of PCM WAV files, the same bytes on every run and
every machine (a seeded generator, no clock, no randomness of the system):
the material of same-json.sh, which encodes some of them losslessly too.

    make-pcm-set.py DIR

Each file is 10 s of a tone mix whose loudness changes every 3-second
window, with seeded noise, so that peak, RMS and DR all depend on every
sample. SPDX-License-Identifier: LGPL-2.1-or-later
"""
import struct
import sys

import numpy as np

SECONDS = 10


def signal(rate, channels, seed):
    """Float64 samples in [-1, 1), shape (frames, channels)."""
    rng = np.random.default_rng(seed)
    n = rate * SECONDS
    t = np.arange(n) / rate
    out = np.empty((n, channels))
    for c in range(channels):
        freqs = rng.uniform(60.0, 5000.0, size=4)
        mix = sum(np.sin(2 * np.pi * f * t + rng.uniform(0, 6.28)) for f in freqs) / 4
        # Loudness steps every 3 s (the DR windows) and a slow swell.
        steps = rng.uniform(0.05, 0.9, size=SECONDS // 3 + 1)[(t // 3).astype(int)]
        swell = 0.75 + 0.25 * np.sin(2 * np.pi * 0.13 * t)
        noise = rng.normal(0.0, 0.02, size=n)
        out[:, c] = np.clip(mix * steps * swell + noise, -1.0, 0.999)
    return out


def ints(x, bits):
    """Rounded integers of @bits bits, as int32."""
    return np.round(x * (2 ** (bits - 1) - 1)).astype("<i4")


def write_wav(path, rate, channels, bits, fmt, seed):
    x = signal(rate, channels, seed)
    if fmt == "float":
        data = x.astype("<f4").tobytes()
        tag = 3
    elif bits == 8:
        data = np.round(x * 127 + 128).astype("u1").tobytes()
        tag = 1
    else:
        v = ints(x, bits)
        if bits == 16:
            data = v.astype("<i2").tobytes()
        elif bits == 24:
            b = v.astype("<i4").view("u1").reshape(-1, 4)
            data = b[:, :3].tobytes()
        else:
            data = v.tobytes()
        tag = 1
    block = channels * bits // 8
    fmt_chunk = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    if fmt != "float" and (bits > 16 or channels > 2):
        # WAVE_FORMAT_EXTENSIBLE, as the format asks for more than 16 bits
        # or 2 channels: the usual channel mask, PCM subformat.
        mask = (1 << channels) - 1
        guid = struct.pack("<IHH", 1, 0x0000, 0x0010) + bytes.fromhex("800000aa00389b71")
        fmt_chunk = struct.pack("<HHIIHH", 0xFFFE, channels, rate, rate * block, block, bits)
        fmt_chunk += struct.pack("<HHI", 22, bits, mask) + guid
    chunks = b"fmt " + struct.pack("<I", len(fmt_chunk)) + fmt_chunk
    chunks += b"data" + struct.pack("<I", len(data)) + data
    if len(data) % 2:
        chunks += b"\0"
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks)


def extended(v):
    """@v as the 80-bit IEEE extended number of AIFF's COMM chunk."""
    e = v.bit_length() - 1
    return struct.pack(">HQ", 16383 + e, v << (63 - e))


def write_aiff(path, rate, channels, bits, seed):
    """Big-endian PCM AIFF, no other chunk than COMM and SSND."""
    v = ints(signal(rate, channels, seed), bits).astype(">i4")
    b = v.view("u1").reshape(-1, 4)[:, 4 - bits // 8:]
    data = struct.pack(">II", 0, 0) + b.tobytes()
    comm = struct.pack(">hIh", channels, len(v), bits) + extended(rate)
    chunks = b"COMM" + struct.pack(">I", len(comm)) + comm
    chunks += b"SSND" + struct.pack(">I", len(data)) + data
    with open(path, "wb") as f:
        f.write(b"FORM" + struct.pack(">I", 4 + len(chunks)) + b"AIFF" + chunks)


def main():
    d = sys.argv[1]
    write_wav(f"{d}/s16-44100-2.wav", 44100, 2, 16, "int", 1)
    write_wav(f"{d}/s24-96000-2.wav", 96000, 2, 24, "int", 2)
    write_wav(f"{d}/s32-44100-2.wav", 44100, 2, 32, "int", 3)
    write_wav(f"{d}/f32-48000-2.wav", 48000, 2, 32, "float", 4)
    write_wav(f"{d}/u8-22050-1.wav", 22050, 1, 8, "int", 5)
    write_wav(f"{d}/s16-48000-6.wav", 48000, 6, 16, "int", 6)
    write_aiff(f"{d}/s24-44100-2.aiff", 44100, 2, 24, 7)


if __name__ == "__main__":
    main()
