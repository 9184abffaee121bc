"""Replay the console transcripts of the README and the docs pages: find a block, run it, compare.

A transcript is looked up by its commands across every page (README.md, CONTRIBUTING.md
and docs/**/*.md), never by the page it is on, so moving it to another page keeps its
replay; the same transcript on two pages is an error, because only one of them would be
checked.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^(`{3,})(\w*)\s*$")
PROMPT = re.compile(r"^(\w*)\$ (.*)$")
HEX = re.compile(r"\b[0-9a-f]{7,64}\b")


def pages() -> list[Path]:
    """Every Markdown page whose transcripts and links the tests check."""
    return [README, ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").rglob("*.md"))]


def name_of(page: Path) -> str:
    """A page's path from the repository root, as messages show it."""
    return page.relative_to(ROOT).as_posix()


@dataclass(frozen=True)
class Block:
    """One fenced block of a page: where it is, its info string, its lines."""

    page: Path
    line: int
    lang: str
    lines: tuple[str, ...]

    @property
    def is_transcript(self) -> bool:
        """A console block (or an unlabelled one) that starts with a ``$`` prompt."""
        return (
            self.lang in ("console", "") and bool(self.lines) and bool(PROMPT.match(self.lines[0]))
        )

    @property
    def where(self) -> str:
        """``docs/ledger.md:12``."""
        return f"{name_of(self.page)}:{self.line}"


@dataclass(frozen=True)
class Step:
    """One command of a transcript: the prompt's name (``desk`` in ``desk$``), the command
    line, the output the page shows for it, and the page."""

    where: str
    command: str
    output: tuple[str, ...]
    page: str = "README.md"


def fenced(page: Path) -> list[Block]:
    """The fenced blocks of one page, in order."""
    found: list[Block] = []
    current: list[str] | None = None
    fence, lang, start = "", "", 0
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        match = FENCE.match(line)
        if current is None and match:
            current, fence, lang, start = [], match.group(1), match.group(2), number
        elif current is not None and line == fence:
            found.append(Block(page, start, lang, tuple(current)))
            current = None
        elif current is not None:
            current.append(line)
    return found


def all_blocks() -> list[Block]:
    """The fenced blocks of every page."""
    return [block for page in pages() for block in fenced(page)]


def blocks(page: Path | None = None) -> list[list[str]]:
    """The lines of every fenced block of one page, or of every page, in order."""
    chosen = fenced(page) if page is not None else all_blocks()
    return [list(block.lines) for block in chosen]


def transcript(first: str, among: list[Block] | None = None) -> list[Step]:
    """The steps of the one console block, on any page, whose first command is ``first``."""
    found = [
        block
        for block in (all_blocks() if among is None else among)
        if block.is_transcript and _steps(block)[0].command == first
    ]
    if not found:
        raise AssertionError(f"no page has a console block starting with `$ {first}`")
    if len(found) > 1:
        raise AssertionError(
            f"`$ {first}` starts a block on more than one page: "
            + ", ".join(block.where for block in found)
        )
    return _steps(found[0])


def output_of(command: str) -> list[str]:
    """What the pages show for ``$ command``, at its first appearance."""
    for block in all_blocks():
        for step in _steps(block):
            if step.command == command:
                return list(step.output)
    raise AssertionError(f"no page shows `$ {command}`")


def commands_of(block: Block) -> list[str]:
    """The command lines of a block, ``\\`` continuations joined."""
    return [step.command for step in _steps(block)]


def _steps(block: Block) -> list[Step]:
    """Split a console block into commands (joining ``\\`` continuations) and outputs."""
    lines = block.lines
    steps: list[Step] = []
    index = 0
    while index < len(lines):
        match = PROMPT.match(lines[index])
        if not match:
            index += 1
            continue
        where, command = match.group(1), match.group(2)
        while command.endswith("\\") and index + 1 < len(lines):
            index += 1
            command = command[:-1] + " " + lines[index].strip()
        index += 1
        output: list[str] = []
        while index < len(lines) and not PROMPT.match(lines[index]):
            output.append(lines[index])
            index += 1
        while output and not output[-1]:
            output.pop()
        steps.append(Step(where, command, tuple(output), name_of(block.page)))
    return steps


def slugs(page: Path) -> set[str]:
    """The anchors of a page's headings that GitHub and mkdocs both give them."""
    text = page.read_text(encoding="utf-8")
    prose = re.sub(r"^(`{3,}).*?^\1$", "", text, flags=re.S | re.M)
    found = set()
    for heading in re.findall(r"^#+ (.+)$", prose, re.M):
        github = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        ascii_ = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
        mkdocs = re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_).strip().lower())
        if github == mkdocs:
            found.add(github)
    return found


def links(page: Path) -> list[str]:
    """The targets of a page's Markdown links, outside fenced blocks."""
    text = page.read_text(encoding="utf-8")
    prose = re.sub(r"^(`{3,}).*?^\1$", "", text, flags=re.S | re.M)
    return re.findall(r"\]\(([^)\s]+)\)", prose)


def shim(folder: Path) -> dict[str, str]:
    """An environment whose ``gitsplit`` on PATH is this checkout's, run by this Python."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "gitsplit"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m gitsplit "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}",
        "PYTHONUNBUFFERED": "1",
    }


def run(command: str, cwd: Path, env: dict[str, str]) -> list[str]:
    """Run a command line as a terminal would show it: stdout and stderr interleaved."""
    return run_status(command, cwd, env)[0]


def run_status(command: str, cwd: Path, env: dict[str, str]) -> tuple[list[str], int]:
    """The lines a command line prints (stdout and stderr interleaved) and its exit status."""
    proc = subprocess.run(
        ["sh", "-c", command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    lines = proc.stdout.splitlines()
    while lines and not lines[-1]:
        lines.pop()
    return lines, proc.returncode


def replay(steps: list[Step], dirs: dict[str, Path], env: dict[str, str]) -> None:
    """Run every step in its prompt's folder; the output must be what the page shows
    (commit hashes aside: they depend on the clock). ``echo $?`` shows the status of the
    step before it, as in one shell session."""
    status = 0
    for step in steps:
        if step.command == "echo $?":
            actual = [str(status)]
        else:
            actual, status = run_status(step.command, dirs[step.where], env)
        assert normalize(actual) == normalize(list(step.output)), (
            f"{step.page} shows for `{step.where}$ {step.command}`:\n"
            + "\n".join(step.output)
            + "\n\nbut it prints:\n"
            + "\n".join(actual)
        )


def normalize(lines: list[str]) -> list[str]:
    """Lines with hexadecimal hashes blanked out."""
    return [HEX.sub("<hash>", line) for line in lines]
