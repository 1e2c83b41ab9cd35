"""`handcue doctor`: what handcue found on this machine, for a person fixing missing sound."""

from __future__ import annotations

import platform
import sys

from handcue import __version__, resources
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


def report(facts_for_audio: dict[str, str], speech: str) -> str:
    import textual

    rows = [
        ("handcue", __version__),
        ("python", f"{platform.python_version()} ({sys.executable})"),
        ("textual", textual.__version__),
        ("platform", platform.platform()),
    ]
    rows += [
        (f"audio {key}" if key != "backend" else "audio backend", value)
        for key, value in facts_for_audio.items()
    ]
    rows += [
        ("speech", speech),
        ("bundled routines", str(resources.routines_dir())),
        ("bundled sounds", str(resources.sounds_dir())),
        ("your routines", str(paths.user_routines_dir())),
        ("settings and tweaks", str(paths.config_dir())),
        ("history", str(paths.data_dir())),
        ("database", database_status()),
        ("cache", str(paths.cache_dir())),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)
