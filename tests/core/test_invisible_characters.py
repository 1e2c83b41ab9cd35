"""Bidirectional controls and other invisible format characters are treated like control
characters: refused by the loader with the field named, written out visibly everywhere else;
the joiners scripts and emoji need (ZWNJ, ZWJ) stay allowed."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from support.in_process import handcue
from support.kept_sessions import session

from handcue.core.loader import LoadError
from handcue.core.safe_text import first_control, visible
from handcue.services import history_file, recording
from handcue.storage.routine_files import load_routine

ROUTINE = """\
title: {title}
goals: [stress]
steps:
  - title: One
    instruction: Rub.
    duration: 10
"""
BIDI = [chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
HIDING = ["\u200b", "\u2060", "\ufeff", "\u00ad", "\U000e0001", "\u061c", "\u200e"]


@pytest.mark.parametrize("char", BIDI + HIDING, ids=lambda c: f"U+{ord(c):04X}")
def test_the_loader_refuses_it_naming_the_field(tmp_path: Path, char: str) -> None:
    path = tmp_path / "bidi.yaml"
    path.write_text(ROUTINE.format(title=f'"Press {char}gnp.exe"'), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_routine(path)
    [problem] = caught.value.problems
    assert "title holds an invisible formatting character" in problem.message
    assert visible(char) in problem.message and visible(char).startswith("\\")
    assert char not in str(problem)


def test_the_joiners_scripts_and_emoji_need_stay_allowed(tmp_path: Path) -> None:
    title = "Hände \u200dwarm \u200cup 👩\u200d👩\u200d👧"
    path = tmp_path / "joined.yaml"
    path.write_text(ROUTINE.format(title=f'"{title}"'), encoding="utf-8")
    assert load_routine(path).title == title


def test_every_format_character_of_this_python_is_written_out() -> None:
    allowed = {"\u200c", "\u200d"}
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) == "Cf" and char not in allowed:
            assert char not in visible(f"a{char}b"), f"U+{code:04X}"
            assert first_control(f"a{char}b") == 1, f"U+{code:04X}"


def test_an_imported_title_is_shown_written_out(tmp_path: Path) -> None:
    record = session(1)
    document = history_file.export_document([record], recording.local_now())
    document["sessions"][0]["routine_title"] = "Press \u202egnp.exe\u202c\nnow"
    export = tmp_path / "bidi.json"
    export.write_text(json.dumps(document))
    assert handcue("history", "--import", str(export)).returncode == 0
    for args in (["history"], ["history", "--csv"]):
        shown = handcue(*args).stdout
        assert "\\u202e" in shown, args
        assert not any(char in shown for char in BIDI)


def test_what_python_calls_printable_is_never_written_out() -> None:
    """`visible` leaves text alone when Python calls it printable, without its expression:
    checked here against the expression for every character there is, alone and in a line."""
    from handcue.core import safe_text

    printable = [chr(code) for code in range(0x110000) if chr(code).isprintable()]
    for lines in (False, True):
        pattern = safe_text._unsafe(lines)
        assert not any(pattern.search(char) for char in printable)
        assert pattern.search("".join(printable)) is None
    assert visible("a\tb\nc", lines=True) == "a\tb\nc"
    assert visible("a\tb\nc") == "a\\tb\\nc"
    assert visible("no\u00a0break \u200d joined") == "no\u00a0break \u200d joined"
    assert visible("\u202egnp.exe") == "\\u202egnp.exe"
