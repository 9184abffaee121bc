"""Excerpt recall of work order briefings, measured on real commits.

Usage: python bench/briefing_recall.py [--commits N] [--fixture-commits N]
                                       [--budgets 3000,default,24000] [--repo PATH]
                                       [--no-fixture] [--no-self]

Each real commit becomes a work order at its parent: the title is the commit's subject, the
body the rest of its message, the scope the folders it touched, the likely files the files
it touched (``.workledger/`` left out). The briefing is rendered at the parent at a few
budgets, and the **excerpt recall** is the share of the lines the commit changed, in the
parent's line numbers (a pure insertion counts as the line it follows), that the briefing's
excerpts show. The baseline, measured in the same run, is the same briefing with the work
order's words hidden from the excerpt choice: the first ``excerpt_lines`` lines of each
file, which is what briefings showed before.

Histories: this repository's own (the last N first-parent commits that change Python
files), and ``tests/fixtures/briefing_recall/itsdangerous.bundle`` (40 commits of
pallets/itsdangerous, see the README there). Everything runs in throwaway clones.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests/fixtures/briefing_recall/itsdangerous.bundle"
MAX_FILES = 12  # a commit touching more files is no single work order
WO_ID = "WO-99999"
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", re.MULTILINE)
_SHOWN = re.compile(r"^ *(\d+)(?:  |$)")

sys.path.insert(0, str(ROOT))

from gitsplit.briefing import (  # noqa: E402
    BudgetError,
    chunks,
    excerpts,
    relevance,
    render_work_order_briefing,
)
from gitsplit.ledger.store import Ledger  # noqa: E402


def git(root: Path, *args: str, env: dict[str, str] | None = None, input: str = "") -> str:
    """Run git in a repository and return its stdout."""
    return subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        text=True,
        input=input,
        env={**os.environ, **(env or {})},
    ).stdout


@dataclass
class Case:
    """One real commit as a work order: what it changed, in the parent's line numbers."""

    sha: str
    parent: str
    title: str
    body: str
    files: list[str]
    changed: dict[str, set[int]]
    at: str = ""  # the synthetic commit holding the work order, on top of the parent

    @property
    def size(self) -> int:
        """How many pre-image lines the commit changed."""
        return sum(len(lines) for lines in self.changed.values())


@dataclass
class Tally:
    """Recall and tokens of one history at one budget, for the new excerpts or the baseline."""

    shown: int = 0
    changed: int = 0
    recalls: list[float] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)
    excerpt_tokens: list[int] = field(default_factory=list)
    over: int = 0
    refused: int = 0

    def add(self, case: Case, text: str, tokens: int, excerpt_tokens: int, budget: int) -> None:
        """Count one rendered briefing."""
        seen = shown_lines(text)
        hit = sum(len(lines & seen.get(path, set())) for path, lines in case.changed.items())
        self.shown += hit
        self.changed += case.size
        self.recalls.append(hit / case.size)
        self.tokens.append(tokens)
        self.excerpt_tokens.append(excerpt_tokens)
        self.over += tokens > budget

    def row(self) -> str:
        """Micro and macro recall, mean tokens of the briefing and of its excerpts."""
        if not self.recalls:
            return f"{'-':>7} {'-':>7} {'-':>7} {'-':>7}"
        micro = self.shown / self.changed
        return (
            f"{micro:7.1%} {statistics.mean(self.recalls):7.1%} "
            f"{statistics.mean(self.tokens):7.0f} {statistics.mean(self.excerpt_tokens):7.0f}"
        )


def shown_lines(text: str) -> dict[str, set[int]]:
    """{path: line numbers} that the excerpts section of a briefing shows."""
    if "\n## Likely files\n" not in text:
        return {}
    section = text.split("\n## Likely files\n", 1)[1].split("\n## ", 1)[0]
    found: dict[str, set[int]] = {}
    path, fenced = "", False
    for line in section.splitlines():
        if line.startswith("### ") and not fenced:
            path = line[4:].strip()
        elif line.startswith("```"):
            fenced = not fenced
        elif fenced and (match := _SHOWN.match(line)):
            found.setdefault(path, set()).add(int(match.group(1)))
    return found


def cases(root: Path, count: int) -> list[Case]:
    """The last ``count`` first-parent commits that change Python files, as cases."""
    found: list[Case] = []
    for sha in git(root, "rev-list", "--first-parent", "--no-merges", "HEAD").split():
        if len(found) == count:
            break
        case = case_of(root, sha)
        if case is not None:
            found.append(case)
    return found


def case_of(root: Path, sha: str) -> Case | None:
    """A commit as a case, or None when it is no fair work order (no parent, too broad, no
    Python file, or nothing changed in a file that existed before)."""
    parents = git(root, "rev-list", "--parents", "-n", "1", sha).split()[1:]
    if len(parents) != 1:
        return None
    names = git(root, "diff", "--no-renames", "--name-only", parents[0], sha).split("\n")
    files = [n for n in names if n and not n.startswith(".workledger/")]
    if not files or len(files) > MAX_FILES or not any(n.endswith(".py") for n in files):
        return None
    changed: dict[str, set[int]] = {}
    for path in files:
        diff = git(root, "diff", "--no-renames", "-U0", parents[0], sha, "--", path)
        lines = set()
        for match in _HUNK.finditer(diff):
            start, length = int(match.group(1)), int(match.group(2) or "1")
            lines.update(range(start, start + length) if length else [max(start, 1)])
        if lines and "new file mode" not in diff:
            changed[path] = lines
    if not changed:
        return None
    message = git(root, "log", "-1", "--format=%B", sha).strip()
    title, _, body = message.partition("\n")
    return Case(sha, parents[0], title.strip(), body.strip(), files, changed)


def work_order(case: Case) -> str:
    """The work order file of a case."""
    folders = sorted({f"{p.rpartition('/')[0]}/**" if "/" in p else p for p in case.files})
    title = case.title.replace('"', "'")
    return (
        f'---\nid: {WO_ID}\ntitle: "{title}"\nstatus: ready\nclass: C2\n'
        f"scope: {folders!r}\nfiles: {case.files!r}\n---\n## Problem\n\n{case.body}\n"
    )


def stage(root: Path, case: Case, config: str) -> str:
    """A commit on top of the case's parent that adds the work order (and a config)."""
    env = {"GIT_INDEX_FILE": str(root / ".git" / "bench-index")}
    git(root, "read-tree", case.parent, env=env)
    blobs = {f".workledger/workorders/{WO_ID}.md": work_order(case)}
    if not git(root, "ls-tree", case.parent, ".workledger/config.yaml").strip():
        blobs[".workledger/config.yaml"] = config
    for path, text in blobs.items():
        sha = git(root, "hash-object", "-w", "--stdin", input=text).strip()
        git(root, "update-index", "--add", "--cacheinfo", f"100644,{sha},{path}", env=env)
    tree = git(root, "write-tree", env=env).strip()
    ident = {
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    }
    return git(root, "commit-tree", tree, "-p", case.parent, "-m", "bench", env=ident).strip()


@contextmanager
def baseline() -> Iterator[None]:
    """Render as before: no words to match and no filling, so each excerpt is the head."""
    words, fill = excerpts.keywords, chunks.fill
    excerpts.keywords = lambda title, body: relevance.Keywords.of("")  # type: ignore[assignment]
    chunks.fill = lambda found, total: []  # type: ignore[assignment]
    try:
        yield
    finally:
        excerpts.keywords, chunks.fill = words, fill  # type: ignore[assignment]


def measure(root: Path, found: list[Case], budgets: list[int | None]) -> list[str]:
    """Rows of the table for one history: one per budget, new excerpts beside the baseline."""
    ledger = Ledger.open(root)
    default = ledger.config.briefing_budget
    rows = []
    for budget in budgets:
        limit = budget or default
        new, old = Tally(), Tally()
        for case in found:
            for tally, plain in ((new, False), (old, True)):
                try:
                    with baseline() if plain else _nothing():
                        briefing = render_work_order_briefing(
                            ledger, WO_ID, base=case.parent, budget=limit, rev=case.at
                        )
                except BudgetError:
                    tally.refused += 1
                    continue
                part = next(s.tokens for s in briefing.sections if s.name == "excerpts")
                tally.add(case, briefing.text, briefing.tokens, part, limit)
        name = f"{limit}{' (default)' if limit == default else ''}"
        ratio = (new.shown / new.changed) / (old.shown / old.changed) if old.shown else 0.0
        rows.append(
            f"  {name:>16} {new.row()}   {old.row()}   {ratio:5.1f}×"
            f"  {new.over + old.over:>4} {new.refused:>3}"
        )
    return rows


@contextmanager
def _nothing() -> Iterator[None]:
    """No change to how excerpts are chosen."""
    yield


def clone(source: Path, into: Path) -> Path:
    """A throwaway clone (of a repository or a bundle) with a ledger folder to open."""
    branch = git(source, "symbolic-ref", "--short", "HEAD").strip() if source.is_dir() else "main"
    subprocess.run(
        ["git", "clone", "-q", "--no-checkout", "-b", branch, str(source), str(into)], check=True
    )
    (into / ".workledger").mkdir(exist_ok=True)
    return into


def history(label: str, source: Path, count: int, budgets: list[int | None], tmp: Path) -> None:
    """Measure one history and print its table."""
    started = time.perf_counter()
    root = clone(source, tmp / label.replace(" ", "-").replace("/", "-"))
    config = (ROOT / "templates/config.yaml").read_text(encoding="utf-8")
    found = cases(root, count)
    for case in found:
        case.at = stage(root, case, config)
    changed = sum(case.size for case in found)
    print(f"\n{label}: {len(found)} commits, {changed} changed lines in files that existed")
    columns = f"{'recall':>7} {'mean':>7} {'tokens':>7} {'excerpt':>7}"
    print(f"  {'budget':>16} {columns}   {columns.replace('recall', '  base')}   ratio  over bad")
    for row in measure(root, found, budgets):
        print(row)
    print(f"  ({time.perf_counter() - started:.1f} s)")


def main() -> None:
    """Parse the options and print one table per history."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=15, help="commits of this repository")
    parser.add_argument("--fixture-commits", type=int, default=40, help="commits of the fixture")
    parser.add_argument("--budgets", default="3000,default,24000")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the history measured first")
    parser.add_argument("--no-fixture", action="store_true", help="skip the bundled fixture")
    parser.add_argument("--no-self", action="store_true", help="skip --repo")
    args = parser.parse_args()
    budgets = [None if b == "default" else int(b) for b in args.budgets.split(",")]
    started = time.perf_counter()
    print("excerpt recall: share of the lines each commit changed that its briefing shows")
    print("recall = all commits' lines together; mean = the mean of each commit's recall;")
    print("tokens = whole briefing, excerpt = its excerpts section (estimated, bytes / 4);")
    print("base = the first-lines baseline; over = briefings over budget; bad = too small")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_self:
            history(f"this repository ({args.repo.name})", args.repo, args.commits, budgets,
                    Path(tmp))  # fmt: skip
        if not args.no_fixture:
            history(
                "pallets/itsdangerous (fixture)", FIXTURE, args.fixture_commits, budgets, Path(tmp)
            )
    print(f"\ntotal {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
