"""Break reminders, for every way of running them: the terminal view, `--plain`, the service.

`Reminding.step()` is one tick: it reads the plan and the pause from the database (so
`remind --pause` in another terminal counts), asks the desktop whether the person is there,
counts work on the pure schedule, and when a break is due shows it once: the start tone, the
terminal's bell and notification, the desktop's notification, and a row in the database. The
front end answers with `take`, `snooze` or `skip`; an answer given elsewhere (another
terminal, a click on the notification) is read back on the next tick. Nothing here reads a
clock or sleeps of its own: time, the desktop, the notifiers and the tone are handed in, so
tests run it on a fake clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from handcue.audio.player import Player
from handcue.core.break_hours import BreakHours, may_remind
from handcue.core.break_schedule import (
    BreakState,
    Idle,
    can_snooze,
    done,
    pause,
    rested,
    resume,
    snooze,
    tick,
)
from handcue.core.cues import Cue, CueKind
from handcue.core.durations import format_clock
from handcue.core.reminder_plan import ReminderPlan, choose_routine, plan_from_json
from handcue.core.routine import Routine
from handcue.desktop.presence import Sample
from handcue.desktop.terminals import TerminalNotifier as TerminalNotifier
from handcue.services.break_offer import WORK_ACTIONS, Notifier, Offer, Status
from handcue.storage.reminders import Reminder as Reminder
from handcue.storage.reminders import Reminders

POLL_SECONDS = 5.0
"""The longest wait between two ticks: a pause or an answer from elsewhere shows this soon."""
SHORTEST_WAIT = 0.2


class PresenceSource(Protocol):
    def sample(self) -> Sample: ...


class Nobody:
    """No desktop to ask: time counts as work, and nothing holds a reminder back."""

    def sample(self) -> Sample:
        return Sample(Idle.UNKNOWN)


class Reminding:
    def __init__(
        self,
        store: Reminders,
        routines: Callable[[], Sequence[Routine]],
        *,
        seconds: Callable[[Routine], float],
        clock: Callable[[], float],
        wall: Callable[[], datetime],
        presence: PresenceSource | None = None,
        notifiers: Sequence[Notifier] = (),
        tone: Player | None = None,
        actions: Sequence[tuple[str, str]] = WORK_ACTIONS,
        on_play_request: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.routines = routines
        self.seconds = seconds
        self.clock = clock
        self.wall = wall
        self.presence = presence or Nobody()
        self.notifiers = list(notifiers)
        self.tone = tone
        self.actions = tuple(actions)
        self.on_play_request = on_play_request
        self.state = BreakState(last_tick=clock())
        self.offer: Offer | None = None
        self.plan = ReminderPlan()
        self.holding: str | None = None
        self._said: set[str] = set()

    # the tick -------------------------------------------------------------------------------

    def step(self) -> list[str]:
        """One tick; returns the lines to say (each change said once)."""
        lines: list[str] = []
        now, wall = self.clock(), self.wall()
        self.plan, problems = plan_from_json(self.store.plan_text())
        lines += self._once(problems)
        until = self.store.paused_until()
        paused = until is not None and wall < until
        if paused and until is not None:
            self.state = pause(self.state, now + (until - wall).total_seconds())
        elif self.state.paused_until is not None:
            self.state = resume(self.state)
        hours = self.plan.break_hours
        working = may_remind(BreakHours(hours.start, hours.end, hours.days), wall)
        quiet = working and not may_remind(hours, wall)
        playing = self.store.playing()
        sample = self.presence.sample() if working and not paused else Sample(Idle.UNKNOWN)
        lines += self._answers_from_elsewhere(now)
        if paused:
            self._put_away(now)
        idle = sample.idle if working else Idle.IDLE
        before = self.state
        self.state, due = tick(
            self.plan.settings, self.state, now, idle, playing, hold=sample.dnd or quiet
        )
        lines += self._rested(before)
        holding = _holding(paused, until, working, quiet, playing, sample)
        if holding != self.holding:
            if holding is not None:
                lines.append(holding)
            elif self.holding is not None:
                lines.append("counting work again")
            self.holding = holding
        if due:
            lines += self._show(now, wall)
        return self._stamped(lines)

    def status(self) -> Status:
        next_in: float | None = None
        if self.offer is None:
            next_in = max(0.0, self.plan.every - self.state.worked)
        elif not self.offer.shown and self.state.snooze_until is not None:
            next_in = max(0.0, self.state.snooze_until - self.clock())
        return Status(self.offer, next_in, self.holding, self.plan)

    def wait_seconds(self) -> float:
        """How long the front end may wait for a key before the next tick."""
        wait = POLL_SECONDS
        if self.offer is None and self.holding is None:
            wait = min(wait, self.plan.every - self.state.worked)
        elif self.offer is not None and not self.offer.shown and self.state.snooze_until:
            wait = min(wait, self.state.snooze_until - self.clock())
        return max(SHORTEST_WAIT, wait)

    # answers --------------------------------------------------------------------------------

    def snooze(self) -> list[str]:
        return self._stamped(self._snooze())

    def skip(self) -> list[str]:
        return self._stamped(self._skip())

    def take(self, play: Callable[[str], object]) -> list[str]:
        """Play the offered break's routine through `play` (the same flow as `handcue play`),
        then record what was played: the session row started since is this break's."""
        offer = self.offer
        if offer is None:
            return self._stamped(["no break is due yet"])
        if offer.routine is None:
            return self.skip()
        for notifier in self.notifiers:
            notifier.withdraw()
        started = self.wall()
        play(offer.routine.id)
        session = self.store.session_since(offer.routine.id, started)
        if offer.reminder_id is not None:
            outcome = "played" if session is not None else "skipped"
            self.store.answer(offer.reminder_id, outcome, self.wall(), session)
        # The time of the play is not work, however long it took.
        self.state, _ = tick(self.plan.settings, self.state, self.clock(), Idle.ACTIVE, True)
        self._finish()
        said = "played" if session is not None else "not played"
        return self._stamped([f"{said}; next break after {_span(self.plan.every)} of work"])

    def close(self) -> None:
        """The loop ends: a break still shown is recorded unanswered, its notification closed."""
        if self.offer is not None:
            for notifier in self.notifiers:
                notifier.withdraw()
        self.store.close_open()

    def _snooze(self) -> list[str]:
        offer = self.offer
        if offer is None or not offer.shown:
            return []
        if not can_snooze(self.plan.settings, self.state):
            return ["no snoozes left for this break: Enter plays it, x skips it"]
        if offer.reminder_id is not None:
            self.store.answer(offer.reminder_id, "snoozed", self.wall())
        return self._snoozed(self.clock(), "snoozed")

    def _skip(self) -> list[str]:
        offer = self.offer
        if offer is None:
            return []
        if offer.reminder_id is not None:
            self.store.answer(offer.reminder_id, "skipped", self.wall())
        self._finish()
        return [f"skipped; next break after {_span(self.plan.every)} of work"]

    # inside ---------------------------------------------------------------------------------

    def _show(self, now: float, wall: datetime) -> list[str]:
        lines: list[str] = []
        offer = self.offer
        if offer is not None:  # back after a snooze: the same break, the same routine
            offer = replace(offer, shown=True)
            if offer.reminder_id is not None:
                self.store.shown_again(offer.reminder_id)
        else:
            routine, why = choose_routine(
                self.plan, self.routines(), self.seconds, self.store.last_done()
            )
            lines += self._once([why] if why else [])
            ident = self.store.offer(
                wall, routine.id if routine else None, routine.title if routine else None
            )
            seconds = self.seconds(routine) if routine is not None else 0.0
            offer = Offer(ident, routine, seconds, 0)
        left = self.plan.snooze_limit - self.state.snoozes
        self.offer = offer = replace(offer, snoozes_left=max(0, left))
        if self.tone is not None:
            self.tone.play(Cue(CueKind.START))
        snoozes = (
            f"s snoozes ({offer.snoozes_left} left)" if offer.snoozes_left else "no snoozes left"
        )
        body = f"{offer.routine_text}. Enter plays it, {snoozes}, x skips."
        actions = [a for a in self.actions if a[0] != "snooze" or offer.snoozes_left]
        for notifier in self.notifiers:
            notifier.show(offer.title, body, actions)
        lines.append(f"break: {body}")
        return lines

    def _snoozed(self, now: float, how: str) -> list[str]:
        self.state = snooze(self.plan.settings, self.state, now)
        for notifier in self.notifiers:
            notifier.withdraw()
        if self.offer is not None:
            self.offer = replace(self.offer, shown=False)
        back = self.state.snooze_until or now
        return [f"{how}; back in {format_clock(back - now)}"]

    def _rested(self, before: BreakState) -> list[str]:
        """Said once, as a time away starts to count as a break: the hands had theirs."""
        settings = self.plan.settings
        if rested(settings, before) or not rested(settings, self.state) or not before.worked:
            return []  # not just now, or nothing was owed
        return [
            f"away {_span(self.state.away)}: that was a break; "
            f"the next after {_span(self.plan.every)} of work"
        ]

    def _put_away(self, now: float) -> None:
        """A pause while a break is shown: its notification goes, and it comes back (the same
        break) once the pause ends."""
        if self.offer is None or not self.offer.shown:
            return
        for notifier in self.notifiers:
            notifier.withdraw()
        self.offer = replace(self.offer, shown=False)
        self.state = replace(self.state, offered=False, snooze_until=now)

    def _finish(self) -> None:
        for notifier in self.notifiers:
            notifier.withdraw()
        self.state = done(self.state)
        self.offer = None

    def _answers_from_elsewhere(self, now: float) -> list[str]:
        """Clicks on the notification, and answers given in another terminal."""
        lines: list[str] = []
        for notifier in self.notifiers:
            for answer in notifier.answers():
                if answer == "snooze":
                    lines += self._snooze()
                elif answer == "skip":
                    lines += self._skip()
                elif answer in ("play", "default") and self.on_play_request is not None:
                    self.on_play_request()
        offer = self.offer
        if offer is None or offer.reminder_id is None:
            return lines
        row = self.store.get(offer.reminder_id)
        if row is None:
            return lines
        if row.outcome in ("played", "skipped"):
            self._finish()
            lines.append(f"{row.outcome} in another window")
        elif row.outcome == "snoozed" and offer.shown:
            lines += self._snoozed(now, "snoozed in another window")
        return lines

    def _stamped(self, lines: list[str]) -> list[str]:
        stamp = f"{self.wall():%H:%M:%S}"
        return [f"{stamp}  {line}" for line in lines]

    def _once(self, problems: Sequence[str]) -> list[str]:
        new = [problem for problem in problems if problem not in self._said]
        self._said.update(new)
        return new


def _span(seconds: float) -> str:
    from handcue.core.reminder_plan import span_text

    return span_text(seconds)


def _holding(
    paused: bool,
    until: datetime | None,
    working: bool,
    quiet: bool,
    playing: bool,
    sample: Sample,
) -> str | None:
    if paused and until is not None:
        return f"paused until {until:%H:%M} ('handcue remind --resume' ends it)"
    if not working:
        return "outside working hours: not counting"
    if playing:
        return "a routine is playing: no reminder meanwhile"
    if sample.locked:
        return "screen locked: not counting"
    if sample.idle is Idle.IDLE:
        return "away from the computer: not counting"
    if sample.dnd:
        return "Do Not Disturb is on: the reminder waits"
    if quiet:
        return "quiet hours: the reminder waits"
    return None


def pause_until(wall: datetime, seconds: float) -> datetime:
    """The moment a pause of `seconds` from `wall` ends, to the minute it reads as."""
    return (wall + timedelta(seconds=seconds)).replace(microsecond=0)


def run_loop(
    reminding: Reminding,
    wait: Callable[[float], str | None],
    say: Callable[[str], None],
    on_key: Callable[[str], bool] | None = None,
) -> None:
    """Tick, say what changed, wait (for a key, a click, or the time) until the next tick;
    until `on_key` returns False. However it ends, a break still shown is closed."""
    try:
        while True:
            for line in reminding.step():
                say(line)
            key = wait(reminding.wait_seconds())
            if key and on_key is not None and not on_key(key):
                return
    finally:
        reminding.close()
