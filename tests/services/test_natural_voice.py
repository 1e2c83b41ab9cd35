"""The handcue[voice] extra: piper renders the words, cached per text and voice;
espeak-ng is used where the extra is absent."""

from __future__ import annotations

import io
import os
import wave
from pathlib import Path

import pytest
from support.eyesfree import FakePiper, FakeSpeech, read_wav, small_routine

from handcue.audio import natural_voice
from handcue.audio.bank import SoundBank
from handcue.audio.speech_cache import SpeechCache
from handcue.cli.render import render_file
from handcue.cli.streams import Streams
from handcue.core.guided_text import VoiceMode
from handcue.services import rendering
from handcue.services.listening import Listening

NATURAL = natural_voice.natural_engine()
needs_extra = pytest.mark.skipif(
    NATURAL is None and not os.environ.get("HANDCUE_REQUIRE_VOICE"),
    reason="the handcue[voice] extra is not installed",
)


@needs_extra
def test_render_speaks_with_piper_levelled_and_a_second_render_is_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert NATURAL is not None, "HANDCUE_REQUIRE_VOICE is set but the extra is missing"
    monkeypatch.delenv("HANDCUE_SPEECH", raising=False)
    routine = small_routine()
    out = tmp_path / "natural.wav"
    wants = Listening(voice=True, mode=VoiceMode.BRIEF)
    err = io.StringIO()
    assert render_file(routine, None, out, wants, streams=Streams(io.StringIO(), err)) == 0
    cache = Path(os.environ["HANDCUE_CACHE_DIR"]) / "speech"
    kept = sorted(cache.glob("*.wav"))
    assert kept, err.getvalue()
    # The brief first line's sentences, made by piper with the joe voice, are in the cache.
    for sentence in ("Massage your left hand.", "Thumb circles.", "Six seconds."):
        path = SpeechCache(cache).path_for("piper", natural_voice.VOICE_NAME, sentence)
        assert path in kept
    samples, rate = read_wav(out)
    assert samples.shape[0] > rate * 10
    stamps = {p: p.stat().st_mtime_ns for p in kept}
    # A second render uses the cache: no file is made again, and piper is not run.
    monkeypatch.setattr(natural_voice.PiperEngine, "write_command", _refuse)
    monkeypatch.setattr(natural_voice.PiperEngine, "write_many", _refuse)
    again = tmp_path / "again.wav"
    assert render_file(routine, None, again, wants, streams=Streams(io.StringIO(), err)) == 0
    assert {p: p.stat().st_mtime_ns for p in sorted(cache.glob("*.wav"))} == stamps
    assert again.read_bytes() == out.read_bytes()


def _refuse(*_: object) -> tuple[list[str], str | None]:
    raise AssertionError("piper was run although the words were cached")


def test_without_the_extra_the_natural_voice_is_absent_and_said_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(natural_voice, "VOICE_PACKAGE", "no_such_voice_package")
    assert natural_voice.voice_files() is None
    assert natural_voice.natural_engine() is None
    assert "espeak-ng is used" in natural_voice.natural_status()


def fake_engine(piper: FakePiper, tmp_path: Path) -> natural_voice.PiperEngine:
    return natural_voice.PiperEngine(str(piper.program), tmp_path / "m.onnx", tmp_path / "m.json")


def test_render_makes_all_its_sentences_in_one_run_of_piper(
    tmp_path: Path, fake_piper: FakePiper
) -> None:
    """piper loads its model for each run, a second of CPU: one run for the whole file."""
    engine = fake_engine(fake_piper, tmp_path)
    voice = rendering.RenderVoice(engine, tmp_path)
    voice.cache = SpeechCache(tmp_path / "cache")
    the_plan = rendering.plan(
        small_routine(), None, SoundBank(), voice=voice, announce_next=3.0, mode=VoiceMode.GUIDED
    )
    runs = fake_piper.runs()
    assert len(runs) == 1 and "-i" in runs[0] and "-d" in runs[0]
    # Each sentence got its own file: a clip lasts 0.1 s a word, as the fake made it.
    for clip in (c for c in the_plan.clips if c.text and not c.text.startswith("[")):
        assert clip.seconds == pytest.approx(0.1 * len(clip.text.split()))


def test_a_piper_that_stops_half_way_is_said_and_what_it_made_is_kept(
    tmp_path: Path, fake_piper: FakePiper, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_PIPER_FAIL_AT", "Two.")
    engine = fake_engine(fake_piper, tmp_path)
    cache = SpeechCache(tmp_path / "cache")
    made: list[str] = []
    with pytest.raises(OSError, match=r"piper made 1 of 3 sentences \(exit status 3\): Runt"):
        cache.fill(engine, ["One.", "Two.", "Three."], lambda text, wav: made.append(text))
    assert made == ["One."]
    assert cache.missing(engine, ["One.", "Two.", "Three."]) == ["Two.", "Three."]


@needs_extra
def test_real_piper_makes_each_line_into_its_own_file_in_order(tmp_path: Path) -> None:
    assert NATURAL is not None, "HANDCUE_REQUIRE_VOICE is set but the extra is missing"
    texts = ["Rest.", "Press slowly along the thumb and breathe out as you press."]
    seconds: dict[int, float] = {}

    def made(index: int, path: Path) -> None:
        with wave.open(str(path), "rb") as source:
            seconds[index] = source.getnframes() / source.getframerate()

    NATURAL.write_many(texts, tmp_path, made)
    assert sorted(seconds) == [0, 1]
    assert seconds[1] > 2 * seconds[0]


@pytest.mark.parametrize("setting", ["auto", "system"])
def test_render_speaks_with_the_engine_the_person_chose(
    tmp_path: Path,
    fake_piper: FakePiper,
    fake_speech: FakeSpeech,
    monkeypatch: pytest.MonkeyPatch,
    setting: str,
) -> None:
    from handcue.services.user_data import UserData
    from handcue.storage.user_database import UserDatabase

    monkeypatch.setenv("HANDCUE_SPEECH", "")
    monkeypatch.setattr(natural_voice, "natural_engine", lambda: fake_engine(fake_piper, tmp_path))
    user = UserData(database=UserDatabase)
    assert user.set_voice_engine(setting)
    user.close()
    wants = Listening(voice=True, mode=VoiceMode.BRIEF)
    err = io.StringIO()
    out = tmp_path / "chosen.wav"
    assert render_file(small_routine(), None, out, wants, streams=Streams(io.StringIO(), err)) == 0
    assert bool(fake_piper.runs()) is (setting == "auto"), err.getvalue()
    assert bool(fake_speech.records()) is (setting == "system")
