"""The snippet that registers ``gitsplit mcp`` with an agent, and writing it into its file."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gitsplit.errors import GitsplitError, ValidationError
from gitsplit.util.atomic import atomic_write

SERVER = {"command": "gitsplit", "args": ["mcp"]}


@dataclass(frozen=True)
class ClientConfig:
    """Where one agent reads its MCP servers from, and gitsplit's entry there."""

    agent: str
    path: str  # relative to the repository root
    entry: dict[str, Any]
    key: str  # the top-level key that holds the servers
    command: str  # the agent's own command that registers it instead

    def snippet(self) -> str:
        """The text to put in ``path`` (JSON or TOML)."""
        if self.path.endswith(".toml"):
            return _toml_table(self.entry)
        return json.dumps({self.key: {"gitsplit": self.entry}}, indent=2) + "\n"


CLIENTS = {
    "claude": ClientConfig(
        "claude",
        ".mcp.json",
        SERVER,
        "mcpServers",
        "claude mcp add --scope project gitsplit -- gitsplit mcp",
    ),
    "gemini": ClientConfig(
        "gemini",
        ".gemini/settings.json",
        SERVER,
        "mcpServers",
        "gemini mcp add --scope project gitsplit gitsplit mcp",
    ),
    "opencode": ClientConfig(
        "opencode",
        "opencode.json",
        {"type": "local", "command": ["gitsplit", "mcp"], "enabled": True},
        "mcp",
        "opencode mcp add (then: local, command gitsplit mcp)",
    ),
    "codex": ClientConfig(
        "codex",
        ".codex/config.toml",
        SERVER,
        "mcp_servers",
        "codex mcp add gitsplit -- gitsplit mcp   # writes ~/.codex/config.toml",
    ),
}
NO_MCP = {"aider": "aider has no MCP client; it reads AGENTS.md and runs `gitsplit note` itself"}


def client(agent: str) -> ClientConfig:
    """The config of one agent, or a clear error naming those that exist."""
    if agent in NO_MCP:
        raise GitsplitError(NO_MCP[agent], hint=f"agents with MCP: {', '.join(CLIENTS)}")
    if agent not in CLIENTS:
        raise ValidationError(
            f"no MCP set-up known for agent {agent!r}",
            hint=f"agents with MCP: {', '.join(CLIENTS)}",
        )
    return CLIENTS[agent]


@dataclass(frozen=True)
class Registration:
    """The agent's file as it is and as it will be, worked out before anything is written."""

    config: ClientConfig
    target: Path
    old: str
    new: str


def prepare(root: Path, config: ClientConfig) -> Registration:
    """Read the agent's file and merge gitsplit's entry in; a broken file fails here."""
    target = root / config.path
    try:
        old = target.read_text(encoding="utf-8") if target.exists() else ""
    except OSError as exc:
        raise GitsplitError(f"cannot read {config.path}: {exc.strerror}") from None
    new = _merged_toml(config, old) if config.path.endswith(".toml") else _merged_json(config, old)
    return Registration(config, target, old, new)


def write(registration: Registration) -> str:
    """Write the merged file (keeping everything else in it); say what changed."""
    config, old, new = registration.config, registration.old, registration.new
    if new == old:
        return f"{config.path} already registers gitsplit mcp; nothing to do"
    registration.target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(registration.target, new)
    verb = "updated" if old else "created"
    return f"{verb} {config.path}: gitsplit mcp registered for {config.agent} (git add it to share)"


def _merged_json(config: ClientConfig, old: str) -> str:
    """The JSON file with gitsplit's server entry set, other keys and servers kept."""
    try:
        data = json.loads(old) if old.strip() else {}
    except ValueError as exc:
        raise ValidationError(
            f"{config.path}:{getattr(exc, 'lineno', 1)}: not valid JSON",
            hint="fix or move the file, then run this again",
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get(config.key, {}), dict):
        raise ValidationError(f"{config.path}: expected an object with an object {config.key!r}")
    if data.get(config.key, {}).get("gitsplit") == config.entry:
        return old
    data.setdefault(config.key, {})["gitsplit"] = config.entry
    return json.dumps(data, indent=2) + "\n"


def _merged_toml(config: ClientConfig, old: str) -> str:
    """The TOML file with gitsplit's table appended, unless one is there already."""
    try:
        data = tomllib.loads(old)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{config.path}: not valid TOML ({exc})") from None
    if "gitsplit" in data.get(config.key, {}):
        return old
    return old + ("\n" if old and not old.endswith("\n\n") else "") + _toml_table(config.entry)


def _toml_table(entry: dict[str, Any]) -> str:
    """``[mcp_servers.gitsplit]`` with a command and its args."""
    args = ", ".join(json.dumps(a) for a in entry["args"])
    return f"[mcp_servers.gitsplit]\ncommand = {json.dumps(entry['command'])}\nargs = [{args}]\n"
