"""simpleaudio on every supported Python: the build in use never crashes, and a known bad one
is never loaded.

The original simpleaudio 1.0.4 dies with a segmentation fault when a sound ends on Python
3.12 and later. The tests here that play run on every interpreter of CI's matrix.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest
from support.capture import check_cue, run_command, run_python, wav_frames

from handcue.audio import choose, simpleaudio_build
from handcue.audio.simpleaudio_build import Build, crash_reason, installed_build
from handcue.resources import sounds_dir

COMPILED = "_simpleaudio.cpython-3xx-linux.so"


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _fake_install(site: Path, module_bytes: bytes, *dists: tuple[str, str, bytes | None]) -> None:
    """A `simpleaudio` package in `site` with `module_bytes` as its compiled module, and one
    dist-info per (name, version, bytes its RECORD claims; None for no hash)."""
    package = site / "simpleaudio"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / COMPILED).write_bytes(module_bytes)
    for name, version, claimed in dists:
        info = site / f"{name.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        digest = "" if claimed is None else _record_hash(claimed)
        (info / "RECORD").write_text(
            f"simpleaudio/__init__.py,,\nsimpleaudio/{COMPILED},{digest},\n{info.name}/RECORD,,\n"
        )


@pytest.mark.parametrize(
    ("build", "python", "unsafe"),
    [
        (Build("simpleaudio", "1.0.4"), (3, 11), False),
        (Build("simpleaudio", "1.0.4"), (3, 12), True),
        (Build("simpleaudio", "1.0.4"), (3, 13), True),
        (Build("simpleaudio", "1.0.3"), (3, 13), True),
        (Build("simpleaudio", "1.0.5"), (3, 13), False),
        (Build("simpleaudio-patched", "1.0.5"), (3, 13), False),
        (Build("simpleaudio-312compat", "1.0.4"), (3, 12), False),
        (None, (3, 13), False),
    ],
)
def test_only_the_original_build_is_refused_and_only_on_3_12_and_later(
    build: Build | None, python: tuple[int, int], unsafe: bool
) -> None:
    reason = crash_reason(build, python)
    assert (reason is not None) is unsafe
    if reason is not None:
        assert f"Python {python[0]}.{python[1]}" in reason
        assert "pip install --force-reinstall simpleaudio-patched" in reason


def test_the_build_whose_files_are_on_disk_is_the_one_named(tmp_path: Path) -> None:
    original, fork = b"original build", b"fixed fork"
    _fake_install(
        tmp_path / "a",
        original,
        ("simpleaudio", "1.0.4", original),
        ("simpleaudio-patched", "1.0.5", fork),
    )
    _fake_install(
        tmp_path / "b",
        fork,
        ("simpleaudio", "1.0.4", original),
        ("simpleaudio-patched", "1.0.5", fork),
    )
    assert installed_build([str(tmp_path / "a")]) == Build("simpleaudio", "1.0.4")
    assert installed_build([str(tmp_path / "b")]) == Build("simpleaudio-patched", "1.0.5")


def test_an_owner_without_hashes_is_named_only_when_alone(tmp_path: Path) -> None:
    _fake_install(tmp_path / "one", b"x", ("simpleaudio", "1.0.4", None))
    _fake_install(
        tmp_path / "two",
        b"x",
        ("simpleaudio", "1.0.4", None),
        ("simpleaudio-patched", "1.0.5", None),
    )
    assert installed_build([str(tmp_path / "one")]) == Build("simpleaudio", "1.0.4")
    assert installed_build([str(tmp_path / "two")]) is None
    assert installed_build([str(tmp_path / "nothing-here")]) is None


def _pretend_the_original_build_on_3_12(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(simpleaudio_build, "installed_build", lambda: Build("simpleaudio", "1.0.4"))
    monkeypatch.setattr(simpleaudio_build, "running_python", lambda: (3, 12))
    monkeypatch.delenv("HANDCUE_AUDIO", raising=False)


def test_the_automatic_choice_passes_over_a_crashing_build(monkeypatch: pytest.MonkeyPatch) -> None:
    _pretend_the_original_build_on_3_12(monkeypatch)
    imported = "simpleaudio" in sys.modules
    player = choose.choose_player(sounds=sounds_dir())
    try:
        assert player.name != "simpleaudio"
    finally:
        player.close()
    assert ("simpleaudio" in sys.modules) is imported


def test_asking_for_a_crashing_build_gives_silence_and_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _pretend_the_original_build_on_3_12(monkeypatch)
    player = choose.choose_player("simpleaudio", sounds=sounds_dir())
    assert player.name == "silent"
    assert player.last_error is not None and "simpleaudio-patched" in player.last_error


def test_doctor_names_the_crashing_build_and_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    _pretend_the_original_build_on_3_12(monkeypatch)
    facts = choose.describe()
    assert facts["simpleaudio"] == "1.0.4"
    assert "crashes Python 3.12" in facts["fix"]
    assert "pip install --force-reinstall simpleaudio-patched" in facts["fix"]


@pytest.mark.audio
def test_a_cue_played_through_simpleaudio_to_its_natural_end_does_not_crash(
    tmp_path: Path, make_sounds: ModuleType
) -> None:
    """What crashed on 3.12 and 3.13: a sound that ends by itself, then the next one."""
    run = run_python(
        """
from handcue.audio.simpleaudio_player import SimpleaudioPlayer
from handcue.core.cues import all_cues
cues = {cue.sound_name: cue for cue in all_cues()}
player = SimpleaudioPlayer()
for name in ("step-left", "finish"):
    player.play(cues[name])
    assert player.wait(10), "still sounding after 10 s"
    import time; time.sleep(0.3)  # the play object is dropped after its sound ended
player.close()
print("played to the end")
""",
        tmp_path,
    )
    assert run.returncode == 0, f"exit {run.returncode}: {run.stderr}"
    assert "played to the end" in run.stdout
    assert [len(capture.raw) for capture in run.captures] == [
        len(wav_frames("step-left")),
        len(wav_frames("finish")),
    ]
    check_cue(run.captures[1], "finish", make_sounds)


ROUTINE = """\
title: Guard
goals: [grip]
steps:
  - {title: Warm, instruction: Rub the palms together., duration: 2}
"""


@pytest.mark.audio
def test_a_crashing_build_on_disk_is_never_loaded(tmp_path: Path, make_sounds: ModuleType) -> None:
    """The original 1.0.4, installed by hand ahead of the fork, on the interpreter running:
    from 3.12 on, cues go through the system player instead and `doctor` says why; before
    3.12 it is the right build to use."""
    real = installed_build()
    assert real is not None, "no simpleaudio distribution to copy"
    files = metadata.distribution(real.distribution).files or []
    compiled = next(file for file in files if file.name.startswith("_simpleaudio"))
    site = tmp_path / "site"
    shutil.copytree(Path(str(compiled.locate())).parent, site / "simpleaudio")
    info = site / "simpleaudio-1.0.4.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: simpleaudio\nVersion: 1.0.4\n")
    data = (site / "simpleaudio" / compiled.name).read_bytes()
    (info / "RECORD").write_text(f"simpleaudio/{compiled.name},{_record_hash(data)},{len(data)}\n")
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "guard.yaml").write_text(ROUTINE)
    env = {
        "PYTHONPATH": str(site),
        "HANDCUE_ROUTINES": str(routines),
        "HANDCUE_DATA_DIR": str(tmp_path / "data"),
        "HANDCUE_CONFIG_DIR": str(tmp_path / "config"),
        "HANDCUE_CACHE_DIR": str(tmp_path / "cache"),
    }
    doctor = run_command([sys.executable, "-m", "handcue", "doctor"], tmp_path / "doctor", env=env)
    play = run_command(
        [sys.executable, "-m", "handcue", "play", "guard", "--plain", "--yes"],
        tmp_path / "play",
        env=env,
    )
    assert doctor.returncode == 0, doctor.stderr
    assert play.returncode == 0, play.stderr
    assert "1 of 1 steps done" in play.stdout
    assert len(play.captures) == 3  # start, one countdown pip, finish
    check_cue(play.captures[-1], "finish", make_sounds)
    if sys.version_info >= (3, 12):
        assert re.search(r"audio backend +system", doctor.stdout), doctor.stdout
        assert "pip install --force-reinstall simpleaudio-patched" in doctor.stdout
        assert "no sound" not in play.stderr  # the system player plays: nothing to report
    else:
        assert re.search(r"audio backend +simpleaudio", doctor.stdout), doctor.stdout
        assert "audio fix" not in doctor.stdout


CHOOSE_BEFORE_3_12 = """
import sys
before = "importlib.metadata" in sys.modules
from handcue.audio import choose, simpleaudio_build
simpleaudio_build.running_python = lambda: (3, 11)
assert simpleaudio_build.unsafe_here() is None
choose.choose_player("silent").close()
print(before, "importlib.metadata" in sys.modules)
"""


def test_choosing_a_player_reads_no_package_metadata_where_no_build_can_crash() -> None:
    """Reading every installed package's metadata costs megabytes for as long as a routine
    plays; before Python 3.12 no simpleaudio build crashes, so none is looked up."""
    result = subprocess.run(
        [sys.executable, "-c", CHOOSE_BEFORE_3_12],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    before, after = result.stdout.split()
    assert after == before
