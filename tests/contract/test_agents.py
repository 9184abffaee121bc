"""Every built-in agent profile finishes a scripted run for real, offline, with exact usage.

For each profile the real CLI (pinned, installed into the cache) is started by the real
``gitsplit start WO-1``, on a branch and in a worktree, and talks to the scripted fake
API: it reads the briefing, writes a file in scope, commits through gitsplit's hooks,
adds a note and finishes. The run must end ``succeeded`` with the commit's trailers, the
note and the fake API's exact token counts in ``runs --json`` and ``cost runs --json``.
A second script writes outside the scope: the hook refuses the commit and the run does
not succeed. aider cannot run commands unattended: it edits and commits, and gitsplit
closes the run after it (its note is gitsplit's).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tests.contract import install
from tests.contract.agents import AGENTS
from tests.contract.conftest import need
from tests.contract.harness import (
    COMMIT,
    NOTE,
    PRICE,
    RUN,
    WO,
    Outcome,
    commit_messages,
    full_script,
    outside_script,
    ready_repo,
    start_run,
)

pytestmark = pytest.mark.contract

MILLION = Decimal(1_000_000)
CENT = Decimal("0.01")


RUNS = [
    (profile, where)
    for profile, agent in AGENTS.items()
    for where in ("branch", "worktree")
    if where == "branch" or agent.in_worktree
]


@pytest.mark.parametrize("profile, where", RUNS)
def test_profile_finishes_the_scripted_run(
    profile: str,
    where: str,
    clis: dict[str, install.Installed],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    isolated_home: Path,
) -> None:
    agent = AGENTS[profile]
    cli = need(clis, agent.pin)
    repo = ready_repo(tmp_path, monkeypatch, agent)
    steps = full_script(agent)
    worktree = tmp_path / "run-here" if where == "worktree" else None
    result = start_run(repo, agent, cli, isolated_home, steps, worktree=worktree)
    assert result.proc.returncode == 0, result.explain()
    record = result.record
    assert record.get("outcome") == "succeeded", result.explain()
    messages = commit_messages(repo, result.checkout)
    work = [m for m in messages if not m.startswith(("Start ", "Finish ", "Record usage"))]
    assert len(work) == 1, messages
    assert f"Work-Order: {WO}" in work[0] and f"Run: {RUN}" in work[0], work[0]
    assert (result.checkout / "src/hello.txt").read_text(encoding="utf-8") == "hello\n"
    if agent.runs_commands:
        assert work[0].startswith(COMMIT)
        assert NOTE in record["note"]
        assert len(result.fake.main_turns) == len(steps), result.explain()
    else:
        assert f"The agent ({profile}) exited with status 0." in record["note"]
        assert len(result.fake.main_turns) == 1, result.explain()
    assert record.get("tokens") == agent.tokens(len(result.fake.main_turns)), result.explain()
    _assert_cost(result)


def _assert_cost(result: Outcome) -> None:
    """``cost runs`` shows the recorded tokens, priced or as the agent reported the cost."""
    runs = [r for r in result.costs["runs"] if r["run"] == RUN]
    assert len(runs) == 1, result.costs
    tokens = result.record["tokens"]
    assert (runs[0]["input_tokens"], runs[0]["output_tokens"]) == (
        tokens["input"],
        tokens["output"],
    )
    if result.record.get("cost_usd") is not None:
        assert runs[0]["source"] == "reported"
        expected = Decimal(str(result.record["cost_usd"]))
    else:
        assert runs[0]["source"] == "priced"
        expected = (
            Decimal(tokens["input"]) * PRICE["input"] + Decimal(tokens["output"]) * PRICE["output"]
        ) / MILLION
    # cost runs shows money to the cent, half up
    assert Decimal(runs[0]["cost"]) == expected.quantize(CENT, rounding=ROUND_HALF_UP), runs[0]


@pytest.mark.parametrize("profile", list(AGENTS))
def test_commit_outside_the_scope_is_refused_and_the_run_does_not_succeed(
    profile: str,
    clis: dict[str, install.Installed],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    isolated_home: Path,
) -> None:
    agent = AGENTS[profile]
    cli = need(clis, agent.pin)
    repo = ready_repo(tmp_path, monkeypatch, agent)
    result = start_run(repo, agent, cli, isolated_home, outside_script(agent))
    assert result.record, result.explain()
    assert result.record.get("outcome") != "succeeded", result.explain()
    touched = repo.git("log", "--format=%h %s", "main..HEAD", "--", "docs/outside.txt")
    assert touched == "", touched
    seen = "\n".join(result.fake.results()) if agent.runs_commands else result.log
    assert f"outside the scope of {WO}" in seen, result.explain()
