"""`gitsplit hooks install/uninstall/status`: chaining, core.hooksPath, a Python that is gone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Repo, git
from tests.hooks_helpers import commit, install, stage, trailers, wo_branch

HOOKS = ("pre-commit", "commit-msg", "post-checkout")
FOREIGN = '#!/bin/sh\necho "legacy {name} ran" >&2\nexit {status}\n'


def _hooks(repo: Repo) -> Path:
    return repo.root / ".git" / "hooks"


def _foreign(path: Path, status: int = 0) -> str:
    """Write another tool's hook; returns its text."""
    text = FOREIGN.format(name=path.name, status=status)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return text


def test_install_twice_is_a_no_op_and_status_reports_it(repo: Repo) -> None:
    first = install(repo)
    assert first.splitlines() == [f"{hook}: installed" for hook in HOOKS]
    before = {hook: (_hooks(repo) / hook).stat().st_mtime_ns for hook in HOOKS}
    assert install(repo).splitlines() == [f"{hook}: already installed" for hook in HOOKS]
    assert {hook: (_hooks(repo) / hook).stat().st_mtime_ns for hook in HOOKS} == before
    data = json.loads(repo.ok("hooks", "status", "--json"))
    assert set(data) == {
        "hooks_dir",
        "core_hooks_path",
        "core_hooks_path_origin",
        "installable",
        "problem",
        "inactive",
        "hooks",
    }
    assert [(h["name"], h["state"], h["python"], h["python_exists"]) for h in data["hooks"]] == [
        (hook, "installed", sys.executable, True) for hook in HOOKS
    ]
    text = repo.ok("hooks", "status")
    assert "pre-commit     installed" in text and f"python {sys.executable}" in text


def test_foreign_hook_is_kept_run_first_and_restored(repo: Repo) -> None:
    original = _foreign(_hooks(repo) / "pre-commit")
    _foreign(_hooks(repo) / "commit-msg")
    out = install(repo)
    assert (
        "pre-commit: installed; the hook that was there is kept as pre-commit.legacy and "
        "runs first" in out
    )
    assert (_hooks(repo) / "pre-commit.legacy").read_text() == original
    wo_branch(repo, "src/**")
    stage(repo, "docs/x.md", "x\n")
    refused = commit(repo)
    assert refused.returncode == 1
    assert refused.stderr.index("legacy pre-commit ran") < refused.stderr.index("docs/x.md")
    subprocess.run(["git", "reset", "-q"], cwd=repo.root, check=True)
    stage(repo, "src/a.py", "a\n")
    done = commit(repo)
    assert done.returncode == 0 and "legacy commit-msg ran" in done.stderr
    assert trailers(repo) == ["Work-Order: WO-1"]
    assert "chains" in repo.ok("hooks", "status")
    out = repo.ok("hooks", "uninstall")
    assert "pre-commit: removed; the hook kept as pre-commit.legacy is back in place" in out
    assert (_hooks(repo) / "pre-commit").read_text() == original
    assert not (_hooks(repo) / "pre-commit.legacy").exists()
    assert "post-checkout: removed" in out
    assert (
        repo.ok("hooks", "uninstall").strip() == "gitsplit's hooks are not installed; nothing to do"
    )


def test_a_failing_foreign_hook_stops_the_commit(repo: Repo) -> None:
    _foreign(_hooks(repo) / "pre-commit", status=3)
    install(repo)
    stage(repo, "a.txt", "a\n")
    result = commit(repo)
    assert result.returncode == 1 and "legacy pre-commit ran" in result.stderr


def test_tool_installed_after_gitsplit_keeps_it_as_its_legacy_hook(repo: Repo) -> None:
    install(repo)
    ours = _hooks(repo) / "pre-commit"
    ours.rename(_hooks(repo) / "pre-commit.legacy")  # what pre-commit's installer does
    _foreign(ours)
    assert "gitsplit runs as pre-commit.legacy, called by the pre-commit hook" in install(repo)
    assert json.loads(repo.ok("hooks", "status", "--json"))["hooks"][0]["state"] == "chained"
    out = repo.ok("hooks", "uninstall")
    assert "removed gitsplit (pre-commit.legacy) from under the other tool's hook" in out
    assert not (_hooks(repo) / "pre-commit.legacy").exists() and ours.exists()


def test_force_is_needed_when_both_hook_and_legacy_are_foreign(repo: Repo) -> None:
    _foreign(_hooks(repo) / "pre-commit")
    older = _foreign(_hooks(repo) / "pre-commit.legacy")
    result = repo.cli("hooks", "install")
    assert result.exit_code == 1
    assert "pre-commit.legacy exists too" in result.output and "--force" in result.output
    assert "pre-commit.legacy.1" in repo.ok("hooks", "install", "--force")
    assert (_hooks(repo) / "pre-commit.legacy.1").read_text() == older


def test_dead_symlink_hook_is_kept_and_skipped_like_git_does(repo: Repo) -> None:
    (_hooks(repo) / "pre-commit").symlink_to(repo.root / "gone-hook")
    out = install(repo)
    assert "a dead symlink to" in out
    stage(repo, "a.txt", "a\n")
    assert commit(repo).returncode == 0
    repo.ok("hooks", "uninstall")
    assert (_hooks(repo) / "pre-commit").is_symlink()


def test_missing_hooks_folder_is_created(repo: Repo) -> None:
    shutil.rmtree(_hooks(repo))
    assert "created" in install(repo)
    assert (_hooks(repo) / "pre-commit").is_file()


def test_a_folder_where_the_hook_should_be_is_refused(repo: Repo) -> None:
    (_hooks(repo) / "pre-commit").mkdir()
    result = repo.cli("hooks", "install")
    assert result.exit_code == 1 and "is a folder, not a hook script" in result.output


def test_hooks_path_inside_the_git_folder_is_used(repo: Repo) -> None:
    repo.git("config", "core.hooksPath", ".git/team-hooks")
    install(repo)
    assert (repo.root / ".git/team-hooks/pre-commit").is_file()
    assert not (_hooks(repo) / "pre-commit").exists()
    wo_branch(repo, "src/**")
    stage(repo, "docs/x.md", "x\n")
    assert commit(repo).returncode == 1


def test_hooks_path_in_an_untracked_worktree_folder_is_used(repo: Repo) -> None:
    repo.git("config", "core.hooksPath", "local-hooks")
    install(repo)
    assert (repo.root / "local-hooks/commit-msg").is_file()


def test_hooks_path_outside_the_repository_is_refused_with_instructions(
    repo: Repo, tmp_path: Path
) -> None:
    shared = tmp_path / "company-hooks"
    repo.git("config", "core.hooksPath", str(shared))
    result = repo.cli("hooks", "install")
    assert result.exit_code == 1
    assert (
        f"core.hooksPath is {shared}" in result.output
        and "outside this repository" in result.output
    )
    assert f"git config --local core.hooksPath {repo.root}/.git/hooks" in result.output
    assert "gitsplit hooks run pre-commit || exit 1" in result.output
    assert not shared.exists()
    status = json.loads(repo.ok("hooks", "status", "--json"))
    assert status["installable"] is False and status["core_hooks_path"] == str(shared)
    init = repo.cli("init")
    assert init.exit_code == 0 and "hooks not installed" in init.output
    repo.git("config", "--local", "core.hooksPath", str(repo.root / ".git/hooks"))
    assert "pre-commit: installed" in install(repo)


def test_tracked_hooks_folder_and_husky_are_refused(repo: Repo) -> None:
    repo.write(".githooks/pre-commit", "#!/bin/sh\n")
    repo.commit_all("team hooks")
    repo.git("config", "core.hooksPath", ".githooks")
    result = repo.cli("hooks", "install")
    assert result.exit_code == 1 and "tracked files (.githooks/pre-commit)" in result.output
    repo.write(".husky/_/h", "#!/usr/bin/env sh\n# husky\n")
    repo.git("config", "core.hooksPath", ".husky/_")
    result = repo.cli("hooks", "install")
    assert result.exit_code == 1 and "managed by Husky" in result.output
    assert ".husky/pre-commit:    gitsplit hooks run pre-commit || exit 1" in result.output


def test_init_installs_hooks_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, flags, expected in (("with", [], True), ("without", ["--no-hooks"], False)):
        root = tmp_path / name
        root.mkdir()
        git(root, "init", "-q", "-b", "main")
        proc = Repo(root, monkeypatch).run("init", *flags)
        assert proc.returncode == 0, proc.stderr
        assert (root / ".git/hooks/pre-commit").exists() is expected
        assert ("hooks: pre-commit: installed" in proc.stdout) is expected


def _install_with_a_python_that_will_go(repo: Repo, tmp_path: Path) -> Path:
    """Install the hooks from a Python at a path that is then deleted (a venv removed)."""
    venv = tmp_path / "doomed-venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").symlink_to(sys.executable)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    subprocess.run(
        [str(venv / "python"), "-m", "gitsplit", "hooks", "install"],
        cwd=repo.root,
        check=True,
        capture_output=True,
        env=env,
    )
    assert f"INSTALL_PYTHON={venv / 'python'}" in (_hooks(repo) / "pre-commit").read_text()
    shutil.rmtree(venv.parent)
    return venv


def test_python_gone_falls_back_to_gitsplit_on_path(repo: Repo, tmp_path: Path) -> None:
    wo_branch(repo, "src/**")
    _install_with_a_python_that_will_go(repo, tmp_path)
    assert json.loads(repo.ok("hooks", "status", "--json"))["hooks"][0]["python_exists"] is False
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    stage(repo, "docs/x.md", "x\n")
    refused = commit(repo, env={"PATH": path})
    assert refused.returncode == 1 and "docs/x.md" in refused.stderr
    subprocess.run(["git", "reset", "-q"], cwd=repo.root, check=True)
    stage(repo, "src/a.py", "a\n")
    assert commit(repo, env={"PATH": path}).returncode == 0
    assert trailers(repo) == ["Work-Order: WO-1"]


def test_python_gone_and_no_gitsplit_on_path_says_what_to_do(repo: Repo, tmp_path: Path) -> None:
    venv = _install_with_a_python_that_will_go(repo, tmp_path)
    stage(repo, "a.txt", "a\n")
    result = commit(
        repo,
        env={
            "PATH": os.pathsep.join(
                str(Path(shutil.which(tool) or "/usr/bin").parent) for tool in ("git", "sh", "awk")
            )
        },
    )
    assert result.returncode == 1
    assert (
        f"the pre-commit hook cannot run: {venv / 'python'} (the Python that installed it) "
        "is gone and there is no `gitsplit` on PATH" in result.stderr
    )
    assert "`gitsplit hooks install`" in result.stderr and "--no-verify" in result.stderr


def test_pre_commit_framework_hook_runs_gitsplit_as_its_legacy_hook(repo: Repo) -> None:
    framework = _hooks(repo) / "pre-commit"
    framework.write_text(
        "#!/bin/sh\n# File generated by pre-commit: https://pre-commit.com\n"
        'if [ -x "$0.legacy" ]; then "$0.legacy" "$@" || exit $?; fi\n'
        "echo 'framework hooks ran' >&2\n",
        encoding="utf-8",
    )
    framework.chmod(0o755)
    assert "so gitsplit is installed as pre-commit.legacy" in install(repo)
    assert "File generated by pre-commit" in framework.read_text()
    wo_branch(repo, "src/**")
    stage(repo, "docs/x.md", "x\n")
    refused = commit(repo)
    assert refused.returncode == 1 and "docs/x.md" in refused.stderr
    subprocess.run(["git", "reset", "-q"], cwd=repo.root, check=True)
    stage(repo, "src/a.py", "a\n")
    done = commit(repo)
    assert done.returncode == 0 and "framework hooks ran" in done.stderr
    assert trailers(repo) == ["Work-Order: WO-1"]
    repo.ok("hooks", "uninstall")
    assert framework.exists() and not (_hooks(repo) / "pre-commit.legacy").exists()


def test_status_says_what_to_do_about_missing_or_outdated_hooks(repo: Repo) -> None:
    install(repo)
    assert "next:" not in repo.ok("hooks", "status")
    (_hooks(repo) / "commit-msg").unlink()
    hook = _hooks(repo) / "pre-commit"
    hook.write_text(hook.read_text().replace("INSTALL_PYTHON=", "INSTALL_PYTHON=/gone #"))
    text = repo.ok("hooks", "status")
    assert "pre-commit     outdated" in text and "commit-msg     missing" in text
    assert "next: `gitsplit hooks install` installs the missing hooks and updates" in text
