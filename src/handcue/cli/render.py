"""`handcue render ID OUT`: a routine's whole session written to a sound file, atomically.

The format follows OUT's suffix: .wav, .flac (lossless, a twentieth of the size) or .ogg.

Returns the exit status and reports every problem as one line on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from handcue.audio.bank import SoundBank
from handcue.audio.sound_files import FileFormat, format_for, suffixes
from handcue.audio.speech import SpeechEngine
from handcue.audio.speech_cache import SpeechCache
from handcue.cli.common import find_routine, open_library
from handcue.cli.full_screen import listening, timing_for
from handcue.cli.output import warn
from handcue.cli.progress_bar import ProgressBar
from handcue.cli.streams import AUTO, EngineChoice, Streams, pick_engine, tell
from handcue.core.durations import format_clock
from handcue.core.guided_text import mode_for
from handcue.core.routine import Routine
from handcue.core.safe_text import visible
from handcue.services import rendering as render
from handcue.services.listening import Listening
from handcue.services.transcript import transcript_path, webvtt
from handcue.storage.atomic import shared_file_mode, write_target
from handcue.storage.files import NotARegularFile


def render_file(
    routine: Routine,
    durations: Mapping[int, float] | None,
    out: Path,
    listening: Listening | None = None,
    *,
    force: bool = False,
    bank: SoundBank | None = None,
    engine: EngineChoice = AUTO,
    streams: Streams | None = None,
) -> int:
    """Write the whole session to the sound file `out`, in the format its suffix names; 0 on
    success, 1 on failure, 2 on misuse."""
    wants = listening or Listening()
    streams = streams or Streams()
    report, err = streams.stdout, streams.stderr
    checked = _target(out, force)
    if isinstance(checked, str):
        tell(err, checked)
        return 2
    out, kind = checked
    sounds = bank if bank is not None else SoundBank()
    if sounds.problems:
        tell(err, f"sounds: {'; '.join(sounds.problems)}")
        if not len(sounds):
            return 1
    speaker = _speaker(wants, engine, err)
    transcript: Path | None = None
    try:
        with render.speech_workdir() as workdir:
            speech = render.RenderVoice(speaker, Path(workdir)) if speaker is not None else None
            the_plan = _plan(routine, durations, sounds, wants, speech, err)
            _write_file(the_plan, kind, out, force=force, err=err)
        if speech is not None:
            words = transcript_path(out)
            if words.exists() and not force:
                tell(err, f"{words} exists; add --force to replace it (no transcript written)")
            else:
                words.write_text(webvtt(the_plan), encoding="utf-8")
                transcript = words
    except ValueError as error:
        tell(err, str(error))
        return 2
    except FileExistsError:
        tell(err, f"{out} appeared while rendering; add --force to replace it")
        return 2
    except OSError as error:
        tell(err, f"cannot render to {out}: {error.strerror or error}")
        return 1
    with contextlib.suppress(OSError, ValueError):
        size = _megabytes(out)
        print(
            visible(f"wrote {out} ({format_clock(the_plan.seconds)}{size}, {kind.name})"),
            file=report,
            flush=True,
        )
    if transcript is not None:
        print(visible(f"wrote {transcript} (the words, as WebVTT)"), file=report, flush=True)
    return 0


def _target(out: Path, force: bool) -> tuple[Path, FileFormat] | str:
    """The file to write and its format, or why it must not be written (a misuse)."""
    kind = format_for(out)
    if kind is None:
        return (
            f"{out.name}: handcue writes {suffixes()} files; end the name with one of those "
            "(.flac keeps every sample and is a twentieth of a .wav's size)"
        )
    refusal = _refuse_target(out, force)
    if refusal is not None:
        return refusal
    try:
        out = write_target(out)
    except NotARegularFile as error:
        return f"{out} is {error.kind}, not a regular file; give a file name"
    if not out.parent.is_dir():
        return f"no folder {out.parent} to write {out.name} in"
    return out, kind


def _speaker(wants: Listening, engine: EngineChoice, err: TextIO) -> SpeechEngine | None:
    """The engine that writes the words, or None: tones only (said, when words were asked for)."""
    if not (wants.voice or wants.intro):
        return None
    speaker = _natural() if engine is AUTO else None
    if speaker is None:
        speaker = pick_engine(engine, err, purpose="rendering tones only")
    if speaker is not None and not speaker.can_write:
        tell(err, f"voice: {speaker.name} cannot write speech to a file; rendering tones only")
        return None
    return speaker


def _plan(
    routine: Routine,
    durations: Mapping[int, float] | None,
    sounds: SoundBank,
    wants: Listening,
    speech: render.RenderVoice | None,
    err: TextIO,
) -> render.Plan:
    """Every sound of the session with its time; the words made first, with a bar (the slow
    part)."""
    if speech is not None:
        speech.cache = _cache()
    bar = ProgressBar(err, "speech") if speech is not None else None
    the_plan = render.plan(
        routine,
        durations,
        sounds,
        voice=speech,
        intro=wants.intro,
        announce_next=wants.announce_next,
        pacer=wants.pacer,
        progress=bar,
        mode=mode_for(0, wants.mode),
    )
    if bar is not None:
        bar.done()
    return the_plan


def _write_file(
    the_plan: render.Plan, kind: FileFormat, out: Path, *, force: bool, err: TextIO
) -> None:
    """Write the mix to a temporary file beside `out`, then move it into place in one step:
    a render that fails or is stopped leaves nothing behind, and never half a file."""
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    temporary = Path(name)
    try:
        writing = ProgressBar(err, "writing")
        # read and write: the compressed formats' encoder reads back what it wrote
        with os.fdopen(handle, "w+b") as target:
            render.write_sound(target, the_plan, kind, writing)
            target.flush()
            os.fsync(target.fileno())
        # mkstemp makes the file private; a recording is an ordinary file to share
        os.chmod(temporary, shared_file_mode(out))
        writing.done()
        _place(temporary, out, force=force)
    except BaseException:  # a stop request (SystemExit) too
        temporary.unlink(missing_ok=True)
        raise


def _megabytes(path: Path) -> str:
    """`, 6.8 MB`: the file's size, or nothing when it cannot be read."""
    try:
        return f", {path.stat().st_size / 1e6:.1f} MB"
    except OSError:
        return ""


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


def run(args: argparse.Namespace) -> int:
    """`handcue render ID OUT`: the routine's session, written to a sound file."""
    library = open_library(args.routines, warn=False)
    routine = find_routine(library, args.id)
    timing = timing_for(args, library, routine.id)
    # A stop request (SIGTERM) unwinds like Ctrl-C, so the half-written temporary is removed.
    signal.signal(signal.SIGTERM, _stop_on_term)
    return render_file(
        routine,
        timing.durations_for(routine, warn),
        args.out,
        listening(args),
        force=args.force,
    )


def _stop_on_term(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _natural() -> SpeechEngine | None:
    """The `handcue[voice]` extra's natural voice when installed, unless HANDCUE_SPEECH names
    an engine (or none) or the person chose the system's (`handcue voice --engine system`)."""
    from handcue.services.voices import chosen_engine, engines

    return engines(chosen_engine(warn)).natural


def _cache() -> SpeechCache:
    from handcue.storage.paths import cache_dir

    return SpeechCache(cache_dir() / "speech")
