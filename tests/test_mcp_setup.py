"""``gitsplit init --agent``: the snippet that registers ``gitsplit mcp``, printed or merged."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Repo, make_repo


def test_the_snippet_is_printed_and_nothing_written(repo: Repo) -> None:
    out = repo.ok("init", "--agent", "claude")
    assert "put this in .mcp.json" in out
    snippet = out[out.index("{") :]
    assert json.loads(snippet) == {
        "mcpServers": {"gitsplit": {"command": "gitsplit", "args": ["mcp"]}}
    }
    assert not (repo.root / ".mcp.json").exists()


def test_write_merges_into_an_existing_file_and_is_idempotent(repo: Repo) -> None:
    repo.write(".mcp.json", json.dumps({"mcpServers": {"other": {"command": "x"}}, "keep": 1}))
    assert "updated .mcp.json" in repo.ok("init", "--agent", "claude", "--write")
    data = json.loads(repo.read(".mcp.json"))
    assert data["keep"] == 1 and set(data["mcpServers"]) == {"other", "gitsplit"}
    before = repo.read(".mcp.json")
    assert "nothing to do" in repo.ok("init", "--agent", "claude", "--write")
    assert repo.read(".mcp.json") == before
    assert ".mcp.json" not in repo.git("diff", "--cached", "--name-only")  # never git-added


@pytest.mark.parametrize(
    ("agent", "path"), [("gemini", ".gemini/settings.json"), ("opencode", "opencode.json")]
)
def test_write_creates_the_agents_json_file(repo: Repo, agent: str, path: str) -> None:
    assert f"created {path}" in repo.ok("init", "--agent", agent, "--write")
    data = json.loads(repo.read(path))
    entry = data["mcp"]["gitsplit"] if agent == "opencode" else data["mcpServers"]["gitsplit"]
    assert "mcp" in (entry["command"] if agent == "opencode" else entry["args"])


def test_codex_gets_a_toml_table_appended_once(repo: Repo) -> None:
    repo.write(".codex/config.toml", 'model = "gpt-5.4-mini"\n')
    repo.ok("init", "--agent", "codex", "--write")
    repo.ok("init", "--agent", "codex", "--write")
    data = tomllib.loads(repo.read(".codex/config.toml"))
    assert data["model"] == "gpt-5.4-mini"
    assert data["mcp_servers"]["gitsplit"] == {"command": "gitsplit", "args": ["mcp"]}
    assert repo.read(".codex/config.toml").count("[mcp_servers.gitsplit]") == 1


def test_broken_agent_file_is_named_and_left_alone(repo: Repo) -> None:
    repo.write(".mcp.json", "{not json")
    result = repo.cli("init", "--agent", "claude", "--write")
    assert result.exit_code == 1 and ".mcp.json:1: not valid JSON" in result.output
    assert repo.read(".mcp.json") == "{not json"


@pytest.mark.parametrize(
    ("agent", "says"), [("aider", "aider has no MCP client"), ("cursorx", "no MCP set-up known")]
)
def test_agents_without_a_set_up_get_a_clear_error(repo: Repo, agent: str, says: str) -> None:
    result = repo.cli("init", "--agent", agent)
    assert result.exit_code == 1 and says in result.output
    assert "Traceback" not in result.output


def test_write_alone_is_a_usage_error(repo: Repo) -> None:
    result = repo.cli("init", "--write")
    assert result.exit_code == 2 and "--write goes with --agent" in result.output


def test_a_broken_agent_file_stops_init_before_it_makes_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = make_repo(tmp_path / "fresh", monkeypatch, init_ledger=False)
    fresh.write(".mcp.json", "{not json")
    result = fresh.cli("init", "--agent", "claude", "--write")
    assert result.exit_code == 1 and ".mcp.json:1: not valid JSON" in result.output
    assert not (fresh.root / ".workledger").exists()
