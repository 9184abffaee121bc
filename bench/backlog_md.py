"""Backlog.md beside gitsplit in bench/scale.py: the same ledger shape, its own commands.

The bench installs ``backlog.md@1.52`` from the npm registry into a cache outside the
repository (``~/.cache/gitsplit-bench``, or ``$GITSPLIT_BENCH_CACHE``) when it is not there
yet and ``npm`` is; otherwise it says it skipped Backlog.md. Nothing in gitsplit itself
downloads anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

VERSION = "1.52"
CONFIG = (
    'project_name: "Bench"\ndefault_status: "To Do"\n'
    'statuses: ["To Do", "In Progress", "Done"]\nlabels: []\nmilestones: []\n'
    "date_format: yyyy-mm-dd hh:mm\nauto_commit: false\n"
)
Measure = Callable[[list[str], Path], tuple[float, float, int]]


def cache_dir() -> Path:
    """Where the bench keeps its npm install of Backlog.md."""
    override = os.environ.get("GITSPLIT_BENCH_CACHE")
    return Path(override) if override else Path.home() / ".cache" / "gitsplit-bench"


def find(install: bool) -> tuple[Path | None, str]:
    """The ``backlog`` program, installing it first when allowed; else None and why."""
    program = cache_dir() / "node_modules" / ".bin" / "backlog"
    if program.exists():
        return program, "cached"
    if not install:
        return None, "not installed (run without --no-install to install it)"
    if shutil.which("npm") is None:
        return None, "npm is not installed"
    cache_dir().mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        ["npm", "install", "--prefix", str(cache_dir()), f"backlog.md@{VERSION}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if proc.returncode != 0 or not program.exists():
        return None, f"npm install failed: {(proc.stderr or proc.stdout).strip()[-200:]}"
    return program, "installed"


def build(root: Path, count: int, title: Callable[[int], str], body: Callable[[int], str]) -> None:
    """A git repository with ``count`` Backlog.md tasks in its own file format."""
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    tasks = root / "backlog" / "tasks"
    tasks.mkdir(parents=True)
    (root / "backlog" / "config.yml").write_text(CONFIG, encoding="utf-8")
    for n in range(1, count + 1):
        name = title(n)
        deps = f"[task-{n - 1}]" if n % 5 == 0 and n > 1 else "[]"
        text = (
            f"---\nid: task-{n}\ntitle: {name}\nstatus: To Do\nassignee: []\n"
            f"created_date: '2026-01-01 00:00'\nlabels: []\ndependencies: {deps}\n---\n\n"
            "## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\n"
            f"{body(n)}.\n<!-- SECTION:DESCRIPTION:END -->\n"
        )
        slug = name.replace(" ", "-")
        (tasks / f"task-{n} - {slug}.md").write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "tasks"], cwd=root, check=True)


def measure(program: Path, root: Path, runs: int, median: Measure) -> dict[str, dict[str, float]]:
    """``task list --plain`` and ``task create`` on the tasks at ``root``."""
    figures = {}
    for name, args in (
        ("backlog task list", ["task", "list", "--plain"]),
        ("backlog task create", ["task", "create", "Bench task", "-d", "bench"]),
    ):
        cpus, walls, worst = [], [], 0
        for _ in range(runs):
            cpu, wall, code = median([str(program), *args], root)
            cpus.append(cpu)
            walls.append(wall)
            worst = max(worst, code)
        cpus.sort()
        walls.sort()
        figures[name] = {"warm": cpus[len(cpus) // 2], "wall": walls[len(walls) // 2]}
        if worst:
            figures[name]["exit"] = worst
    return figures
