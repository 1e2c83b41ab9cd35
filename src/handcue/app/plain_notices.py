"""Notifications as plain text, for every handcue app.

Many carry file names and what files say, whose square brackets are not styles and whose
control characters must never reach the terminal; Textual's own notify reads markup. The
palette's screenshot says where the picture went, or why it could not be saved, in words.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
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

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save a picture (SVG) of the screen to the Downloads folder, or the home folder
        where there is none, and say where, or why not."""
        folder = Path(path) if path else Path(platformdirs.user_downloads_dir())
        if not folder.is_dir():
            folder = Path.home()
        try:
            saved = self.save_screenshot(filename, str(folder))
        except OSError as error:
            reason = error.strerror or str(error)
            self.notify(f"Could not save the picture in {folder}: {reason}.", title="Screenshot")
            return
        self.notify(f"Saved a picture of the screen as {saved}", title="Screenshot", timeout=8)
