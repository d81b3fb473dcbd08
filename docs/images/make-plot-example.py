#!/usr/bin/python3
# Makes the song-like test signal behind docs/images/plot-example.svg:
# 96 s of stereo noise and tones in sections (quiet intro, verses, loud
# choruses, a quiet break with one click), 16-bit WAV at 22050 Hz.
#
#   docs/images/make-plot-example.py /tmp/ex/Example.wav
#   gst-drmeter --plot docs/images /tmp/ex    (then rename the SVG)
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import math
import random
import struct
import sys
import wave

RATE = 22050
# (seconds, level dBFS left, level dBFS right)
SECTIONS = [(9, -32, -34), (15, -19, -21), (15, -11, -12), (15, -19, -20),
            (15, -11, -12), (12, -30, -31), (15, -10, -11)]

rng = random.Random(6)
frames = []
t = 0
for length, left, right in SECTIONS:
    for i in range(length * RATE):
        # a soft edge between sections
        fade = min(1.0, i / (0.5 * RATE), (length * RATE - i) / (0.5 * RATE))
        beat = 0.55 + 0.45 * abs(math.sin(math.pi * 2 * t / RATE))
        tone = math.sin(2 * math.pi * 110 * t / RATE)
        noise = rng.uniform(-1, 1)
        x = (0.6 * tone + 0.8 * noise) * beat * fade
        frames.append((x * 10 ** (left / 20), x * 10 ** (right / 20) * 0.9
                       + 0.1 * noise * 10 ** (right / 20)))
        t += 1
# One click in the quiet break: the track's highest peak.
click = (9 + 15 * 4 + 6) * RATE
frames[click] = (0.97, 0.5)
# The final chorus's peaks stay below it: they are the selected peak.
with wave.open(sys.argv[1], "wb") as w:
    w.setnchannels(2)
    w.setsampwidth(2)
    w.setframerate(RATE)
    w.writeframes(b"".join(
        struct.pack("<hh", *(max(-32768, min(32767, round(v * 32768)))
                             for v in f)) for f in frames))
