"""Finds the bundled routines and sounds both in an installed wheel and in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent / name


def routines_dir() -> Path:
    return _bundled("routines")


def sounds_dir() -> Path:
    return _bundled("sounds")
