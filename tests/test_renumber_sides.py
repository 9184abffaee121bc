"""Renumber order and direction (issue 16 item 8), and a renumbering killed half way."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Repo
from tests.test_renumber import WO, check_lines, fields_of, stage_as_printed, two_clones

D = ".workledger/decisions"


def both_add_a_work_order_and_its_decision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Repo, Repo]:
    """Each clone adds D-1 and WO-2 carrying its own D-1; theirs is pushed, ours fetched."""
    ours, theirs = two_clones(tmp_path, monkeypatch)
    for repo, who in ((ours, "Ours"), (theirs, "Theirs")):
        repo.ok("decide", f"{who} decision", "--body", f"## Decision\n\n{who} decided.\n")
        repo.ok("wo", "new", f"{who} two", "--decision", "D-1")
        repo.commit_all(f"{who}: D-1, WO-2")
    theirs.git("push", "-q", "origin", "main")
    ours.git("fetch", "-q", "origin")
    return ours, theirs


@pytest.mark.parametrize("order", [("WO-2", "D-1"), ("D-1", "WO-2")])
def test_renumbering_one_then_the_other_rewrites_only_the_moved_sides_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: tuple[str, str]
) -> None:
    ours, _ = both_add_a_work_order_and_its_decision(tmp_path, monkeypatch)
    assert ours.git("merge", "--no-edit", "origin/main", check=False).count("CONFLICT") == 2
    outputs = [ours.ok("renumber", target) for target in order]
    moved_wo = next(p for p in (ours.root / WO).glob("*.md") if "Theirs two" in p.read_text())
    moved_d = next(p for p in (ours.root / D).glob("*.md") if "Theirs decision" in p.read_text())
    assert moved_wo.name != "WO-2.md" and moved_d.name != "D-1.md"
    # our WO-2 keeps our D-1; their WO-2 (moved) carries their D-1 (moved)
    assert fields_of(ours, f"{WO}/WO-2.md")["title"] == "Ours two"
    assert fields_of(ours, f"{WO}/WO-2.md")["decisions"] == ["D-1"]
    assert fields_of(ours, f"{WO}/{moved_wo.name}")["decisions"] == [moved_d.stem]
    for out in outputs:
        stage_as_printed(ours, out)
    ours.git("commit", "-q", "--no-edit")
    assert check_lines(ours) == (0, [])


def test_pull_rebase_moves_the_local_record_not_the_published_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours, _ = both_add_a_work_order_and_its_decision(tmp_path, monkeypatch)
    rebase = ours.git("rebase", "origin/main", check=False)
    assert "CONFLICT" in rebase
    ours.ok("renumber", "WO-2")
    ours.ok("renumber", "D-1")
    # the published records (origin/main's, "ours" in a rebase) stay; the local ones move
    assert fields_of(ours, f"{WO}/WO-2.md")["title"] == "Theirs two"
    assert fields_of(ours, f"{D}/D-1.md")["title"] == "Theirs decision"
    assert fields_of(ours, f"{WO}/WO-2.md")["decisions"] == ["D-1"]
    moved = next(p for p in (ours.root / WO).glob("*.md") if "Ours two" in p.read_text())
    moved_d = next(p for p in (ours.root / D).glob("*.md") if "Ours decision" in p.read_text())
    assert moved.name != "WO-2.md" and moved_d.name != "D-1.md"
    assert fields_of(ours, f"{WO}/{moved.name}")["decisions"] == [moved_d.stem]


def test_a_renumbering_killed_half_way_is_finished_not_repeated(repo: Repo) -> None:
    repo.ok("wo", "new", "Target")
    repo.ok("wo", "new", "Needs it", "--depends-on", "WO-1")
    repo.commit_all("plan")
    killed = repo.run("renumber", "WO-1", env={"GITSPLIT_KILL_AT": "write.placed@WO-3.md"})
    assert killed.returncode == -9
    assert (repo.root / WO / "WO-1.md").is_file() and (repo.root / WO / "WO-3.md").is_file()
    check = repo.cli("check")
    assert check.exit_code == 1 and "run: gitsplit recover" in check.output
    again = repo.cli("renumber", "WO-1")  # the same command again finishes it
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0] == f"WO-1 → WO-3 ({WO}/WO-3.md)"
    assert sorted(p.name for p in (repo.root / WO).glob("*.md")) == ["WO-2.md", "WO-3.md"]
    assert fields_of(repo, f"{WO}/WO-2.md")["depends_on"] == ["WO-3"]
    assert check_lines(repo) == (0, [])


def test_renumbering_the_same_conflict_twice_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours, _ = both_add_a_work_order_and_its_decision(tmp_path, monkeypatch)
    ours.git("merge", "--no-edit", "origin/main", check=False)
    ours.ok("renumber", "WO-2")
    again = ours.cli("renumber", "WO-2")
    assert again.exit_code == 1
    assert "WO-2 was already renumbered to WO-3 in this merge" in again.output
    assert len(list((ours.root / WO).glob("*.md"))) == 3  # WO-1, WO-2, WO-3: no fourth
