"""Records with YAML aliases or duplicate keys are refused with file and line (issue 16, 9)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import WO_BODY, Repo

LAUGHS = "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 9))
BOMB = "---\nid: WO-1\ntitle: Bomb\nstatus: ready\nl0: &l0 [lol]\n" + LAUGHS + "---\n"
RECORD = ".workledger/workorders/WO-1.md"


def hostile(repo: Repo, text: str) -> None:
    """Replace WO-1's record with ``text`` and commit it past the hooks."""
    repo.write(RECORD, text)
    repo.git("add", RECORD)
    repo.git("commit", "-q", "--no-verify", "-m", "hostile record")


@pytest.fixture
def wo1(repo: Repo) -> Repo:
    """WO-1 committed on main."""
    repo.ok("wo", "new", *WO_BODY, "Ordinary", "--status", "ready")
    repo.commit_all("WO-1")
    return repo


def test_nested_aliases_are_refused_everywhere_without_expanding(wo1: Repo) -> None:
    assert len(BOMB) < 1000  # a billion "lol"s once expanded
    hostile(wo1, BOMB)
    for args in (
        ("check",),
        ("wo", "show", "WO-1", "--json"),
        ("wo", "list", "--json"),
        ("wo", "set", "WO-1", "priority=P0"),
        ("start", "WO-1", "--no-launch"),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "gitsplit", *args],
            cwd=wo1.root,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        out = proc.stdout + proc.stderr
        assert proc.returncode == 1, (args, out)
        assert "Traceback" not in out, args
        assert f"{RECORD}:5" in out and "aliases" in out, (args, out)


def test_an_alias_of_itself_is_an_error_not_a_traceback(wo1: Repo) -> None:
    text = wo1.read(RECORD).replace("title: Ordinary", "title: &a [*a]")
    hostile(wo1, text)
    result = wo1.cli("wo", "list", "--json")
    assert result.exit_code == 1 and "aliases" in result.output
    assert "RecursionError" not in result.output and "Traceback" not in result.output


def test_the_hook_refuses_an_alias_at_commit_time(wo1: Repo) -> None:
    assert wo1.run("hooks", "install").returncode == 0
    wo1.write(RECORD, BOMB)
    wo1.git("add", RECORD)
    proc = subprocess.run(
        ["git", "commit", "-q", "-m", "bomb"],
        cwd=wo1.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1 and "aliases" in proc.stderr, proc.stderr


def test_a_duplicate_key_is_an_error_with_its_line(wo1: Repo) -> None:
    text = wo1.read(RECORD).replace("status: ready\n", "status: ready\nstatus: done\n")
    hostile(wo1, text)
    line = text.splitlines().index("status: done") + 1
    result = wo1.cli("check")
    assert result.exit_code == 1
    assert f"{RECORD}:{line}: malformed YAML in the frontmatter: duplicate key 'status'" in (
        result.output
    )
    listed = wo1.cli("wo", "list", "--json")
    assert listed.exit_code != 0 or "done" not in json.dumps(listed.stdout)


def test_a_duplicate_key_in_the_config_names_the_config(repo: Repo) -> None:
    config = repo.read(".workledger/config.yaml")
    repo.write(".workledger/config.yaml", config + "\ndefault_branch: main\ndefault_branch: x\n")
    result = repo.cli("check")
    assert result.exit_code == 1
    assert ".workledger/config.yaml:" in result.output and "duplicate key" in result.output
