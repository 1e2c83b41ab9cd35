"""Which cautions a routine calls for by what it does, so one left out is caught before play.

The rules are a small table: what a step does, what the routine is for, or what its
preparation asks for, and the caution that then belongs on the routine, with the reason in
words. `handcue check` warns with them (for bundled routines and the user's own alike) and a
library test holds the bundled routines to them. Nothing here reads files or prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from handcue.core.problems import Problem
from handcue.core.routine import Area, Pressure, Routine, Step, Technique
from handcue.core.vocabulary import PRECAUTIONS

NOT_MASSAGE = frozenset(
    {
        Technique.STRETCH,
        Technique.SHAKE_OUT,
        Technique.GRIP,
        Technique.BREATHING,
        Technique.WRIST_CIRCLES,
    }
)
"""Moving one's own hand is not pressing on it: these never make a step's pressure count."""

_WORKING = frozenset({Pressure.MODERATE, Pressure.FIRM})


def _presses(step: Step) -> bool:
    """True when the step is massage with at least moderate pressure."""
    return step.pressure in _WORKING and step.technique not in NOT_MASSAGE


@dataclass(frozen=True, slots=True)
class StepRule:
    """A step that does `what` needs `caution` on its routine."""

    caution: str
    what: str
    matches: Callable[[Step], bool]


@dataclass(frozen=True, slots=True)
class GoalRule:
    """A routine for `goal` needs `caution`: the people who pick it are the ones it concerns."""

    goal: str
    caution: str


@dataclass(frozen=True, slots=True)
class WordRule:
    """Text that asks for `what` (matched by `pattern`) needs `caution`."""

    caution: str
    what: str
    pattern: re.Pattern[str]


STEP_RULES: tuple[StepRule, ...] = (
    StepRule(
        "circulatory",
        "works the forearm with moderate or firm pressure, which could move a clot in the arm",
        lambda step: Area.FOREARM in step.areas and _presses(step),
    ),
    StepRule(
        "osteoporosis",
        "uses firm pressure, which fragile bones may not bear",
        lambda step: step.pressure is Pressure.FIRM and step.technique not in NOT_MASSAGE,
    ),
    StepRule(
        "arthritis-flare",
        "uses firm pressure, too much for joints in a flare-up",
        lambda step: step.pressure is Pressure.FIRM and step.technique not in NOT_MASSAGE,
    ),
    StepRule(
        "pregnancy",
        "holds pressure on the web of the thumb, a point acupressure avoids in pregnancy",
        lambda step: Area.WEB in step.areas and _presses(step),
    ),
)

GOAL_RULES: tuple[GoalRule, ...] = (
    GoalRule("swelling", "swelling-red-flags"),
    GoalRule("swelling", "circulatory"),
    GoalRule("swelling", "acute-injury"),
    GoalRule("swelling", "cancer"),
    GoalRule("arthritis", "arthritis-flare"),
    GoalRule("stiffness", "arthritis-flare"),
    GoalRule("neuropathy", "neuropathy"),
    GoalRule("carpal-tunnel", "neuropathy"),
)

_HEAT = re.compile(
    r"\b(?:warm|hot|heated|heat)\s+(?:compress|pack|pad|water|running water|towel|cloth|mug|"
    r"bath|soak)|\bcompress(?:es)?\b|\bsoak(?:ing)?\b|\bheat(?:ing)?\s+pad|\bheat\s+pack",
    re.IGNORECASE,
)
_LOTION = re.compile(r"\b(?:lotion|oil|cream|balm)s?\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:no|without|not|skip)\W+(?:\w+\W+)?$", re.IGNORECASE)

WORD_RULES: tuple[WordRule, ...] = (
    WordRule(
        "heat", "warms the hands with outside heat, to be tested before it touches skin", _HEAT
    ),
    WordRule(
        "skin", "puts lotion or oil on the skin, which broken or inflamed skin should miss", _LOTION
    ),
)


@dataclass(frozen=True, slots=True)
class Finding:
    """A caution the routine calls for and does not name."""

    caution: str
    reason: str
    """Says what calls for it: "step 3 'Knead the forearm' works the forearm ..."."""
    line: int = 0
    """Where the step is in the file; 0 for the routine as a whole."""
    step: int = 0
    """The step's number (1-based); 0 for the routine as a whole."""

    def problem(self, path: Path) -> Problem:
        precaution = PRECAUTIONS.get(self.caution)
        title = f" ({precaution.title})" if precaution else ""
        return Problem(
            path,
            self.line,
            0,
            f"warning: {self.reason}; add '{self.caution}'{title} to its cautions",
        )


def _mentions(pattern: re.Pattern[str], text: str) -> bool:
    """True when `text` asks for the thing, not when it says to go without it ("no lotion")."""
    return any(not _NEGATED.search(text[: match.start()]) for match in pattern.finditer(text))


def _step_name(number: int, step: Step) -> str:
    return f"step {number} '{step.title}'"


def required(routine: Routine) -> Iterator[Finding]:
    """Every reason the routine's steps, goals and preparation give for each caution, in order."""
    for goal_rule in GOAL_RULES:
        if goal_rule.goal in routine.goals:
            yield Finding(goal_rule.caution, f"the routine is for {goal_rule.goal}")
    for word_rule in WORD_RULES:
        if _mentions(word_rule.pattern, routine.prepare):
            yield Finding(word_rule.caution, f"the preparation {word_rule.what}")
    for number, step in enumerate(routine.steps, start=1):
        for step_rule in STEP_RULES:
            if step_rule.matches(step):
                yield Finding(
                    step_rule.caution,
                    f"{_step_name(number, step)} {step_rule.what}",
                    step.line,
                    number,
                )
        for word_rule in WORD_RULES:
            if _mentions(word_rule.pattern, step.instruction):
                yield Finding(
                    word_rule.caution,
                    f"{_step_name(number, step)} {word_rule.what}",
                    step.line,
                    number,
                )


def missing(routine: Routine) -> list[Finding]:
    """The cautions `routine` calls for but does not name, each with its first reason (and the
    numbers of any other steps that call for it too)."""
    named = set(routine.cautions)
    first: dict[str, Finding] = {}
    others: dict[str, list[int]] = {}
    for finding in required(routine):
        if finding.caution in named:
            continue
        if finding.caution not in first:
            first[finding.caution] = finding
        elif finding.step and finding.step != first[finding.caution].step:
            steps = others.setdefault(finding.caution, [])
            if finding.step not in steps:
                steps.append(finding.step)
    result = []
    for caution, finding in first.items():
        more = others.get(caution)
        if more:
            numbers = ", ".join(str(n) for n in more[:-1])
            numbers = f"{numbers} and {more[-1]}" if numbers else str(more[-1])
            also = f"so do steps {numbers}" if len(more) > 1 else f"so does step {numbers}"
            finding = Finding(caution, f"{finding.reason} ({also})", finding.line, finding.step)
        result.append(finding)
    return result


def warnings(routine: Routine) -> list[Problem]:
    """`missing` as problems on the routine's file, for `handcue check`."""
    path = routine.path or Path(f"{routine.id}.yaml")
    return [finding.problem(path) for finding in missing(routine)]
