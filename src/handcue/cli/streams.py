"""The streams a long-running command talks through, and how it says a problem there: one line
on stderr, text from files made harmless, a closed stream never a traceback."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from typing import IO, Any, TextIO

from handcue.audio.speech import SpeechEngine, speech_status
from handcue.core.safe_text import visible

AUTO = "auto"
"""Pass as an engine choice to look the speech engine up (the default)."""

EngineChoice = SpeechEngine | None | str


@dataclass(frozen=True, slots=True)
class Streams:
    """Keys come from `stdin` (when it is a terminal); lines go to `stdout`, problems to `stderr`."""

    stdin: IO[Any] | None = None
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)


def tell(err: TextIO, message: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(visible(f"handcue: {message}", lines=True), file=err, flush=True)


def pick_engine(choice: EngineChoice, err: TextIO, *, purpose: str) -> SpeechEngine | None:
    """The engine to speak with; says once, in one line, when there is none."""
    if isinstance(choice, str):
        engine, about = speech_status(None if choice == AUTO else choice)
    else:
        engine, about = choice, "no speech engine"
    if engine is None:
        tell(err, f"voice: {about}; {purpose}")
    return engine
