"""Listings to a pipe (``queue``, ``ready``, ``wo list --json``) and ``check`` keep their answers.

Every case compares the answer with the one made without any cache (GITSPLIT_NO_INDEX=1),
after a change of the kind the key must see; the hit itself is proved by making the slow
path fail.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gitsplit.cli import queue_cmd
from gitsplit.ledger import answer_cache
from tests.conftest import Repo
from tests.workgraph_helpers import add_wo, make_wo_branch


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Files the test just wrote count as settled (the two-second rule has its own test)."""
    monkeypatch.setattr(answer_cache, "RACY_NS", 0)
    yield


def answer(repo: Repo, *args: str) -> Any:
    """``queue --json`` through the CLI (its stdout is not a terminal: the cached path)."""
    result = repo.cli("queue", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def fresh(repo: Repo, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    """The answer made from scratch, with every cache off."""
    with monkeypatch.context() as patch:
        patch.setenv("GITSPLIT_NO_INDEX", "1")
        return answer(repo, *args)


def cache_file(repo: Repo) -> Path:
    """Where the answer is kept."""
    return repo.root / ".git" / "gitsplit" / f"{answer_cache.FILE_PREFIX}queue"


def served_without_work(repo: Repo, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    """The answer, asserting it came from the cache (the slow path would raise)."""

    def refuse(*_args: Any) -> Any:
        raise AssertionError("the queue was made again")

    with monkeypatch.context() as patch:
        patch.setattr(queue_cmd, "load_queue", refuse)
        return answer(repo, *args)


def ledger(repo: Repo) -> None:
    """Three work orders, committed."""
    add_wo(repo, 1, status="done")
    add_wo(repo, 2, deps=["WO-1"])
    add_wo(repo, 3, deps=["WO-2"], priority="P0")
    repo.commit_all("three work orders")


def test_a_second_queue_is_served_from_what_the_first_kept(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None
) -> None:
    ledger(repo)
    first = answer(repo)
    assert cache_file(repo).is_file()
    assert served_without_work(repo, monkeypatch) == first == fresh(repo, monkeypatch)


EDITS: dict[str, Callable[[Repo], None]] = {
    "uncommitted edit": lambda repo: add_wo(repo, 2, deps=["WO-1"], title="Renamed"),
    "committed edit": lambda repo: (add_wo(repo, 3, status="blocked"), repo.commit_all("b")),
    "new file": lambda repo: add_wo(repo, 4),
    "deleted file": lambda repo: (repo.root / ".workledger/workorders/WO-3.md").unlink(),
    "config": lambda repo: repo.write(
        ".workledger/config.yaml",
        repo.read(".workledger/config.yaml").replace("C2: cheap", "C2: standard"),
    ),
    "a WO branch": lambda repo: make_wo_branch(repo, "WO-2", "wo/WO-2-work"),
    "a new commit on main": lambda repo: (repo.write("x.txt", "x\n"), repo.commit_all("x")),
}


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_every_change_the_answer_depends_on_makes_it_again(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None, edit: str
) -> None:
    ledger(repo)
    before = answer(repo)
    EDITS[edit](repo)
    after = answer(repo)
    assert after == fresh(repo, monkeypatch)
    if edit != "a new commit on main":  # the authority moved; the buckets need not
        assert after != before
    assert served_without_work(repo, monkeypatch) == after


def test_an_edit_made_while_the_answer_is_made_is_never_served_after(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the answer is kept under the key taken before it was made (D-79): an edit during the
    # run must show in the next key, even one that keeps the size and puts the mtime back
    monkeypatch.setattr(answer_cache, "RACY_NS", 200_000_000)
    ledger(repo)
    time.sleep(0.25)  # the ledger settles: its files are older than the racy window
    path = repo.root / ".workledger/workorders/WO-2.md"
    real = queue_cmd.load_queue

    def edit_meanwhile(*args: Any, **kwargs: Any) -> Any:
        made = real(*args, **kwargs)
        seen = path.stat()
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("priority: P2", "priority: P0"), encoding="utf-8")
        os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns))  # only ctime shows it
        assert path.stat().st_size == seen.st_size
        return made

    with monkeypatch.context() as patch:
        patch.setattr(queue_cmd, "load_queue", edit_meanwhile)
        made_before_the_edit = answer(repo)
    assert cache_file(repo).is_file()  # kept, under the key of the files before the edit
    time.sleep(0.25)  # past the racy window, so the next key is trusted again
    after = answer(repo)
    assert after == fresh(repo, monkeypatch) != made_before_the_edit


LISTINGS: dict[str, tuple[list[str], str]] = {
    # the command, and the function of its module that makes the answer from the ledger
    "ready": (["ready", "--json"], "gitsplit.cli.queue_cmd:load_queue"),
    "wo list": (["wo", "list", "--json"], "gitsplit.cli.wo:_listing"),
    "wo list --status ready": (
        ["wo", "list", "--json", "--status", "ready"],
        "gitsplit.cli.wo:_listing",
    ),
}


def listing(repo: Repo, argv: list[str], code: int = 0) -> tuple[Any, str]:
    """A listing's JSON (to a pipe: the kept path) and what it said on stderr."""
    result = repo.cli(*argv)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout), result.stderr


def listing_fresh(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, argv: list[str], code: int = 0
) -> tuple[Any, str]:
    """The listing made with every cache off."""
    with monkeypatch.context() as patch:
        patch.setenv("GITSPLIT_NO_INDEX", "1")
        return listing(repo, argv, code)


def listing_served(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, which: str, code: int = 0, *more: str
) -> tuple[Any, str]:
    """The listing, asserting it came from the kept answer (making it would raise)."""
    import importlib

    argv, target = LISTINGS[which]
    argv = [*argv, *more]
    module, name = target.split(":")

    def refuse(*_args: Any) -> Any:
        raise AssertionError("the listing was made again")

    with monkeypatch.context() as patch:
        patch.setattr(importlib.import_module(module), name, refuse)
        return listing(repo, argv, code)


@pytest.mark.parametrize("which", list(LISTINGS))
@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_ready_and_wo_list_keep_their_answers_and_see_every_change(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None, edit: str, which: str
) -> None:
    argv = LISTINGS[which][0]
    ledger(repo)
    first = listing(repo, argv)
    assert (
        listing_served(repo, monkeypatch, which) == first == listing_fresh(repo, monkeypatch, argv)
    )
    EDITS[edit](repo)
    after = listing(repo, argv)
    assert after == listing_fresh(repo, monkeypatch, argv)
    assert listing_served(repo, monkeypatch, which) == after


@pytest.mark.parametrize("which", ["wo list"])
def test_a_listing_that_warned_or_failed_is_never_kept(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None, which: str
) -> None:
    argv = LISTINGS[which][0]
    ledger(repo)
    repo.write(".workledger/workorders/WO-9.md", "---\nid: [unclosed\n---\n")
    failed = listing(repo, argv, code=1)
    assert "skipped" in failed[1]
    assert listing(repo, argv, code=1) == failed == listing_fresh(repo, monkeypatch, argv, code=1)
    with pytest.raises(AssertionError, match="made again"):
        listing_served(repo, monkeypatch, which, code=1)
    (repo.root / ".workledger/workorders/WO-9.md").unlink()
    add_wo(repo, 4)
    misnamed = repo.root / ".workledger/workorders/WO-4.md"
    misnamed.rename(misnamed.with_name("WO-5.md"))
    noted = listing(repo, argv)
    assert "left out" in noted[1] and listing(repo, argv) == noted
    with pytest.raises(AssertionError, match="made again"):
        listing_served(repo, monkeypatch, which)


def test_pretty_listings_are_never_served_from_the_cache(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None
) -> None:
    ledger(repo)
    for which in ("ready", "wo list"):
        listing(repo, LISTINGS[which][0])
        with pytest.raises(AssertionError, match="made again"):
            listing_served(repo, monkeypatch, which, 0, "--pretty")


def test_a_checkout_of_another_branch_shows_its_ledger(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None
) -> None:
    ledger(repo)
    repo.git("checkout", "-q", "-b", "other")
    add_wo(repo, 3, status="cancelled")
    repo.commit_all("cancel WO-3 on other")
    on_other = answer(repo)
    repo.git("checkout", "-q", "main")
    assert answer(repo) == fresh(repo, monkeypatch) != on_other


def test_filters_are_answers_of_their_own(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None
) -> None:
    ledger(repo)
    everything = answer(repo)
    only_c1 = answer(repo, "--class", "C1")
    assert only_c1 == fresh(repo, monkeypatch, "--class", "C1") != everything
    assert answer(repo, "--no-live") == fresh(repo, monkeypatch, "--no-live")


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\x00garbage",
        b"\xe3" * 100,
        answer_cache._MAGIC,
        answer_cache._MAGIC + (10**12).to_bytes(8, "little"),
        answer_cache._MAGIC + (3).to_bytes(8, "little") + b"abc",
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None, damage: bytes
) -> None:
    ledger(repo)
    answer(repo)
    cache_file(repo).write_bytes(damage)
    assert answer(repo) == fresh(repo, monkeypatch)
    assert served_without_work(repo, monkeypatch) == fresh(repo, monkeypatch)


def test_a_cut_short_answer_is_made_again(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None
) -> None:
    ledger(repo)
    answer(repo)
    whole = cache_file(repo).read_bytes()
    cache_file(repo).write_bytes(whole[: len(whole) - 5])  # the key intact, the answer torn
    with pytest.raises(AssertionError, match="made again"):
        served_without_work(repo, monkeypatch)
    assert answer(repo) == fresh(repo, monkeypatch)


def test_a_file_changed_within_two_seconds_is_never_trusted(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger(repo)
    answer(repo)
    add_wo(repo, 2, deps=["WO-1"], title="Same size!")  # the same length as "Work 2" + 4
    with pytest.raises(AssertionError, match="made again"):
        served_without_work(repo, monkeypatch)


def test_the_cache_is_off_with_the_index(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger(repo)
    monkeypatch.setenv("GITSPLIT_NO_INDEX", "1")
    answer(repo)
    assert not cache_file(repo).exists()


def test_the_kept_answers_alone_can_be_turned_off(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None
) -> None:
    # bench/scale.py measures the index's own warm run this way
    from gitsplit.ledger import index

    monkeypatch.setattr(index, "WRITE_AFTER", 1)
    monkeypatch.setattr(index, "RACY_NS", 0)
    ledger(repo)
    answer(repo)
    monkeypatch.setenv("GITSPLIT_NO_KEPT_ANSWERS", "1")
    cache_file(repo).unlink()
    assert answer(repo) == fresh(repo, monkeypatch)
    assert not cache_file(repo).exists()
    with pytest.raises(AssertionError, match="made again"):
        served_without_work(repo, monkeypatch)
    assert (repo.root / ".git" / "gitsplit" / "index").is_file()


def test_pretty_and_a_terminal_are_never_served_from_the_cache(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None
) -> None:
    ledger(repo)
    answer(repo)
    with pytest.raises(AssertionError, match="made again"):
        served_without_work(repo, monkeypatch, "--pretty")


@pytest.mark.parametrize(
    "argv", [["queue", "--json"], ["ready", "--json"], ["wo", "list", "--json"]], ids=" ".join
)
def test_a_hit_loads_neither_yaml_nor_the_ledger(repo: Repo, argv: list[str]) -> None:
    import subprocess
    import sys
    import time

    ledger(repo)
    time.sleep(2.1)  # past the two-second window, in a real process with the real rule
    code = (
        "import sys; from gitsplit.cli.main import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "print('yaml' in sys.modules, 'gitsplit.ledger.store' in sys.modules, file=sys.stderr)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=repo.root,
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        for _ in range(2)
    ]
    # a miss reads the ledger (the probe sees it), since D-76 without PyYAML too
    assert runs[0].stderr.split() == ["False", "True"]
    assert runs[1].stderr.split() == ["False", "False"], runs[1].stderr
    assert runs[0].stdout == runs[1].stdout


def check_output(repo: Repo) -> tuple[int, str]:
    """``gitsplit check``'s exit status and everything it printed."""
    result = repo.cli("check")
    return result.exit_code, result.output


def check_fresh(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """``check`` with every cache off."""
    with monkeypatch.context() as patch:
        patch.setenv("GITSPLIT_NO_INDEX", "1")
        return check_output(repo)


def check_served(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """``check``, asserting its problems and warnings came from the kept answer."""
    from gitsplit.cli import check_cmd
    from gitsplit.ledger import validate_worktree

    def refuse(*_args: Any) -> Any:
        raise AssertionError("the ledger was checked again")

    with monkeypatch.context() as patch:
        patch.setattr(validate_worktree, "check_worktree", refuse)
        patch.setattr(check_cmd, "_warnings", refuse)
        return check_output(repo)


CHECK_EDITS: dict[str, Callable[[Repo], None]] = {
    "a broken decision": lambda repo: repo.write(".workledger/decisions/D-1.md", "---\nid: D-1\n"),
    "a bad template": lambda repo: os.symlink(
        "/etc/passwd", repo.root / ".workledger/templates-link"
    ),
    "a bad config": lambda repo: repo.write(".workledger/config.yaml", "colour: red\n"),
    "a dangling dependency": lambda repo: add_wo(repo, 2, deps=["WO-9"]),
}


@pytest.mark.parametrize("edit", list(CHECK_EDITS), ids=list(CHECK_EDITS))
def test_check_keeps_its_answer_and_sees_every_change_in_the_ledger(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None, edit: str
) -> None:
    ledger(repo)
    assert check_output(repo) == (0, "ledger OK\n")
    assert check_served(repo, monkeypatch) == (0, "ledger OK\n")
    CHECK_EDITS[edit](repo)
    found = check_output(repo)
    assert found[0] == 1 and found == check_fresh(repo, monkeypatch)
    assert check_served(repo, monkeypatch) == found  # problems are kept too


def test_check_keeps_its_warnings_and_sees_a_newly_tracked_file(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None
) -> None:
    # scope warnings read git's list of tracked files, which no ledger file or ref shows
    ledger(repo)
    path = repo.root / ".workledger/workorders/WO-2.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\nBody", "scope: [lib/**]\n---\nBody"), encoding="utf-8")
    warned = check_output(repo)
    assert "scope 'lib/**' matches no tracked file" in warned[1]
    assert check_served(repo, monkeypatch) == warned == check_fresh(repo, monkeypatch)
    repo.write("lib/a.py", "")
    assert check_served(repo, monkeypatch) == warned  # untracked: still nothing matches
    repo.git("add", "lib/a.py")
    found = check_output(repo)
    assert "warning" not in found[1] and found == check_fresh(repo, monkeypatch)
    assert check_served(repo, monkeypatch) == found
    path.write_text(text.replace("Body.", "<!-- guidance -->"), encoding="utf-8")
    found = check_output(repo)
    assert "template's guidance" in found[1] and found == check_fresh(repo, monkeypatch)


def test_an_edited_committed_checkpoint_is_found_after_a_kept_answer(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None
) -> None:
    ledger(repo)
    repo.ok("checkpoint", "Where we are")
    repo.commit_all("checkpoint")
    assert check_output(repo)[0] == 0
    path = next((repo.root / ".workledger/checkpoints").glob("CP-*.md"))
    path.write_text(path.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    found = check_output(repo)
    assert found[0] == 1 and found == check_fresh(repo, monkeypatch)


def test_two_branches_at_one_commit_are_answers_of_their_own(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None
) -> None:
    ledger(repo)
    answer(repo)
    repo.git("checkout", "-q", "-b", "twin")  # the same commit and files, another branch
    with pytest.raises(AssertionError, match="made again"):
        served_without_work(repo, monkeypatch)
    assert answer(repo) == fresh(repo, monkeypatch)


def test_with_claims_on_the_queue_is_never_kept(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, no_racy_window: None
) -> None:
    # the listings then fetch the remote's claims and show their age: the clock changes them
    ledger(repo)
    config = repo.read(".workledger/config.yaml")
    assert '\nclaims: "off"' in config
    repo.write(".workledger/config.yaml", config.replace('\nclaims: "off"', "\nclaims: optional"))
    repo.commit_all("claims on")
    answer(repo)
    assert not cache_file(repo).exists()
