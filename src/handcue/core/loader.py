"""Turns a routine file into a `Routine`, or into a list of problems a person can act on.

Every value keeps the line and column it came from (`core.node_reader`), and every problem is
collected, so a person sees them all at once with the place to edit.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml
from yaml.nodes import Node, ScalarNode

from handcue.core.durations import DURATION_HINT, DurationError, parse_duration
from handcue.core.node_reader import (
    REJECTED,
    NodeReader,
    choices,
    unknown_keys,
)
from handcue.core.problems import Problem
from handcue.core.routine import (
    DEFAULT_SWITCH_SECONDS,
    Area,
    Hand,
    Intensity,
    Pressure,
    Routine,
    Source,
    Step,
    Technique,
)
from handcue.core.safe_text import quoted, visible
from handcue.core.source_reader import read_sources
from handcue.core.vocabulary import GOALS, PRECAUTIONS
from handcue.core.yaml_errors import explain
from handcue.core.yaml_values import (
    TooHostile,
    kind,
    place,
    reader_error_place,
    single_node,
)


class LoadError(Exception):
    """Raised by `parse_routine` when a file has problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


MAX_FILE_BYTES = 1024 * 1024
MAX_SWITCH_SECONDS = 30.0
MAX_REPS = 1000
TEMPO_RANGE = (5.0, 200.0)

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_ID_HINT = "lowercase letters, digits and dashes, such as 'bedtime-wind-down'"

ROUTINE_KEYS = (
    "title",
    "id",
    "summary",
    "goals",
    "intensity",
    "cautions",
    "prepare",
    "sources",
    "switch_seconds",
    "partner",
    "steps",
)
STEP_KEYS = (
    "title",
    "instruction",
    "technique",
    "hand",
    "areas",
    "pressure",
    "duration",
    "reps",
    "key",
    "tempo",
    "tempo_end",
)


def _read_step(reader: NodeReader, node: Node, number: int) -> Step | None:
    where = f"step {number}"
    keys = reader.mapping(node, where)
    if keys is None:
        return None
    unknown_keys(reader, keys, STEP_KEYS, where)
    before = len(reader.problems)

    def value(name: str) -> Node | None:
        pair = keys.get(name)
        return pair[1] if pair else None

    for required in ("title", "instruction", "duration"):
        if required not in keys:
            hint = f" such as {DURATION_HINT}" if required == "duration" else ""
            reader.problem(node, f"{where} has no '{required}'; add '{required}:'{hint}")

    title = reader.text(n, f"{where} title", required=True) if (n := value("title")) else None
    instruction = (
        reader.text(n, f"{where} instruction", required=True)
        if (n := value("instruction"))
        else None
    )
    duration = _read_duration(reader, n, where) if (n := value("duration")) is not None else None
    technique = reader.choice(n, "technique", Technique) if (n := value("technique")) else None
    hand = reader.choice(n, "hand", Hand) if (n := value("hand")) else Hand.BOTH
    pressure = reader.choice(n, "pressure", Pressure) if (n := value("pressure")) else None
    areas = _read_areas(reader, n, where) if (n := value("areas")) is not None else []
    reps = _read_reps(reader, n, where) if (n := value("reps")) is not None else None
    key = _read_key(reader, n, where) if (n := value("key")) is not None else None
    tempo = reader.number(n, "tempo", *TEMPO_RANGE) if (n := value("tempo")) else None
    tempo_end = None
    if (n := value("tempo_end")) is not None:
        tempo_end = reader.number(n, "tempo_end", *TEMPO_RANGE)
        if "tempo" not in keys:
            reader.problem(n, f"{where} has tempo_end but no tempo; add 'tempo:' for the start")

    if len(reader.problems) > before or title is None or instruction is None or duration is None:
        return None
    return Step(
        title=title,
        instruction=instruction,
        duration=duration,
        technique=technique,
        hand=hand or Hand.BOTH,
        areas=tuple(areas),
        pressure=pressure,
        reps=reps,
        key=key,
        tempo=tempo,
        tempo_end=tempo_end,
        line=node.start_mark.line + 1,
    )


def _read_duration(reader: NodeReader, node: Node, where: str) -> float | None:
    raw = reader.scalar(node)
    if raw is REJECTED:
        return None
    if not isinstance(node, ScalarNode):
        reader.problem(node, f"{where} duration: expected {DURATION_HINT}, {kind(node)}")
        return None
    try:
        return parse_duration(raw)
    except DurationError as error:
        reader.problem(node, f"{where} duration: {error}")
        return None


def _read_areas(reader: NodeReader, node: Node, where: str) -> list[Area]:
    areas = (
        reader.items(node, "areas", "area", lambda item, what: reader.choice(item, what, Area))
        or []
    )
    if len(set(areas)) != len(areas):
        reader.problem(node, f"{where} lists an area more than once")
    return areas


def _read_reps(reader: NodeReader, node: Node, where: str) -> int | None:
    raw = reader.scalar(node)
    if raw is REJECTED:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_REPS:
        reader.problem(
            node, f"{where} reps must be a whole number from 1 to {MAX_REPS}, {kind(node)}"
        )
        return None
    return raw


def _read_key(reader: NodeReader, node: Node, where: str) -> str | None:
    """A step's key, by which the sources name it."""
    key = reader.text(node, f"{where} key")
    if key is not None and not _ID.match(key):
        reader.problem(node, f"{where} key {quoted(key)} must be {_ID_HINT}")
        return None
    return key


def _read_routine(reader: NodeReader, root: Node, default_id: str) -> Routine | None:
    keys = reader.mapping(root, "the routine")
    if keys is None:
        return None
    unknown_keys(reader, keys, ROUTINE_KEYS, "the routine")

    def value(name: str) -> Node | None:
        pair = keys.get(name)
        return pair[1] if pair else None

    for required in ("title", "goals", "steps"):
        if required not in keys:
            reader.problem(root, f"the routine has no '{required}'; add a '{required}:' line")

    title = reader.text(n, "title", required=True) if (n := value("title")) else None
    routine_id = _read_id(reader, n, default_id) if (n := value("id")) is not None else default_id
    summary = (reader.text(n, "summary") if (n := value("summary")) else None) or ""
    prepare = (reader.text(n, "prepare") if (n := value("prepare")) else None) or ""
    intensity = reader.choice(n, "intensity", Intensity) if (n := value("intensity")) else None
    goals = _read_goals(reader, n) if (n := value("goals")) is not None else []
    cautions = _read_cautions(reader, n) if (n := value("cautions")) is not None else []
    partner = _read_partner(reader, n) if (n := value("partner")) is not None else False
    switch = DEFAULT_SWITCH_SECONDS
    if (n := value("switch_seconds")) is not None:
        number = reader.number(n, "switch_seconds", 0, MAX_SWITCH_SECONDS)
        switch = switch if number is None else number

    steps: list[Step] = []
    complete = False
    if (n := value("steps")) is not None:
        steps, complete = _read_steps(reader, n)

    sources: list[Source] = []
    if (n := value("sources")) is not None:
        keys_known = {step.key for step in steps if step.key} if complete else None
        sources = read_sources(reader, n, keys_known)

    if reader.problems or title is None:
        return None
    return Routine(
        id=routine_id,
        title=title,
        steps=tuple(steps),
        summary=summary,
        goals=tuple(dict.fromkeys(goals)),
        intensity=intensity or Intensity.GENTLE,
        cautions=tuple(dict.fromkeys(cautions)),
        prepare=prepare,
        sources=tuple(sources),
        switch_seconds=switch,
        partner=partner,
        path=reader.path,
    )


def _read_id(reader: NodeReader, node: Node, default_id: str) -> str:
    """The id the file gives, or `default_id` (from the file's name) when it gives none."""
    text = reader.text(node, "id", required=True)
    if not text:
        return default_id
    if not _ID.match(text):
        reader.problem(node, f"id {quoted(text)} must be {_ID_HINT}")
        return default_id
    return text


def _read_goals(reader: NodeReader, node: Node) -> list[str]:
    goals = (
        reader.items(node, "goals", "goal", lambda item, what: reader.keyword(item, what, GOALS))
        or []
    )
    if not goals and not reader.problems:
        reader.problem(node, f"goals is empty; name at least one of {choices(GOALS)}")
    return goals


def _read_cautions(reader: NodeReader, node: Node) -> list[str]:
    def caution(item: Node, what: str) -> str | None:
        return reader.keyword(item, what, PRECAUTIONS)

    return reader.items(node, "cautions", "caution", caution) or []


def _read_partner(reader: NodeReader, node: Node) -> bool:
    raw = reader.scalar(node) if isinstance(node, ScalarNode) else None
    if isinstance(raw, bool):
        return raw
    if raw is not REJECTED:
        reader.problem(node, "partner must be true (someone else's hands) or false (your own)")
    return False


def _read_steps(reader: NodeReader, node: Node) -> tuple[list[Step], bool]:
    """The steps that read well; and whether every step did (only then are all the keys the
    sources may name known)."""
    step_nodes = reader.sequence(node, "steps")
    if step_nodes == []:
        reader.problem(node, "steps is empty; a routine needs at least one step")
    numbered: list[tuple[int, Step]] = []
    for number, step_node in enumerate(step_nodes or [], start=1):
        step = _read_step(reader, step_node, number)
        if step is not None:
            numbered.append((number, step))
    seen: dict[str, int] = {}
    for number, step in numbered:
        if step.key is None:
            continue
        if step.key in seen:
            reader.problems.append(
                Problem(
                    reader.path,
                    step.line,
                    0,
                    f"step {number} key '{step.key}' is already used by step "
                    f"{seen[step.key]}; keys must be unique within a routine",
                )
            )
        seen.setdefault(step.key, number)
    complete = step_nodes is not None and len(numbered) == len(step_nodes)
    return [step for _, step in numbered], complete


def parse_routine(text: str, path: Path, default_id: str | None = None) -> Routine:
    """Build a routine from YAML text; raises `LoadError` listing every problem found."""
    reader = NodeReader(path)
    try:
        root = single_node(text)
        if root is None:
            reader.problems.append(
                Problem(path, 1, 1, "the file is empty; a routine needs at least a title and steps")
            )
            routine = None
        else:
            routine = _read_routine(reader, root, default_id or _default_id(path))
    except TooHostile as abort:
        reader.problem_at(abort.mark, abort.message)
        routine = None
    except yaml.reader.ReaderError as error:
        line, column = reader_error_place(text, error)
        character = visible(chr(error.character)) if isinstance(error.character, int) else "?"
        reader.problems.append(
            Problem(
                path,
                line,
                column,
                f"the file holds the control character {character}, which YAML does not "
                "allow; remove it",
            )
        )
        routine = None
    except yaml.MarkedYAMLError as error:
        found = explain(error, text)
        reader.problems.append(
            Problem(path, found.line, found.column, f"not valid YAML: {found.message}")
        )
        routine = None
    except (yaml.YAMLError, RecursionError, UnicodeError) as error:
        reader.problems.append(Problem(path, 0, 0, f"this is not valid YAML: {error}"))
        routine = None
    if routine is None:
        problems = sorted(set(reader.problems)) or [
            Problem(path, 0, 0, "the file could not be read as a routine")
        ]
        raise LoadError(problems)
    return routine


def _default_id(path: Path) -> str:
    # accents come off rather than letters vanishing: café.yaml is "cafe", not "caf"
    plain = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^a-z0-9-]+", "-", plain.lower()).strip("-")
    return stem or "routine"


def parse_routine_bytes(data: bytes, path: Path) -> Routine:
    """Build a routine from a file's bytes: UTF-8 text (a byte-order mark is fine), never
    binary; raises `LoadError` listing every problem found."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        line = data.count(b"\n", 0, error.start) + 1
        raise LoadError(
            [Problem(path, line, column, "the file is not UTF-8 text; save it as UTF-8")]
        ) from None
    if (nul := text.find("\x00")) >= 0:
        line, column = place(text, nul)
        raise LoadError(
            [Problem(path, line, column, "the file holds binary data, not YAML text")]
        ) from None
    return parse_routine(text, path)
