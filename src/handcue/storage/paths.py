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


def _from_env(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


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
