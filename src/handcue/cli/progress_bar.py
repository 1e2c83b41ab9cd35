"""Progress on stderr while a long command works, drawn for a terminal or for a log.

A terminal gets one bar redrawn in place; a pipe or a file gets a line per tenth, so a log
shows the work moving without a line for every percent.
"""

from __future__ import annotations

from typing import TextIO


class ProgressBar:
    """Progress on stderr: a bar redrawn in place on a terminal, a line per tenth otherwise."""

    WIDTH = 30

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._shown = -1

    def __call__(self, fraction: float) -> None:
        percent = int(max(0.0, min(1.0, fraction)) * 100)
        if self.tty:
            if percent == self._shown:
                return
            filled = percent * self.WIDTH // 100
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r{self.label} [{bar}] {percent:3d}%")
        else:
            if percent // 10 == self._shown // 10 and self._shown >= 0:
                return
            percent = percent // 10 * 10
            self.stream.write(f"{self.label}: {percent}%\n")
        self._shown = percent
        self.stream.flush()

    def done(self) -> None:
        self(1.0)
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
