"""SIGTERM and SIGHUP (a closed window, a dropped ssh) end a session as a stop does.

Python's default for both is to die at once: the terminal keeps its raw mode and the session's
row stays 'playing' with nothing played. Here they raise `KeyboardInterrupt`, the path Ctrl-C
already takes (terminal restored, row ended 'stopped' with the time played), and the exit code
afterwards is the signal's own, 128 + its number, as a shell expects.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

ENDING = (signal.SIGTERM, signal.SIGHUP)


class Ending:
    """Which ending signal arrived, if any."""

    def __init__(self) -> None:
        self.number: int | None = None

    def code(self, status: int) -> int:
        return 128 + self.number if self.number is not None else status


@contextlib.contextmanager
def ended_like_a_stop() -> Iterator[Ending]:
    ending = Ending()

    def stop(number: int, frame: FrameType | None) -> None:
        if ending.number is None:
            ending.number = number
            raise KeyboardInterrupt

    previous: dict[signal.Signals, object] = {}
    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        for each in ENDING:
            previous[each] = signal.signal(each, stop)
    try:
        yield ending
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)  # type: ignore[arg-type]
