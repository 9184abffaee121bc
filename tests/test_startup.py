"""Hot paths import only what they use: no GitPython, no Jinja2 for --help, check or listings."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import Repo

PROBE = """
import json, sys
from gitsplit.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = sorted(name for name in ("git", "jinja2", "frontmatter") if name in sys.modules)
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def imported(repo: Repo, *args: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=False,
    )
    result: dict[str, object] = json.loads(proc.stderr.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["wo", "--help"],
        ["check"],
        ["wo", "list"],
        ["check", "--rev", "HEAD"],
        ["decision", "list"],
    ],
)
def test_hot_paths_import_neither_gitpython_nor_jinja2(repo: Repo, args: list[str]) -> None:
    repo.ok("wo", "new", "something")
    assert imported(repo, *args) == {"code": 0, "heavy": []}


def test_help_shows_sections_without_importing_commands(repo: Repo) -> None:
    code = (
        "import sys\nfrom gitsplit.cli.main import main\ntry:\n    main(['--help'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('gitsplit.cli.')),"
        " file=sys.stderr)"
    )

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code], cwd=repo.root, capture_output=True, text=True
        )

    made = run()
    loaded = [
        "gitsplit.cli.commands",
        "gitsplit.cli.kept_help",
        "gitsplit.cli.lazy_group",
        "gitsplit.cli.main",
        "gitsplit.cli.poll",
    ]
    assert made.stderr.strip() == str(loaded)  # the entry point and the table, no command
    assert "Author the ledger:" in made.stdout
    kept = run()  # the text click made is kept: not even the table is imported now
    assert kept.stderr.strip() == str(
        ["gitsplit.cli.kept_help", "gitsplit.cli.main", "gitsplit.cli.poll"]
    )
    assert kept.stdout == made.stdout
