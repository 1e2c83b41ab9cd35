"""Check-ins: what a person rates before and after a routine, chosen by the routine's goals.

A rating is one key, 0 to 10, so asking never holds up the start by more than that key: the
digits give 0-9 and `t` gives 10. Ratings are the person's own impressions; what handcue shows of
them is averages of those impressions, never a claim about health.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from handcue.core.routine import Hand, Routine


class Moment(StrEnum):
    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True, slots=True)
class Measure:
    """Something a person can rate from 0 to 10."""

    key: str
    label: str
    question: str
    """Asked as it is: "How stiff do your hands feel?"."""
    low: str
    """What 0 means."""
    high: str
    """What 10 means."""
    lower_is_better: bool = True
    """False where the goal is more of it (sleepiness before bed)."""


MEASURES: dict[str, Measure] = {
    measure.key: measure
    for measure in (
        Measure("stiffness", "stiffness", "How stiff do your hands feel?", "loose", "very stiff"),
        Measure("pain", "pain", "How much do your hands hurt?", "no pain", "worst pain"),
        Measure("tension", "tension", "How tense or stressed do you feel?", "calm", "very tense"),
        Measure(
            "sleepiness",
            "sleepiness",
            "How sleepy do you feel?",
            "wide awake",
            "very sleepy",
            lower_is_better=False,
        ),
        Measure(
            "tingling",
            "tingling",
            "How much tingling or numbness do you feel?",
            "none",
            "constant",
        ),
        Measure("coldness", "coldness", "How cold do your hands feel?", "warm", "very cold"),
        Measure("swelling", "swelling", "How swollen do your hands feel?", "not at all", "very"),
        Measure("headache", "headache", "How bad is your headache?", "none", "worst"),
        Measure(
            "tightness",
            "tightness",
            "How tight does the scar or healed area feel?",
            "not at all",
            "very tight",
        ),
        Measure(
            "dryness", "dryness", "How dry does the skin of your hands feel?", "soft", "very dry"
        ),
    )
}

GOAL_MEASURES: dict[str, tuple[str, ...]] = {
    "sleep": ("sleepiness", "tension"),
    "stress": ("tension",),
    "stiffness": ("stiffness",),
    "arthritis": ("pain", "stiffness"),
    "carpal-tunnel": ("tingling", "pain"),
    "desk-work": ("stiffness", "tension"),
    "circulation": ("coldness",),
    "swelling": ("swelling",),
    "grip": ("stiffness",),
    "headache": ("headache",),
    "neuropathy": ("tingling",),
    "pain": ("pain",),
    "dry-skin": ("dryness",),
    "scars": ("tightness",),
}
"""What each goal is rated by, the most telling first."""

MAX_MEASURES = 1
"""Questions per check-in (per hand, two): one key, so the start waits for no more than it."""

TEN_KEY = "t"
"""The key for 10, since a rating is one key."""

KEYS_HELP = f"0-9, {TEN_KEY} for 10; Enter skips"


def measures_for_goal(goal: str) -> tuple[Measure, ...]:
    return tuple(MEASURES[key] for key in GOAL_MEASURES.get(goal, ()))


def measures_for(goals: Iterable[str]) -> tuple[Measure, ...]:
    """The measures of `goals`, first measure of each goal first, without repeats."""
    chosen: list[str] = []
    lists = [GOAL_MEASURES.get(goal, ()) for goal in goals]
    for rank in range(max((len(keys) for keys in lists), default=0)):
        for keys in lists:
            if rank < len(keys) and keys[rank] not in chosen:
                chosen.append(keys[rank])
    return tuple(MEASURES[key] for key in chosen[:MAX_MEASURES])


def works_hands_apart(routine: Routine) -> bool:
    """True when some step is done on one hand at a time, so a rating per hand means something."""
    return any(step.hand is not Hand.BOTH for step in routine.steps)


@dataclass(frozen=True, slots=True)
class Question:
    measure: Measure
    hand: Hand = Hand.BOTH
    """LEFT or RIGHT when asked per hand; BOTH for the hands together."""

    @property
    def text(self) -> str:
        if self.hand is Hand.BOTH:
            return self.measure.question
        side = "left" if self.hand is Hand.LEFT else "right"
        return f"{self.measure.question.rstrip('?')} (your {side} hand)?"

    @property
    def scale(self) -> str:
        """`0 loose … 10 very stiff`."""
        return f"0 {self.measure.low} … 10 {self.measure.high}"


def questions(routine: Routine, per_hand: bool = False) -> tuple[Question, ...]:
    """What to ask about `routine`: its goals' measures, per hand when wanted and it makes sense."""
    hands = (Hand.LEFT, Hand.RIGHT) if per_hand and works_hands_apart(routine) else (Hand.BOTH,)
    return tuple(
        Question(measure, hand) for measure in measures_for(routine.goals) for hand in hands
    )


def rating_of(key: str) -> int | None:
    """The rating a key gives: a digit, or `t` for 10; None for any other key."""
    if len(key) == 1 and key.isdigit() and key.isascii():
        return int(key)
    if key.lower() == TEN_KEY:
        return 10
    return None


@dataclass(frozen=True, slots=True)
class Rating:
    """One answer to one question, at one moment."""

    moment: Moment
    measure: str
    hand: Hand
    value: int

    def __post_init__(self) -> None:
        if not 0 <= self.value <= 10:
            raise ValueError(f"a rating is from 0 to 10, got {self.value!r}")
        if self.hand is Hand.EACH:
            raise ValueError("a rating is for the left hand, the right hand, or both")


def answer(question: Question, moment: Moment, value: int) -> Rating:
    return Rating(moment, question.measure.key, question.hand, value)
