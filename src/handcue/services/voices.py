"""Which voice a session speaks with, and making its words ahead of time.

Two engines may speak. The natural voice of the `handcue[voice]` extra (piper) cannot speak on
cue, so every line a session may say is made before its first step, on a worker thread, while
the precautions or the check-in are on the screen, and played from memory through the sound
player (`ClipVoice`). The system's engine (espeak-ng) speaks live: it says any line not made in
time, and everything when the extra is absent, when the person chose it, or when
HANDCUE_SPEECH names an engine (that choice wins, as in `render`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from handcue.audio.player import Player
from handcue.core.engine import Session
from handcue.core.guided_text import VoiceMode
from handcue.core.routine import Routine
from handcue.services.conductor import conduct
from handcue.services.listening import Listening
from handcue.services.voice_output import ClipVoice, EngineVoice, SoundOutput, Voice, tone_lengths

if TYPE_CHECKING:
    from handcue.audio.speech import SpeechEngine
    from handcue.services.guided_time import Lengths

Say = Callable[[str], None]

ENGINE_CHOICES = ("auto", "natural", "system")
"""auto: the natural voice when installed, else the system's; natural; system (espeak-ng)."""


@dataclass(frozen=True, slots=True)
class Engines:
    """The engines a live session speaks with, and a line saying which."""

    natural: SpeechEngine | None
    """Makes every line ahead of time; None when absent or not chosen."""
    live: SpeechEngine | None
    """Speaks live: every line without `natural`, else the lines not made in time."""
    about: str


def speech_folder() -> Path:
    """Where made speech is kept, shared by `render` and live play."""
    from handcue.storage.paths import cache_dir

    return cache_dir() / "speech"


LOOK = "look"
"""`engines(live=LOOK)`: find the live engine here (the default)."""


def engines(preference: str = "auto", live: SpeechEngine | str | None = LOOK) -> Engines:
    """The engines to speak with, by the person's choice (`ENGINE_CHOICES`) and what is here;
    `live` is the live engine when the caller has found it already (plain mode has)."""
    from handcue.audio.natural_voice import natural_engine
    from handcue.audio.speech import ENV_VAR, speech_status

    if isinstance(live, str):
        live, about_live = speech_status()
    else:
        about_live = f"{live.name} ({live.program})" if live is not None else "no speech engine"
    named = os.environ.get(ENV_VAR, "").strip()
    natural = natural_engine() if not named and preference != "system" else None
    if natural is not None:
        fallback = f"{about_live} says a line not made in time" if live else "nothing else"
        about = (
            f"piper with voice {natural.voice}, made ahead and kept in {speech_folder()}; "
            f"{fallback}"
        )
    elif live is not None:
        if named:
            why = f", as {ENV_VAR} says"
        elif preference == "system":
            why = ", chosen in the settings"
        else:
            why = "; the natural voice is not installed (pip install 'handcue[voice]')"
        about = f"{about_live}{why}"
    else:
        about = f"no voice: {about_live}"
    return Engines(natural, live, about)


def find_voice(
    player: Player, preference: str = "auto", on_error: Say | None = None
) -> tuple[Voice, dict[str, float]] | str:
    """The voice and the player's tone lengths, or why there is no voice, in words.
    `on_error` hears once, from a worker thread, when speech could not be made ahead."""
    found = engines(preference)
    voice = voice_for(found, player, on_error)
    if voice is None:
        return found.about.removeprefix("no voice: ")
    # A player that opens its device when first needed is not opened for this: the bundled
    # sounds' lengths are read from their headers.
    bank = getattr(player, "bank", None)
    return voice, tone_lengths(bank) if bank is not None else bank_tone_lengths()


def voice_for(found: Engines, player: Player, on_error: Say | None = None) -> Voice | None:
    """The natural voice's clips played by `player` (live engine for the rest), or the live
    engine alone; None when neither is here."""
    from handcue.audio.speech_cache import SpeechCache
    from handcue.audio.speech_clips import ClipStore

    fallback = EngineVoice(found.live) if found.live is not None else None
    if found.natural is None or not callable(getattr(player, "play_sound", None)):
        return fallback
    cache = SpeechCache(speech_folder())
    clips = ClipStore(found.natural, cache, volume=player.volume, on_error=on_error)
    return ClipVoice(clips, cast("SoundOutput", player), fallback)


def ready_voice(
    player: Player,
    routine: Routine,
    durations: Mapping[int, float] | None,
    listening: Listening,
    mode: VoiceMode,
    preference: str = "auto",
    on_error: Say | None = None,
) -> tuple[Voice, dict[str, float]] | str:
    """`find_voice`, with every line the session may say already being made: called as the
    play flow begins, so the words are ready by the first step."""
    found = find_voice(player, preference, on_error)
    if isinstance(found, str):
        return found
    voice, lengths = found
    prepare(voice, routine, durations, listening, mode)
    return voice, lengths


def prepare(
    voice: Voice,
    routine: Routine,
    durations: Mapping[int, float] | None,
    listening: Listening,
    mode: VoiceMode,
) -> None:
    """Start making every line a session of `routine` may say, when `voice` makes speech
    ahead (the lines come from a conductor over the session as it will start)."""
    if isinstance(voice, ClipVoice):
        session = Session(routine, durations or None)
        conduct(session, listening, mode, voice=voice).prepare()


def screen_reader_voice() -> Voice:
    """For a person whose screen reader says the words: says nothing aloud, but is busy for as
    long as espeak-ng would be, so a step's clock waits for the reading as for the voice."""
    from handcue.services.guided_time import PACES, TimedVoice

    return TimedVoice(PACES["espeak-ng"].seconds)


def chosen_engine(on_problem: Say | None = None) -> str:
    """The engine setting kept, read only where the user database already exists (a command
    that only reads never makes it); "auto" otherwise. A problem with the database (found and
    put right on opening it) is said through `on_problem`."""
    from handcue.services.user_data import UserData
    from handcue.storage.user_database import UserDatabase, default_path

    if not default_path().exists():
        return "auto"
    user = UserData(database=UserDatabase, on_problem=on_problem)
    try:
        return user.voice_engine()
    finally:
        user.close()


def spoken_lengths(preference: str = "auto") -> Lengths:
    """How long each line takes to say with the engine live play would use: the length of the
    natural voice's speech where it was made before, else the engine's measured pace."""
    from handcue.audio.speech_cache import SpeechCache, voice_of
    from handcue.services.guided_time import PACES, CachedLengths

    natural = engines(preference).natural
    if natural is None:
        return CachedLengths(PACES["espeak-ng"], lambda _: None)
    cache, name, voice = SpeechCache(speech_folder()), natural.name, voice_of(natural)
    known: dict[str, float | None] = {}

    def kept(sentence: str) -> float | None:
        if sentence not in known:
            known[sentence] = cache.seconds(name, voice, sentence)
        return known[sentence]

    return CachedLengths(PACES["piper"], kept)


def bank_tone_lengths() -> dict[str, float]:
    """How long each bundled tone rings, for a guided time to the tenth of a second; read
    from the files' headers, so `list` does not load every sound."""
    import wave

    from handcue.resources import sounds_dir

    lengths: dict[str, float] = {}
    try:
        paths = sorted(sounds_dir().glob("*.wav"))
    except OSError:
        return lengths
    for path in paths:
        try:
            with wave.open(str(path), "rb") as source:
                lengths[path.stem] = source.getnframes() / source.getframerate()
        except (OSError, EOFError, ZeroDivisionError, wave.Error):
            continue
    return lengths
