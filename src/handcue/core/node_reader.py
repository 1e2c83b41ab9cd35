"""YAML nodes read one by one into plain values, each problem kept with its line and column.

YAML is read node by node rather than with `yaml.safe_load`, so that every value keeps the line
and column it came from, duplicate keys are caught, and a hostile file (huge, deeply nested,
alias bombs, Python tags) fails fast with a message instead of exhausting the machine. The
routine's own rules are the loader's; this only knows YAML and the shapes of values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from handcue.core.problems import Problem
from handcue.core.safe_text import first_control, kind_of_character, quoted, visible
from handcue.core.suggest import did_you_mean
from handcue.core.yaml_values import (
    MERGE,
    BadValue,
    TooHostile,
    kind,
    scalar_value,
    tag_problem,
)

MAX_NODES = 200_000

E = TypeVar("E", bound=StrEnum)
REJECTED = object()
"""Stands for a value that was already reported, so no second message follows."""
T = TypeVar("T")


def choices(values: Iterable[str]) -> str:
    return ", ".join(values)


@dataclass
class NodeReader:
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
        """The scalar's plain value, or `REJECTED` once its problem is reported."""
        try:
            return scalar_value(node)
        except BadValue as error:
            self.problem(node, str(error))
            return REJECTED

    def scalar(self, node: Node) -> Any:
        """The node's plain value, or `REJECTED` when it was already reported."""
        if not self.visit(node):
            return REJECTED
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
            if key is REJECTED:
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
                    for base in merge_sources(value_node):
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
            if value is not REJECTED:
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
        if value is REJECTED:
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
        if value is REJECTED:
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
                f"(choose from {choices(enum)})",
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
                f"(choose from {choices(vocabulary)})",
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


def merge_sources(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    return [node]


def unknown_keys(
    reader: NodeReader, keys: Mapping[str, tuple[Node, Node]], allowed: Iterable[str], where: str
) -> None:
    allowed = list(allowed)
    for key, (key_node, _) in keys.items():
        if key not in allowed:
            reader.problem(
                key_node,
                f"unknown key {quoted(key)} in {where}{did_you_mean(key, allowed)} "
                f"(allowed: {choices(allowed)})",
            )
