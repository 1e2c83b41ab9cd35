"""Sound for cues: a small Player interface with simpleaudio, system and silent backends.

Pure Python and free of Textual and numpy, so the core and the app can both use it.
"""

from __future__ import annotations

from handcue.audio.bank import Sound, SoundBank
from handcue.audio.choose import choose_player, describe
from handcue.audio.player import Player, SilentPlayer

__all__ = ["Player", "SilentPlayer", "Sound", "SoundBank", "choose_player", "describe"]
