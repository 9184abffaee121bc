"""A bare poll (``queue --json`` and the like, to a pipe) is answered before click is imported.

Every answer is compared with the one the CLI makes with every cache off; the entry point
is driven in-process (pytest's captured stdout is no terminal) and as a real subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gitsplit.cli import poll
from gitsplit.cli.main import main
from gitsplit.ledger import answer_cache
from tests.conftest import Repo
from tests.test_answer_cache import EDITS, ledger

BARE = [["queue", "--json"], ["ready", "--json"], ["wo", "list", "--json"]]


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Files the test just wrote count as settled (the two-second rule has its own test)."""
    monkeypatch.setattr(answer_cache, "RACY_NS", 0)
    yield


def entry(repo: Repo, capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str]:
    """Run the console entry point in-process: (exit status, stdout)."""
    repo.monkeypatch.chdir(repo.root)
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        main(args)
    return int(stopped.value.code or 0), capsys.readouterr().out


def fresh(repo: Repo, args: list[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """The CLI's answer with every cache off."""
    with monkeypatch.context() as patch:
        patch.setenv("GITSPLIT_NO_INDEX", "1")
        result = repo.cli(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def served_here(
    repo: Repo, capsys: pytest.CaptureFixture[str], args: list[str], monkeypatch: pytest.MonkeyPatch
) -> str:
    """The entry point's output, asserting the CLI never ran (a hit of the poll)."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the CLI ran")

    from gitsplit.cli import commands

    with monkeypatch.context() as patch:
        patch.setattr(commands.cli, "main", refuse)
        code, out = entry(repo, capsys, args)
    assert code == 0
    return out


@pytest.mark.parametrize("args", BARE, ids=" ".join)
def test_a_kept_answer_is_printed_without_the_cli_and_equals_a_fresh_one(
    repo: Repo,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_racy_window: None,
    args: list[str],
) -> None:
    ledger(repo)
    code, first = entry(repo, capsys, args)  # a miss: made through the CLI and kept
    assert code == 0
    second = served_here(repo, capsys, args, monkeypatch)
    assert second == first
    assert json.loads(second) == fresh(repo, args, monkeypatch)


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_after_every_change_the_poll_answers_anew(
    repo: Repo,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_racy_window: None,
    edit: str,
) -> None:
    ledger(repo)
    for args in BARE:
        entry(repo, capsys, args)
    EDITS[edit](repo)
    for args in BARE:
        code, out = entry(repo, capsys, args)
        assert code == 0
        assert json.loads(out) == fresh(repo, args, monkeypatch), (edit, args)


def test_a_miss_makes_the_key_once_and_keeps_the_answer_under_it(
    repo: Repo,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_racy_window: None,
) -> None:
    ledger(repo)
    calls: list[tuple[str, ...]] = []
    real = answer_cache.make_key

    def counted(root: str, request: tuple[str, ...], **kwargs: Any) -> Any:
        calls.append(request)
        return real(root, request, **kwargs)

    monkeypatch.setattr(answer_cache, "make_key", counted)
    entry(repo, capsys, ["queue", "--json"])
    assert len(calls) == 1  # the lookup (handed to the CLI) and no second look (D-79)
    assert poll.take(calls[0][:-1]) is poll.NOT_LOOKED_UP  # nothing left over for a next run


@pytest.mark.parametrize(
    "args",
    [
        ["queue", "--json", "--no-live"],
        ["queue", "--json", "--pretty"],
        ["queue", "--class", "C2", "--json"],
        ["wo", "list", "--json", "--status", "ready"],
        ["ready", "--json", "--offline"],
        ["queue"],
    ],
    ids=" ".join,
)
def test_anything_but_a_bare_poll_goes_through_the_cli(
    repo: Repo, capsys: pytest.CaptureFixture[str], no_racy_window: None, args: list[str]
) -> None:
    ledger(repo)
    entry(repo, capsys, args)
    entry(repo, capsys, args)
    assert poll.answered(args) is False
    assert poll.take(("queue", "tier=", "live=True")) is poll.NOT_LOOKED_UP


def test_a_terminal_is_never_served_here(
    repo: Repo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger(repo)
    entry(repo, capsys, ["queue", "--json"])
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert poll.answered(["queue", "--json"]) is False


def _subprocess(repo: Repo, args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys; from gitsplit.cli.main import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "finally:\n    print('click' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=repo.root,
        text=True,
        env=env,
        check=False,
        **kwargs,
    )


@pytest.mark.parametrize("args", BARE, ids=" ".join)
def test_a_real_process_serves_a_settled_answer_without_importing_click(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    import time

    ledger(repo)
    time.sleep(2.1)  # past the two-second window, with the real rule
    first = _subprocess(repo, args, capture_output=True)
    second = _subprocess(repo, args, capture_output=True)
    assert (first.returncode, second.returncode) == (0, 0)
    assert first.stderr.split() == ["True"]
    assert second.stderr.split() == ["False"], second.stderr
    assert second.stdout == first.stdout
    assert json.loads(second.stdout) == fresh(repo, args, monkeypatch)


def test_a_closed_pipe_ends_the_poll_with_status_1_and_no_traceback(
    repo: Repo, tmp_path: Path
) -> None:
    import time

    ledger(repo)
    time.sleep(2.1)
    assert _subprocess(repo, ["queue", "--json"], capture_output=True).returncode == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # whoever reads the poll has gone
    err = tmp_path / "stderr"
    with open(err, "w", encoding="utf-8") as stderr:
        done = _subprocess(repo, ["queue", "--json"], stdout=write_end, stderr=stderr)
    os.close(write_end)
    assert done.returncode == 1
    assert "Traceback" not in err.read_text(encoding="utf-8")


def test_what_a_terminal_must_not_get_raw_is_escaped_as_the_cli_escapes_it(
    repo: Repo,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_racy_window: None,
) -> None:
    from tests.workgraph_helpers import add_wo

    add_wo(repo, 1, title="Right\u202eto left and a \x7f and a \x85")
    repo.commit_all("a hostile title")
    entry(repo, capsys, ["queue", "--json"])
    served = served_here(repo, capsys, ["queue", "--json"], monkeypatch)
    with monkeypatch.context() as patch:
        patch.setenv("GITSPLIT_NO_INDEX", "1")
        made = repo.cli("queue", "--json").stdout
    assert "\u202e" not in served and "\x7f" not in served and "\x85" not in served
    assert served == made


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_a_served_poll_prints_the_bytes_the_cli_prints_in_the_streams_encoding(
    repo: Repo, encoding: str
) -> None:
    import time

    from tests.workgraph_helpers import add_wo

    add_wo(repo, 1, title="Café au lait")
    repo.commit_all("a title beyond ASCII")
    time.sleep(2.1)
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    made = subprocess.run(
        [sys.executable, "-m", "gitsplit", "queue", "--json"],
        cwd=repo.root,
        env={**env, "GITSPLIT_NO_INDEX": "1"},
        capture_output=True,
        check=True,
    ).stdout
    assert "Café".encode(encoding) in made
    runs = [
        subprocess.run(
            [sys.executable, "-m", "gitsplit", "queue", "--json"],
            cwd=repo.root,
            env=env,
            capture_output=True,
            check=True,
        ).stdout
        for _ in range(2)
    ]
    assert runs == [made, made]
