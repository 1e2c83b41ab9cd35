"""A whole session as one sound file (WAV, FLAC or Ogg Vorbis), for playing at the bedside.

A real `Session` is driven on a simulated clock through the same `Conductor` a live player
uses, so every tone, tick and word lands where it would live. The sounds are then mixed at
those times (`services.mixing`) and streamed to the file.

Live players cut a cue off when the next one starts and drop a tick that would land on
another cue; the mix does the same, so the file sounds like the real thing.
"""

from __future__ import annotations

import tempfile
import wave
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO

from handcue.audio.bank import SoundBank
from handcue.audio.sound_files import FileFormat, compressed_writer
from handcue.audio.speech import SpeechEngine
from handcue.audio.speech_cache import SpeechCache
from handcue.audio.speech_clips import SENTENCE_GAP as SENTENCE_GAP
from handcue.core import speech_text
from handcue.core.cues import CueKind
from handcue.core.engine import Session
from handcue.core.guided_text import TONE_MEANINGS, VoiceMode, sentences
from handcue.core.routine import Routine
from handcue.services.actions import Action, ActionKind
from handcue.services.conductor import conduct
from handcue.services.guided_time import simulate
from handcue.services.listening import Listening
from handcue.services.mixing import (
    CHANNELS,
    RATE,
    SAMPLE_WIDTH,
    Clip,
    Progress,
    mix,
    sound_samples,
    to_output,
)
from handcue.services.voice_output import tone_lengths

INTRO_GAP = 1.0
"""Silence between the spoken introduction and the first step."""
TAIL = 0.5
"""Silence after the last sound, so players do not clip the end."""


def _write_wav(engine: SpeechEngine, text: str, path: Path) -> None:
    engine.write_wav(text, path)


class RenderVoice:
    """A `Voice` on the simulated clock: speech is written to WAV files as it is asked for.

    Each sentence is its own clip, one after the other with a breath between, so the
    transcript's times are the audio's own, cue by sentence. Knowing each clip's length is
    what lets the conductor keep tones off the words exactly.
    """

    def __init__(self, engine: SpeechEngine, workdir: Path) -> None:
        self.engine = engine
        self.cache: SpeechCache | None = None
        """Where made speech is kept between renders; None: nowhere."""
        self.workdir = workdir
        self.clips: list[Clip] = []
        self.progress: Progress | None = None
        """Told how much of the speech is made, while `prepare` makes it."""
        self._audio: dict[str, tuple[bytes, int, int]] = {}
        self._until = 0.0

    def prepare(self, lines: Sequence[str]) -> None:
        """Make every sentence of `lines` not in the cache yet, in one run of the engine where
        it can (piper loads its model once, not once a sentence)."""
        if self.cache is None:
            return
        wanted = [sentence for line in lines for sentence in sentences(line)]
        todo = self.cache.missing(self.engine, wanted)
        made = 0
        progress = self.progress

        def one_more(_text: str, _wav: bytes) -> None:
            nonlocal made
            made += 1
            if progress is not None:
                progress(made / len(todo))

        self.cache.fill(self.engine, todo, one_more)

    def _synthesise(self, text: str) -> tuple[bytes, int, int]:
        cached = self._audio.get(text)
        if cached is not None:
            return cached
        path = self.workdir / f"speech-{len(self._audio)}.wav"
        (self.cache.write_wav if self.cache else _write_wav)(self.engine, text, path)
        try:
            with wave.open(str(path), "rb") as source:
                if source.getsampwidth() != SAMPLE_WIDTH:
                    raise OSError(f"{self.engine.name} wrote speech that is not 16-bit PCM")
                audio = (
                    source.readframes(source.getnframes()),
                    source.getnchannels(),
                    source.getframerate(),
                )
        except (EOFError, wave.Error) as error:
            raise OSError(f"{self.engine.name} wrote an unreadable WAV file: {error}") from None
        finally:
            path.unlink(missing_ok=True)
        # Every engine speaks at a level of its own: put the words at the tones' loudness.
        from handcue.audio.loudness import levelled

        audio = (levelled(*audio), audio[1], audio[2])
        self._audio[text] = audio
        return audio

    def say(self, text: str, now: float) -> None:
        self.stop(now)
        at = now
        for sentence in sentences(text):
            frames, channels, rate = self._synthesise(sentence)
            seconds = len(frames) / (channels * SAMPLE_WIDTH * rate)
            load = partial(to_output, frames, channels, rate)
            self.clips.append(Clip(at, load, seconds, text=sentence))
            at += seconds + SENTENCE_GAP
        self._until = max(now, at - SENTENCE_GAP)

    def busy(self, now: float) -> bool:
        return now < self._until

    def ends_at(self, now: float) -> float | None:
        return self._until if now < self._until else None

    def stop(self, now: float) -> None:
        if now < self._until:
            for clip in self.clips:
                if clip.stop > now:
                    clip.end = max(clip.start, now)
        self._until = min(self._until, now)


@dataclass
class Plan:
    """Everything the file will hold, with times in seconds from its start."""

    clips: list[Clip]
    actions: list[Action]
    seconds: float
    session: Session
    notes: list[str] = field(default_factory=list)


def plan(
    routine: Routine,
    durations: Mapping[int, float] | None,
    bank: SoundBank,
    *,
    voice: RenderVoice | None = None,
    intro: bool = False,
    announce_next: float | None = None,
    pacer: bool = False,
    progress: Progress | None = None,
    mode: VoiceMode = VoiceMode.BRIEF,
) -> Plan:
    """Play the routine on a simulated clock and collect every sound with its time.

    With a voice, every sentence the session may say is made first, all in one go
    (`RenderVoice.prepare`); `progress` follows that, the slow part.
    """
    session = Session(routine, durations)
    lengths = tone_lengths(bank)
    wanted = Listening(voice=voice is not None, announce_next=announce_next, pacer=pacer)
    conductor = conduct(session, wanted, mode, voice=voice, tone_seconds=lengths)
    start = 0.0
    if voice is not None:
        voice.progress = progress
        opening = [" ".join(speech_text.intro(routine))] if intro else []
        voice.prepare([*opening, *conductor.lines(both_modes=False)])
        voice.progress = None
        if intro:
            voice.say(opening[0], 0.0)
            start = (voice.ends_at(0.0) or 0.0) + INTRO_GAP
    actions, now = simulate(conductor, start)
    if progress is not None:
        progress(1.0)
    clips = _tone_clips(actions, bank)
    if voice is not None:
        clips.extend(clip for clip in voice.clips if clip.stop > clip.start)
    clips.sort(key=lambda clip: clip.start)
    seconds = max((clip.stop for clip in clips), default=now) + TAIL
    return Plan(clips, actions, seconds, session)


def _tone_clips(actions: Sequence[Action], bank: SoundBank) -> list[Clip]:
    """Tones as a live player sounds them: each cut off by the next, ticks never cutting in."""
    clips: list[Clip] = []
    sounding: tuple[Clip, CueKind] | None = None
    for action in actions:
        if action.kind not in (ActionKind.TONE, ActionKind.TICK) or action.cue is None:
            continue
        sound = bank.get(action.cue.sound_name)
        if sound is None:
            continue
        if sounding is not None and action.at < sounding[0].stop:
            if action.cue.kind is CueKind.TICK and sounding[1] is not CueKind.TICK:
                continue
            sounding[0].end = action.at
        meaning = TONE_MEANINGS.get(action.cue.kind, "")
        clip = Clip(action.at, partial(sound_samples, sound), sound.duration, text=meaning)
        clips.append(clip)
        sounding = (clip, action.cue.kind)
    return [clip for clip in clips if clip.stop > clip.start]


def write_wav(target: BinaryIO, plan_: Plan, progress: Progress | None = None) -> int:
    """Stream the mix of `plan_` into `target` as 44.1 kHz 16-bit stereo; returns frames."""
    with wave.open(target, "wb") as out:
        out.setnchannels(CHANNELS)
        out.setsampwidth(SAMPLE_WIDTH)
        out.setframerate(RATE)
        return mix(plan_.clips, plan_.seconds, out.writeframesraw, progress)


def write_sound(
    target: BinaryIO, plan_: Plan, kind: FileFormat, progress: Progress | None = None
) -> int:
    """Stream the mix of `plan_` into `target` in the format `kind`; returns frames.

    The same mix feeds every format, so the samples (and every cue's time) are the same; only
    the encoding differs. `target` must be open for reading too when `kind` is compressed.
    """
    if kind.container == "WAV":
        return write_wav(target, plan_, progress)
    with compressed_writer(target, kind, RATE, CHANNELS) as sink:
        return mix(plan_.clips, plan_.seconds, sink, progress)


def speech_workdir() -> tempfile.TemporaryDirectory[str]:
    """A private folder for the speech engine's WAV files, removed afterwards."""
    return tempfile.TemporaryDirectory(prefix="handcue-speech-")
