"""A JSON Schema of the routine format, built from the same vocabulary the loader checks,
so editors can complete and flag routine files before handcue ever reads them."""

from __future__ import annotations

import json
from typing import Any

from handcue.core.durations import MAX_SECONDS
from handcue.core.loader import MAX_REPS, MAX_SWITCH_SECONDS, TEMPO_RANGE
from handcue.core.routine import Area, Hand, Intensity, Pressure, Technique
from handcue.core.vocabulary import GOALS, PRECAUTIONS

SCHEMA_ID = "https://handcue.invalid/routine.schema.json"

_DURATION: dict[str, Any] = {
    "description": 'Seconds (90) or text: "90s", "1m30s", "1:30". Above 0, at most one hour.',
    "anyOf": [
        {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_SECONDS},
        {
            "type": "string",
            "pattern": r"^\s*(\d+(\.\d+)?|(\d+h)?(\d+(\.\d+)?m)?(\d+(\.\d+)?s)?|(\d+:)?\d+:[0-5]\d)\s*$",
        },
    ],
}
_ID_PATTERN = "^[a-z0-9][a-z0-9-]{0,63}$"


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": description}


def _enum(values: list[str], description: str) -> dict[str, Any]:
    return {"enum": values, "description": description}


def _source() -> dict[str, Any]:
    step_key = {"type": "string", "pattern": _ID_PATTERN}
    return {
        "type": "object",
        "additionalProperties": False,
        "oneOf": [{"required": ["article"]}, {"required": ["outside"]}],
        "properties": {
            "article": _text("The article's title."),
            "outside": _text("For what is not from the articles: where it comes from."),
            "section": _text("The heading of the part of the article meant."),
            "note": _text("What the routine takes from it."),
            "study": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title"],
                "properties": {
                    "title": _text("The study's title, or how the article names it."),
                    "pubmed": {
                        "anyOf": [
                            {"type": "integer", "minimum": 1, "maximum": 999_999_999},
                            {"type": "string", "pattern": "^[0-9]{1,9}$"},
                        ],
                        "description": "PubMed id, such as 21982138.",
                    },
                    "pmc": {
                        "type": "string",
                        "pattern": "^PMC[0-9]{1,9}$",
                        "description": "PubMed Central id, such as PMC4913123.",
                    },
                },
            },
            "steps": {
                "type": "array",
                "items": step_key,
                "description": "Keys of the steps this source stands behind.",
            },
        },
    }


def _step() -> dict[str, Any]:
    tempo = {"type": "number", "minimum": TEMPO_RANGE[0], "maximum": TEMPO_RANGE[1]}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "instruction", "duration"],
        "properties": {
            "title": _text("Short name of the step, spoken and shown in large type."),
            "instruction": _text("What to do, in a sentence or three."),
            "technique": _enum([t.value for t in Technique], "The massage technique."),
            "hand": _enum(
                [h.value for h in Hand],
                "Which hand; 'each' plays the step on the left, then on the right.",
            ),
            "areas": {
                "type": "array",
                "uniqueItems": True,
                "items": _enum([a.value for a in Area], "A region of the hand."),
            },
            "pressure": _enum([p.value for p in Pressure], "How firmly to press."),
            "duration": _DURATION,
            "reps": {"type": "integer", "minimum": 1, "maximum": MAX_REPS},
            "key": {
                "type": "string",
                "pattern": _ID_PATTERN,
                "description": "Stable name so saved duration tweaks follow the step.",
            },
            "tempo": {**tempo, "description": "Strokes per minute for the pacer."},
            "tempo_end": {**tempo, "description": "Strokes per minute at the end of the step."},
        },
    }


def routine_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "handcue routine",
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "goals", "steps"],
        "properties": {
            "title": _text("Name of the routine."),
            "id": {
                "type": "string",
                "pattern": _ID_PATTERN,
                "description": "Defaults to the file name.",
            },
            "summary": {"type": "string"},
            "goals": {
                "type": "array",
                "minItems": 1,
                "items": _enum(list(GOALS), "What the routine helps with."),
            },
            "intensity": _enum([i.value for i in Intensity], "Overall strength of the routine."),
            "cautions": {
                "type": "array",
                "items": _enum(list(PRECAUTIONS), "A precaution shown before starting."),
            },
            "prepare": {"type": "string", "description": "Shown before the routine starts."},
            "sources": {
                "type": "array",
                "description": "Where the routine comes from, so a reader can check it.",
                "items": {"anyOf": [{"type": "string"}, _source()]},
            },
            "switch_seconds": {"type": "number", "minimum": 0, "maximum": MAX_SWITCH_SECONDS},
            "partner": {
                "type": "boolean",
                "description": "True when the routine massages someone else's hands.",
            },
            "steps": {"type": "array", "minItems": 1, "items": _step()},
        },
    }


def schema_json() -> str:
    return json.dumps(routine_schema(), indent=2) + "\n"
