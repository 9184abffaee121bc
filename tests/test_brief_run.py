"""The briefing a run was given is the briefing ``gitsplit brief`` shows (issue 17, defect 6)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import WO_BODY, Repo

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
