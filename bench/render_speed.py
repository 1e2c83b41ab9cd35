"""How long `handcue render` takes for the bundled fifteen-minute routine, and its peak memory.

.venv/bin/python bench/render_speed.py [--voice] [--pacer]
"""

from __future__ import annotations

import io
import resource
import sys
import tempfile
import time
from pathlib import Path

from handcue.cli.render import render_file
from handcue.cli.streams import Streams
from handcue.services.listening import Listening
from handcue.storage.routine_files import load_library


def main() -> int:
    routine = load_library(None).get("fifteen-minute-calm")
    if routine is None:
        print("the bundled fifteen-minute-calm routine is missing", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "calm.wav"
        began = time.perf_counter()
        code = render_file(
            routine,
            None,
            out,
            Listening(
                voice="--voice" in sys.argv,
                announce_next=10.0 if "--voice" in sys.argv else None,
                pacer="--pacer" in sys.argv,
            ),
            streams=Streams(stdout=io.StringIO(), stderr=io.StringIO()),
        )
        took = time.perf_counter() - began
        size = out.stat().st_size if out.exists() else 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{routine.total_seconds / 60:.1f} min routine: exit {code}, {took:.2f} s to render, "
        f"{size / 1e6:.0f} MB file, peak memory {peak:.0f} MB"
    )
    return code


if __name__ == "__main__":
    sys.exit(main())
