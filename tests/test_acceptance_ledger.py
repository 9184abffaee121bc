"""Acceptance pass on the ledger commands: messages a demanding user meets."""

from __future__ import annotations

import pytest

from tests.conftest import Repo


@pytest.mark.parametrize("typed", ["WO-9", "WO-20"])
def test_unknown_id_points_at_the_list_not_at_another_record(repo: Repo, typed: str) -> None:
    repo.ok("wo", "new", "One")
    repo.ok("wo", "new", "Two")
    result = repo.cli("wo", "show", typed)
    assert result.exit_code == 1
    assert "did you mean" not in result.stderr
    assert f"no work order {typed}" in result.stderr and "`gitsplit wo list`" in result.stderr


@pytest.mark.parametrize("typed", ["W0-2", "WO2", "w-2"])
def test_a_mistyped_prefix_gets_the_right_id(repo: Repo, typed: str) -> None:
    repo.ok("wo", "new", "One")
    repo.ok("wo", "new", "Two")
    result = repo.cli("wo", "show", typed)
    assert result.exit_code == 1
    assert "hint: did you mean WO-2?" in result.stderr


def test_an_unrelated_word_gets_no_guess(repo: Repo) -> None:
    result = repo.cli("wo", "show", "X-3")
    assert result.exit_code == 1 and "did you mean" not in result.stderr
