"""The breaks the reminders offered and those taken, read back for the history and the app.

Kept apart from the reminders themselves: what was taken is read where the history is shown,
which needs none of the ticking, the desktop or the tones.
"""

from __future__ import annotations

from datetime import date, timedelta

from handcue.storage.reminders import Reminders


def breaks_line(store: Reminders, today: date) -> str | None:
    """Breaks taken against those offered, per day of the last week; None when none were."""
    days = store.tally(since=today - timedelta(days=6))
    if not days:
        return None
    taken = sum(day.taken for day in days)
    offered = sum(day.offered for day in days)
    each = ", ".join(
        f"{'today' if day.day == today else f'{day.day:%a %d}'} {day.taken}/{day.offered}"
        for day in days
    )
    return f"Breaks taken of those offered, last 7 days: {taken} of {offered} ({each})"
