"""What an agent reads first fits in 10,000 characters (issue 17, defect 7).

Claude Code hands a hook's context over 10,000 characters to the model only as a preview.
``brief --max-chars N`` cuts a briefing to N characters in the budget's order, and the
default briefings of the tour and the AGENTS.md section stay under that size.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import WO_BODY, Repo
from tests.test_tour import committed_briefings

PREVIEW = 10_000  # characters Claude Code passes whole


def long_files(repo: Repo) -> None:
    """WO-1 with three likely files of 200 long lines each, committed."""
    for name in ("a", "b", "c"):
        text = "".join(
            f"def {name}{n}(value):  # {'x' * 60}\n    return value\n" for n in range(100)
        )
        repo.write(f"src/{name}.py", text)
    files = [arg for name in "abc" for arg in ("--file", f"src/{name}.py")]
    repo.ok("wo", "new", "Tune a0", "--status", "ready", "--scope", "src/**", *files, *WO_BODY)
    repo.commit_all("files")


def test_max_chars_cuts_in_the_budgets_order(repo: Repo) -> None:
    long_files(repo)
    whole = repo.ok("brief", "WO-1")
    assert len(whole) > 3000
    result = repo.cli("brief", "WO-1", "--max-chars", "3000")
    assert result.exit_code == 0, result.output
    assert len(result.stdout) <= 3000
    assert "characters** (estimated" in result.stdout  # the notice names the limit
    assert "## How to report back" in result.stdout and "The test's task." in result.stdout
    assert "of 3000 characters" in result.stderr
    budget = repo.ok("brief", "WO-1", "--budget", "750")  # about as many tokens: same cuts
    cut = [line for line in result.stdout.splitlines() if line.startswith("> - ")]
    assert cut and cut == [line for line in budget.splitlines() if line.startswith("> - ")]


def test_max_chars_too_small_for_the_mandatory_parts(repo: Repo) -> None:
    long_files(repo)
    result = repo.cli("brief", "WO-1", "--max-chars", "200")
    assert result.exit_code == 1
    assert "--max-chars 200 is too small" in result.output and "Traceback" not in result.output


def test_the_tours_briefings_and_the_agents_md_section_fit_a_preview(tmp_path: Path) -> None:
    where = tmp_path / "tour"
    proc = subprocess.run(
        [sys.executable, "-m", "gitsplit", "tour", "--dir", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    briefings = committed_briefings(where)
    assert briefings and all(len(text) < PREVIEW for text in briefings.values())
    agents = (where / "AGENTS.md").read_text(encoding="utf-8")
    section = agents[agents.index("<!-- gitsplit:begin") : agents.index("<!-- gitsplit:end")]
    assert 0 < len(section) < PREVIEW
