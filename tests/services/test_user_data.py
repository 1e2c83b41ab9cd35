"""The person's data as both front ends ask for it: opened once, tidied as it opens."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from handcue.services.user_data import UserData
from handcue.storage.user_database import UserDatabase


def test_workers_asking_at_once_open_one_database(tmp_path: Path) -> None:
    """The app's first-frame workers (your figures, the theme) may ask together."""
    opened: list[UserDatabase] = []

    def slow_open() -> UserDatabase:
        time.sleep(0.05)  # long enough for every thread to find nothing open yet
        database = UserDatabase(tmp_path / "handcue.sqlite3")
        opened.append(database)
        return database

    user = UserData(database=slow_open)
    got: list[UserDatabase] = []
    threads = [threading.Thread(target=lambda: got.append(user.database)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    user.close()
    assert len(opened) == 1
    assert got == opened * 4
