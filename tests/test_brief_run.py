"""The briefing a run was given is the briefing ``gitsplit brief`` shows (issue 17, defect 6)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import WO_BODY, Repo, git

RUN_BRIEFING = ".workledger/runs/WO-1/WO-1-r1.briefing.md"


def started(repo: Repo, tmp_path: Path) -> Path:
    """WO-1 started with --no-launch in a worktree; the worktree's path."""
    repo.ok("wo", "new", "Tune it", "--status", "ready", "--scope", "src/**", *WO_BODY)
    repo.commit_all("plan")
    where = tmp_path / "run"
    repo.ok("start", "WO-1", "--no-launch", "--worktree", str(where))
    return where


def test_the_run_got_what_brief_shows_at_its_base(repo: Repo, tmp_path: Path) -> None:
    where = started(repo, tmp_path)
    given = (where / RUN_BRIEFING).read_text(encoding="utf-8")
    base = repo.git("rev-parse", "main").strip()
    assert f"- Base commit: `{base}` (main)\n" in given
    assert repo.ok("brief", "WO-1") == given


def test_brief_run_prints_exactly_the_committed_briefing(repo: Repo, tmp_path: Path) -> None:
    where = started(repo, tmp_path)
    given = (where / RUN_BRIEFING).read_text(encoding="utf-8")
    repo.ok("wo", "set", "WO-1", "title=Renamed since")  # a fresh render would differ now
    repo.commit_all("rename")
    result = repo.cli("brief", "--run", "WO-1-r1")
    assert result.exit_code == 0, result.output
    assert result.stdout == given
    record = repo.git("show", "wo/WO-1-tune-it:.workledger/runs/WO-1/WO-1-r1.md")
    sha = next(line.split()[1] for line in record.splitlines() if line.startswith("briefing_"))
    assert result.stderr == (
        f"sha256 {sha}  matches run WO-1-r1's record ({RUN_BRIEFING} on wo/WO-1-tune-it)\n"
    )
    assert "Renamed since" not in result.stdout


def test_brief_run_refuses_a_briefing_changed_after_the_start(repo: Repo, tmp_path: Path) -> None:
    where = started(repo, tmp_path)
    (where / RUN_BRIEFING).write_text("Do something else entirely.\n", encoding="utf-8")
    git(where, "commit", "-q", "--no-verify", "-am", "swap the briefing")
    result = repo.cli("brief", "--run", "WO-1-r1")
    assert result.exit_code == 1
    assert f"{RUN_BRIEFING} on wo/WO-1-tune-it is not the briefing run WO-1-r1 was given" in (
        result.output
    )
    assert "Do something else" not in result.output


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["--run", "WO-9-r1"], 1, "no committed briefing of run WO-9-r1 on any branch"),
        (["--run", "nonsense"], 1, "'nonsense' is not a run id"),
        (["--run", "D-1-r1"], 1, "D-1 is a decision, not a work order"),
        (["WO-1", "--run", "WO-1-r1"], 2, "--run prints the committed briefing as it is"),
        (["--run", "WO-1-r1", "--budget", "5k"], 2, "--run prints the committed briefing"),
    ],
)
def test_brief_run_refuses_what_it_cannot_show(
    repo: Repo, args: list[str], code: int, words: str
) -> None:
    result = repo.cli("brief", *args)
    assert result.exit_code == code and words in result.output, result.output


def test_post_checkout_points_at_the_briefing_the_run_was_given(repo: Repo) -> None:
    repo.ok("hooks", "install")
    repo.ok("wo", "new", "Tune it", "--status", "ready", "--scope", "src/**", *WO_BODY)
    repo.commit_all("plan")
    repo.ok("start", "WO-1", "--no-launch")
    repo.git("checkout", "-q", "main")
    out = subprocess.run(
        ["git", "checkout", "wo/WO-1-tune-it"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stderr.splitlines()[-1] == (
        'gitsplit: on WO-1 (C2) "Tune it"; the briefing run WO-1-r1 was given: '
        f"{RUN_BRIEFING} (`gitsplit brief --run WO-1-r1`)"
    )
