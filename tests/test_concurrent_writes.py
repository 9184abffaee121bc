"""Concurrent writers of the ledger, as real processes: no change is lost, no id is taken twice."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

from gitsplit.ledger import ids
from gitsplit.ledger.fileformat import Document
from tests.conftest import Repo

WO = ".workledger/workorders"


def spawn(repo: Repo, *args: str) -> subprocess.Popen[str]:
    """Start ``gitsplit ARGS`` as a real process in the repository."""
    return subprocess.Popen(
        [sys.executable, "-m", "gitsplit", *args],
        cwd=repo.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )


def finish_all(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str, str]]:
    """Wait for every process; their exit status, stdout and stderr."""
    outputs = [p.communicate() for p in procs]
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]


def fields_of(root: Path, rel: str) -> dict[str, object]:
    return Document.parse((root / rel).read_bytes(), path=rel).fields


def test_two_wo_set_at_once_keep_both_changes(repo: Repo) -> None:
    repo.ok("wo", "new", "Shared")
    for round_ in range(6):
        procs = [
            spawn(repo, "wo", "set", "WO-1", f"priority=P{round_ % 2}", "scope+=a/**"),
            spawn(repo, "wo", "set", "WO-1", "status=blocked" if round_ % 2 else "status=ready"),
            spawn(repo, "wo", "set", "WO-1", f"checks+=check {round_}"),
        ]
        results = finish_all(procs)
        assert [code for code, _out, _err in results] == [0, 0, 0], results
        fields = fields_of(repo.root, f"{WO}/WO-1.md")
        assert fields["priority"] == f"P{round_ % 2}"
        assert fields["status"] == ("blocked" if round_ % 2 else "ready")
        assert f"check {round_}" in fields["checks"]  # type: ignore[operator]
        assert fields["scope"] == ["a/**"]


def test_four_wo_new_at_once_take_four_ids(repo: Repo) -> None:
    for _round in range(3):
        results = finish_all([spawn(repo, "wo", "new", f"Order {n}") for n in range(4)])
        assert [code for code, _out, _err in results] == [0, 0, 0, 0], results
    printed = sorted(out.strip() for _code, out, _err in results)
    assert len(set(printed)) == 4
    names = sorted(p.name for p in (repo.root / WO).glob("*.md"))
    assert names == sorted(f"WO-{n}.md" for n in range(1, 13))
    for name in names:  # each record is whole: its id in the frontmatter and in the body
        text = (repo.root / WO / name).read_text(encoding="utf-8")
        assert "WO-?" not in text
        assert fields_of(repo.root, f"{WO}/{name}")["id"] == name.removesuffix(".md")


def test_concurrent_decisions_superseding_one_keep_both_links(repo: Repo) -> None:
    repo.ok("decide", "The first")
    results = finish_all(
        [spawn(repo, "decide", f"Instead {n}", "--supersedes", "D-1") for n in range(3)]
    )
    assert [code for code, _out, _err in results] == [0, 0, 0], results
    old = fields_of(repo.root, ".workledger/decisions/D-1.md")
    assert sorted(old["superseded_by"]) == ["D-2", "D-3", "D-4"]  # type: ignore[arg-type]


def test_wo_set_waits_for_the_lock_and_rereads_under_it(repo: Repo) -> None:
    from gitsplit.ledger import locks
    from gitsplit.ledger.store import Ledger

    repo.ok("wo", "new", "Shared")
    ledger = Ledger(repo.root)
    with locks.record(repo.root, f"{WO}/WO-1.md"):
        proc = spawn(repo, "wo", "set", "WO-1", "priority=P0")
        # it cannot end while we hold the lock, however slow the machine
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=3)
        assert proc.returncode is None, proc.communicate()
        order = ledger.get(ids.WORKORDER, "WO-1")  # another writer's change, made under the lock
        ledger.write(order.changed({"status": "blocked"}))
    _out, err = proc.communicate()
    assert proc.returncode == 0, err
    fields = fields_of(repo.root, f"{WO}/WO-1.md")
    assert (fields["priority"], fields["status"]) == ("P0", "blocked")


def test_a_killed_writer_leaves_no_lock_behind(repo: Repo) -> None:
    repo.ok("wo", "new", "Shared")
    killed = repo.run("wo", "set", "WO-1", "priority=P0", env={"GITSPLIT_KILL_AT": "write.temp"})
    assert killed.returncode == -9
    done = repo.run("wo", "set", "WO-1", "priority=P1")
    assert done.returncode == 0, done.stderr
    assert fields_of(repo.root, f"{WO}/WO-1.md")["priority"] == "P1"
