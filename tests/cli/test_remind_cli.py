"""`handcue remind` as a person types it: one-line mistakes, the schedule saved and shown, a
pause from one terminal seen by another, answers with no break waiting, and the systemd
units installed, checked by systemd itself, and removed."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from support.command import handcue, text
from support.desktop_tools import missing

from handcue.core.reminder_plan import ReminderPlan
from handcue.desktop.systemd import SERVICE, TIMER, quote, service_text, timer_text


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["--every", "0"], "--every 0: the work time must be at least one second"),
        (["--every", "soon"], "--every soon: write the work time as minutes or a time"),
        (["--hours", "9-25"], "--hours 9-25: 25 is not a time of day"),
        (["--days", "mnday"], "--days mnday: no day 'mnday'; did you mean 'monday'?"),
        (["--quiet-hours", "12"], "--quiet-hours 12: write a span of the day as START-END"),
        (["--pause", "soon"], "--pause soon: write a pause as minutes"),
        (["--goal", "slep"], "--goal slep: no such goal; did you mean 'sleep'?"),
        (
            ["--routine", "desk-brek"],
            "--routine desk-brek: no routine with the id 'desk-brek'; did you mean 'desk-break'?",
        ),
        (["--status", "--resume"], "--resume and --status cannot be given together"),
        (["--evry", "5"], "no option --evry for 'handcue remind'; did you mean '--every'?"),
    ],
)
def test_a_mistake_is_one_line_naming_the_option(argv: list[str], line: str) -> None:
    done = handcue("remind", *argv)
    assert done.returncode == 2
    assert text(done.stderr) == f"handcue: {line}" + text(done.stderr).partition(line)[2]
    assert len(text(done.stderr).strip().splitlines()) == 1 and not done.stdout


def test_the_schedule_is_saved_and_shown_and_a_pause_reaches_every_terminal() -> None:
    saved = handcue(
        "remind", "--every", "30m", "--hours", "9-17:30", "--days", "mon-fri",
        "--quiet-hours", "12:00-13:00", "--goal", "stiffness", "--status",
    )  # fmt: skip
    out = text(saved.stdout)
    assert saved.returncode == 0, text(saved.stderr)
    assert out.startswith("Saved: Every 30m of work")
    status = text(handcue("remind", "--status").stdout)
    assert "Reminders: not running" in status
    assert "Working hours: 9:00-17:30, mon-fri; quiet hours: 12:00-13:00" in status
    assert "Routine: the routines for stiffness, each in turn" in status
    assert "Today: 0 breaks offered, 0 taken" in status and "Paused" not in status
    paused = text(handcue("remind", "--pause", "1h").stdout)
    assert paused.startswith("Reminders paused until") and "what was counted is kept" in paused
    assert "Paused until" in text(handcue("remind", "--status").stdout)
    assert text(handcue("remind", "--resume").stdout) == "Reminders resumed.\n"
    assert "Paused until" not in text(handcue("remind", "--status").stdout)
    assert text(handcue("remind", "--shortest", "--status").stdout).count("shortest") == 2
    for answer in ("--take", "--snooze", "--skip"):
        assert text(handcue("remind", answer).stdout) == "No break is waiting now.\n"


def test_one_loop_at_a_time_and_sigterm_ends_it_cleanly() -> None:
    """Without a terminal the reminders still run (answers come from other terminals); a
    second loop is refused, naming the first; SIGTERM, as systemd stops a service, ends it
    with its last line said."""
    process = subprocess.Popen(
        [sys.executable, "-m", "handcue", "remind", "--plain", "--every", "8h"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={
            **os.environ,
            "DBUS_SESSION_BUS_ADDRESS": "",
            "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent",
        },
    )
    assert process.stdout is not None
    assert process.stdout.readline().decode().startswith("Saved: Every 8h of work")
    first = process.stdout.readline().decode()
    assert first.startswith("Reminders on: a break after every 8h of work"), first
    second = handcue("remind", "--plain")
    assert second.returncode == 2
    assert f"reminders already run in process {process.pid}" in text(second.stderr)
    assert f"Reminders: running (process {process.pid})" in text(
        handcue("remind", "--status").stdout
    )
    process.terminate()
    rest, errors = process.communicate(timeout=30)
    assert process.returncode == 143, errors
    assert rest.decode().endswith("Reminders off.\n")
    assert "Traceback" not in errors.decode()


def _fake_systemctl(folder: Path, status: int) -> Path:
    folder.mkdir(exist_ok=True)
    log = folder / "systemctl.log"
    script = folder / "systemctl"
    message = "" if status == 0 else "echo 'Failed to connect to bus: No medium found' >&2"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\n{message}\nexit {status}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return log


def verify(*units: Path, runtime: Path) -> None:
    """systemd's own check of the units; skipped where systemd-analyze is missing."""
    if shutil.which("systemd-analyze") is None:
        missing("systemd-analyze is not installed (apt-get install systemd)")
    runtime.mkdir(exist_ok=True)
    done = subprocess.run(
        ["systemd-analyze", "verify", "--user", *map(str, units)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


@pytest.mark.parametrize("manager", [0, 1], ids=["with a user manager", "without one"])
def test_install_writes_units_systemd_accepts_and_uninstall_removes_them(
    tmp_path: Path, manager: int
) -> None:
    log = _fake_systemctl(tmp_path / "bin", manager)
    env = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}",
    }
    handcue("remind", "--hours", "8:30-17", "--days", "mon-fri", "--status", env=env)
    done = handcue("remind", "--install", "--terminal", "xterm -e", env=env)
    assert done.returncode == 0, text(done.stderr)
    folder = tmp_path / "config" / "systemd" / "user"
    service, timer = folder / SERVICE, folder / TIMER
    if manager == 0:
        assert text(done.stdout).startswith("Installed and started:")
        assert log.read_text().splitlines()[:3] == [
            "--user daemon-reload", f"--user enable --now {TIMER}", f"--user start {SERVICE}",
        ]  # fmt: skip
    else:
        assert "start at your next login" in text(done.stdout)
        assert (folder / "timers.target.wants" / TIMER).resolve() == timer
    unit = service.read_text()
    assert 'Environment="DBUS_SESSION_BUS_ADDRESS=unix:path=%t/bus"' in unit
    assert f'Environment="HANDCUE_DATA_DIR={os.environ["HANDCUE_DATA_DIR"]}"' in unit
    assert '"remind" "--service" "--terminal" "xterm -e"' in unit
    assert "OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 08:30:00" in timer.read_text()
    assert "Persistent=true" in timer.read_text()
    verify(service, timer, runtime=tmp_path / "runtime")
    assert "installed as a systemd user service" in text(
        handcue("remind", "--status", env=env).stdout
    )
    removed = handcue("remind", "--uninstall", env=env)
    assert text(removed.stdout) == "Removed the reminder service.\n"
    assert not service.exists() and not timer.exists()
    assert not (folder / "timers.target.wants" / TIMER).is_symlink()


def test_units_carry_odd_paths_safely(tmp_path: Path) -> None:
    odd = tmp_path / "my 100% dir"
    odd.mkdir()
    python = odd / "python3"
    python.symlink_to(sys.executable)
    service = tmp_path / SERVICE
    argv = [str(python), "-m", "handcue", "--routines", "$HOME/100%"]
    service.write_text(service_text(argv, {"HANDCUE_DATA_DIR": f'{odd}/$HOME "x"'}))
    for refused in ("$x", 'a"b', "a'b", "a\\b"):
        with pytest.raises(ValueError, match="systemd refuses"):
            service_text([f"{tmp_path}/{refused}/python3"], {})
    (tmp_path / TIMER).write_text(timer_text(ReminderPlan()))
    assert quote("100%$", command=True) == '"100%%$$"'
    with pytest.raises(ValueError, match="control character"):
        quote("a\nb")
    verify(service, tmp_path / TIMER, runtime=tmp_path / "runtime")


def test_history_shows_breaks_taken_against_offered_and_marks_their_sessions() -> None:
    import json
    from datetime import timedelta

    from support.sessions import session_record

    from handcue.services.recording import local_now
    from handcue.storage.history import History
    from handcue.storage.reminders import Reminders
    from handcue.storage.user_database import UserDatabase

    now = local_now().replace(microsecond=0)
    database = UserDatabase()
    store, history = Reminders(database), History(database)
    yesterday = now - timedelta(days=1)
    for when, answer in ((yesterday, "skipped"), (now, "played"), (now, "snoozed")):
        ident = store.offer(when, "desk-break", "Two-minute desk break")
        assert ident is not None
        session = None
        if answer == "played":
            session = history.record(session_record("desk-break", when)).uid
        store.answer(ident, answer, when, session)
    history.record(session_record("desk-break", now - timedelta(hours=2)))
    database.close()
    summary = text(handcue("history", "--summary").stdout)
    assert (
        f"Breaks taken of those offered, last 7 days: 1 of 3 ({yesterday:%a %d} 0/1, today 1/2)"
        in summary
    )
    table = text(handcue("history").stdout).splitlines()
    marked = [line for line in table if "finished, from a reminder" in line]
    assert len(marked) == 1 and len([line for line in table if "finished" in line]) == 2
    document = json.loads(handcue("history", "--json").stdout)
    assert sorted(s["from_reminder"] for s in document["sessions"]) == [False, True]
    assert document["breaks"][-1] == {"day": now.date().isoformat(), "offered": 2, "taken": 1}
