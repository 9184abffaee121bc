"""`gitsplit --help` from its kept text: byte for byte what click prints, never a stale one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gitsplit.cli import kept_help
from tests.conftest import Repo

KEPT = ".git/gitsplit/" + kept_help.FILE_NAME


def gitsplit(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m gitsplit`` as a real process, import times on stderr."""
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gitsplit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


def clicks(repo: Repo, *args: str, **env: str) -> str:
    """What click itself prints for these arguments (kept answers off)."""
    made = gitsplit(repo.root, *args, GITSPLIT_NO_KEPT_ANSWERS="1", **env)
    assert made.returncode == 0 and "click" in made.stderr
    return made.stdout


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_the_second_help_is_kept_and_byte_for_byte_clicks(repo: Repo, flag: str) -> None:
    expected = clicks(repo, flag)
    assert "Usage: gitsplit [OPTIONS] COMMAND [ARGS]..." in expected
    first = gitsplit(repo.root, flag)
    assert first.returncode == 0 and first.stdout == expected
    assert (repo.root / KEPT).is_file()
    second = gitsplit(repo.root, flag)
    assert second.returncode == 0 and second.stdout == expected
    assert " click" not in second.stderr  # printed before click was imported


def test_each_width_gets_its_own_text(repo: Repo) -> None:
    wide, narrow = clicks(repo, "--help", COLUMNS="120"), clicks(repo, "--help", COLUMNS="60")
    assert wide != narrow
    assert gitsplit(repo.root, "--help", COLUMNS="120").stdout == wide  # kept for 120
    served = gitsplit(repo.root, "--help", COLUMNS="60")
    assert served.stdout == narrow and " click" in served.stderr  # not the 120 one


@pytest.mark.parametrize(
    "damage", [b"", b"gitsplit-help\x00\x01", b"gitsplit-help\x00\x01\xff\xff\xff\xff", b"junk"]
)
def test_a_damaged_file_is_a_miss_and_replaced(repo: Repo, damage: bytes) -> None:
    expected = clicks(repo, "--help")
    (repo.root / KEPT).parent.mkdir(parents=True, exist_ok=True)
    (repo.root / KEPT).write_bytes(damage)
    assert gitsplit(repo.root, "--help").stdout == expected
    assert (repo.root / KEPT).read_bytes() != damage


def test_text_kept_under_another_key_is_never_served(repo: Repo) -> None:
    gitsplit(repo.root, "--help")
    data = (repo.root / KEPT).read_bytes()
    (repo.root / KEPT).write_bytes(data.replace(b"Usage:", b"Lies!:"))  # same key, new text
    assert gitsplit(repo.root, "--help").stdout.startswith("Lies!:")  # the key is the guard
    key_start = len(b"gitsplit-help\x00\x01") + 8
    forged = bytearray(data)
    forged[key_start + 20] ^= 1  # another key: another gitsplit, click or terminal
    (repo.root / KEPT).write_bytes(bytes(forged).replace(b"Usage:", b"Lies!:"))
    assert gitsplit(repo.root, "--help").stdout == clicks(repo, "--help")


def test_an_edited_source_file_is_another_key(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo.root)
    before = kept_help._key(None)
    assert before is not None
    probe = Path(kept_help.__file__)
    stat = probe.stat()
    try:
        os.utime(probe, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert kept_help._key(None) != before
    finally:
        os.utime(probe, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert kept_help._key(None) == before


@pytest.mark.parametrize("off", ["GITSPLIT_NO_INDEX", "GITSPLIT_NO_KEPT_ANSWERS"])
def test_off_with_the_other_caches(repo: Repo, off: str) -> None:
    assert gitsplit(repo.root, "--help", **{off: "1"}).returncode == 0
    assert not (repo.root / KEPT).exists()


def test_outside_a_repository_click_answers_and_nothing_is_kept(tmp_path: Path) -> None:
    made = gitsplit(tmp_path, "--help")
    assert made.returncode == 0 and made.stdout.startswith("Usage: gitsplit")
    assert list(tmp_path.iterdir()) == []


def test_a_repository_without_a_ledger_gets_nothing_written(bare_repo: Repo) -> None:
    made = gitsplit(bare_repo.root, "--help")
    assert made.returncode == 0 and made.stdout.startswith("Usage: gitsplit")
    assert not (bare_repo.root / ".git" / "gitsplit").exists()


def test_other_arguments_are_never_served(repo: Repo) -> None:
    gitsplit(repo.root, "--help")
    assert gitsplit(repo.root, "wo", "--help").stdout.startswith("Usage: gitsplit wo")
    assert gitsplit(repo.root, "--version").stdout.startswith("gitsplit, version")
