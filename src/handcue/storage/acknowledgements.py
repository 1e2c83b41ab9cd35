"""Which routines' precautions the person has read and accepted, kept in the user database."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

from handcue.storage.user_database import UserDatabase

__all__ = ["GENERAL", "Acknowledgements", "UserDatabase", "cautions_fingerprint"]


GENERAL = "*"
"""The routine id for the general precautions shown the first time handcue is used."""


def cautions_fingerprint(cautions: Sequence[str]) -> str:
    """A short digest of what was shown (each caution's text), so that a change shows it again."""
    text = "\n".join(sorted(set(cautions)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Acknowledgements:
    """Which routines' precautions the person has read and accepted.

    An acknowledgement holds for the texts that were shown (each precaution and the
    preparation, as `core.briefing` words them): if a caution is added or reworded, the routine
    is no longer acknowledged, and `unseen` says which texts are new.
    """

    def __init__(self, database: UserDatabase | None = None) -> None:
        self.database = database or UserDatabase()

    @property
    def problems(self) -> list[str]:
        return self.database.problems

    def is_acknowledged(self, routine_id: str, shown: Sequence[str] = ()) -> bool:
        row = self.database.read(
            lambda db: db.execute(
                "SELECT cautions FROM acknowledgements WHERE routine_id = ?", (routine_id,)
            ).fetchone()
        )
        return row is not None and row[0] == cautions_fingerprint(shown)

    def unseen(self, routine_id: str, shown: Sequence[str]) -> list[str] | None:
        """The texts of `shown` not among those last acknowledged; None if never acknowledged."""

        def query(db: sqlite3.Connection) -> tuple[bool, set[str]]:
            known = db.execute(
                "SELECT 1 FROM acknowledgements WHERE routine_id = ?", (routine_id,)
            ).fetchone()
            digests = db.execute(
                "SELECT digest FROM acknowledged_texts WHERE routine_id = ?", (routine_id,)
            ).fetchall()
            return known is not None, {row[0] for row in digests}

        known, digests = self.database.read(query)
        if not known:
            return None
        return [text for text in shown if _digest(text) not in digests]

    def acknowledge(self, routine_id: str, shown: Sequence[str] = ()) -> None:
        fingerprint = cautions_fingerprint(shown)
        moment = datetime.now(UTC).isoformat()

        def change(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO acknowledgements (routine_id, cautions, acknowledged_at) "
                "VALUES (?, ?, ?) ON CONFLICT (routine_id) DO UPDATE SET "
                "cautions = excluded.cautions, acknowledged_at = excluded.acknowledged_at",
                (routine_id, fingerprint, moment),
            )
            db.execute("DELETE FROM acknowledged_texts WHERE routine_id = ?", (routine_id,))
            db.executemany(
                "INSERT OR IGNORE INTO acknowledged_texts (routine_id, digest) VALUES (?, ?)",
                [(routine_id, _digest(text)) for text in shown],
            )

        self.database.write(change)
