"""`handcue cues`: hear every cue with its meaning printed beside it, to learn them by ear."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

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
