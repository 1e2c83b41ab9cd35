"""Whether what a player plays can be heard, known before anything is played.

A player that fell back to silence knows why; one that plays through ALSA's default device can
ask the device whether it opens. A player through a sound server (PipeWire, PulseAudio) is
found out only by its first cue, so nothing is said against it here.
"""

from __future__ import annotations

import sys

from handcue.audio.player import Player

ALSA_PROGRAMS = frozenset({"aplay"})
"""System player programs that open ALSA's default device themselves (pw-play and paplay go
through a sound server, which the device probe says nothing about)."""


def device_problem(player: Player) -> str | None:
    """Why ALSA's default device, which `player` plays through, does not open; None when it
    opens, or when the player does not go through it."""
    if not sys.platform.startswith("linux"):
        return None
    through_alsa = player.name == "simpleaudio" or (
        player.name == "system" and getattr(player, "program", None) in ALSA_PROGRAMS
    )
    if not through_alsa:
        return None
    from handcue.audio.alsa_quiet import probe_default_device

    return probe_default_device()


def known_silence(player: Player) -> str | None:
    """Why nothing `player` plays will be heard; None when nothing is known against it, and
    for silence the person chose (HANDCUE_AUDIO=silent), which is no failure."""
    if player.name == "silent":
        return player.last_error or None
    return device_problem(player)
