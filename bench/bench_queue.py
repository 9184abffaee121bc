"""Time the work-graph listings on a large ledger: python bench/bench_queue.py [N] [BRANCHES].

Prints each command's time next to a baseline measured in the same run: `gitsplit
--version`, which pays only for starting Python and the CLI, so the difference is the
listing's own work.

Builds a throwaway repository with N work orders (chains of ten, a tenth of them
done) and BRANCHES unmerged WO branches with run records, then times `queue`,
`ready --ids`, `next`, `graph`, `status` and `search` as real subprocesses.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def git(root: Path, *args: str) -> None:
    """Run git quietly."""
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def build(root: Path, count: int, branches: int) -> None:
    """Write the ledger and the branches."""
    git(root, "init", "-q", "-b", "main")
    subprocess.run(
        [sys.executable, "-m", "gitsplit", "init"], cwd=root, check=True, capture_output=True
    )
    folder = root / ".workledger" / "workorders"
    for n in range(1, count + 1):
        dep = f"[WO-{n - 1}]" if n % 10 != 1 else "[]"
        status = "done" if n % 10 == 1 else "ready"
        (folder / f"WO-{n}.md").write_text(
            f"---\nid: WO-{n}\ntitle: Work order number {n}\nstatus: {status}\nclass: C{n % 4 + 1}"
            f"\npriority: P{n % 4}\ndepends_on: {dep}\ncreated: '2026-01-01T00:00:00Z'\n---\n"
            f"## Problem\n\nSomething about topic {n % 37}.\n",
            encoding="utf-8",
        )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "ledger")
    for n in range(2, 2 + branches):
        git(root, "checkout", "-q", "-b", f"wo/WO-{n}-work", "main")
        run_dir = root / ".workledger" / "runs" / f"WO-{n}"
        run_dir.mkdir(parents=True)
        (run_dir / "r1.md").write_text(
            f"---\nwo: WO-{n}\nrun: r1\nbranch: wo/WO-{n}-work\n"
            "started: '2026-02-01T00:00:00Z'\n---\n",
            encoding="utf-8",
        )
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"run WO-{n}")
    git(root, "checkout", "-q", "main")


def main() -> None:
    """Build, then time each command once."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000, help="work orders")
    parser.add_argument(
        "branches", nargs="?", type=int, default=20, help="unmerged WO branches with run records"
    )
    options = parser.parse_args()
    count, branches = options.count, options.branches
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "b",
            "GIT_AUTHOR_EMAIL": "b@example.com",
            "GIT_COMMITTER_NAME": "b",
            "GIT_COMMITTER_EMAIL": "b@example.com",
        }
        os.environ.update(env)
        build(root, count, branches)
        print(f"{count} work orders, {branches} unmerged WO branches")
        for args in (
            ["--version"],
            ["queue"],
            ["ready", "--ids"],
            ["next"],
            ["graph"],
            ["status"],
            ["search", "topic", "5"],
        ):
            start = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "gitsplit", *args],
                cwd=root,
                capture_output=True,
                text=True,
                check=False,
            )
            took = time.perf_counter() - start
            note = "  (baseline: start-up only)" if args == ["--version"] else ""
            print(f"  gitsplit {' '.join(args):<14} {took:6.2f}s  exit {proc.returncode}{note}")


if __name__ == "__main__":
    main()
