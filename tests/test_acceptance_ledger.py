"""Acceptance pass on the ledger commands: messages a demanding user meets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import Repo, git


def replacing_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    """Set $EDITOR to a real little program that replaces ``old`` with ``new`` in the file."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\np = sys.argv[-1]\nt = open(p).read()\n"
        f"open(p, 'w').write(t.replace({old!r}, {new!r}))\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")


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


def test_wo_set_refuses_a_dependency_cycle_and_prints_it(repo: Repo) -> None:
    for title in ("one", "two", "three"):
        repo.ok("wo", "new", title)
    repo.ok("wo", "set", "WO-2", "depends_on=WO-1")
    repo.ok("wo", "set", "WO-3", "depends_on=WO-2")
    before = repo.read(".workledger/workorders/WO-1.md")
    result = repo.cli("wo", "set", "WO-1", "priority=P0", "depends_on+=WO-3")
    assert result.exit_code == 1
    assert "WO-1 would be in a dependency cycle: WO-1 → WO-3 → WO-2 → WO-1" in result.stderr
    assert repo.read(".workledger/workorders/WO-1.md") == before
    assert repo.cli("check").exit_code == 0


def test_wo_new_refuses_to_close_a_cycle_through_a_dangling_dependency(repo: Repo) -> None:
    repo.ok("wo", "new", "one")
    path = repo.root / ".workledger/workorders/WO-1.md"
    path.write_text(path.read_text().replace("depends_on: []", "depends_on: [WO-2]"))
    result = repo.cli("wo", "new", "two", "--depends-on", "WO-1")
    assert result.exit_code == 1
    assert "WO-2 would be in a dependency cycle: WO-1 → WO-2 → WO-1" in result.stderr
    assert not (repo.root / ".workledger/workorders/WO-2.md").exists()
    assert repo.ok("wo", "new", "three").strip() == "WO-2"


def test_wo_edit_refuses_a_dependency_cycle_and_keeps_the_edit(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.ok("wo", "new", "one")
    repo.ok("wo", "new", "two", "--depends-on", "WO-1")
    replacing_editor(tmp_path, monkeypatch, "depends_on: []", "depends_on: [WO-2]")
    result = repo.cli("wo", "edit", "WO-1")
    assert result.exit_code == 1
    assert "WO-1 → WO-2 → WO-1" in result.stderr and "it is kept at" in result.stderr
    assert "depends_on: []" in repo.read(".workledger/workorders/WO-1.md")


def _authority(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    repo = Repo(path, monkeypatch)
    repo.ok("init", "--no-hooks")
    lines = repo.read(".workledger/config.yaml").splitlines()
    return next(line for line in lines if line.startswith("default_branch:"))


def test_init_names_the_branch_the_repository_really_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old"
    git(tmp_path, "init", "-q", "-b", "master", str(old))
    git(old, "commit", "-q", "--allow-empty", "-m", "first")
    fresh = tmp_path / "fresh"
    git(tmp_path, "init", "-q", "-b", "trunk", str(fresh))
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(old), str(clone))
    git(clone, "switch", "-q", "-c", "feature")
    git(clone, "branch", "-q", "-D", "master")
    assert _authority(old, monkeypatch) == "default_branch: master"
    assert _authority(fresh, monkeypatch) == "default_branch: trunk"
    assert _authority(clone, monkeypatch) == "default_branch: master"  # origin's HEAD


def test_init_keeps_main_where_main_exists(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "\ndefault_branch: main\n" in repo.read(".workledger/config.yaml")
    other = tmp_path / "other"
    git(tmp_path, "init", "-q", "-b", "main", str(other))
    git(other, "commit", "-q", "--allow-empty", "-m", "first")
    git(other, "switch", "-q", "-c", "master")
    assert _authority(other, monkeypatch) == "default_branch: main"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Summary", "--show", "CP-1"], "--show CP-n only shows a checkpoint; drop SUMMARY"),
        (["--show", "CP-1", "--allow-dirty"], "drop --allow-dirty"),
        (["--parent", "CP-1"], "--parent records a checkpoint: give its SUMMARY too"),
    ],
)
def test_checkpoint_refuses_options_it_would_ignore(
    repo: Repo, args: list[str], message: str
) -> None:
    repo.ok("checkpoint", "First")
    repo.commit_all("CP-1")
    result = repo.cli("checkpoint", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert not (repo.root / ".workledger/checkpoints/CP-2.md").exists()


def test_checkpoint_names_an_empty_summary_before_a_dirty_ledger(repo: Repo) -> None:
    repo.ok("wo", "new", "Uncommitted")
    result = repo.cli("checkpoint", "  ")
    assert result.exit_code == 1
    assert result.stderr == "gitsplit: error: the summary must not be empty\n"


def test_queue_columns_line_up_after_wide_titles(repo: Repo) -> None:
    import unicodedata

    repo.ok("wo", "new", "日本語のタイトル 🚀")
    repo.ok("wo", "new", "plain title")
    rows = [line for line in repo.ok("queue").splitlines() if "draft" in line]
    assert len(rows) == 2

    def column_of_reason(line: str) -> int:
        head = line[: line.rindex("draft")]
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in head)

    assert column_of_reason(rows[0]) == column_of_reason(rows[1])


def test_invariant_list_says_retired_ones_are_hidden(repo: Repo) -> None:
    repo.ok("invariant", "add", "Old rule")
    repo.ok("invariant", "retire", "I-1")
    result = repo.cli("invariant", "list")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no active invariants (1 retired: `gitsplit invariant list --all`)" in result.stderr


@pytest.mark.parametrize("command", [["wo", "new"], ["decide"]])
def test_a_body_too_big_to_read_back_is_refused_before_writing(
    repo: Repo, command: list[str]
) -> None:
    repo.write("big.md", "x" * (1024 * 1024 + 10))
    result = repo.cli(*command, "Huge", "--body-file", "big.md")
    assert result.exit_code == 1
    assert "a ledger record may be at most 1024 KiB, so nothing was written" in result.stderr
    assert repo.git("status", "--porcelain", ".workledger") == ""
    assert repo.cli("check").exit_code == 0


def test_body_file_errors_read_as_plain_words(repo: Repo) -> None:
    repo.write("binary.md", "")
    (repo.root / "binary.md").write_bytes(b"\xff\xfe\x00junk")
    missing = repo.cli("wo", "new", "x", "--body-file", "missing.md")
    assert missing.stderr == (
        "gitsplit: error: cannot read --body-file missing.md: no such file or directory\n"
    )
    binary = repo.cli("wo", "new", "x", "--body-file", "binary.md")
    assert "cannot read --body-file binary.md: it is not UTF-8 text\n" in binary.stderr
    assert "codec" not in binary.stderr and missing.exit_code == binary.exit_code == 1


def test_a_refused_edit_points_at_the_draft_it_kept(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.ok("wo", "new", "one")
    replacing_editor(tmp_path, monkeypatch, "title: one", "title: [one")
    result = repo.cli("wo", "edit", "WO-1")
    assert result.exit_code == 1
    draft = repo.root / ".git/gitsplit/drafts/WO-1.md"
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"gitsplit: error: {draft}:4: malformed YAML"), first
    assert "workorders/WO-1.md" not in result.stderr


def test_init_hint_names_everything_it_created_to_commit(bare_repo: Repo) -> None:
    out = bare_repo.ok("init", "--no-hooks")
    assert "git add .workledger/ AGENTS.md && git commit" in out


def test_another_kinds_id_is_only_offered_when_that_record_exists(repo: Repo) -> None:
    repo.ok("decide", "Keep ids short")
    present = repo.cli("wo", "show", "D-1")
    assert present.exit_code == 1 and "try `gitsplit decision show D-1`" in present.stderr
    absent = repo.cli("wo", "show", "d-9")
    assert absent.exit_code == 1 and "D-9 is a decision, not a work order" in absent.stderr
    assert "decision show" not in absent.stderr
    assert "there is no D-9 either; `gitsplit wo list`" in absent.stderr
