"""Widths in terminal cells, not characters: tables on the command line and the app's Steps pane
stay aligned with combining marks, wide CJK and emoji, a huge title never widens every row, and a
newline in an imported title never splits a row."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.cells import cell_len
from support.in_process import handcue
from support.kept_sessions import keep, session

from handcue.app.widgets.timeline import StepRow, StepState, row_parts
from handcue.cli.output import cells, table
from handcue.storage import paths
from handcue.storage.history import History

TITLES = [
    "Plain title",
    "Hände wärmen",  # composed letters
    "Ha\u0308nde wa\u0308rmen",  # a letter and a combining mark each
    "手のマッサージ",  # wide: two cells a character
    "Warm 👐 hands 🙌",  # emoji
    "x" + "\u0301" * 5000,  # one letter under 5,000 combining marks
]


def column_starts(lines: list[str], marker: str) -> set[int]:
    """The cell at which `marker` starts on each line."""
    return {cells(line[: line.index(marker)]) for line in lines if marker in line}


def test_a_table_keeps_its_columns_in_cells() -> None:
    rows = [["TITLE", "GOALS"], *([title, "stress"] for title in TITLES)]
    lines = table(rows)
    assert len(column_starts(lines, "stress") | column_starts(lines, "GOALS")) == 1
    assert max(cells(line) for line in lines) < 80
    assert max(len(line) for line in lines) < 400, "the marks are cut, not carried along"


def routine(folder: Path, name: str, title: str) -> None:
    (folder / f"{name}.yaml").write_text(
        f'title: "{title}"\ngoals: [stress]\nsteps:\n'
        "  - title: One\n    instruction: Rub.\n    duration: 10\n",
        encoding="utf-8",
    )


def test_list_keeps_its_columns_in_cells(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    for number, title in enumerate(TITLES):
        routine(folder, f"r{number}", title)
    shown = handcue("--routines", str(folder), "list", "--goal", "stress").stdout.splitlines()
    mine = [line for line in shown if line.startswith("r") and line[1].isdigit()]
    assert len(mine) == len(TITLES)
    assert len(column_starts([*mine, shown[0]], "stress")) == 1
    assert max(cells(line) for line in shown) < 200


def test_history_rows_stay_one_line_each_and_aligned(tmp_path: Path) -> None:
    data = tmp_path / "history-data"
    database = keep(data / "handcue.sqlite3", range(0))
    titles = [*TITLES, "Two\nlines"]
    History(database).import_sessions(
        replace(session(number), routine_title=title) for number, title in enumerate(titles)
    )
    database.close()
    env = {paths.DATA_ENV: str(data)}
    lines = handcue("history", env=env).stdout.splitlines()
    rows = [line for line in lines if line.startswith("2025-")]
    assert len(rows) == len(titles), "a newline in a title never splits a row"
    assert any("Two\\nlines" in row for row in rows)
    assert len(column_starts(rows, "5 done")) == 1
    csv = handcue("history", "--csv", env=env).stdout
    assert "Two\\nlines" in csv and "Two\nlines" not in csv


def test_the_steps_pane_keeps_its_columns_in_cells() -> None:
    for title in TITLES:
        row = StepRow(3, title, "LR", 45.0, StepState.CURRENT)
        left, middle, right = row_parts(row, 40, 2)
        assert cell_len(left + middle + right) == 40, title
