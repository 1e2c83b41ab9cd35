"""A calendar of the last weeks, one cell a day shaded by minutes played: a contributions graph.

Shades are glyphs as well as colours (· ░ ▒ ▓ █), so they read on any theme and in black and
white; the widget shows as many weeks as its width holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

SHADES = ("·", "░", "▒", "▓", "█")
LEVELS = (0.0, 5.0, 10.0, 20.0)
"""Minutes a day from which each shade above the empty one is used."""
DAY_NAMES = ("Mon", "", "Wed", "", "Fri", "", "Sun")
LABEL_WIDTH = 4
MAX_WEEKS = 26
"""Half a year: enough to see a habit, few enough to read."""


@dataclass(frozen=True, slots=True)
class Days:
    """What the calendar shows: minutes by day, up to `today`."""

    today: date = field(default_factory=date.today)
    minutes: tuple[tuple[date, float], ...] = ()

    @classmethod
    def of(cls, today: date, minutes: Mapping[date, float]) -> Days:
        return cls(today, tuple(sorted(minutes.items())))


def shade(minutes: float) -> int:
    """0 for a day without a session, then 1 to 4 by minutes played."""
    return sum(1 for level in LEVELS if minutes > level)


def weeks_that_fit(width: int) -> int:
    return max(1, min(MAX_WEEKS, (width - LABEL_WIDTH) // 2))


def month_labels(first: date, weeks: int, today: date) -> str:
    """The row over the weeks: each month named over the first week that holds its first day,
    and today's month always the last name, moved left to fit, so the row reaches today (on
    2 Dec it ends with Dec, not Nov)."""
    width = 2 * weeks
    placed: list[tuple[int, str]] = []  # where each name starts, and the name

    def place(column: int, name: str) -> None:
        start = max(0, min(column, width - len(name)))
        while placed and placed[-1][0] + len(placed[-1][1]) >= start:
            placed.pop()  # too close to the one before: the later month wins
        placed.append((start, name))

    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        shown = min(monday + timedelta(days=6), today)
        days = (monday + timedelta(days=n) for n in range((shown - monday).days + 1))
        new_month = next((day for day in days if day.day == 1), None)
        if week == 0 or new_month is not None:
            place(2 * week, (new_month or monday).strftime("%b"))
    if placed[-1][1] != today.strftime("%b"):
        place(2 * (weeks - 1), today.strftime("%b"))
    row = [" "] * max(width, 3)
    for start, name in placed:
        row[start : start + len(name)] = list(name)
    return "".join(row).rstrip()


TODAY_MARK = "◂"
"""Beside today's cell, in the gap after it: today is always the last filled cell."""


class Calendar(Widget):
    """Seven rows, Monday first; the newest week on the right, today its last filled cell,
    marked, with today's month over it."""

    DEFAULT_CSS = """
    Calendar { height: 10; width: 1fr; }
    """

    days: reactive[Days] = reactive(Days, layout=True)

    def render(self) -> Content:
        data = self.days
        minutes = dict(data.minutes)
        weeks = weeks_that_fit(self.size.width or 80)
        monday = data.today - timedelta(days=data.today.weekday())
        first = monday - timedelta(weeks=weeks - 1)
        lines: list[Content] = [
            Content.styled(" " * LABEL_WIDTH, "dim")
            + Content.styled(month_labels(first, weeks, data.today), "$text-muted")
        ]
        for weekday in range(7):
            parts: list[Content] = [Content.styled(f"{DAY_NAMES[weekday]:<{LABEL_WIDTH}}", "dim")]
            for week in range(weeks):
                day = first + timedelta(weeks=week, days=weekday)
                if day > data.today:
                    parts.append(Content("  "))
                    continue
                level = shade(minutes.get(day, 0.0))
                style = "$text-muted" if level == 0 else "$success"
                if day == data.today:
                    parts.append(
                        Content.styled(SHADES[level], style + " underline")
                        + Content.styled(TODAY_MARK, "bold $accent")
                    )
                else:
                    parts.append(Content.styled(SHADES[level], style) + Content(" "))
            lines.append(Content("").join(parts))
        legend = Content("").join(
            [
                Content.styled(" " * LABEL_WIDTH + "none ", "dim"),
                *(
                    Content.styled(glyph + " ", "$text-muted" if index == 0 else "$success")
                    for index, glyph in enumerate(SHADES)
                ),
                Content.styled("over 20 min", "dim"),
            ]
        )
        today = Content.styled(TODAY_MARK, "bold $accent") + Content.styled(" today", "dim")
        if legend.cell_length + 2 + today.cell_length <= (self.size.width or 80):
            lines.append(legend + Content("  ") + today)
        else:  # under the legend, on the row left free for it
            lines += [legend, Content(" " * LABEL_WIDTH) + today]
        return Content("\n").join(lines)
