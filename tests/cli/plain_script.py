"""Runs plain mode on the small test routine, as `handcue play --plain` will.

Usage: plain_script.py SECONDS_PER_STEP [--voice] [--announce-next N]
After playing, says whether the terminal's settings came back as they were.
"""

from __future__ import annotations

import sys

from support.eyesfree import small_routine
from support.user_data import NothingKept

from handcue.audio.player import SilentPlayer
from handcue.cli.play_plain import run_plain
from handcue.cli.streams import Streams
from handcue.services.listening import Listening


def main() -> int:
    seconds = float(sys.argv[1])
    voice = "--voice" in sys.argv
    announce = (
        float(sys.argv[sys.argv.index("--announce-next") + 1])
        if "--announce-next" in sys.argv
        else None
    )
    saved = None
    if sys.stdin.isatty():
        import termios

        saved = termios.tcgetattr(sys.stdin.fileno())
    code = run_plain(
        small_routine(),
        {0: seconds, 1: seconds, 2: seconds},
        Listening(voice=voice, announce_next=announce),
        player=SilentPlayer(),
        streams=Streams(sys.stdin, sys.stdout, sys.stderr),
        user=NothingKept(),
    )
    if saved is not None:
        import termios

        restored = termios.tcgetattr(sys.stdin.fileno()) == saved
        print(f"terminal restored: {'yes' if restored else 'no'}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
