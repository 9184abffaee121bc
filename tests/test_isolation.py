"""Checks judge the run's own tree, even with the package installed editable from main (15, 1).

A real virtual environment is made once per session, and a real small package is
installed into it with ``pip install -e`` (offline: ``--no-build-isolation --no-index``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import WO_BODY, Repo
from tests.test_runs import add_agent, run_record

PYPROJECT = """\
[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "tinypkg"
version = "0.1"

[tool.setuptools.packages.find]
where = ["src"]
"""
AGENT_BREAKS = """\
import pathlib, subprocess
pathlib.Path("src/tinypkg/__init__.py").write_text("def answer():\\n    return 41\\n")
subprocess.run(["git", "commit", "-q", "-am", "Change the answer"], check=True)
"""
AGENT_NEEDS_SETUP = """\
import pathlib, subprocess, sys
if not pathlib.Path(".setup-done").is_file():
    sys.exit(5)
pathlib.Path("src").mkdir(exist_ok=True)
pathlib.Path("src/ok.txt").write_text("set up\\n")
subprocess.run(["git", "add", "src/ok.txt"], check=True)
subprocess.run(["git", "commit", "-q", "-m", "Set up", "--trailer", "Work-Order: WO-1"], check=True)
"""


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real virtual environment with pip and a setuptools that builds editable wheels.

    One test uses it (so no two workers install into it at once); pip's cache and HOME
    stay in the temporary folder.
    """
    where = tmp_path_factory.mktemp("venv")
    env = {**os.environ, "HOME": str(where), "PIP_CACHE_DIR": str(where / "pip-cache")}
    subprocess.run([sys.executable, "-m", "venv", str(where / "env")], check=True, env=env)
    pip = [str(where / "env/bin/python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "setuptools>=64", "wheel"], check=True, env=env)
    return where / "env"


def _package(repo: Repo, venv: Path) -> str:
    """Commit a tiny package and WO-1 whose check imports it; install it editable from here."""
    repo.ok("hooks", "install")
    repo.write("pyproject.toml", PYPROJECT)
    repo.write("src/tinypkg/__init__.py", "def answer():\n    return 42\n")
    repo.write(".gitignore", "*.egg-info/\n__pycache__/\n.setup-done\n")
    check = f"{venv}/bin/python -c 'import tinypkg; assert tinypkg.answer() == 42'"
    repo.ok("wo", "new", *WO_BODY, "Tune the answer", "--class", "C1", "--status", "ready",
            "--scope", "src/**", "--check", check)  # fmt: skip
    repo.commit_all("A package and WO-1")
    pip = [f"{venv}/bin/python", "-m", "pip", "install", "-q", "--no-build-isolation"]
    env = {**os.environ, "PIP_NO_CACHE_DIR": "1"}
    subprocess.run([*pip, "--no-deps", "--no-index", "-e", str(repo.root)], check=True, env=env)
    return check


def test_checks_in_a_worktree_judge_the_worktrees_code(
    repo: Repo, tmp_path: Path, venv: Path
) -> None:
    check = _package(repo, venv)
    add_agent(repo, tmp_path, "breaker", AGENT_BREAKS)
    result = repo.cli("start", "WO-1", "--agent", "breaker", "--worktree")
    tree = repo.root.parent / "repo.worktrees" / "WO-1-r1"
    # the defect, as a user meets it: from the worktree, the venv imports main's code
    where = subprocess.run(
        [f"{venv}/bin/python", "-c", "import tinypkg; print(tinypkg.__file__)"],
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(repo.root / "src"))
    assert result.exit_code == 1, result.output
    assert "run WO-1-r1: failed" in result.output and "check failed" in result.output
    assert f"can import tinypkg (an editable install of {repo.root}" in result.output
    record = run_record(repo, "WO-1-r1", tree).fields
    assert record["outcome"] == "failed"
    assert "editable install" in record["checks"][0]["warning"]
    review = repo.cli("review", "WO-1", "--run-checks")
    assert review.exit_code == 1 and "check-failed" in review.output, review.output
    assert "check-imports-elsewhere" in review.output
    # a second run, worked by hand, that is right while main's copy is broken: it passes
    repo.git("switch", "-q", "main")
    repo.ok("reject", "WO-1", "--reason", "41 is not the answer")
    repo.ok("start", "WO-1", "--agent", "manual", "--worktree")
    second = repo.root.parent / "repo.worktrees" / "WO-1-r2"
    (repo.root / "src/tinypkg/__init__.py").write_text("raise RuntimeError('main is broken')\n")
    proc = repo.run("finish", cwd=second)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[pass] " + check in proc.stdout and "editable install" in proc.stderr


def test_worktree_setup_runs_before_the_agent_and_before_review_checks(
    repo: Repo, tmp_path: Path
) -> None:
    repo.write(".gitignore", ".setup-done\n")
    config = repo.read(".workledger/config.yaml")
    config = config.replace("worktree:\n  setup: []\n", "worktree:\n  setup: [touch .setup-done]\n")
    repo.write(".workledger/config.yaml", config)
    repo.ok("wo", "new", *WO_BODY, "Need the setup", "--class", "C1", "--status", "ready",
            "--scope", "src/**", "--check", "test -f .setup-done")  # fmt: skip
    repo.commit_all("setup and WO-1")
    add_agent(repo, tmp_path, "needy", AGENT_NEEDS_SETUP)
    result = repo.cli("start", "WO-1", "--agent", "needy", "--worktree")
    assert result.exit_code == 0 and "run WO-1-r1: succeeded" in result.output, result.output
    assert not (repo.root / ".setup-done").exists()  # only the new worktree was set up
    review = repo.cli("review", "WO-1", "--run-checks")
    assert review.exit_code == 0, review.output


def test_a_failing_setup_fails_the_run_before_the_agent(repo: Repo, tmp_path: Path) -> None:
    config = repo.read(".workledger/config.yaml")
    config = config.replace("worktree:\n  setup: []\n", "worktree:\n  setup: ['exit 3']\n")
    repo.write(".workledger/config.yaml", config)
    repo.ok("wo", "new", *WO_BODY, "Never starts", "--class", "C1", "--status", "ready")
    repo.commit_all("setup and WO-1")
    add_agent(repo, tmp_path, "needy", AGENT_NEEDS_SETUP)
    result = repo.cli("start", "WO-1", "--agent", "needy", "--worktree")
    assert result.exit_code == 1
    assert "worktree.setup `exit 3` failed (exit 3); the agent was not started" in result.output
    tree = repo.root.parent / "repo.worktrees" / "WO-1-r1"
    assert run_record(repo, "WO-1-r1", tree).fields["outcome"] == "failed"
