"""A speech program that hangs is stopped at its deadline and said once; nothing waits on it."""

from __future__ import annotations

import pytest
from support.eyesfree import FakeSpeech

from handcue.audio.speech import find_engine, speech_deadline


def test_a_hung_speech_program_is_stopped_and_said_once(
    fake_speech: FakeSpeech, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SPEECH_SECONDS", "60")
    engine = find_engine()
    assert engine is not None
    engine.hang_grace = 0.3
    said: list[str] = []
    engine.on_error = said.append
    engine.speak("Rest.")
    assert fake_speech.started()
    assert engine.wait(timeout=20.0)  # well before the fake's 60 s
    engine.speak("Rest.")
    assert engine.wait(timeout=20.0)
    assert said == ["espeak-ng stopped answering and was stopped; carrying on"]
    assert len(fake_speech.records()) == 2  # both processes were ended, not left running


def test_the_deadline_grows_with_the_words() -> None:
    assert speech_deadline("one", 1.0) < speech_deadline("one two three four", 1.0)
    assert speech_deadline("", 1.0) == 1.0
