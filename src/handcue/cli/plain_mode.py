"""Plain mode: a routine as short lines of text, for screen readers, ssh and no terminal UI.

One line per thing that happened, flushed at once so a pipe or a screen reader gets it when it
happens. What the voice says (a step's name and instruction, the second half at the bell,
"Switch hands", "Next: ...") is printed once, at the moment it is said, in the very words said,
so a screen reader reading the lines and the voice never say the same thing twice. Keys work
when stdin is a terminal (put in cbreak mode, always restored, Ctrl-C included), as in the
full-screen player: space pauses and resumes, n skips, p goes back, r restarts the step, + and
- give it ten seconds more or less, m mutes the tones, ? lists the keys, q quits; each key's
effect is said in a line. The loop sleeps in
`select()` until the conductor's next due moment or a key, and takes all timing from the
engine's deadlines, so it never drifts and never spins.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, TextIO

from handcue.audio.player import Player
from handcue.core.durations import format_clock, format_length, format_short
from handcue.core.engine import Session
from handcue.core.events import TRANSITIONS, Event, EventKind, Summary
from handcue.core.outcomes import counts
from handcue.core.safe_text import visible
from handcue.core.wording import HAND_NAMES, counted
from handcue.services.actions import Action, ActionKind, Purpose
from handcue.services.conductor import Conductor

KEYS_HELP = (
    "keys: space pause/resume, n next, p previous, r restart step, + / - 10 s more / less, "
    "m mute, ? keys, q quit"
)
STEP_SECONDS = 10.0
"""What + and - add to or take off the step playing, as in the full-screen player."""

Clock = Callable[[], float]


def event_line(event: Event, session: Session, now: float) -> str | None:
    """The line for one engine event, or None for events that get no line of their own."""
    stamp = format_clock(session.total_elapsed(now))
    segment = event.segment
    kind = event.kind
    if kind is EventKind.ROUTINE_STARTED:
        routine = session.routine
        length = format_length(session.total_remaining(now))
        return f"{stamp}  start  {routine.title}: {counted(len(routine.steps), 'step')}, {length}"
    if segment is None:
        return None
    hand = HAND_NAMES[segment.hand]
    if kind in TRANSITIONS:
        return None  # said in words by `action_line`, when the voice says them
    if kind is EventKind.HALFWAY:
        return f"{stamp}  halfway  {hand}"
    if kind is EventKind.PAUSED:
        return f"{stamp}  paused (space to resume)"
    if kind is EventKind.RESUMED:
        return f"{stamp}  resumed"
    if kind is EventKind.SKIPPED:
        return f"{stamp}  skipped  {segment.step.title}"
    if kind is EventKind.WENT_BACK:
        return f"{stamp}  back"
    if kind is EventKind.STEP_RESTARTED:
        return f"{stamp}  restart  {segment.step.title}"
    # COUNTDOWN is heard, not read: three lines a step would drown a screen reader.
    return None


def action_line(action: Action, session: Session, now: float) -> str | None:
    """The words said (or, without a voice, that would be said), as they are said; a step's
    start is numbered: `0:12  step 2/5  Massage your left hand. Thumb circles. ...`."""
    if action.kind is not ActionKind.SPEECH:
        return None
    stamp = format_clock(session.total_elapsed(now))
    current = session.current
    if action.purpose is Purpose.STEP and current is not None:
        number = f"{current.step_index + 1}/{len(session.routine.steps)}"
        return f"{stamp}  step {number}  {action.text}"
    return f"{stamp}  {action.text}"


def summary_line(summary: Summary, session: Session) -> str:
    """`played 4:10, 3 of 6 steps done, 1 skipped, 2 not reached`, as every summary counts."""
    return f"played {format_length(summary.total_elapsed)}, {counts(session).of_steps}"


@dataclass
class Keys:
    """Single key presses from a file descriptor, waited for with `select()`."""

    fd: int | None
    """None when there is nothing to read keys from."""

    def wait(self, timeout: float | None) -> str | None:
        """A key pressed within `timeout` seconds (None: wait for ever), or None."""
        if self.fd is None:
            if timeout is None:
                raise RuntimeError("waiting for ever with no keys to end the wait")
            time.sleep(max(0.0, timeout))
            return None
        ready, _, _ = select.select([self.fd], [], [], None if timeout is None else max(0, timeout))
        if not ready:
            return None
        try:
            data = os.read(self.fd, 64)
        except OSError:
            data = b""
        if not data:
            self.fd = None  # end of input: keep time, stop listening
            return None
        return data.decode("utf-8", "replace")


def terminal_fd(stdin: IO[Any] | None) -> int | None:
    """The file descriptor to read keys from, or None when `stdin` is not a terminal."""
    with contextlib.suppress(AttributeError, OSError, ValueError):
        if stdin is not None and stdin.isatty() and not sys.platform.startswith("win"):
            return stdin.fileno()
    return None


@contextlib.contextmanager
def key_input(stdin: IO[Any] | None) -> Iterator[Keys]:
    """Keys from `stdin` in cbreak mode when it is a terminal; no keys otherwise.

    The terminal's settings are restored however the block ends, Ctrl-C included.
    """
    fd = terminal_fd(stdin)
    if fd is None:
        yield Keys(None)
        return
    import termios
    import tty

    try:
        saved = termios.tcgetattr(fd)
    except termios.error:
        yield Keys(None)
        return
    try:
        tty.setcbreak(fd)
        yield Keys(fd)
    finally:
        # A terminal that hung up (a dropped ssh) is gone: there is nothing left to restore.
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _say(out: TextIO, line: str | None) -> None:
    if line is None:
        return
    try:
        out.write(visible(line, lines=True) + "\n")
        out.flush()
    except BrokenPipeError:
        # The reader went away (`| head`); keep playing the sounds, stop writing.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, out.fileno())


def run(
    session: Session,
    conductor: Conductor,
    keys: Keys,
    out: TextIO,
    *,
    clock: Clock = time.monotonic,
    checkpoint: Callable[[float], None] | None = None,
    tones: Player | None = None,
) -> Summary:
    """Play `session` to its end (or until q), printing a line per event; returns the summary.

    `checkpoint` is called at each change of step, to keep the history up to date; `tones`
    is the player m mutes.
    Raises KeyboardInterrupt on Ctrl-C like any loop; the caller prints the summary then.
    """

    def show(events: list[Event], now: float) -> None:
        for event in events:
            _say(out, event_line(event, session, now))
        for action in conductor.handle(events, now):
            _say(out, action_line(action, session, now))
        if checkpoint is not None and any(event.kind in TRANSITIONS for event in events):
            checkpoint(now)

    if keys.fd is not None:
        _say(out, KEYS_HELP)
    now = clock()
    show(session.start(now), now)
    while True:
        due = conductor.due()
        if due is None and (session.finished or keys.fd is None):
            break
        key = keys.wait(None if due is None else due - clock())
        now = clock()
        events = session.advance(now)
        if key:
            command = key[-1].lower()
            if command == "q":
                show(events, now)
                _say(out, f"{format_clock(session.total_elapsed(now))}  stopped")
                break
            if command == " ":
                events += session.resume(now) if session.paused else session.pause(now)
            elif command == "n":
                events += session.next(now)
            elif command == "p":
                events += session.previous(now)
            elif command == "r":
                events += session.restart_step(now)
            elif command in "+=-_":
                more = command in "+="
                changed = session.adjust(now, STEP_SECONDS if more else -STEP_SECONDS)
                events += changed
                show(events, now)
                _say(out, _adjusted_line(changed, session, now))
                continue
            elif command == "m":
                _say(out, _toggle_mute(tones, session, now))
            elif command == "?":
                _say(out, KEYS_HELP)
        show(events, now)
    return session.summary(clock())


def _adjusted_line(events: list[Event], session: Session, now: float) -> str:
    """What + or - did to the step playing, or why it could not."""
    stamp = format_clock(session.total_elapsed(now))
    current = session.current
    if session.finished or current is None:
        return f"{stamp}  nothing plays now to give time to"
    if current.is_switch:
        return f"{stamp}  the switch of hands keeps its time; + and - change a step"
    left = format_clock(session.remaining(now))
    change = next((e.value for e in events if e.kind is EventKind.DURATION_CHANGED), None)
    if not change:
        return f"{stamp}  {current.step.title}: {left} left, the least a step keeps"
    more = "more" if change > 0 else "less"
    return f"{stamp}  {format_short(abs(change))} {more} for {current.step.title}: {left} left"


def _toggle_mute(tones: Player | None, session: Session, now: float) -> str:
    stamp = format_clock(session.total_elapsed(now))
    if tones is None:
        return f"{stamp}  no tones play here to mute"
    tones.muted = not tones.muted
    return f"{stamp}  tones muted (m turns them on)" if tones.muted else f"{stamp}  tones on"
