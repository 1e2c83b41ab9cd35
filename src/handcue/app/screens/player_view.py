"""What the player shows at one moment, read from the session: the pure half of painting.

The screen keeps these values in its state and the panes follow them by binding; keeping the
reading here leaves the screen with driving the clock and answering keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from handcue.app.widgets.countdown import ClockFace
from handcue.app.widgets.instructions import Showing, banner_words
from handcue.app.widgets.timeline import StepRow, step_rows
from handcue.audio.player import Player
from handcue.audio.watch import SoundWatch
from handcue.core.durations import format_clock
from handcue.core.engine import Session
from handcue.core.progress import HandsProgress, hands_progress
from handcue.core.timeline import Segment
from handcue.services.conductor import Conductor
from handcue.services.wakeups import sweep


@dataclass(frozen=True, slots=True)
class PlayerView:
    """Each pane's share of one moment, and the one-line status."""

    showing: Showing
    face: ClockFace
    hands: HandsProgress
    rows: tuple[StepRow, ...]
    status: str


def read_view(
    session: Session, now: float, conductor: Conductor, player: Player, sound: SoundWatch
) -> PlayerView:
    """The session at `now`, as the panes show it."""
    timeline = session.timeline
    current = session.current
    position = len(timeline) if session.finished else session.position
    following = (
        timeline[session.position + 1]
        if current is not None and session.position + 1 < len(timeline)
        else None
    )
    steps = len(session.routine.steps)
    number = f"{current.step_index + 1}/{steps}  " if current is not None else ""
    remaining = session.remaining(now)
    swept = sweep(session, now) if conductor.pacer else None
    face = ClockFace(
        remaining=remaining,
        duration=current.duration if current is not None else 1.0,
        total_remaining=session.total_remaining(now),
        total=sum(segment.duration for segment in timeline),
        paused=session.paused,
        muted=player.muted,
        silent=not sound.working,
        quiet=sound.chosen_silence,
        voice=conductor.speak and conductor.voice is not None,
        pacer=conductor.pacer,
        strokes=None if swept is None else swept.strokes,
        tempo=None if swept is None else swept.tempo,
    )
    focus = None if current is None else session.position
    return PlayerView(
        showing=Showing(current, following, number),
        face=face,
        hands=hands_progress(timeline, position, session.elapsed(now), session.skipped),
        rows=tuple(step_rows(timeline, focus, session.done, session.skipped)),
        status=status_line(session, remaining, current),
    )


def status_line(session: Session, remaining: float, current: Segment | None) -> str:
    """Time left and what is happening, in a line: `0:42 Thumb circles · left (paused)`."""
    if current is None:
        return f"{session.routine.title} finished"
    words = banner_words(current).lower()
    name = "Switch hands" if current.is_switch else current.step.title
    paused = " (paused)" if session.paused else ""
    return f"{format_clock(remaining)} {name} · {words}{paused}"
