"""bench/briefing_recall.py still runs, and its figures still favour the new excerpts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench/briefing_recall.py"


def test_the_recall_bench_runs_on_the_fixture() -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH), "--no-self", "--fixture-commits", "4", "--budgets", "4000"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert "pallets/itsdangerous (fixture): 4 commits" in out
    row = re.search(r"^ +4000 +([\d.]+)% .* ([\d.]+)% +[\d.]+% +\d+ +\d+ +[\d.]+× +0 ", out, re.M)
    assert row, out  # no briefing over its budget
    assert float(row.group(1)) >= float(row.group(2)), out
