"""Which cautions a routine calls for by what it does, so one left out is caught before play.

The rules are a small table: what a step does, what the routine is for, or what its
preparation asks for, and the caution that then belongs on the routine, with the reason in
words. A few steps need their own words changed instead (a wrist held bent back says to let go
if it tingles), and a step that cites a study is compared with what the study did. `handcue check` warns with them (for bundled routines and the user's own alike) and a
library test holds the bundled routines to them. Nothing here reads files or prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from handcue.core import evidence, sourcing
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


def _massages(step: Step) -> bool:
    """True when the step touches the skin as massage, at any pressure."""
    if step.technique in NOT_MASSAGE:
        return False
    return step.technique is not None or step.pressure is not None


def _presses(step: Step) -> bool:
    """True when the step is massage with at least moderate pressure."""
    return step.pressure in _WORKING and _massages(step)


_BENDS_BACK = re.compile(
    r"\bback\b|\bprayer\b|palms\s+together|\blower\s+the\s+hands\b", re.IGNORECASE
)
_STOP_IF_TINGLES = re.compile(r"\btingl\w*", re.IGNORECASE)
_OVER_THE_TUNNEL = re.compile(
    r"\b(?:from|at|on|over|along|across|into)\s+the\s+(?:inner\s+)?wrist\b|"
    r"\b(?:at|on|over|across|into)\s+the\s+heel\s+of\s+the\s+hand\b|"
    r"\ball\s+over\s+the\s+palm\b",
    re.IGNORECASE,
)
"""Words that put a press on the wrist crease or the heel of the hand, over the carpal tunnel:
"at the wrist", "from the wrist crease", "on the heel of the hand", "all over the palm".
"Above the wrist" and "off the wrist" keep clear of it."""


def bends_wrist_back(step: Step) -> bool:
    """A stretch that holds the wrist bent back: fingers eased back with the arm out, or palms
    pressed together and lowered."""
    return (
        step.technique is Technique.STRETCH
        and bool({Area.WRIST, Area.FOREARM} & set(step.areas))
        and bool(_BENDS_BACK.search(step.instruction))
    )


def presses_over_the_tunnel(step: Step) -> bool:
    """Moderate or firm massage on the wrist crease or the heel of the hand, where the median
    nerve runs through the carpal tunnel."""
    return _presses(step) and (
        Area.WRIST in step.areas or bool(_OVER_THE_TUNNEL.search(step.instruction))
    )


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
        "massages the forearm, where any massage could move a clot in the arm",
        lambda step: Area.FOREARM in step.areas and _massages(step),
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
        "blood-thinners",
        "kneads firmly or pinches, which can bruise skin that bruises easily",
        lambda step: (
            (step.pressure is Pressure.FIRM and _massages(step))
            or (step.technique is Technique.PINCH and step.pressure in _WORKING)
        ),
    ),
    StepRule(
        "nerve-stretch",
        "holds the wrist bent back, which squeezes the nerve through the wrist",
        bends_wrist_back,
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
    GoalRule("swelling", "arthritis-flare"),
    GoalRule("swelling", "pregnancy-swelling"),
    GoalRule("circulation", "colour-change"),
    GoalRule("scars", "healed-skin"),
    GoalRule("scars", "acute-injury"),
    GoalRule("dry-skin", "skin"),
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
_COLD = re.compile(
    r"\b(?:cold|cool|ice|gel)\s+(?:pack|compress|pad|towel|cloth|water|therapy)s?\b|"
    r"\bice\b|\biced\b|\bchilled\b|\bfrozen\b",
    re.IGNORECASE,
)
_SCENTED = re.compile(
    r"\bessential\s+oils?\b|\bscented\b|\bperfumed\b|\bfragranc\w*|\baromatherapy\b|"
    r"\blavender\b|\beucalyptus\b|\bmenthol\b|\barnica\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:no|without|not|skip)\W+(?:\w+\W+)?$", re.IGNORECASE)

WORD_RULES: tuple[WordRule, ...] = (
    WordRule(
        "heat", "warms the hands with outside heat, to be tested before it touches skin", _HEAT
    ),
    WordRule(
        "skin", "puts lotion or oil on the skin, which broken or inflamed skin should miss", _LOTION
    ),
    WordRule("cold", "cools the hands with a cold pack or ice, which can harm skin", _COLD),
    WordRule(
        "scented", "uses a scented product or essential oil, which can irritate skin", _SCENTED
    ),
)


@dataclass(frozen=True, slots=True)
class LineRule:
    """A step that does `what` must be worded with `fix`: no caution stands in for the words."""

    what: str
    fix: str
    matches: Callable[[Routine, Step], bool]


LINE_RULES: tuple[LineRule, ...] = (
    LineRule(
        "holds the wrist bent back",
        "say in its instruction to let go if the fingers tingle",
        lambda _routine, step: (
            bends_wrist_back(step) and not _STOP_IF_TINGLES.search(step.instruction)
        ),
    ),
    LineRule(
        "presses on the wrist crease or the heel of the hand, over the carpal tunnel, in a "
        "routine for carpal tunnel",
        "keep the pressure light there, or start above the crease",
        lambda routine, step: "carpal-tunnel" in routine.goals and presses_over_the_tunnel(step),
    ),
)
"""Rules about a step's own words or pressure, for steps no caution can make safe."""


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


def mentions(pattern: re.Pattern[str], text: str) -> bool:
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
        if mentions(word_rule.pattern, routine.prepare):
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
            if mentions(word_rule.pattern, step.instruction):
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


@dataclass(frozen=True, slots=True)
class Wording:
    """A step whose own words or pressure need changing."""

    reason: str
    line: int
    step: int

    def problem(self, path: Path) -> Problem:
        return Problem(path, self.line, 0, f"warning: {self.reason}")


def unsafe_steps(routine: Routine) -> list[Wording]:
    """Steps that break a line rule, each with what to change."""
    found = []
    for number, step in enumerate(routine.steps, start=1):
        for rule in LINE_RULES:
            if rule.matches(routine, step):
                reason = f"{_step_name(number, step)} {rule.what}; {rule.fix}"
                found.append(Wording(reason, step.line, number))
    return found


def warnings(routine: Routine) -> list[Problem]:
    """Every warning for `handcue check`: missing cautions, unsafe steps, steps that part from
    the study they cite without saying so, and sources a reader would not find."""
    path = routine.path or Path(f"{routine.id}.yaml")
    problems = [finding.problem(path) for finding in missing(routine)]
    problems += [wording.problem(path) for wording in unsafe_steps(routine)]
    problems += [mismatch.problem(path) for mismatch in evidence.mismatches(routine)]
    problems += [citation.problem(path) for citation in sourcing.unfound(routine)]
    return problems
