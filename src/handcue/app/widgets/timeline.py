"""The list of steps: the current one highlighted, the finished ones ticked off.

Rows are drawn around the current step rather than scrolled to it, so the current step is
always in view at any height without any scrolling state to keep in sync.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from handcue.core.durations import format_short
from handcue.core.routine import Hand
from handcue.core.timeline import Segment


class StepState(StrEnum):
    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"
    SKIPPED = "skipped"


MARKS = {
    StepState.PENDING: " ",
    StepState.CURRENT: "▶",
    StepState.DONE: "✓",
    StepState.SKIPPED: "↷",
}
HAND_TAGS = {Hand.LEFT: "L", Hand.RIGHT: "R", Hand.BOTH: "LR", Hand.EACH: "L→R"}


@dataclass(frozen=True, slots=True)
class StepRow:
    number: int
    title: str
    hand: str
    seconds: float
    state: StepState


def step_rows(
    segments: Sequence[Segment],
    current: int | None,
    done: Collection[int],
    skipped: Collection[int] = (),
) -> list[StepRow]:
    """One row per step; `current`, `done` and `skipped` are segment positions."""
    current_step = segments[current].step_index if current is not None else None
    by_step: dict[int, list[Segment]] = {}
    for segment in segments:
        by_step.setdefault(segment.step_index, []).append(segment)
    rows: list[StepRow] = []
    for index, parts in by_step.items():
        work = [part for part in parts if not part.is_switch]
        if index == current_step:
            state = StepState.CURRENT
        elif work and all(part.position in done for part in work):
            state = StepState.DONE
        elif any(part.position in skipped or part.position in done for part in work):
            state = StepState.SKIPPED
        else:
            state = StepState.PENDING
        step = parts[0].step
        rows.append(
            StepRow(
                number=index + 1,
                title=step.title,
                hand=HAND_TAGS[step.hand],
                seconds=sum(part.duration for part in parts),
                state=state,
            )
        )
    return rows


def row_parts(row: StepRow, width: int, number_width: int) -> tuple[str, str, str]:
    """A row's mark and number, its title cut or padded to the room left, and its hand and
    time, measured in terminal cells so wide CJK, emoji and combining marks keep the columns."""
    right = f" {row.hand:>3} {format_short(row.seconds):>6}"
    left = f"{MARKS[row.state]} {row.number:>{number_width}} "
    room = max(0, width - cell_len(left) - cell_len(right))
    if cell_len(row.title) <= room:
        title = row.title + " " * (room - cell_len(row.title))
    elif room:
        title = set_cell_size(row.title, room - 1) + "…"
    else:
        title = ""
    return left, title, right


def window(count: int, focus: int | None, height: int) -> range:
    """The rows to show: all if they fit, else `height` rows keeping `focus` in view."""
    if count <= height or height <= 0:
        return range(min(count, max(height, 0)) if height > 0 else 0)
    if focus is None:
        return range(height)
    first = min(max(0, focus - height // 3), count - height)
    return range(first, first + height)


class StepList(Widget):
    """Draws the `rows` it is given; they change only between segments, and only then repaint."""

    DEFAULT_CSS = """
    StepList { height: 1fr; }
    StepList > .step-list--pending { color: $text; }
    StepList > .step-list--current { background: $accent 30%; text-style: bold; }
    StepList > .step-list--done { color: $success; }
    StepList > .step-list--skipped { color: $text-muted; }
    StepList > .step-list--meta { color: $text-muted; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "step-list--pending",
        "step-list--current",
        "step-list--done",
        "step-list--skipped",
        "step-list--meta",
    }

    rows: reactive[tuple[StepRow, ...]] = reactive(())

    def render(self) -> Text:
        width, height = self.content_size
        focus = next((i for i, row in enumerate(self.rows) if row.state is StepState.CURRENT), None)
        text = Text(no_wrap=True, overflow="ellipsis")
        number_width = len(str(len(self.rows)))
        for line, index in enumerate(window(len(self.rows), focus, height)):
            row = self.rows[index]
            style = self.get_component_rich_style(f"step-list--{row.state}")
            meta = self.get_component_rich_style("step-list--meta")
            if line:
                text.append("\n")
            left, title, right = row_parts(row, width, number_width)
            line_text = Text(left + title, style)
            line_text.append(right, style + meta if row.state is not StepState.CURRENT else style)
            text.append_text(line_text)
        return text

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"step-list--{name}")
