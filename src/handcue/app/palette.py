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


def voice_modes() -> tuple[tuple[str, str, str], ...]:
    """The voice's choices as the palette lists them; made when the palette opens, so the
    picker's first frame need not import the guided text."""
    from handcue.core.guided_text import GUIDED_PLAYS

    return (
        ("guided", "Voice: guided", "Say every step's whole instruction, however often played"),
        ("brief", "Voice: brief", "Say only each step's hand, name and length"),
        (
            "auto",
            "Voice: guided at first",
            f"The whole instruction for a routine's first {GUIDED_PLAYS} plays, then brief",
        ),
    )


VOICE_ENGINES = (
    ("natural", "Voice engine: natural", "The offline natural voice (handcue[voice]), made ahead"),
    ("system", "Voice engine: system", "The system's speech engine (espeak-ng), live"),
    ("auto", "Voice engine: automatic", "The natural voice when installed, else the system's"),
)


def system_commands(app: HandcueApp) -> Iterator[SystemCommand]:
    """handcue's commands: the History screen, the sound, the check-in setting and the
    voice's."""
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
    for choice, title, help_text in voice_modes():
        yield SystemCommand(title, help_text, partial(set_voice_mode, app, choice))
    for choice, title, help_text in VOICE_ENGINES:
        yield SystemCommand(title, help_text, partial(set_voice_engine, app, choice))


def set_checkins(app: HandcueApp, mode: str) -> None:
    if app.user.set_checkin_mode(mode):
        app.notify(f"Check-ins are {CHECKIN_WORDS[mode]}.", title="Check-ins", timeout=4)


def set_voice_mode(app: HandcueApp, choice: str) -> None:
    """Keep how the voice guides, for every routine; a routine playing now follows at once
    (guided or brief; "guided at first" leaves it as it is)."""
    from handcue.core.guided_text import VoiceMode

    mode = None if choice == "auto" else VoiceMode(choice)
    if not app.user.set_voice_choice(mode):
        return
    journey = app.journey
    player = journey.player if journey is not None and journey.playing else None
    if mode is not None and player is not None:
        player.set_voice_mode(mode)  # type: ignore[attr-defined]
    words = {"guided": "guided", "brief": "brief", "auto": "guided at first, then brief"}
    app.notify(f"The voice is {words[choice]}.", title="Voice", timeout=4)


def set_voice_engine(app: HandcueApp, choice: str) -> None:
    """Keep which engine speaks; it speaks from the next routine on."""
    from handcue.services.voices import engines

    if app.user.set_voice_engine(choice):
        about = engines(choice).about
        app.notify(f"From the next routine: {about}.", title="Voice engine", timeout=8)
