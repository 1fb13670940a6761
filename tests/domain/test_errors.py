"""Every rule a command can break has an error of its own: `RuleBroken` is only their base.

A caller (and a test) tells rules apart by type, and the API's 409 names the rule broken
(`{"error": "ActionAlreadyCancelled", ...}`), so a rule raised as the bare base would
answer with a name that says nothing."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import domain
from domain.errors import RuleBroken

DOMAIN = Path(domain.__file__).parent


def _raises_of_rule_broken(path: Path) -> list[int]:
    """The lines of a module that raise `RuleBroken` itself (called or not, however
    imported)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Raise) or node.exc is None:
            continue
        raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        name = raised.attr if isinstance(raised, ast.Attribute) else getattr(raised, "id", None)
        if name == "RuleBroken":
            lines.append(node.lineno)
    return sorted(lines)


def _rules() -> list[type[RuleBroken]]:
    """Every subclass of `RuleBroken` the domain defines, wherever it is defined."""
    for module in pkgutil.walk_packages([str(DOMAIN)], "domain."):
        importlib.import_module(module.name)
    found: list[type[RuleBroken]] = []
    todo = [RuleBroken]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def test_no_module_of_the_domain_raises_the_bare_rule_broken() -> None:
    raised = {
        f"{path.relative_to(DOMAIN.parent)}:{line}"
        for path in sorted(DOMAIN.rglob("*.py"))
        for line in _raises_of_rule_broken(path)
    }

    assert raised == set(), "raise the named error of the rule instead"


def test_the_check_finds_a_bare_rule_broken(tmp_path: Path) -> None:
    module = tmp_path / "rule.py"
    module.write_text(
        "from domain import errors\n"
        "def check(n: int) -> None:\n"
        "    if n < 0:\n"
        "        raise RuleBroken('n is below zero.', 'n')\n"
        "    raise errors.RuleBroken\n"
    )

    assert _raises_of_rule_broken(module) == [4, 5]


def test_each_rule_says_in_its_docstring_which_rule_it_guards() -> None:
    rules = _rules()

    assert len(rules) > 80  # every module of the domain was imported
    assert [r.__qualname__ for r in rules if not (r.__dict__.get("__doc__") or "").strip()] == []


def test_each_rule_has_a_name_of_its_own() -> None:
    names = [rule.__name__ for rule in _rules()]

    assert sorted(n for n in set(names) if names.count(n) > 1) == []
