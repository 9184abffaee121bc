"""A work order's briefing carries the checkpoint's open questions that touch it, and its
rejected paths."""

from __future__ import annotations

import pytest

from gitsplit.briefing import render_work_order_briefing
from gitsplit.ledger.store import Ledger
from tests import brief_fixtures
from tests.conftest import Repo

CHECKPOINT = """\
## State of the work

The attempts table exists (WO-1).

## Open questions

- WO-3: ValueError or BadData for a locked
  account? The caller decides what the user sees.
- Should `app/auth/login.py` keep its retry loop?
- Does the WO-2 audit log need the IP address?
- Is `app/web/views.py` still used at all?
- Per-IP limits as well?

## Rejected paths

- Counting in Redis: ops will not run another server.
- A middleware in `app/web/`: the web layer cannot see failed logins.

## Next steps

- Ship WO-3.
"""


@pytest.fixture
def cp_repo(repo: Repo) -> Repo:
    """The briefing fixture's ledger with a second checkpoint that has questions."""
    brief_fixtures.build(repo)
    repo.ok("checkpoint", "Limiter next", "--body-file", "-", input=CHECKPOINT)
    repo.commit_all("checkpoint 2")
    return repo


def _section(text: str, heading: str) -> str:
    """One section of a briefing."""
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


def test_open_questions_that_touch_the_work_order_are_carried(cp_repo: Repo) -> None:
    text = _section(cp_repo.ok("brief", "WO-3"), "## Where the work stands (CP-2)")
    assert "Open questions that touch this work order" in text
    assert "- WO-3: ValueError or BadData for a locked account? The caller decides" in text
    assert "- Should `app/auth/login.py` keep its retry loop?" in text  # in scope
    assert "- Per-IP limits as well?" in text  # names nothing: general
    assert "audit log" not in text and "views.py" not in text  # other work
    assert "2 other open questions of CP-2 concern other work" in text


def test_the_checkpoint_s_rejected_paths_are_never_retried(cp_repo: Repo) -> None:
    full = cp_repo.ok("brief", "WO-3")
    text = _section(full, "## Rejected approaches: do not retry")
    assert "- do not retry: Counting in Redis: ops will not run another server. (CP-2" in text
    assert "middleware" not in text  # about app/web/, outside the scope
    ledger = Ledger.open(cp_repo.root)
    budget = render_work_order_briefing(ledger, "WO-3").tokens
    while True:  # down to the budget that cuts the checkpoint
        budget -= 50
        cut = render_work_order_briefing(ledger, "WO-3", budget=budget)
        if "checkpoint CP-2" in [c.what for c in cut.cut]:
            break
    assert "ValueError or BadData" not in cut.text  # the questions go with the checkpoint
    assert "Counting in Redis" in cut.text  # rejected paths are never cut


def test_other_work_orders_get_their_own_questions(cp_repo: Repo) -> None:
    text = cp_repo.ok("brief", "WO-2")
    assert "Does the WO-2 audit log need the IP address?" in text
    assert "ValueError or BadData" not in text


def test_the_checkpoint_briefing_still_renders(cp_repo: Repo) -> None:
    text = cp_repo.ok("brief", "--checkpoint", "CP-2")
    assert "ValueError or BadData" in text and "Counting in Redis" in text
