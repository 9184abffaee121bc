"""read_at_most: a regular file whole, one byte past the limit at most, nothing else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gitsplit.util.bounded_read import read_at_most


def test_reads_a_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\nid: WO-1\n---\nbody\n")
    assert read_at_most(str(path), 1024) == b"---\nid: WO-1\n---\nbody\n"


def test_an_empty_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    assert read_at_most(str(path), 10) == b""


@pytest.mark.parametrize("size", [9, 10, 11, 70_000, 200_000])
def test_stops_one_byte_past_the_limit(tmp_path: Path, size: int) -> None:
    path = tmp_path / "big"
    path.write_bytes(b"x" * size)
    limit = 10 if size < 1000 else 100_000
    data = read_at_most(str(path), limit)
    assert data is not None
    assert len(data) == min(size, limit + 1)


def test_a_symlink_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_bytes(b"secret")
    (tmp_path / "link").symlink_to(target)
    assert read_at_most(str(tmp_path / "link"), 100) is None


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert read_at_most(str(fifo), 100) is None


def test_a_folder_or_a_missing_file_is_none(tmp_path: Path) -> None:
    assert read_at_most(str(tmp_path), 100) is None
    assert read_at_most(str(tmp_path / "missing"), 100) is None


def test_a_file_that_grew_after_fstat_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing"
    path.write_bytes(b"a" * 100_000)
    real_fstat = os.fstat

    def stale_fstat(fd: int) -> os.stat_result:
        found = real_fstat(fd)
        fields = list(found)
        fields[6] = 10  # st_size as it was before the file grew
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", stale_fstat)
    assert read_at_most(str(path), 1_000_000) == b"a" * 100_000
    assert len(read_at_most(str(path), 50_000) or b"") == 50_001


def test_with_a_size_from_lstat_it_asks_no_fstat_and_stays_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the record index lstat()s each file first; what replaced the file since is read
    # boundedly all the same: a file that grew, a link, a FIFO, a folder
    path = tmp_path / "record"
    path.write_bytes(b"a" * 100_000)
    (tmp_path / "link").symlink_to(path)
    os.mkfifo(tmp_path / "fifo")

    real_fstat = os.fstat
    asked: list[str] = []  # what was fstat-ed (pytest's own capture fstat()s its files too)

    def watched_fstat(fd: int) -> os.stat_result:
        asked.append(os.readlink(f"/proc/self/fd/{fd}"))
        return real_fstat(fd)

    monkeypatch.setattr(os, "fstat", watched_fstat)
    assert read_at_most(str(path), 1_000_000, size=10) == b"a" * 100_000
    assert len(read_at_most(str(path), 50_000, size=10) or b"") == 50_001
    assert read_at_most(str(tmp_path / "link"), 100, size=5) is None
    assert read_at_most(str(tmp_path / "fifo"), 100, size=5) == b""
    assert read_at_most(str(tmp_path), 100, size=5) is None
    assert not [seen for seen in asked if seen.startswith(str(tmp_path))]
    read_at_most(str(path), 100)
    assert [seen for seen in asked if seen.startswith(str(tmp_path))] == [str(path)]
