"""Each pinned CLI, run on its own, speaks the fake API's protocol and prints its exact usage.

No gitsplit here: the CLI is started directly in a plain repository with the flags that
make it work unattended, follows the script (write a file, ``git add``, ``git commit``)
and reports usage in its own words. These tests pin what the profiles and the usage
parsers rely on (field names, where the counts are, what counts cached tokens), so a
failure says whether the fake API or the CLI's output changed, apart from gitsplit.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_repo
from tests.contract import install
from tests.contract.agents import AGENTS
from tests.contract.conftest import need
from tests.contract.fakeapi import TURN, FakeAPI, Script, say, shell, write
from tests.contract.harness import START_TIMEOUT, login_profile, tool_path

pytestmark = pytest.mark.contract

PROMPT = "Write src/hello.txt and commit it."


def _claude_usage(out: str, _: Path) -> dict[str, Any]:
    """The ``result`` line's ``usage`` (fresh input apart from cache reads and writes)."""
    result = [d for d in _lines(out) if d.get("type") == "result"][-1]
    assert result["is_error"] is False and result["permission_denials"] == [], result
    usage = result["usage"]
    keys = ("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens")
    return {k: usage[k] for k in (*keys, "output_tokens")}


def _codex_usage(out: str, _: Path) -> dict[str, Any]:
    """Every ``turn.completed`` event's usage, summed (input counts the cached tokens)."""
    totals: dict[str, int] = {}
    for data in _lines(out):
        if data.get("type") == "turn.completed":
            for key, value in data["usage"].items():
                totals[key] = totals.get(key, 0) + value
    return totals


def _gemini_usage(out: str, _: Path) -> dict[str, Any]:
    """The ``result`` line's ``stats``."""
    stats = [d for d in _lines(out) if d.get("type") == "result"][-1]["stats"]
    return {k: stats[k] for k in ("input_tokens", "cached", "input", "output_tokens")}


def _opencode_usage(out: str, _: Path) -> dict[str, Any]:
    """Every ``step_finish`` part's tokens, summed."""
    totals = {"input": 0, "output": 0, "cache_read": 0, "cache_write": 0}
    for data in _lines(out):
        if data.get("type") == "step_finish":
            tokens = data["part"]["tokens"]
            totals["input"] += tokens["input"]
            totals["output"] += tokens["output"]
            totals["cache_read"] += tokens["cache"]["read"]
            totals["cache_write"] += tokens["cache"]["write"]
    return totals


def _aider_usage(_: str, root: Path) -> dict[str, Any]:
    """The analytics log's ``message_send`` events (exact only with ``--no-stream``)."""
    lines = (root / ".git" / "aider-analytics.jsonl").read_text(encoding="utf-8")
    sends = [d["properties"] for d in _lines(lines) if d.get("event") == "message_send"]
    return {
        "prompt_tokens": sum(int(s["prompt_tokens"]) for s in sends),
        "completion_tokens": sum(int(s["completion_tokens"]) for s in sends),
    }


def _lines(text: str) -> list[dict[str, Any]]:
    """Every line of the text that is a JSON object."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                found.append(json.loads(line))
            except ValueError:
                continue
    return found


FRESH, READ, WRITE, OUT = TURN.input, TURN.cache_read, TURN.cache_write, TURN.output
CASES: dict[str, tuple[list[str], Callable[[str, Path], dict[str, Any]], dict[str, int]]] = {
    "claude": (
        [
            "claude",
            "-p",
            "--model",
            "{model}",
            "--output-format",
            "stream-json",
            "--verbose",
            "--permission-mode",
            "acceptEdits",
            "--allowedTools",
            "Bash(git:*)",
        ],
        _claude_usage,
        {
            "input_tokens": FRESH,
            "cache_read_input_tokens": READ,
            "cache_creation_input_tokens": WRITE,
            "output_tokens": OUT,
        },
    ),
    "codex": (
        ["codex", "exec", "--json", "--model", "{model}", "--sandbox", "danger-full-access", "-"],
        _codex_usage,
        {
            "input_tokens": FRESH + READ + WRITE,
            "cached_input_tokens": READ,
            "cache_write_input_tokens": WRITE,
            "output_tokens": OUT,
            "reasoning_output_tokens": 0,
        },
    ),
    "gemini": (
        [
            "gemini",
            "--skip-trust",
            "--approval-mode",
            "yolo",
            "--output-format",
            "stream-json",
            "--model",
            "{model}",
        ],
        _gemini_usage,
        {"input_tokens": FRESH + READ, "cached": READ, "input": FRESH, "output_tokens": OUT},
    ),
    "opencode": (
        ["opencode", "run", "--format", "json", "-m", "{model}"],
        _opencode_usage,
        {"input": FRESH, "output": OUT, "cache_read": READ, "cache_write": 0},
    ),
    "aider": (
        [
            *[
                "aider",
                "--yes-always",
                "--no-stream",
                "--no-check-update",
                "--no-gitignore",
                "--git-commit-verify",
                "--no-analytics",
                "--analytics-log",
                ".git/aider-analytics.jsonl",
                "--model",
                "{model}",
            ],
            "--message",
            PROMPT,
        ],
        _aider_usage,
        {"prompt_tokens": FRESH + READ, "completion_tokens": OUT},
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_cli_follows_the_script_and_reports_the_fake_usage(
    name: str,
    clis: dict[str, install.Installed],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    isolated_home: Path,
) -> None:
    agent = AGENTS[name]
    cli = need(clis, agent.pin)
    repo = make_repo(tmp_path / "plain", monkeypatch, init_ledger=False)
    steps = [write("src/hello.txt", "hello\n"), say("Committed.")]
    if agent.runs_commands:
        steps[1:1] = [shell("git add src/hello.txt"), shell("git commit -m 'Add hello'")]
    argv_template, read_usage, per_turn = CASES[name]
    argv = [a.replace("{model}", agent.model) for a in argv_template]
    with FakeAPI(Script(steps, repo.root), tmp_path / "fake-api.log") as fake:
        env = {**os.environ, **agent.setup(isolated_home, fake.url), "PATH": tool_path(cli)}
        env["PWD"] = str(repo.root)  # opencode works in $PWD, not in its cwd
        login_profile(isolated_home, env["PATH"])
        proc = subprocess.run(
            [str(cli.bin_dir / argv[0]) if cli.bin_dir else argv[0], *argv[1:]],
            cwd=repo.root,
            env=env,
            input=PROMPT,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
            check=False,
        )
    said = f"{proc.stdout[-6000:]}\n--- stderr\n{proc.stderr[-3000:]}\n{fake.unknown}"
    assert proc.returncode == 0, said
    assert repo.git("log", "-1", "--format=%s").strip() in ("Add hello", "Add the scripted file")
    assert repo.git("show", "HEAD:src/hello.txt") == "hello\n"
    turns = len(fake.main_turns)
    assert turns == (len(steps) if agent.runs_commands else 1), said
    assert read_usage(proc.stdout, repo.root) == {k: v * turns for k, v in per_turn.items()}, said
