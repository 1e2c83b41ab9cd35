"""Command palette entries: start any routine by name, from any screen, and handcue's own
commands beside Textual's."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider

from handcue.core.durations import format_short

if TYPE_CHECKING:
    from handcue.app.app import HandcueApp


class RoutineCommands(Provider):
    """ "Start: <title>" for every routine in the library."""

    @property
    def _app(self) -> HandcueApp:
        from handcue.app.app import HandcueApp

        assert isinstance(self.app, HandcueApp)
        return self.app

    async def discover(self) -> Hits:
        app = self._app
        for routine in app.library.routines:
            yield DiscoveryHit(
                f"Start: {routine.title}",
                partial(app.start_routine, routine),
                help=f"{format_short(routine.total_seconds)} · {routine.summary}",
            )

    async def search(self, query: str) -> Hits:
        app = self._app
        matcher = self.matcher(query)
        for routine in app.library.routines:
            text = f"Start: {routine.title}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(app.start_routine, routine),
                    text=text,
                    help=f"{format_short(routine.total_seconds)} · {routine.summary}",
                )


CHECKIN_WORDS = {"on": "on", "off": "off", "per-hand": "on, for each hand"}


def system_commands(app: HandcueApp) -> Iterator[SystemCommand]:
    """handcue's commands: the History screen, the sound, and the check-in setting."""
    from handcue.app import preferences

    yield SystemCommand(
        "History", "Your sessions: calendar, streaks, minutes, check-ins", app.action_history
    )
    yield SystemCommand(
        "Sound: test",
        "Play the opening tone, and say if it can be heard",
        lambda: preferences.play_test_tone(app),
    )
    for level in preferences.VOLUMES:
        yield SystemCommand(
            f"Sound: volume {level}%",
            "How loud the tones are, from now on and next time",
            partial(preferences.set_volume, app, level),
        )
    for mode, help_text in (
        ("on", "Ask how your hands feel before and after a routine"),
        ("per-hand", "Ask for each hand where a routine works them one at a time"),
        ("off", "Never ask before or after"),
    ):
        title = "Check-ins: per hand" if mode == "per-hand" else f"Check-ins: {mode}"
        yield SystemCommand(title, help_text, partial(set_checkins, app, mode))


def set_checkins(app: HandcueApp, mode: str) -> None:
    if app.user.set_checkin_mode(mode):
        app.notify(f"Check-ins are {CHECKIN_WORDS[mode]}.", title="Check-ins", timeout=4)
