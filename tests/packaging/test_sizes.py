"""No module in `src/` over 400 lines, no function over 60, except those listed with a reason.

A module that grows past the limit has usually taken on a second job; a long function, a second
step. Each exception below says why it stays; an entry that is no longer over its limit fails
too, so the lists only shrink. A function's length runs from its `def` to its last line
(decorators left out, a nested function counted in its own right and in the function around it).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "handcue"
MODULE_LINES = 400
FUNCTION_LINES = 60

LONG_MODULES: dict[str, str] = {}
"""Modules allowed over `MODULE_LINES`, by path under `src/handcue`, each with its reason."""

LONG_FUNCTIONS: dict[str, str] = {
    "cli/plain_mode.py:run": (
        "plain mode's loop: a key per branch, where q leaves at once and + or - say the new time "
        "after the events; split, the order of the printed lines would be spread over functions"
    ),
    "core/yaml_errors.py:explain": (
        "a table of libyaml's messages, one case each, tried in an order that matters (a tab "
        "before a token that cannot start); read top to bottom, it is the table"
    ),
}
"""Functions allowed over `FUNCTION_LINES`, as `path:Class.function`, each with its reason."""


def module_lines(package: Path) -> dict[str, int]:
    """Every module's length in lines, by path under `package`."""
    return {
        path.relative_to(package).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(package.rglob("*.py"))
    }


def function_lines(package: Path) -> dict[str, int]:
    """Every function's length in lines, as `path:Class.function` (nested ones too)."""
    found: dict[str, int] = {}
    for path in sorted(package.rglob("*.py")):
        module = path.relative_to(package).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        _walk(tree, module, "", found)
    return found


def _walk(node: ast.AST, module: str, prefix: str, found: dict[str, int]) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            name = prefix + child.name
            end = child.end_lineno if child.end_lineno is not None else child.lineno
            found[f"{module}:{name}"] = end - child.lineno + 1
            _walk(child, module, name + ".", found)
        elif isinstance(child, ast.ClassDef):
            _walk(child, module, prefix + child.name + ".", found)
        else:
            _walk(child, module, prefix, found)


def too_long(lengths: dict[str, int], limit: int, allowed: dict[str, str]) -> list[str]:
    """Each length over `limit` not allowed, and each allowance no longer needed, in words."""
    over = [
        f"{name}: {lines} lines, over {limit}; split it by job, or list it with a reason"
        for name, lines in sorted(lengths.items())
        if lines > limit and name not in allowed
    ]
    stale = [
        f"{name}: {lengths[name]} lines, within {limit} now; remove it from the list"
        if name in lengths
        else f"{name}: no longer exists; remove it from the list"
        for name in sorted(allowed)
        if lengths.get(name, 0) <= limit
    ]
    return over + stale


def test_no_module_is_over_its_limit() -> None:
    assert too_long(module_lines(PACKAGE), MODULE_LINES, LONG_MODULES) == []


def test_no_function_is_over_its_limit() -> None:
    assert too_long(function_lines(PACKAGE), FUNCTION_LINES, LONG_FUNCTIONS) == []


def test_every_exception_gives_its_reason() -> None:
    for reason in [*LONG_MODULES.values(), *LONG_FUNCTIONS.values()]:
        assert len(reason.split()) >= 8, reason


def _function(name: str, lines: int, indent: str = "") -> list[str]:
    return [f"{indent}def {name}() -> None:", *[f"{indent}    x = {n}" for n in range(lines - 1)]]


def test_the_measures_find_a_long_module_and_a_long_function(tmp_path: Path) -> None:
    package = tmp_path / "handcue"
    (package / "core").mkdir(parents=True)
    big = ["class Big:", *_function("long", 61, "    "), *_function("short", 61)]
    (package / "core" / "big.py").write_text(
        "\n".join(big + ["# more"] * (401 - len(big))) + "\n", encoding="utf-8"
    )
    fits = _function("fits", 60)
    (package / "core" / "fits.py").write_text(
        "\n".join(fits + ["# more"] * (400 - len(fits))) + "\n", encoding="utf-8"
    )
    modules = module_lines(package)
    functions = function_lines(package)
    assert modules == {"core/big.py": 401, "core/fits.py": 400}
    assert functions == {
        "core/big.py:Big.long": 61,
        "core/big.py:short": 61,
        "core/fits.py:fits": 60,
    }
    assert too_long(modules, MODULE_LINES, {}) == [
        "core/big.py: 401 lines, over 400; split it by job, or list it with a reason"
    ]
    assert too_long(functions, FUNCTION_LINES, {"core/big.py:short": "a reason"}) == [
        "core/big.py:Big.long: 61 lines, over 60; split it by job, or list it with a reason"
    ]


def test_an_exception_no_longer_needed_is_reported() -> None:
    allowed = {"core/small.py": "a reason", "core/gone.py": "a reason"}
    assert too_long({"core/small.py": 10}, MODULE_LINES, allowed) == [
        "core/gone.py: no longer exists; remove it from the list",
        "core/small.py: 10 lines, within 400 now; remove it from the list",
    ]
