"""Speech without the silence an engine puts around it, so the words start on their moment.

piper opens each sentence with 45-70 ms of silence and closes it with up to 200 ms; espeak-ng
does much the same. A clip that starts with silence starts late by that much, and one that
ends with it holds the step's clock for nothing; the breath between sentences is handcue's own
(`speech_clips.SENTENCE_GAP`). Made speech is trimmed once, before it is kept in the cache, so
`render`, live play and the guided time all hear the same clip.
"""

from __future__ import annotations

import io
import wave

QUIET = 10 ** (-45 / 20)
"""Below this share of the clip's peak (-45 dB) a sample counts as silence."""
LEAD = 0.010
"""Silence kept before the first sound: the onset of a soft consonant rises out of it."""
TAIL = 0.040
"""Silence kept after the last sound, for the decay of the final word."""


def trimmed(wav: bytes) -> bytes:
    """`wav` (16-bit PCM) with the silence around the speech cut to `LEAD` and `TAIL`; a file
    that is not 16-bit PCM, or silent throughout, is returned as it was."""
    import numpy as np

    try:
        with wave.open(io.BytesIO(wav), "rb") as source:
            params = source.getparams()
            frames = source.readframes(source.getnframes())
    except (EOFError, wave.Error):
        return wav
    if params.sampwidth != 2 or params.nchannels < 1 or params.framerate <= 0:
        return wav
    samples = np.frombuffer(frames, dtype="<i2").reshape(-1, params.nchannels)
    level = np.abs(samples.astype(np.int32)).max(axis=1)
    peak = int(level.max(initial=0))
    if peak == 0:
        return wav
    loud = np.flatnonzero(level > peak * QUIET)
    first = max(0, int(loud[0]) - round(LEAD * params.framerate))
    last = min(len(level), int(loud[-1]) + 1 + round(TAIL * params.framerate))
    if first == 0 and last == len(level):
        return wav
    out = io.BytesIO()
    with wave.open(out, "wb") as sink:
        sink.setnchannels(params.nchannels)
        sink.setsampwidth(2)
        sink.setframerate(params.framerate)
        sink.writeframes(samples[first:last].tobytes())
    return out.getvalue()
