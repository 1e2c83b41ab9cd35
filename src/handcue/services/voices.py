"""A voice for a session that did not start with one: the speech engine, and the tone lengths the
conductor needs so speech never starts under a tone."""

from __future__ import annotations

from handcue.audio.player import Player
from handcue.services.conductor import EngineVoice, tone_lengths


def find_voice(player: Player) -> tuple[EngineVoice, dict[str, float]] | str:
    """The voice and the player's tone lengths, or why there is no voice, in words."""
    from handcue.audio.speech import speech_status

    engine, about = speech_status()
    if engine is None:
        return about
    resolve = getattr(player, "resolve", None)
    real = resolve() if callable(resolve) else player
    return EngineVoice(engine), tone_lengths(getattr(real, "bank", None))
