"""Shared fixtures for the app tests: fixed routines and the shell with a scripted player."""

from __future__ import annotations

import pytest
from support.shell import ROUTINES, ShellApp, make_library

from handcue.core.library import Library
from handcue.core.routine import Routine


@pytest.fixture
def routines() -> tuple[Routine, ...]:
    return ROUTINES


@pytest.fixture
def library() -> Library:
    return make_library()


@pytest.fixture
def shell_app() -> type[ShellApp]:
    """The shell class; tests build it with the options they need."""
    return ShellApp
