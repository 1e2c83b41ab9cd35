"""The pieces of a session both front ends put together the same way: the sound player, and
what a person asked to hear besides the tones.

The full-screen player and plain mode each drive the session their own way (a cue thread and a
screen, or a loop on the terminal); what they start from is made here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handcue.audio.deferred import DeferredPlayer
    from handcue.audio.player import Player


DEFAULT_VOLUME = 100


def open_player(volume: int | None = None) -> Player:
    """The best sound backend that works here, with ALSA's own messages kept off the screen."""
    from handcue.audio.alsa_quiet import silence_alsa_errors
    from handcue.audio.choose import choose_player

    silence_alsa_errors()
    return choose_player(volume=DEFAULT_VOLUME if volume is None else volume)


def deferred_player(volume: int | None = None) -> DeferredPlayer:
    """A player that opens its backend when first needed, so a screen can draw first."""
    from handcue.audio.deferred import DeferredPlayer

    loudness = DEFAULT_VOLUME if volume is None else volume
    return DeferredPlayer(lambda: open_player(loudness), loudness)
