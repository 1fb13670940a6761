"""Code a person can pick up and carry on: no module of the application over 400 lines, no
function over 60, so that each reads on a screen or two (`../shared/STYLE.md`)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("domain", "projections", "interface")
MODULE_LINES = 400
FUNCTION_LINES = 60


def too_long(text: str, name: str) -> list[str]:
    """What in a module's text is over the limits, in words."""
    found = []
    if (lines := len(text.splitlines())) > MODULE_LINES:
        found.append(f"{name}: {lines} lines")
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if (length := (node.end_lineno or node.lineno) - node.lineno + 1) > FUNCTION_LINES:
            found.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    return found


def test_no_module_or_function_of_the_application_is_over_the_limits() -> None:
    modules = sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))
    assert len(modules) > 50
    found = [
        line
        for module in modules
        for line in too_long(module.read_text(encoding="utf-8"), str(module.relative_to(ROOT)))
    ]
    assert found == []


def test_the_limits_are_found() -> None:
    body = "".join(f"    x = {i}\n" for i in range(FUNCTION_LINES))
    assert too_long(f"def f() -> None:\n{body}", "m.py") == ["m.py:1 f: 61 lines"]
    assert too_long("x = 1\n" * (MODULE_LINES + 1), "m.py") == ["m.py: 401 lines"]
    assert too_long(f"def f() -> None:\n{body[: -len('    x = 59') - 1]}", "m.py") == []
