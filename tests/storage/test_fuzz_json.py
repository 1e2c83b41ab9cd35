"""A short run of the JSON fuzzing campaign (`tools/fuzz_json_campaign.py`): a few hundred
mutated history files through the import's file reader, with no traceback, every problem one
line, nothing shown raw and no kept session lost."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

TOOL = Path(__file__).resolve().parents[2] / "tools" / "fuzz_json_campaign.py"


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_json_campaign", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_short_campaign_finds_nothing(tmp_path: Path) -> None:
    tool = load_tool()
    counts = tool.campaign(400, 7, tmp_path / "failures")
    assert {name: counts[name] for name in tool.BAD} == dict.fromkeys(tool.BAD, 0)
    assert counts["integrity problems"] == 0
    # The campaign reached every part: files refused whole, sessions left out, imports.
    assert counts["refused whole"] and counts["sessions left out"] and counts["imported"]
