"""A work order's briefing of a commit, kept (D-78): always what a fresh one would print."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest

from gitsplit.cli import brief_cmd, kept_briefing
from tests import brief_fixtures
from tests.conftest import Repo

KEPT = ".git/gitsplit/" + kept_briefing.FILE_NAME


@pytest.fixture
def ledger_repo(repo: Repo) -> Repo:
    """The realistic ledger of brief_fixtures, committed."""
    brief_fixtures.build(repo)
    return repo


def printed(repo: Repo, *args: str) -> tuple[str, str]:
    """(stdout, stderr) of `gitsplit brief ARGS`, in process."""
    result = repo.cli("brief", *args)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def fresh(repo: Repo, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[str, str]:
    """What a briefing made from scratch prints (kept answers off)."""
    with monkeypatch.context() as patch:
        patch.setenv("GITSPLIT_NO_KEPT_ANSWERS", "1")
        return printed(repo, *args)


def served(repo: Repo, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[str, str]:
    """What the kept briefing prints; fails if the briefing had to be made."""

    def refuse(*_args: object) -> None:
        raise AssertionError("the briefing was made again")

    with monkeypatch.context() as patch:
        patch.setattr(brief_cmd, "_made", refuse)
        return printed(repo, *args)


def test_the_second_briefing_is_kept_and_the_same(
    ledger_repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = printed(ledger_repo, "WO-3")
    assert (ledger_repo.root / KEPT).is_file()
    assert (
        served(ledger_repo, monkeypatch, "WO-3") == made == fresh(ledger_repo, monkeypatch, "WO-3")
    )
    assert made[1].startswith("sha256 ")


EDITS: dict[str, Callable[[Repo], object]] = {
    "a committed edit of the work order": lambda repo: (
        repo.write(
            ".workledger/workorders/WO-3.md",
            repo.read(".workledger/workorders/WO-3.md").replace("40k", "90k"),
        ),
        repo.commit_all("edit WO-3"),
    ),
    "a commit on main (the base moves)": lambda repo: (
        repo.write("notes.txt", "x\n"),
        repo.commit_all("notes"),
    ),
    "a committed template override": lambda repo: (
        repo.write(".workledger/templates/brief/checks.md.j2", "## Checks (ours)\n"),
        repo.commit_all("override"),
    ),
    "the authority branch elsewhere, HEAD on another branch": lambda repo: (
        repo.git("checkout", "-q", "-b", "side"),
        repo.write("side.txt", "side\n"),
        repo.commit_all("side"),
    ),
    "a new ref only (a tag)": lambda repo: repo.git("tag", "v1"),
    "main moves while HEAD stays": lambda repo: _main_moves_under_a_side_branch(repo),
}


def _main_moves_under_a_side_branch(repo: Repo) -> None:
    """HEAD on a branch of its own at the same commit; main gets a commit HEAD does not."""
    repo.git("checkout", "-q", "-b", "side")
    tree = repo.git("rev-parse", "HEAD^{tree}").strip()
    moved = repo.git("commit-tree", tree, "-p", "main", "-m", "elsewhere").strip()
    repo.git("update-ref", "refs/heads/main", moved)


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_every_change_it_depends_on_makes_it_again(
    ledger_repo: Repo, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    before = printed(ledger_repo, "WO-3")
    EDITS[edit](ledger_repo)
    after = printed(ledger_repo, "WO-3")
    assert after == fresh(ledger_repo, monkeypatch, "WO-3")
    if edit != "a new ref only (a tag)":  # a tag changes no byte, but is a new key
        assert after != before
    assert served(ledger_repo, monkeypatch, "WO-3") == after


def test_uncommitted_edits_warn_afresh_from_the_kept_files_read(
    ledger_repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = printed(ledger_repo, "WO-3")
    path = ledger_repo.root / ".workledger/workorders/WO-3.md"
    path.write_text(path.read_text(encoding="utf-8").replace("40k", "90k"), encoding="utf-8")
    out, err = served(ledger_repo, monkeypatch, "WO-3")
    assert out == clean[0]  # a briefing of HEAD: the edit is not in it
    assert "1 ledger file(s) this briefing reads have uncommitted changes" in err
    assert (out, err) == fresh(ledger_repo, monkeypatch, "WO-3")
    path.write_text(ledger_repo.git("show", "HEAD:.workledger/workorders/WO-3.md"))
    assert served(ledger_repo, monkeypatch, "WO-3") == clean
    dependency = ledger_repo.root / ".workledger/workorders/WO-2.md"  # read for its notes
    dependency.write_text(dependency.read_text(encoding="utf-8") + "x\n", encoding="utf-8")
    assert "1 ledger file(s)" in served(ledger_repo, monkeypatch, "WO-3")[1]


@pytest.mark.parametrize(
    "args",
    [
        ("--budget", "2k"),
        ("--max-chars", "5000"),
        ("--format", "json"),
        ("--json",),
        ("--branch", "wo/mine"),
        ("--base", "HEAD~1"),
        ("--rev", "HEAD~1"),
    ],
    ids=" ".join,
)
def test_each_request_is_its_own_key(
    ledger_repo: Repo, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    plain = printed(ledger_repo, "WO-3")
    other = printed(ledger_repo, "WO-3", *args)
    assert other != plain
    assert other == fresh(ledger_repo, monkeypatch, "WO-3", *args)
    assert served(ledger_repo, monkeypatch, "WO-3", *args) == other


def test_two_names_of_one_base_are_two_briefings(
    ledger_repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    sha = ledger_repo.git("rev-parse", "HEAD~1").strip()
    by_name = printed(ledger_repo, "WO-3", "--base", "HEAD~1")
    by_sha = printed(ledger_repo, "WO-3", "--base", sha)
    assert "(HEAD~1)" in by_name[0] and f"({sha})" in by_sha[0]
    assert by_sha == fresh(ledger_repo, monkeypatch, "WO-3", "--base", sha)


def test_what_is_not_a_work_orders_briefing_of_a_commit_is_never_kept(
    ledger_repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for args in (("WO-3", "--worktree"), ("--checkpoint", "CP-1"), ("--review", "WO-3")):
        result = ledger_repo.cli("brief", *args)
        assert not (ledger_repo.root / KEPT).exists(), (args, result.output)
    monkeypatch.setenv("GITSPLIT_NO_INDEX", "1")
    printed(ledger_repo, "WO-3")
    assert not (ledger_repo.root / KEPT).exists()


@pytest.mark.parametrize("damage", [b"", b"junk", b"gitsplit-brief\x00\x01\xff\xff"])
def test_a_damaged_file_is_a_miss(
    ledger_repo: Repo, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    made = printed(ledger_repo, "WO-3")
    (ledger_repo.root / KEPT).write_bytes(damage)
    assert printed(ledger_repo, "WO-3") == made
    assert served(ledger_repo, monkeypatch, "WO-3") == made


def test_out_writes_the_kept_text(ledger_repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = printed(ledger_repo, "WO-3")
    _, err = served(ledger_repo, monkeypatch, "WO-3", "--out", "b.md")  # where, not what
    assert "wrote b.md" in err
    assert (ledger_repo.root / "b.md").read_text(encoding="utf-8") == out


def test_the_packaged_templates_are_in_the_key(ledger_repo: Repo) -> None:
    from pathlib import Path

    from gitsplit.util.code_key import packaged_templates

    commit = ledger_repo.git("rev-parse", "HEAD").strip()
    before = kept_briefing.key(ledger_repo.root, ("WO-3",), commit, None)
    folder = packaged_templates()
    assert before is not None and folder is not None
    probe = Path(folder) / "brief" / "checks.md.j2"
    stat = probe.stat()
    try:
        os.utime(probe, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert kept_briefing.key(ledger_repo.root, ("WO-3",), commit, None) != before
    finally:
        os.utime(probe, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_kept_briefing_imports_neither_jinja2_nor_the_briefing_modules(
    ledger_repo: Repo,
) -> None:
    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "gitsplit", "brief", "WO-3"],
            cwd=ledger_repo.root,
            capture_output=True,
            text=True,
            env={**os.environ},
            check=True,
        )

    made, kept = run(), run()
    assert " jinja2" in made.stderr and " gitsplit.briefing" in made.stderr
    assert " jinja2" not in kept.stderr and " gitsplit.briefing" not in kept.stderr
    assert kept.stdout == made.stdout
