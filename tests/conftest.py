"""Shared fixtures: real git repositories in temporary folders, an isolated HOME, two CLIs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gitsplit.cli.commands import cli

# A shell without job control starts a background command (`pytest ... &`, nohup in a
# script) with Ctrl-C ignored, and every process it starts inherits that: the tests that
# press Ctrl-C on gitsplit would then see it ignored and time out. They test what Ctrl-C
# in a terminal does, so the processes they start get the terminal's disposition back.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

REAL_HOME = Path(os.environ.get("HOME", "/root"))
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "LC_ALL": "C.UTF-8",
}


def _home_listing() -> set[str]:
    """Top-level names in the real HOME (cheap fingerprint for the guard)."""
    try:
        return set(os.listdir(REAL_HOME))
    except OSError:
        return set()


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own HOME with a minimal git config; touching the real HOME fails."""
    before = _home_listing()
    home = tmp_path_factory.mktemp("home")
    (home / ".gitconfig").write_text(
        "[init]\n\tdefaultBranch = main\n[user]\n\tname = Test Author\n"
        "\temail = author@example.com\n[advice]\n\tdetachedHead = false\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    monkeypatch.delenv("GIT_INDEX_FILE", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("EDITOR", "false")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("GIT_EDITOR", raising=False)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    yield home
    assert _home_listing() == before, "a test wrote into the real HOME"


def git(root: Path, *args: str, check: bool = True, input: str | None = None) -> str:
    """Run real git in ``root`` and return stdout."""
    proc = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, input=input, check=False
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"git {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return proc.stdout


# A real Problem and Acceptance for a work order that a test starts: `start` refuses one
# whose sections are still the template's guidance. `repo.ok("wo", "new", T, *WO_BODY)`.
WO_TEXT = "## Problem\n\nThe test's task.\n\n## Acceptance\n\n- [ ] The test's checks pass.\n"
WO_BODY = ("--body", WO_TEXT)


@dataclass
class Repo:
    """A temporary git repository with helpers to drive gitsplit in it."""

    root: Path
    monkeypatch: pytest.MonkeyPatch

    def git(self, *args: str, check: bool = True, input: str | None = None) -> str:
        """Run git here."""
        return git(self.root, *args, check=check, input=input)

    def write(self, rel: str, text: str) -> Path:
        """Write a file (creating folders)."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        """Read a file."""
        return (self.root / rel).read_text(encoding="utf-8")

    def commit_all(self, message: str = "change", *extra: str) -> str:
        """Stage everything and commit; return the new HEAD."""
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, *extra)
        return self.git("rev-parse", "HEAD").strip()

    def cli(self, *args: str, input: str | None = None) -> Result:
        """Run gitsplit in-process with click's CliRunner, from the repository root."""
        self.monkeypatch.chdir(self.root)
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    def run(
        self,
        *args: str,
        input: str | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run gitsplit as a real subprocess (``python -m gitsplit``)."""
        return subprocess.run(
            [sys.executable, "-m", "gitsplit", *args],
            cwd=cwd or self.root,
            capture_output=True,
            text=True,
            input=input,
            env={**os.environ, **(env or {})},
            check=False,
        )

    def ok(self, *args: str, input: str | None = None) -> str:
        """Run gitsplit in-process and insist on exit status 0; return stdout."""
        result = self.cli(*args, input=input)
        assert result.exit_code == 0, (
            f"gitsplit {' '.join(args)} → {result.exit_code}\n{result.output}"
        )
        return result.stdout


def make_repo(path: Path, monkeypatch: pytest.MonkeyPatch, *, init_ledger: bool = True) -> Repo:
    """A fresh repository with one commit (and a committed ledger, by default)."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    repo = Repo(path, monkeypatch)
    repo.write("README.md", "# project\n")
    if init_ledger:
        repo.ok("init", *(["--no-hooks"] if _has_no_hooks_flag() else []))
    repo.commit_all("initial commit")
    return repo


def _has_no_hooks_flag() -> bool:
    """True once `gitsplit init` knows --no-hooks (tests that want hooks install them)."""
    from gitsplit.cli.init_cmd import init

    return any("--no-hooks" in p.opts for p in init.params)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A repository with gitsplit initialised and committed on main."""
    return make_repo(tmp_path / "repo", monkeypatch)


@pytest.fixture
def bare_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A repository with one commit and no ledger."""
    return make_repo(tmp_path / "plain", monkeypatch, init_ledger=False)
