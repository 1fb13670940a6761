"""`make run` installs the runtime dependencies only: everything the server, the command line
and the web app import must come from them, not from the test extras a developer also has.

This reads the imports of every module (not the modules loaded in this process, which a
developer's environment would satisfy) and checks each against the distributions that
`[project] dependencies` bring in, with their own requirements (extras left out). The same
check runs for real in CI: `.ci/runtime-only` imports every module in the environment that
`make run` made."""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("domain", "projections", "interface")


def distribution(requirement: str) -> str:
    return re.split(r"[\[<>=!~;\s(]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def installed_by(requirements: list[str]) -> set[str]:
    """The distributions these requirements install, theirs included (extras left out)."""
    seen: set[str] = set()
    todo = [distribution(r) for r in requirements]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        todo += [distribution(r) for r in requires if not re.search(r"extra\s*==", r)]
    return seen


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """The top-level names of the modules a file imports, absolute imports only."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def missing_at_run_time(dependencies: list[str]) -> list[str]:
    runtime = installed_by(dependencies)
    providers = metadata.packages_distributions()
    missing = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for line, module in imported_modules(path):
                if module in PACKAGES or module in sys.stdlib_module_names:
                    continue
                dists = {d.lower().replace("_", "-") for d in providers.get(module, [])}
                if not dists & runtime:
                    missing.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return missing


def runtime_dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return list(project["dependencies"])


def test_everything_imported_at_run_time_is_a_runtime_dependency() -> None:
    assert missing_at_run_time(runtime_dependencies()) == []


@pytest.mark.parametrize("dependency", ["httpx", "icalendar", "pygal", "typer"])
def test_the_check_finds_a_runtime_import_moved_to_the_test_extras(dependency: str) -> None:
    without = [d for d in runtime_dependencies() if distribution(d) != dependency]

    missing = missing_at_run_time(without)

    assert len(without) == len(runtime_dependencies()) - 1
    assert any(m.endswith(f"imports {dependency}") for m in missing)
