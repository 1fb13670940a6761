"""The `eventsourcing` library is reached inside from one module only, `domain.store.library`,
and what that module relies on is still there: checked against the installed library, so that
an upgrade fails here, naming the override that would break, not somewhere in the write path.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import inspect
import re
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import eventsourcing
import pytest

from domain.store import library
from domain.store.library import RELIED_ON, Reliance

ROOT = Path(__file__).resolve().parents[2]
ADAPTER = ROOT / "domain" / "store" / "library.py"
#: The packages that may use only the library's public API (and the adapter's).
CHECKED = ("domain", "projections", "interface", "benchmarks")
LIBRARY = Path(eventsourcing.__file__).parent


def pinned_version() -> str:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for dependency in dependencies:
        found = re.fullmatch(r"eventsourcing(\[[^\]]*\])?==([\w.]+)", dependency.replace(" ", ""))
        if found:
            return found.group(2)
    raise AssertionError("pyproject.toml does not pin eventsourcing with ==")


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def without_annotations(function: Any) -> str:
    signature = inspect.signature(function)
    return str(
        signature.replace(
            parameters=[
                p.replace(annotation=inspect.Parameter.empty) for p in signature.parameters.values()
            ],
            return_annotation=inspect.Signature.empty,
        )
    )


def set_in_init(owner: type[Any], name: str) -> bool:
    """Whether the owner's `__init__` assigns `self.<name>`."""
    tree = ast.parse(inspect.getsource(owner.__init__).strip() + "\n")
    return any(
        isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ast.Store)
        and node.attr == name
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
        for node in ast.walk(tree)
    )


def override(reliance: Reliance) -> str:
    """The adapter's docstring entry for the override that relies on it, for messages."""
    doc = library.__doc__ or ""
    entry = re.search(rf"^{reliance.override}\. (.+)$", doc, re.MULTILINE)
    return f"override {reliance.override} of domain.store.library ({entry and entry.group(1)})"


def test_the_installed_library_is_the_pinned_version() -> None:
    pinned = pinned_version()
    installed = importlib.metadata.version("eventsourcing")
    assert installed == pinned, (
        f"eventsourcing {installed} is installed, but pyproject.toml pins {pinned}: "
        "reinstall (pip install -e .)."
    )
    assert pinned == library.VERSION, (
        f"pyproject.toml pins eventsourcing {pinned}, but domain.store.library was written "
        f"for {library.VERSION}: check every override in its docstring against the new "
        "version's source, then update RELIED_ON and VERSION."
    )


@pytest.mark.parametrize("reliance", RELIED_ON, ids=lambda r: f"{r.owner.__name__}.{r.name}")
def test_every_private_name_the_adapter_relies_on_is_still_there(reliance: Reliance) -> None:
    where = f"{reliance.owner.__module__}.{reliance.owner.__qualname__}.{reliance.name}"
    if reliance.signature is None:
        assert set_in_init(reliance.owner, reliance.name), (
            f"{where} is no longer set by {reliance.owner.__qualname__}.__init__: "
            f"{override(reliance)} would break."
        )
    else:
        method = getattr(reliance.owner, reliance.name, None)
        assert callable(method), f"{where} is gone: {override(reliance)} would break."
        assert without_annotations(method) == reliance.signature, (
            f"{where} now takes {without_annotations(method)}, not {reliance.signature}: "
            f"{override(reliance)} would break."
        )
    if reliance.called_by is not None:
        caller = getattr(reliance.owner, reliance.called_by)
        assert f"self.{reliance.name}" in inspect.getsource(caller), (
            f"The library's {reliance.owner.__qualname__}.{reliance.called_by} no longer uses "
            f"{reliance.name}: {override(reliance)} would silently stop working."
        )


def private_uses(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every private attribute a module uses or defines a method for: (line, name)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            yield node.lineno, node.attr
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and is_private(node.name):
            yield node.lineno, node.name


def test_the_adapter_declares_every_private_name_it_uses() -> None:
    declared = {r.name for r in RELIED_ON}
    tree = ast.parse(ADAPTER.read_text())
    own = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef | ast.FunctionDef)}
    library_names = set(library_private_names())
    undeclared = sorted(
        f"line {line}: {name}"
        for line, name in private_uses(tree)
        if name in library_names and name not in declared and name not in own
    )
    assert not undeclared, f"domain.store.library uses, without a Reliance: {undeclared}"


@functools.cache
def library_private_names() -> dict[str, str]:
    """Each private name the library defines (methods, attributes, module names), with where."""
    names: dict[str, str] = {}
    for path in sorted(LIBRARY.rglob("*.py")):
        if "tests" in path.relative_to(LIBRARY).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            name = None
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = node.name
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                name = node.attr
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                name = node.id
            if name and is_private(name):
                names.setdefault(name, f"eventsourcing/{path.relative_to(LIBRARY)}")
    return names


def library_names_of(cls: type[Any]) -> dict[str, str]:
    """The private names the library's classes in `cls`'s bases define: their methods and
    class attributes, and the attributes their code sets on `self`; with where."""
    names: dict[str, str] = {}
    for base in cls.__mro__:
        if base.__module__.startswith("eventsourcing"):
            for name in names_defined_by(base):
                names.setdefault(name, f"{base.__module__}.{base.__qualname__}")
    return names


@functools.cache
def names_defined_by(base: type[Any]) -> tuple[str, ...]:
    names = [name for name in vars(base) if is_private(name) and name != "_abc_impl"]
    try:
        source = textwrap.dedent(inspect.getsource(base))
    except (OSError, TypeError):
        return tuple(names)
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and is_private(node.attr)
        ):
            names.append(node.attr)
    return tuple(names)


def classes(body: list[ast.stmt], owner: Any) -> Iterator[tuple[ast.ClassDef, type[Any]]]:
    """Each class statement with the class it made, nested ones too."""
    for node in body:
        if isinstance(node, ast.ClassDef):
            made = getattr(owner, node.name, None)
            if isinstance(made, type):
                yield node, made
                yield from classes(node.body, made)


def subclass_problems(node: ast.ClassDef, cls: type[Any], path: Path) -> Iterator[str]:
    """A subclass of the library's overriding one of its private methods, or using its
    private methods or state through `self`, `cls` or `super()`."""
    names = library_names_of(cls)
    if not names:
        return
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name in names:
            yield f"{path}:{item.lineno}: {node.name}.{item.name} overrides {names[item.name]}"
    for n in ast.walk(node):
        if not (isinstance(n, ast.Attribute) and n.attr in names):
            continue
        value = n.value
        if isinstance(value, ast.Name) and value.id == "cls" and n.attr == "_create":
            continue  # an aggregate creating itself with an explicit event: see the adapter
        through_self = isinstance(value, ast.Name) and value.id in ("self", "cls")
        through_super = (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "super"
        )
        if through_self or through_super:
            yield f"{path}:{n.lineno}: {node.name} uses {ast.unparse(n)} ({names[n.attr]})"


def module_problems(path: Path, library_names: dict[str, str]) -> Iterator[str]:
    tree = ast.parse(path.read_text())
    where = path.relative_to(ROOT)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("eventsourcing"):
            for alias in node.names:
                if is_private(alias.name):
                    yield f"{where}:{node.lineno}: imports {alias.name} from {node.module}"
        elif isinstance(node, ast.Attribute) and node.attr in library_names:
            value = node.value
            if isinstance(value, ast.Name) and value.id in ("self", "cls"):
                continue  # see `subclass_problems`
            if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "super":
                continue
            yield f"{where}:{node.lineno}: {ast.unparse(node)} ({library_names[node.attr]})"
    if path.parent.name != "benchmarks":  # scripts: not imported here
        module = importlib.import_module(
            ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        )
        for node, cls in classes(tree.body, module):
            yield from subclass_problems(node, cls, where)


def test_no_module_but_the_adapter_reaches_inside_the_library() -> None:
    library_names = library_private_names()
    found = [
        problem
        for package in CHECKED
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != ADAPTER
        for problem in module_problems(path, library_names)
    ]
    assert not found, (
        "Only domain.store.library may use the eventsourcing library's private names "
        "(each with a Reliance, checked here): use the public API, or the adapter's:\n"
        + "\n".join(found)
    )
