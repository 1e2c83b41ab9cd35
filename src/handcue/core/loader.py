"""Turns a routine file into a `Routine`, or into a list of problems a person can act on.

YAML is read node by node rather than with `yaml.safe_load`, so that every value keeps the line
and column it came from, duplicate keys are caught, and a hostile file (huge, deeply nested,
alias bombs, Python tags) fails fast with a message instead of exhausting the machine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from handcue.core.durations import DURATION_HINT, DurationError, parse_duration
from handcue.core.files import FileTooLarge, NotARegularFile, read_regular
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
    Study,
    Technique,
)
from handcue.core.safe_text import first_control, kind_of_character, quoted, visible
from handcue.core.suggest import did_you_mean
from handcue.core.vocabulary import GOALS, PRECAUTIONS
from handcue.core.yaml_errors import explain
from handcue.core.yaml_values import (
    MERGE,
    BadValue,
    FastLoader,
    TooHostile,
    check_limits,
    kind,
    place,
    reader_error_place,
    scalar_value,
    tag_problem,
)

MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 200_000
MAX_SWITCH_SECONDS = 30.0
MAX_REPS = 1000
TEMPO_RANGE = (5.0, 200.0)

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_ID_HINT = "lowercase letters, digits and dashes, such as 'bedtime-wind-down'"

E = TypeVar("E", bound=StrEnum)
_REJECTED = object()
"""Stands for a value that was already reported, so no second message follows."""
T = TypeVar("T")


class LoadError(Exception):
    """Raised by `load_routine` when a file has problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def _choices(values: Iterable[str]) -> str:
    return ", ".join(values)


@dataclass
class _Reader:
    """Walks composed nodes, collecting problems with their positions."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    visited: int = 0
    merging: set[int] = field(default_factory=set)
    """The mappings whose merge keys are being followed, to catch one that merges itself."""

    def problem(self, node: Node | None, message: str) -> None:
        self.problem_at(node.start_mark if node else None, message)

    def problem_at(self, mark: Any, message: str) -> None:
        """`mark` is a PyYAML mark (pure or libyaml); None for the whole file."""
        if mark is None:
            self.problems.append(Problem(self.path, 0, 0, message))
        else:
            self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    def visit(self, node: Node) -> bool:
        """Counts the node against the expansion cap; False (reported) for a foreign tag."""
        self.visited += 1
        if self.visited > MAX_NODES:
            raise TooHostile(
                node.start_mark, f"the file expands to more than {MAX_NODES} values; remove aliases"
            )
        problem = tag_problem(node)
        if problem is not None:
            self.problem(node, problem)
            return False
        return True

    def value(self, node: ScalarNode) -> Any:
        """The scalar's plain value, or `_REJECTED` once its problem is reported."""
        try:
            return scalar_value(node)
        except BadValue as error:
            self.problem(node, str(error))
            return _REJECTED

    def scalar(self, node: Node) -> Any:
        """The node's plain value, or `_REJECTED` when it was already reported."""
        if not self.visit(node):
            return _REJECTED
        if not isinstance(node, ScalarNode):
            return node
        return self.value(node)

    def mapping(self, node: Node, what: str) -> dict[str, tuple[Node, Node]] | None:
        """Keys to (key node, value node); reports duplicates and non-text keys."""
        if not self.visit(node):
            return None
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} must be a mapping of 'key: value' lines, {kind(node)}")
            return None
        seen: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, f"keys in {what} must be plain words, {kind(key_node)}")
                continue
            key = self.scalar(key_node)
            if key is _REJECTED:
                continue
            if not isinstance(key, str):
                self.problem(key_node, f"keys in {what} must be plain words, got {quoted(key)}")
                continue
            if key in seen:
                first = seen[key][0].start_mark.line + 1
                self.problem(
                    key_node,
                    f"duplicate key {quoted(key)} in {what} (first given on line {first})",
                )
                continue
            seen[key] = (key_node, value_node)
        merged: dict[str, tuple[Node, Node]] = {}
        if id(node) in self.merging:
            self.problem(node, f"{what} merges itself ('<<' names its own anchor); remove that")
            return seen
        self.merging.add(id(node))
        try:
            for key_node, value_node in node.value:
                if key_node.tag == MERGE:
                    for base in _merge_sources(value_node):
                        for base_key, pair in (self.mapping(base, what) or {}).items():
                            merged.setdefault(base_key, pair)
        finally:
            self.merging.discard(id(node))
        merged.update(seen)
        return merged

    def sequence(self, node: Node, what: str) -> list[Node] | None:
        if not self.visit(node):
            return None
        if isinstance(node, ScalarNode):
            value = self.value(node)
            if value is None:
                return []
            if value is not _REJECTED:
                self.problem(
                    node, f"{what} must be a list ('- item' lines or [a, b]), {kind(node)}"
                )
            return None
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what} must be a list ('- item' lines or [a, b]), {kind(node)}")
            return None
        return list(node.value)

    def text(self, node: Node, what: str, *, required: bool = False) -> str | None:
        if not self.visit(node):
            return None
        if not isinstance(node, ScalarNode):
            self.problem(node, f"{what} must be text, {kind(node)}")
            return None
        value = self.value(node)
        if value is _REJECTED:
            return None
        if value is None:
            if required:
                self.problem(node, f"{what} is empty; write some text after the colon")
            return None
        if not isinstance(value, str):
            self.problem(
                node, f"{what} must be text; put {quoted(node.value)} in quotes to use it as text"
            )
            return None
        bad = first_control(value)
        if bad is not None:
            self.problem(
                node,
                f"{what} holds {kind_of_character(value[bad])} ({visible(value[bad])}), which "
                "could act on the terminal that shows it or hide text; remove it",
            )
            return None
        value = value.strip()
        if required and not value:
            self.problem(node, f"{what} is empty; write some text after the colon")
            return None
        return value

    def number(self, node: Node, what: str, low: float, high: float) -> float | None:
        value = self.scalar(node)
        if value is _REJECTED:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(node, f"{what} must be a number from {low:g} to {high:g}, {kind(node)}")
            return None
        if not low <= value <= high:
            self.problem(node, f"{what} must be from {low:g} to {high:g}, got {value:g}")
            return None
        return float(value)

    def choice(self, node: Node, what: str, enum: type[E]) -> E | None:
        word = self.text(node, what)
        if word is None:
            return None
        try:
            return enum(word.lower())
        except ValueError:
            self.problem(
                node,
                f"unknown {what} {quoted(word)}{did_you_mean(word.lower(), enum)} "
                f"(choose from {_choices(enum)})",
            )
            return None

    def keyword(self, node: Node, what: str, vocabulary: Mapping[str, object]) -> str | None:
        word = self.text(node, what)
        if word is None:
            return None
        if word.lower() not in vocabulary:
            self.problem(
                node,
                f"unknown {what} {quoted(word)}{did_you_mean(word.lower(), vocabulary)} "
                f"(choose from {_choices(vocabulary)})",
            )
            return None
        return word.lower()

    def items(
        self, node: Node, what: str, item: str, read: Callable[[Node, str], T | None]
    ) -> list[T] | None:
        nodes = self.sequence(node, what)
        if nodes is None:
            return None
        values = []
        for child in nodes:
            value = read(child, item)
            if value is not None:
                values.append(value)
        return values


def _merge_sources(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    return [node]


def _unknown_keys(
    reader: _Reader, keys: Mapping[str, tuple[Node, Node]], allowed: Iterable[str], where: str
) -> None:
    allowed = list(allowed)
    for key, (key_node, _) in keys.items():
        if key not in allowed:
            reader.problem(
                key_node,
                f"unknown key {quoted(key)} in {where}{did_you_mean(key, allowed)} "
                f"(allowed: {_choices(allowed)})",
            )


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


def _read_step(reader: _Reader, node: Node, number: int) -> Step | None:
    where = f"step {number}"
    keys = reader.mapping(node, where)
    if keys is None:
        return None
    _unknown_keys(reader, keys, STEP_KEYS, where)
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
    duration = None
    if (n := value("duration")) is not None:
        raw = reader.scalar(n)
        if raw is _REJECTED:
            pass
        elif not isinstance(n, ScalarNode):
            reader.problem(n, f"{where} duration: expected {DURATION_HINT}, {kind(n)}")
        else:
            try:
                duration = parse_duration(raw)
            except DurationError as error:
                reader.problem(n, f"{where} duration: {error}")
    technique = reader.choice(n, "technique", Technique) if (n := value("technique")) else None
    hand = reader.choice(n, "hand", Hand) if (n := value("hand")) else Hand.BOTH
    pressure = reader.choice(n, "pressure", Pressure) if (n := value("pressure")) else None
    areas: list[Area] = []
    if (n := value("areas")) is not None:
        areas = (
            reader.items(n, "areas", "area", lambda item, what: reader.choice(item, what, Area))
            or []
        )
        if len(set(areas)) != len(areas):
            reader.problem(n, f"{where} lists an area more than once")
    reps = None
    if (n := value("reps")) is not None:
        raw = reader.scalar(n)
        if raw is _REJECTED:
            pass
        elif isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_REPS:
            reader.problem(
                n, f"{where} reps must be a whole number from 1 to {MAX_REPS}, {kind(n)}"
            )
        else:
            reps = raw
    key = None
    if (n := value("key")) is not None:
        key = reader.text(n, f"{where} key")
        if key is not None and not _ID.match(key):
            reader.problem(n, f"{where} key {quoted(key)} must be {_ID_HINT}")
            key = None
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


SOURCE_KEYS = ("article", "outside", "section", "note", "study", "steps")
STUDY_KEYS = ("title", "pubmed", "pmc")
_PUBMED = re.compile(r"^[0-9]{1,9}$")
_PMC = re.compile(r"^PMC[0-9]{1,9}$")


def _read_sources(reader: _Reader, node: Node, step_keys: set[str] | None) -> list[Source]:
    """Each source names an article by title or says it is from outside them; plain text is
    kept as a note, so routines written before sources had fields still load. `step_keys` is
    None when a step could not be read, so its key cannot be checked against."""
    nodes = reader.sequence(node, "sources")
    sources: list[Source] = []
    for number, child in enumerate(nodes or [], start=1):
        source = _read_source(reader, child, number, step_keys)
        if source is not None:
            sources.append(source)
    return sources


def _read_source(
    reader: _Reader, node: Node, number: int, step_keys: set[str] | None
) -> Source | None:
    where = f"source {number}"
    if isinstance(node, ScalarNode):
        note = reader.text(node, where)
        return Source(note=note) if note else None
    keys = reader.mapping(node, where)
    if keys is None:
        return None
    _unknown_keys(reader, keys, SOURCE_KEYS, where)
    before = len(reader.problems)
    texts: dict[str, str] = {}
    for name in ("article", "outside", "section", "note"):
        pair = keys.get(name)
        texts[name] = (reader.text(pair[1], f"{where} {name}") or "") if pair else ""
    if texts["article"] and texts["outside"]:
        reader.problem(
            keys["outside"][0],
            f"{where} has both 'article' and 'outside'; a source is an article or from outside "
            "the articles, so split it in two",
        )
    elif not texts["article"] and not texts["outside"] and len(reader.problems) == before:
        reader.problem(
            node,
            f"{where} names no article; add 'article:' with the article's title, or 'outside:' "
            "saying where a step from outside the articles comes from",
        )
    study = _read_study(reader, pair[1], where) if (pair := keys.get("study")) else None
    steps: list[str] = []
    if (pair := keys.get("steps")) is not None:
        for item in reader.sequence(pair[1], f"{where} steps") or []:
            key = reader.text(item, f"{where} step key")
            if key is None:
                continue
            if step_keys is not None and key not in step_keys:
                reader.problem(
                    item,
                    f"{where} names the step '{key}', but no step has that key "
                    f"(keys: {_choices(sorted(step_keys)) or 'none; add key: to the step'})",
                )
            steps.append(key)
    if len(reader.problems) > before:
        return None
    return Source(
        article=texts["article"],
        outside=texts["outside"],
        section=texts["section"],
        note=texts["note"],
        study=study,
        steps=tuple(steps),
    )


def _read_study(reader: _Reader, node: Node, where: str) -> Study | None:
    keys = reader.mapping(node, f"{where} study")
    if keys is None:
        return None
    _unknown_keys(reader, keys, STUDY_KEYS, f"{where} study")
    title = None
    if (pair := keys.get("title")) is None:
        reader.problem(node, f"{where} study has no 'title'; add the study's title")
    else:
        title = reader.text(pair[1], f"{where} study title", required=True)
    ids: dict[str, str] = {}
    for name, pattern, example in (("pubmed", _PUBMED, "21982138"), ("pmc", _PMC, "PMC4913123")):
        if (pair := keys.get(name)) is None:
            continue
        raw = reader.scalar(pair[1]) if isinstance(pair[1], ScalarNode) else None
        text = "" if raw is None or raw is _REJECTED or isinstance(raw, bool) else str(raw).strip()
        if not pattern.match(text):
            reader.problem(
                pair[1], f"{where} study {name} must be an id such as {example}, got {text!r}"
            )
            continue
        ids[name] = text
    if title is None:
        return None
    return Study(title=title, pubmed=ids.get("pubmed", ""), pmc=ids.get("pmc", ""))


def _read_routine(reader: _Reader, root: Node, default_id: str) -> Routine | None:
    keys = reader.mapping(root, "the routine")
    if keys is None:
        return None
    _unknown_keys(reader, keys, ROUTINE_KEYS, "the routine")

    def value(name: str) -> Node | None:
        pair = keys.get(name)
        return pair[1] if pair else None

    for required in ("title", "goals", "steps"):
        if required not in keys:
            reader.problem(root, f"the routine has no '{required}'; add a '{required}:' line")

    title = reader.text(n, "title", required=True) if (n := value("title")) else None
    routine_id = default_id
    if (n := value("id")) is not None and (text := reader.text(n, "id", required=True)):
        if _ID.match(text):
            routine_id = text
        else:
            reader.problem(n, f"id {quoted(text)} must be {_ID_HINT}")
    summary = (reader.text(n, "summary") if (n := value("summary")) else None) or ""
    prepare = (reader.text(n, "prepare") if (n := value("prepare")) else None) or ""
    intensity = reader.choice(n, "intensity", Intensity) if (n := value("intensity")) else None
    goals: list[str] = []
    if (n := value("goals")) is not None:
        goals = (
            reader.items(n, "goals", "goal", lambda item, what: reader.keyword(item, what, GOALS))
            or []
        )
        if not goals and not reader.problems:
            reader.problem(n, f"goals is empty; name at least one of {_choices(GOALS)}")
    cautions: list[str] = []
    if (n := value("cautions")) is not None:
        cautions = (
            reader.items(
                n, "cautions", "caution", lambda item, what: reader.keyword(item, what, PRECAUTIONS)
            )
            or []
        )
    partner = False
    if (n := value("partner")) is not None:
        raw = reader.scalar(n) if isinstance(n, ScalarNode) else None
        if isinstance(raw, bool):
            partner = raw
        elif raw is not _REJECTED:
            reader.problem(n, "partner must be true (someone else's hands) or false (your own)")
    switch = DEFAULT_SWITCH_SECONDS
    if (n := value("switch_seconds")) is not None:
        number = reader.number(n, "switch_seconds", 0, MAX_SWITCH_SECONDS)
        switch = switch if number is None else number

    steps: list[Step] = []
    step_nodes: list[Node] | None = None
    if (n := value("steps")) is not None:
        step_nodes = reader.sequence(n, "steps")
        if step_nodes == []:
            reader.problem(n, "steps is empty; a routine needs at least one step")
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
        steps = [step for _, step in numbered]

    sources: list[Source] = []
    if (n := value("sources")) is not None:
        complete = step_nodes is not None and len(steps) == len(step_nodes)
        keys_known = {step.key for step in steps if step.key} if complete else None
        sources = _read_sources(reader, n, keys_known)

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


def parse_routine(text: str, path: Path, default_id: str | None = None) -> Routine:
    """Build a routine from YAML text; raises `LoadError` listing every problem found."""
    reader = _Reader(path)
    try:
        check_limits(text)
        loader = FastLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
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


def load_routine(path: Path) -> Routine:
    """Read and parse one routine file; raises `LoadError` for unreadable or invalid files.

    Only a regular file is read, and no more of it than the size limit: a pipe, a device or a
    folder named like a routine is reported, never waited on.
    """
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except NotARegularFile as error:
        raise LoadError(
            [Problem(path, 0, 0, f"this is {error.kind}, not a routine file; remove or rename it")]
        ) from None
    except FileTooLarge:
        raise LoadError(
            [
                Problem(
                    path,
                    0,
                    0,
                    f"the file holds more than {MAX_FILE_BYTES // 1024} KiB; routine files may "
                    f"be at most {MAX_FILE_BYTES // 1024} KiB",
                )
            ]
        ) from None
    except OSError as error:
        raise LoadError(
            [Problem(path, 0, 0, f"cannot read the file: {error.strerror or error}")]
        ) from None
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
