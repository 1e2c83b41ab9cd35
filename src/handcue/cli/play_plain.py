"""`handcue play ID --plain`: a routine followed by ear and by line, on any terminal.

Returns the exit status and reports every problem as one line on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable, Mapping
from typing import TextIO

from handcue.audio.bank import SoundBank
from handcue.audio.choose import setting_problem
from handcue.audio.player import Player, SilentPlayer
from handcue.audio.speech import SpeechEngine
from handcue.audio.watch import SoundWatch
from handcue.cli import plain_mode as plain
from handcue.cli.common import find_routine, open_library
from handcue.cli.ending_signals import ended_like_a_stop
from handcue.cli.full_screen import listening, timing_for
from handcue.cli.output import warn
from handcue.cli.streams import AUTO, EngineChoice, Streams, pick_engine, tell
from handcue.core import briefing, speech_text
from handcue.core.checkin import KEYS_HELP, Moment, Question, Rating, answer, questions, rating_of
from handcue.core.engine import Session
from handcue.core.routine import Routine
from handcue.core.safe_text import visible
from handcue.services.conductor import Conductor, EngineVoice, tone_lengths
from handcue.services.history import Recording, checkin_mode
from handcue.services.listening import Listening, voice_mode
from handcue.services.playing import open_player
from handcue.storage.acknowledgements import Acknowledgements
from handcue.storage.history import History, close_interrupted
from handcue.storage.user_database import UserDatabase


def _bank_of(player: Player) -> SoundBank | None:
    bank = getattr(player, "bank", None)
    return bank if isinstance(bank, SoundBank) else None


def run_plain(
    routine: Routine,
    durations: Mapping[int, float] | None,
    listening: Listening | None = None,
    *,
    player: Player | None = None,
    streams: Streams | None = None,
    engine: EngineChoice = AUTO,
    clock: Callable[[], float] = time.monotonic,
    acknowledgements: Acknowledgements | None = None,
    yes: bool = False,
    history: History | None = None,
    checkin: bool = True,
) -> int:
    """Play `routine` in plain mode; 0 when played or quit, 130 on Ctrl-C, 2 on bad input.

    With `acknowledgements`, a routine whose precautions and preparation were not yet confirmed
    (or changed since) shows them first and waits for Enter; without a terminal to press it
    on, and without `yes`, it does not start.

    With `history`, the session is recorded as it plays; with `checkin` too (and a terminal to
    answer on), how the hands feel is asked before and after, one key per question.
    """
    wants = listening or Listening()
    streams = streams or Streams()
    stdin, out, err = streams.stdin, streams.stdout, streams.stderr
    tones = player if player is not None else SilentPlayer()
    try:
        session = Session(routine, durations)
    except ValueError as error:
        tell(err, str(error))
        return 2
    unseen: list[str] | None = None
    confirm = False
    if acknowledgements is not None and not yes:
        shown = briefing.shown(routine)
        confirm = not acknowledgements.is_acknowledged(routine.id, shown)
        unseen = acknowledgements.unseen(routine.id, shown) if confirm else None
        for problem in acknowledgements.problems:
            tell(err, problem)
        if confirm and plain.terminal_fd(stdin) is None:
            tell(err, refusal(routine))
            return 2
    said = len(history.problems) if history is not None else 0
    """Database problems already said; those that come later are said at the end."""
    # Silence is said on stderr once, and its end once: the screen may not be looked at.
    watch = SoundWatch(tones, lambda notice: tell(err, notice.line))
    watch.check_start()
    voice = wants.voice or wants.intro
    voice_intro = wants.intro
    speaker = pick_engine(engine, err, purpose="carrying on with tones") if voice else None
    if speaker is not None:
        speaker.on_error = lambda message: tell(err, f"voice: {message}")
    bank = _bank_of(tones)
    lengths = tone_lengths(bank if bank is not None else SoundBank())
    conductor = Conductor(
        session,
        tones=tones,
        voice=EngineVoice(speaker) if speaker is not None else None,
        tone_seconds=lengths,
        announce_next=wants.announce_next,
        pacer=wants.pacer,
        mode=voice_mode(wants, routine.id, history),
    )
    status = 0
    recording: Recording | None = None
    with plain.key_input(stdin) as keys:
        try:
            if confirm and acknowledgements is not None:
                if not _confirm(routine, unseen, speaker if voice_intro else None, keys, out):
                    _say_summary(out, session, clock())
                    return 0
                acknowledgements.acknowledge(routine.id, briefing.shown(routine))
            elif voice_intro and not _intro(routine, speaker, keys, out):
                _say_summary(out, session, clock())
                return 0
            asked = _questions(routine, history, checkin, keys)
            before = _ask(asked, Moment.BEFORE, keys, out, speaker if voice else None)
            recording = _recording(history, session, before, clock(), err)
            summary = plain.run(
                session,
                conductor,
                keys,
                out,
                clock=clock,
                checkpoint=recording.checkpoint if recording is not None else None,
            )
            if recording is not None:
                recording.end(clock())
            if session.finished:
                # A helper that hung was said once; the end waits for none of them then.
                if not getattr(tones, "hung", False):
                    tones.wait(3.0)
                if speaker is not None and not speaker.hung:
                    speaker.wait(15.0)
                if recording is not None and before:
                    after = _ask(asked, Moment.AFTER, keys, out, speaker if voice else None)
                    recording.rate_after(after)
        except KeyboardInterrupt:
            status = 130
            summary = session.summary(clock())
            if recording is not None and not recording.ended:
                recording.end(clock())
        finally:
            if speaker is not None:
                speaker.stop()
    with contextlib.suppress(OSError, ValueError):
        print(plain.summary_line(summary, session), file=out, flush=True)
    for problem in history.problems[said:] if history is not None else ():
        tell(err, problem)
    return status


def _intro(routine: Routine, speaker: SpeechEngine | None, keys: plain.Keys, out: TextIO) -> bool:
    """Print and say the introduction; False if the person pressed q during it."""
    lines = speech_text.intro(routine)
    for line in lines:
        print(visible(line, lines=True), file=out, flush=True)
    if speaker is None:
        return True
    speaker.speak(" ".join(lines))
    # The engine cannot announce its end, so look every tenth of a second.
    while speaker.speaking():
        key = keys.wait(0.1)
        if key and key[-1].lower() == "q":
            return False
        if key:
            speaker.stop()
    return True


def _questions(
    routine: Routine, history: History | None, checkin: bool, keys: plain.Keys
) -> tuple[Question, ...]:
    """What to ask: nothing without a terminal to answer on, or when check-ins are off."""
    if history is None or not checkin or keys.fd is None:
        return ()
    mode = checkin_mode(history)
    return () if mode == "off" else questions(routine, per_hand=mode == "per-hand")


def _ask(
    asked: tuple[Question, ...],
    moment: Moment,
    keys: plain.Keys,
    out: TextIO,
    speaker: SpeechEngine | None,
) -> tuple[Rating, ...]:
    """Each question on a line of its own, answered by one key; Enter (or any other key)
    skips the rest, so the start waits for no more than the keys pressed."""
    ratings: list[Rating] = []
    heading = "Check-in" if moment is Moment.BEFORE else "Check-in, after"
    for number, question in enumerate(asked):
        lead = f"{heading}: " if number == 0 else ""
        line = f"{lead}{question.text} ({question.scale}; {KEYS_HELP})"
        print(visible(line), file=out, flush=True)
        if speaker is not None:
            speaker.speak(f"{lead}{question.text} Press a number from 0 to 9, or t for 10.")
        key = None
        while key is None and keys.fd is not None:
            key = keys.wait(None)
        if speaker is not None:
            speaker.stop()
        value = rating_of(key[-1]) if key else None
        if value is None:
            print("  skipped", file=out, flush=True)
            break
        print(f"  {value}", file=out, flush=True)
        ratings.append(answer(question, moment, value))
    return tuple(ratings)


def _recording(
    history: History | None,
    session: Session,
    before: tuple[Rating, ...],
    now: float,
    err: TextIO,
) -> Recording | None:
    if history is None:
        return None
    try:
        return Recording(history, session, before, now=now)
    except (OSError, ValueError) as error:
        tell(err, f"this session is not kept in your history: {error}")
        return None


CONFIRM_PROMPT = "Press Enter to start, or q to quit."


def refusal(routine: Routine) -> str:
    """The one line that says why a routine did not start without a terminal."""
    return (
        f"not started: the precautions of '{routine.id}' are new to you or changed; play it "
        f"once on a terminal to read them, or read 'handcue show {routine.id}' and add --yes"
    )


def _confirm(
    routine: Routine,
    unseen: list[str] | None,
    speaker: SpeechEngine | None,
    keys: plain.Keys,
    out: TextIO,
) -> bool:
    """Show (and with a voice, say) the precautions and preparation; True once Enter is
    pressed, False on q or Escape, or when the keys run out."""
    new = briefing.new_keys(routine, unseen)
    for line in briefing.text_lines(routine, new, changed=bool(unseen)):
        print(line, file=out, flush=True)
    print(CONFIRM_PROMPT, file=out, flush=True)
    if speaker is not None:
        speaker.speak(" ".join([*speech_text.intro(routine), CONFIRM_PROMPT]))
    try:
        while keys.fd is not None:
            key = keys.wait(None)
            if key is None:
                continue
            if "\n" in key or "\r" in key:
                return True
            if key[-1].lower() == "q" or key == "\x1b":
                return False
        return False
    finally:
        if speaker is not None:
            speaker.stop()


def _say_summary(out: TextIO, session: Session, now: float) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(plain.summary_line(session.summary(now), session), file=out, flush=True)


def run(args: argparse.Namespace) -> int:
    """`handcue play ID --plain`: the routine, checked, played on this terminal."""
    library = open_library(args.routines, warn=False)
    routine = find_routine(library, args.id)
    timing = timing_for(args, library, routine.id)
    if problem := setting_problem():
        warn(problem)
    player = open_player(args.volume)
    # Writes go to a thread of their own: a database locked by another window never holds up
    # a line or a cue; what could not be saved is said when the routine is over.
    database = UserDatabase(background=True)
    close_interrupted(database)
    if args.yes:  # else said with the precautions, before the routine starts
        for problem in database.problems:
            warn(problem)
    status = 1
    try:
        with ended_like_a_stop() as ending:
            status = ending.code(
                run_plain(
                    routine,
                    timing.durations_for(routine, warn),
                    listening(args),
                    player=player,
                    streams=Streams(sys.stdin, sys.stdout, sys.stderr),
                    acknowledgements=Acknowledgements(database),
                    yes=args.yes,
                    history=History(database),
                    checkin=not getattr(args, "no_checkin", False),
                )
            )
    finally:
        player.close()
        said = len(database.problems)
        # Why the session could not be saved was said in one line as it happened.
        database.close(say_lost=False)
        for problem in database.problems[said:]:
            warn(problem)
    return 1 if status == 0 and database.lost else status
