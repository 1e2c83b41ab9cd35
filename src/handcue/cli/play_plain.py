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
from handcue.core.checkin import KEYS_HELP, Moment, Question, Rating, answer, rating_of
from handcue.core.engine import Session
from handcue.core.routine import Routine
from handcue.core.safe_text import visible
from handcue.core.wording import counted
from handcue.services import voices
from handcue.services.conductor import conduct
from handcue.services.keeping import Keep, KeepOffer
from handcue.services.listening import Listening
from handcue.services.play_flow import (
    CheckIn,
    Finished,
    Play,
    PlayFlow,
    Precautions,
    Stopped,
)
from handcue.services.playing import open_player
from handcue.services.user_data import UserData, plain_database
from handcue.services.voice_output import Voice, tone_lengths


def _bank_of(player: Player) -> SoundBank | None:
    bank = getattr(player, "bank", None)
    return bank if isinstance(bank, SoundBank) else None


def run_plain(
    routine: Routine,
    durations: Mapping[int, float] | None,
    listening: Listening | None = None,
    *,
    user: UserData,
    player: Player | None = None,
    streams: Streams | None = None,
    engine: EngineChoice = AUTO,
    clock: Callable[[], float] = time.monotonic,
    yes: bool = False,
    checkin: bool = True,
    speak_by: str | None = None,
) -> int:
    """Play `routine` in plain mode; 0 when played or quit, 130 on Ctrl-C, 2 on bad input.

    The play flow (`services.play_flow`) says what comes next: a routine whose precautions were
    not accepted yet (or changed since) shows them and waits for Enter, and without a terminal
    to press it on, and without `yes`, does not start. With a terminal to answer on, how the
    hands feel is asked before and after, one key per question; the session is kept in the
    history as it plays. `speak_by` (else the setting) says who says the words: the voice, or
    a screen reader reading the lines, the voice then quiet.
    """
    wants = listening or Listening()
    streams = streams or Streams()
    stdin, out, err = streams.stdin, streams.stdout, streams.stderr
    tones = player if player is not None else SilentPlayer()
    terminal = plain.terminal_fd(stdin) is not None
    flow = _flow(
        routine, user, durations, wants, yes=yes, checkin=checkin, terminal=terminal, err=err
    )
    if flow is None:
        return 2
    # Silence is said on stderr once, and its end once: the screen may not be looked at.
    watch = SoundWatch(tones, lambda notice: tell(err, notice.line))
    watch.check_start()
    reader = (speak_by or user.speak_by()) == "screen-reader"
    speaker = _speaker(wants, engine, err) if not reader else None
    said = _session_voice(flow, tones, speaker, reader, err) if wants.voice else None
    status = 0
    played: list[Session] = []
    with plain.key_input(stdin) as keys:
        try:
            _walk(flow, keys, out, tones, speaker, clock, played, said)
        except KeyboardInterrupt:
            status = 130
            if isinstance(flow.step, Play):
                flow.end(clock())
        finally:
            if speaker is not None:
                speaker.stop()
            close = getattr(said, "close", None)
            if callable(close):
                close()
    for session in played:
        with contextlib.suppress(OSError, ValueError):
            print(plain.summary_line(session.summary(clock()), session), file=out, flush=True)
    return status


def _flow(
    routine: Routine,
    user: UserData,
    durations: Mapping[int, float] | None,
    wants: Listening,
    *,
    yes: bool,
    checkin: bool,
    terminal: bool,
    err: TextIO,
) -> PlayFlow | None:
    """The play flow, or None (said) when the durations are wrong or the precautions must be
    accepted and there is no terminal to accept them on."""
    try:
        flow = PlayFlow(
            routine,
            user,
            durations=durations,
            yes=yes,
            checkin=checkin and terminal,
            listening=wants,
        )
    except ValueError as error:
        tell(err, str(error))
        return None
    step = flow.step
    if isinstance(step, Precautions) and step.confirm and not terminal:
        tell(err, refusal(routine))
        return None
    return flow


def _speaker(wants: Listening, engine: EngineChoice, err: TextIO) -> SpeechEngine | None:
    """The live voice, when words are wanted; its failures said on stderr."""
    if not (wants.voice or wants.intro):
        return None
    speaker = pick_engine(engine, err, purpose="carrying on with tones")
    if speaker is not None:
        speaker.on_error = lambda message: tell(err, f"voice: {message}")
    return speaker


def _session_voice(
    flow: PlayFlow, tones: Player, speaker: SpeechEngine | None, reader: bool, err: TextIO
) -> Voice | None:
    """What says the session's words: the natural voice made ahead now, while the precautions
    and check-in show (`speaker` says what is not made in time), else `speaker` alone; for a
    screen reader, a quiet voice that only keeps the time the words take."""
    if reader:
        return voices.screen_reader_voice()
    found = voices.engines(flow.user.voice_engine(), live=speaker)
    said = voices.voice_for(found, tones, lambda message: tell(err, f"voice: {message}"))
    if said is not None:
        voices.prepare(said, flow.routine, flow.durations, flow.listening, flow.voice_mode())
    return said


def _walk(
    flow: PlayFlow,
    keys: plain.Keys,
    out: TextIO,
    tones: Player,
    speaker: SpeechEngine | None,
    clock: Callable[[], float],
    played: list[Session],
    said: Voice | None = None,
) -> None:
    """Show each step of the flow on the terminal until it is done; the session, once it
    starts, goes into `played`."""
    wants = flow.listening
    voice = wants.voice or wants.intro
    while True:
        step = flow.step
        if isinstance(step, Precautions):
            read = speaker if step.read_aloud else None
            if step.confirm:
                accepted = _confirm(step, read, keys, out)
            else:
                accepted = _intro(flow.routine, read, keys, out)
            flow.accept_precautions(accepted)
        elif isinstance(step, CheckIn):
            asked = _ask(step.questions, step.moment, keys, out, speaker if voice else None)
            flow.answer(asked)
        elif isinstance(step, Play):
            played.append(step.session)
            _play(flow, step, keys, out, tones, said, clock)
        elif isinstance(step, Finished):
            # A helper that hung was said once; the end waits for none of them then.
            if not getattr(tones, "hung", False):
                tones.wait(3.0)
            if speaker is not None and not speaker.hung:
                speaker.wait(15.0)
            if step.offer is not None and keys.fd is not None:
                _offer_keep(flow, step.offer, len(step.report.changes), keys, out)
            flow.leave()
        elif isinstance(step, Stopped):
            if keys.fd is not None:
                _offer_keep(flow, step.offer, step.changes, keys, out)
            else:
                flow.keep(Keep.NOTHING)
        else:
            return


def _play(
    flow: PlayFlow,
    step: Play,
    keys: plain.Keys,
    out: TextIO,
    tones: Player,
    said: Voice | None,
    clock: Callable[[], float],
) -> None:
    bank = _bank_of(tones)
    conductor = conduct(
        step.session,
        flow.listening,
        step.mode,
        tones=tones,
        voice=said,
        tone_seconds=tone_lengths(bank if bank is not None else SoundBank()),
    )
    flow.start(clock())
    plain.run(
        step.session, conductor, keys, out, clock=clock, checkpoint=flow.checkpoint, tones=tones
    )
    flow.end(clock())


def _offer_keep(
    flow: PlayFlow, offer: KeepOffer, changes: int, keys: plain.Keys, out: TextIO
) -> None:
    """Ask, one key, whether to keep the times changed in the session."""
    print(f"Keep the {counted(changes, 'step time')} you changed for next time?", file=out)
    labels = {Keep.STEPS: "k", Keep.LENGTH: "l", Keep.NOTHING: "d"}
    for choice, letter in labels.items():
        print(f"  {letter}  {offer.label(choice)}", file=out, flush=True)
    pressed: str | None = None
    while pressed is None and keys.fd is not None:
        pressed = keys.wait(None)
    by_key = {letter: choice for choice, letter in labels.items()}
    message = flow.keep(by_key.get((pressed or "d")[-1].lower(), Keep.NOTHING))
    if message is not None:
        print(visible(message), file=out, flush=True)


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


CONFIRM_PROMPT = "Press Enter to start, or q to quit."


def refusal(routine: Routine) -> str:
    """The one line that says why a routine did not start without a terminal."""
    return (
        f"not started: the precautions of '{routine.id}' are new to you or changed; play it "
        f"once on a terminal to read them, or read 'handcue show {routine.id}' and add --yes"
    )


def _confirm(
    step: Precautions, speaker: SpeechEngine | None, keys: plain.Keys, out: TextIO
) -> bool:
    """Show (and with a voice, say) the precautions and preparation; True once Enter is
    pressed, False on q or Escape, or when the keys run out."""
    routine = step.routine
    for line in briefing.text_lines(routine, step.new, changed=step.changed):
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


def run(args: argparse.Namespace) -> int:
    """`handcue play ID --plain`: the routine, checked, played on this terminal."""
    library = open_library(args.routines, warn=False)
    routine = find_routine(library, args.id)
    timing = timing_for(args, library, routine.id)
    if problem := setting_problem():
        warn(problem)
    player = open_player(args.volume)
    # Writes go to a thread of their own: a database locked by another window never holds up
    # a line or a cue; each problem is one line on stderr, when it arises.
    user = UserData(database=plain_database, timing=timing, on_problem=warn)
    user.close_interrupted()
    status = 1
    try:
        with ended_like_a_stop() as ending:
            status = ending.code(
                run_plain(
                    routine,
                    None,
                    listening(args),
                    user=user,
                    player=player,
                    streams=Streams(sys.stdin, sys.stdout, sys.stderr),
                    yes=args.yes,
                    checkin=not getattr(args, "no_checkin", False),
                    speak_by=getattr(args, "speak_by", None),
                )
            )
    finally:
        player.close()
        # Why the session could not be kept was said in one line as it happened.
        lost = user.close(say_lost=False)
    return 1 if status == 0 and lost else status
