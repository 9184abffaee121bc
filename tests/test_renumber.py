"""``gitsplit renumber``: plain moves, duplicates by path, and add/add conflicts in a merge."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from gitsplit.ledger.fileformat import Document
from tests.conftest import Repo, git, make_repo

WO = ".workledger/workorders"


def fields_of(repo: Repo, rel: str) -> dict[str, object]:
    return Document.parse((repo.root / rel).read_bytes(), path=rel).fields


def add_run(repo: Repo, wo_id: str, run_id: str) -> str:
    rel = f".workledger/runs/{wo_id}/{run_id}.md"
    repo.write(rel, f"---\nwo: {wo_id}\nrun: {run_id}\nbranch: wo/{wo_id}-x\n---\nResult.\n")
    return rel


def check_lines(repo: Repo, *args: str) -> tuple[int, list[str]]:
    result = repo.cli("check", *args)
    return result.exit_code, [line for line in result.stdout.splitlines() if line != "ledger OK"]


def test_plain_renumber_rewrites_every_reference(repo: Repo) -> None:
    repo.ok("wo", "new", "Target", "--body-file", "-", input="See WO-1 itself.\n")
    repo.ok("wo", "new", "Needs it", "--depends-on", "WO-1")
    repo.ok("wo", "new", "Also needs it", "--depends-on", "WO-2", "--depends-on", "WO-1")
    add_run(repo, "WO-1", "20260501-1")
    add_run(repo, "WO-1", "20260502-1")
    repo.commit_all("ledger")
    result = repo.cli("renumber", "WO-1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"WO-1 → WO-4 ({WO}/WO-4.md)",
        "  rewrote references in .workledger/runs/WO-4/20260501-1.md",
        "  rewrote references in .workledger/runs/WO-4/20260502-1.md",
        f"  rewrote references in {WO}/WO-2.md",
        f"  rewrote references in {WO}/WO-3.md",
        f"  prose still mentions WO-1 at {WO}/WO-4.md:17 (left as written)",
        f"next: git add {WO}/WO-1.md .workledger/runs/WO-1/20260501-1.md "
        f".workledger/runs/WO-1/20260502-1.md {WO}/WO-4.md "
        ".workledger/runs/WO-4/20260501-1.md .workledger/runs/WO-4/20260502-1.md "
        f"{WO}/WO-2.md {WO}/WO-3.md",
    ]
    assert not (repo.root / WO / "WO-1.md").exists()
    assert fields_of(repo, f"{WO}/WO-4.md")["id"] == "WO-4"
    assert fields_of(repo, f"{WO}/WO-2.md")["depends_on"] == ["WO-4"]
    assert fields_of(repo, f"{WO}/WO-3.md")["depends_on"] == ["WO-2", "WO-4"]
    assert not (repo.root / ".workledger/runs/WO-1").exists()
    assert fields_of(repo, ".workledger/runs/WO-4/20260501-1.md")["wo"] == "WO-4"
    assert repo.git("diff", "--cached", "--name-only") == ""  # nothing staged
    assert check_lines(repo) == (0, [])
    # only the reference lines changed in the other records
    diff = repo.git("diff", "-U0", "--", f"{WO}/WO-3.md")
    assert [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ] == ["-depends_on: [WO-2, WO-1]", "+depends_on: [WO-2, WO-4]"]


def test_renumber_decision_rewrites_supersedes_and_work_orders(repo: Repo) -> None:
    repo.ok("decide", "Old")
    repo.ok("decide", "New", "--supersedes", "D-1", "--body", "## Decision\n\nNew wins.\n")
    repo.ok("wo", "new", "Carries it", "--decision", "D-1")
    repo.ok("renumber", "D-1", "D-7")
    assert fields_of(repo, ".workledger/decisions/D-7.md")["superseded_by"] == ["D-2"]
    assert fields_of(repo, ".workledger/decisions/D-2.md")["supersedes"] == ["D-7"]
    assert fields_of(repo, f"{WO}/WO-1.md")["decisions"] == ["D-7"]
    assert check_lines(repo) == (0, [])
    assert repo.ok("decide", "After").strip() == "D-8"


def test_renumber_checkpoint_rewrites_parent(repo: Repo) -> None:
    repo.ok("checkpoint", "first")
    repo.ok(
        "checkpoint", "second", "--parent", "CP-1", "--lineage", "branched_from", "--allow-dirty"
    )
    repo.ok("renumber", "cp-1")
    assert fields_of(repo, ".workledger/checkpoints/CP-2.md")["parent"] == "CP-3"


def test_renumber_json(repo: Repo) -> None:
    repo.ok("wo", "new", "a", "--body-file", "-", input="A body.\n")
    repo.ok("wo", "new", "b", "--depends-on", "1")
    data = json.loads(repo.ok("renumber", "WO-1", "WO-5", "--json"))
    assert data == {
        "old": "WO-1",
        "new": "WO-5",
        "moved": f"{WO}/WO-5.md",
        "rewritten": [f"{WO}/WO-2.md"],
        "mentions": [],
        "to_stage": [],
        "kept": "",
        "removed": [f"{WO}/WO-1.md"],
        "unresolved": [],
    }


@pytest.mark.parametrize(
    "args, message",
    [
        (["WO-9"], "no work order WO-9"),
        (["banana"], "'banana' is neither an id"),
        (["WO-1", "WO-2"], "WO-2 is already taken"),
        (["WO-1", "D-4"], "D-4 is a decision, not a work order"),
        ([f"{WO}/nope.md"], "no such file"),
        (["README.md"], "is not a work order, decision, invariant or checkpoint"),
    ],
)
def test_renumber_refusals(repo: Repo, args: list[str], message: str) -> None:
    repo.ok("wo", "new", "a")
    repo.ok("wo", "new", "b")
    proc = repo.run("renumber", *args)
    assert proc.returncode == 1
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in (repo.root / WO).glob("*.md")) == ["WO-1.md", "WO-2.md"]


def test_new_id_taken_on_another_branch_is_refused(repo: Repo) -> None:
    repo.ok("wo", "new", "a")
    repo.commit_all("WO-1")
    repo.git("switch", "-q", "-c", "side")
    repo.ok("wo", "new", "b")
    repo.ok("wo", "new", "c")
    repo.commit_all("WO-2, WO-3")
    repo.git("switch", "-q", "main")
    result = repo.cli("renumber", "WO-1", "WO-3")
    assert result.exit_code == 1
    assert "WO-3 is already taken (here or on a branch)" in result.output
    assert "WO-4" in result.output
    assert repo.ok("renumber", "WO-1").startswith("WO-1 → WO-4")


def test_renumber_a_duplicate_by_path(repo: Repo) -> None:
    repo.ok("wo", "new", "first")
    repo.ok("wo", "new", "needs WO-1", "--depends-on", "WO-1")
    original = repo.read(f"{WO}/WO-1.md")
    repo.write(f"{WO}/WO-1 (copy).md", original.replace("title: first", "title: a copy"))
    code, found = check_lines(repo)
    assert code == 1 and any("duplicate id WO-1" in line for line in found)
    result = repo.cli("renumber", "WO-1")
    assert result.exit_code == 1
    assert "2 records claim WO-1" in result.output and "gitsplit renumber PATH" in result.output
    out = repo.ok("renumber", f"{WO}/WO-1 (copy).md")
    assert out.splitlines()[0] == f"WO-1 → WO-3 ({WO}/WO-3.md)"
    assert "keep it, and references to it still point at them" in out
    assert fields_of(repo, f"{WO}/WO-3.md")["title"] == "a copy"
    assert repo.read(f"{WO}/WO-1.md") == original
    assert fields_of(repo, f"{WO}/WO-2.md")["depends_on"] == ["WO-1"]
    assert check_lines(repo) == (0, [])


def test_renumber_a_file_whose_name_is_not_its_id(repo: Repo) -> None:
    repo.ok("wo", "new", "first")
    (repo.root / WO / "WO-1.md").rename(repo.root / WO / "parser.md")
    assert repo.ok("renumber", f"{WO}/parser.md").startswith(f"WO-1 → WO-1 ({WO}/WO-1.md)")
    assert fields_of(repo, f"{WO}/WO-1.md")["title"] == "first"
    assert not (repo.root / WO / "parser.md").exists()
    assert check_lines(repo) == (0, [])


# --- a forced duplicate: two clones that did not see each other -----------------------------


def two_clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Repo, Repo]:
    """``ours`` and ``theirs``, clones of one origin, both with WO-1 committed on main."""
    seed = make_repo(tmp_path / "seed", monkeypatch)
    seed.ok("wo", "new", "Shared")
    seed.commit_all("WO-1")
    git(tmp_path, "clone", "-q", "--bare", str(seed.root), str(tmp_path / "origin.git"))
    clones = []
    for name in ("ours", "theirs"):
        git(tmp_path, "clone", "-q", str(tmp_path / "origin.git"), str(tmp_path / name))
        clones.append(Repo(tmp_path / name, monkeypatch))
    return clones[0], clones[1]


def conflicted_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Repo, Repo]:
    """Both clones add WO-2; theirs also adds WO-3 (depends on its WO-2) and a run of it."""
    ours, theirs = two_clones(tmp_path, monkeypatch)
    assert ours.ok("wo", "new", "Ours two", "--scope", "ours/**") == "WO-2\n"
    ours.commit_all("our WO-2")
    assert theirs.ok("wo", "new", "Theirs two") == "WO-2\n"
    theirs.ok(
        "wo", "new", "Theirs three needs their two", "--depends-on", "WO-2", "--depends-on", "WO-1"
    )
    add_run(theirs, "WO-2", "r1")
    theirs.commit_all("their WO-2, WO-3 and a run of WO-2")
    theirs.git("push", "-q", "origin", "main")
    ours.git("fetch", "-q", "origin")
    return ours, theirs


def stage_as_printed(repo: Repo, output: str) -> list[str]:
    """Run the printed ``next: git add ...`` line exactly; return its paths."""
    line = next(line for line in output.splitlines() if line.startswith("next: git add "))
    words = shlex.split(line.removeprefix("next: "))
    repo.git(*words[1:])
    return words[2:]


def test_forced_duplicate_is_caught_and_renumbered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours, _ = conflicted_merge(tmp_path, monkeypatch)
    merge = ours.git("merge", "--no-edit", "origin/main", check=False)
    assert "CONFLICT (add/add): Merge conflict in .workledger/workorders/WO-2.md" in merge
    assert ours.git("diff", "--name-only", "--diff-filter=U") == f"{WO}/WO-2.md\n"

    code, found = check_lines(ours)
    assert code == 1
    assert f"{WO}/WO-2.md:3: unresolved merge conflict markers" in found
    assert f"{WO}/WO-3.md:7: 'depends_on' names WO-2, which does not exist" in found

    index_before = ours.git("ls-files", "-s", "--", ".workledger")
    result = ours.cli("renumber", "WO-2")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0] == f"WO-2 → WO-4 ({WO}/WO-4.md)"
    assert "  our WO-2 keeps its id" in out
    assert f"mentions WO-2 at {WO}/WO-2.md" not in out  # it is still WO-2: not stale
    assert f"mentions WO-2 at {WO}/WO-4.md" in out  # the moved one's Work-Order line is
    assert ours.git("ls-files", "-s", "--", ".workledger") == index_before  # nothing staged

    # our record keeps WO-2; theirs moved to WO-4 with the references that came with it
    assert fields_of(ours, f"{WO}/WO-2.md")["title"] == "Ours two"
    assert fields_of(ours, f"{WO}/WO-4.md")["title"] == "Theirs two"
    assert fields_of(ours, f"{WO}/WO-4.md")["id"] == "WO-4"
    assert fields_of(ours, f"{WO}/WO-3.md")["depends_on"] == ["WO-4", "WO-1"]
    assert fields_of(ours, ".workledger/runs/WO-4/r1.md")["wo"] == "WO-4"
    assert not (ours.root / ".workledger/runs/WO-2").exists()

    staged = stage_as_printed(ours, out)
    assert set(staged) >= {
        f"{WO}/WO-2.md",
        f"{WO}/WO-4.md",
        f"{WO}/WO-3.md",
        ".workledger/runs/WO-4/r1.md",
        ".workledger/runs/WO-2/r1.md",
    }
    assert ours.git("diff", "--name-only", "--diff-filter=U") == ""
    # everything is staged as printed: nothing left unstaged, untracked or in conflict
    assert not [line for line in ours.git("status", "--porcelain").splitlines() if line[1] != " "]
    ours.git("commit", "-q", "--no-edit")
    assert check_lines(ours) == (0, [])
    assert check_lines(ours, "--rev", "HEAD") == (0, [])
    tracked = ours.git("ls-files", ".workledger/runs").split()
    assert ".workledger/runs/WO-2/r1.md" not in tracked
    assert ".workledger/runs/WO-4/r1.md" in tracked
    assert ours.ok("wo", "new", "after the merge") == "WO-5\n"


def test_on_a_feature_branch_our_side_moves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours, _ = conflicted_merge(tmp_path, monkeypatch)
    # our WO-2 is on a feature branch; main (the authority) has theirs
    ours.git("branch", "-q", "-m", "main", "feature")
    ours.git("branch", "-q", "main", "origin/main")
    # allocated past main's WO-3, which this branch has not merged yet
    assert ours.ok("wo", "new", "Ours four needs our two", "--depends-on", "WO-2") == "WO-4\n"
    ours.commit_all("our WO-4 needs our WO-2")
    assert ours.git("merge", "--no-edit", "main", check=False).count("CONFLICT") == 1
    out = ours.ok("renumber", "WO-2")
    assert out.splitlines()[0] == f"WO-2 → WO-5 ({WO}/WO-5.md)"
    assert "their WO-2 keeps its id" in out
    assert fields_of(ours, f"{WO}/WO-2.md")["title"] == "Theirs two"
    assert fields_of(ours, f"{WO}/WO-5.md")["title"] == "Ours two"
    assert fields_of(ours, f"{WO}/WO-4.md")["depends_on"] == ["WO-5"]  # ours: rewritten
    assert fields_of(ours, f"{WO}/WO-3.md")["depends_on"] == ["WO-2", "WO-1"]  # theirs: kept
    stage_as_printed(ours, out)
    ours.git("commit", "-q", "--no-edit")
    assert check_lines(ours) == (0, [])


def test_move_option_overrides_the_side(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ours, _ = conflicted_merge(tmp_path, monkeypatch)
    ours.git("merge", "--no-edit", "origin/main", check=False)
    out = ours.ok("renumber", "WO-2", "WO-9", "--move", "ours")
    assert out.splitlines()[0] == f"WO-2 → WO-9 ({WO}/WO-9.md)"
    assert fields_of(ours, f"{WO}/WO-9.md")["title"] == "Ours two"
    assert fields_of(ours, f"{WO}/WO-3.md")["depends_on"] == ["WO-2", "WO-1"]
    stage_as_printed(ours, out)
    ours.git("commit", "-q", "--no-edit")
    assert check_lines(ours) == (0, [])


def test_two_duplicates_in_one_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both sides added WO-2 and WO-3, and each side's WO-3 depends on its own WO-2."""
    ours, theirs = two_clones(tmp_path, monkeypatch)
    for repo, who in ((ours, "Ours"), (theirs, "Theirs")):
        repo.ok("wo", "new", f"{who} two")
        repo.ok("wo", "new", f"{who} three", "--depends-on", "WO-2")
        repo.commit_all(f"{who}: WO-2, WO-3")
    theirs.git("push", "-q", "origin", "main")
    ours.git("fetch", "-q", "origin")
    assert ours.git("merge", "--no-edit", "origin/main", check=False).count("CONFLICT") == 2
    first = ours.ok("renumber", "WO-2")
    assert (
        f"  {WO}/WO-3.md is still in conflict: references to WO-2 in it were not "
        "rewritten (renumbering that record applies this move to it)" in first
    )
    second = ours.ok("renumber", "WO-3")
    assert fields_of(ours, f"{WO}/WO-4.md")["title"] == "Theirs two"
    assert fields_of(ours, f"{WO}/WO-5.md")["title"] == "Theirs three"
    assert fields_of(ours, f"{WO}/WO-5.md")["depends_on"] == ["WO-4"]  # not our WO-2
    assert fields_of(ours, f"{WO}/WO-3.md")["depends_on"] == ["WO-2"]
    stage_as_printed(ours, first)
    stage_as_printed(ours, second)
    ours.git("commit", "-q", "--no-edit")
    assert check_lines(ours) == (0, [])


def test_feature_branch_pulling_the_remote_authority_moves_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours, _ = conflicted_merge(tmp_path, monkeypatch)
    # our WO-2 is on a feature branch; the local main is stale, origin/main has theirs
    ours.git("switch", "-q", "-c", "feature")
    ours.git("branch", "-q", "-f", "main", "HEAD~1")
    merge = ours.git("merge", "--no-edit", "origin/main", check=False)
    assert "CONFLICT (add/add)" in merge
    out = ours.ok("renumber", "WO-2")
    assert "their WO-2 keeps its id" in out
    assert fields_of(ours, f"{WO}/WO-2.md")["title"] == "Theirs two"
