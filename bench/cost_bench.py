"""Time `gitsplit cost ledger` and `gitsplit cost runs` on a large ledger.

Usage: python bench/cost_bench.py [WORK_ORDERS]   (default 1000; one run record each)

Each figure is printed next to a baseline from the same run: `gitsplit --version`, which
pays only for starting Python and the CLI.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RECORD = """---
id: WO-{n}
title: Work order {n}
status: {status}
class: C{klass}
priority: P2
scope: [src/m{n}/**]
{estimate}---
## Problem

Bench.
"""
RUN = """---
wo: WO-{n}
run: r1
tier: cheap
tokens: {{input: {tokens}, output: 3000}}
{cost}---
Result.
"""


def gitsplit(root: Path, *args: str) -> float:
    """Run gitsplit as a subprocess in ``root``; return the seconds it took."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "gitsplit", *args], cwd=root, check=True, capture_output=True
    )
    return time.perf_counter() - start


def main() -> None:
    """Build the ledger, then time each command."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "count", nargs="?", type=int, default=1000, help="work orders (one run record each)"
    )
    count = parser.parse_args().count
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
        gitsplit(root, "init")
        for n in range(1, count + 1):
            ledger = root / ".workledger"
            estimate = "estimate: {turns: 4}\n" if n % 5 == 0 else ""
            (ledger / "workorders" / f"WO-{n}.md").write_text(
                RECORD.format(
                    n=n,
                    status=("ready", "draft", "done")[n % 3],
                    klass=n % 4 + 1,
                    estimate=estimate,
                ),
                encoding="utf-8",
            )
            folder = ledger / "runs" / f"WO-{n}"
            folder.mkdir(parents=True, exist_ok=True)
            cost = f"cost_usd: 0.{n:04d}\n" if n % 2 else ""
            (folder / "r1.md").write_text(
                RUN.format(n=n, tokens=n * 10, cost=cost), encoding="utf-8"
            )
        print(f"{'--version (baseline)':<22} start-up only: {gitsplit(root, '--version'):.3f}s")
        for args in (("cost", "ledger", "--json"), ("cost", "runs", "--json"), ("route", "WO-1")):
            print(f"{' '.join(args):<22} {count} work orders: {gitsplit(root, *args):.3f}s")


if __name__ == "__main__":
    main()
