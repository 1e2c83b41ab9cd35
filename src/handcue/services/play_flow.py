"""One play of a routine, from its precautions to the last check-in, for every front end.

The flow is a state machine that does no input or output of its own: `step` says what the
person should be shown next, and the front end (the full-screen app, plain mode, a reminder)
shows it its own way and hands the answer back. Each answer moves the flow on; an answer that
does not fit the step raises `FlowError`, as a bug would. What is kept (the session in the
history, acknowledgements, settings, saved times) goes through `UserData`.

    Precautions? -> Check-in before? -> Play -> Finished: check-in after?, keep times?
                                             -> Stopped: keep times?
                                             -> Done
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from handcue.core import briefing
from handcue.core.checkin import Moment, Question, Rating
from handcue.core.engine import Session
from handcue.core.guided_text import VoiceMode, mode_for
from handcue.core.routine import Routine
from handcue.services.listening import Listening
from handcue.services.report import SessionReport

if TYPE_CHECKING:
    from handcue.services.keeping import Keep, KeepOffer
    from handcue.services.recording import Recording
    from handcue.services.user_data import UserData

Answer = tuple[Rating, ...] | Literal["off", "back"]
"""A check-in's answer: the ratings given (maybe none), "off" to stop asking, or "back" not to
start (before a routine) or to leave the question (after one)."""

S = TypeVar("S")

Then = Literal["picker", "repeat", "quit"]
"""Where a person goes once a routine is over."""


class FlowError(RuntimeError):
    """An answer that does not fit the step the flow is at: a front end's bug."""


@dataclass(frozen=True, slots=True)
class Precautions:
    """Show the routine's precautions and preparation; go on only once accepted."""

    routine: Routine
    new: frozenset[str]
    """Items new since the person last accepted them (marked NEW); empty the first time."""
    changed: bool
    read_aloud: bool
    confirm: bool = True
    """False when they were accepted before and are only read aloud again (`--voice-intro`):
    plain mode then starts by itself."""


@dataclass(frozen=True, slots=True)
class CheckIn:
    """Ask how the hands feel, one key per question."""

    routine: Routine
    questions: tuple[Question, ...]
    moment: Moment


@dataclass(frozen=True, slots=True)
class Play:
    """Play `session` (already timed as the person set it) with the voice in `mode`."""

    session: Session
    mode: VoiceMode


@dataclass(frozen=True, slots=True)
class Finished:
    """The routine played to its end: show how it went, and offer to keep changed times."""

    report: SessionReport
    offer: KeepOffer | None


@dataclass(frozen=True, slots=True)
class Stopped:
    """The routine was stopped early with times changed: keep them?"""

    offer: KeepOffer
    changes: int


@dataclass(frozen=True, slots=True)
class Done:
    """Nothing more to show for this routine."""

    outcome: Literal["back", "stopped", "finished"]
    then: Then = "picker"


Step = Precautions | CheckIn | Play | Finished | Stopped | Done


class PlayFlow:
    """One routine, played once; `again()` gives the flow for playing it once more."""

    def __init__(
        self,
        routine: Routine,
        user: UserData,
        *,
        durations: Mapping[int, float] | None = None,
        yes: bool = False,
        checkin: bool = True,
        listening: Listening | None = None,
    ) -> None:
        """`durations`: the step times to play; None reads the saved ones. `yes` skips the
        precautions; `checkin` False asks nothing this time, whatever the setting."""
        self.routine = routine
        self.user = user
        self.listening = listening or Listening()
        self.yes = yes
        self.checkin = checkin
        if durations is None:
            durations = user.durations_for(routine) or {}
        self.durations: dict[int, float] = dict(durations)
        """The step times the session starts with, by step index."""
        self._questions: tuple[Question, ...] = ()
        self._before: tuple[Rating, ...] = ()
        self.recording: Recording | None = None
        self.report: SessionReport | None = None
        self.kept: str | None = None
        """What keeping the changed times did, in words, once answered."""
        self.rated_after = False
        self._offer: KeepOffer | None = None
        self.step: Step = self._first()

    # the steps ------------------------------------------------------------------------------

    def _first(self) -> Step:
        intro = self.listening.intro
        confirm = not self.yes and not self.user.acknowledged(self.routine)
        if intro or confirm:
            unseen = self.user.unseen(self.routine) if confirm else None
            return Precautions(
                self.routine,
                frozenset(briefing.new_keys(self.routine, unseen)),
                bool(unseen),
                read_aloud=intro,
                confirm=confirm,
            )
        return self._ask_before()

    def _ask_before(self) -> Step:
        self._questions = self.user.questions(self.routine) if self.checkin else ()
        if self._questions:
            return CheckIn(self.routine, self._questions, Moment.BEFORE)
        return self._play()

    def _play(self) -> Play:
        session = Session(self.routine, self.durations or None)
        return Play(session, self.voice_mode())

    def voice_mode(self) -> VoiceMode:
        """The person's choice (this time, else in the settings), else guided until the
        routine was played a few times."""
        chosen = self.listening.mode or self.user.voice_choice()
        if chosen is not None:
            return chosen
        return mode_for(self.user.plays(self.routine.id))

    # answers --------------------------------------------------------------------------------

    def accept_precautions(self, accepted: bool) -> Step:
        """The precautions were accepted (go on) or not (back, nothing played or kept)."""
        step = self._expect(Precautions)
        if not accepted:
            self.step = Done("back")
            return self.step
        if step.confirm:
            self.user.acknowledge(self.routine)
        self.step = self._ask_before()
        return self.step

    def answer(self, answer: Answer) -> Step:
        """The check-in before (go on, or back) or after the routine."""
        step = self._expect(CheckIn)
        if answer == "off":
            self.user.set_checkin_mode("off")
            answer = ()
        if step.moment is Moment.BEFORE:
            if answer == "back":
                self.step = Done("back")
                return self.step
            self._before = answer
            self.step = self._play()
            return self.step
        if answer != "back" and answer and self.recording is not None:
            self.recording.rate_after(answer)
        self.rated_after = True
        assert self.report is not None
        self.step = Finished(self.report, self.offer())
        return self.step

    def start(self, now: float) -> None:
        """The session started playing at `now`: it is kept in the history from here on."""
        step = self._expect(Play)
        self.recording = self.user.record(step.session, self._before, now)

    def checkpoint(self, now: float) -> None:
        """Bring the history's row up to date, against a crash."""
        recording = self.recording
        if recording is not None and not recording.ended and recording.session.started:
            try:
                recording.checkpoint(now)
            except (OSError, ValueError) as error:
                self.user.say(f"This session could not be brought up to date: {error}.")

    def end(self, now: float) -> Step:
        """The player is done: the routine finished, or the person stopped it at `now`."""
        session = self._expect(Play).session
        if self.recording is not None and not self.recording.ended:
            try:
                self.recording.end(now)
            except (OSError, ValueError) as error:
                self.user.say(f"This session could not be kept in your history: {error}.")
        self.report = SessionReport.from_session(session, now)
        if session.finished:
            rated = self.recording is not None and bool(self.recording.record.checkins)
            if rated and self._questions:
                self.step = CheckIn(self.routine, self._questions, Moment.AFTER)
            else:
                self.step = Finished(self.report, self.offer())
            return self.step
        offer = self.offer()
        if offer is None:
            self.step = Done("stopped")
        else:
            self.step = Stopped(offer, len(self.report.changes))
        return self.step

    def keep(self, choice: Keep) -> str | None:
        """Keep the session's changed times as `choice` says: the sentence saying what was
        kept, or None when it could not be saved (already said) or there was nothing to keep."""
        step = self._over()
        if step.offer is None or self.kept is not None:
            return None
        message = self.user.keep(step.offer, choice)
        if message is not None:
            self.kept = message
        if isinstance(step, Stopped):
            self.step = Done("stopped")
        return message

    def leave(self, then: Then = "picker") -> Done:
        """The person leaves the finish (or the question after a stop) for `then`."""
        step = self.step
        if isinstance(step, Done):
            outcome = step.outcome
        else:
            outcome = "stopped" if isinstance(self._over(), Stopped) else "finished"
        self.step = Done(outcome, then)
        return self.step

    def again(self) -> PlayFlow:
        """The same routine once more, at the times this play ended with; its precautions
        were accepted a moment ago."""
        ended = dict(self.durations)
        if self.report is not None:
            ended.update(self.report.durations)
        return PlayFlow(
            self.routine,
            self.user,
            durations=ended,
            yes=True,
            checkin=self.checkin,
            listening=Listening(
                self.listening.voice,
                self.listening.announce_next,
                self.listening.pacer,
                False,
                self.listening.mode,
            ),
        )

    # helpers --------------------------------------------------------------------------------

    def offer(self) -> KeepOffer | None:
        """What keeping the changed times would save, once the routine is over; None when
        nothing changed or there is nowhere to keep it."""
        if self._offer is None and self.report is not None and self.report.changes:
            self._offer = self.user.keep_offer(self.routine, self.durations, self.report.changes)
        return self._offer

    def _expect(self, kind: type[S]) -> S:
        step = self.step
        if not isinstance(step, kind):
            raise FlowError(f"expected {kind.__name__}, but the flow is at {step!r}")
        return step

    def _over(self) -> Finished | Stopped:
        step = self.step
        if not isinstance(step, Finished | Stopped):
            raise FlowError(f"expected Finished or Stopped, but the flow is at {step!r}")
        return step
