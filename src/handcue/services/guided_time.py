"""How long a routine takes with the voice guiding, without saying a word.

In the guided mode a step's clock waits while its instruction is said (the step is time for the
hands, not for listening), so a routine takes longer than its steps add up to. `list`, `show`
and the finish screen say by how much. The session is played on a simulated clock through the
real conductor, as `render` does, with a voice that only knows how long each line takes: the
length of the speech already made for it (the speech cache), else an estimate from the engine's
pace, measured on the engine itself (`PACES`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from handcue.core.cues import CueKind
from handcue.core.durations import format_short
from handcue.core.engine import Session
from handcue.core.guided_text import VoiceMode, sentences
from handcue.core.routine import Routine
from handcue.services.actions import Action
from handcue.services.conductor import Conductor, conduct
from handcue.services.listening import Listening

MAX_STEPS = 1_000_000
"""A bound on the simulation loop; reaching it is a bug, reported rather than hanging."""
SENTENCE_GAP = 0.25
"""The breath between sentences made one at a time (`audio.speech_clips.SENTENCE_GAP`)."""

_WORD = re.compile(r"[\w'-]+")


@dataclass(frozen=True, slots=True)
class SpeechPace:
    """Seconds a text takes to say: so much a word, so much a sentence, and a constant.

    A line made a sentence at a time (the natural voice) pays its sentences' own silences and
    a `SENTENCE_GAP` between them; espeak-ng says a line in one go.
    """

    per_word: float
    per_sentence: float
    per_line: float

    def seconds(self, text: str) -> float:
        said = sentences(text)
        words = sum(len(_WORD.findall(sentence)) for sentence in said)
        if not said:
            return 0.0
        return max(0.3, self.per_word * words + self.per_sentence * len(said) + self.per_line)


PACES = {
    # espeak-ng at 160 words a minute (`audio.speech.RATE_WPM`), fitted to the length of its
    # WAV files for 120 guided lines of the bundled routines: median error 5 %.
    "espeak-ng": SpeechPace(0.281, 0.66, -0.12),
    # piper's joe voice, a sentence at a time and trimmed of its silences as it is kept
    # (0.256 s a word and 0.2 s a sentence, fitted on 163 sentences of the bundled routines),
    # with the breath between the sentences of a line.
    "piper": SpeechPace(0.256, 0.199 + SENTENCE_GAP, -SENTENCE_GAP),
}
"""Each engine's pace; `tests/services/test_guided_time.py` holds them to the real engines."""
DEFAULT_PACE = PACES["espeak-ng"]

Lengths = Callable[[str], float]
"""Seconds a line takes to say."""


class CachedLengths:
    """A line's length from the speech made for it before, sentence by sentence, where the
    cache holds it; from `pace` where it does not."""

    def __init__(self, pace: SpeechPace, known: Callable[[str], float | None]) -> None:
        self.pace = pace
        self.known = known
        self._said: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        said = self._said.get(text)
        if said is None:
            said = self._said[text] = self._seconds(text)
        return said

    def _seconds(self, text: str) -> float:
        parts = sentences(text)
        if not parts:
            return 0.0
        found = [self.known(sentence) for sentence in parts]
        if all(seconds is not None for seconds in found):
            return sum(s for s in found if s is not None) + SENTENCE_GAP * (len(parts) - 1)
        return self.pace.seconds(text)


class TimedVoice:
    """A `Voice` on a simulated clock that says nothing, busy for as long as `lengths` says."""

    def __init__(self, lengths: Lengths) -> None:
        self.lengths = lengths
        self.said: list[tuple[float, float, str]] = []
        self._until = 0.0

    def say(self, text: str, now: float) -> None:
        self._until = now + self.lengths(text)
        self.said.append((now, self._until, text))

    def busy(self, now: float) -> bool:
        return now < self._until

    def ends_at(self, now: float) -> float | None:
        return self._until if now < self._until else None

    def stop(self, now: float) -> None:
        if now < self._until and self.said:
            start, _, text = self.said[-1]
            self.said[-1] = (start, now, text)
        self._until = min(self._until, now)


def simulate(
    conductor: Conductor, start: float = 0.0, progress: Callable[[float], None] | None = None
) -> tuple[list[Action], float]:
    """Play the conductor's session from `start` to its end on a simulated clock: every
    action, and the moment the last thing happened."""
    session = conductor.session
    total = max(session.total_remaining(start), 1e-9)
    actions = conductor.handle(session.start(start), start)
    now = start
    for _ in range(MAX_STEPS):
        due = conductor.due()
        if due is None:
            return actions, now
        now = max(now, due)
        actions.extend(conductor.handle(session.advance(now), now))
        if progress is not None:
            progress(min(1.0, (now - start) / total))
    raise RuntimeError("the session did not come to an end on the simulated clock")


def guided_seconds(
    routine: Routine,
    durations: Mapping[int, float] | None,
    lengths: Lengths | None = None,
    mode: VoiceMode = VoiceMode.GUIDED,
    tone_seconds: Mapping[str, float] | None = None,
) -> float:
    """Seconds from the first tone to the last with the voice in `mode`: the steps' time plus
    every wait for guidance. `tone_seconds`: how long each tone rings (the bank's)."""
    session = Session(routine, durations or None)
    voice = TimedVoice(lengths or DEFAULT_PACE.seconds)
    wanted = Listening(voice=True)
    conductor = conduct(session, wanted, mode, voice=voice, tone_seconds=tone_seconds)
    actions, _ = simulate(conductor)
    finished = [a.at for a in actions if a.cue is not None and a.cue.kind is CueKind.FINISH]
    return finished[-1] if finished else session.total_remaining(0.0)


@dataclass(frozen=True, slots=True)
class GuidedTime:
    """A routine's time at some step times, and with the voice guiding."""

    seconds: float
    guided: float

    @property
    def differs(self) -> bool:
        return differs(self.seconds, self.guided)

    @property
    def text(self) -> str:
        return with_guidance(format_short(self.seconds), self.seconds, self.guided)


def guided_time(
    routine: Routine,
    durations: Mapping[int, float] | None,
    lengths: Lengths | None = None,
    tone_seconds: Mapping[str, float] | None = None,
) -> GuidedTime:
    """`routine` at `durations`: its time, and with the voice guiding."""
    seconds = Session(routine, durations or None).total_remaining(0.0)
    guided = guided_seconds(routine, durations, lengths, tone_seconds=tone_seconds)
    return GuidedTime(seconds, guided)


def differs(seconds: float, guided: float) -> bool:
    """True when the guided time would read differently from the time (to the second)."""
    return round(guided) != round(seconds)


def with_guidance(text: str, seconds: float, guided: float | None) -> str:
    """`text` (a time), with the guided time beside it where it differs:
    `6m10s, 7m05s with the voice guiding`."""
    if guided is None or not differs(seconds, guided):
        return text
    return f"{text}, {format_short(guided)} with the voice guiding"


def guided_times(
    routines: Sequence[Routine],
    durations: Mapping[str, Mapping[int, float]],
    lengths: Lengths | None = None,
    tone_seconds: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """`guided_seconds` of each routine, by id, at its times in `durations` (else as written)."""
    return {
        routine.id: guided_seconds(
            routine, durations.get(routine.id), lengths, tone_seconds=tone_seconds
        )
        for routine in routines
    }
