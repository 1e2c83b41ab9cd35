"""Fault injection: an import that could not be saved never says it was imported."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from support.kept_sessions import keep, session

from handcue.services import history_file, recording
from handcue.storage import paths


def write_export(path: Path, count: int) -> None:
    records = [session(number) for number in range(count)]
    document = history_file.export_document(records, recording.local_now())
    path.write_text(json.dumps(document))


def test_an_import_onto_a_full_disk_says_so_in_one_line_and_fails(tmp_path: Path) -> None:
    database = tmp_path / "data" / "handcue.sqlite3"
    keep(database, range(3)).close()
    export = tmp_path / "export.json"
    write_export(export, 400)
    size = database.stat().st_size

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    env = {**os.environ, paths.DATA_ENV: str(database.parent), paths.CONFIG_ENV: str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "handcue", "history", "--import", str(export)],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=full_disk,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done
    assert "Imported" not in done.stdout
    [line] = done.stderr.strip().splitlines()
    assert str(export) in line and "nothing was imported" in line
