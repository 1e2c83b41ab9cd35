"""GNOME's Do Not Disturb read through the real `gsettings`, from a settings file of the test's
own (the keyfile backend), so no desktop is needed and none is changed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from support.desktop_tools import missing

from handcue.desktop.presence import Presence

SCHEMA = "org.gnome.desktop.notifications"


def test_show_banners_off_is_do_not_disturb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("gsettings") is None:
        missing("gsettings is not installed (apt-get install libglib2.0-bin)")
    monkeypatch.setenv("GSETTINGS_BACKEND", "keyfile")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    found = subprocess.run(
        ["gsettings", "list-keys", SCHEMA], capture_output=True, text=True, check=False
    )
    if "show-banners" not in found.stdout:
        missing("GNOME's settings schemas are not installed (gsettings-desktop-schemas)")
    presence = Presence(None, None, env={})
    assert not presence.sample().dnd and presence.sources == ["GNOME show-banners"]
    subprocess.run(["gsettings", "set", SCHEMA, "show-banners", "false"], check=True)
    assert presence.sample().dnd
