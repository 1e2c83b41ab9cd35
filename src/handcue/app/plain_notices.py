"""Notifications as plain text, for every handcue app.

Many carry file names and what files say, whose square brackets are not styles and whose
control characters must never reach the terminal; Textual's own notify reads markup.
"""

from __future__ import annotations

from textual.app import App
from textual.notifications import SeverityLevel

from handcue.core.safe_text import visible


class PlainNotices(App[object]):
    """An app whose every notification is plain text with control characters written out."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        super().notify(
            visible(message, lines=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )
