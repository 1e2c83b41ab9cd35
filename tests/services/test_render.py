"""Rendered files, analysed: cue onsets where the timeline puts them, ticks counted, speech."""

from __future__ import annotations

import dataclasses
import io
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile
from support.eyesfree import FakeSpeech, onsets, placed_at, read_wav, small_routine

from handcue.audio.bank import SoundBank
from handcue.audio.loudness import CUE_LOUDNESS, loudness
from handcue.audio.sound_files import FORMATS
from handcue.audio.speech import find_engine
from handcue.cli.render import render_file
from handcue.cli.streams import Streams
from handcue.core.cues import Cue, CueKind, CueSide
from handcue.core.engine import COUNTDOWN_FROM, HALFWAY_MIN_SECONDS
from handcue.core.guided_text import VoiceMode
from handcue.core.pacer import quiet_spans, tick_offsets
from handcue.core.routine import Hand
from handcue.core.timeline import build_timeline
from handcue.core.vocabulary import PRECAUTIONS
from handcue.services import mixing, rendering
from handcue.services.conductor import SPEECH_GAP, TONE_GAP
from handcue.services.listening import Listening
from handcue.services.rendering import SENTENCE_GAP
from handcue.storage.routine_files import load_library

TOLERANCE = 0.010
SIDE = {Hand.LEFT: CueSide.LEFT, Hand.RIGHT: CueSide.RIGHT}


def sound_length(cue: Cue) -> float:
    sound = SoundBank().get(cue.sound_name)
    assert sound is not None
    return sound.duration


OPENING = sound_length(Cue(CueKind.START))
FIRST_SPEECH = OPENING + TONE_GAP + sound_length(Cue(CueKind.STEP, CueSide.LEFT)) + SPEECH_GAP
"""When the first step's name is said: after the opening, the step's tone and the gaps."""


def expected_cues(routine_tempo: float | None = None) -> list[tuple[float, Cue]]:
    """Every cue of `small_routine`, from its timeline alone (not from the conductor).

    The first step is for the left hand, so the opening tone comes first and the step's own
    tone follows once it has rung.
    """
    cues: list[tuple[float, Cue]] = [(0.0, Cue(CueKind.START))]
    start = 0.0
    for segment in build_timeline(small_routine(tempo=routine_tempo)):
        side = SIDE.get(segment.hand, CueSide.CENTRE)
        kind = CueKind.SWITCH if segment.is_switch else CueKind.STEP
        at = start + (OPENING + TONE_GAP if start == 0.0 else 0.0)
        cues.append((at, Cue(kind, side)))
        end = start + segment.duration
        if not segment.is_switch:
            if segment.duration >= HALFWAY_MIN_SECONDS:
                cues.append((start + segment.duration / 2, Cue(CueKind.HALFWAY, side)))
            for n in range(COUNTDOWN_FROM, 0, -1):
                if n < segment.duration:
                    cues.append((end - n, Cue(CueKind.PIP, side)))
        start = end
    cues.append((start, Cue(CueKind.FINISH)))
    return cues


def expected_onsets(cues: list[tuple[float, Cue]], bank: SoundBank) -> list[float]:
    """The onsets each cue's own sound has, placed at the cue's time."""
    times: list[float] = []
    for at, cue in cues:
        sound = bank.get(cue.sound_name)
        assert sound is not None
        samples = np.frombuffer(sound.frames, dtype="<i2").reshape(-1, 2) / 32768.0
        times.extend(at + offset for offset in onsets(samples, sound.rate))
    return sorted(times)


def match(found: list[float], wanted: list[float]) -> list[tuple[float, float]]:
    """Pairs each wanted onset with the nearest found one."""
    return [(w, min(found, key=lambda f: abs(f - w))) for w in wanted]


def render(tmp_path: Path, name: str = "out.wav", **options: object) -> tuple[int, Path, str]:
    out = tmp_path / name
    err = io.StringIO()
    listening = Listening(
        voice=bool(options.pop("voice", False)),
        announce_next=options.pop("announce_next", None),  # type: ignore[arg-type]
        pacer=bool(options.pop("pacer", False)),
        mode=options.pop("mode", VoiceMode.BRIEF),  # type: ignore[arg-type]
    )
    code = render_file(
        small_routine(tempo=options.pop("tempo", None)),  # type: ignore[arg-type]
        None,
        out,
        listening,
        streams=Streams(stdout=io.StringIO(), stderr=err),
        **options,  # type: ignore[arg-type]
    )
    return code, out, err.getvalue()


def test_every_cue_onset_is_within_10_ms_of_the_timeline(tmp_path: Path) -> None:
    code, out, _ = render(tmp_path)
    assert code == 0
    samples, rate = read_wav(out)
    assert rate == 44100 and samples.shape[1] == 2
    found = onsets(samples, rate)
    wanted = expected_onsets(expected_cues(), SoundBank())
    assert len(found) == len(wanted)
    for want, got in match(found, wanted):
        assert abs(got - want) <= TOLERANCE, (want, got)
    # The file holds the whole session and the finish tone's ring.
    assert len(samples) / rate >= build_total() + 1.2


def build_total() -> float:
    return sum(segment.duration for segment in build_timeline(small_routine()))


def test_pacer_ticks_are_counted_in_the_file(tmp_path: Path) -> None:
    code, out, _ = render(tmp_path, pacer=True, tempo=50.0)
    assert code == 0
    samples, rate = read_wav(out)
    found = onsets(samples, rate)
    cue_onsets = expected_onsets(expected_cues(50.0), SoundBank())
    ticks = [f for f in found if min(abs(f - c) for c in cue_onsets) > TOLERANCE]
    # Palm strokes: 22 s from 14 s (left 6 + gap 2 + right 6), tempo 50/min.
    bank = SoundBank()

    def length(kind: CueKind) -> float:
        sound = bank.get(Cue(kind).sound_name)
        assert sound is not None
        return sound.duration

    offsets = tick_offsets(22.0, 50.0, quiet=quiet_spans(22.0, length))
    assert len(offsets) >= 10
    assert len(ticks) == len(offsets)
    for want, got in match(ticks, [14.0 + t for t in offsets]):
        assert abs(got - want) <= TOLERANCE
    # A tick is the quiet sound: far below the cues' peak.
    peak = np.abs(samples[int(ticks[0] * rate) : int((ticks[0] + 0.04) * rate)]).max()
    assert 0.02 < peak < 0.2


def test_render_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "out.wav").write_bytes(b"keep me")
    code, out, err = render(tmp_path)
    assert code == 2
    assert out.read_bytes() == b"keep me"
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err
    code, out, _ = render(tmp_path, force=True)
    assert code == 0
    assert out.read_bytes()[:4] == b"RIFF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.wav"]


def test_force_follows_a_link_to_a_file_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "kept" / "evening.wav"
    real.parent.mkdir()
    real.write_bytes(b"old")
    (tmp_path / "out.wav").symlink_to(real)
    code, out, err = render(tmp_path, force=True)
    assert code == 0, err
    assert out.is_symlink() and out.resolve() == real
    assert real.read_bytes()[:4] == b"RIFF"


def test_a_link_is_not_written_through_without_force(tmp_path: Path) -> None:
    real = tmp_path / "someone-elses.txt"
    real.write_bytes(b"precious")
    (tmp_path / "out.wav").symlink_to(real)
    code, out, err = render(tmp_path)
    assert code == 2
    assert "is a link to" in err and "--force" in err and err.count("\n") == 1
    assert real.read_bytes() == b"precious" and out.is_symlink()


@pytest.mark.parametrize("force", [False, True])
def test_a_file_is_never_created_through_a_dangling_link(tmp_path: Path, force: bool) -> None:
    target = tmp_path / "elsewhere" / "planted.wav"
    target.parent.mkdir()
    (tmp_path / "out.wav").symlink_to(target)
    code, out, err = render(tmp_path, force=force)
    assert code == 2
    assert "which does not exist" in err and "never creates a file through a link" in err
    assert not target.exists() and out.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "out.wav"]


@pytest.mark.parametrize("linked", [False, True])
def test_force_never_replaces_a_read_only_file(tmp_path: Path, linked: bool) -> None:
    real = tmp_path / "read-only.wav"
    real.write_bytes(b"keep me")
    real.chmod(0o444)
    if linked:
        (tmp_path / "out.wav").symlink_to(real)
    code, _, err = render(tmp_path, name="out.wav" if linked else real.name, force=True)
    assert code == 2
    assert "is read-only" in err
    assert real.read_bytes() == b"keep me"


def test_force_never_replaces_a_pipe_or_a_folder(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "out.wav")
    (tmp_path / "folder.wav").mkdir()
    for name in ("out.wav", "folder.wav"):
        code, _, err = render(tmp_path, name=name, force=True)
        assert code == 2
        assert "not a regular file" in err and err.count("\n") == 1
    assert stat.S_ISFIFO((tmp_path / "out.wav").stat().st_mode)
    assert (tmp_path / "folder.wav").is_dir()


def test_a_new_recording_gets_ordinary_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        code, out, _ = render(tmp_path)
    finally:
        os.umask(mask)
    assert code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_missing_folder_is_one_line(tmp_path: Path) -> None:
    code, _, err = render(tmp_path, name="nowhere/out.wav")
    assert code == 2
    assert err.startswith("handcue: no folder") and err.count("\n") == 1


def test_progress_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    _, _, err = render(tmp_path)
    lines = err.splitlines()
    assert lines[0] == "writing: 0%" and lines[-1] == "writing: 100%"


def test_speech_lands_after_tones_and_never_over_them(
    tmp_path: Path, fake_speech: FakeSpeech, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SPEECH_SECONDS", "0.4")
    code, out, err = render(tmp_path, voice=True, announce_next=4.0)
    assert code == 0, err
    texts = [record["text"] for record in fake_speech.records()]
    # Brief, each sentence is made alone, so the transcript has a cue for each.
    for sentence in ("Massage your left hand.", "Thumb circles.", "Six seconds."):
        assert sentence in texts
    assert "Next: both hands." in texts and "Palm strokes." in texts
    assert all("-w" in record["argv"] for record in fake_speech.records())  # type: ignore[operator]
    samples, rate = read_wav(out)
    # The fake engine speaks a 300 Hz tone: find where it sounds, 50 ms windows.
    window = rate // 20
    mono = samples.sum(axis=1)
    speech_indices: list[int] = []
    for index in range(len(mono) // window):
        chunk = mono[index * window : (index + 1) * window]
        spectrum = np.abs(np.fft.rfft(chunk))
        peak_hz = np.argmax(spectrum) * rate / window
        if np.abs(chunk).max() > 0.05 and abs(peak_hz - 300) < 25:
            speech_indices.append(index)
    speech_windows = [index * window / rate for index in speech_indices]
    assert speech_windows
    first = speech_windows[0]
    assert first == pytest.approx(FIRST_SPEECH, abs=0.06)  # after the tones and the gaps
    # The step's three sentences run 0.4 s each with breaths between; the next-up, due at
    # 2 s, waits for them and the gap, then runs 0.4 s more: the pip due at 3 s gives way.
    line = 3 * 0.4 + 2 * SENTENCE_GAP
    next_up = FIRST_SPEECH + line + SPEECH_GAP
    assert [w for w in speech_windows if FIRST_SPEECH + line + 0.05 < w < next_up - 0.05] == []
    assert any(abs(w - next_up) < 0.06 for w in speech_windows)
    found = onsets(samples, rate)
    speech_starts = [i * window / rate for i in speech_indices if i - 1 not in speech_indices]
    tones = [f for f in found if min(abs(f - w) for w in speech_starts) > 0.06]
    assert not [t for t in tones if 2.5 < t < 3.5]
    assert [round(t) for t in tones if 3.5 < t < 6.5] == [4, 5, 6]
    # Wherever a tone starts, no speech sounds in the same 50 ms.
    for tone in tones:
        assert not [w for w in speech_windows if tone - 0.05 < w < tone + 0.05], tone


def test_voice_without_an_engine_says_so_once_and_renders_tones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDCUE_SPEECH", "none")
    code, out, err = render(tmp_path, voice=True)
    assert code == 0
    voice_lines = [line for line in err.splitlines() if "voice" in line]
    assert voice_lines == [
        "handcue: voice: speech is turned off (HANDCUE_SPEECH=none); rendering tones only"
    ]
    assert out.exists()


def test_a_render_stopped_with_sigterm_leaves_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "long.wav"
    command = [sys.executable, "-m", "handcue", "render", "fifteen-minute-calm", str(out)]
    proc = subprocess.Popen([*command, "--scale", "2"], stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("writing:"):
            proc.send_signal(signal.SIGTERM)
            break
    proc.stderr.read()
    code = proc.wait(timeout=60)
    if code == 0:
        pytest.skip("the render finished before the signal arrived")
    assert code == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_voice_intro_puts_the_preparation_and_precautions_at_the_start(
    tmp_path: Path, fake_speech: FakeSpeech, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SPEECH_SECONDS", "1.2")
    routine = dataclasses.replace(
        small_routine(), cautions=("circulatory",), prepare="Warm your hands first."
    )
    out = tmp_path / "intro.wav"
    err = io.StringIO()
    code = render_file(
        routine, None, out, Listening(intro=True), streams=Streams(stdout=io.StringIO(), stderr=err)
    )
    assert code == 0, err.getvalue()
    # Guided (a first play), the introduction is said a sentence at a time.
    first = " ".join(str(record["text"]) for record in fake_speech.records())
    assert first.startswith("Eyes test. Preparation. Warm your hands first. Precautions.")
    assert PRECAUTIONS["circulatory"].advice in first
    samples, rate = read_wav(out)
    # the opening tone comes only once the 1.2 s introduction has been said
    tones = [t for t in onsets(samples, rate) if t > 0.1]
    assert tones and min(tones) > 1.2


def test_the_suffix_picks_the_format_and_every_format_keeps_the_timing(tmp_path: Path) -> None:
    """FLAC holds the very samples of the WAV; Ogg Vorbis is lossy but puts every cue's onset
    within 10 ms of the timeline, and both are a fraction of the WAV's size."""
    files = {}
    for suffix in (".wav", ".flac", ".ogg"):
        code, out, err = render(tmp_path, name=f"out{suffix}")
        assert code == 0, err
        files[suffix] = out
    wav, rate = read_wav(files[".wav"])
    flac, flac_rate = soundfile.read(files[".flac"], dtype="int16")
    assert soundfile.info(str(files[".flac"])).format == "FLAC" and flac_rate == rate
    assert np.array_equal(flac / 32768.0, wav)
    info = soundfile.info(str(files[".ogg"]))
    assert (info.format, info.subtype, info.samplerate) == ("OGG", "VORBIS", rate)
    ogg, _ = soundfile.read(files[".ogg"])
    assert ogg.shape == wav.shape
    # Lossy coding smears a little sound ahead of each attack, so a cue is found by its
    # waveform rather than by its first sample above silence.
    bank = SoundBank()
    for at, cue in expected_cues():
        sound = bank.get(cue.sound_name)
        assert sound is not None
        heard = np.frombuffer(sound.frames, dtype="<i2").reshape(-1, 2).sum(axis=1) / 32768.0
        assert abs(placed_at(ogg.sum(axis=1), rate, heard, at) - at) <= TOLERANCE, cue
    wav_size = files[".wav"].stat().st_size
    assert files[".flac"].stat().st_size < wav_size / 4
    assert files[".ogg"].stat().st_size < wav_size / 10


@pytest.mark.parametrize("name", ["out.mp3", "out", "out.WAV.txt"])
def test_a_format_handcue_does_not_write_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    code, _, err = render(tmp_path, name=name)
    assert code == 2
    assert err.count("\n") == 1 and ".wav, .flac or .ogg" in err and name in err
    assert list(tmp_path.iterdir()) == []


def test_the_suffix_is_read_whatever_its_case(tmp_path: Path) -> None:
    code, out, err = render(tmp_path, name="Evening.FLAC")
    assert code == 0, err
    assert soundfile.info(str(out)).format == "FLAC"


def test_rendered_speech_is_levelled_to_the_loudness_of_the_cues(
    fake_speech: FakeSpeech, tmp_path: Path
) -> None:
    """The fake engine speaks a 300 Hz tone at -12 dBFS, far louder than the cues: the file
    has it at the cues' loudness. A quiet engine is brought up the same way."""
    engine = find_engine()
    assert engine is not None
    voice = rendering.RenderVoice(engine, tmp_path)
    voice.say("Massage your left hand.", 0.0)
    samples = np.frombuffer(voice.clips[0].load().tobytes(), dtype="<i2").reshape(-1, 2)
    assert loudness(samples / 32768.0, mixing.RATE) == pytest.approx(CUE_LOUDNESS, abs=0.2)


def _require_espeak() -> None:
    import shutil

    if shutil.which("espeak-ng") is None:
        if os.environ.get("HANDCUE_REQUIRE_SPEECH") == "1":
            pytest.fail("espeak-ng is required (HANDCUE_REQUIRE_SPEECH=1) but not installed")
        pytest.skip("espeak-ng is not installed")


def test_the_longest_routine_with_voice_fits_a_phone_and_keeps_its_timing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled fifteen-minute routine with espeak-ng's voice, next-up and the pacer, as Ogg
    Vorbis: under 15 MB, and every tone where the plan put it, within 10 ms."""
    _require_espeak()
    monkeypatch.setenv("HANDCUE_SPEECH", "espeak-ng")
    routine = max(load_library(None).routines, key=lambda routine: routine.total_seconds)
    assert routine.total_seconds > 14 * 60
    engine = find_engine()
    assert engine is not None
    voice = rendering.RenderVoice(engine, tmp_path)
    bank = SoundBank()
    plan = rendering.plan(routine, None, bank, voice=voice, announce_next=5.0, pacer=True)
    out = tmp_path / "long.ogg"
    with out.open("w+b") as target:
        rendering.write_sound(target, plan, FORMATS[".ogg"])
    assert out.stat().st_size < 15_000_000
    with soundfile.SoundFile(str(out)) as decoded:
        rate = decoded.samplerate
        blocks = decoded.blocks(blocksize=rate * 10, dtype="float32")
        audio = np.concatenate([block.sum(axis=1) for block in blocks])
    assert len(audio) == round(plan.seconds * rate)
    spoken = {id(clip) for clip in voice.clips}
    tones = [clip for clip in plan.clips if id(clip) not in spoken]
    assert len(tones) > 100 and voice.clips
    for clip in tones:
        sound = np.frombuffer(clip.load().tobytes(), dtype="<i2").reshape(-1, 2).sum(axis=1)
        heard = sound[: min(round((clip.stop - clip.start) * rate), rate // 10)] / 32768.0
        assert abs(placed_at(audio, rate, heard, clip.start) - clip.start) <= TOLERANCE
