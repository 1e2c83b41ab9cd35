"""Which routines' precautions the person has read and accepted, kept in the user database."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

from handcue.storage.user_database import UserDatabase

__all__ = ["GENERAL", "Acknowledgements", "UserDatabase", "cautions_fingerprint"]


GENERAL = "*"
"""The routine id for the general precautions shown the first time handcue is used."""


def cautions_fingerprint(cautions: Sequence[str]) -> str:
    """A short digest of a routine's cautions, so that new cautions are shown again."""
    text = "\n".join(sorted(set(cautions)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Acknowledgements:
    """Which routines' precautions the person has read and accepted.

    An acknowledgement holds for the cautions that were shown: if a routine gains a caution,
    it is no longer acknowledged and the precautions are shown again.
    """

    def __init__(self, database: UserDatabase | None = None) -> None:
        self.database = database or UserDatabase()

    @property
    def problems(self) -> list[str]:
        return self.database.problems

    def is_acknowledged(self, routine_id: str, cautions: Sequence[str] = ()) -> bool:
        row = self.database.read(
            lambda db: db.execute(
                "SELECT cautions FROM acknowledgements WHERE routine_id = ?", (routine_id,)
            ).fetchone()
        )
        return row is not None and row[0] == cautions_fingerprint(cautions)

    def acknowledge(self, routine_id: str, cautions: Sequence[str] = ()) -> None:
        fingerprint = cautions_fingerprint(cautions)
        moment = datetime.now(UTC).isoformat()
        self.database.write(
            lambda db: db.execute(
                "INSERT INTO acknowledgements (routine_id, cautions, acknowledged_at) "
                "VALUES (?, ?, ?) ON CONFLICT (routine_id) DO UPDATE SET "
                "cautions = excluded.cautions, acknowledged_at = excluded.acknowledged_at",
                (routine_id, fingerprint, moment),
            )
        )

    def withdraw(self, routine_id: str) -> None:
        """Show the precautions again next time, as if never acknowledged."""
        self.database.write(
            lambda db: db.execute(
                "DELETE FROM acknowledgements WHERE routine_id = ?", (routine_id,)
            )
        )
