"""What the studies the articles cite actually did, so a step that cites one can be held to it.

A study tried one kind of massage: a pressure, an area of the arm, and someone who gave it. A
step that does something else may still cite the study, but then the source's note must say
what the study did (its pressure, its area, who gave it), so nobody reads a light self-massage
of the hand as the thing that was tested. `handcue check` warns where a note is silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from handcue.core.problems import Remark
from handcue.core.routine import Area, Pressure, Routine, Source, Step, Study

HAND = frozenset(Area) - {Area.FOREARM}


@dataclass(frozen=True, slots=True)
class Trial:
    """One study as it was done, as far as its published abstract says."""

    ids: tuple[str, ...]
    """Its PubMed or PMC numbers; empty when the articles give none."""
    pressure: Pressure | None
    """The pressure the massage used; None when the study does not say."""
    areas: frozenset[Area] | None
    """The parts of the arm it massaged: empty when it massaged somewhere else (`elsewhere`
    names where), None when the abstract does not say."""
    given_by: tuple[str, ...]
    """Words naming who gave the massage ("volunteers"), any one of which a note may use; the
    first is the one a warning shows."""
    self_massage: bool = False
    """True when the people in the study also massaged themselves."""
    titles: tuple[str, ...] = ()
    """Words of its title (casefolded), for a study cited without a number."""
    elsewhere: tuple[str, ...] = ()
    """For a study off the arm: the words a note must use to say where it massaged."""

    def cited_by(self, study: Study) -> bool:
        if {study.pubmed, study.pmc} & set(self.ids) - {""}:
            return True
        title = study.title.casefold()
        return any(words in title for words in self.titles)

    def area_words(self) -> tuple[str, ...]:
        """How a note may name where the study massaged."""
        return self.elsewhere or tuple(sorted(area.value for area in self.areas or ()))


_SOMEONE = ("someone else", "another person")
ARM = frozenset(Area)
"""The hand and the forearm: every area a step can work."""

TRIALS: tuple[Trial, ...] = (
    Trial(
        ("20056221",),
        Pressure.MODERATE,
        frozenset({Area.WRIST}),
        (*_SOMEONE, "researchers", "staff"),
    ),
    Trial(("32919894",), None, HAND, ("volunteers", *_SOMEONE)),
    Trial(("21982138",), Pressure.MODERATE, ARM, ("therapist", *_SOMEONE), self_massage=True),
    Trial(("PMC4913123",), Pressure.FIRM, ARM, (*_SOMEONE, "researchers", "therapist")),
    Trial(
        (),
        None,
        None,
        ("therapist", *_SOMEONE),
        self_massage=True,
        titles=("carpal tunnel syndrome symptoms are lessened following massage therapy",),
    ),
    Trial(
        (),
        None,
        ARM,
        (*_SOMEONE, "given to them"),
        titles=("power-grip performance after maximal exercise", "brooks et al., 2005"),
    ),
    Trial(
        (),
        None,
        frozenset(),
        (*_SOMEONE, "given to them"),
        titles=("effects of massage on delayed onset muscle soreness",),
        elsewhere=("hamstrings",),
    ),
    Trial(
        (),
        None,
        None,
        ("nurses", "nursing", *_SOMEONE),
        titles=("aromatherapy massage for neuropathic pain",),
    ),
)
"""Each study the routines cite, from its published abstract. With a number in the articles:
HT7 acupressure for insomnia in care homes (light touch on the point was the control group);
hand massage by volunteers before surgery; moderate-pressure massage of hand and forearm for
hand pain, weekly by a therapist and daily by the person; one session of deep (firm) strokes
and kneading of forearm and hand for 44 healthy young men. Named by the articles without a
number: carpal tunnel symptoms over four weeks of daily self-massage and a weekly therapist's
massage (Field and others, 2004; pressure and areas not in the abstract); five minutes of
forearm and hand massage, given straight after three minutes of hard gripping (Brooks and
others, 2005); twenty minutes of massage of the hamstrings two hours after hard exercise
(Hilbert, Sforzo and Swensen, 2003); aromatherapy massage three times a week for four weeks
for painful diabetic neuropathy, a nursing study that does not say in its abstract where it
massaged (Gok Metin and others, 2017)."""


def trial_of(study: Study | None) -> Trial | None:
    if study is None:
        return None
    return next((trial for trial in TRIALS if trial.cited_by(study)), None)


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
    area_words = trial.area_words()
    if (
        trial.areas is not None
        and step.areas
        and not set(step.areas) & trial.areas
        and not _says(source, area_words)
    ):
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
    if trial.areas is None:
        return
    area_words = trial.area_words()
    touched = {area for step in routine.steps for area in step.areas}
    if touched and not touched & trial.areas and not _says(source, area_words):
        yield f"no step works the {', '.join(sorted(area_words))}, where {study} massaged"


def mismatches(routine: Routine) -> list[Remark]:
    """Every way a routine parts from a study it cites without its note saying so."""
    found: list[Remark] = []
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
                Remark(
                    f"the routine is self-massage but {_name(source.study)} was given by "
                    f"{trial.given_by[0]}; say who gave it in the source's note"
                )
            )
        if not source.steps:
            found += [
                Remark(f"the routine: {reason}")
                for reason in _routine_mismatches(routine, source, trial)
            ]
            continue
        for number, step in enumerate(routine.steps, start=1):
            if step.key is None or step.key not in source.steps:
                continue
            for reason in _step_mismatches(source, trial, step):
                found.append(Remark(f"step {number} '{step.title}' {reason}", step.line))
    return found
