"""Run one gitsplit command for a tool call: a subprocess in the server's directory, JSON back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gitsplit.errors import GitsplitError

CALL_TIMEOUT = 600  # seconds: `finish` runs the work order's checks
MAX_OUTPUT = 4 * 1024 * 1024  # a briefing or a listing is far smaller; more is refused


class CallError(GitsplitError):
    """The command refused or failed; the message is exactly what the CLI printed."""


@dataclass(frozen=True)
class Answer:
    """What one command printed: stdout (JSON or text) and its stderr notes."""

    stdout: str
    stderr: str

    def data(self) -> Any:
        """Stdout parsed as JSON (the command ran with ``--json``)."""
        try:
            return json.loads(self.stdout)
        except ValueError:
            raise CallError(f"gitsplit printed no JSON: {self.stdout[:200]!r}") from None


def run_gitsplit(args: list[str], *, cwd: Path | None = None, stdin: str | None = None) -> Answer:
    """Run ``gitsplit ARGS`` where the server was started; raise ``CallError`` on exit ≠ 0."""
    env = {**os.environ, "GITSPLIT_VIA": "mcp", "NO_COLOR": "1"}
    env.pop("GIT_DIR", None)  # the directory decides the repository, never an inherited GIT_DIR
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "gitsplit", *args],
            cwd=cwd or Path.cwd(),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=CALL_TIMEOUT,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise CallError(f"gitsplit {args[0]} did not finish in {CALL_TIMEOUT} s") from None
    if len(proc.stdout) > MAX_OUTPUT:
        raise CallError(f"gitsplit {args[0]} printed over {MAX_OUTPUT} bytes; ask for less")
    if proc.returncode != 0:
        message = proc.stderr.strip() or proc.stdout.strip() or f"exit status {proc.returncode}"
        raise CallError(_without_prefix(message))
    return Answer(proc.stdout, proc.stderr.strip())


def _without_prefix(message: str) -> str:
    """The CLI's message without its ``gitsplit: error:`` lead, which a tool error implies."""
    return message.removeprefix("gitsplit: error: ").removeprefix("Error: ")
