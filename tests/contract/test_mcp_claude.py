"""The real Claude Code uses ``gitsplit mcp`` as registered by ``gitsplit init --agent claude``.

The repository's ``.mcp.json`` (written by ``init --agent claude --write``, committed)
registers the server; the person's Claude Code settings approve the project's servers
and allow the two gitsplit tools. The scripted model writes and commits the file, then
calls ``gitsplit_note`` and ``gitsplit_finish`` over MCP instead of the shell: the note
must land in the run record and the run must end ``succeeded``.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from tests.contract import install
from tests.contract.agents import AGENTS
from tests.contract.conftest import need
from tests.contract.fakeapi import say, shell, tool, write
from tests.contract.harness import COMMIT, ready_repo, start_run

pytestmark = pytest.mark.contract

NOTE_TOOL = "mcp__gitsplit__gitsplit_note"
FINISH_TOOL = "mcp__gitsplit__gitsplit_finish"
MCP_NOTE = "Noted through the gitsplit MCP server."


def test_claude_notes_and_finishes_through_gitsplit_mcp(
    clis: dict[str, install.Installed],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    isolated_home: Path,
) -> None:
    pytest.importorskip("mcp", reason="gitsplit mcp needs the mcp extra")
    agent = AGENTS["claude"]
    cli = need(clis, agent.pin)
    # MCP tools in the first request's tool list, not deferred behind ToolSearch
    monkeypatch.setenv("ENABLE_TOOL_SEARCH", "false")
    repo = ready_repo(tmp_path, monkeypatch, agent)
    repo.ok("init", "--agent", "claude", "--write")
    repo.commit_all("Register gitsplit mcp for Claude Code")
    settings = isolated_home / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(
        json.dumps(
            {
                "enableAllProjectMcpServers": True,
                "permissions": {"allow": [NOTE_TOOL, FINISH_TOOL]},
            }
        ),
        encoding="utf-8",
    )
    steps = [
        write("src/hello.txt", "hello\n"),
        shell("git add src/hello.txt"),
        shell(f"git commit -m {shlex.quote(COMMIT)}"),
        tool(NOTE_TOOL, {"text": MCP_NOTE}),
        tool(FINISH_TOOL, {}),
        say("Noted and finished over MCP."),
    ]
    result = start_run(repo, agent, cli, isolated_home, steps)
    # the server connects while the session starts: its tools are offered from then on
    offered = {t.get("name") for s in result.fake.main_turns for t in s.body.get("tools", [])}
    assert {NOTE_TOOL, FINISH_TOOL} <= offered, sorted(n for n in offered if n)
    assert result.proc.returncode == 0, result.explain()
    assert result.record.get("outcome") == "succeeded", result.explain()
    assert MCP_NOTE in result.record["note"], result.explain()
    said = result.fake.results()  # each tool's JSON, then Claude Code's own reminders
    noted, finished = (json.loads(text.split("\n", 1)[0]) for text in said[3:5])
    assert noted["noted"] is True and finished["outcome"] == "succeeded", said[3:]
