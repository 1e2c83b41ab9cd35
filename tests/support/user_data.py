"""The person's data as tests want it: only saved times, or nothing kept at all."""

from __future__ import annotations

from collections.abc import Sequence

from handcue.core.checkin import Question, Rating
from handcue.core.engine import Session
from handcue.core.guided_text import VoiceMode
from handcue.core.routine import Routine
from handcue.services.recording import Recording
from handcue.services.timing import Timing
from handcue.services.user_data import UserData
from handcue.storage.tweaks_file import TweakStore


def saved_times(store: TweakStore) -> UserData:
    """Step times kept in `store`; history and acknowledgements in the test's data folder."""
    return UserData(timing=Timing(store))


class NothingKept(UserData):
    """A person with nothing kept and nothing to keep: precautions taken as read, no check-in,
    no history, routines played as written. For tests about what plays, not what is kept."""

    def acknowledged(self, routine: Routine) -> bool:
        return True

    def questions(self, routine: Routine) -> tuple[Question, ...]:
        return ()

    def plays(self, routine_id: str) -> int:
        return 0

    def voice_choice(self) -> VoiceMode | None:
        return None

    def voice_engine(self) -> str:
        return "auto"

    def speak_by(self) -> str:
        return "voice"

    def record(self, session: Session, before: Sequence[Rating], now: float) -> Recording | None:
        return None

    def durations_for(self, routine: Routine) -> dict[int, float] | None:
        return None
