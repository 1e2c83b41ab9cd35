"""The natural voice live: every line a session may say is made before its first step, in one
piper run, kept in the cache, and played from memory through the sound player, its end known
exactly; a line not made in time is said live by espeak-ng."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.eyesfree import FAKE_PIPER_SECONDS_A_WORD, FakePiper, FakeSpeech, small_routine

from handcue.audio import natural_voice
from handcue.audio.bank import Sound
from handcue.audio.player import SilentPlayer
from handcue.audio.speech import find_engine
from handcue.audio.speech_cache import SpeechCache
from handcue.audio.speech_clips import CHANNELS, RATE, SENTENCE_GAP, ClipStore
from handcue.core.engine import Session
from handcue.core.guided_text import VoiceMode
from handcue.services import voices
from handcue.services.conductor import conduct
from handcue.services.guided_time import simulate
from handcue.services.listening import Listening
from handcue.services.voice_output import ClipVoice, EngineVoice


def engine(piper: FakePiper, tmp_path: Path) -> natural_voice.PiperEngine:
    return natural_voice.PiperEngine(str(piper.program), tmp_path / "m.onnx", tmp_path / "m.json")


class Output:
    """A sound player that records what it was asked to play."""

    def __init__(self) -> None:
        self.played: list[Sound] = []
        self.stops = 0

    def play_sound(self, sound: Sound) -> None:
        self.played.append(sound)

    def stop(self) -> None:
        self.stops += 1


LINES = ["Massage your left hand. Thumb circles.", "Rest."]


def test_lines_are_made_in_one_run_and_held_as_sounds_in_the_tones_format(
    tmp_path: Path, fake_piper: FakePiper
) -> None:
    store = ClipStore(engine(fake_piper, tmp_path), SpeechCache(tmp_path / "cache"))
    store.want(LINES)
    assert store.wait(30)
    assert len(fake_piper.runs()) == 1
    clip = store.clip(LINES[0])
    assert clip is not None and (clip.rate, clip.channels) == (RATE, CHANNELS)
    # Six words in two sentences of 0.1 s a word, a breath between them.
    assert clip.duration == pytest.approx(6 * FAKE_PIPER_SECONDS_A_WORD + SENTENCE_GAP, abs=0.002)
    assert store.clip("Never wanted.") is None


def test_a_second_play_finds_every_line_in_the_cache_and_runs_no_piper(
    tmp_path: Path, fake_piper: FakePiper
) -> None:
    cache = SpeechCache(tmp_path / "cache")
    first = ClipStore(engine(fake_piper, tmp_path), cache)
    first.want(LINES)
    assert first.wait(30)
    again = ClipStore(engine(fake_piper, tmp_path), cache)
    again.want(LINES)
    assert again.wait(30)
    assert len(fake_piper.runs()) == 1
    assert all(again.clip(line) is not None for line in LINES)


def test_a_failing_piper_is_said_once_and_the_voice_goes_on_live(
    tmp_path: Path, fake_piper: FakePiper, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_PIPER_FAIL_AT", "Rest.")
    said: list[str] = []
    store = ClipStore(
        engine(fake_piper, tmp_path), SpeechCache(tmp_path / "c"), on_error=said.append
    )
    store.want(["Rest.", "Press."])
    assert store.wait(30)
    store.want(["Breathe."])  # after a failure, no more runs
    assert store.wait(30)
    assert len(said) == 1 and "piper made 0 of 2 sentences" in said[0]
    assert len(fake_piper.runs()) == 1


def test_a_made_line_plays_at_once_and_its_end_is_known(
    tmp_path: Path, fake_piper: FakePiper
) -> None:
    store = ClipStore(engine(fake_piper, tmp_path), SpeechCache(tmp_path / "cache"))
    store.want(LINES)
    assert store.wait(30)
    output = Output()
    voice = ClipVoice(store, output)
    voice.say(LINES[1], 10.0)
    assert [sound.name for sound in output.played] == [store.clip(LINES[1]).name]  # type: ignore[union-attr]
    assert voice.ends_at(10.0) == pytest.approx(10.0 + FAKE_PIPER_SECONDS_A_WORD, abs=0.002)
    assert voice.busy(10.05) and not voice.busy(10.2)
    voice.stop(10.05)
    assert output.stops == 1 and not voice.busy(10.06)


def test_a_line_not_made_yet_is_said_live(
    tmp_path: Path, fake_piper: FakePiper, fake_speech: FakeSpeech
) -> None:
    store = ClipStore(engine(fake_piper, tmp_path), SpeechCache(tmp_path / "cache"))
    live = find_engine()
    assert live is not None
    output = Output()
    voice = ClipVoice(store, output, EngineVoice(live))
    voice.say("Not made yet.", 0.0)
    assert output.played == [] and (voice.made, voice.live) == (0, 1)
    assert fake_speech.started()
    assert voice.ends_at(0.0) is None and voice.busy(0.0)
    voice.stop(0.0)


def test_ready_voice_makes_every_line_the_session_says_before_it_starts(
    tmp_path: Path, fake_piper: FakePiper, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HANDCUE_SPEECH", raising=False)
    monkeypatch.setattr(natural_voice, "natural_engine", lambda: engine(fake_piper, tmp_path))
    routine = small_routine()
    listening = Listening(voice=True, announce_next=3.0)
    found = voices.ready_voice(SilentPlayer(), routine, None, listening, VoiceMode.GUIDED)
    assert not isinstance(found, str)
    voice = found[0]
    assert isinstance(voice, ClipVoice)
    assert voice.clips.wait(30)
    # The session, played on a simulated clock, says every line from the clips made ahead.
    session = Session(routine)
    simulate(conduct(session, listening, VoiceMode.GUIDED, voice=voice))
    assert voice.made > 5 and voice.live == 0
    assert len(fake_piper.runs()) == 1
    cache = Path(voices.speech_folder())
    assert len(list(cache.glob("*.wav"))) > 5


@pytest.mark.parametrize(
    ("preference", "speech", "natural", "live"),
    [
        ("auto", "", True, True),
        ("natural", "", True, True),
        ("system", "", False, True),
        ("auto", "espeak-ng", False, True),
        ("auto", "none", False, False),
    ],
)
def test_the_engines_follow_the_setting_and_handcue_speech(
    tmp_path: Path,
    fake_piper: FakePiper,
    fake_speech: FakeSpeech,
    monkeypatch: pytest.MonkeyPatch,
    preference: str,
    speech: str,
    natural: bool,
    live: bool,
) -> None:
    monkeypatch.setenv("HANDCUE_SPEECH", speech)
    monkeypatch.setattr(natural_voice, "natural_engine", lambda: engine(fake_piper, tmp_path))
    found = voices.engines(preference)
    assert (found.natural is not None, found.live is not None) == (natural, live)
    if natural:
        assert found.about.startswith("piper with voice en_US-joe-medium, made ahead")
        assert "espeak-ng" in found.about
    elif live:
        assert found.about.startswith("espeak-ng")
