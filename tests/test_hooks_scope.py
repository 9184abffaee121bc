"""Real commits through the installed hooks: scope, protected paths, trailers, skip switch."""

from __future__ import annotations

import os
import subprocess

from tests.conftest import Repo
from tests.hooks_helpers import commit, install, message, stage, trailers, wo_branch, write_run


def test_in_scope_commit_gets_work_order_and_run_trailers(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**", run="r1-old", started="2026-05-01T10:00:00Z")
    base = repo.git("rev-parse", "HEAD").strip()
    write_run(
        repo, "WO-1", "r2-new", branch="wo/WO-1-parser", base=base, started="2026-05-02T10:00:00Z"
    )
    stage(repo, "src/parser.py", "x = 1\n")
    repo.git("add", "-A")
    result = commit(repo, "Parse it")
    assert result.returncode == 0, result.stderr
    assert trailers(repo) == ["Work-Order: WO-1", "Run: r2-new"]
    assert message(repo).startswith("Parse it\n\n")


def test_run_trailer_is_left_out_when_there_is_no_run_record(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**")
    stage(repo, "src/a.py", "a\n")
    assert commit(repo).returncode == 0
    assert trailers(repo) == ["Work-Order: WO-1"]


def test_out_of_scope_paths_are_refused_and_listed(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**", "tests/**")
    before = repo.git("rev-parse", "HEAD")
    stage(repo, "src/ok.py", "ok\n")
    stage(repo, "docs/guide.md", "guide\n")
    stage(repo, "setup.cfg", "[x]\n")
    result = commit(repo)
    assert result.returncode == 1
    assert "docs/guide.md" in result.stderr and "setup.cfg" in result.stderr
    assert "outside the scope of WO-1 (scope: src/**, tests/**)" in result.stderr
    assert "src/ok.py" not in result.stderr
    assert "GITSPLIT_SKIP=scope" in result.stderr
    assert repo.git("rev-parse", "HEAD") == before


def test_both_sides_of_a_rename_must_be_in_scope(repo: Repo) -> None:
    repo.write("lib/old.py", "print('a fairly long line so rename detection sees it')\n")
    repo.commit_all("lib")
    install(repo)
    wo_branch(repo, "src/**")
    (repo.root / "src").mkdir()
    repo.git("mv", "lib/old.py", "src/new.py")
    result = commit(repo)
    assert result.returncode == 1
    assert "lib/old.py" in result.stderr and "src/new.py" not in result.stderr


def test_deleting_a_file_outside_scope_is_refused(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**")
    repo.git("rm", "-q", "README.md")
    result = commit(repo)
    assert result.returncode == 1 and "README.md" in result.stderr


def test_decision_edit_refused_on_a_wo_branch_and_allowed_on_main(repo: Repo) -> None:
    install(repo)
    repo.ok("decide", "Use YAML", "--rejected", "TOML: no comments kept")
    repo.git("add", "-A")
    assert commit(repo, "decide").returncode == 0
    wo_branch(repo, "src/**", ".workledger/**")
    path = repo.root / ".workledger/decisions/D-1.md"
    path.write_text(path.read_text().replace("Use YAML", "Use JSON"), encoding="utf-8")
    repo.git("add", "-A")
    result = commit(repo)
    assert result.returncode == 1
    assert ".workledger/decisions/D-1.md" in result.stderr
    assert "protected path (protected_paths: .workledger/decisions/**)" in result.stderr
    assert "widen its scope" not in result.stderr  # a scope edit cannot let this through
    assert "they change on main, not on a run's branch" in result.stderr
    repo.git("stash", "-q")
    repo.git("checkout", "-q", "main")
    repo.git("stash", "pop", "-q")
    repo.git("add", "-A")
    assert commit(repo, "amend decision").returncode == 0
    assert trailers(repo) == []


def test_other_work_orders_records_are_refused_own_record_allowed(repo: Repo) -> None:
    install(repo)
    repo.ok("wo", "new", "Other")
    repo.commit_all("WO-1")
    wo_branch(repo, "src/**")  # WO-2
    other = repo.root / ".workledger/workorders/WO-1.md"
    other.write_text(other.read_text().replace("Other", "Mine now"), encoding="utf-8")
    own = repo.root / ".workledger/workorders/WO-2.md"
    own.write_text(own.read_text().replace("status: draft", "status: review"), encoding="utf-8")
    repo.git("add", "-A")
    result = commit(repo)
    assert result.returncode == 1
    assert "WO-1.md" in result.stderr and "another work order's record" in result.stderr
    assert "WO-2.md" not in result.stderr


def test_skip_switch_lets_one_commit_through_and_records_it(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**")
    stage(repo, "docs/x.md", "x\n")
    result = commit(repo, "needed it", env={"GITSPLIT_SKIP": "scope"})
    assert result.returncode == 0, result.stderr
    assert "let through 1 path(s) the scope check refuses" in result.stderr
    assert trailers(repo) == ["Work-Order: WO-1", "Gitsplit-Skipped: scope"]


def test_unknown_skip_value_is_refused_with_a_suggestion(repo: Repo) -> None:
    install(repo)
    stage(repo, "a.txt", "a\n")
    result = commit(repo, env={"GITSPLIT_SKIP": "scop"})
    assert result.returncode == 1
    assert "unknown check 'scop' (did you mean 'scope'?)" in result.stderr


def test_trailers_are_never_duplicated(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**", run="r1")
    stage(repo, "src/a.py", "a\n")
    assert commit(repo, "first\n\nWork-Order: WO-1\nRun: r1").returncode == 0
    assert trailers(repo) == ["Work-Order: WO-1", "Run: r1"]
    stage(repo, "src/a.py", "b\n")
    assert commit(repo, "again", "--amend").returncode == 0
    assert trailers(repo) == ["Work-Order: WO-1", "Run: r1"]
    stage(repo, "src/a.py", "c\n")
    repo.git("commit", "-q", "--amend", "--no-edit")
    assert trailers(repo) == ["Work-Order: WO-1", "Run: r1"]


def test_fixup_commits_are_left_alone(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**")
    stage(repo, "src/a.py", "a\n")
    assert commit(repo, "add a").returncode == 0
    stage(repo, "src/a.py", "b\n")
    assert commit(repo, "", "--fixup", "HEAD").returncode == 0
    assert message(repo).strip() == "fixup! add a"


def test_commit_from_a_subfolder_with_commit_a(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**")
    stage(repo, "src/deep/a.py", "a\n")
    assert commit(repo).returncode == 0
    (repo.root / "src/deep/a.py").write_text("b\n", encoding="utf-8")
    (repo.root / "README.md").write_text("changed\n", encoding="utf-8")
    result = commit(repo, "all", "-a", cwd=repo.root / "src/deep")
    assert result.returncode == 1 and "README.md" in result.stderr
    result = subprocess.run(
        ["git", "commit", "-q", "-m", "only", "a.py"],
        cwd=repo.root / "src/deep",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_empty_message_still_aborts_the_commit(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**")
    before = repo.git("rev-parse", "HEAD")
    stage(repo, "src/a.py", "a\n")
    result = commit(repo, "")
    assert result.returncode != 0 and "empty commit message" in result.stderr
    assert repo.git("rev-parse", "HEAD") == before


def test_editor_commit_with_verbose_diff_gets_trailers_before_the_comments(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**")
    editor = repo.root.parent / "editor.sh"
    editor.write_text(
        '#!/bin/sh\n{ printf \'Edited subject\\n\'; cat "$1"; } > "$1.new"\nmv "$1.new" "$1"\n',
        encoding="utf-8",
    )
    editor.chmod(0o755)
    stage(repo, "src/a.py", "a\n")
    result = subprocess.run(
        ["git", "commit", "-q", "-v"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GIT_EDITOR": str(editor)},
    )
    assert result.returncode == 0, result.stderr
    assert message(repo).strip() == "Edited subject\n\nWork-Order: WO-1"


def test_another_work_orders_trailer_is_kept_with_a_warning(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**", run="r1")
    stage(repo, "src/a.py", "a\n")
    result = commit(repo, "borrowed\n\nWork-Order: WO-9")
    assert result.returncode == 0, result.stderr
    assert "warning: this commit names Work-Order: WO-9, but its branch is WO-1's" in result.stderr
    assert trailers(repo) == ["Work-Order: WO-9", "Run: r1"]
    # a Work-Order line in the body (not a trailer) is not the commit's: ours is added
    stage(repo, "src/a.py", "b\n")
    result = commit(repo, "mention\n\nWork-Order: WO-9 was the old plan.\n\nMore text.")
    assert result.returncode == 0 and "warning" not in result.stderr
    assert trailers(repo) == ["Work-Order: WO-1", "Run: r1"]
    # the usual commit says nothing
    stage(repo, "src/a.py", "c\n")
    result = commit(repo, "plain")
    assert result.returncode == 0 and result.stderr == ""
