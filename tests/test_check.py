"""``gitsplit check``: every problem as ``path:line: message``, exit 1, and --json."""

from __future__ import annotations

import json

import pytest

from gitsplit.ledger import validate
from tests.conftest import WO_BODY, Repo

WO = ".workledger/workorders"


def record(kind_dir: str, record_id: str, extra: str = "", **fields: str) -> tuple[str, str]:
    """A minimal valid record's path and text, with fields overridden or added."""
    base = {
        "workorders": {"id": record_id, "title": "t", "status": "draft", "class": "C2"},
        "decisions": {"id": record_id, "title": "t", "status": "accepted"},
        "invariants": {"id": record_id, "title": "t", "status": "active"},
    }[kind_dir]
    base.update(fields)
    lines = "".join(f"{k}: {v}\n" for k, v in base.items())
    return f".workledger/{kind_dir}/{record_id}.md", f"---\n{lines}{extra}---\nbody\n"


def write(repo: Repo, kind_dir: str, record_id: str, extra: str = "", **fields: str) -> None:
    path, text = record(kind_dir, record_id, extra, **fields)
    repo.write(path, text)


def problems(repo: Repo, *args: str) -> list[str]:
    result = repo.cli("check", *args)
    lines = [line for line in result.stdout.splitlines() if line != "ledger OK"]
    assert result.exit_code == (1 if lines else 0), result.output
    return lines


def test_clean_ledger(repo: Repo) -> None:
    repo.ok("wo", "new", "one", "--status", "ready", *WO_BODY)
    repo.ok("decide", "d", "--body", "## Decision\n\nUse d.\n")
    repo.ok("invariant", "add", "i", "--body", "Keep i.")
    result = repo.cli("check")
    assert result.exit_code == 0
    assert result.stdout == "ledger OK\n" and result.stderr == ""
    assert json.loads(repo.ok("check", "--json")) == {
        "ok": True,
        "problems": [],
        "leftovers": [],
        "warnings": [],
    }


@pytest.mark.parametrize(
    "fields, extra, expected",
    [
        (
            {"status": "redy"},
            "",
            f"{WO}/WO-1.md:4: 'status' 'redy' is not one of draft, ready, "
            "in_progress, review, done, blocked, cancelled (did you mean "
            "'ready'?)",
        ),
        ({"class": "C9"}, "", f"{WO}/WO-1.md:5: 'class' 'C9' is not one of C1, C2, C3, C4"),
        ({"title": "5"}, "", f"{WO}/WO-1.md:3: 'title' must be text, not a number"),
        ({"title": "''"}, "", f"{WO}/WO-1.md:3: 'title' must not be empty"),
        ({}, "priority: high\n", f"{WO}/WO-1.md:6: 'priority' 'high' is not one of P0, P1, P2, P3"),
        ({}, "depends_on: WO-2\n", f"{WO}/WO-1.md:6: 'depends_on' must be a list, not text"),
        (
            {},
            "scope:\n  - ''\n",
            f"{WO}/WO-1.md:6: 'scope' has an item '' that is not non-empty text",
        ),
        (
            {},
            "decisions: [WO-1]\n",
            f"{WO}/WO-1.md:6: 'decisions' has 'WO-1', which is not D-<number>",
        ),
        ({}, "estimate: 3\n", f"{WO}/WO-1.md:6: 'estimate' must be a mapping, not a number"),
    ],
)
def test_schema_errors_name_path_and_line(
    repo: Repo, fields: dict[str, str], extra: str, expected: str
) -> None:
    write(repo, "workorders", "WO-1", extra, **fields)
    assert expected in problems(repo)


def test_missing_required_fields(repo: Repo) -> None:
    repo.write(f"{WO}/WO-1.md", "---\nid: WO-1\n---\n")
    assert problems(repo) == [
        f"{WO}/WO-1.md:2: missing required field 'class'",
        f"{WO}/WO-1.md:2: missing required field 'status'",
        f"{WO}/WO-1.md:2: missing required field 'title'",
    ]


def test_decision_and_checkpoint_fields(repo: Repo) -> None:
    write(repo, "decisions", "D-1", "rejected:\n- option: x\n")
    repo.write(
        ".workledger/checkpoints/CP-1.md",
        "---\nid: CP-1\nsummary: s\ncommit: abc123\nledger: "
        + "0" * 40
        + "\nlineage: sideways\n---\n",
    )
    found = problems(repo)
    assert (
        ".workledger/decisions/D-1.md:5: 'rejected' has an entry {'option': 'x'} without "
        "text 'option' and 'reason'" in found
    )
    assert (
        ".workledger/checkpoints/CP-1.md:4: 'commit' must be a full git object id (40 hex "
        "digits), not 'abc123'" in found
    )
    assert any(
        p.startswith(".workledger/checkpoints/CP-1.md:6: 'lineage' 'sideways'") for p in found
    )


def test_unknown_references(repo: Repo) -> None:
    write(repo, "workorders", "WO-1", "depends_on: [WO-7]\ndecisions: [D-2]\ninvariants: [I-3]\n")
    write(repo, "decisions", "D-1", "supersedes: [D-9]\nsuperseded_by: [D-8]\n")
    repo.write(".workledger/runs/WO-5/r1.md", "---\nwo: WO-5\nrun: r1\n---\nnote\n")
    found = problems(repo)
    assert found == [
        ".workledger/decisions/D-1.md:5: 'supersedes' names D-9, which does not exist",
        ".workledger/decisions/D-1.md:6: 'superseded_by' names D-8, which does not exist",
        ".workledger/runs/WO-5/r1.md:2: 'wo' names WO-5, which does not exist",
        f"{WO}/WO-1.md:6: 'depends_on' names WO-7, which does not exist",
        f"{WO}/WO-1.md:7: 'decisions' names D-2, which does not exist",
        f"{WO}/WO-1.md:8: 'invariants' names I-3, which does not exist",
    ]


def test_cycle_is_printed_as_a_path(repo: Repo) -> None:
    write(repo, "workorders", "WO-1", "depends_on: [WO-2]\n")
    write(repo, "workorders", "WO-2", "depends_on: [WO-3]\n")
    write(repo, "workorders", "WO-3", "depends_on: [WO-1, WO-4]\n")
    write(repo, "workorders", "WO-4")
    assert problems(repo) == [
        f"{WO}/WO-1.md:6: WO-1 is in a dependency cycle: WO-1 → WO-2 → WO-3 → WO-1"
    ]


def test_self_dependency(repo: Repo) -> None:
    write(repo, "workorders", "WO-1", "depends_on: [WO-1]\n")
    assert problems(repo) == [f"{WO}/WO-1.md:6: WO-1 depends on itself: WO-1 → WO-1"]


def test_duplicate_ids_and_file_name_not_the_id(repo: Repo) -> None:
    write(repo, "workorders", "WO-1")
    _, text = record("workorders", "WO-1")
    repo.write(f"{WO}/WO-2.md", text)
    found = problems(repo)
    assert (
        f"{WO}/WO-1.md:2: duplicate id WO-1 (in {WO}/WO-1.md, {WO}/WO-2.md); "
        f"`gitsplit renumber {WO}/WO-1.md` moves one to a free id" in found
    )
    assert any(
        p.startswith(f"{WO}/WO-2.md:2: file name WO-2.md does not match id 'WO-1'") for p in found
    )
    assert len(found) == 3


def test_record_in_the_wrong_folder(repo: Repo) -> None:
    write(repo, "workorders", "WO-1")
    _, text = record("workorders", "WO-1")
    repo.write(".workledger/decisions/WO-1.md", text)
    found = problems(repo)
    assert ".workledger/decisions/WO-1.md:2: 'id' has 'WO-1', which is not D-<number>" in found
    assert (
        ".workledger/decisions/WO-1.md:4: 'status' 'draft' is not one of proposed, "
        "accepted, superseded, deprecated" in found
    )


def test_conflict_markers(repo: Repo) -> None:
    repo.write(
        f"{WO}/WO-1.md",
        "---\nid: WO-1\ntitle: t\nstatus: draft\nclass: C2\n---\n"
        "<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> other\n",
    )
    assert problems(repo) == [f"{WO}/WO-1.md:7: unresolved merge conflict markers"]
    data = json.loads(repo.cli("check", "--json").stdout)
    assert data["problems"][0]["code"] == "conflict"


def test_stray_and_misplaced_files(repo: Repo) -> None:
    repo.write(f"{WO}/notes.txt", "hello\n")
    repo.write(".workledger/runs/WO-1/r1.md", "---\nwo: WO-2\nrun: r2\n---\n")
    write(repo, "workorders", "WO-2")
    found = problems(repo)
    assert f"{WO}/notes.txt: not a record: ledger records are Markdown files named <id>.md" in found
    assert ".workledger/runs/WO-1/r1.md:2: run of WO-2 filed under runs/WO-1/" in found
    assert ".workledger/runs/WO-1/r1.md:3: file name r1.md does not match run id 'r2'" in found


def test_supersession_must_be_recorded_on_both_sides(repo: Repo) -> None:
    write(repo, "decisions", "D-1")
    write(repo, "decisions", "D-2", "supersedes: [D-1]\n")
    assert problems(repo) == [
        ".workledger/decisions/D-1.md:2: D-2 supersedes D-1, but D-1 has no 'superseded_by: [D-2]'"
    ]


def test_json_shape_and_exit_code(repo: Repo) -> None:
    write(repo, "workorders", "WO-1", status="nope")
    proc = repo.run("check", "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["ok"] is False
    assert data["problems"] == [
        {
            "path": f"{WO}/WO-1.md",
            "line": 4,
            "code": "schema",
            "message": "'status' 'nope' is not one of draft, ready, "
            "in_progress, review, done, blocked, cancelled",
        }
    ]
    proc = repo.run("check")
    assert proc.returncode == 1
    assert proc.stderr == "1 problem in 1 file\n"


def commit_checkpoint(repo: Repo) -> str:
    repo.ok("wo", "new", "work")
    repo.commit_all("ledger")
    repo.ok("checkpoint", "Frozen")
    repo.commit_all("CP-1")
    return ".workledger/checkpoints/CP-1.md"


def test_checkpoint_edited_in_the_working_tree(repo: Repo) -> None:
    path = commit_checkpoint(repo)
    assert problems(repo) == []
    repo.write(path, repo.read(path).replace("Frozen", "Thawed"))
    assert problems(repo) == [
        f"{path}: committed checkpoint edited in the working tree; checkpoints are immutable "
        f"(`git restore {path}` brings it back)"
    ]
    repo.git("restore", path)
    (repo.root / path).unlink()
    assert "committed checkpoint deleted in the working tree" in problems(repo)[0]


def test_checkpoint_edited_in_a_later_commit(repo: Repo) -> None:
    path = commit_checkpoint(repo)
    repo.write(path, repo.read(path).replace("Frozen", "Thawed"))
    sha = repo.commit_all("sneaky edit")[:7]
    expected = (
        f"{path}: checkpoint edited in commit {sha} after it was committed; "
        "checkpoints are immutable: record a new one with --parent instead"
    )
    assert problems(repo) == [expected]
    # --rev sees it too, also from another branch that does not have the edit
    assert problems(repo, "--rev", "HEAD") == [expected]
    assert problems(repo, "--rev", "HEAD~1") == []


def test_check_rev_reads_a_commit_without_checking_it_out(repo: Repo) -> None:
    write(repo, "workorders", "WO-1", "depends_on: [WO-2]\n")
    repo.commit_all("dangling reference")
    bad = repo.git("rev-parse", "HEAD").strip()
    write(repo, "workorders", "WO-2")
    repo.commit_all("fixed")
    assert problems(repo) == []
    assert problems(repo, "--rev", bad) == [
        f"{WO}/WO-1.md:6: 'depends_on' names WO-2, which does not exist"
    ]
    assert problems(repo, "--rev", "main") == []
    assert (repo.root / WO / "WO-2.md").is_file()  # nothing was checked out


@pytest.mark.parametrize("rev", ["no-such-branch", "HEAD:README.md"])
def test_check_rev_that_names_no_commit(repo: Repo, rev: str) -> None:
    proc = repo.run("check", "--rev", rev)
    assert proc.returncode == 2
    assert "names no commit" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_check_without_a_ledger(bare_repo: Repo) -> None:
    proc = bare_repo.run("check")
    assert proc.returncode == 1
    assert "no .workledger/" in proc.stderr and "gitsplit init" in proc.stderr


def test_check_file_and_contents_directly() -> None:
    path, text = record("workorders", "WO-1", "depends_on: [WO-2]\n")
    parsed, found = validate.check_file(path, text.encode())
    assert parsed is not None and found == []
    assert validate.check_file("README.md", b"")[0] is None
    assert [str(p) for p in validate.check_contents({path: text.encode()})] == [
        f"{path}:6: 'depends_on' names WO-2, which does not exist"
    ]
