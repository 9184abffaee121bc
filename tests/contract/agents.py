"""How each built-in agent profile is pointed at the fake API, and what usage it must record.

This is the user's side of the setup, done as a user would do it in their own HOME (here
an isolated one): a base-URL variable, or the CLI's own config file when the CLI reads no
variable. Nothing here changes a profile; the profiles are the ones ``gitsplit init``
writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REAL_HOME
from tests.contract.fakeapi import TURN
from tests.contract.install import cache_root

API_KEY = "sk-contract-test"
NPM_CACHE = cache_root(REAL_HOME) / "npm-cache"


@dataclass(frozen=True)
class Agent:
    """One profile under test: its pinned CLI, the model its tier names, its setup."""

    profile: str
    pin: str  # which entry of install.PINS runs it
    model: str  # the tier's model: the id this CLI takes
    setup: Callable[[Path, str], dict[str, str]]  # (HOME, API URL) -> environment
    tokens: Callable[[int], dict[str, int]]  # the run record's tokens after N main turns
    runs_commands: bool = True  # False: it cannot run git or gitsplit itself (aider)
    in_worktree: bool = True  # False: the profile cannot work in a linked worktree


def _claude(home: Path, url: str) -> dict[str, str]:
    """Claude Code reads ``ANTHROPIC_BASE_URL``; nonessential traffic (telemetry) off."""
    return {
        "ANTHROPIC_BASE_URL": url,
        "ANTHROPIC_API_KEY": API_KEY,
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
        "DISABLE_AUTOUPDATER": "1",
    }


def _codex(home: Path, url: str) -> dict[str, str]:
    """Codex 0.171 ignores ``OPENAI_BASE_URL``: a model provider in ``~/.codex/config.toml``."""
    config = home / ".codex" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        'model_provider = "contract"\n'
        "check_for_update_on_startup = false\n\n"
        "[analytics]\nenabled = false\n\n"
        "[model_providers.contract]\n"
        'name = "contract fake API"\n'
        f'base_url = "{url}/v1"\n'
        'wire_api = "responses"\n',
        encoding="utf-8",
    )
    return {}


def _gemini(home: Path, url: str) -> dict[str, str]:
    """Gemini CLI reads ``GOOGLE_GEMINI_BASE_URL``, but headless it needs the API-key auth
    chosen in ``~/.gemini/settings.json`` (the "gateway" auth the variable implies is
    refused as "Invalid auth method" without a terminal)."""
    settings = home / ".gemini" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(
        json.dumps(
            {
                "security": {"auth": {"selectedType": "gemini-api-key"}},
                "telemetry": {"enabled": False},
                "privacy": {"usageStatisticsEnabled": False},
            }
        ),
        encoding="utf-8",
    )
    return {"GOOGLE_GEMINI_BASE_URL": url, "GEMINI_API_KEY": API_KEY}


def _opencode(home: Path, url: str) -> dict[str, str]:
    """opencode: an OpenAI-compatible provider ``contract`` in its config file."""
    config = home / ".config" / "opencode" / "opencode.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    provider = {
        "npm": "@ai-sdk/openai-compatible",
        "name": "contract fake API",
        "options": {"baseURL": f"{url}/v1", "apiKey": API_KEY},
        "models": {"fake-model": {"name": "fake model"}},
    }
    config.write_text(
        json.dumps({"provider": {"contract": provider}, "share": "disabled"}), encoding="utf-8"
    )
    return {
        "OPENCODE_DISABLE_MODELS_FETCH": "1",
        "OPENCODE_DISABLE_AUTOUPDATE": "1",
        # opencode npm-installs @opencode-ai/plugin into each config folder at start:
        # from the contract cache's npm cache, after the first time
        "npm_config_cache": str(NPM_CACHE),
        "npm_config_prefer_offline": "true",
    }


def _aider(home: Path, url: str) -> dict[str, str]:
    """aider (litellm) reads ``OPENAI_API_BASE`` for ``openai/`` models; the model's
    metadata file keeps it from downloading litellm's price list."""
    metadata = {
        "openai/fake-model": {
            "max_input_tokens": 128000,
            "max_output_tokens": 8192,
            "input_cost_per_token": 0.000003,
            "output_cost_per_token": 0.000015,
            "litellm_provider": "openai",
            "mode": "chat",
        }
    }
    (home / ".aider.model.metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    return {"OPENAI_API_BASE": f"{url}/v1", "OPENAI_API_KEY": API_KEY}


def _all_caches(turns: int) -> dict[str, int]:
    """Input counts fresh, cache-read and cache-write tokens; both cache figures known."""
    return {
        "input": turns * (TURN.input + TURN.cache_read + TURN.cache_write),
        "output": turns * TURN.output,
        "cache_read": turns * TURN.cache_read,
        "cache_write": turns * TURN.cache_write,
    }


def _reads_only(turns: int) -> dict[str, int]:
    """The protocol has no cache-write figure: input is fresh + cache reads."""
    return {
        "input": turns * (TURN.input + TURN.cache_read),
        "output": turns * TURN.output,
        "cache_read": turns * TURN.cache_read,
    }


def _opencode_tokens(turns: int) -> dict[str, int]:
    """opencode reports a cache-write figure of 0 for an OpenAI-compatible provider."""
    return {**_reads_only(turns), "cache_write": 0}


def _aider_tokens(turns: int) -> dict[str, int]:
    """aider's analytics log has prompt and completion tokens only."""
    return {"input": turns * (TURN.input + TURN.cache_read), "output": turns * TURN.output}


AGENTS: dict[str, Agent] = {
    agent.profile: agent
    for agent in (
        Agent("claude", "claude", "claude-sonnet-4-5", _claude, _all_caches),
        Agent("codex", "codex", "gpt-5.4-mini", _codex, _all_caches),
        # the sandbox lets it write the repository's .git, not a linked worktree's
        Agent("codex-sandboxed", "codex", "gpt-5.4-mini", _codex, _all_caches, in_worktree=False),
        Agent("gemini", "gemini", "gemini-2.5-flash", _gemini, _reads_only),
        Agent("opencode", "opencode", "contract/fake-model", _opencode, _opencode_tokens),
        Agent("aider", "aider", "openai/fake-model", _aider, _aider_tokens, runs_commands=False),
    )
}
