"""A routine's `sources:`: the articles and studies behind its steps, or where a step from
outside the articles comes from."""

from __future__ import annotations

import re

from yaml.nodes import Node, ScalarNode

from handcue.core.node_reader import REJECTED, NodeReader, choices, unknown_keys
from handcue.core.routine import Source, Study

SOURCE_KEYS = ("article", "outside", "section", "note", "study", "steps")
STUDY_KEYS = ("title", "pubmed", "pmc")
_PUBMED = re.compile(r"^[0-9]{1,9}$")
_PMC = re.compile(r"^PMC[0-9]{1,9}$")


def read_sources(reader: NodeReader, node: Node, step_keys: set[str] | None) -> list[Source]:
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
    reader: NodeReader, node: Node, number: int, step_keys: set[str] | None
) -> Source | None:
    where = f"source {number}"
    if isinstance(node, ScalarNode):
        note = reader.text(node, where)
        return Source(note=note) if note else None
    keys = reader.mapping(node, where)
    if keys is None:
        return None
    unknown_keys(reader, keys, SOURCE_KEYS, where)
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
                    f"(keys: {choices(sorted(step_keys)) or 'none; add key: to the step'})",
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
        line=node.start_mark.line + 1,
    )


def _read_study(reader: NodeReader, node: Node, where: str) -> Study | None:
    keys = reader.mapping(node, f"{where} study")
    if keys is None:
        return None
    unknown_keys(reader, keys, STUDY_KEYS, f"{where} study")
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
        text = "" if raw is None or raw is REJECTED or isinstance(raw, bool) else str(raw).strip()
        if not pattern.match(text):
            reader.problem(
                pair[1], f"{where} study {name} must be an id such as {example}, got {text!r}"
            )
            continue
        ids[name] = text
    if title is None:
        return None
    return Study(title=title, pubmed=ids.get("pubmed", ""), pmc=ids.get("pmc", ""))
