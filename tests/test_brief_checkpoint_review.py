"""Checkpoint (architect rehydration) and review-batch briefings on real repositories."""

from __future__ import annotations

import pytest

from gitsplit.briefing import BudgetError
from gitsplit.briefing.checkpoint import render_checkpoint_briefing
from gitsplit.briefing.review import render_review_briefing
from gitsplit.ledger.store import Ledger
from tests import brief_fixtures
from tests.conftest import Repo


@pytest.fixture
def ledger_repo(repo: Repo) -> Repo:
    """The realistic ledger of brief_fixtures, committed."""
    brief_fixtures.build(repo)
    return repo


def test_checkpoint_briefing_rehydrates_an_architect(ledger_repo: Repo) -> None:
    ledger_repo.ok("wo", "set", "WO-2", "status=blocked")
    ledger_repo.ok("decide", "Lockouts are emailed", "--rejected", "SMS: costs money")
    ledger_repo.commit_all("after the checkpoint")
    text = ledger_repo.ok("brief", "--checkpoint", "CP-1")
    assert text.startswith("# Architect briefing: resume from CP-1\n")
    assert "## The checkpoint: CP-1 — Attempts stored; limiter next" in text
    assert "Per-IP limits as well?" in text and "Ship the per-account limiter" in text
    assert "I-1: Never log passwords" in text and "Old rule" not in text
    assert "### D-2: Count failed logins in the database" in text
    assert "### D-4: Use bcrypt for hashes (proposed)" in text
    assert "### D-1" not in text and "D-1 (Count failures in memory) is superseded" in text
    assert "do not retry: SMS — costs money (D-6)" in text
    assert (
        "Ready:\n\n- WO-3 [C2 P1] Rate-limit failed logins per account (after WO-1, WO-2)" in text
    )
    assert "Blocked:\n\n- WO-2 [C2 P2] Audit log of lockouts" in text
    assert "Closed: 1 done, 0 cancelled." in text
    assert "- modified `.workledger/workorders/WO-2.md`: Audit log of lockouts" in text
    assert "- added `.workledger/decisions/D-6.md`: Lockouts are emailed" in text
    assert "checkpoints/CP-1.md" not in text  # its own file is not news


def test_checkpoint_briefing_budget_cuts_changes_then_queue(ledger_repo: Repo) -> None:
    for number in range(8):
        ledger_repo.ok(
            "wo", "new", f"Follow-up task number {number} with a longer title", "--class", "C1"
        )
    ledger_repo.commit_all("more work")
    ledger = Ledger.open(ledger_repo.root)
    full = render_checkpoint_briefing(ledger, "CP-1")
    assert "Follow-up task number 7" in full.text
    smaller = render_checkpoint_briefing(ledger, "CP-1", budget=full.tokens - 5)
    assert [c.section for c in smaller.cut] == ["changes"]
    assert "git diff --name-status" in smaller.text
    need = full.tokens
    while True:
        try:
            smallest = render_checkpoint_briefing(ledger, "CP-1", budget=need - 40)
        except BudgetError:
            break
        need -= 40
    assert [c.section for c in smallest.cut][:2] == ["changes", "queue"]
    assert "gitsplit wo list" in smallest.text and "Follow-up task" not in smallest.text
    assert "Per-IP limits as well?" in smallest.text
    assert "do not retry: In-process counters" in smallest.text
    refused = ledger_repo.cli("brief", "--checkpoint", "CP-1", "--budget", "50")
    assert refused.exit_code == 1 and "the checkpoint, invariants" in refused.output
    assert ledger_repo.cli("brief", "--checkpoint", "CP-9").exit_code == 1


def test_review_briefing_shows_acceptance_checks_and_diff(ledger_repo: Repo) -> None:
    ledger_repo.git("checkout", "-q", "-b", "wo/WO-3-rate-limit-failed-logins-per-account")
    ledger_repo.write("app/auth/limits.py", "MAX_FAILURES = 5\n")
    ledger_repo.write(
        "tests/test_auth.py",
        "def test_sixth_is_refused():\n"
        + "".join(f"    assert limiter.allows(attempt={n})\n" for n in range(30)),
    )
    ledger_repo.commit_all("Limit failed logins")
    ledger_repo.git("checkout", "-q", "main")
    text = ledger_repo.ok("brief", "--review", "WO-3", "WO-2")
    assert text.startswith("# Review briefing: WO-3, WO-2\n")
    assert "- [ ] The sixth failed login within 15 minutes is refused with HTTP 429." in text
    assert "- `pytest -q tests/test_auth.py`" in text
    main = ledger_repo.git("rev-parse", "main").strip()
    assert f"against base `{main}` (merge base with main)" in text
    assert "app/auth/limits.py |  1 +" in text and "2 files changed" in text
    assert "+MAX_FAILURES = 5" in text and "+def test_sixth_is_refused():" in text
    assert "\nindex " not in text  # clone-dependent abbreviations are dropped
    assert "no branch for WO-2 (local or remote-tracking" in text
    full = render_review_briefing(Ledger.open(ledger_repo.root), ["WO-3"]).tokens
    cut = render_review_briefing(Ledger.open(ledger_repo.root), ["WO-3"], budget=full - 20)
    assert [c.what for c in cut.cut] == ["diff of tests/test_auth.py (WO-3)"]
    assert "+MAX_FAILURES = 5" in cut.text and "+def test_sixth" not in cut.text
    assert "tests/test_auth.py | 33 +++" in cut.text  # the diffstat is never cut
    assert (
        f"`git diff {main[:12]} wo/WO-3-rate-limit-failed-logins-per-account -- "
        "tests/test_auth.py`" in cut.text
    )


def test_review_uses_the_base_a_run_recorded(ledger_repo: Repo) -> None:
    first = ledger_repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    ledger_repo.git("checkout", "-q", "-b", "wo/WO-3-second-try")
    ledger_repo.write(
        ".workledger/runs/WO-3/r7.md",
        f"---\nwo: WO-3\nrun: r7\nbase: {first}\nstarted: '2026-11-21'\n---\n",
    )
    ledger_repo.commit_all("run record")
    ledger_repo.git("checkout", "-q", "main")
    text = ledger_repo.ok("brief", "--review", "WO-3")
    assert f"against base `{first}` (recorded by run r7)" in text
    assert "`wo/WO-3-second-try`" in text


def test_review_usage_errors(ledger_repo: Repo) -> None:
    assert ledger_repo.cli("brief", "--review").exit_code == 2
    assert ledger_repo.cli("brief", "--review", "WO-3", "--base", "main").exit_code == 2
    assert ledger_repo.cli("brief", "--review", "WO-77").exit_code == 1
