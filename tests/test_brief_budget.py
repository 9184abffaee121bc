"""The token budget: the documented estimate, the cutting order, and a budget too small."""

from __future__ import annotations

import json
import re

import pytest

from gitsplit.briefing import BudgetError, estimate_tokens, render_work_order_briefing
from gitsplit.ledger.store import Ledger
from tests import brief_fixtures
from tests.conftest import Repo

CUT_ORDER = [
    "excerpt of app/auth/login.py, lines 41–60",
    "excerpt of app/auth/logo.png",
    "excerpt of app/auth/limits.py",
    "excerpt of app/auth/login.py",
    "list of the 4 tracked files in scope",
    "result note of WO-1",
    "checkpoint CP-1",
    "text of D-5",
    "text of D-2",
]
NEVER_CUT = [
    "Attackers can try unlimited passwords",
    "I-1: Never log passwords",
    "do not retry: In-process counters",
    "do not retry: HTML error pages",
    "### D-2: Count failed logins in the database",
    "`pytest -q tests/test_auth.py`",
    "`Work-Order: WO-3`",
    "gitsplit finish",
]


@pytest.fixture
def ledger_repo(repo: Repo) -> Repo:
    """The realistic ledger of brief_fixtures, committed."""
    brief_fixtures.build(repo)
    return repo


def test_estimate_is_utf8_bytes_over_four_rounded_up() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("abcd") == 1
    assert estimate_tokens("abcde") == 2
    assert estimate_tokens("é") == 1  # two bytes
    assert estimate_tokens("日本語") == 3  # nine bytes


def test_cuts_follow_the_priority_order_and_never_touch_the_core(ledger_repo: Repo) -> None:
    ledger = Ledger.open(ledger_repo.root)
    full = render_work_order_briefing(ledger, "WO-3")
    assert full.cut == ()
    budget, runs = full.tokens, []
    while True:
        budget -= 40
        try:
            briefing = render_work_order_briefing(ledger, "WO-3", budget=budget)
        except BudgetError as exc:
            assert f"a budget of {budget} tokens is too small" in str(exc)
            break
        assert briefing.tokens <= budget
        for words in NEVER_CUT:
            assert words in briefing.text
        for cut in briefing.cut:
            if not cut.part:
                assert f"- {cut.what}: `{cut.command}`" in briefing.text
            elif not any(c.group == cut.group and not c.part for c in briefing.cut):
                # the parts cut from one file are listed on that file's one line
                line = re.search(
                    rf"^> - {re.escape(cut.group)} \((.*)\): `(.*)`$", briefing.text, re.M
                )
                assert line and cut.part in line.group(1).split(", "), briefing.text
                assert line.group(2) == cut.group_command
        runs.append([cut.what for cut in briefing.cut])
    deepest = runs[-1]
    for cuts in runs:  # a smaller budget only ever cuts more, in the same order
        assert cuts == deepest[: len(cuts)]
    # the order is the priority order; a cut that saves nothing (a one-line note costs less
    # than the notice that replaces it) is skipped
    assert deepest == [what for what in CUT_ORDER if what in deepest]
    assert {
        "excerpt of app/auth/login.py",
        "result note of WO-1",
        "checkpoint CP-1",
        "text of D-2",
    } <= set(deepest)


def test_cut_parts_say_how_to_get_them(ledger_repo: Repo) -> None:
    refused = ledger_repo.cli("brief", "WO-3", "--budget", "500")
    need = re.search(r"need about (\d+) tokens", refused.output)
    assert refused.exit_code == 1 and need, refused.output
    data = json.loads(ledger_repo.ok("brief", "WO-3", "--json", "--budget", need.group(1)))
    sections = {s["name"]: s for s in data["sections"]}
    assert sections["checkpoint"] == {
        "name": "checkpoint",
        "tokens": 0,
        "cut": True,
        "omitted": ["checkpoint CP-1"],
    }
    # once the first cut has paid for the notice at the top, even the two one-line notes
    # on files not shown save a little, so at the smallest budget they go as well
    assert sections["excerpts"]["omitted"] == [
        "excerpt of app/auth/login.py, lines 41–60",
        "excerpt of app/auth/logo.png",
        "excerpt of app/auth/limits.py",
        "excerpt of app/auth/login.py",
    ]
    assert sections["excerpts"]["cut"] is True
    assert sections["rejected"]["cut"] is False and sections["rejected"]["omitted"] == []
    text = data["text"]
    head = ledger_repo.git("rev-parse", "HEAD").strip()[:12]
    assert f"Cut to fit the budget of {need.group(1)} tokens" in text
    assert f"- excerpt of app/auth/login.py: `git show {head}:app/auth/login.py`" in text
    assert "- checkpoint CP-1: `gitsplit checkpoint --show CP-1`" in text
    assert "- text of D-2: `gitsplit decision show D-2`" in text
    assert "- result note of WO-1: `git show " in text
    assert "Ship the per-account limiter" not in text
    assert "(Its result note was cut; see the top of this briefing.)" in text


def test_budget_too_small_exits_1_with_the_size_needed(ledger_repo: Repo) -> None:
    result = ledger_repo.cli("brief", "WO-3", "--budget", "200")
    assert result.exit_code == 1
    assert "a budget of 200 tokens is too small" in result.output
    assert "rejected options" in result.output and "pass --budget" in result.output
    proc = ledger_repo.run("brief", "WO-3", "--budget", "0")
    assert proc.returncode == 1 and "positive number of tokens" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_config_budget_is_the_default(ledger_repo: Repo) -> None:
    config = ledger_repo.root / ".workledger/config.yaml"
    text = config.read_text(encoding="utf-8").replace("budget: 12000", "budget: 1200")
    config.write_text(text, encoding="utf-8")
    ledger_repo.commit_all("smaller budget")
    data = json.loads(ledger_repo.ok("brief", "WO-3", "--json"))
    assert data["budget"] == 1200 and data["tokens"] <= 1200 and data["cut"]
