"""Speech engines: chosen by HANDCUE_SPEECH, run without a shell, non-blocking, stoppable."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from support.eyesfree import FakeSpeech, read_wav

from handcue.audio.speech import (
    EspeakEngine,
    MacSayEngine,
    SpdSayEngine,
    WindowsSpeechEngine,
    find_engine,
    speech_status,
)


def test_forced_engine_is_found_on_path(fake_speech: FakeSpeech) -> None:
    engine = find_engine()
    assert isinstance(engine, EspeakEngine)
    assert Path(engine.program).parent == fake_speech.folder


def test_speak_returns_at_once_and_reports_while_speaking(fake_speech: FakeSpeech) -> None:
    engine = find_engine()
    assert engine is not None
    engine.speak("Left hand. Thumb circles.")
    assert engine.speaking()  # the fake speaks for 0.8 s
    assert engine.wait(10.0)
    assert not engine.speaking()
    [record] = fake_speech.records()
    assert record["text"] == "Left hand. Thumb circles."
    assert record["argv"] == ["-s", "160", "-a", "92", "--stdin"]


def test_stop_cuts_speech_off(fake_speech: FakeSpeech, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SPEECH_SECONDS", "30")
    engine = find_engine()
    assert engine is not None
    engine.speak("A long sentence.")
    assert fake_speech.started()
    assert engine.speaking()
    engine.stop()
    assert not engine.speaking()
    # The fake noted its end when terminated, long before its 30 s were up.
    [record] = fake_speech.records()
    assert float(record["end"]) - float(record["start"]) < 30  # type: ignore[arg-type]


def test_text_is_never_taken_for_an_option(fake_speech: FakeSpeech) -> None:
    engine = find_engine()
    assert engine is not None
    engine.speak("-w /tmp/evil.wav; rm -rf ~")
    engine.wait(10.0)
    [record] = fake_speech.records()
    assert record["argv"] == ["-s", "160", "-a", "92", "--stdin"]
    assert record["text"] == "-w /tmp/evil.wav; rm -rf ~"


def test_a_broken_engine_is_reported_once(tmp_path: Path) -> None:
    messages: list[str] = []
    engine = EspeakEngine(str(tmp_path / "missing-program"))
    engine.on_error = messages.append
    engine.speak("one")
    engine.speak("two")
    assert not engine.speaking()
    assert len(messages) == 1 and "cannot run espeak-ng" in messages[0]


@pytest.mark.parametrize("word", ["none", "off"])
def test_speech_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    monkeypatch.setenv("HANDCUE_SPEECH", word)
    assert speech_status() == (None, f"speech is turned off (HANDCUE_SPEECH={word})")


def test_unknown_and_missing_engines_say_why(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HANDCUE_SPEECH", "robot")
    engine, why = speech_status()
    assert engine is None and why.startswith("unknown speech engine 'robot'")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("HANDCUE_SPEECH")
    engine, why = speech_status()
    assert engine is None and why.startswith("no speech engine found")


def test_each_platform_engine_passes_text_safely(tmp_path: Path) -> None:
    path = tmp_path / "it's.wav"
    argv, stdin = MacSayEngine("say").write_command("Hello", path)
    assert argv[-2:] == ["-f", "-"] and stdin == "Hello" and str(path) in argv
    argv, stdin = SpdSayEngine("spd-say").speak_command("-x Hello")
    assert argv == ["spd-say", "-w", "--", "-x Hello"] and stdin is None
    argv, stdin = WindowsSpeechEngine("powershell").write_command("Hello", path)
    assert stdin == "Hello"
    assert "it''s.wav" in argv[-1]  # quoted as a PowerShell literal
    assert not SpdSayEngine("spd-say").can_write


def test_write_wav_from_the_fake_engine(fake_speech: FakeSpeech, tmp_path: Path) -> None:
    engine = find_engine()
    assert engine is not None and engine.can_write
    engine.write_wav("Next: right hand.", tmp_path / "out.wav")
    samples, rate = read_wav(tmp_path / "out.wav")
    assert rate == 22050 and len(samples) == int(0.8 * 22050)


def test_real_espeak_ng_writes_speech(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("espeak-ng") is None:
        if os.environ.get("HANDCUE_REQUIRE_SPEECH") == "1":
            pytest.fail("espeak-ng is required (HANDCUE_REQUIRE_SPEECH=1) but not installed")
        pytest.skip("espeak-ng is not installed")
    monkeypatch.setenv("HANDCUE_SPEECH", "espeak-ng")
    engine = find_engine()
    assert isinstance(engine, EspeakEngine)
    out = tmp_path / "speech.wav"
    engine.write_wav("Left hand. Thumb circles. Forty-five seconds.", out)
    samples, rate = read_wav(out)
    seconds = len(samples) / rate
    assert 1.5 < seconds < 8.0
    rms = float(np.sqrt(np.mean(samples**2)))
    assert rms > 0.01
