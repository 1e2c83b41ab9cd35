"""`handcue doctor`: what handcue found on this machine, for a person fixing missing sound."""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Callable
from importlib import metadata

from handcue import __version__, resources
from handcue.cli.output import say, warn
from handcue.core.wording import counted
from handcue.storage import paths


def database_status() -> str:
    """Whether the user database opens and can be read: its problems, said here as well."""
    from handcue.storage.user_database import SCREEN_BUSY_TIMEOUT, UserDatabase, default_path

    path = default_path()
    if not path.exists():
        return f"{path} (made when first needed)"
    database = UserDatabase(path, busy_timeout=SCREEN_BUSY_TIMEOUT)
    try:
        sessions = database.read(lambda db: db.execute("SELECT count(*) FROM sessions").fetchone())
    except OSError as error:
        return str(error)
    finally:
        database.close()
    if database.problems or database.in_memory:
        return " ".join(database.problems)
    return f"{path} (ok, {counted(int(sessions[0]), 'session')})"


def report(
    facts_for_audio: dict[str, str], speech: str, voice: Callable[[], str] | None = None
) -> str:
    """The facts in two columns; `voice` is asked after the database is looked at, since
    reading the voice setting opens (and would quietly repair) it."""
    database = database_status()
    rows = [
        ("handcue", __version__),
        ("python", f"{platform.python_version()} ({sys.executable})"),
        ("textual", _version("textual")),
        ("platform", platform.platform()),
    ]
    rows += [
        (f"audio {key}" if key != "backend" else "audio backend", value)
        for key, value in facts_for_audio.items()
    ]
    rows += [
        ("speech", speech),
        *([("voice", voice())] if voice is not None else []),
        ("bundled routines", str(resources.routines_dir())),
        ("bundled sounds", str(resources.sounds_dir())),
        ("your routines", str(paths.user_routines_dir())),
        ("settings and tweaks", str(paths.config_dir())),
        ("history", str(paths.data_dir())),
        ("database", database),
        ("cache", str(paths.cache_dir())),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def run(args: argparse.Namespace) -> int:
    """`handcue doctor`: sound, speech, folders and versions, with what to fix."""
    from handcue.audio.audibility import device_problem
    from handcue.audio.choose import describe
    from handcue.audio.speech import speech_status
    from handcue.services.playing import open_player

    player = open_player()
    try:
        from handcue.audio.natural_voice import natural_status

        speech = f"{speech_status()[1]}; {natural_status()}"
        facts = describe(player)
        # Nothing has played yet, so the player knows of no error: the device it would play
        # through is asked, as `handcue cues` asks before its first cue.
        if facts.get("last error") == "none" and (problem := device_problem(player)):
            facts["last error"] = problem
        say(report(facts, speech=speech, voice=live_voice))
    finally:
        player.close()
    return 0


def live_voice() -> str:
    """The engine and voice a routine played now speaks with, by the setting kept."""
    from handcue.services.voices import chosen_engine, engines

    chosen = chosen_engine(warn)
    return f"live play speaks with {engines(chosen).about} (engine setting: {chosen})"


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"
