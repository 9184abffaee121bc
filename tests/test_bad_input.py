"""Bad input: one clear message, exit 1, no traceback, and nothing half-written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gitsplit.cli.commands import cli
from tests.conftest import Repo, git

WO = ".workledger/workorders"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the ledger (temporary files included) with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / ".workledger").rglob("*"))
        if p.is_file()
    }


class Ran:
    """What a command did: exit status and output (from a subprocess or the runner)."""

    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run_in(
    cwd: Path, args: list[str], monkeypatch: pytest.MonkeyPatch, env: dict[str, str] | None = None
) -> Ran:
    """Run gitsplit in-process from ``cwd`` (exceptions that escape fail the test)."""
    monkeypatch.chdir(cwd)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr)


def one_clean_error(proc: subprocess.CompletedProcess[str] | Ran, *words: str) -> None:
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "this is a bug" not in proc.stderr
    assert proc.stderr.startswith("gitsplit: error: ")
    assert proc.stderr.count("gitsplit: error: ") == 1
    for word in words:
        assert word in proc.stderr


BROKEN_FILES: dict[str, tuple[bytes, str]] = {
    "malformed YAML": (
        b"---\nid: WO-2\ntitle: [broken\nstatus: draft\n---\n",
        f"{WO}/WO-2.md:4: malformed YAML in the frontmatter: while parsing a "
        "flow sequence did not find expected ',' or ']'",
    ),
    "frontmatter not a mapping": (
        b"---\n- id\n- title\n---\n",
        f"{WO}/WO-2.md:2: the frontmatter must be a mapping of fields, not a list",
    ),
    "frontmatter is text": (
        b"---\njust words\n---\n",
        f"{WO}/WO-2.md:2: the frontmatter must be a mapping of fields, not text",
    ),
    "empty frontmatter": (
        b"---\n---\nbody\n",
        f"{WO}/WO-2.md:2: the frontmatter must be a mapping of fields, not empty",
    ),
    "no frontmatter": (
        b"# WO-2\n\nJust Markdown.\n",
        f"{WO}/WO-2.md:1: no YAML frontmatter: a record starts with a line '---'",
    ),
    "never closed": (
        b"---\nid: WO-2\ntitle: t\n",
        f"{WO}/WO-2.md:1: the frontmatter is never closed",
    ),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", f"{WO}/WO-2.md: binary file in the ledger"),
    "not UTF-8": (b"---\nid: WO-2\ntitle: caf\xe9\n---\n", f"{WO}/WO-2.md:3: not valid UTF-8"),
    "over 1 MiB": (
        b"---\nid: WO-2\n---\n" + b"x" * (1024 * 1024 + 10),
        f"{WO}/WO-2.md: file is 1024 KiB; a ledger record may be at most 1024 KiB",
    ),
    "conflict markers": (
        b"---\nid: WO-2\n<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> side\n---\n",
        f"{WO}/WO-2.md:3: unresolved merge conflict",
    ),
    "non-text field name": (b"---\n1: one\n---\n", f"{WO}/WO-2.md:2: field name 1 is not text"),
}


@pytest.fixture
def broken(repo: Repo, request: pytest.FixtureRequest) -> tuple[Repo, str]:
    repo.ok("wo", "new", "fine")
    data, message = BROKEN_FILES[request.param]
    (repo.root / WO / "WO-2.md").write_bytes(data)
    return repo, message


COMMANDS_ON_WO_2 = [
    ["wo", "show", "2"],
    ["wo", "show", "2", "--json"],
    ["wo", "set", "2", "status=ready"],
    ["wo", "edit", "2"],
    ["renumber", "WO-2"],
]


@pytest.mark.parametrize("broken", sorted(BROKEN_FILES), indirect=True)
@pytest.mark.parametrize("args", COMMANDS_ON_WO_2, ids=lambda a: " ".join(a))
def test_broken_record_gives_one_message(broken: tuple[Repo, str], args: list[str]) -> None:
    repo, message = broken
    before = snapshot(repo.root)
    one_clean_error(run_in(repo.root, args, repo.monkeypatch, {"EDITOR": "true"}), message)
    assert snapshot(repo.root) == before


@pytest.mark.parametrize("broken", ["malformed YAML", "binary"], indirect=True)
def test_broken_record_through_a_real_process(broken: tuple[Repo, str]) -> None:
    repo, message = broken
    one_clean_error(repo.run("wo", "show", "WO-2"), message)


@pytest.mark.parametrize("broken", sorted(BROKEN_FILES), indirect=True)
def test_check_and_listings_name_the_broken_file(broken: tuple[Repo, str]) -> None:
    repo, message = broken
    proc = repo.run("check")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    location = message.split(": ")[0]
    assert any(line.startswith(location) for line in proc.stdout.splitlines()), proc.stdout
    listed = run_in(repo.root, ["wo", "list"], repo.monkeypatch)
    assert listed.returncode == 1
    assert "WO-1" in listed.stdout  # the readable records are still listed
    assert f"skipped {WO}/WO-2.md" in listed.stderr


def test_new_records_are_allocated_past_a_broken_file(repo: Repo) -> None:
    (repo.root / WO / "WO-5.md").write_bytes(b"\x00binary")
    assert repo.ok("wo", "new", "still works") == "WO-6\n"


@pytest.mark.parametrize(
    "args, words",
    [
        (["wo", "new", ""], ["the title must not be empty"]),
        (["wo", "new", " \t "], ["the title must not be empty"]),
        (["decide", ""], ["the title must not be empty"]),
        (["invariant", "add", "  "], ["the title must not be empty"]),
        (["wo", "show", "WO-9"], ["no work order WO-9"]),
        (
            ["wo", "show", "D-3"],
            ["D-3 is a decision, not a work order", "there is no D-3 either; `gitsplit wo list`"],
        ),
        (["wo", "show", "I-1"], ["I-1 is an invariant, not a work order"]),
        (["decision", "show", "WO-1"], ["WO-1 is a work order, not a decision"]),
        (["invariant", "retire", "D-1"], ["D-1 is a decision, not an invariant"]),
        (
            ["checkpoint", "--show", "WO-1"],
            ["WO-1 is a work order, not a checkpoint", "`gitsplit wo show WO-1`"],
        ),
        (["wo", "show", "twelve"], ["'twelve' is not a work order id (expected WO-<number>"]),
        (["wo", "set", "1", "status=doing"], ["'doing' is not one of"]),
        (["wo", "set", "1", "priority=urgent"], ["'urgent' is not one of P0, P1, P2, P3"]),
        (["wo", "new", "x", "--depends-on", "CP-1"], ["CP-1 is a checkpoint, not a work order"]),
        (["wo", "new", "x", "--body-file", "missing.md"], ["cannot read --body-file missing.md"]),
        (["wo", "new", "x", "--body-file", "binary.bin"], ["cannot read --body-file binary.bin"]),
        (["renumber", "WO-1", "WO-1"], ["WO-1 is already taken"]),
        (
            ["wo", "new", "x", "--body", "# Goal\n\n<<<<<<< mine\n"],
            ["WO-2.md:", "would read as a git conflict marker", "nothing was written"],
        ),
    ],
)
def test_bad_values(repo: Repo, args: list[str], words: list[str]) -> None:
    repo.ok("wo", "new", "one")
    (repo.root / "binary.bin").write_bytes(b"\xff\xfe\x00\x01")
    before = snapshot(repo.root)
    one_clean_error(run_in(repo.root, args, repo.monkeypatch), *words)
    assert snapshot(repo.root) == before


@pytest.mark.parametrize(
    "args",
    [
        ["wo", "new", "--class", "C7", "x"],
        ["wo", "nope"],
        ["check", "--json", "extra"],
        ["renumber"],
    ],
)
def test_usage_errors_exit_2(repo: Repo, args: list[str]) -> None:
    proc = repo.run(*args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


EVERYWHERE = [
    ["init"],
    ["wo", "new", "x"],
    ["wo", "list"],
    ["wo", "show", "1"],
    ["check"],
    ["decide", "x"],
    ["decision", "list"],
    ["invariant", "add", "x"],
    ["checkpoint", "x"],
    ["renumber", "WO-1"],
]


@pytest.mark.parametrize("args", EVERYWHERE, ids=lambda a: " ".join(a))
def test_outside_a_repository(tmp_path: Path, repo: Repo, args: list[str]) -> None:
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    proc = (
        repo.run(*args, cwd=outside, env=env)
        if args == ["init"]
        else run_in(outside, args, repo.monkeypatch, env)
    )
    one_clean_error(proc, f"not a git repository: {outside}", "git init")
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("args", EVERYWHERE, ids=lambda a: " ".join(a))
def test_in_a_bare_repository(tmp_path: Path, repo: Repo, args: list[str]) -> None:
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo.root), str(bare))
    before = sorted(p.relative_to(bare).as_posix() for p in bare.rglob("*"))
    proc = repo.run(*args, cwd=bare) if args == ["init"] else run_in(bare, args, repo.monkeypatch)
    one_clean_error(proc, "is a bare repository: gitsplit needs a working tree", "git clone")
    assert sorted(p.relative_to(bare).as_posix() for p in bare.rglob("*")) == before


@pytest.mark.parametrize("args", EVERYWHERE, ids=lambda a: " ".join(a))
def test_inside_the_git_folder(repo: Repo, args: list[str]) -> None:
    inside = repo.root / ".git" / "refs"
    proc = (
        repo.run(*args, cwd=inside) if args == ["init"] else run_in(inside, args, repo.monkeypatch)
    )
    one_clean_error(proc, "is inside the .git folder", "cd to the top of the working tree")


def test_repository_without_a_ledger(bare_repo: Repo) -> None:
    for args in (["wo", "list"], ["wo", "new", "x"], ["check"], ["decide", "x"]):
        proc = bare_repo.run(*args)
        one_clean_error(proc, "no .workledger/", "gitsplit init")
    assert not (bare_repo.root / ".workledger").exists()


def test_from_a_subfolder_the_ledger_is_found(repo: Repo) -> None:
    sub = repo.root / "src" / "deep"
    sub.mkdir(parents=True)
    proc = repo.run("wo", "new", "from below", cwd=sub)
    assert proc.returncode == 0, proc.stderr
    assert (repo.root / WO / "WO-1.md").is_file()
    assert not (sub / ".workledger").exists()


def test_a_file_where_a_ledger_folder_should_be(repo: Repo) -> None:
    folder = repo.root / WO
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    folder.write_text("not a folder\n", encoding="utf-8")
    one_clean_error(repo.run("wo", "new", "x"), "cannot write", "workorders")
    assert folder.read_text(encoding="utf-8") == "not a folder\n"


def _temp_files(root: Path) -> list[str]:
    return [p.name for p in (root / ".workledger").rglob("*.tmp")]


def test_no_temporary_files_after_failures(repo: Repo) -> None:
    repo.ok("wo", "new", "one")
    for args in (
        ["wo", "set", "1", "status=bad"],
        ["wo", "new", ""],
        ["renumber", "WO-1", "WO-1"],
        ["decide", "x", "--rejected", "no reason"],
    ):
        assert repo.run(*args).returncode == 1
    assert _temp_files(repo.root) == []
