"""What the app says and settles as it opens: files that were skipped, what the command line
noted (a fit to the minutes asked), the sound, the theme and loudness kept from last time, and
the routine `handcue play ID` asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from handcue.app.preferences import restore as restore_preferences
from handcue.app.sound_check import check_sound

if TYPE_CHECKING:
    from handcue.app.app import HandcueApp


def open_app(app: HandcueApp) -> None:
    """Say once what the person should know, and settle the rest after the first frame."""
    problems = app.library.problems
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        app.notify(
            f"{problems[0]}{more}. Run `handcue check {problems[0].path.parent}` for details.",
            title="Some routine files were skipped",
            severity="warning",
            timeout=10,
        )
    for note in app.launch.notes:
        app.notify(note, timeout=10)
    app.call_after_refresh(check_sound, app)
    app.call_after_refresh(restore_preferences, app)
    play_id = app.launch.play_id
    if play_id is not None:  # `handcue play ID`: straight to that routine
        routine = app.library.get(play_id)
        if routine is None:
            app.notify(f"There is no routine with the id {play_id!r}.")
        else:
            app.start_routine(routine)
