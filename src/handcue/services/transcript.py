"""A rendered file's words as WebVTT, so a phone player or a reader shows what is said.

One cue per spoken sentence and per tone with its meaning, timed from the very clips the mix
places, so the transcript's times are the audio's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from handcue.services.mixing import Clip
from handcue.services.rendering import Plan


def _stamp(seconds: float) -> str:
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def cues(clips: Iterable[Clip]) -> list[tuple[float, float, str]]:
    """(start, end, text) of every clip that says or means something, in time order."""
    found = [(clip.start, clip.stop, clip.text) for clip in clips if clip.text]
    return sorted(found, key=lambda cue: (cue[0], cue[1]))


def webvtt(plan: Plan) -> str:
    lines = ["WEBVTT", ""]
    for start, end, text in cues(plan.clips):
        # "-->" in a cue's text would end it early; routine text cannot make one here.
        lines += [f"{_stamp(start)} --> {_stamp(end)}", text.replace("-->", "->"), ""]
    return "\n".join(lines)


def transcript_path(audio: Path) -> Path:
    """`FILE` with `.vtt`: beside the audio, as players look for it."""
    return audio.with_suffix(".vtt")
