"""The picker's first frame waits only for what it draws: the routine model and the library
from its cache, not the database, the YAML parser or what a routine needs once it plays."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LATER = (
    "sqlite3",
    "yaml",
    "wcwidth",
    "handcue.storage.user_database",
    "handcue.storage.history",
    "handcue.core.loader",
    "handcue.core.problems",
    "handcue.core.engine",
    "handcue.core.guided_text",
    "handcue.core.tweaks",
    "handcue.services.play_flow",
    "handcue.services.history",
    "handcue.app.journey",
    "handcue.audio.player",
)
"""Imported after the first frame (your figures, sound, a routine), never before it."""

BEFORE_THE_APP_RUNS = """
import sys
import textual.app
from handcue.cli import full_screen

full_screen.has_a_terminal = lambda: True


def run(app, *args, **kwargs):
    print(" ".join(sorted(sys.modules)))


textual.app.App.run = run
from handcue.__main__ import main

main([])
"""


def start(script: str) -> subprocess.CompletedProcess[str]:
    """Run `script` as a fresh Python would start handcue, on a terminal of a common kind."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TERM": "xterm-256color"},
        check=False,
    )


def test_nothing_a_routine_or_your_figures_need_is_imported_before_the_picker_shows(
    isolated_user_folders: Path,
) -> None:
    for _ in range(2):  # the second start reads the library from its cache, as most do
        result = start(BEFORE_THE_APP_RUNS)
        assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split())
    assert "handcue.app.screens.picker" in imported
    assert sorted(imported.intersection(LATER)) == []


BARE_START = """
import textual.app
from handcue.cli import full_screen, parser

full_screen.has_a_terminal = lambda: True


def built(*args, **kwargs):
    raise SystemExit("a command's parser was built")


for name in ("_add_play_commands", "_add_routine_commands", "_add_setup_commands", "_add_keeping_commands"):
    setattr(parser, name, built)
textual.app.App.run = lambda app, *args, **kwargs: print("the picker runs")
from handcue.__main__ import main

main([])
"""


def test_a_bare_start_builds_no_commands_parser(isolated_user_folders: Path) -> None:
    """Every command's parser takes milliseconds to build; the picker needs none of them."""
    result = start(BARE_START)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "the picker runs"


def test_a_bare_start_parses_as_the_whole_grammar_does() -> None:
    from handcue.cli.parser import build_parser

    assert build_parser(commands=False).parse_args([]) == build_parser().parse_args([])
