"""`handcue play --plain/--voice/--pacer` and `handcue render`: following a routine by ear.

Each function returns the exit status and reports every problem as one line on stderr.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any, TextIO

from handcue.audio.bank import SoundBank
from handcue.audio.player import Player, SilentPlayer
from handcue.audio.speech import SpeechEngine, speech_status
from handcue.audio.watch import SoundWatch
from handcue.commands.eyesfree_options import add_play_arguments, add_render_arguments
from handcue.core import briefing, speech_text
from handcue.core.durations import format_clock
from handcue.core.engine import Session
from handcue.core.files import NotARegularFile
from handcue.core.routine import Routine
from handcue.core.safe_text import visible
from handcue.eyesfree import plain, render
from handcue.eyesfree.conductor import Conductor, EngineVoice, tone_lengths
from handcue.storage.acknowledgements import Acknowledgements
from handcue.storage.atomic import shared_file_mode, write_target

__all__ = ["add_play_arguments", "add_render_arguments", "render_file", "run_plain"]

AUTO = "auto"
"""Pass as `engine` to look the speech engine up (the default)."""

EngineChoice = SpeechEngine | None | str


def _engine(choice: EngineChoice, err: TextIO, *, purpose: str) -> SpeechEngine | None:
    """The engine to speak with; says once, in one line, when there is none."""
    if isinstance(choice, str):
        engine, about = speech_status(None if choice == AUTO else choice)
    else:
        engine, about = choice, "no speech engine"
    if engine is None:
        _error(err, f"voice: {about}; {purpose}")
    return engine


def _error(err: TextIO, message: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(visible(f"handcue: {message}", lines=True), file=err, flush=True)


def _bank_of(player: Player) -> SoundBank | None:
    bank = getattr(player, "bank", None)
    return bank if isinstance(bank, SoundBank) else None


def run_plain(
    routine: Routine,
    durations: Mapping[int, float] | None,
    *,
    voice: bool = False,
    announce_next: float | None = None,
    voice_intro: bool = False,
    pacer: bool = False,
    player: Player | None = None,
    stdin: IO[Any] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    engine: EngineChoice = AUTO,
    clock: Callable[[], float] = time.monotonic,
    acknowledgements: Acknowledgements | None = None,
    yes: bool = False,
) -> int:
    """Play `routine` in plain mode; 0 when played or quit, 130 on Ctrl-C, 2 on bad input.

    With `acknowledgements`, a routine whose precautions and preparation were not yet confirmed
    (or changed since) shows them first and waits for Enter; without a terminal to press it
    on, and without `yes`, it does not start.
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    tones = player if player is not None else SilentPlayer()
    try:
        session = Session(routine, durations)
    except ValueError as error:
        _error(err, str(error))
        return 2
    unseen: list[str] | None = None
    confirm = False
    if acknowledgements is not None and not yes:
        shown = briefing.shown(routine)
        confirm = not acknowledgements.is_acknowledged(routine.id, shown)
        unseen = acknowledgements.unseen(routine.id, shown) if confirm else None
        for problem in acknowledgements.problems:
            _error(err, problem)
        if confirm and plain.terminal_fd(stdin) is None:
            _error(err, refusal(routine))
            return 2
    # Silence is said on stderr once, and its end once: the screen may not be looked at.
    watch = SoundWatch(tones, lambda notice: _error(err, notice.line))
    watch.check_start()
    voice = voice or voice_intro
    speaker = _engine(engine, err, purpose="carrying on with tones") if voice else None
    if speaker is not None:
        speaker.on_error = lambda message: _error(err, f"voice: {message}")
    bank = _bank_of(tones)
    lengths = tone_lengths(bank if bank is not None else SoundBank())
    conductor = Conductor(
        session,
        tones=tones,
        voice=EngineVoice(speaker) if speaker is not None else None,
        tone_seconds=lengths,
        announce_next=announce_next,
        pacer=pacer,
    )
    status = 0
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
            summary = plain.run(session, conductor, keys, out, clock=clock)
            if session.finished:
                tones.wait(3.0)
                if speaker is not None:
                    speaker.wait(15.0)
        except KeyboardInterrupt:
            status = 130
            summary = session.summary(clock())
        finally:
            if speaker is not None:
                speaker.stop()
    with contextlib.suppress(OSError, ValueError):
        print(plain.summary_line(summary, session), file=out, flush=True)
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


def render_file(
    routine: Routine,
    durations: Mapping[int, float] | None,
    out: Path,
    *,
    voice: bool = False,
    pacer: bool = False,
    force: bool = False,
    announce_next: float | None = None,
    voice_intro: bool = False,
    bank: SoundBank | None = None,
    engine: EngineChoice = AUTO,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Write the whole session to the WAV file `out`; 0 on success, 1 on failure, 2 on misuse."""
    report = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    refusal = _refuse_target(out, force)
    if refusal is not None:
        _error(err, refusal)
        return 2
    try:
        out = write_target(out)
    except NotARegularFile as error:
        _error(err, f"{out} is {error.kind}, not a regular file; give a file name")
        return 2
    if not out.parent.is_dir():
        _error(err, f"no folder {out.parent} to write {out.name} in")
        return 2
    sounds = bank if bank is not None else SoundBank()
    if sounds.problems:
        _error(err, f"sounds: {'; '.join(sounds.problems)}")
        if not len(sounds):
            return 1
    voice = voice or voice_intro
    speaker = _engine(engine, err, purpose="rendering tones only") if voice else None
    if speaker is not None and not speaker.can_write:
        _error(err, f"voice: {speaker.name} cannot write speech to a file; rendering tones only")
        speaker = None
    temporary: Path | None = None
    try:
        with render.speech_workdir() as workdir:
            speech = render.RenderVoice(speaker, Path(workdir)) if speaker is not None else None
            bar = render.ProgressBar(err, "speech") if speech is not None else None
            the_plan = render.plan(
                routine,
                durations,
                sounds,
                voice=speech,
                intro=voice_intro,
                announce_next=announce_next,
                pacer=pacer,
                progress=bar,
            )
            if bar is not None:
                bar.done()
            handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
            temporary = Path(name)
            writing = render.ProgressBar(err, "writing")
            with os.fdopen(handle, "wb") as target:
                render.write_wav(target, the_plan, writing)
                target.flush()
                os.fsync(target.fileno())
            # mkstemp makes the file private; a recording is an ordinary file to share
            os.chmod(temporary, shared_file_mode(out))
            writing.done()
        _place(temporary, out, force=force)
        temporary = None
    except ValueError as error:
        _error(err, str(error))
        return 2
    except FileExistsError:
        _error(err, f"{out} appeared while rendering; add --force to replace it")
        return 2
    except OSError as error:
        _error(err, f"cannot render to {out}: {error.strerror or error}")
        return 1
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    with contextlib.suppress(OSError, ValueError):
        print(visible(f"wrote {out} ({format_clock(the_plan.seconds)})"), file=report, flush=True)
    return 0


def _refuse_target(out: Path, force: bool) -> str | None:
    """Why `out` must not be written, if it must not.

    A link is written through only with `force`, and only to a file that exists: in a shared
    folder a link planted under the name asked for would otherwise make handcue replace, or
    create, a file of the planter's choosing. A read-only file is never replaced.
    """
    if out.is_symlink():
        link = os.readlink(out)
        if not out.exists():
            return (
                f"{out} is a link to {link}, which does not exist; handcue never creates a file "
                "through a link. Remove the link or give another name"
            )
        if not force:
            return (
                f"{out} is a link to {link}; add --force to replace that file, or give another name"
            )
    elif out.exists() and not force:
        return f"{out} already exists; add --force to replace it"
    if out.exists() and _read_only(out):
        return f"{out} is read-only, so it is left as it is; make it writable or give another name"
    return None


def _read_only(path: Path) -> bool:
    """No one may write it: by permission, or by its mode even for the superuser."""
    try:
        return not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222
    except OSError:
        return False


def _place(temporary: Path, out: Path, *, force: bool) -> None:
    """Move the finished file into place in one step; without `force`, never over a file."""
    if force:
        os.replace(temporary, out)
        return
    try:
        os.link(temporary, out)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (some network and FAT file systems): check, then rename.
        if out.exists():
            raise FileExistsError(str(out)) from None
        os.replace(temporary, out)
        return
    temporary.unlink()
