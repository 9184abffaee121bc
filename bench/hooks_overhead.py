"""What gitsplit's git hooks add to a commit, on a ledger of 10,000 work orders.

Builds a throw-away repository with N work orders, puts a run of WO-1 (scope ``src/**``)
on its branch (once by hand, once opened by ``gitsplit start --no-launch``, which commits
the run record and the briefing), then makes the same small in-scope commit again and
again, alternately with the hooks installed and with git pointed at an empty hooks
folder, and prints the median CPU and wall time of each and the time added.
Target: under 50 ms added (median).

    python bench/hooks_overhead.py [--commits 30] [--work-orders 10000] [--keep]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORK_ORDER = """\
---
id: WO-{n}
title: Work order number {n}
status: ready
class: C2
priority: P2
depends_on: []
scope: [{scope}]
files: []
decisions: []
invariants: []
checks: []
created: 2026-05-01T00:00:00Z
---
## Problem

Benchmark filler {n}.

## Acceptance

- [ ] Filler {n} is done.
"""
RUN = """\
---
wo: WO-1
run: 20260501-000000-bench
branch: wo/WO-1-bench
base: {base}
started: 2026-05-01T00:00:00Z
---
"""
ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str) -> str:
    """Run git in the bench repository."""
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def run_gitsplit(root: Path, *args: str) -> str:
    """Run gitsplit (this Python) in the bench repository."""
    return subprocess.run(
        [sys.executable, "-m", "gitsplit", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def build(root: Path, work_orders: int, *, via_start: bool) -> None:
    """A repository with a committed ledger of ``work_orders`` records and a WO-1 branch.

    ``via_start``: the branch is opened by ``gitsplit start WO-1 --no-launch``, so it holds
    the run record and the briefing start commits; else a hand-written run record.
    """
    git(root, "init", "-q", "-b", "main")
    run_gitsplit(root, "init", "--no-hooks")
    folder = root / ".workledger" / "workorders"
    for n in range(1, work_orders + 1):
        scope = "src/**" if n == 1 else f"area{n}/**"
        (folder / f"WO-{n}.md").write_text(WORK_ORDER.format(n=n, scope=scope), encoding="utf-8")
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text("print('hello')\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "ledger")
    if via_start:
        run_gitsplit(root, "hooks", "install")
        run_gitsplit(root, "start", "WO-1", "--no-launch")
        return
    git(root, "checkout", "-q", "-b", "wo/WO-1-bench")
    base = git(root, "rev-parse", "HEAD").strip()
    runs = root / ".workledger" / "runs" / "WO-1"
    runs.mkdir(parents=True)
    (runs / "20260501-000000-bench.md").write_text(RUN.format(base=base), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "run record")


def timed_commit(root: Path, number: int, *extra: str) -> tuple[float, float]:
    """Stage a one-line change in scope and time ``git commit``: (wall ms, CPU ms).

    The CPU time is git's and every process it waited for (the hooks, their git calls),
    which a busy shared machine disturbs far less than the wall time.
    """
    with open(root / "src" / "app.py", "a", encoding="utf-8") as handle:
        handle.write(f"print({number})\n")
    git(root, "add", "src/app.py")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        ["git", *extra, "commit", "-q", "-m", f"change {number}"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main() -> None:
    """Build, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=30)
    parser.add_argument("--work-orders", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the repository afterwards")
    options = parser.parse_args()
    os.environ.update(ENV)
    import gitsplit

    # pip compiles bytecode at install; PYTHONDONTWRITEBYTECODE would leave it to every run
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(gitsplit.__file__).parent)],
        check=True,
        capture_output=True,
    )
    tmp = Path(tempfile.mkdtemp(prefix="gitsplit-bench-"))
    empty = tmp / "no-hooks"
    empty.mkdir()
    for via_start in (False, True):
        root = tmp / ("started" if via_start else "hand-made")
        root.mkdir()
        measure(root, empty, options.work_orders, options.commits, via_start=via_start)
    if not options.keep:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


def measure(root: Path, empty: Path, work_orders: int, commits: int, *, via_start: bool) -> None:
    """Build one set-up and print the commit times with and without the hooks."""
    started = time.perf_counter()
    build(root, work_orders, via_start=via_start)
    how = (
        "branch opened by `gitsplit start --no-launch` (run record and briefing committed)"
        if via_start
        else "branch and run record made by hand"
    )
    print(f"\n{how}")
    print(
        f"repository: {work_orders} work orders, built in "
        f"{time.perf_counter() - started:.1f} s ({root})"
    )
    run_gitsplit(root, "hooks", "install")
    for number in range(3):  # warm up: the first commit with hooks fills the parse cache
        timed_commit(root, -number)
    without, with_hooks = [], []
    for number in range(commits):
        without.append(timed_commit(root, 2 * number, "-c", f"core.hooksPath={empty}"))
        with_hooks.append(timed_commit(root, 2 * number + 1))
    trailer = git(root, "log", "-1", "--format=%(trailers:only)").strip().replace("\n", ", ")
    print(f"commits: {commits} with hooks, {commits} without, alternating; medians in ms")
    print(f"last commit's trailers: {trailer}")
    print(f"  {'':<22} {'CPU':>7} {'wall':>7}")
    plain = [statistics.median(t[k] for t in without) for k in (1, 0)]
    hooked = [statistics.median(t[k] for t in with_hooks) for k in (1, 0)]
    print(f"  {'without hooks':<22} {plain[0]:7.1f} {plain[1]:7.1f}")
    print(f"  {'with hooks':<22} {hooked[0]:7.1f} {hooked[1]:7.1f}")
    added = [h - p for h, p in zip(hooked, plain, strict=True)]
    print(f"  {'added by the hooks':<22} {added[0]:7.1f} {added[1]:7.1f}   (target: under 50)")


if __name__ == "__main__":
    main()
