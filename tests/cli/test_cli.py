"""The `handcue` command as a user runs it, on real files: in this process with its output
captured, and in a real subprocess where the process itself is the point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import in_process
from support.in_process import Finished

from handcue.core.vocabulary import GOALS

REPO = Path(__file__).resolve().parent.parent.parent
DATA = REPO / "tests" / "data"

ROUTINE = """\
title: {title}
goals: [{goal}]
steps:
  - title: Warm
    instruction: Rub the palms together.
    duration: 20
  - title: Thumb
    instruction: Circle the thumb pad.
    hand: each
    areas: [thumb]
    duration: 30
"""


def handcue(*args: str, env: dict[str, str] | None = None) -> Finished:
    return in_process.handcue(*args, env=env)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_list_shows_the_bundled_library_with_times() -> None:
    result = handcue("list", "--json")
    assert result.returncode == 0, result.stderr
    routines = json.loads(result.stdout)
    assert len(routines) >= 10
    covered = {goal for routine in routines for goal in routine["goals"]}
    assert covered >= set(GOALS)
    plain = handcue("list")
    assert plain.returncode == 0
    for routine in routines:
        assert routine["id"] in plain.stdout


def test_list_filters_by_goal_and_length() -> None:
    every = json.loads(handcue("list", "--json").stdout)
    sleep = json.loads(handcue("list", "--goal", "sleep", "--json").stdout)
    assert sleep and all("sleep" in r["goals"] for r in sleep)
    assert {r["id"] for r in sleep} == {r["id"] for r in every if "sleep" in r["goals"]}
    spelled = json.loads(handcue("list", "--goal", "Carpal Tunnel", "--json").stdout)
    assert spelled and {r["id"] for r in spelled} == {
        r["id"] for r in every if "carpal-tunnel" in r["goals"]
    }
    short = json.loads(handcue("list", "--max-minutes", "2", "--json").stdout)
    assert short and all(r["total_seconds"] <= 120 for r in short)
    assert {r["id"] for r in short} == {r["id"] for r in every if r["total_seconds"] <= 120}


def test_unknown_goal_is_a_clear_error() -> None:
    result = handcue("list", "--goal", "sleeep")
    assert result.returncode == 2
    assert "--goal sleeep: no such goal; did you mean 'sleep'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_each_step_counts_twice_in_the_total(tmp_path: Path) -> None:
    write(tmp_path, "mine.yaml", ROUTINE.format(title="Mine", goal="grip"))
    result = handcue("--routines", str(tmp_path), "show", "mine", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total_seconds"] == 20 + 30 * 2 + 3
    assert data["origin"] == "yours"


def test_show_prints_every_step_with_its_details() -> None:
    listing = json.loads(handcue("list", "--json").stdout)
    routine_id = listing[0]["id"]
    shown = json.loads(handcue("show", routine_id, "--json").stdout)
    text = handcue("show", routine_id).stdout
    for number, step in enumerate(shown["steps"], start=1):
        assert f"{number:>2}. {step['title']}" in text
        assert step["instruction"] in text


def test_show_unknown_id_suggests_a_close_one() -> None:
    listing = json.loads(handcue("list", "--json").stdout)
    real = listing[0]["id"]
    result = handcue("show", real[:-1])
    assert result.returncode == 2
    assert f"did you mean '{real}'" in result.stderr


def test_user_routine_replaces_bundled_one_and_is_marked(tmp_path: Path) -> None:
    bundled = json.loads(handcue("list", "--json").stdout)[0]
    write(tmp_path, f"{bundled['id']}.yaml", ROUTINE.format(title="My own version", goal="grip"))
    result = handcue("list", "--json", env={"HANDCUE_ROUTINES": str(tmp_path)})
    routines = {r["id"]: r for r in json.loads(result.stdout)}
    assert routines[bundled["id"]]["title"] == "My own version"
    assert routines[bundled["id"]]["origin"] == "yours, replaces bundled"
    plain = handcue("list", env={"HANDCUE_ROUTINES": str(tmp_path)}).stdout
    assert "My own version *" in plain and "replace a bundled routine" in plain


def test_broken_user_file_never_hides_the_others(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", ROUTINE.format(title="Good one", goal="grip"))
    broken = write(tmp_path, "broken.yaml", "title: [oops\n")
    result = handcue("--routines", str(tmp_path), "list")
    assert result.returncode == 0
    assert "Good one" in result.stdout
    assert result.stderr.count("warning") == 1
    assert str(broken) in result.stderr


def test_the_skipped_file_hint_names_a_check_that_finds_the_problem(tmp_path: Path) -> None:
    text = ROUTINE.format(title="Twin", goal="grip")
    write(tmp_path, "a.yaml", "id: twin\n" + text)
    write(tmp_path, "b.yaml", "id: twin\n" + text)
    listed = handcue("--routines", str(tmp_path), "list")
    hint = listed.stderr.split("run '", 1)[1].split("'", 1)[0]
    assert hint == f"handcue check {tmp_path}"
    checked = handcue(*hint.split()[1:])
    assert checked.returncode == 1
    assert "the id 'twin' is already used" in checked.stdout


def test_check_reports_file_line_column_and_exit_status() -> None:
    bad = DATA / "invalid" / "bad_values.yaml"
    result = handcue("check", str(bad), str(DATA / "valid" / "full.yaml"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 7
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert f"{bad}:9:16: unknown goal 'slep'" in result.stdout
    ok = handcue("check", str(DATA / "valid"))
    assert ok.returncode == 0, ok.stdout
    assert ok.stdout == ""


def test_check_finds_duplicate_ids_in_a_folder(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "id: same\n" + ROUTINE.format(title="A", goal="grip"))
    write(tmp_path, "b.yaml", "id: same\n" + ROUTINE.format(title="B", goal="grip"))
    result = handcue("check", str(tmp_path))
    assert result.returncode == 1
    assert "the id 'same' is already used by a.yaml" in result.stdout


def test_check_missing_path() -> None:
    result = handcue("check", "no/such/file.yaml")
    assert result.returncode == 1
    assert "no/such/file.yaml: no such file or folder" in result.stdout


def test_check_names_a_link_to_nowhere(tmp_path: Path) -> None:
    link = tmp_path / "gone.yaml"
    link.symlink_to(tmp_path / "moved" / "gone.yaml")
    result = handcue("check", str(link))
    assert result.returncode == 1
    assert f"{link}: a link to {tmp_path / 'moved' / 'gone.yaml'}, which does not exist" in (
        result.stdout
    )


def test_check_without_a_path_checks_your_routines(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    nothing = handcue("--routines", str(mine), "check")
    assert nothing.returncode == 0 and "No routines of your own yet" in nothing.stderr
    write(mine, "good.yaml", ROUTINE.format(title="Good", goal="grip"))
    write(mine, "bad.yaml", "title: [oops\n")
    result = handcue("--routines", str(mine), "check")
    assert result.returncode == 1
    assert str(mine / "bad.yaml") in result.stdout
    assert result.stderr == "1 problem in 2 files\n"


def test_bundled_library_passes_check() -> None:
    result = handcue("check", str(REPO / "routines"))
    assert result.returncode == 0, result.stdout


def test_goals_lists_every_goal_with_counts() -> None:
    result = handcue("goals")
    assert result.returncode == 0
    for key in GOALS:
        assert key in result.stdout


def test_schema_matches_the_shipped_file_and_is_json() -> None:
    result = handcue("schema")
    shipped = (REPO / "src" / "handcue" / "schema" / "routine.schema.json").read_text()
    assert result.stdout == shipped
    schema = json.loads(result.stdout)
    assert set(schema["properties"]["goals"]["items"]["enum"]) == set(GOALS)


@pytest.mark.parametrize(
    "args",
    [
        ["show"],
        ["list", "--max-minutes", "abc"],
        ["list", "--max-minutes", "nan"],
        ["play", "desk-break", "--announce-next", "inf"],
        ["nonsense"],
        ["play", "desk-break", "--volume", "150"],
        ["play", "desk-break", "--volume", "loud"],
    ],
)
def test_usage_errors_exit_2_in_one_line(args: list[str]) -> None:
    result = handcue(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "usage:" not in result.stderr
    assert result.stderr.startswith("handcue: ")
    assert result.stderr.count("\n") == 1


def test_output_into_a_closed_pipe_is_quiet() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "handcue",
            "show",
            "--json",
            json.loads(handcue("list", "--json").stdout)[0]["id"],
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err


FIRST_ID = "bedtime-wind-down"


def _run_with(args: list[str], **streams: object) -> subprocess.CompletedProcess[str]:
    done: subprocess.CompletedProcess[str] = subprocess.run(
        [sys.executable, "-m", "handcue", *args],
        text=True,
        timeout=60,
        **{"stderr": subprocess.PIPE, **streams},  # type: ignore[call-overload]
    )
    return done


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["goals"],
        ["schema"],
        ["show", FIRST_ID],
        ["cues", "--list"],
        ["tweak", FIRST_ID, "--scale", "1.2"],
    ],
)
def test_a_full_disk_on_stdout_is_one_line_not_a_traceback(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = _run_with(args, stdout=full)
    assert result.returncode == 1
    assert result.stderr == "handcue: cannot write the output: No space left on device\n"


def test_a_closed_stdout_swallows_the_output_quietly() -> None:
    command = 'exec "$0" -m handcue schema >&-'
    result = subprocess.run(
        ["sh", "-c", command, sys.executable], capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize("args", [[], ["play", FIRST_ID], ["tweak", FIRST_ID]])
def test_the_full_screen_app_without_a_terminal_says_what_to_do(args: list[str]) -> None:
    result = _run_with(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
    assert "Traceback" not in result.stderr


FIRM_FOREARM = """\
title: My forearm routine
goals: [grip]
cautions: [osteoporosis, arthritis-flare, blood-thinners]
steps:
  - title: Warm the palms
    instruction: Rub the palms together.
    hand: both
    duration: 20
  - title: Knead the forearm
    instruction: Knead the forearm firmly.
    technique: petrissage
    hand: each
    areas: [forearm]
    pressure: firm
    duration: 45
"""


def test_check_warns_about_a_missing_caution_by_step_and_still_exits_zero(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", FIRM_FOREARM)
    result = handcue("check", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{path}:9: warning: step 2 'Knead the forearm' massages the forearm, where any massage "
        "could move a clot in the arm; add 'circulatory' (Circulatory disorders) to its cautions"
    ]
    assert result.stderr == "1 file OK, 1 warning\n"
    fixed = write(
        tmp_path, "mine.yaml", FIRM_FOREARM.replace("osteoporosis,", "circulatory, osteoporosis,")
    )
    assert handcue("check", str(fixed)).stdout == ""


def test_the_bundled_library_calls_for_no_missing_caution() -> None:
    result = handcue("check", str(REPO / "routines"))
    assert result.returncode == 0, result.stdout
    assert "warning" not in result.stdout + result.stderr


def test_show_prints_sources_with_titles_sections_and_studies() -> None:
    result = handcue("show", "bedtime-wind-down")
    assert result.returncode == 0, result.stderr
    sources = result.stdout.split("\nSources:\n", 1)[1]
    assert '"8 Top Health Benefits of Hand Massages", section "#7 Better Sleep"' in sources
    assert "PubMed 20056221, https://pubmed.ncbi.nlm.nih.gov/20056221/" in sources
    assert "Not from the articles: slow breathing" in sources
    assert "(not from the articles: slow breathing" in result.stdout  # beside its steps
    data = json.loads(handcue("show", "bedtime-wind-down", "--json").stdout)
    first = data["sources"][0]
    assert first["article"] == "8 Top Health Benefits of Hand Massages"
    assert first["study"]["pubmed"] == "20056221"
    assert "seed" not in result.stdout.lower()
