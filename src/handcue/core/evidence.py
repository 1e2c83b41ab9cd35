"""What the studies the articles cite actually did, so a step that cites one can be held to it.

A study tried one kind of massage: a pressure, an area of the arm, and someone who gave it. A
step that does something else may still cite the study, but then the source's note must say
what the study did (its pressure, its area, who gave it), so nobody reads a light self-massage
of the hand as the thing that was tested. `handcue check` warns where a note is silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from handcue.core.problems import Problem
from handcue.core.routine import Area, Pressure, Routine, Source, Step, Study

HAND = frozenset(Area) - {Area.FOREARM}


@dataclass(frozen=True, slots=True)
class Trial:
    """One study as it was done."""

    ids: tuple[str, ...]
    """Its PubMed or PMC number, or the title the articles give it."""
    pressure: Pressure | None
    """The pressure the massage used; None when the study does not say."""
    areas: frozenset[Area]
    given_by: tuple[str, ...]
    """Words naming who gave the massage ("volunteers"), any one of which a note may use;
    empty when people massaged themselves, so self-massage matches."""
    self_massage: bool = False
    """True when the people in the study also massaged themselves."""

    def cited_by(self, study: Study) -> bool:
        return bool({study.pubmed, study.pmc, study.title} & set(self.ids))


_SOMEONE = ("someone else", "another person")

TRIALS: tuple[Trial, ...] = (
    Trial(
        ("20056221",),
        Pressure.MODERATE,
        frozenset({Area.WRIST}),
        (*_SOMEONE, "researchers", "staff"),
    ),
    Trial(("32919894",), None, HAND, ("volunteers", *_SOMEONE)),
    Trial(
        ("21982138",),
        Pressure.MODERATE,
        frozenset(Area),
        ("therapist", *_SOMEONE),
        self_massage=True,
    ),
    Trial(
        ("PMC4913123",), None, frozenset({Area.FOREARM}), (*_SOMEONE, "researchers", "therapist")
    ),
)
"""The studies the articles give with a number, from their published abstracts: HT7
acupressure for insomnia (light touch on the point was the control); hand massage before
surgery given by volunteers; moderate-pressure massage of hand and forearm, weekly by a
therapist and daily by the person; forearm massage of healthy young men."""


def trial_of(study: Study | None) -> Trial | None:
    if study is None:
        return None
    return next((trial for trial in TRIALS if trial.cited_by(study)), None)


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A step (or the routine) does what the study it cites did not, and the note is silent."""

    reason: str
    line: int = 0

    def problem(self, path: Path) -> Problem:
        return Problem(path, self.line, 0, f"warning: {self.reason}")


def _says(source: Source, words: tuple[str, ...]) -> bool:
    note = source.note.casefold()
    return any(word in note for word in words)


def _name(study: Study) -> str:
    number = f"PubMed {study.pubmed}" if study.pubmed else study.pmc
    return f"the study it cites ({number})" if number else "the study it cites"


def _step_mismatches(source: Source, trial: Trial, step: Step) -> Iterator[str]:
    assert source.study is not None
    study = _name(source.study)
    pressure = trial.pressure
    if (
        pressure is not None
        and step.pressure not in (None, pressure)
        and not _says(source, (pressure.value,))
    ):
        yield (
            f"uses {step.pressure} pressure but {study} used {pressure}; "
            f"say so in the source's note or match the step to it"
        )
    area_words = tuple(area.value for area in trial.areas)
    if step.areas and not set(step.areas) & trial.areas and not _says(source, area_words):
        where = ", ".join(sorted(area_words))
        yield (
            f"works the {', '.join(step.areas)} but {study} massaged the {where}; "
            f"say so in the source's note"
        )


def _routine_mismatches(routine: Routine, source: Source, trial: Trial) -> Iterator[str]:
    """A study cited for the whole routine: some step should do what it did, or the note say."""
    assert source.study is not None
    study = _name(source.study)
    massage = [step for step in routine.steps if step.pressure is not None]
    pressure = trial.pressure
    if (
        pressure is not None
        and massage
        and all(step.pressure is not pressure for step in massage)
        and not _says(source, (pressure.value,))
    ):
        yield (
            f"no step uses the {pressure} pressure of {study}; say so in the source's note "
            f"or match the steps to it"
        )
    area_words = tuple(area.value for area in trial.areas)
    touched = {area for step in routine.steps for area in step.areas}
    if touched and not touched & trial.areas and not _says(source, area_words):
        yield f"no step works the {', '.join(sorted(area_words))}, where {study} massaged"


def mismatches(routine: Routine) -> list[Mismatch]:
    """Every way a routine parts from a study it cites without its note saying so."""
    found: list[Mismatch] = []
    for source in routine.sources:
        trial = trial_of(source.study)
        if trial is None or source.study is None:
            continue
        if (
            trial.given_by
            and not routine.partner
            and not trial.self_massage
            and not _says(source, trial.given_by)
        ):
            found.append(
                Mismatch(
                    f"the routine is self-massage but {_name(source.study)} was given by "
                    f"{trial.given_by[0]}; say who gave it in the source's note"
                )
            )
        if not source.steps:
            found += [
                Mismatch(f"the routine: {reason}")
                for reason in _routine_mismatches(routine, source, trial)
            ]
            continue
        for number, step in enumerate(routine.steps, start=1):
            if step.key is None or step.key not in source.steps:
                continue
            for reason in _step_mismatches(source, trial, step):
                found.append(Mismatch(f"step {number} '{step.title}' {reason}", step.line))
    return found
