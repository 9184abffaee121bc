"""Every declared runtime dependency is imported by gitsplit, or says why it is kept."""

from __future__ import annotations

import ast
import functools
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# distribution name: why it is declared although no module imports it yet
KEPT_UNUSED: dict[str, str] = {}


def _declared() -> set[str]:
    """The distribution names in pyproject.toml's runtime dependencies, normalised."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        _normal(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0]) for spec in project["dependencies"]
    }


def _normal(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def _imported() -> frozenset[str]:
    """The top-level modules that any gitsplit module imports, anywhere in the file."""
    found: set[str] = set()
    for path in (ROOT / "gitsplit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return frozenset(found)


@functools.cache
def _used_distributions() -> frozenset[str]:
    """The installed distributions whose modules gitsplit imports."""
    providers = packages_distributions()
    return frozenset(_normal(d) for module in _imported() for d in providers.get(module, []))


def test_every_declared_dependency_is_imported_or_kept_for_a_reason() -> None:
    unused = _declared() - _used_distributions() - set(KEPT_UNUSED)
    assert not unused, f"declared in pyproject.toml but imported by no module: {sorted(unused)}"


def test_a_dependency_kept_unused_is_still_unused_and_declared() -> None:
    for name in KEPT_UNUSED:
        assert name in _declared(), f"{name} is no longer declared: drop it from KEPT_UNUSED"
        assert name not in _used_distributions(), (
            f"{name} is imported now: drop it from KEPT_UNUSED"
        )


def test_gitpython_is_gone() -> None:
    assert "gitpython" not in _declared()
    assert "git" not in _imported()
