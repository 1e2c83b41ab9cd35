"""An ending signal keeps what was done at once, and ends the process even when Textual's own
shutdown never finishes (it can wait for ever on a write to a terminal that went away)."""

from __future__ import annotations

import signal
import threading

import pytest

from handcue.app import process_signals


class StuckApp:
    """An app whose exit is asked for but never happens, as with a vanished terminal."""

    def __init__(self) -> None:
        self.return_code: int | None = None
        self.kept = 0
        self.exits: list[int] = []

    def keep_what_was_done(self) -> None:
        self.kept += 1

    def exit(self, return_code: int = 0) -> None:
        self.exits.append(return_code)  # and nothing else: the shutdown hangs


def test_a_hang_up_keeps_the_session_then_ends_the_process_after_the_grace(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ended = threading.Event()
    codes: list[int] = []

    def end(code: int) -> None:
        codes.append(code)
        ended.set()

    monkeypatch.setattr("handcue.app.process_signals.os._exit", end)
    monkeypatch.setattr(process_signals, "GRACE", 0.0)
    app = StuckApp()
    process_signals._exit(app, signal.SIGHUP)  # type: ignore[arg-type]
    assert app.kept == 1, "the session is kept before anything else"
    assert app.exits == [129]
    assert ended.wait(30), "the process must end although the app never did"
    assert codes == [129]


def test_a_second_signal_while_ending_does_nothing_more() -> None:
    app = StuckApp()
    app.return_code = 143
    process_signals._exit(app, signal.SIGTERM)  # type: ignore[arg-type]
    assert app.kept == 0 and app.exits == []
