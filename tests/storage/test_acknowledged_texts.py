"""Acknowledgements kept per text shown: what is new since, and databases from before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from handcue.storage.acknowledgements import Acknowledgements, UserDatabase
from handcue.storage.user_database import SCHEMA_VERSION

SKIN = "Skin conditions and open wounds: Leave out any area with eczema."
PREPARE = "Preparation: Warm your hands."
CLOT = "Circulatory disorders: With deep vein thrombosis, get a doctor's go-ahead first."


def test_unseen_is_none_before_any_acknowledgement_then_names_only_the_new_text(
    tmp_path: Path,
) -> None:
    path = tmp_path / "handcue.sqlite3"
    first = Acknowledgements(UserDatabase(path))
    assert first.unseen("evening", [SKIN, PREPARE]) is None
    first.acknowledge("evening", [SKIN, PREPARE])
    first.database.close()

    again = Acknowledgements(UserDatabase(path))
    assert again.is_acknowledged("evening", [PREPARE, SKIN])
    assert again.unseen("evening", [SKIN, CLOT, PREPARE]) == [CLOT]
    assert not again.is_acknowledged("evening", [SKIN, CLOT, PREPARE])
    reworded = "Preparation: Warm your hands in water you have tested."
    assert again.unseen("evening", [SKIN, reworded]) == [reworded]
    # a caution taken away changes what was shown, though nothing is new
    assert not again.is_acknowledged("evening", [PREPARE])
    assert again.unseen("evening", [PREPARE]) == []


def test_acknowledging_again_replaces_the_texts(tmp_path: Path) -> None:
    acknowledgements = Acknowledgements(UserDatabase(tmp_path / "handcue.sqlite3"))
    acknowledgements.acknowledge("evening", [SKIN])
    acknowledgements.acknowledge("evening", [CLOT])
    assert acknowledgements.unseen("evening", [SKIN, CLOT]) == [SKIN]


def test_a_database_from_before_texts_were_kept_shows_the_precautions_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "handcue.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        """
        CREATE TABLE acknowledgements (
            routine_id TEXT PRIMARY KEY, cautions TEXT NOT NULL, acknowledged_at TEXT NOT NULL);
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT, routine_id TEXT NOT NULL,
            started_at TEXT NOT NULL, finished_at TEXT, left_seconds REAL NOT NULL,
            right_seconds REAL NOT NULL, steps_done INTEGER NOT NULL,
            steps_skipped INTEGER NOT NULL);
        INSERT INTO acknowledgements VALUES ('evening', 'e3b0c44298fc1c14', '2025-01-01');
        PRAGMA user_version = 1;
        """
    )
    old.close()

    database = UserDatabase(path)
    acknowledgements = Acknowledgements(database)
    # routine ids alone were kept: whatever was shown then, it is shown again now
    assert not acknowledgements.is_acknowledged("evening", [SKIN])
    assert acknowledgements.unseen("evening", [SKIN]) == [SKIN]
    acknowledgements.acknowledge("evening", [SKIN])
    assert acknowledgements.is_acknowledged("evening", [SKIN])
    assert database.problems == []
    version = database.read(lambda db: db.execute("PRAGMA user_version").fetchone()[0])
    assert version == SCHEMA_VERSION == 4
