"""gitsplit on ledgers of 1k, 10k and 50k work orders: python bench/scale.py [--sizes 1000,10000].

Builds a throwaway repository per size with a committed ledger (four-word titles, a
40-word body, a fifth of the work orders with a dependency, scopes naming 50 tracked
folders), then times each command as a real subprocess: the median of warm runs (kept
answers on: ``queue``, ``ready`` and ``wo list --json`` to a pipe and ``check`` print
their last answer while nothing changed), the cold run (index and kept answers deleted),
the warm run of the index alone ("unkept": GITSPLIT_NO_KEPT_ANSWERS=1), the run after
editing one record, and its ratio to the index's warm run. In the same run it times the
previous path (the index turned off with GITSPLIT_NO_INDEX=1) and three baselines:
`python -c pass` (starting Python), `git status` (git's own look at the same tree) and
ten million additions in Python (how fast this machine is right now). Figures are CPU
time (user + system of the process and the git processes it waits for), which a busy
shared machine disturbs far less than wall time; the wall time is printed beside them.
The targets are issue 18's.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import backlog_md

WORDS = (
    "parse",
    "render",
    "index",
    "ledger",
    "branch",
    "commit",
    "review",
    "merge",
    "queue",
    "graph",
    "status",
    "search",
    "budget",
    "token",
    "cache",
    "record",
    "field",
    "order",
    "scope",
    "check",
    "brief",
    "agent",
    "plan",
    "cost",
    "route",
)
ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}
AREAS = 50  # the folders under src/ the work orders' scopes name, one file each
# command, target in ms (None: no target), how it is measured
COMMANDS: list[tuple[str, list[str], float | None]] = [
    ("--help", ["--help"], 80),
    ("queue --json", ["queue", "--json"], 150),
    ("wo list --json", ["wo", "list", "--json"], None),
    ("check", ["check"], 300),
    ("brief WO-n", ["brief", "WO-{mid}"], 300),
    ("status", ["status"], None),
]


def git(root: Path, *args: str) -> str:
    """Run git quietly in the bench repository."""
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def title(n: int) -> str:
    """Four words, the same for gitsplit's WO-n and Backlog.md's task-n."""
    return " ".join(WORDS[(n * k + k) % len(WORDS)] for k in (1, 3, 5, 7)).capitalize()


def body(n: int) -> str:
    """Forty words."""
    return " ".join(WORDS[(n + k * k) % len(WORDS)] for k in range(40))


# the line `gitsplit wo new` ends every frontmatter with (a comment to YAML)
MODELINE = "# yaml-language-server: $schema=../schema/workorder.schema.json"


def work_order(n: int) -> str:
    """The text of WO-n in the issue's shape, with the schema modeline `wo new` writes."""
    dep = f"[WO-{n - 1}]" if n % 5 == 0 and n > 1 else "[]"
    return (
        f"---\nid: WO-{n}\ntitle: {title(n)}\nstatus: ready\nclass: C{n % 4 + 1}\n"
        f"priority: P{n % 4}\ndepends_on: {dep}\nscope: ['src/area{n % AREAS}/**']\n"
        f"created: '2026-01-01T00:00:00Z'\n{MODELINE}\n---\n## Problem\n\n{body(n)}.\n"
    )


def build(root: Path, count: int) -> None:
    """A repository with ``count`` committed work orders and gitsplit's hooks installed."""
    git(root, "init", "-q", "-b", "main")
    subprocess.run(
        [sys.executable, "-m", "gitsplit", "init", "--no-hooks"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    folder = root / ".workledger" / "workorders"
    for n in range(1, count + 1):
        (folder / f"WO-{n}.md").write_text(work_order(n), encoding="utf-8")
    for area in range(AREAS):  # what the scopes name exists: check has nothing to warn about
        (root / "src" / f"area{area}").mkdir(parents=True)
        (root / "src" / f"area{area}" / "module.py").write_text("", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "ledger")


def cpu_of(argv: list[str], root: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Run ``argv`` once: (CPU ms of it and its children, wall ms, exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=root, env=env, capture_output=True, check=False)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return cpu, wall, proc.returncode


def median_of(
    runs: int, argv: list[str], root: Path, env: dict[str, str], before: Callable[[], None]
) -> tuple[float, float, int]:
    """Median CPU and wall ms over ``runs`` runs, ``before`` called ahead of each."""
    results = []
    for _ in range(runs):
        before()
        results.append(cpu_of(argv, root, env))
    cpu = statistics.median(r[0] for r in results)
    wall = statistics.median(r[1] for r in results)
    return cpu, wall, max(r[2] for r in results)


def settle() -> None:
    """Wait until the files last written are older than the two seconds within which
    gitsplit trusts no stat data (nothing is kept or served from the index then)."""
    time.sleep(2.1)


def index_path(root: Path) -> Path:
    """Where gitsplit keeps its index of parsed records."""
    return Path(git(root, "rev-parse", "--absolute-git-dir").strip()) / "gitsplit" / "index"


def measure(root: Path, count: int, runs: int, old: bool) -> dict[str, dict[str, float]]:
    """Every command's figures on one ledger: warm, cold, edited one, old path."""
    env = {**os.environ, **ENV}
    off = {**env, "GITSPLIT_NO_INDEX": "1"}
    unkept = {**env, "GITSPLIT_NO_KEPT_ANSWERS": "1"}  # the index's own warm run
    gs = [sys.executable, "-m", "gitsplit"]
    edited = root / ".workledger" / "workorders" / f"WO-{count // 3}.md"
    figures: dict[str, dict[str, float]] = {}

    def drop_index() -> None:
        for pattern in ("index*", "answer-*", "help", "config-yaml"):  # every kept thing
            for path in index_path(root).parent.glob(pattern):
                path.unlink()

    def edit_one() -> None:
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text + "x\n", encoding="utf-8")

    def nothing() -> None:
        return None

    for name, args, _target in COMMANDS:
        argv = gs + [a.format(mid=count // 2) for a in args]
        row: dict[str, float] = {}
        row["cold"] = median_of(1, argv, root, env, drop_index)[0]
        cpu, wall, code = median_of(runs, argv, root, env, nothing)
        row["warm"], row["wall"], row["exit"] = cpu, wall, code
        if name != "--help":
            row["index"] = median_of(runs, argv, root, unkept, nothing)[0]
            row["edited"] = median_of(max(3, runs // 2), argv, root, env, edit_one)[0]
            settle()  # the next command's warm runs must not fall in the edit's window
            if old:
                row["old"] = median_of(1, argv, root, off, nothing)[0]
        figures[name] = row
    new_argv = [*gs, "wo", "new", "Bench work order", "--class", "C2"]
    cpu, wall, code = median_of(runs, new_argv, root, env, nothing)
    figures["wo new"] = {"warm": cpu, "wall": wall, "exit": code}
    git(root, "checkout", "-q", "--", ".workledger")
    git(root, "clean", "-q", "-f", "--", ".workledger")  # the bench's own throwaway repository
    spin = [sys.executable, "-c", "sum(range(10**7))"]
    figures["python: 10**7 adds"] = {"warm": median_of(runs, spin, root, env, nothing)[0]}
    figures["python -c pass"] = {
        "warm": median_of(runs, [sys.executable, "-c", "pass"], root, env, nothing)[0]
    }
    figures["git status"] = {"warm": median_of(runs, ["git", "status"], root, env, nothing)[0]}
    return figures


def compare_backlog(program: Path, tmp: Path, size: int, runs: int) -> dict[str, dict[str, float]]:
    """Backlog.md's list and create on ``size`` tasks of the same shape, beside gitsplit's."""
    root = tmp / "backlog-md"
    root.mkdir()
    backlog_md.build(root, size, title, body)
    env = {**os.environ, **ENV}
    return backlog_md.measure(program, root, max(3, runs // 2), lambda a, r: cpu_of(a, r, env))


def targets() -> dict[str, float | None]:
    """The target of each command, in ms."""
    found: dict[str, float | None] = {name: target for name, _args, target in COMMANDS}
    found["wo new"] = 250
    return found


def report(size: int, figures: dict[str, dict[str, float]]) -> None:
    """Print one size's table."""
    print(f"\n{size:,} work orders (CPU ms; median of warm runs)")
    print(
        f"  {'command':<20} {'warm':>7} {'wall':>7} {'cold':>7} {'unkept':>7} {'edit 1':>7} "
        f"{'ratio':>6} {'no index':>9} target"
    )
    goals = targets()
    for name, row in figures.items():
        cells = [
            f"{row[key]:{width}.0f}" if key in row else f"{'-':>{width}}"
            for key, width in (
                ("warm", 7),
                ("wall", 7),
                ("cold", 7),
                ("index", 7),
                ("edited", 7),
            )
        ]
        ratio = row["edited"] / row["index"] if row.get("index") and "edited" in row else None
        cells.append(f"{ratio:5.2f}x" if ratio is not None else f"{'-':>6}")
        cells.append(f"{row['old']:9.0f}" if "old" in row else f"{'-':>9}")
        goal = goals.get(name)
        verdict = ""
        if goal is not None:
            verdict = f"≤ {goal:.0f} {'met' if row['warm'] <= goal else 'NOT met'}"
        bad = f"  exit {row['exit']:.0f}" if row.get("exit") else ""
        print(f"  {name:<20} {' '.join(cells)} {verdict}{bad}")


def main() -> None:
    """Build each size, measure, print, and show how the warm figures grow."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sizes", default="1000,10000", help="comma-separated (e.g. 1000,10000,50000)"
    )
    parser.add_argument("--runs", type=int, default=5, help="warm runs per command")
    parser.add_argument("--no-old", action="store_true", help="skip the run without the index")
    parser.add_argument("--keep", action="store_true", help="keep the repositories")
    parser.add_argument("--no-backlog", action="store_true", help="skip Backlog.md")
    parser.add_argument(
        "--no-install", action="store_true", help="use Backlog.md only if already installed"
    )
    options = parser.parse_args()
    os.environ.update(ENV)
    import gitsplit

    # pip compiles bytecode at install; PYTHONDONTWRITEBYTECODE would leave it to every run
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(gitsplit.__file__).parent)],
        check=True,
        capture_output=True,
    )
    backlog, how = (None, "skipped (--no-backlog)")
    if not options.no_backlog:
        backlog, how = backlog_md.find(install=not options.no_install)
    print(f"Backlog.md {backlog_md.VERSION}: {how}" if backlog else f"Backlog.md: skipped, {how}")
    all_figures: dict[int, dict[str, dict[str, float]]] = {}
    for size in (int(s) for s in options.sizes.split(",")):
        tmp = Path(tempfile.mkdtemp(prefix=f"gitsplit-scale-{size}-"))
        started = time.perf_counter()
        build(tmp, size)
        print(f"built {size:,} work orders in {time.perf_counter() - started:.0f} s ({tmp})")
        settle()
        all_figures[size] = measure(tmp, size, options.runs, not options.no_old)
        if backlog is not None:
            all_figures[size].update(compare_backlog(backlog, tmp, size, options.runs))
        report(size, all_figures[size])
        if not options.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    sizes = sorted(all_figures)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(
            f"\ngrowth of the warm CPU time from {small:,} to {large:,} "
            f"({large // small}x the records)"
        )
        for name in all_figures[small]:
            a, b = all_figures[small][name]["warm"], all_figures[large][name]["warm"]
            print(f"  {name:<20} {a:7.0f} → {b:7.0f} ms  ({b / a if a else 0:5.2f}x)")


if __name__ == "__main__":
    main()
