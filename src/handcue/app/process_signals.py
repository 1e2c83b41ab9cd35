"""What the process's signals mean to the app.

SIGTERM and SIGHUP (a closed window, a dropped ssh, a `kill`) end it as a quit does. Python's
default for both is to die at once, leaving the terminal in the alternate screen with mouse
reporting on and the cursor hidden, and a routine's history row 'playing'. Here they ask the
app to exit: the routine is kept as stopped where it was (the app's unmount does that), the
driver restores the terminal, and the exit code is the signal's own, 128 + its number.

After Ctrl+Z and `fg` (SIGTSTP, then SIGCONT) Textual takes the terminal back but draws
nothing until something changes; the app draws itself again at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading

from textual.app import App

ENDING = (signal.SIGTERM, signal.SIGHUP)
GRACE = 5.0
"""Seconds an ending signal gives the app to close cleanly before the process ends."""


def end_on_signals(app: App[object]) -> None:
    """From now on, an ending signal makes `app` exit cleanly with the signal's exit code."""
    loop = asyncio.get_running_loop()
    for number in ENDING:
        # Only possible in the main thread (Pilot tests run the app elsewhere).
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, _exit, app, number)


def redraw_when_resumed(app: App[object]) -> None:
    """After a suspend (Ctrl+Z, then `fg`), draw the whole screen again."""
    app.app_resume_signal.subscribe(app, lambda _: app.refresh(layout=True))


def _exit(app: App[object], number: int) -> None:
    """Keep the routine as stopped now, then leave. A terminal that went away (SIGHUP from a
    closed window) can leave Textual's shutdown waiting on a write that never ends; after
    `GRACE` seconds the process ends anyway, its session already kept."""
    if app.return_code is not None:
        return
    code = 128 + number
    keep = getattr(app, "keep_what_was_done", None)
    if callable(keep):
        keep()
    app.exit(return_code=code)
    watchdog = threading.Timer(GRACE, os._exit, args=(code,))
    watchdog.daemon = True
    watchdog.start()
