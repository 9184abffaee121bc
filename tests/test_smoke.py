"""The two ways in: ``python -m gitsplit`` and the CliRunner, on a real repository."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from gitsplit.cli.commands import cli
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


MAIN_COMMANDS = [
    ["init"],
    ["wo", "new"],
    ["wo", "set"],
    ["decide"],
    ["invariant", "add"],
    ["checkpoint"],
    ["check"],
    ["renumber"],
    ["queue"],
    ["graph"],
    ["search"],
    ["brief"],
    ["review"],
    ["cost", "plan"],
    ["route"],
]


@pytest.mark.parametrize("command", MAIN_COMMANDS, ids=" ".join)
def test_main_commands_show_an_example_in_their_help(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"gitsplit {' '.join(command)} --help has no example"
    example = result.output.split("Example", 1)[1]
    assert f"gitsplit {' '.join(command)}" in example
