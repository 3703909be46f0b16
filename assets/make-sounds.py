#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the cue sounds in sounds/ (soft bell chimes, no samples from
# anywhere else). Run from assets/: python3 make-sounds.py; needs gst-launch-1.0
# with vorbisenc to turn the WAVs into the committed .oga files.
import math, struct, subprocess, wave, os

RATE = 22050

def bell(notes, length, name, gain=0.32):
    n = int(RATE * length)
    out = []
    for i in range(n):
        t = i / RATE
        v = 0.0
        for (start, freq) in notes:
            if t < start:
                continue
            dt = t - start
            # 10 ms attack so there is no click, then a slow decay: a chime
            env = min(1.0, dt / 0.010) * math.exp(-dt * 3.2)
            v += env * (math.sin(2 * math.pi * freq * dt)
                        + 0.25 * math.sin(4 * math.pi * freq * dt) * math.exp(-dt * 6))
        tail = min(1.0, (length - t) / 0.15)
        out.append(max(-1.0, min(1.0, v * gain * tail)))
    wav = os.path.join('sounds', name + '.wav')
    with wave.open(wav, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b''.join(struct.pack('<h', int(s * 32000)) for s in out))
    subprocess.run(['gst-launch-1.0', '-q', 'filesrc', 'location=' + wav, '!', 'wavparse', '!',
                    'audioconvert', '!', 'vorbisenc', 'quality=0.3', '!', 'oggmux', '!',
                    'filesink', 'location=' + os.path.join('sounds', name + '.oga')], check=True)
    os.unlink(wav)

bell([(0.0, 1046.5), (0.18, 1318.5), (0.36, 1568.0)], 1.6, 'cue')        # rising: a cue
bell([(0.0, 783.99), (0.30, 659.25), (0.60, 523.25)], 2.2, 'goodbye')    # falling: goodbye
bell([(0.0, 1760.0)], 0.6, 'sticker', gain=0.22)                         # a sticker pops
bell([(0.0, 784.0), (0.15, 1174.7)], 1.2, 'hello')                       # the visit begins
