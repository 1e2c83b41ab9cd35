"""The app and a user database in trouble: each problem shown once, play never held up."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from support.shell import ShellApp

from handcue.app.screens.finish import FinishScreen
from handcue.app.screens.picker import PickerScreen
from handcue.app.screens.precautions import PrecautionsScreen
from handcue.storage.acknowledgements import Acknowledgements
from handcue.storage.user_database import UserDatabase

SIZE = (120, 40)
HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""


def notes(app: ShellApp, text: str) -> list[str]:
    return [note.message for note in app._notifications if text in note.message]


async def play_one(app: ShellApp, pilot: object) -> None:
    await pilot.press("down", "enter")  # type: ignore[attr-defined]  # joints: has cautions
    if isinstance(app.screen, PrecautionsScreen):
        await pilot.click("#start")  # type: ignore[attr-defined]
    await pilot.press("s")  # type: ignore[attr-defined]
    assert isinstance(app.screen, FinishScreen)
    await pilot.press("b")  # type: ignore[attr-defined]
    assert isinstance(app.screen, PickerScreen)


async def test_a_database_that_cannot_be_written_is_said_once() -> None:
    blocker = Path(os.environ["HANDCUE_DATA_DIR"])
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the data folder should be")
    app = ShellApp(acknowledgements=None)
    async with app.run_test(size=SIZE) as pilot:
        await play_one(app, pilot)
        await play_one(app, pilot)
        await pilot.pause()
        said = notes(app, str(blocker))
        assert len(said) == 1, said
        assert "kept only until handcue closes" in said[0]
    assert len(app.unsaid) == 1
    assert "changes made this time" in app.unsaid[0] and "are lost" in app.unsaid[0]


async def test_a_locked_database_does_not_hold_up_the_finish_screen() -> None:
    path = Path(os.environ["HANDCUE_DATA_DIR"]) / "handcue.sqlite3"
    database = UserDatabase(path)
    Acknowledgements(database).acknowledge("joints")
    database.close()
    lock = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert lock.stdout is not None and lock.stdout.readline().strip() == "locked"
        app = ShellApp(acknowledgements=None)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("down", "enter")
            # the read met the lock: the precautions are shown again, to be safe, and it is said
            assert isinstance(app.screen, PrecautionsScreen)
            await pilot.click("#start")
            await pilot.press("s")
            assert isinstance(app.screen, FinishScreen)
            assert notes(app, "locked by another program")
            assert lock.stdin is not None
            lock.stdin.write("\n")
            lock.stdin.flush()
            lock.wait(timeout=60)
        assert not any("lost" in message for message in app.unsaid), app.unsaid
        with sqlite3.connect(path) as raw:
            assert raw.execute("SELECT routine_id FROM sessions").fetchall() == [("joints",)]
    finally:
        lock.kill()
        lock.wait(timeout=60)
