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


class Calendar(Widget):
    """Seven rows, Monday first; the newest week on the right, today its last filled cell."""

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
        months = ""
        for week in range(weeks):
            start = first + timedelta(weeks=week)
            label_here = week == 0 or start.month != (start - timedelta(weeks=1)).month
            if label_here and len(months) <= 2 * week:
                months += " " * (2 * week - len(months)) + start.strftime("%b")
        lines: list[Content] = [
            Content.styled(" " * LABEL_WIDTH, "dim") + Content.styled(months, "$text-muted")
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
                    style += " underline"
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
        lines.append(legend)
        return Content("\n").join(lines)
