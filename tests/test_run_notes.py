"""A note gitsplit writes when it closes a run is not the agent's result note (issue 15, 3)."""

from __future__ import annotations

from pathlib import Path

from gitsplit.ledger.run_note import LOG_HEADING, append_log, append_note, note_of
from tests.conftest import WO_BODY, Repo
from tests.test_runs import AGENT_FINISHES, AGENT_OK, add_agent


def _two_orders(repo: Repo) -> None:
    """WO-1 (src/**) and WO-2, which depends on it, both ready and committed."""
    repo.ok("hooks", "install")
    repo.ok("wo", "new", *WO_BODY, "Write the done file", "--class", "C1", "--status", "ready",
            "--scope", "src/**")  # fmt: skip
    repo.ok("wo", "new", *WO_BODY, "Use the done file", "--class", "C1", "--status", "ready",
            "--depends-on", "WO-1", "--scope", "lib/**")  # fmt: skip
    repo.commit_all("WO-1 and WO-2")


def test_a_run_closed_by_gitsplit_has_no_result_note(repo: Repo, tmp_path: Path) -> None:
    _two_orders(repo)
    add_agent(repo, tmp_path, "ok", AGENT_OK)
    assert repo.cli("start", "WO-1", "--agent", "ok").exit_code == 0
    body = repo.read(".workledger/runs/WO-1/WO-1-r1.md")
    assert f"{LOG_HEADING}\n\nThe agent (ok) exited with status 0." in body
    review = repo.cli("review", "WO-1")
    assert "note-missing" in review.output, review.output
    repo.ok("accept", "WO-1", "--cleanup")
    brief = repo.ok("brief", "WO-2")
    assert "No result note was recorded." in brief
    assert "exited with status 0" not in brief


def test_a_dependents_briefing_shows_the_note_once(repo: Repo, tmp_path: Path) -> None:
    _two_orders(repo)
    add_agent(repo, tmp_path, "finisher", AGENT_FINISHES)
    assert repo.cli("start", "WO-1", "--agent", "finisher").exit_code == 0
    assert "note-missing" not in repo.cli("review", "WO-1").output
    repo.ok("accept", "WO-1", "--cleanup")
    brief = repo.ok("brief", "WO-2")
    assert "Result note of run WO-1-r1:\n\nAll done by the agent." in brief
    assert "### Result note" not in brief


def test_notes_go_under_the_note_heading_before_gitsplits_log() -> None:
    body = append_log("## Result note\n\n", "The agent (x) exited with status 0.")
    assert note_of(body) == ""
    body = append_note(body, "Parser done.")
    assert note_of(body) == "Parser done."
    assert body.index("Parser done.") < body.index(LOG_HEADING)
    assert note_of("Just text, no heading.") == "Just text, no heading."
