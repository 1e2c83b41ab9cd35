"""`handcue cues`: hear every cue with its meaning printed beside it, to learn them by ear.

Sound that cannot work is found before the first cue (no backend, or ALSA's default device
that does not open) or at the first cue that fails, and said in one line: seventeen lines of
cues played into silence would teach nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from handcue.audio.audibility import known_silence
from handcue.audio.player import Player
from handcue.cli.output import say, warn
from handcue.core.cueing import CUE_LEGEND

GAP_SECONDS = 0.6
"""Silence after each cue, so neighbouring cues are heard apart."""
FIX = "'handcue doctor' shows what to fix; 'handcue cues --list' prints the legend"


def legend_lines() -> list[str]:
    width = max(len(cue.sound_name) for cue, _ in CUE_LEGEND)
    return [f"{cue.sound_name:<{width}}  {meaning}" for cue, meaning in CUE_LEGEND]


def sound_problem(player: Player) -> str | None:
    """Why nothing `player` plays can be heard, known before playing, as one line with the
    fix; None when nothing is known against it."""
    if player.name == "silent" and not player.last_error:
        return (
            "sound is turned off by HANDCUE_AUDIO=silent, so there is nothing to hear; unset "
            "it to hear the cues ('handcue cues --list' prints the legend)"
        )
    problem = known_silence(player)
    return f"no sound: {problem}; {FIX}" if problem else None


def play_legend(player: Player, out: TextIO, *, gap: float = GAP_SECONDS) -> str | None:
    """Print each cue's line as it starts to sound and wait for it to finish; stop at the
    first cue that fails, with why."""
    for (cue, _), line in zip(CUE_LEGEND, legend_lines(), strict=True):
        print(line, file=out, flush=True)
        player.play(cue)
        player.wait(3.0)
        time.sleep(gap)  # also time for the player to notice a program that failed
        if player.last_error:
            return player.last_error
    return None


def run(args: argparse.Namespace) -> int:
    """`handcue cues [--list]`: the legend, played cue by cue unless only listed."""
    if args.list:
        say("\n".join(legend_lines()))
        return 0
    from handcue.audio.choose import setting_problem
    from handcue.services.playing import open_player

    if problem := setting_problem():
        warn(problem)
    player = open_player(args.volume)
    try:
        if problem := sound_problem(player):
            warn(problem)
            return 1
        failed = play_legend(player, sys.stdout)
    finally:
        player.close()
    if failed:
        warn(f"sound failed: {failed}; the other cues were not played. {FIX}")
        return 1
    return 0
