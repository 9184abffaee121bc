"""Compiled templates are kept under the git dir: reused, never trusted blindly (D-73)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from gitsplit.ledger import template_cache
from tests import brief_fixtures
from tests.conftest import Repo

OVERRIDES = ".workledger/templates"


@pytest.fixture
def ledger_repo(repo: Repo) -> Repo:
    """The realistic ledger of brief_fixtures, committed."""
    brief_fixtures.build(repo)
    return repo


def cache_files(repo: Repo) -> list[Path]:
    """The compiled templates kept for this repository."""
    return sorted((repo.root / ".git" / "gitsplit").glob(f"{template_cache.PREFIX}*/*"))


def drop_cache(repo: Repo) -> None:
    """Remove what the fixture's own commands kept."""
    import shutil

    for folder in (repo.root / ".git" / "gitsplit").glob(f"{template_cache.PREFIX}*"):
        shutil.rmtree(folder)


def no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make compiling a template fail: what renders now came from the cache."""
    import jinja2

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a template was compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", refuse)


def test_a_second_briefing_renders_from_the_kept_code(
    ledger_repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ledger_repo.ok("brief", "WO-3")
    assert len(cache_files(ledger_repo)) >= 5
    with monkeypatch.context() as patch:
        no_compiling(patch)
        assert ledger_repo.ok("brief", "WO-3") == first


def test_an_edited_override_is_compiled_again(ledger_repo: Repo) -> None:
    ledger_repo.ok("brief", "WO-3")
    ledger_repo.write(f"{OVERRIDES}/brief/checks.md.j2", "## Proof\nEDITED\n")
    ledger_repo.commit_all("an override")
    assert "EDITED" in ledger_repo.ok("brief", "WO-3")


def test_a_failing_template_names_its_line_from_the_kept_code_too(ledger_repo: Repo) -> None:
    ledger_repo.write(f"{OVERRIDES}/brief/checks.md.j2", "ok\n\n{{ no_such_thing }}\n")
    ledger_repo.commit_all("a bad template")
    messages = [ledger_repo.cli("brief", "WO-3").output for _ in range(2)]
    assert messages[0] == messages[1]
    assert f"{OVERRIDES}/brief/checks.md.j2:3: template failed: undefined" in messages[0]


@pytest.mark.parametrize("damage", [b"", b"j2garbage", b"\x00" * 40])
def test_a_damaged_cache_file_is_compiled_again(ledger_repo: Repo, damage: bytes) -> None:
    first = ledger_repo.ok("brief", "WO-3")
    for path in cache_files(ledger_repo):
        path.write_bytes(damage or path.read_bytes()[: len(path.read_bytes()) // 2])
    assert ledger_repo.ok("brief", "WO-3") == first


class Planted:
    """What a hostile cache file's header would unpickle: a call to a function."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.mkdir, (str(self.marker),))


def test_a_header_that_unpickles_an_object_is_refused(ledger_repo: Repo, tmp_path: Path) -> None:
    from jinja2.bccache import bc_magic

    first = ledger_repo.ok("brief", "WO-3")
    marker = tmp_path / "ran"
    for path in cache_files(ledger_repo):
        path.write_bytes(bc_magic + pickle.dumps(Planted(marker), 2))
    assert ledger_repo.ok("brief", "WO-3") == first
    assert not marker.exists()


def test_off_with_the_other_caches_and_earlier_folders_are_dropped(ledger_repo: Repo) -> None:
    drop_cache(ledger_repo)
    ledger_repo.monkeypatch.setenv("GITSPLIT_NO_INDEX", "1")
    ledger_repo.ok("brief", "WO-3")
    assert cache_files(ledger_repo) == []
    ledger_repo.monkeypatch.delenv("GITSPLIT_NO_INDEX")
    old = ledger_repo.root / ".git" / "gitsplit" / f"{template_cache.PREFIX}0123456789abcdef"
    old.mkdir(parents=True)
    (old / "stale.cache").write_bytes(b"old")
    ledger_repo.ok("brief", "WO-3")
    assert not old.exists() and cache_files(ledger_repo)


def test_a_symlinked_cache_folder_is_not_used(ledger_repo: Repo, tmp_path: Path) -> None:
    drop_cache(ledger_repo)
    parent = ledger_repo.root / ".git" / "gitsplit"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = parent / f"{template_cache.PREFIX}{template_cache._digest()}"
    folder.symlink_to(elsewhere)
    first = ledger_repo.ok("brief", "WO-3")
    assert list(elsewhere.iterdir()) == []
    assert ledger_repo.ok("brief", "WO-3") == first


def test_no_folder_is_made_through_a_symlinked_gitsplit_folder(
    ledger_repo: Repo, tmp_path: Path
) -> None:
    import shutil

    parent = ledger_repo.root / ".git" / "gitsplit"
    shutil.rmtree(parent)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    parent.symlink_to(elsewhere)
    first = ledger_repo.ok("brief", "WO-3")
    assert list(elsewhere.glob(f"{template_cache.PREFIX}*")) == []
    assert ledger_repo.ok("brief", "WO-3") == first
