"""The work order briefing answers the six questions, deterministically, from real repos."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from gitsplit.briefing import render_work_order_briefing
from gitsplit.ledger.store import Ledger
from tests import brief_fixtures
from tests.conftest import Repo, git


@pytest.fixture
def ledger_repo(repo: Repo) -> Repo:
    """The realistic ledger of brief_fixtures, committed."""
    brief_fixtures.build(repo)
    return repo


def brief_text(repo: Repo, *args: str) -> str:
    """The briefing of WO-3 (or of the args given), through the CLI in-process."""
    return repo.ok("brief", *(args or ("WO-3",)))


def test_the_six_questions_are_answered(ledger_repo: Repo) -> None:
    text = brief_text(ledger_repo)
    # 1. the task: problem, scope, acceptance, expected output, class/tier, branch, base
    assert "# Mission briefing: WO-3 — Rate-limit failed logins per account" in text
    assert "40k failed logins" in text and "sixth failed login" in text
    assert "naming the lockout constant" in text
    assert "class C2 (tier cheap, model gpt-5.4-mini), priority P1" in text
    assert "`wo/WO-3-rate-limit-failed-logins-per-account`" in text
    main = ledger_repo.git("rev-parse", "main").strip()
    assert f"- Base commit: `{main}` (main)" in text
    assert "- `app/auth/**`" in text and "- `tests/test_auth*.py`" in text
    # 2. constraints: every active invariant, not retired ones
    assert "I-1: Never log passwords" in text and "in plaintext" in text
    assert "Old rule" not in text
    # 3. decisions: named (D-1 replaced by D-2, D-5) plus overlapping accepted ones only
    assert "### D-2: Count failed logins in the database" in text
    assert "Failed logins are rows in the `login_attempts` table" in text
    assert "### D-5: Errors are JSON" in text
    assert "D-3" not in text and "D-4" not in text and "bcrypt" not in text
    # 4. rejected approaches, as "do not retry: OPTION — REASON"
    assert (
        "do not retry: In-process counters — lost on restart and not shared between workers (D-2)"
    ) in text
    assert "do not retry: HTML error pages — clients parse JSON (D-5)" in text
    # 5. files in scope and excerpts (head with line numbers; missing and binary noted)
    assert "- app/auth/attempts.py" in text and "- tests/test_auth.py" in text
    assert "app/web/views.py" not in text
    assert " 1  # login line 1\n" in text and "40  # login line 40\n" in text
    # the budget has room: the rest of the file follows its head, and says so
    assert "- lines 1–40: the file's head\n- lines 41–60: more of the file" in text
    assert "60  # login line 60\n" in text and "lines shown.)" not in text
    assert "`app/auth/limits.py` does not exist yet" in text
    assert "`app/auth/logo.png` is a binary file" in text
    # context: latest checkpoint and the finished dependency's result note
    assert "Where the work stands (CP-1)" in text and "Ship the per-account limiter" in text
    assert "attempts.recent(account_id, minutes=15)" in text
    assert "WO-2: Audit log of lockouts (draft)" in text and "Not finished yet" in text
    # 6. evidence and the return protocol
    assert "- `pytest -q tests/test_auth.py`" in text
    assert "`Work-Order: WO-3`" in text and "gitsplit note" in text
    assert "gitsplit finish" in text and ".workledger/runs/WO-3/" in text


def test_superseded_decision_never_appears_as_current(ledger_repo: Repo) -> None:
    text = brief_text(ledger_repo)
    assert "### D-1" not in text
    assert "Memcached" not in text  # its rejected options are not current either
    assert "- D-1 (Count failures in memory) is superseded; D-2 replaces it" in text


def test_byte_identical_across_runs_and_clones(ledger_repo: Repo, tmp_path: Path) -> None:
    first = ledger_repo.run("brief", "WO-3")
    second = ledger_repo.run("brief", "WO-3")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    digest = hashlib.sha256(first.stdout.encode()).hexdigest()
    assert f"sha256 {digest}" in first.stderr
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(ledger_repo.root), str(clone))
    (clone / "scratch.txt").write_text("untracked noise\n", encoding="utf-8")
    (clone / "app/auth/login.py").write_text("edited but not committed\n", encoding="utf-8")
    other = ledger_repo.run("brief", "WO-3", cwd=clone)
    assert other.returncode == 0, other.stderr
    assert other.stdout == first.stdout


def test_api_briefing_matches_cli_and_reports_sections(ledger_repo: Repo) -> None:
    briefing = render_work_order_briefing(Ledger.open(ledger_repo.root), "WO-3")
    assert briefing.text == brief_text(ledger_repo)
    assert briefing.sha256 == hashlib.sha256(briefing.text.encode()).hexdigest()
    names = [s.name for s in briefing.sections]
    assert names == [
        "workorder",
        "invariants",
        "decisions",
        "rejected",
        "checkpoint",
        "dependencies",
        "files",
        "excerpts",
        "checks",
        "protocol",
    ]
    assert all(s.tokens > 0 and not s.cut for s in briefing.sections)
    assert briefing.branch == "wo/WO-3-rate-limit-failed-logins-per-account"
    data = json.loads(ledger_repo.ok("brief", "WO-3", "--json"))
    assert data["sha256"] == briefing.sha256 and data["text"] == briefing.text
    assert [s["name"] for s in data["sections"]] == names
    assert data["tokens"] == briefing.tokens <= data["budget"] == 12000


def test_worktree_reads_uncommitted_edits_and_head_warns(ledger_repo: Repo) -> None:
    path = ledger_repo.root / ".workledger/workorders/WO-3.md"
    path.write_text(path.read_text(encoding="utf-8").replace("40k", "90k"), encoding="utf-8")
    result = ledger_repo.cli("brief", "WO-3")
    assert "40k" in result.stdout and "uncommitted changes" in result.stderr
    assert "90k" in ledger_repo.ok("brief", "WO-3", "--worktree")


def test_head_warns_only_of_uncommitted_files_the_briefing_reads(ledger_repo: Repo) -> None:
    ledger_repo.ok("wo", "new", "Unrelated work", "--class", "C1")  # WO-4
    ledger_repo.commit_all("WO-4")
    unrelated = ledger_repo.root / ".workledger/workorders/WO-4.md"
    unrelated.write_text(unrelated.read_text(encoding="utf-8") + "more\n", encoding="utf-8")
    quiet = ledger_repo.cli("brief", "WO-3")
    assert quiet.exit_code == 0 and "uncommitted" not in quiet.stderr  # WO-3 does not read it
    ledger_repo.ok("decide", "Lockouts are logged")  # a new decision, not committed: read
    dependency = ledger_repo.root / ".workledger/workorders/WO-1.md"
    dependency.write_text(dependency.read_text(encoding="utf-8") + "more\n", encoding="utf-8")
    warned = ledger_repo.cli("brief", "WO-3")
    assert (
        "gitsplit: warning: 2 ledger file(s) this briefing reads have uncommitted changes "
        "that this briefing of HEAD leaves out (commit them, or pass --worktree)"
    ) in warned.stderr
    assert "uncommitted" not in ledger_repo.cli("brief", "WO-3", "--worktree").stderr


def test_explicit_base_branch_and_rev(ledger_repo: Repo) -> None:
    first = ledger_repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    text = brief_text(ledger_repo, "WO-3", "--base", first, "--branch", "wo/custom")
    assert f"- Base commit: `{first}` ({first})" in text and "`wo/custom`" in text
    old = ledger_repo.cli("brief", "WO-3", "--rev", "HEAD~2")
    assert old.exit_code == 1 and "no work order WO-3 at commit" in old.output


def test_bad_input_is_one_clear_message(ledger_repo: Repo) -> None:
    cases = [
        (("brief", "WO-99"), 1, "no work order WO-99"),
        (("brief", "D-2"), 1, "D-2"),
        (("brief", "WO-3", "--base", "nope"), 1, "base 'nope' names no commit"),
        (("brief", "WO-3", "--rev", "nope"), 1, "'nope' names no commit"),
        (("brief", "WO-3", "--budget", "lots"), 2, "--budget"),
        (("brief",), 2, "name one work order"),
        (("brief", "WO-3", "--worktree", "--rev", "HEAD"), 2, "pick one"),
        (("brief", "--checkpoint", "CP-1", "--review"), 2, "pick one"),
    ]
    for args, status, words in cases:
        result = ledger_repo.cli(*args)
        assert result.exit_code == status, (args, result.output)
        assert words in result.output, (args, result.output)
        assert "Traceback" not in result.output


def test_huge_and_outside_files_are_noted(ledger_repo: Repo) -> None:
    ledger_repo.write("app/auth/big.txt", "x" * (1024 * 1024 + 10))
    ledger_repo.ok("wo", "set", "WO-3", "files=app/auth/big.txt", "files+=../secret.txt")
    ledger_repo.commit_all("big file")
    text = brief_text(ledger_repo)
    assert "`app/auth/big.txt` is 1024 KiB, too large to excerpt" in text
    assert "`../secret.txt` is outside the repository" in text


def test_out_writes_the_file_and_subprocess_json(ledger_repo: Repo, tmp_path: Path) -> None:
    target = tmp_path / "out" / "briefing.md"
    proc = ledger_repo.run("brief", "WO-3", "--out", str(target))
    assert proc.returncode == 0 and proc.stdout == ""
    assert f"wrote {target}" in proc.stderr
    assert target.read_text(encoding="utf-8") == brief_text(ledger_repo)
    proc = ledger_repo.run("brief", "WO-3", "--format", "json")
    assert json.loads(proc.stdout)["ids"] == ["WO-3"]
    shutil.rmtree(tmp_path / "out")
