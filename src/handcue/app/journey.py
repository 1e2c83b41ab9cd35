"""One routine's play flow (`services.play_flow`) as screens.

The flow says what comes next; this shows it as a screen and hands the screen's answer back,
until the flow is done. It decides nothing of its own: what to ask, what to keep and when to
stop asking are the flow's, so plain mode and the reminders follow the same path.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.timer import Timer

from handcue.core.checkin import Moment
from handcue.core.engine import Session
from handcue.services.keeping import Keep
from handcue.services.play_flow import (
    Answer,
    CheckIn,
    Done,
    Finished,
    Play,
    PlayFlow,
    Precautions,
    Stopped,
    Then,
)

if TYPE_CHECKING:
    from handcue.app.app import HandcueApp
    from handcue.services.guided_time import GuidedTime
    from handcue.services.voice_output import Voice

CHECKPOINT_SECONDS = 15.0
"""How often the history row of a session playing is brought up to date."""

CHECKINS_OFF = (
    "Check-ins are off. Turn them on again from the command palette, or with 'handcue checkins on'."
)


class Journey:
    """Shows `flow`'s steps on `app`, one screen each, until the flow is done."""

    def __init__(self, app: HandcueApp, flow: PlayFlow) -> None:
        self.app = app
        self.flow = flow
        self.player: Screen[Any] | None = None
        self._checkpoints: Timer | None = None
        self._finish_shown = False
        self._voice = self._ready_voice() if flow.listening.voice else None
        """The voice, its words already being made while the precautions and check-in show."""

    @property
    def playing(self) -> bool:
        """True while the routine's player is on the screen stack."""
        return self.player is not None and self.player in self.app.screen_stack

    def show(self) -> None:
        """Show the step the flow is at."""
        step = self.flow.step
        if isinstance(step, Precautions):
            from handcue.app.screens.precautions import PrecautionsScreen

            screen = PrecautionsScreen(
                step.routine, read_aloud=step.read_aloud, new=step.new, changed=step.changed
            )
            self.app.push_screen(screen, self._accepted)
        elif isinstance(step, CheckIn):
            if step.moment is Moment.AFTER:
                self._show_finish()
            self._ask(step)
        elif isinstance(step, Play):
            self._play(step)
        elif isinstance(step, Finished):
            self._show_finish()
        elif isinstance(step, Stopped):
            from handcue.app.screens.keep_question import KeepQuestion

            self.app.push_screen(KeepQuestion(step.offer, step.changes, can_stay=False), self._kept)
        else:
            close = getattr(self._voice and self._voice[0], "close", None)
            if callable(close):
                close()  # not played: stop making its words
            self._done(step)

    def end_now(self) -> None:
        """The app is closing mid-routine: keep the session as stopped where it is."""
        if isinstance(self.flow.step, Play):
            self.flow.end(self.app.clock())

    def _ready_voice(self) -> tuple[Voice, dict[str, float]] | None:
        """Start making every line the routine may say, on a thread, as its flow begins;
        None when there is no voice (the player says so when it opens)."""
        from handcue.services.voices import ready_voice

        app, flow = self.app, self.flow

        def failed(message: str) -> None:
            with contextlib.suppress(RuntimeError):  # the app has closed meanwhile
                app.call_from_thread(app.notify, f"Voice: {message}", severity="warning")

        found = ready_voice(
            app.player,
            flow.routine,
            flow.durations,
            flow.listening,
            flow.voice_mode(),
            app.user.voice_engine(),
            on_error=failed,
        )
        return None if isinstance(found, str) else found

    # steps ----------------------------------------------------------------------------------

    def _ask(self, step: CheckIn) -> None:
        from handcue.app.screens.checkin import CheckInScreen

        screen = CheckInScreen(step.questions, step.moment, step.routine.title)
        self.app.push_screen(screen, self._answered)

    def _play(self, step: Play) -> None:
        self.player = self.app.make_player_screen(step)
        if self._voice is not None:
            self.player.use_voice(self._voice)  # type: ignore[attr-defined]
            self._voice = None
        self.flow.start(self.app.clock())
        if self._checkpoints is None:
            self._checkpoints = self.app.set_interval(CHECKPOINT_SECONDS, self._checkpoint)
        self.app.push_screen(self.player, self._played)

    def _show_finish(self) -> None:
        if self._finish_shown:
            return
        from handcue.app.screens.finish import FinishScreen

        self._finish_shown = True
        report = self.flow.report
        assert report is not None
        offer = self.flow.offer()
        guided = self._guided_time()
        self.app.push_screen(FinishScreen(report, offer, self.flow.keep, guided), self._left)

    def _guided_time(self) -> GuidedTime:
        """The routine at the times it ended with, and with the voice guiding."""
        from handcue.services.guided_time import guided_time
        from handcue.services.voices import bank_tone_lengths, spoken_lengths

        flow = self.flow
        times = dict(flow.durations)
        if flow.report is not None:
            times.update(flow.report.durations)
        lengths = spoken_lengths(self.app.user.voice_engine())
        return guided_time(flow.routine, times, lengths, bank_tone_lengths())

    # answers --------------------------------------------------------------------------------

    def _accepted(self, accepted: bool | None) -> None:
        self.flow.accept_precautions(bool(accepted))
        self.show()

    def _answered(self, answer: Answer | None) -> None:
        if answer == "off":
            self.app.notify(CHECKINS_OFF, title="Check-ins", timeout=8)
        after = isinstance(self.flow.step, CheckIn) and self.flow.step.moment is Moment.AFTER
        self.flow.answer(answer if answer is not None else "back")
        if not after:
            self.show()

    def _played(self, _: Session | None) -> None:
        self._stop_checkpoints()
        self.flow.end(self.app.clock())
        self.show()

    def _kept(self, choice: Keep | None) -> None:
        message = self.flow.keep(choice or Keep.NOTHING)
        if message is not None and choice not in (None, Keep.NOTHING):
            self.app.notify(message, timeout=6)
            if self.app.direct:
                self.app.unsaid.append(message)  # the app closes now: said on the terminal
        self._done(self.flow.leave())

    def _left(self, then: Then | None) -> None:
        self._done(self.flow.leave(then or "picker"))

    def _done(self, done: Done) -> None:
        """Where the person goes once the flow is over."""
        app = self.app
        if done.then == "quit":
            app.exit()
        elif done.then == "repeat":
            app.begin(self.flow.again())
        elif app.direct and done.outcome != "finished":
            app.exit()  # `handcue play ID` ends with its routine
        else:
            app.journey = None
            app.direct = False

    def _checkpoint(self) -> None:
        self.flow.checkpoint(self.app.clock())

    def _stop_checkpoints(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints.stop()
            self._checkpoints = None
