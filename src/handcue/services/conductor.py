"""What to play and say, and when, for a session followed by ear.

The engine says what happened; the cue rules (`core.cueing`) say which tones that makes. The
conductor adds the voice and the pacer on top, with these rules:

1. Tone first, then speech. A step's name is said once its tone has finished ringing. When
   the cue rules give two tones (the opening, then a one-handed first step), the second plays
   once the first has rung, and a newer cue drops it.
2. Speech and tones never overlap. A transition tone (start, step, switch, pause, resume,
   finish) cuts off speech still going: it marks where you are. Halfway and countdown pips, and
   pacer ticks, give way instead: while the voice speaks they are dropped, since a late pip
   would mark the wrong moment.
3. With `announce_next` set to N, "Next: ..." is said N seconds before a step ends, after
   the voice is done if there is time (`services.next_up`).
4. The pacer ticks the step's strokes, kept clear of the step's own cues (`services.stroke_ticks`).
   Everything is timed from the session's deadlines, so pauses, skips and changed durations
   move the plan with them.
5. In the guided mode (`core.guided_text`) a step's start says its instruction, and the
   halfway bell its second half; a step with no bell (under `HALFWAY_MIN_SECONDS`, or made
   so short with - that its bell will not come) has the second half said at once. The second
   hand of a step for each hand hears a short line, not the instruction again. While guidance
   is said the step's clock waits (`Session.wait`): no mark falls due until `SPEECH_GAP`
   after the voice ends, so the words are never cut by a tone and the step keeps its full
   time for the hands.
6. A pause cuts off the words being said (its tone marks the moment); they are said again
   after the resume tone, so a pause never loses an instruction.

A front end calls `handle(engine_events, now)` whenever the engine returned events *or* the
moment `due()` named has come, and wakes next at `due()` (which includes the engine's own next
event). Each call returns what was done, as `Action`s, for display, logs and `render`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from handcue.core import guided_text, speech_text
from handcue.core.cueing import cues_for
from handcue.core.cues import Cue, CueKind
from handcue.core.engine import Session
from handcue.core.events import TRANSITIONS, Event, EventKind
from handcue.core.guided_text import VoiceMode
from handcue.core.timeline import Segment
from handcue.services.actions import Action, ActionKind, Purpose
from handcue.services.listening import Listening
from handcue.services.next_up import NextUp
from handcue.services.spoken_lines import following, session_lines, transition_words
from handcue.services.stroke_ticks import TICK_STALE, StrokeTicks
from handcue.services.voice_output import ToneOutput, Voice

SPEECH_GAP = 0.15
"""Silence between a tone's end and the words that follow it."""
TONE_GAP = 0.08
"""Silence between two tones queued one after the other."""
POLL = 0.1
"""How often to look again while waiting for a voice that cannot say when it will finish."""
DEFAULT_TONE_SECONDS = 0.6

YIELDING = frozenset({CueKind.HALFWAY, CueKind.PIP, CueKind.TICK})
"""Cues dropped rather than spoken over."""


@dataclass(frozen=True, slots=True)
class _Speech:
    at: float
    text: str
    purpose: Purpose
    step: int | None = None
    """For a guided step's start that reads its instruction: the step, so the instruction
    counts as said once these words are."""


_GUIDANCE = frozenset({Purpose.STEP, Purpose.BELL})
"""What the step's clock waits for in the guided mode."""
_REPEATED = frozenset({Purpose.STEP, Purpose.BELL, Purpose.SWITCH})
"""Words said again after a pause cut them off."""


class Conductor:
    """Turns engine events into tones, speech and pacer ticks; see the module's rules."""

    def __init__(
        self,
        session: Session,
        *,
        tones: ToneOutput | None = None,
        voice: Voice | None = None,
        tone_seconds: Mapping[str, float] | None = None,
        speak: bool = True,
        announce_next: float | None = None,
        pacer: bool = False,
        mode: VoiceMode = VoiceMode.BRIEF,
    ) -> None:
        if announce_next is not None and not announce_next > 0:
            raise ValueError(f"announce_next must be above 0 seconds, got {announce_next!r}")
        self.session = session
        self.tones = tones
        self.voice = voice
        self.tone_seconds = dict(tone_seconds or {})
        self._speak = speak
        self.mode = mode
        self._guiding = False
        """Guidance is being said: the step's clock waits for it."""
        self._hold_check: float | None = None
        self._pending: _Speech | None = None
        self._queued: list[tuple[float, Cue]] = []
        """Tones waiting for the one before them to finish, with when each may start."""
        self._next_up = NextUp(announce_next)
        self._ticks = StrokeTicks(pacer)
        self._partner = session.routine.partner
        """Someone else's hands: the voice says "their left hand"."""
        self._told: set[int] = set()
        """Steps whose instruction the guided voice has read this session."""
        self._owed: tuple[str, ...] = ()
        """The second half of the instruction being followed, owed at its halfway bell."""
        self._saying: _Speech | None = None
        """The words said last, so a pause that cuts them off can have them said again."""
        self._held: _Speech | None = None
        """Words a pause cut off or kept from being said: said again after the resume."""

    # -- settings the player can toggle ---------------------------------------------------

    @property
    def speak(self) -> bool:
        return self._speak

    @speak.setter
    def speak(self, value: bool) -> None:
        self._speak = bool(value)
        if not self._speak and self.voice is not None:
            self.voice.stop(0.0)

    @property
    def pacer(self) -> bool:
        return self._ticks.on

    def set_pacer(self, value: bool, now: float) -> None:
        """Turn the pacer on or off mid-step; on, it picks up at the next stroke."""
        self._ticks.on = bool(value)
        self._plan_ticks(now)

    # -- driving --------------------------------------------------------------------------

    def handle(self, events: Sequence[Event], now: float) -> list[Action]:
        """Act on `events` (possibly none) and on anything of the conductor's own due by `now`."""
        actions: list[Action] = []
        kinds = {event.kind for event in events}
        if EventKind.PAUSED in kinds:
            self._hold_for_resume(now)
        if EventKind.PAUSED in kinds or EventKind.ROUTINE_FINISHED in kinds:
            self._pending = None
            self._guiding = False
        tone_end = now
        cues = cues_for(events, now)
        if cues:
            self._queued = []
        for index, cue in enumerate(cues):
            if index > 0:
                at = tone_end + TONE_GAP
                self._queued.append((at, cue))
                tone_end = at + self._length(cue)
                continue
            if self._voice_busy(now):
                if cue.kind in YIELDING:
                    break
                self._stop_voice(now)
            self._play(cue)
            actions.append(Action(now, ActionKind.TONE, Purpose.CUE, cue=cue))
            tone_end = now + self._length(cue)
        transition = next((e for e in reversed(events) if e.kind in TRANSITIONS), None)
        if transition is not None:
            self._guiding = False
            self._next_up.entered()
            self._held = None
            words = transition_words(transition, self.session, self.mode, self._told)
            self._owed = words.owed if words is not None else ()
            if words is not None:
                at = tone_end + SPEECH_GAP
                self._pending = _Speech(at, words.text, words.purpose, words.step)
            self._plan_ticks(now)
        elif EventKind.DURATION_CHANGED in kinds:
            self._plan_ticks(now)
            self.prepare()  # a step's length is in its words: make the new ones ahead
        halfway = next((e for e in events if e.kind is EventKind.HALFWAY), None)
        if self.mode is not VoiceMode.GUIDED:
            self._owed = ()  # switched to brief mid-step: the second half is not wanted
        if transition is None and halfway is not None and self._owed:
            self._pending = _Speech(tone_end + SPEECH_GAP, " ".join(self._owed), Purpose.BELL)
            self._owed = ()
        if EventKind.RESUMED in kinds and transition is None and self._held is not None:
            held, self._held = self._held, None
            self._pending = _Speech(tone_end + SPEECH_GAP, held.text, held.purpose, held.step)
        self._pay_owed(now, tone_end)
        actions.extend(self._run_due(now))
        self._hold_for_guidance(now)
        return actions

    def lines(self, *, both_modes: bool = True) -> list[str]:
        """Every line this conductor may say from the current step on (`spoken_lines`): a
        voice that makes speech ahead makes these."""
        announce_next = self._next_up.announce_next
        return session_lines(self.session, self.mode, announce_next, both_modes=both_modes)

    def prepare(self) -> None:
        """Ask the voice to make `lines()` ahead of time, when it is one that does."""
        prepare = getattr(self.voice, "prepare", None)
        if callable(prepare):
            prepare(self.lines())

    def due(self) -> float | None:
        """The next moment `handle` should be called; None while nothing will happen."""
        moments = [self.session.next_due()]
        if self._pending is not None:
            moments.append(self._pending.at)
        if self._queued:
            moments.append(self._queued[0][0])
        moments.append(self._hold_check)
        moments.append(self._next_up.time(self._current()))
        moments.append(self._ticks.next_time(self._current()))
        present = [moment for moment in moments if moment is not None]
        return min(present) if present else None

    # -- internals ------------------------------------------------------------------------

    def _pay_owed(self, now: float, at: float) -> None:
        """Say the owed second half now when its bell will not come: the step was made too
        short for one with -, or its middle has gone by."""
        if not self._owed:
            return
        current = self._current()
        if current is None:
            return
        segment, start = current
        if not guided_text.has_bell(segment) or start + segment.duration / 2 <= now:
            words, self._owed = " ".join(self._owed), ()
            pending = self._pending
            if pending is not None and pending.purpose is Purpose.STEP:
                self._pending = _Speech(
                    pending.at, f"{pending.text} {words}", pending.purpose, pending.step
                )
            else:
                self._pending = _Speech(at + SPEECH_GAP, words, Purpose.BELL)

    def _hold_for_resume(self, now: float) -> None:
        """Keep what a pause is about to cut off, or keep from being said, for the resume."""
        pending = self._pending
        if pending is not None and pending.purpose not in (Purpose.NEXT, Purpose.FINISH):
            self._held = pending
            return
        saying = self._saying
        if saying is not None and saying.purpose in _REPEATED and self._voice_busy(now):
            self._held = saying

    def _hold_for_guidance(self, now: float) -> None:
        """Keep the session's next mark `SPEECH_GAP` after the end of guidance being said."""
        self._hold_check = None
        if not self._guiding or self.voice is None or not self._voice_busy(now):
            self._guiding = False
            return
        end = self.voice.ends_at(now)
        if end is None:
            end = now + POLL
            self._hold_check = end
        mark = self.session.next_due()
        if mark is not None and mark < end + SPEECH_GAP:
            self.session.wait(end + SPEECH_GAP - mark)

    def _run_due(self, now: float) -> list[Action]:
        actions: list[Action] = []
        while self._queued and self._queued[0][0] <= now:
            _, cue = self._queued.pop(0)
            self._stop_voice(now)
            self._play(cue)
            actions.append(Action(now, ActionKind.TONE, Purpose.CUE, cue=cue))
        pending = self._pending
        if pending is not None and pending.at <= now:
            if self._voice_busy(now):
                end = self.voice.ends_at(now) if self.voice is not None else None
                self._pending = _Speech(
                    now + POLL if end is None else end + SPEECH_GAP, pending.text, pending.purpose
                )
            else:
                self._pending = None
                actions.append(self._say(pending.text, pending.purpose, now))
                self._saying = pending
                if pending.step is not None:
                    self._told.add(pending.step)
                if self.mode is VoiceMode.GUIDED and pending.purpose in _GUIDANCE:
                    self._guiding = True
        actions.extend(self._maybe_next_up(now))
        actions.extend(self._due_ticks(now))
        return actions

    def _say(self, text: str, purpose: Purpose, now: float) -> Action:
        spoken = False
        if self._speak and self.voice is not None:
            self.voice.say(text, now)
            spoken = True
        return Action(now, ActionKind.SPEECH, purpose, text=text, spoken=spoken)

    def _voice_busy(self, now: float) -> bool:
        return self._speak and self.voice is not None and self.voice.busy(now)

    def _stop_voice(self, now: float) -> None:
        if self.voice is not None:
            self.voice.stop(now)

    def _play(self, cue: Cue) -> None:
        if self.tones is not None:
            self.tones.play(cue)

    def _length(self, cue: Cue) -> float:
        return self.tone_seconds.get(cue.sound_name, DEFAULT_TONE_SECONDS)

    def _current(self) -> tuple[Segment, float] | None:
        """The running segment and the moment it started (pauses shift it forward)."""
        segment = self.session.current
        deadline = self.session.deadline
        if segment is None or deadline is None or not self.session.running:
            return None
        return segment, deadline - segment.duration

    # next-up and pacer -------------------------------------------------------------------

    def _maybe_next_up(self, now: float) -> list[Action]:
        segment = self._next_up.due(self._current(), now, lambda: self._voice_free_at(now))
        if segment is None:
            return []
        following_step = following(self.session.timeline, segment)
        text = speech_text.next_up(segment, following_step, self._partner)
        return [self._say(text, Purpose.NEXT, now)]

    def _voice_free_at(self, now: float) -> float | None:
        """When the words waiting or being said leave the voice free; None when it is now."""
        pending = self._pending
        if pending is not None:
            return pending.at
        if not self._voice_busy(now):
            return None
        end = self.voice.ends_at(now) if self.voice is not None else None
        return now + POLL if end is None else end + SPEECH_GAP

    def _plan_ticks(self, now: float) -> None:
        def length_of(kind: CueKind) -> float:
            # Every side of a kind lasts as long as its centre sound.
            return self._length(Cue(kind))

        self._ticks.plan(self._current(), now, length_of)

    def _due_ticks(self, now: float) -> list[Action]:
        actions: list[Action] = []
        while (at := self._ticks.take(self._current(), now)) is not None:
            if now - at > TICK_STALE or self._voice_busy(now):
                continue
            cue = Cue(CueKind.TICK)
            self._play(cue)
            actions.append(Action(now, ActionKind.TICK, Purpose.PACER, cue=cue))
        return actions


def conduct(
    session: Session,
    listening: Listening,
    mode: VoiceMode,
    *,
    tones: ToneOutput | None = None,
    voice: Voice | None = None,
    tone_seconds: Mapping[str, float] | None = None,
) -> Conductor:
    """The conductor for `session` as the person asked to hear it: the one way the player,
    plain mode and `render` make theirs. A voice may come later (`Conductor.voice`)."""
    return Conductor(
        session,
        tones=tones,
        voice=voice,
        tone_seconds=tone_seconds,
        speak=listening.voice,
        announce_next=listening.announce_next,
        pacer=listening.pacer,
        mode=mode,
    )
