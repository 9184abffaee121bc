"""Checks judge the run's own tree: its code first on the import path, and a warning when a
Python check would still import the package from another checkout (an editable install).

An editable install (``pip install -e .``) in the main checkout makes every worktree's
``python -m pytest`` import the main checkout's code, so a broken run passes its checks.
``check_env`` puts the tree's ``src/`` (or, for a Python project without one, the tree)
first on ``PYTHONPATH``, ahead of the installs; ``imported_elsewhere`` names the editable
installs of the check's Python environments that point into another worktree of the
repository. See D-35.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

if TYPE_CHECKING:
    from gitsplit.runs.checks import CheckResult

PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")
PROGRAMS = ("python", "python3", "pytest", "py.test", "tox", "nox", "hatch", "pip")


def check_env(tree: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The variables a check in ``tree`` runs with: the tree's code first on PYTHONPATH."""
    first = []
    if (tree / "src").is_dir():
        first.append(str(tree / "src"))
    elif any((tree / name).is_file() for name in PROJECT_FILES):
        first.append(str(tree))
    if not first:
        return {}
    old = (os.environ if base is None else base).get("PYTHONPATH", "")
    return {"PYTHONPATH": os.pathsep.join([*first, *([old] if old else [])])}


def imported_elsewhere(command: str, tree: Path, others: Sequence[Path]) -> list[str]:
    """``pkg (editable install of PATH)`` for each package the check's Python would import
    from ``others`` (the repository's other worktrees) rather than from ``tree``."""
    inside = tree.resolve()
    elsewhere = [p.resolve() for p in others if p.resolve() != inside]
    found: list[str] = []
    for venv in dict.fromkeys(_environments(command, tree)):
        for name, path in _editable_installs(venv):
            if path.is_relative_to(inside) or not any(path.is_relative_to(o) for o in elsewhere):
                continue
            found.append(f"{name} (an editable install of {path}, in {venv})")
    return found


def warning_for(command: str, found: Sequence[str]) -> str:
    """The warning a check's result carries when it may judge another checkout's code."""
    return (
        f"check `{command}` can import {'; '.join(found)}: not this run's tree. gitsplit put "
        "the run's tree first on PYTHONPATH, but entry points and subprocesses may still "
        "use the other copy; set worktree.setup in the config to install the run's own "
        "(e.g. python -m venv .venv && .venv/bin/pip install -e .)"
    )


def set_up(tree: Path, commands: Sequence[str], timeout: float) -> CheckResult | None:
    """Run ``worktree.setup`` in a new worktree, in order; the first that fails, or None."""
    from gitsplit.runs.checks import run_check

    env = check_env(tree)
    for command in commands:
        result = run_check(command, cwd=tree, timeout=timeout, env=env)
        if not result.passed:
            return result
    return None


def _environments(command: str, tree: Path) -> Iterator[Path]:
    """The virtual environments of the Python programs a check command names."""
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    for word in words:
        name = Path(word).name
        if not (name.startswith("python") or name in PROGRAMS):
            continue
        program = (
            (tree / word if not Path(word).is_absolute() else Path(word))
            if "/" in word
            else Path(shutil.which(word) or "")
        )
        venv = program.parent.parent if program.parent.name == "bin" else None
        if venv is not None and (venv / "pyvenv.cfg").is_file():
            yield venv


def _editable_installs(venv: Path) -> Iterator[tuple[str, Path]]:
    """(distribution, source folder) of every editable install in a virtual environment."""
    for record in sorted(venv.glob("lib/python*/site-packages/*.dist-info/direct_url.json")):
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        url = data.get("url", "") if isinstance(data, dict) else ""
        editable = isinstance(data, dict) and (data.get("dir_info") or {}).get("editable")
        if editable and isinstance(url, str) and url.startswith("file://"):
            name = record.parent.name.split("-")[0]
            yield name, Path(unquote(urlparse(url).path)).resolve()
