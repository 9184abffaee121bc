"""Symlinks in the ledger and in a scope (issue 16, item 3); template totals (item 11)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import brief_fixtures
from tests.conftest import Repo
from tests.reviewkit import add_wo, commit, finish, start_branch

SECRET = "root:x:0:0:the secret outside the repository\n"
OVERRIDES = ".workledger/templates"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the repository that nothing may read through a link."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


def link(repo: Repo, rel: str, target: str | Path) -> None:
    """Create a symlink in the checkout and commit it past the hooks."""
    path = repo.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)
    repo.git("add", rel)
    repo.git("commit", "-q", "--no-verify", "-m", f"link {rel}")


def test_a_template_linked_outside_is_refused_by_check_and_never_rendered(
    repo: Repo, outside: Path
) -> None:
    brief_fixtures.build(repo)
    rel = f"{OVERRIDES}/brief/checks.md.j2"
    link(repo, rel, outside)
    result = repo.cli("check")
    assert result.exit_code == 1 and f"{rel}: a symbolic link" in result.output
    for args in (("brief", "WO-3"), ("brief", "WO-3", "--worktree")):
        proc = repo.run(*args)
        assert SECRET.strip() not in proc.stdout + proc.stderr, args
        assert "Traceback" not in proc.stderr
    worktree = repo.run("brief", "WO-3", "--worktree")
    assert worktree.returncode == 1 and "symbolic link" in worktree.stderr


def test_a_work_order_linked_outside_is_read_by_nothing(repo: Repo, tmp_path: Path) -> None:
    repo.ok("wo", "new", "Real", "--status", "ready")
    repo.commit_all("WO-1")
    elsewhere = tmp_path / "WO-2.md"
    elsewhere.write_text(
        repo.read(".workledger/workorders/WO-1.md").replace("WO-1", "WO-2") + SECRET,
        encoding="utf-8",
    )
    link(repo, ".workledger/workorders/WO-2.md", elsewhere)
    result = repo.cli("check")
    assert result.exit_code == 1 and "WO-2.md: a symbolic link" in result.output
    for args in (("wo", "show", "WO-2"), ("search", "secret"), ("wo", "list", "--json")):
        proc = repo.run(*args)
        assert "the secret outside" not in proc.stdout, args
        assert "Traceback" not in proc.stderr, args
    shown = repo.run("wo", "show", "WO-2")
    assert shown.returncode == 1 and "symbolic link" in shown.stderr


def test_the_hook_refuses_a_symlink_in_the_ledger(repo: Repo, outside: Path) -> None:
    assert repo.run("hooks", "install").returncode == 0
    rel = f"{OVERRIDES}/brief/checks.md.j2"
    (repo.root / rel).parent.mkdir(parents=True)
    os.symlink(outside, repo.root / rel)
    repo.git("add", rel)
    proc = subprocess.run(
        ["git", "commit", "-q", "-m", "a link"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1 and "a symbolic link" in proc.stderr, proc.stderr


def test_review_warns_about_links_in_scope_that_point_out_of_it(repo: Repo) -> None:
    add_wo(repo, "Write the done file", "--check", "true")
    start_branch(repo)
    (repo.root / "src").mkdir()
    for rel, target in (
        ("src/config", "../.workledger/config.yaml"),
        ("src/passwd", "/etc/passwd"),
        ("src/up", "../../elsewhere"),
        ("src/readme", "../README.md"),
        ("src/fine", "done.txt"),
    ):
        os.symlink(target, repo.root / rel)
        repo.git("add", rel)
    commit(repo, {"src/done.txt": "done\n"}, "Write it, and some links")
    finish(repo)
    proc = repo.run("review", "--format", "json")
    data = json.loads(proc.stdout)
    found = {f["path"]: f for f in data["findings"] if f["code"] == "symlink"}
    assert set(found) == {"src/config", "src/passwd", "src/up", "src/readme"}
    assert all(f["severity"] == "warning" for f in found.values())
    assert "inside the ledger" in found["src/config"]["message"]
    assert "outside the repository" in found["src/passwd"]["message"]
    assert "outside the repository" in found["src/up"]["message"]
    assert "outside the scope" in found["src/readme"]["message"]
    assert repo.run("review", "--strict").returncode == 1


def refused(repo: Repo, template: str) -> str:
    """Commit ``template`` as the briefing's checks section; `brief` must refuse it."""
    repo.write(f"{OVERRIDES}/brief/checks.md.j2", template)
    repo.commit_all("a hostile template")
    proc = subprocess.run(
        [sys.executable, "-m", "gitsplit", "brief", "WO-3"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1 and proc.stdout == "", proc.stderr[:300]
    assert "Traceback" not in proc.stderr
    return proc.stderr


@pytest.mark.parametrize(
    ("template", "words"),
    [
        (
            "{% set a='x'*999999 %}{% for i in range(1000) %}{{ a }}{% endfor %}",
            "printed more than 4,000,000 characters",
        ),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}"
            "{% if i < 0 %}x{% endif %}{% endfor %}{% endfor %}",
            "ran for more than 5 s",
        ),
        ("{% set a='x'*999999 %}{% set b = a ~ a ~ a ~ a ~ a %}{{ b|length }}", "joining with ~"),
        ("{% set a='x'*999999 %}{% set b = a + a + a + a + a %}{{ b|length }}", "adding a string"),
        ("{% set a='x'*999999 %}{{ a|replace('x', 'yyyyy')|length }}", "replace"),
        ("{{ lipsum(999999)|length }}", "'lipsum' is undefined"),
        ("{% set a='x'*999999 %}{{ range(99999)|join(a)|length }}", "join would build"),
        (
            "{% set a='x'*999999 %}{{ a.join(range(99999)|map('string'))|length }}",
            "join would build",
        ),
        ("{% set a='x'*999999 %}{{ a.replace('x', a)|length }}", "replace would build"),
        ("{% set a='\t'*999999 %}{{ a.expandtabs(999999)|length }}", "expandtabs would"),
        ("{% set a='x'*999999 %}{{ a.translate({120: a})|length }}", "translate would"),
        ("{% set a='\nx'*499999 %}{{ a|indent(999999)|length }}", "indent would build"),
        ("{% set a='x '*499999 %}{{ a|wordwrap(1, wrapstring=a)|length }}", "wordwrap would"),
        ("{{ range(99999)|list|tojson(indent=999999)|length }}", "tojson would build"),
    ],
)
def test_a_whole_render_is_bounded_in_size_and_time(repo: Repo, template: str, words: str) -> None:
    brief_fixtures.build(repo)
    message = refused(repo, template)
    assert "brief/checks.md.j2" in message and words in message, message
