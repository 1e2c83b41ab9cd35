"""When a break is due: a pure schedule that is handed the time and idle state, never reads a clock."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum


class Idle(Enum):
    """What an idle detector could tell; UNKNOWN counts as work so a broken detector never hides breaks."""

    ACTIVE = "active"
    IDLE = "idle"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class BreakSettings:
    """How often to remind and how snoozes shrink (each snooze half the one before, as Stretchly does)."""

    every_seconds: float
    snooze_seconds: float = 300.0
    snooze_limit: int = 3
    longest_gap: float = 120.0
    """A longer time between two ticks (a suspended machine, a stopped process) is not work."""
    rest_seconds: float = 300.0
    """Idle this long in one stretch, the hands have had their break: counting starts again
    (Stretchly's and Workrave's "natural break")."""


@dataclass(frozen=True)
class BreakState:
    """What has been counted so far; a pause keeps `worked` as it is."""

    worked: float = 0.0
    last_tick: float | None = None
    snoozes: int = 0
    snooze_until: float | None = None
    paused_until: float | None = None
    offered: bool = False
    away: float = 0.0
    """Seconds idle in the current stretch; back at work, it starts from nothing."""


def tick(
    settings: BreakSettings,
    state: BreakState,
    now: float,
    idle: Idle,
    playing: bool,
    hold: bool = False,
) -> tuple[BreakState, bool]:
    """Count work since the last tick and say whether to remind now (once: never piled up).

    `hold` is a wrong moment that is still work (Do Not Disturb): the time counts, the
    reminder waits. Nobody is reminded while idle: the reminder would greet an empty chair.
    """
    since = 0.0 if state.last_tick is None else max(0.0, now - state.last_tick)
    gap = since > settings.longest_gap
    elapsed = 0.0 if gap else since
    paused = state.paused_until is not None and now < state.paused_until
    counts = not paused and not playing and idle is not Idle.IDLE
    worked = state.worked + elapsed if counts else state.worked
    if paused:
        away = state.away
    elif gap or idle is Idle.IDLE:  # a suspended machine is time away from the keys too
        away = state.away + since
    else:
        away = 0.0
    state = replace(state, worked=worked, last_tick=now, away=away)
    if rested(settings, state):
        state = replace(state, worked=0.0)
    if paused or playing or hold or idle is Idle.IDLE or state.offered:
        return state, False
    if state.snooze_until is not None:
        if now < state.snooze_until:
            return state, False
    elif state.worked < settings.every_seconds:
        return state, False
    return replace(state, offered=True, snooze_until=None), True


def rested(settings: BreakSettings, state: BreakState) -> bool:
    """True while the person has been away long enough for that to count as a break, and no
    break waits for its answer (offered, or snoozed): that one is left as it is."""
    waiting = state.offered or state.snooze_until is not None
    return state.away >= settings.rest_seconds and not waiting


def can_snooze(settings: BreakSettings, state: BreakState) -> bool:
    """Whether another snooze is allowed."""
    return state.snoozes < settings.snooze_limit


def snooze(settings: BreakSettings, state: BreakState, now: float) -> BreakState:
    """Put the offered break off for a shorter time than the last snooze; beyond the limit it stays offered."""
    if not can_snooze(settings, state):
        return state
    length = settings.snooze_seconds / (2**state.snoozes)
    return replace(state, offered=False, snoozes=state.snoozes + 1, snooze_until=now + length)


def done(state: BreakState) -> BreakState:
    """A break played or skipped: counting starts again from nothing."""
    return BreakState(last_tick=state.last_tick, paused_until=state.paused_until, away=state.away)


def pause(state: BreakState, until: float) -> BreakState:
    """Pause until a time; what was counted is kept."""
    return replace(state, paused_until=until)


def resume(state: BreakState) -> BreakState:
    """End a pause; what was counted is kept."""
    return replace(state, paused_until=None)
