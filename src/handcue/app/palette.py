"""Command palette entries that start any routine by name, from any screen."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from handcue.core.durations import format_short

if TYPE_CHECKING:
    from handcue.app.app import HandcueApp


class RoutineCommands(Provider):
    """ "Start: <title>" for every routine in the library."""

    @property
    def _app(self) -> HandcueApp:
        from handcue.app.app import HandcueApp

        assert isinstance(self.app, HandcueApp)
        return self.app

    async def discover(self) -> Hits:
        app = self._app
        for routine in app.library.routines:
            yield DiscoveryHit(
                f"Start: {routine.title}",
                partial(app.start_routine, routine),
                help=f"{format_short(routine.total_seconds)} · {routine.summary}",
            )

    async def search(self, query: str) -> Hits:
        app = self._app
        matcher = self.matcher(query)
        for routine in app.library.routines:
            text = f"Start: {routine.title}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(app.start_routine, routine),
                    text=text,
                    help=f"{format_short(routine.total_seconds)} · {routine.summary}",
                )
