"""`handcue voice`: how the voice guides, which engine speaks, and who says the words in plain
mode; kept in the user database, as the app's command palette keeps them."""

from __future__ import annotations

import argparse

from handcue.cli.output import say, warn
from handcue.core.guided_text import GUIDED_PLAYS, VoiceMode
from handcue.services.user_data import UserData

MODE_WORDS = {
    "auto": f"auto: the whole instruction for a routine's first {GUIDED_PLAYS} plays, then only "
    "each step's hand, name and length",
    "guided": "guided: every step's whole instruction, however often you played the routine",
    "brief": "brief: only each step's hand, name and length",
}
SPEAKER_WORDS = {
    "voice": "the voice",
    "screen-reader": "your screen reader (the voice stays quiet; each line is printed when it "
    "would be said)",
}


def describe(user: UserData) -> list[str]:
    """The three settings as they are kept, in words."""
    from handcue.services.voices import engines

    choice = user.voice_choice()
    mode = "auto" if choice is None else choice.value
    engine = user.voice_engine()
    return [
        f"The voice guides: {MODE_WORDS[mode]}.",
        f"Voice engine: {engine}: {engines(engine).about}.",
        f"In plain mode the words are said by {SPEAKER_WORDS[user.speak_by()]}.",
    ]


def run(args: argparse.Namespace) -> int:
    """Set what was given (each only once it is kept), then say all three."""
    from handcue.storage.user_database import UserDatabase

    # Written at once, not in the background: a setting is said to be kept once it is.
    user = UserData(database=UserDatabase, on_problem=warn)
    try:
        kept = True
        if args.mode is not None:
            chosen = None if args.mode == "auto" else VoiceMode(args.mode)
            kept = user.set_voice_choice(chosen) and kept
        if args.engine is not None:
            kept = user.set_voice_engine(args.engine) and kept
        if args.speak_by is not None:
            kept = user.set_speak_by(args.speak_by) and kept
        if not kept:
            return 1
        say("\n".join(describe(user)))
    finally:
        user.close()
    return 0
