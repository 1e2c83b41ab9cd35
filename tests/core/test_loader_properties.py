"""Generated YAML with any tag, scalars of every size and deep structures, written into routine
files and tweaks files: each is read into values or into problems with a line and column,
never into an exception, and nothing read or reported carries a control character."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handcue.core.loader import LoadError, parse_routine
from handcue.core.safe_text import first_control
from handcue.storage.tweaks_yaml import parse as parse_tweaks

TAGS = [
    "",
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!timestamp",
    "!!binary",
    "!!merge",
    "!!value",
    "!!map",
    "!!seq",
    "!!set",
    "!!omap",
    "!!pairs",
    "!!python/object:os.system",
    "!!python/name:builtins.eval",
    "!custom",
    "!<tag:example.com,2024:x>",
    "!",
]
CHARACTERS = st.characters(exclude_categories=["Cs"])
WORDS = ["sleep", "both", "each", "thumb", "gentle", "maybe", "yes", "~", "0x", "0b", "1:30"]


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar for any text: JSON's escapes are YAML's."""
    return json.dumps(text)


def _escaped(codes: list[int]) -> str:
    """A double-quoted scalar holding characters given by YAML escapes (\\e, \\x9b, \\u0085)."""
    return (
        '"' + "".join(f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}" for code in codes) + '"'
    )


scalar_text = st.one_of(
    st.sampled_from(WORDS),
    st.text(CHARACTERS, max_size=12).map(_quoted),
    st.lists(st.integers(0, 0x2FF), min_size=1, max_size=6).map(_escaped),
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    # scalars of every size: long runs of digits (numbers far beyond any float) or letters
    st.builds(lambda digit, count: digit * count, st.sampled_from("19"), st.integers(1, 6000)),
    st.builds(lambda letter, count: letter * count, st.sampled_from("ax"), st.integers(1, 70_000)),
    st.just('""'),
)


@st.composite
def tagged_scalar(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(TAGS))
    text = draw(scalar_text)
    return f"{tag} {text}".strip() if tag else text


def _flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tags = st.sampled_from(TAGS)
    lists = st.builds(
        lambda tag, items: f"{tag} [{', '.join(items)}]".strip(),
        tags,
        st.lists(children, max_size=4),
    )
    maps = st.builds(
        lambda tag, pairs: f"{tag} {{{', '.join(f'{k}: {v}' for k, v in pairs)}}}".strip(),
        tags,
        st.lists(
            st.tuples(st.sampled_from(["title", "x", "<<", "? [a]", "1"]), children), max_size=4
        ),
    )
    return lists | maps


flow_value = st.recursive(tagged_scalar(), _flow, max_leaves=12)
deep_value = st.builds(
    lambda depth, inner: "[" * depth + inner + "]" * depth, st.integers(1, 40), flow_value
)
value = st.one_of(flow_value, deep_value)

SKELETON = """\
title: {title}
goals: [{goal}]
switch_seconds: {switch}
steps:
  - &first
    title: {step_title}
    instruction: {instruction}
    duration: {duration}
    tempo: {tempo}
    hand: {hand}
    areas: [{area}]
    reps: {reps}
  - <<: *first
    key: {key}
"""
FIELDS: tuple[str, ...] = ("title", "goal", "switch", "step_title", "instruction", "duration")
FIELDS += ("tempo", "hand", "area", "reps", "key")
DEFAULTS = {
    "title": "Fuzz",
    "goal": "sleep",
    "switch": "3",
    "step_title": "One",
    "instruction": "Rub.",
    "duration": "10",
    "tempo": "30",
    "hand": "each",
    "area": "thumb",
    "reps": "3",
    "key": "two",
}


@st.composite
def routine_document(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(value)  # sometimes the whole file is one odd value
    fields = dict(DEFAULTS)
    for name in draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=4, unique=True)):
        fields[name] = draw(value)
    return SKELETON.format(**fields)


def _texts(routine: object) -> list[str]:
    steps = getattr(routine, "steps", ())
    found = [getattr(routine, name) for name in ("title", "summary", "prepare")]
    found += [text for step in steps for text in (step.title, step.instruction)]
    return found


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(routine_document())
def test_any_generated_routine_is_values_or_located_problems(text: str) -> None:
    try:
        routine = parse_routine(text, Path("fuzz.yaml"))
    except LoadError as error:
        assert error.problems
        for problem in error.problems:
            shown = str(problem)
            assert problem.line >= 1 and problem.column >= 1, shown
            assert first_control(shown) is None and "\n" not in shown
            assert len(shown) < 1000, "a huge value is cut short"
        return
    assert all(first_control(text) is None for text in _texts(routine))
    assert all(step.duration > 0 for step in routine.steps)


TWEAKS = """\
{routine_id}:
  scale: {scale}
  steps:
    {label}: {seconds}
    thumb: 30
other:
  scale: 1.5
"""


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.fixed_dictionaries(
        {"routine_id": value, "scale": value, "label": value, "seconds": value}
    ).filter(lambda fields: any(fields.values()))
)
def test_any_generated_tweaks_file_is_values_or_reported_lines(fields: dict[str, str]) -> None:
    # a key longer than 1024 characters must be written as `? key`; that is YAML, not ours
    text = TWEAKS.format(**{name: _as_key(name, text) for name, text in fields.items()})
    snapshot = parse_tweaks(text.encode(), "tweaks.yaml")
    for problem in snapshot.problems:
        assert problem.startswith("tweaks.yaml")
        assert len(problem) < 1000
    if not snapshot.damaged:
        assert all(isinstance(key, str) for key in snapshot.tweaks)


def _as_key(name: str, text: str) -> str:
    return text if name not in ("routine_id", "label") or len(text) < 1000 else "x"
