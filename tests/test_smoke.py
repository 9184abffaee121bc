"""The two ways in: ``python -m gitsplit`` and the CliRunner, on a real repository."""

from __future__ import annotations

from tests.conftest import Repo


def test_help_lists_command_groups(repo: Repo) -> None:
    proc = repo.run("--help")
    assert proc.returncode == 0
    for section in ("Set up", "Author the ledger", "Guard and review"):
        assert section in proc.stdout
    assert "wo " in proc.stdout and "checkpoint" in proc.stdout


def test_new_work_order_through_subprocess_and_runner(repo: Repo) -> None:
    proc = repo.run("wo", "new", "Through a subprocess")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "WO-1"
    assert repo.ok("wo", "new", "Through the runner").strip() == "WO-2"
