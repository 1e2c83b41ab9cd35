"""Where the conductor's words and tones go: a voice on the caller's clock, and the tones.

Kept apart from the conductor's rules so those stay readable; the conductor re-exports them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from handcue.audio.speech import SpeechEngine
from handcue.core.cues import Cue

if TYPE_CHECKING:
    from handcue.audio.bank import Sound
    from handcue.audio.speech_clips import ClipStore


class Voice(Protocol):
    """Something that speaks on the caller's clock: a live engine or a simulated one."""

    def say(self, text: str, now: float) -> None: ...

    def busy(self, now: float) -> bool: ...

    def ends_at(self, now: float) -> float | None:
        """When the current speech ends, if known; None when idle or unknown."""

    def stop(self, now: float) -> None: ...


class ToneOutput(Protocol):
    def play(self, cue: Cue) -> None: ...


class SoundOutput(Protocol):
    """A sound player that also plays speech made ahead (`BackgroundPlayer.play_sound`)."""

    def play_sound(self, sound: Sound) -> None: ...

    def stop(self) -> None: ...


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


class ClipVoice:
    """Speech made ahead of time (`audio.speech_clips`), played through the sound player.

    A line starts the moment it is asked for, as a tone does, and its end is known exactly,
    so the conductor never has to look whether the voice is done. A line not made yet is said
    by `fallback` (espeak-ng, live) when there is one. `made` and `live` count which was used.
    """

    def __init__(
        self, clips: ClipStore, output: SoundOutput, fallback: EngineVoice | None = None
    ) -> None:
        self.clips = clips
        self.output = output
        self.fallback = fallback
        self.made = 0
        self.live = 0
        self._until = 0.0

    def prepare(self, lines: Iterable[str]) -> None:
        """Make `lines` ahead, on the clip store's worker thread."""
        self.clips.want(lines)

    def close(self) -> None:
        """Stop making speech ahead; what was made stays in the cache for next time."""
        self.clips.close()

    def say(self, text: str, now: float) -> None:
        self.stop(now)
        sound = self.clips.clip(text)
        if sound is not None:
            self.output.play_sound(sound)
            self._until = now + sound.duration
            self.made += 1
        elif self.fallback is not None:
            self.fallback.say(text, now)
            self.live += 1

    def busy(self, now: float) -> bool:
        if now < self._until:
            return True
        return self.fallback is not None and self.fallback.busy(now)

    def ends_at(self, now: float) -> float | None:
        return self._until if now < self._until else None

    def stop(self, now: float) -> None:
        if now < self._until:
            self.output.stop()
        self._until = min(self._until, now)
        if self.fallback is not None:
            self.fallback.stop(now)


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
