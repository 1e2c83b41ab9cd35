"""User folders, from platformdirs, each overridable by an environment variable for tests and
for people who keep their routines somewhere of their own."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "handcue"

ROUTINES_ENV = "HANDCUE_ROUTINES"
CONFIG_ENV = "HANDCUE_CONFIG_DIR"
DATA_ENV = "HANDCUE_DATA_DIR"
CACHE_ENV = "HANDCUE_CACHE_DIR"


OVERRIDES = (ROUTINES_ENV, CONFIG_ENV, DATA_ENV, CACHE_ENV)


class FolderError(ValueError):
    """A folder given by a person that cannot be used; the message says which and why."""


def expand(text: str, given_by: str) -> Path:
    """`text` as a path with `~` and `~user` expanded; `FolderError` when that user (or any
    home folder) is unknown here, instead of Python's bare RuntimeError."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        first = Path(text).parts[0] if Path(text).parts else text
        who = f"the user '{first[1:]}'" if len(first) > 1 else "your home folder"
        raise FolderError(
            f"{given_by} is {text!r}, but {who} is not known on this system; "
            "write the folder's full path instead"
        ) from None


def check_overrides() -> None:
    """Raise `FolderError` now for any override that cannot be expanded, rather than at the
    moment a folder is first needed (which may be deep inside the interface)."""
    for name in OVERRIDES:
        _from_env(name)


def _from_env(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return expand(value, f"${name}") if value else None


def data_dir() -> Path:
    """Per-user data: own routines, history, acknowledgements."""
    return _from_env(DATA_ENV) or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Per-user settings and saved duration tweaks."""
    return _from_env(CONFIG_ENV) or Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_routines_dir() -> Path:
    """The folder of the user's own routines, loaded beside the bundled library."""
    return _from_env(ROUTINES_ENV) or data_dir() / "routines"


def cache_dir() -> Path:
    """Files handcue can always rebuild, such as the parsed library."""
    return _from_env(CACHE_ENV) or Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
