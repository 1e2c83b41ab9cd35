"""A person's kept data, for both front ends: history, acknowledgements, settings, saved times.

Screens and plain mode ask this service and never storage. Reading or writing may fail (a
read-only file, a full disk, a database another program holds locked); each such failure is
said once through `on_problem`, and the caller gets a safe answer instead of an exception, so
no front end needs a try around every question it asks.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

from handcue.services.settings import KeptSettings

if TYPE_CHECKING:
    from handcue.core.checkin import Question, Rating
    from handcue.core.engine import Session
    from handcue.core.events import DurationChange
    from handcue.core.routine import Routine
    from handcue.core.tweaks import Tweaks
    from handcue.services.history import Effect
    from handcue.services.keeping import Keep, KeepOffer
    from handcue.services.progress import Progress
    from handcue.services.recording import Recording
    from handcue.services.timing import Timing
    from handcue.services.your_time import YourTime
    from handcue.storage.history import History
    from handcue.storage.history import RoutineUse as RoutineUse
    from handcue.storage.user_database import UserDatabase

# Storage and the history's sums are imported when first asked for: the picker's first frame
# needs none of them.


Say = Callable[[str], None]

FORGET_WAIT = 5.0
"""Seconds a deletion waits for the writes before it and for a lock another program holds."""


class AcknowledgementStore(Protocol):
    """Acknowledgements hold for the texts shown (`core.briefing.shown`), so changes show again."""

    def is_acknowledged(self, routine_id: str, shown: Sequence[str] = ()) -> bool: ...

    def unseen(self, routine_id: str, shown: Sequence[str]) -> list[str] | None: ...

    def acknowledge(self, routine_id: str, shown: Sequence[str] = ()) -> None: ...


class UserData(KeptSettings):
    """What a person keeps, opened on first use so the first frame never waits for it.

    `timing` is the saved and one-off step times (a function makes it when first needed);
    None plays every routine as written and keeps no times.
    """

    def __init__(
        self,
        *,
        database: Callable[[], UserDatabase] | None = None,
        timing: Timing | Callable[[], Timing] | None = None,
        acknowledgements: AcknowledgementStore | None = None,
        on_problem: Say | None = None,
    ) -> None:
        self._open_database = database or _screen_database
        self._database: UserDatabase | None = None
        self._opening = threading.Lock()
        """Held while the database opens: the first frame's workers may all ask for it at once."""
        self.found_at_open: list[str] = []
        """What opening the database found (a repair, a file moved aside, one that cannot be
        written): lasting news, which a full-screen front end repeats on the terminal."""
        self._timing = timing
        self._acknowledgements = acknowledgements
        self.on_problem: Say = on_problem or (lambda _: None)
        """Where every problem goes, once, from whichever thread met it."""
        self._said: set[str] = set()

    # opening and closing --------------------------------------------------------------------

    @property
    def database(self) -> UserDatabase:
        if self._database is not None:  # opened: no lock needed to hand it out
            return self._database
        with self._opening:
            if self._database is None:
                database = self._open_database()
                self.found_at_open = list(database.problems)
                for problem in database.problems:
                    self.say(problem)
                database.on_problem = self.say
                self._database = database
            return self._database

    @property
    def history(self) -> History:
        from handcue.storage.history import History

        return History(self.database)

    @property
    def timing(self) -> Timing | None:
        if callable(self._timing):
            self._timing = self._timing()
        return self._timing

    @property
    def acknowledgements(self) -> AcknowledgementStore:
        if self._acknowledgements is None:
            from handcue.storage.acknowledgements import Acknowledgements

            self._acknowledgements = Acknowledgements(self.database)
        return self._acknowledgements

    def say(self, message: str) -> None:
        """Hand `message` on, once however often it arises."""
        if message not in self._said:
            self._said.add(message)
            self.on_problem(message)

    def close(self, *, say_lost: bool = True) -> int:
        """Finish the writes still queued and close; how many changes were lost because they
        could only be kept in memory (said, unless the caller says it its own way)."""
        if self._database is None:
            return 0
        self._database.close(say_lost=say_lost)
        return self._database.lost

    # precautions ----------------------------------------------------------------------------

    def acknowledged(self, routine: Routine) -> bool:
        """True when the routine's precautions, as worded now, were accepted before."""
        from handcue.core import briefing

        try:
            return self.acknowledgements.is_acknowledged(routine.id, briefing.shown(routine))
        except OSError as error:
            self.say(f"Precautions read before could not be looked up: {error}.")
            return False

    def unseen(self, routine: Routine) -> list[str] | None:
        """The texts new since the last acceptance; None when never accepted."""
        from handcue.core import briefing

        try:
            return self.acknowledgements.unseen(routine.id, briefing.shown(routine))
        except OSError:
            return None

    def acknowledge(self, routine: Routine) -> None:
        from handcue.core import briefing

        try:
            self.acknowledgements.acknowledge(routine.id, briefing.shown(routine))
        except OSError as error:
            self.say(f"Could not save that you read the precautions: {error.strerror or error}.")

    def questions(self, routine: Routine) -> tuple[Question, ...]:
        """What to ask before and after `routine`; nothing while check-ins are off."""
        from handcue.core.checkin import questions

        mode = self.checkin_mode()
        return () if mode == "off" else questions(routine, per_hand=mode == "per-hand")

    # history --------------------------------------------------------------------------------

    def plays(self, routine_id: str) -> int:
        """How often the routine was played before (stopped or not)."""
        try:
            use = self.history.uses().get(routine_id)
        except OSError:
            return 0
        return use.sessions if use is not None else 0

    def record(self, session: Session, before: Sequence[Rating], now: float) -> Recording | None:
        """Start keeping `session` in the history; None (said) when it cannot be kept."""
        from handcue.services.recording import Recording

        try:
            return Recording(self.history, session, before, now=now)
        except (OSError, ValueError) as error:
            self.say(f"This session is not kept in your history: {error}.")
            return None

    def close_interrupted(self) -> None:
        """Mark sessions whose handcue was killed as interrupted."""
        from handcue.storage.history import close_interrupted

        try:
            close_interrupted(self.database)
        except OSError as error:
            self.say(f"Your history could not be tidied: {error}.")

    def uses(self) -> tuple[dict[str, RoutineUse], dict[str, dict[str, Effect]]]:
        """When each routine was last done and how often, and what helps for each goal."""
        from handcue.core.vocabulary import GOALS
        from handcue.services.history import all_effects

        try:
            history = self.history
            uses = history.uses()
            return uses, (all_effects(history, GOALS) if uses else {})
        except OSError:
            return {}, {}

    def progress(self, today: date) -> Progress:
        """The History screen's days, weeks and summary."""
        from handcue.services.progress import read_progress

        return read_progress(self.history, today)

    def breaks_line(self, today: date) -> str | None:
        """Breaks taken of those offered, per day of the last week; None when the reminders
        were never used (or cannot be read: the screen says that once)."""
        from handcue.services.breaks_taken import breaks_line
        from handcue.storage.reminders import Reminders

        try:
            return breaks_line(Reminders(self.database), today)
        except OSError:
            return None

    def ratings(self, progress: Progress) -> Progress:
        """`progress` with each measure's ratings; the slowest figures, read second."""
        from handcue.services.progress import read_ratings

        return read_ratings(self.history, progress)

    def settled(self, wait: float | None = None) -> bool:
        """True once every change asked for so far has been tried on the file (a failure is
        said through `on_problem`), waiting up to `wait` seconds (`FORGET_WAIT` unless told):
        the app's writes take their turn in a thread of their own. Read the change back before
        saying it was kept. Call it from a worker in the app."""

        made = threading.Event()
        try:
            # Writes are made one after the other, in order: once this one runs, each queued
            # before it has been saved (or given up on, and said).
            self.database.write(lambda _connection: made.set())
        except OSError:
            return False
        waited = made.wait(FORGET_WAIT if wait is None else wait)
        return waited and not self.database.in_memory

    def forget_session(self, uid: str, wait: float | None = None) -> bool:
        """Delete one session, by its uid, with its check-ins: True once it is gone from the
        file; False, said, when it is not (yet).

        The app's writes wait their turn in a thread of their own, so this waits up to `wait`
        seconds (`FORGET_WAIT` unless told) for the deletion to be made, then reads whether the
        session is still there.
        Call it from a worker, never from the interface's thread.
        """
        from handcue.storage.history import Filter

        where = Filter(uids=frozenset({uid}))
        try:
            history = self.history
            history.forget(where)
            self.settled(wait)
            gone = history.count(where) == 0
        except OSError as error:
            self.say(f"The session could not be deleted: {error}.")
            return False
        if not gone:
            self.say(
                "The session is not deleted yet: your history is held by another program. "
                "handcue deletes it as soon as it can, while it stays open."
            )
            return False
        if self.database.in_memory:
            self.say(
                "The session is deleted until handcue closes only: your history file cannot "
                "be written, so it will be back next time."
            )
            return False
        return True

    # step times -----------------------------------------------------------------------------

    def durations_for(self, routine: Routine) -> dict[int, float] | None:
        """The routine's step times: saved ones, or one-off ones from the command line."""
        timing = self.timing
        return None if timing is None else timing.durations_for(routine, self.say)

    def your_times(self, routines: Iterable[Routine]) -> Mapping[str, YourTime]:
        """Every routine's time with your saved times, for the picker."""
        from handcue.services.timing import load_all
        from handcue.services.your_time import your_times

        timing = self.timing
        if timing is None:
            return {}
        return your_times(routines, load_all(timing.store, self.say))

    def saved_tweaks(self, routine: Routine) -> Tweaks:
        """The routine's saved times as they are now (stale ones reported and dropped)."""
        from handcue.core.tweaks import Tweaks
        from handcue.services.timing import effective

        timing = self.timing
        if timing is None:
            return Tweaks()
        effective(routine, timing.store, self.say)
        try:
            return timing.store.get(routine.id)
        except OSError as error:
            self.say(f"{timing.store.path}: saved tweaks not used ({error}).")
            return Tweaks()

    def save_tweaks(self, routine: Routine, before: Tweaks, after: Tweaks) -> bool:
        """Write what differs between `before` and `after`; False (said) when it could not."""
        from handcue.services.timing import save_changes
        from handcue.storage.tweaks_file import StorageError

        timing = self.timing
        if timing is None:
            self.say("Step times cannot be saved here.")
            return False
        try:
            save_changes(timing.store, routine.id, before, after)
        except (StorageError, OSError) as error:
            self.say(str(error))
            return False
        return True

    def keep_offer(
        self,
        routine: Routine,
        started: Mapping[int, float],
        changes: Sequence[DurationChange],
    ) -> KeepOffer | None:
        """What keeping a session's changed times would save; None when there is nothing to
        keep or nowhere to keep it."""
        timing = self.timing
        if not changes or timing is None:
            return None
        from handcue.services.keeping import offer
        from handcue.services.timing import load_tweaks

        saved = load_tweaks(timing.store, routine.id, self.say)
        return offer(routine, saved, started, changes, timing.exact_steps(routine.id))

    def keep(self, offer: KeepOffer, choice: Keep) -> str | None:
        """Save what `choice` keeps of `offer`: the sentence saying so, or None (said) when it
        could not be saved."""
        timing = self.timing
        if timing is None:
            return None
        from handcue.services.keeping import keep
        from handcue.storage.tweaks_file import StorageError

        try:
            return keep(timing.store, offer, choice)
        except (StorageError, OSError) as error:
            self.say(str(error))
            return None


def _screen_database() -> UserDatabase:
    """The database as a screen uses it: writes in a thread of their own, short lock waits."""
    from handcue.storage.user_database import SCREEN_BUSY_TIMEOUT, UserDatabase

    return UserDatabase(background=True, busy_timeout=SCREEN_BUSY_TIMEOUT)


def app_database() -> UserDatabase:
    """The database as the full-screen app opens it, after its first frame: as a screen uses
    it, with the sessions left 'playing' by a handcue that is gone closed first, written at
    once so that nothing reads them before."""
    from handcue.storage.history import close_interrupted
    from handcue.storage.user_database import SCREEN_BUSY_TIMEOUT, UserDatabase

    database = UserDatabase(busy_timeout=SCREEN_BUSY_TIMEOUT)
    with contextlib.suppress(OSError):  # locked by another window: closed at the next start
        close_interrupted(database)
    database.background = True
    return database


def plain_database() -> UserDatabase:
    """The database as plain mode uses it: writes in their own thread, the usual lock waits."""
    from handcue.storage.user_database import UserDatabase

    return UserDatabase(background=True)
