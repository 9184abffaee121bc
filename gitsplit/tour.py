"""``gitsplit tour``: the whole loop, run for real in a throwaway repository."""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from gitsplit.errors import GitsplitError
from gitsplit.tour_steps import Step, steps


def run_tour(*, out: IO[str], where: Path | None = None, python: str | None = None) -> Path:
    """Run every step in a new repository (under a temporary folder by default); return it."""
    python = python or sys.executable
    if where is None:
        where = Path(tempfile.mkdtemp(prefix="gitsplit-tour-")) / "project"
    if where.exists() and any(where.iterdir()):
        raise GitsplitError(f"{where} is not empty; the tour needs a new folder")
    where.mkdir(parents=True, exist_ok=True)
    say = _printer(out)
    say(f"# The gitsplit tour, in {where}\n")
    for step in steps(python):
        _do(step, where, python, say, out)
    say("\n# Where to look next")
    for line in (
        f"cd {where}",
        "gitsplit status                 # where am I",
        "gitsplit runs                   # provenance of all three runs",
        "cat .workledger/runs/WO-1/WO-1-r1.md",
        "git log --graph --oneline       # the accepted merges, with their trailers",
        "gitsplit graph                  # the dependency graph (Mermaid)",
        "gitsplit cost plan --split opus-4.1:2,sonnet-4:8 --input 200k --output 30k",
    ):
        say(f"  {line}")
    return where


def _do(step: Step, where: Path, python: str, say: Callable[[str], None], out: IO[str]) -> None:
    """Explain a step, show its command, run it, and insist on the expected status."""
    if step.say:
        say(f"\n# {step.say}")
    if step.write is not None:
        path, text = step.write
        target = where / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.endswith("config.yaml"):
            body = target.read_text(encoding="utf-8")
            target.write_text(
                body.replace("\nagents:\n", "\nagents:\n" + text, 1), encoding="utf-8"
            )
            say(f"(added to {path}:)\n{text.rstrip()}")
        else:
            with target.open("a" if step.append else "w", encoding="utf-8") as handle:
                handle.write(text)
            say(f"({'appended to' if step.append else 'wrote'} {path})")
        return
    shown = shlex.join(step.argv)
    say(f"$ {shown}")
    argv = (
        [python, "-m", "gitsplit", *step.argv[1:]]
        if step.argv[0] == "gitsplit"
        else list(step.argv)
    )
    out.flush()
    if step.stdin is not None:
        say("(the body comes from standard input)")
    proc = subprocess.run(
        argv,
        cwd=where,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        input=step.stdin or "",
        check=False,
    )
    if proc.stdout:
        out.write(proc.stdout if proc.stdout.endswith("\n") else proc.stdout + "\n")
    if proc.returncode != step.expect:
        raise GitsplitError(
            f"tour step `{shown}` exited {proc.returncode}, expected "
            f"{step.expect}; the tour stops here (this is a bug in gitsplit)",
            hint=f"the repository is left in {where}",
        )


def _printer(out: IO[str]) -> Callable[[str], None]:
    """A print function bound to ``out``."""

    def say(text: str) -> None:
        out.write(text + "\n")

    return say
