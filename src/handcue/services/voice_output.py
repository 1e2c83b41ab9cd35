"""Where the conductor's words and tones go: a voice on the caller's clock, and the tones.

Kept apart from the conductor's rules so those stay readable; the conductor re-exports them.
"""

from __future__ import annotations

from typing import Protocol

from handcue.audio.speech import SpeechEngine
from handcue.core.cues import Cue


class Voice(Protocol):
    """Something that speaks on the caller's clock: a live engine or a simulated one."""

    def say(self, text: str, now: float) -> None: ...

    def busy(self, now: float) -> bool: ...

    def ends_at(self, now: float) -> float | None:
        """When the current speech ends, if known; None when idle or unknown."""

    def stop(self, now: float) -> None: ...


class ToneOutput(Protocol):
    def play(self, cue: Cue) -> None: ...


class EngineVoice:
    """A live speech engine seen as a `Voice`; the engine's own process says when it is done."""

    def __init__(self, engine: SpeechEngine) -> None:
        self.engine = engine

    def say(self, text: str, now: float) -> None:
        self.engine.speak(text)

    def busy(self, now: float) -> bool:
        return self.engine.speaking()

    def ends_at(self, now: float) -> float | None:
        return None

    def stop(self, now: float) -> None:
        self.engine.stop()


def tone_lengths(bank: object) -> dict[str, float]:
    """Seconds each sound of a bank lasts, by name; empty for anything that is not a bank."""
    from handcue.audio.bank import SoundBank

    if not isinstance(bank, SoundBank):
        return {}
    lengths: dict[str, float] = {}
    for name in bank.names:
        sound = bank.get(name)
        if sound is not None:
            lengths[name] = sound.duration
    return lengths
