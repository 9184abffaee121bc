"""The index of parsed records is never stale: every way a record can change shows in every view.

The index is written only after enough misses (``WRITE_AFTER``) and trusts stat data only
once it is older than ``RACY_NS``; most tests lower both so that the stored index, not a
fresh parse, is what answers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gitsplit.ledger import index as record_index
from gitsplit.ledger import index_file
from tests.conftest import Repo, git
from tests.workgraph_helpers import add_wo

WO = ".workledger/workorders"


@pytest.fixture
def eager(monkeypatch: pytest.MonkeyPatch) -> None:
    """Write the index after every miss and trust stat data at once."""
    monkeypatch.setattr(record_index, "WRITE_AFTER", 1)
    monkeypatch.setattr(record_index, "RACY_NS", 0)


def index_path(repo: Repo, root: Path | None = None) -> Path:
    """The index file of the worktree at ``root``."""
    where = root or repo.root
    git_dir = git(where, "rev-parse", "--absolute-git-dir").strip()
    return Path(git_dir) / "gitsplit" / index_file.FILE_NAME


def titles(repo: Repo) -> dict[str, str]:
    """{id: title} from `wo list --json`."""
    return {w["id"]: w["title"] for w in json.loads(repo.ok("wo", "list", "--json"))}


def queue_titles(repo: Repo) -> dict[str, str]:
    """{id: title} of every open work order in `queue --json`."""
    data = json.loads(repo.ok("queue", "--json"))
    return {i["id"]: i["title"] for items in data["buckets"].values() for i in items}


def retitle(repo: Repo, number: int, title: str) -> None:
    """Rewrite WO-<number> with a new title (other fields as add_wo writes them)."""
    add_wo(repo, number, title=title)


def some_orders(repo: Repo, count: int = 5) -> None:
    """WO-1 … WO-count, committed."""
    for n in range(1, count + 1):
        add_wo(repo, n, title=f"first {n}")
    repo.commit_all("work orders")


def test_index_is_written_and_answers_the_next_run(repo: Repo, eager: None) -> None:
    some_orders(repo)
    assert titles(repo)["WO-3"] == "first 3"
    stored = index_path(repo)
    assert stored.is_file()
    before = stored.stat().st_mtime_ns
    assert titles(repo)["WO-3"] == "first 3"
    assert stored.stat().st_mtime_ns == before  # nothing changed, nothing rewritten


def test_uncommitted_edit_of_the_same_size_shows(repo: Repo, eager: None) -> None:
    some_orders(repo)
    titles(repo)
    retitle(repo, 2, "FIRST 2")  # same size; mtime and ctime move
    assert titles(repo)["WO-2"] == "FIRST 2"
    assert queue_titles(repo)["WO-2"] == "FIRST 2"


def test_stat_data_of_a_fresh_file_is_not_trusted(repo: Repo, monkeypatch: Any) -> None:
    """A file changed within RACY_NS of being read could change again in the same clock tick
    with the same size, mtime and ctime; its stat data is not stored, so it is hashed again."""
    monkeypatch.setattr(record_index, "WRITE_AFTER", 1)
    some_orders(repo)
    titles(repo)  # the files were written a moment ago
    folders, blobs, _memo, _texts = index_file.read(str(index_path(repo)), index_file.fingerprint())
    assert len(blobs) == 5
    assert list(folders.get(WO, {})) == []
    monkeypatch.undo()
    monkeypatch.setattr(record_index, "WRITE_AFTER", 1)
    monkeypatch.setattr(record_index, "RACY_NS", 0)
    titles(repo)
    folders, _blobs, _memo, _texts = index_file.read(
        str(index_path(repo)), index_file.fingerprint()
    )
    assert sorted(folders[WO]) == [f"WO-{n}.md" for n in range(1, 6)]


def test_staged_and_committed_edits_show(repo: Repo, eager: None) -> None:
    some_orders(repo)
    titles(repo)
    retitle(repo, 1, "staged title")
    repo.git("add", "-A")
    assert titles(repo)["WO-1"] == "staged title"
    repo.git("commit", "-q", "-m", "retitle")
    assert titles(repo)["WO-1"] == "staged title"
    assert repo.ok("wo", "show", "WO-1").startswith("WO-1  staged title")


def test_checkout_rebase_and_merge_show(repo: Repo, eager: None) -> None:
    some_orders(repo)
    titles(repo)
    repo.git("checkout", "-q", "-b", "side")
    retitle(repo, 4, "side four")
    repo.commit_all("side")
    assert titles(repo)["WO-4"] == "side four"
    repo.git("checkout", "-q", "main")
    assert titles(repo)["WO-4"] == "first 4"
    retitle(repo, 5, "main five")
    repo.commit_all("main")
    repo.git("checkout", "-q", "side")
    repo.git("rebase", "-q", "main")
    after = titles(repo)
    assert (after["WO-4"], after["WO-5"]) == ("side four", "main five")
    repo.git("checkout", "-q", "main")
    assert titles(repo)["WO-4"] == "first 4"
    repo.git("merge", "-q", "--ff-only", "side")
    assert queue_titles(repo)["WO-4"] == "side four"
    assert queue_titles(repo)["WO-5"] == "main five"


def test_rename_and_delete_show(repo: Repo, eager: None) -> None:
    some_orders(repo)
    titles(repo)
    repo.git("mv", f"{WO}/WO-5.md", f"{WO}/WO-9.md")
    result = repo.cli("wo", "list", "--json")
    listed = {w["path"]: w["id"] for w in json.loads(result.stdout)}
    # read from the new name, content kept: so its id is not its name, and it is left out
    assert f"{WO}/WO-9.md" not in listed and f"{WO}/WO-5.md" not in listed
    assert f"left out: {WO}/WO-9.md" in result.stderr
    assert "WO-9.md does not match id 'WO-5'" in repo.cli("check").output
    (repo.root / WO / "WO-9.md").unlink()
    assert sorted(titles(repo)) == ["WO-1", "WO-2", "WO-3", "WO-4"]


def test_another_worktree_has_its_own_view(repo: Repo, eager: None, tmp_path: Path) -> None:
    some_orders(repo)
    titles(repo)
    other = tmp_path / "other"
    repo.git("worktree", "add", "-q", "-b", "other", str(other))
    (other / WO / "WO-3.md").write_text(
        repo.read(f"{WO}/WO-3.md").replace("first 3", "other 3"), encoding="utf-8"
    )
    repo.monkeypatch.chdir(other)
    from click.testing import CliRunner

    from gitsplit.cli.commands import cli

    out = CliRunner().invoke(cli, ["wo", "list", "--json"], catch_exceptions=False).stdout
    assert {w["id"]: w["title"] for w in json.loads(out)}["WO-3"] == "other 3"
    assert index_path(repo, other) != index_path(repo)
    assert titles(repo)["WO-3"] == "first 3"


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not an index at all",
        b"gitsplit-index\x00\x04" + b"\xff" * 64,
    ],
)
def test_corrupt_index_is_ignored_and_rebuilt(repo: Repo, eager: None, damage: bytes) -> None:
    some_orders(repo)
    titles(repo)
    stored = index_path(repo)
    stored.write_bytes(damage)
    retitle(repo, 1, "after damage")
    assert titles(repo)["WO-1"] == "after damage"
    folders, blobs, _memo, _texts = index_file.read(str(stored), index_file.fingerprint())
    assert blobs and folders  # rebuilt whole


def test_flipped_byte_is_caught_by_the_checksum(repo: Repo, eager: None) -> None:
    some_orders(repo)
    titles(repo)
    stored = index_path(repo)
    data = bytearray(stored.read_bytes())
    at = data.find(b"first 3")
    data[at : at + 7] = b"FAKED 3"
    stored.write_bytes(bytes(data))
    assert titles(repo)["WO-3"] == "first 3"


def test_truncated_index_mid_run(repo: Repo, eager: None) -> None:
    some_orders(repo)
    titles(repo)
    stored = index_path(repo)
    stored.write_bytes(stored.read_bytes()[: stored.stat().st_size // 2])
    assert titles(repo)["WO-2"] == "first 2"


def test_index_that_cannot_be_written_costs_nothing_but_time(repo: Repo, eager: None) -> None:
    some_orders(repo)
    folder = index_path(repo).parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder, ignore_errors=True)  # what the set-up's commands kept (templates)
    folder.write_text("a file where the index folder should be\n", encoding="utf-8")
    assert titles(repo)["WO-1"] == "first 1"
    assert "first 2" in repo.ok("brief", "WO-2")  # nor can the compiled templates be kept
    assert folder.read_text(encoding="utf-8").startswith("a file")


def test_symlinked_index_is_not_followed(repo: Repo, eager: None, tmp_path: Path) -> None:
    some_orders(repo)
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"keep me")
    stored = index_path(repo)
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.symlink_to(outside)
    assert titles(repo)["WO-1"] == "first 1"
    assert outside.read_bytes() == b"keep me"


def test_a_pickle_with_code_is_refused(repo: Repo, eager: None) -> None:
    some_orders(repo)
    titles(repo)
    stored = index_path(repo)
    import pickle
    import zlib

    def part(value: Any) -> bytes:
        payload = pickle.dumps(value, protocol=5)
        return zlib.crc32(payload).to_bytes(4, "big") + payload

    evil = part((index_file.fingerprint(), {}, {"x": (os.system, ("true",))}, {}))
    stored.write_bytes(index_file.MAGIC + len(evil).to_bytes(8, "big") + evil + part({}))
    plain = part((index_file.fingerprint(), {}, {"x": ("E", "d", None, None)}, {}))
    assert index_file.decode(
        index_file.MAGIC + len(plain).to_bytes(8, "big") + plain + part({}),
        index_file.fingerprint(),
    )[1] == {"x": ("E", "d", None, None)}  # the same file without a global is read
    assert index_file.read(str(stored), index_file.fingerprint())[1] == {}
    assert titles(repo)["WO-1"] == "first 1"


def test_odd_files_read_the_same_with_and_without_the_index(
    repo: Repo, eager: None, tmp_path: Path
) -> None:
    some_orders(repo, 2)
    folder = repo.root / WO
    (folder / "WO-3.md").write_bytes(b"---\nid: WO-3\x00\n---\n")
    (folder / "WO-4.md").write_text("---\nid: [unclosed\n---\n", encoding="utf-8")
    (folder / "WO-5.md").mkdir()
    (folder / "WO-6.md").write_text("no frontmatter\n", encoding="utf-8")
    outside = tmp_path / "target.md"
    outside.write_text(repo.read(f"{WO}/WO-1.md").replace("WO-1", "WO-7"), encoding="utf-8")
    (folder / "WO-7.md").symlink_to(outside)
    add_wo(repo, 8, title="stamped", created="2026-01-08T00:00:00Z")
    text = repo.read(f"{WO}/WO-8.md").replace("created: '2026", "created: !!timestamp '2026")
    repo.write(f"{WO}/WO-8.md", text)

    def listing(env: dict[str, str]) -> tuple[int, str, str]:
        proc = repo.run("wo", "list", "--json", env=env)
        return proc.returncode, proc.stdout, proc.stderr

    plain = listing({"GITSPLIT_NO_INDEX": "1"})
    assert listing({}) == plain
    assert listing({}) == plain  # and again, from the written index
    assert (
        repo.run("check", env={}).stdout == repo.run("check", env={"GITSPLIT_NO_INDEX": "1"}).stdout
    )


def test_concurrent_writers_never_tear_the_index(repo: Repo) -> None:
    for n in range(1, 61):
        add_wo(repo, n, title=f"first {n}")
    repo.commit_all("work orders")
    procs = []
    for round_ in range(6):
        for n in range(1, 61, 7):
            add_wo(repo, n, title=f"round {round_} {n}")
        procs += [
            subprocess.Popen(
                [sys.executable, "-m", "gitsplit", "wo", "list", "--json"],
                cwd=repo.root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(3)
        ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert len(json.loads(out)) == 60
    listed = titles(repo)
    assert listed["WO-1"] == "round 5 1" and listed["WO-2"] == "first 2"
    assert not [p for p in index_path(repo).parent.iterdir() if p.name.endswith(".tmp")]


def test_turned_off_by_the_environment(repo: Repo, eager: None) -> None:
    some_orders(repo)
    repo.monkeypatch.setenv("GITSPLIT_NO_INDEX", "1")
    assert titles(repo)["WO-1"] == "first 1"
    assert not index_path(repo).exists()


def test_check_on_a_warm_index_sees_a_new_problem(repo: Repo, eager: None) -> None:
    some_orders(repo)
    assert repo.cli("check").exit_code == 0
    repo.write(f"{WO}/WO-2.md", repo.read(f"{WO}/WO-2.md").replace("class: C2", "class: C9"))
    result = repo.cli("check")
    assert result.exit_code == 1
    assert f"{WO}/WO-2.md:5: 'class'" in result.output
    add_wo(repo, 2, title="first 2")
    assert repo.cli("check").exit_code == 0


def test_check_finds_the_same_problems_with_and_without_the_index(repo: Repo, eager: None) -> None:
    some_orders(repo, 3)
    add_wo(repo, 4, deps=["WO-5"])
    add_wo(repo, 5, deps=["WO-4", "WO-77"])
    repo.write(f"{WO}/WO-6.md", repo.read(f"{WO}/WO-1.md"))  # a second WO-1, named WO-6
    repo.write(f"{WO}/notes.txt", "not a record\n")
    repo.write(".workledger/runs/WO-1/r1.md", "---\nwo: WO-2\nrun: r2\n---\n")
    repo.write(".workledger/runs/WO-1/r1.briefing.md", "# a briefing, not a record\n")
    plain = repo.run("check", "--json", env={"GITSPLIT_NO_INDEX": "1"})
    assert plain.returncode == 1
    for _ in range(2):  # cold, then from the written index
        indexed = repo.cli("check", "--json")
        assert (indexed.exit_code, indexed.stdout) == (1, plain.stdout)
    assert index_path(repo).is_file()
    codes = {p["code"] for p in json.loads(plain.stdout)["problems"]}
    assert {"cycle", "duplicate", "reference", "stray-file", "misplaced", "name"} <= codes


def test_brief_of_a_commit_reads_blobs_through_the_index(repo: Repo, eager: None) -> None:
    some_orders(repo)
    assert "first 3" in repo.ok("brief", "WO-3")
    assert index_path(repo).is_file()
    retitle(repo, 3, "committed three")
    repo.commit_all("retitle")
    assert "committed three" in repo.ok("brief", "WO-3")
    repo.git("checkout", "-q", "HEAD~1")
    assert "first 3" in repo.ok("brief", "WO-3")


def test_check_remembers_what_each_body_holds_by_blob_id(repo: Repo, eager: None) -> None:
    # guidance warnings read every body; the index remembers their answer per content
    from gitsplit.ledger import guidance

    some_orders(repo, 3)
    add_wo(repo, 4, body="## Problem\n\n<!-- guidance -->\n\n## Acceptance\n\nDone.\n")
    first = repo.cli("check")
    assert "WO-4.md:10: warning: Problem" in first.output
    answer = index_path(repo).parent / "answer-check"
    answer.unlink(missing_ok=True)  # a kept answer would spare the look: make check look again

    def refuse(*_args: Any) -> Any:
        raise AssertionError("a body was read again")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(guidance, "empty_sections", refuse)
        assert repo.cli("check").output == first.output
    answer.unlink(missing_ok=True)
    add_wo(repo, 4, body="## Problem\n\nReal.\n\n## Acceptance\n\nDone.\n")
    assert "warning" not in repo.cli("check").output


def test_check_writes_the_index_once_with_its_records_and_what_their_bodies_hold(
    repo: Repo, eager: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # check reads every folder (each read would flush), then its warnings remember each
    # body's sections: one write of the index holds both, and the next check needs no look
    from gitsplit.ledger import guidance

    some_orders(repo, 4)
    index_path(repo).unlink(missing_ok=True)
    real_write = index_file.write
    written: list[int] = []

    def counted(path: str, data: bytes) -> bool:
        written.append(len(data))
        return real_write(path, data)

    with monkeypatch.context() as patch:
        patch.setattr(index_file, "write", counted)
        first = repo.cli("check")
    assert first.exit_code == 0, first.output
    assert len(written) == 1
    (index_path(repo).parent / "answer-check").unlink(missing_ok=True)

    def refuse(*_args: Any) -> Any:
        raise AssertionError("a body was read again: the one write left out the memo")

    with monkeypatch.context() as patch:
        patch.setattr(guidance, "empty_sections", refuse)
        assert repo.cli("check").output == first.output


def _scans_of_check(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], str]:
    """The folders one `gitsplit check` (nothing kept) scanned through the index, and its output."""
    real_scan = record_index.RecordIndex.scan
    folders: list[str] = []

    def counted(self: record_index.RecordIndex, root: Path, folder: str, **kw: Any) -> Any:
        folders.append(folder)
        return real_scan(self, root, folder, **kw)

    with monkeypatch.context() as patch:
        patch.setenv("GITSPLIT_NO_KEPT_ANSWERS", "1")
        patch.setattr(record_index.RecordIndex, "scan", counted)
        result = repo.cli("check")
    return folders, result.output


def test_check_scans_each_folder_once_for_its_problems_and_its_warnings(
    repo: Repo, eager: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the warnings read the records check has just scanned: a second scan of 10,000 work
    # orders was a tenth of a cold check
    some_orders(repo, 3)
    add_wo(repo, 4, body="## Problem\n\n## Acceptance\n\n")  # a guidance warning to find
    folders, output = _scans_of_check(repo, monkeypatch)
    assert folders.count(WO) == 1, folders
    assert "WO-4" in output and "warning" in output
    monkeypatch.setenv("GITSPLIT_NO_INDEX", "1")
    assert repo.cli("check").output == output


def test_a_briefing_named_file_outside_runs_is_checked_as_without_the_index(
    repo: Repo, eager: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # only a run's folder holds briefings: the index's check left `*.briefing.md` out of
    # every folder, so a broken WO-9.briefing.md in workorders/ passed with the index and
    # failed without it
    some_orders(repo, 2)
    (repo.root / WO / "WO-9.briefing.md").write_text("no frontmatter\n", encoding="utf-8")
    folders, output = _scans_of_check(repo, monkeypatch)
    assert folders.count(WO) == 1, folders
    assert "WO-9.briefing.md:1: no YAML frontmatter" in output
    monkeypatch.setenv("GITSPLIT_NO_INDEX", "1")
    assert repo.cli("check").output == output
