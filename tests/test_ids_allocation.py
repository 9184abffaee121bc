"""Ids: parsing, and allocation past the highest id on the tree and every branch."""

from __future__ import annotations

from pathlib import Path

import pytest

from gitsplit.errors import UnknownIdError, ValidationError
from gitsplit.ledger import allocate, ids
from tests.conftest import Repo, git, make_repo


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("3", "WO-3"),
        ("wo-3", "WO-3"),
        ("WO-3", "WO-3"),
        (" WO-12 ", "WO-12"),
        ("Wo-7", "WO-7"),
    ],
)
def test_normalize_accepts_short_forms(raw: str, expected: str) -> None:
    assert ids.normalize_id(raw, ids.WORKORDER) == expected


def test_normalize_refuses_another_kind_by_name() -> None:
    with pytest.raises(UnknownIdError) as info:
        ids.normalize_id("D-3", ids.WORKORDER)
    assert str(info.value).startswith("D-3 is a decision, not a work order")
    assert "gitsplit decision show D-3" in str(info.value)
    with pytest.raises(UnknownIdError, match="gitsplit checkpoint --show CP-2"):
        ids.normalize_id("cp-2", ids.INVARIANT)


@pytest.mark.parametrize("raw", ["", "0", "WO-0", "WO-", "X-3", "WO-3a", "-3", "WO 3", "3.0"])
def test_normalize_refuses_what_is_not_an_id(raw: str) -> None:
    with pytest.raises(ValidationError, match="expected WO-<number>"):
        ids.normalize_id(raw, ids.WORKORDER)


def test_split_and_sort() -> None:
    assert ids.split_id("WO-12") == (ids.WORKORDER, 12)
    assert ids.split_id("WO-012") is None
    assert ids.split_id("wo-12") is None  # stored ids are exact
    assert sorted(["WO-10", "WO-2", "D-1", "odd"], key=ids.sort_key) == [
        "D-1",
        "WO-2",
        "WO-10",
        "odd",
    ]


def _wo(repo: Repo, title: str) -> str:
    return repo.ok("wo", "new", title).strip()


def test_allocation_counts_untracked_files_and_gaps(repo: Repo) -> None:
    assert _wo(repo, "one") == "WO-1"
    (repo.root / ".workledger/workorders/WO-1.md").rename(
        repo.root / ".workledger/workorders/WO-9.md"
    )
    repo.write(".workledger/workorders/notes.md", "not a record\n")
    repo.write(".workledger/workorders/WO-100.txt", "not a record either\n")
    assert _wo(repo, "after the gap") == "WO-10"


def test_kinds_are_numbered_independently(repo: Repo) -> None:
    assert _wo(repo, "one") == "WO-1"
    assert repo.ok("decide", "A decision").strip() == "D-1"
    assert repo.ok("invariant", "add", "A rule").strip() == "I-1"
    assert _wo(repo, "two") == "WO-2"


def test_allocation_sees_local_branches_without_checking_them_out(repo: Repo) -> None:
    repo.git("switch", "-q", "-c", "feature")
    for title in ("f1", "f2", "f3"):
        _wo(repo, title)
    repo.commit_all("three work orders on a branch")
    repo.git("switch", "-q", "main")
    assert not (repo.root / ".workledger/workorders/WO-3.md").exists()
    assert allocate.highest_number(repo.root, ids.WORKORDER) == 3
    assert _wo(repo, "on main") == "WO-4"


def test_allocation_sees_a_detached_commit_only_through_branches(repo: Repo) -> None:
    _wo(repo, "one")
    repo.commit_all("one")
    repo.git("switch", "-q", "--detach")
    _wo(repo, "detached")
    repo.commit_all("on a detached head")
    repo.git("switch", "-q", "main")
    # the detached commit is not on any branch: only the tree and branches count
    assert _wo(repo, "next") == "WO-2"


def _clone(source: Path, dest: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    git(source.parent, "clone", "-q", str(source), str(dest))
    return Repo(dest, monkeypatch)


def test_two_clones_get_different_ids_once_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_repo(tmp_path / "first", monkeypatch)
    _wo(first, "shared base")
    first.commit_all("WO-1")
    git(tmp_path, "clone", "-q", "--bare", str(first.root), str(tmp_path / "origin.git"))
    first.git("remote", "add", "origin", str(tmp_path / "origin.git"))
    first.git("fetch", "-q", "origin")
    second = _clone(tmp_path / "origin.git", tmp_path / "second", monkeypatch)

    second.git("switch", "-q", "-c", "wo-work")
    assert _wo(second, "made in the second clone") == "WO-2"
    assert _wo(second, "and another") == "WO-3"
    second.commit_all("two work orders")
    second.git("push", "-q", "origin", "wo-work")
    second.git("switch", "-q", "main")  # the ids now live only on a branch

    # not fetched yet: the first clone cannot know, so it would collide (check catches that)
    assert allocate.next_id(first.root, ids.WORKORDER) == "WO-2"
    first.git("fetch", "-q", "origin")
    assert "refs/remotes/origin/wo-work" in first.git("for-each-ref")
    assert _wo(first, "made in the first clone") == "WO-4"
    # and the second clone, back on main, still allocates past its own branch
    assert _wo(second, "second clone on main") == "WO-4"
    first.commit_all("WO-4 in the first clone")
    first.git("push", "-q", "origin", "main")
    second.git("fetch", "-q", "origin")
    (second.root / ".workledger/workorders/WO-4.md").unlink()
    assert _wo(second, "after fetching the first") == "WO-5"


def test_allocation_in_a_repository_without_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    repo = Repo(root, monkeypatch)
    repo.ok("init")
    assert _wo(repo, "first ever") == "WO-1"
    assert _wo(repo, "second") == "WO-2"


@pytest.mark.parametrize("form", ["3", "wo-3", "WO-3"])
def test_wo_show_accepts_short_ids(repo: Repo, form: str) -> None:
    for title in ("one", "two", "three"):
        _wo(repo, title)
    out = repo.ok("wo", "show", form)
    assert out.startswith("WO-3  three  [draft · C2 · P2]\n")


def test_wo_show_of_another_kind_says_which_kind(repo: Repo) -> None:
    for title in ("One", "Two", "Three"):  # D-3 exists, so showing it is the way on
        repo.ok("decide", title)
    result = repo.cli("wo", "show", "D-3")
    assert result.exit_code == 1
    assert "D-3 is a decision, not a work order" in result.output
    assert "gitsplit decision show D-3" in result.output
    proc = repo.run("decision", "show", "WO-1")
    assert proc.returncode == 1
    assert "WO-1 is a work order, not a decision" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_wo_show_of_an_unknown_id(repo: Repo) -> None:
    _wo(repo, "one")
    result = repo.cli("wo", "show", "WO-7")
    assert result.exit_code == 1
    assert "no work order WO-7 in .workledger/workorders/" in result.output
    result = repo.cli("checkpoint", "--show", "CP-7")
    assert result.exit_code == 1
    assert "checkpoint list" not in result.output  # that would record a checkpoint "list"


def test_the_highest_number_is_found_without_parsing_every_name() -> None:
    # longest-then-greatest among the kind's own names, each odd one parsed as before
    import random

    rng = random.Random(18)
    pool = [
        *(f"WO-{n}.md" for n in rng.sample(range(1, 5000), 300)),
        "WO-0999999.md",  # a leading zero: not an id
        "WO-99999x.md",
        "WO-123456",  # no .md: counted as before, as the number of its name
        "D-777777.md",
        "README.md",
        "WO-.md",
        ".gitkeep",
    ]
    for size in (0, 1, 5, 50, len(pool)):
        names = set(rng.sample(pool, size))
        expected = max((n for n in map(allocate._number, names) if n), default=0)
        assert allocate._highest(names, ids.WORKORDER) == expected, sorted(names)
