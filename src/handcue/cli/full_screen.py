"""The command line's part in starting the full-screen app: every option checked and turned into
a `Launch` before the screen takes over, so a mistake is one line on the terminal, not a
notification nobody sees."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from handcue.cli.common import CommandError, find_routine, open_library
from handcue.cli.output import has_a_terminal, warn
from handcue.core.library import Library
from handcue.services.launch import Launch

if TYPE_CHECKING:
    from handcue.services.listening import Listening
    from handcue.services.timing import Timing
    from handcue.services.user_data import UserData

NO_TERMINAL = "use 'handcue play ID --plain' for one line per event"


def need_a_terminal(instead: str = NO_TERMINAL) -> None:
    if not has_a_terminal():
        raise CommandError(
            f"the full-screen app needs a terminal for its keys and its screen; run it in one, "
            f"or {instead}"
        )
    term = os.environ.get("TERM", "")
    if os.name == "posix" and term in ("", "dumb"):
        # Such a terminal shows escape codes as text: the screen would be unreadable.
        said = "TERM is 'dumb'" if term else "TERM is not set"
        raise CommandError(
            f"the full-screen app draws with escape codes, which this terminal does not "
            f"understand ({said}); {instead}"
        )


def listening(args: argparse.Namespace) -> Listening:
    """What `play` was asked to say and tick besides the tones."""
    from handcue.core.guided_text import VoiceMode
    from handcue.services.listening import Listening

    intro = bool(args.voice_intro)
    chosen = getattr(args, "voice_mode", None)
    mode = VoiceMode(chosen) if chosen is not None else None
    return Listening(bool(args.voice) or intro, args.announce_next, bool(args.pacer), intro, mode)


def timing_for(
    args: argparse.Namespace,
    library: Library,
    play_id: str | None,
    say: Callable[[str], None] = warn,
) -> Timing:
    """Saved tweaks with `--length`, `--minutes` and `--step` on top (kept with `--save`);
    what they do is told to `say`."""
    from handcue.services.timing import play_timing
    from handcue.storage.tweaks_file import TweakStore

    return play_timing(
        library,
        play_id,
        TweakStore(),
        say,
        length=getattr(args, "length", None),
        minutes=getattr(args, "minutes", None),
        steps=getattr(args, "step", ()),
        save=getattr(args, "save", False),
    )


def prepare(args: argparse.Namespace) -> Launch:
    """`handcue [--goal G]`, `handcue play ID` or `handcue history --screen`, checked; refused
    without a terminal."""
    library = open_library(args.routines, warn=False)
    play_id = args.id if args.command == "play" else None
    if play_id is not None:
        find_routine(library, play_id)
    goal = args.goal if args.command != "history" else None
    # Timing options are checked now, so mistakes are reported before the screen takes over;
    # without them the saved tweaks are read when first needed, after the first frame.
    asked = any(getattr(args, name, None) for name in ("length", "minutes", "step", "save"))
    # What the options did (a fit, a save) is said by the app once it is up: printed now, it
    # would be covered by the screen at once.
    notes: list[str] = []
    timing = (
        timing_for(args, library, play_id, notes.append)
        if asked
        else lambda: timing_for(args, library, None)
    )
    try:
        need_a_terminal()
    except CommandError:
        for note in notes:  # no screen follows: what was done (a save) is said here
            warn(note)
        raise
    return Launch(
        library,
        goal=goal,
        play_id=play_id,
        yes=args.yes,
        timing=timing,
        listening=listening(args) if play_id is not None else None,
        volume=getattr(args, "volume", None),
        checkin=not getattr(args, "no_checkin", False),
        screen="history" if args.command == "history" else None,
        notes=tuple(notes),
    )


def user_data_for_tweaks() -> UserData:
    """The person's data as `handcue tweak ID` uses it: only the saved times."""
    from handcue.services.timing import Timing
    from handcue.services.user_data import UserData
    from handcue.storage.tweaks_file import TweakStore

    return UserData(timing=Timing(TweakStore()))
