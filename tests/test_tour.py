"""``gitsplit tour`` runs the whole loop for real, end to end, on a fresh repository."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gitsplit.ledger.fileformat import Document


def test_tour_runs_the_whole_loop(tmp_path: Path) -> None:
    where = tmp_path / "tour"
    proc = subprocess.run(
        [sys.executable, "-m", "gitsplit", "tour", "--dir", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    for command in (
        "$ gitsplit init",
        "$ gitsplit queue",
        "$ gitsplit brief WO-1",
        "$ gitsplit start WO-1 --agent stand-in",
        "$ gitsplit review --run-checks",
        "$ git commit -q --no-verify",
        "$ gitsplit review",
        "$ gitsplit accept WO-1",
        "$ gitsplit reject WO-2",
    ):
        assert command in out
    last = out.split("\n$ ")[-1]
    assert last.startswith("gitsplit accept WO-2 --cleanup\nWO-2: accepted run WO-2-r2")
    for wo in ("WO-1", "WO-2"):
        order = where / f".workledger/workorders/{wo}.md"
        assert Document.parse(order.read_bytes(), path=str(order)).fields["status"] == "done"
    rejected = where / ".workledger/runs/WO-2/WO-2-r1.md"
    assert Document.parse(rejected.read_bytes(), path="r1").fields["verdict"]["result"] == (
        "rejected"
    )
    branches = subprocess.run(
        ["git", "branch", "--format=%(refname:short)"],
        cwd=where,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "wo/WO-2-document-greet-and-farewell-r2" not in branches and "main" in branches
    assert "do not retry: gettext for every string" in out
    assert "outside the scope of WO-2" in out and "FAIL: 2 violations" in out
    run = where / ".workledger/runs/WO-1/WO-1-r1.md"
    record = Document.parse(run.read_bytes(), path=str(run))
    assert record.fields["outcome"] == "succeeded"
    assert record.fields["checks"][0]["passed"] is True
    agent_commit = "wo/WO-1-add-a-farewell-function~1"
    log = subprocess.run(
        ["git", "log", "--format=%(trailers:key=Work-Order,valueonly)", "-1", agent_commit],
        cwd=where,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert log.strip() == "WO-1"  # the stand-in agent's own commit got its trailer from the hook
    briefings = committed_briefings(where)
    assert sorted(briefings) == ["WO-1-r1", "WO-2-r1", "WO-2-r2"]
    for text in [out, *briefings.values()]:  # `gitsplit brief WO-1` and what each run got
        assert not [words for words in GUIDANCE if words in text]


GUIDANCE = ("<!--", "What is wrong or missing", "What must be true when", "What was decided")


def committed_briefings(where: Path) -> dict[str, str]:
    """{run: briefing} of every briefing committed on any branch of the tour's repository."""
    found: dict[str, str] = {}
    refs = subprocess.run(
        ["git", "for-each-ref", "--format=%(refname)"],
        cwd=where,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for ref in refs:
        listed = subprocess.run(
            ["git", "ls-tree", "-r", "--name-only", ref, ".workledger/runs"],
            cwd=where,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for path in (p for p in listed if p.endswith(".briefing.md")):
            found[Path(path).name.removesuffix(".briefing.md")] = subprocess.run(
                ["git", "show", f"{ref}:{path}"],
                cwd=where,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
    return found


def test_tour_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine\n")
    proc = subprocess.run(
        [sys.executable, "-m", "gitsplit", "tour", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1 and "not empty" in proc.stderr
    assert (tmp_path / "keep.txt").read_text() == "mine\n"
