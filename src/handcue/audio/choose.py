"""Picks the backend that works here, and describes it for `handcue doctor`.

Order: simpleaudio (when importable, not a build known to crash on this Python, and, on
Linux, when ALSA's default device opens), then a system player program, then silence.
`preferred` (from the command line) beats the HANDCUE_AUDIO environment variable, which beats
the automatic order. A forced backend that cannot start falls back to silence with the reason
in `last_error`: never a crash.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

from handcue.audio import simpleaudio_build
from handcue.audio.alsa_quiet import alsa_version, probe_default_device
from handcue.audio.bank import SoundBank
from handcue.audio.player import Player, SilentPlayer
from handcue.core.suggest import did_you_mean

BACKENDS = ("simpleaudio", "system", "silent")
ENV_VAR = "HANDCUE_AUDIO"


def _simpleaudio_available() -> str | None:
    """None when simpleaudio can play here, else why not."""
    unsafe = simpleaudio_build.unsafe_here()
    if unsafe is not None:
        return unsafe
    try:
        importlib.import_module("simpleaudio")
    except ImportError as error:
        return f"simpleaudio is not installed ({error})"
    if sys.platform.startswith("linux"):
        return probe_default_device()
    return None


def _make(backend: str, bank: SoundBank | None, volume: int) -> Player:
    if backend == "simpleaudio":
        from handcue.audio.simpleaudio_player import SimpleaudioPlayer

        return SimpleaudioPlayer(bank, volume)
    if backend == "system":
        from handcue.audio.system_player import SystemPlayer

        return SystemPlayer(bank, volume)
    return SilentPlayer(volume)


def setting_problem() -> str | None:
    """What is wrong with HANDCUE_AUDIO, for the front end to say once; None when nothing.

    `choose_player` carries on automatically after an unknown value, so without this the
    mistake would go unnoticed whenever some backend works.
    """
    wanted = os.environ.get(ENV_VAR, "").strip().lower()
    if wanted and wanted not in BACKENDS:
        return (
            f"{ENV_VAR}={wanted!r} is not a sound backend{did_you_mean(wanted, BACKENDS)} "
            f"(choose from {', '.join(BACKENDS)}); choosing one automatically"
        )
    return None


def choose_player(
    preferred: str | None = None,
    *,
    sounds: Path | None = None,
    volume: int = 100,
) -> Player:
    """The first backend that works; see the module docstring for the order."""
    wanted = (preferred or os.environ.get(ENV_VAR, "")).strip().lower()
    reasons: list[str] = []
    if wanted and wanted not in BACKENDS:
        hint = did_you_mean(wanted, BACKENDS)
        reasons.append(
            f"unknown audio backend {wanted!r}{hint} (choose from {', '.join(BACKENDS)})"
        )
        wanted = ""
    if wanted == "silent":
        return SilentPlayer(volume)
    try:
        bank = SoundBank(sounds, volume)
    except Exception as error:
        return SilentPlayer(volume, reason=f"cannot load sounds: {error}")
    if wanted == "simpleaudio" and (unsafe := simpleaudio_build.unsafe_here()) is not None:
        return SilentPlayer(volume, reason=unsafe)
    if wanted:
        candidates = [wanted]
    else:
        candidates = []
        reason = _simpleaudio_available()
        if reason is None:
            candidates.append("simpleaudio")
        else:
            reasons.append(reason)
        candidates.append("system")
    for backend in candidates:
        try:
            return _make(backend, bank, volume)
        except Exception as error:
            reasons.append(f"{backend}: {error}")
    return SilentPlayer(volume, reason="; ".join(reasons) or None)


def _version(distribution: str) -> str:
    from importlib import metadata  # megabytes of imports: only `handcue doctor` asks

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe(player: Player | None = None) -> dict[str, str]:
    """Plain facts for a diagnostics screen: backend, library versions, device state."""
    facts: dict[str, str] = {}
    if player is not None:
        facts["backend"] = player.name
        program = getattr(player, "program", None)
        if isinstance(program, str):
            facts["program"] = program
        facts["volume"] = f"{player.volume}{' (muted)' if player.muted else ''}"
        bank = getattr(player, "bank", None)
        if isinstance(bank, SoundBank):
            facts["sounds"] = f"{len(bank)} in {bank.folder}"
        facts["last error"] = player.last_error or "none"
    build = simpleaudio_build.installed_build()
    if build is None:
        facts["simpleaudio"] = _version("simpleaudio")
    else:
        name = "" if build.distribution == "simpleaudio" else f" ({build.distribution})"
        facts["simpleaudio"] = f"{build.version}{name}"
    unsafe = simpleaudio_build.crash_reason(build, simpleaudio_build.running_python())
    device_problem = None
    if sys.platform.startswith("linux"):
        facts["libasound"] = alsa_version() or "not found"
        device_problem = probe_default_device()
        facts["default device"] = device_problem or "opens"
    forced = os.environ.get(ENV_VAR)
    if forced:
        facts[ENV_VAR] = forced
    fix = _fix(
        player,
        installed=facts["simpleaudio"] != "not installed",
        unsafe=unsafe,
        device_problem=device_problem,
        forced=forced,
    )
    if fix:
        facts["fix"] = fix
    return facts


def _fix(
    player: Player | None,
    *,
    installed: bool,
    unsafe: str | None,
    device_problem: str | None,
    forced: str | None,
) -> str | None:
    """The one thing to do first for sound to work here; None when nothing needs doing."""
    if forced and forced.strip().lower() == "silent":
        return f"sound is turned off by {ENV_VAR}=silent; unset it to hear the cues"
    if unsafe is not None:
        return unsafe
    if device_problem is not None:
        return (
            "no sound device opens: check that a sound card is listed by `aplay -l`, "
            "that your user may use it (the audio group), and that nothing holds it"
        )
    if not installed:
        return (
            "simpleaudio is not installed: pip install 'handcue[sound]' "
            "(it builds against ALSA: sudo apt-get install libasound2-dev first)"
        )
    if player is not None and player.name == "silent" and player.last_error:
        return f"no backend could play: {player.last_error}"
    return None
