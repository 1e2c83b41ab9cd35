"""`handcue cues`: hear every cue with its meaning printed beside it, to learn them by ear."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TextIO

from handcue.cli.output import say, warn
from handcue.core.cueing import CUE_LEGEND
from handcue.core.cues import Cue

GAP_SECONDS = 0.6
"""Silence after each cue, so neighbouring cues are heard apart."""


def legend_lines() -> list[str]:
    width = max(len(cue.sound_name) for cue, _ in CUE_LEGEND)
    return [f"{cue.sound_name:<{width}}  {meaning}" for cue, meaning in CUE_LEGEND]


def play_legend(
    play: Callable[[Cue], None],
    wait: Callable[[float], bool],
    out: TextIO,
    *,
    gap: float = GAP_SECONDS,
) -> None:
    """Prints each cue's line as it starts to sound, then waits for it to finish."""
    for (cue, _), line in zip(CUE_LEGEND, legend_lines(), strict=True):
        print(line, file=out, flush=True)
        play(cue)
        wait(3.0)
        time.sleep(gap)


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
    if player.name == "silent":
        warn(f"no sound: {player.last_error or 'audio is off'}")
    try:
        play_legend(player.play, player.wait, sys.stdout)
    finally:
        player.close()
    if player.last_error and player.name != "silent":
        warn(f"sound failed: {player.last_error}")
    return 0
