"""The review briefing spends its budget on the code and carries what `gitsplit review` found."""

from __future__ import annotations

import json

import pytest

from tests import brief_fixtures
from tests.conftest import Repo

BRANCH = "wo/WO-3-rate-limit-failed-logins-per-account"
BRIEFING = "".join(
    f"Line {n} of the briefing this run was given, committed beside its run record.\n"
    for n in range(1, 133)
)


@pytest.fixture
def reviewed(repo: Repo) -> Repo:
    """WO-3's branch: one small code change holding the bug, a big committed briefing, and a
    changed decision (a protected path)."""
    brief_fixtures.build(repo)
    repo.git("checkout", "-q", "-b", BRANCH)
    repo.write("app/auth/limits.py", "MAX_FAILURES = 50  # the acceptance says 5\n")
    repo.write(".workledger/runs/WO-3/r1.briefing.md", BRIEFING)
    decision = repo.read(".workledger/decisions/D-2.md")
    repo.write(".workledger/decisions/D-2.md", decision.replace("15", "60"))
    repo.commit_all("Limit failed logins\n\nWork-Order: WO-3", "--no-verify")
    repo.git("checkout", "-q", "main")
    return repo


def test_code_diffs_come_first_and_ledger_files_are_one_line(reviewed: Repo) -> None:
    data = json.loads(reviewed.ok("brief", "--review", "WO-3", "--budget", "3000", "--json"))
    text = data["text"]
    assert data["tokens"] <= 3000
    assert "+MAX_FAILURES = 50  # the acceptance says 5" in text  # the code is never cut first
    assert "committed beside its run record" not in text  # the ledger's diff is not shown
    assert "- `.workledger/runs/WO-3/r1.briefing.md`: added, +132 −0" in text
    assert "- `.workledger/decisions/D-2.md`: modified, +" in text
    assert data["cut"] == []


def test_every_finding_of_review_is_in_the_briefing(reviewed: Repo) -> None:
    found = json.loads(reviewed.run("review", "WO-3", "--format", "json").stdout)
    assert found["violations"], found  # the changed decision is a violation
    text = reviewed.ok("brief", "--review", "WO-3", "--budget", "3000")
    section = text.split("### What `gitsplit review` found", 1)[1].split("\n### ", 1)[0]
    assert len(found["findings"]) == found["violations"] + found["warnings"]
    for finding in found["findings"]:
        assert f"{finding['severity']} `{finding['code']}`: {finding['message']}" in section
    assert "violation `" in section and "D-2.md" in section


def test_a_work_order_without_a_branch_says_review_cannot_judge_it(reviewed: Repo) -> None:
    text = reviewed.ok("brief", "--review", "WO-2")
    assert "warning `not-judged`: review cannot judge it:" in text
