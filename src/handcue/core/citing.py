"""How a routine's sources read as text, the same in `show`, the picker and the precautions.

A source should be checkable: the article's title in quotes, the section, the study with its
PubMed or PMC number and link, and a plain "not from the articles" where that is the case.
"""

from __future__ import annotations

from handcue.core.routine import Routine, Source, Study


def study_text(study: Study) -> str:
    """`Title (PubMed 20056221, https://...)`, or the title alone when no id is known."""
    ids = [study.pmc, f"PubMed {study.pubmed}" if study.pubmed else ""]
    named = ", ".join(part for part in ids if part)
    if not named:
        return study.title
    return f"{study.title} ({named}, {study.link})"


def source_text(source: Source) -> str:
    """One source on one line (long, to be wrapped by whoever shows it)."""
    if source.outside:
        head = f"Not from the articles: {source.outside}"
    elif source.article:
        head = f'"{source.article}"'
        if source.section:
            head += f', section "{source.section}"'
    else:
        head = source.note
    parts = [head]
    if source.note and (source.article or source.outside):
        parts.append(source.note)
    if source.study is not None:
        parts.append(f"Study: {study_text(source.study)}")
    return ". ".join(part.rstrip(".") for part in parts if part) + "."


def step_keys_text(routine: Routine, source: Source) -> str:
    """Which steps a source stands behind, by number and title: "steps 2 (Knead the palm)"."""
    named = []
    for number, step in enumerate(routine.steps, start=1):
        if step.key is not None and step.key in source.steps:
            named.append(f"{number} ({step.title})")
    if not named:
        return ""
    return ("step " if len(named) == 1 else "steps ") + ", ".join(named)


def outside_steps(routine: Routine) -> dict[int, str]:
    """Step index -> where it comes from, for steps a source marks as outside the articles."""
    marked: dict[int, str] = {}
    for source in routine.sources:
        if not source.outside:
            continue
        for index, step in enumerate(routine.steps):
            if step.key is not None and step.key in source.steps:
                marked.setdefault(index, source.outside)
    return marked


def source_lines(routine: Routine) -> list[str]:
    """Every source of `routine`, each with the steps it stands behind."""
    lines = []
    for source in routine.sources:
        text = source_text(source)
        steps = step_keys_text(routine, source)
        lines.append(f"{text} For {steps}." if steps else text)
    return lines
