"""Hostile history files: each refused in one line naming the session and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.kept_sessions import session

from handcue.services import history_file, recording


def export_text(**changes: object) -> str:
    document = history_file.export_document([session(1)], recording.local_now())
    document["sessions"][0].update(changes)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('"steps_done": ' + "1" + "0" * 30, "steps_done"),
        ('"steps_done": ' + "7" * 5000, "steps_done"),
        ('"left_seconds": 1e308', "left_seconds"),
        ('"left_seconds": Infinity', "left_seconds"),
        ('"played_seconds": 90000', "played_seconds"),
        ('"steps_skipped": 10001', "steps_skipped"),
        ('"routine_title": "\\ud800"', "routine_title"),
        ('"started": "1969-12-31T23:00:00+00:00"', "started"),
        ('"started": "2100-01-02T00:00:00+00:00"', "started"),
    ],
)
def test_a_hostile_value_leaves_out_its_session_naming_the_field(raw: str, field: str) -> None:
    text = export_text(marker=True).replace('"marker": true', raw)
    imported = history_file.parse_export(text, "mine.json")
    assert imported.sessions == []
    [problem] = imported.problems
    assert problem.startswith("mine.json: session 1 left out (") and field in problem
    assert "\n" not in problem


def test_nesting_200000_deep_is_refused_in_one_line() -> None:
    with pytest.raises(history_file.NotAnExport, match="nested too deep"):
        history_file.parse_export("[" * 200_000 + "]" * 200_000, "deep.json")


def test_a_file_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "windows.json"
    path.write_bytes(b"\xef\xbb\xbf" + export_text().encode())
    assert len(history_file.read_export(path).sessions) == 1
