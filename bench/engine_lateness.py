"""How late the session's transitions are handled when played in real time, and what a stuck
screen does to them.

A routine of N one-second steps is played two ways:

- `thread`: the way the player runs it. A `CueThread` sleeps until the conductor's next due
  moment, reads the monotonic clock and catches the engine up, while the main thread stands in
  for the screen's event loop.
- `loop` (the baseline): one loop on the main thread sleeps until `Session.next_due()` and
  calls `advance`, as a player with no cue thread would.

For every transition (step started, switch hands, routine finished) lateness is the moment it
was handled minus the moment it was due. The end error is when the finish was handled minus
start + total; the drift is the finish's `due` stamp minus start + total, which only an engine
counting ticks instead of keeping deadlines would let grow.

The blocked runs add a 300 ms blocking call on the main thread every 5 s, each placed to
straddle a step boundary: the worst case, not a lucky phase between boundaries. `sleep` blocks
the way waiting on the terminal or a file does (the interpreter is free); `busy` spins in
Python the way a large repaint does (the interpreter is held, and the cue thread gets it only
when Python switches threads). In the loop baseline nothing can handle a transition during a
block, so those are late by the rest of the block.

Run: python bench/engine_lateness.py [--steps N] [--runs thread-steady,loop-blocked,...]
"""

from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from handcue.core.engine import Session
from handcue.core.events import TRANSITIONS, Event
from handcue.core.routine import Routine, Step
from handcue.services.conductor import Conductor
from handcue.services.cue_thread import SWITCH_INTERVAL, Beat, CueThread

RUNS = (
    "loop-steady",
    "thread-steady",
    "loop-blocked",
    "thread-blocked-sleep",
    "thread-blocked-busy",
)


@dataclass
class Run:
    name: str
    samples: list[tuple[float, float]] = field(default_factory=list)
    """(due, lateness) of every transition, in seconds."""
    blocks: list[tuple[float, float]] = field(default_factory=list)
    """(began, ended) of every block on the main thread."""
    end_error: float = 0.0
    drift: float = 0.0

    def _inside(self, due: float) -> bool:
        return any(began <= due < ended for began, ended in self.blocks)

    @property
    def clear(self) -> list[float]:
        """Lateness of transitions not due during a block."""
        return [late for due, late in self.samples if not self._inside(due)]

    @property
    def blocked(self) -> list[float]:
        """Lateness of transitions that fell due while the main thread was blocked."""
        return [late for due, late in self.samples if self._inside(due)]

    @property
    def all(self) -> list[float]:
        return [late for _, late in self.samples]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: an actual observed value, never an interpolation."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def make_session(steps: int, step_seconds: float) -> Session:
    routine = Routine(
        "bench", "Bench", tuple(Step(f"S{i}", "", step_seconds) for i in range(steps))
    )
    return Session(routine)


def block(how: str, seconds: float) -> None:
    """Hold the main thread: asleep, or spinning in Python holding the interpreter."""
    if how == "sleep":
        time.sleep(seconds)
        return
    end = time.perf_counter() + seconds
    total = 0
    while time.perf_counter() < end:
        total += sum(range(100))


class Recorder:
    """Keeps each transition's lateness, and the end error once the routine finishes."""

    def __init__(self, run: Run, session: Session, start: float) -> None:
        self.run, self.session, self.start = run, session, start

    def record(self, now: float, events: Sequence[Event]) -> None:
        total = self.session.routine.total_seconds
        for event in events:
            if event.kind not in TRANSITIONS:
                continue
            self.run.samples.append((event.due, now - event.due))
            if self.session.finished:
                self.run.end_error = now - (self.start + total)
                self.run.drift = event.due - (self.start + total)


def first_block(start: float, block_seconds: float, block_every: float) -> float:
    """Each block begins a third of it before a step boundary, so it swallows that transition."""
    return start + block_every - block_seconds / 3 if block_seconds > 0 else float("inf")


def play_loop(
    name: str, steps: int, step_seconds: float, block_seconds: float, block_every: float
) -> Run:
    """The baseline: the engine driven from the main thread, which also takes the blocks."""
    session = make_session(steps, step_seconds)
    run = Run(name)
    start = time.monotonic()
    recorder = Recorder(run, session, start)
    session.start(start)
    next_block = first_block(start, block_seconds, block_every)
    while not session.finished:
        due = session.next_due()
        assert due is not None
        pause = min(due, next_block) - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        if time.monotonic() >= next_block:
            began = time.monotonic()
            block("sleep", block_seconds)
            run.blocks.append((began, time.monotonic()))
            next_block += block_every
        now = time.monotonic()
        recorder.record(now, session.advance(now))
    return run


def play_thread(
    name: str,
    steps: int,
    step_seconds: float,
    block_seconds: float,
    block_every: float,
    how: str = "sleep",
) -> Run:
    """The player's way: a `CueThread` keeps time while the main thread takes the blocks."""
    session = make_session(steps, step_seconds)
    run = Run(name)
    finished = threading.Event()
    recorder: Recorder | None = None

    def heard(beat: Beat) -> None:
        assert recorder is not None
        recorder.record(beat.now, beat.events)
        if session.finished:
            finished.set()

    cues = CueThread(session, Conductor(session), on_change=heard)
    started = cues.control(session.start)
    recorder = Recorder(run, session, started.now)
    cues.start()
    next_block = first_block(started.now, block_seconds, block_every)
    try:
        while not finished.is_set():
            wait = None if next_block == float("inf") else max(0.0, next_block - time.monotonic())
            if finished.wait(wait):
                break
            began = time.monotonic()
            block(how, block_seconds)
            run.blocks.append((began, time.monotonic()))
            next_block += block_every
    finally:
        cues.stop()
    return run


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def row(label: str, values: list[float], run: Run | None) -> str:
    if not values:
        return f"{label:<26}{0:>7}        -"
    cells = [ms(percentile(values, 0.5)), ms(percentile(values, 0.99)), ms(max(values))]
    if run is not None:
        cells += [ms(run.end_error), ms(run.drift)]
    return f"{label:<26}{len(values):>7} {'  '.join(cells)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="one-second steps per run")
    parser.add_argument("--step-seconds", type=float, default=1.0)
    parser.add_argument("--block-ms", type=float, default=300.0)
    parser.add_argument("--block-every", type=float, default=5.0)
    parser.add_argument("--runs", default=",".join(RUNS), help="which runs, comma-separated")
    args = parser.parse_args()
    wanted = [name.strip() for name in args.runs.split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(RUNS))
    if unknown:
        parser.error(f"unknown runs {', '.join(unknown)}; choose from {', '.join(RUNS)}")

    block_s, every, n, length = (
        args.block_ms / 1000,
        args.block_every,
        args.steps,
        args.step_seconds,
    )
    runs: dict[str, Run] = {}
    for name in wanted:
        print(f"running {name} ({n * length:.0f} s) ...", flush=True)
        if name == "loop-steady":
            runs[name] = play_loop(name, n, length, 0.0, every)
        elif name == "loop-blocked":
            runs[name] = play_loop(name, n, length, block_s, every)
        elif name == "thread-steady":
            runs[name] = play_thread(name, n, length, 0.0, every)
        else:
            runs[name] = play_thread(name, n, length, block_s, every, name.rsplit("-", 1)[1])

    print()
    print(f"{n} steps of {length:g} s; blocks of {args.block_ms:.0f} ms every {every:g} s")
    print(f"switch interval while the cue thread runs: {SWITCH_INTERVAL * 1000:g} ms")
    print("lateness in ms (handled - due)")
    print(
        f"{'run':<26}{'events':>7} {'median':>8}  {'p99':>8}  {'max':>8}  {'end err':>8}  {'drift':>8}"
    )
    for name, run in runs.items():
        print(row(name, run.all, run))
        if run.blocked:
            print(row("  clear of a block", run.clear, None))
            print(row("  due during a block", run.blocked, None))
    print()
    for name, run in runs.items():
        p99 = percentile(run.all, 0.99)
        met = p99 <= 0.005 and abs(run.end_error) <= 0.005
        print(f"goal p99 <= 5 ms and end error <= 5 ms, {name}: {'met' if met else 'MISSED'}")
    base = runs.get("loop-blocked")
    if base is not None:
        for name, run in runs.items():
            if name.startswith("thread-blocked"):
                ratio = percentile(run.all, 0.99) / percentile(base.all, 0.99)
                print(f"p99 {name} / loop-blocked: {ratio:.3f}")


if __name__ == "__main__":
    main()
