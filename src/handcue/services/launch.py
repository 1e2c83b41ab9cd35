"""What the full-screen app is asked to do, checked and ready before the screen takes over."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handcue.core.library import Library
    from handcue.services.listening import Listening
    from handcue.services.timing import Timing


@dataclass(frozen=True, slots=True)
class Launch:
    """The picker (filtered to `goal`), one routine played straight away (`play_id`), or the
    History screen (`screen`)."""

    library: Library
    goal: str | None = None
    play_id: str | None = None
    yes: bool = False
    """Skip the precautions screen."""
    timing: Timing | Callable[[], Timing] | None = None
    """Saved tweaks and one-off times; as a function, read only when first needed."""
    listening: Listening | None = None
    volume: int | None = None
    """The tones' loudness for this run; None: as the person last set it in the app."""
    checkin: bool = True
    """Ask how the hands feel before and after (unless the setting says not to)."""
    screen: str | None = None
    """"history" opens the History screen first."""
    notes: tuple[str, ...] = ()
    """What checking the request found to tell the person (what a fit to `--minutes` takes,
    times saved with `--save`): shown as notices once the app is up, since a line printed
    before it opens is covered at once."""
