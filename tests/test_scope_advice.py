"""A mistyped scope is not accepted silently (issue 17, defect 4).

``check`` and ``wo set`` warn when a scope glob matches no tracked file and name the
closest existing path; the briefing says plainly that nothing matches.
"""

from __future__ import annotations

import json

from gitsplit.ledger.scope_advice import Tracked, describe
from tests.conftest import WO_BODY, Repo

WO = ".workledger/workorders"


def package(repo: Repo) -> None:
    """A small package under src/itsdangerous/, committed, and WO-1 to change it."""
    repo.write("src/itsdangerous/signer.py", "def sign(): ...\n")
    repo.write("src/itsdangerous/timed.py", "def unsign(): ...\n")
    repo.ok("wo", "new", "Reject a negative max_age", "--status", "ready", *WO_BODY)
    repo.commit_all("package")


def test_wo_set_warns_about_a_mistyped_scope_and_keeps_it(repo: Repo) -> None:
    package(repo)
    result = repo.cli("wo", "set", "WO-1", "scope=src/itsdangerus/**")
    assert result.exit_code == 0
    assert result.stdout == "WO-1: set scope\n"
    assert result.stderr == (
        "gitsplit: warning: WO-1: scope 'src/itsdangerus/**' matches no tracked file "
        "(did you mean 'src/itsdangerous/**'?)\n"
    )
    assert "src/itsdangerus/**" in repo.read(f"{WO}/WO-1.md")
    fine = repo.cli("wo", "set", "WO-1", "scope=src/itsdangerous/**")
    assert fine.stderr == ""


def test_check_warns_about_a_scope_that_matches_nothing(repo: Repo) -> None:
    package(repo)
    repo.ok("wo", "set", "WO-1", "scope=src/itsdangerus/**", "scope+=src/itsdangerous/**")
    result = repo.cli("check")
    assert result.exit_code == 0
    lines = repo.read(f"{WO}/WO-1.md").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("scope:"))
    assert result.stdout == (
        f"{WO}/WO-1.md:{line}: warning: scope 'src/itsdangerus/**' matches no tracked file "
        "(did you mean 'src/itsdangerous/**'?)\n"
        "ledger OK, 1 warning\n"
    )
    data = json.loads(repo.ok("check", "--json"))
    assert [w["code"] for w in data["warnings"]] == ["scope"]
    repo.ok("wo", "set", "WO-1", "status=draft")  # unfinished on purpose: not warned about
    assert repo.ok("check") == "ledger OK\n"
    repo.ok("wo", "set", "WO-1", "status=done")  # closed work: its scope no longer matters
    assert repo.ok("check") == "ledger OK\n"


def test_the_briefing_says_plainly_that_nothing_matches(repo: Repo) -> None:
    package(repo)
    repo.ok("wo", "set", "WO-1", "scope=src/itsdangerus/**")
    repo.commit_all("scope")
    briefing = repo.ok("brief", "WO-1")
    assert (
        "No tracked file matches the scope: `git ls-files -- ':(glob)src/itsdangerus/**'` "
        "lists nothing.\n"
    ) in briefing
    assert "you may be creating them" not in briefing


def test_the_closest_path_is_a_folder_or_a_file() -> None:
    tracked = Tracked(["src/itsdangerous/signer.py", "src/itsdangerous/timed.py", "README.md"])
    assert describe("src/itsdangerous/signr.py", tracked).endswith(
        "(did you mean 'src/itsdangerous/signer.py'?)"
    )
    assert describe("READM.md", tracked).endswith("(did you mean 'README.md'?)")
    assert describe("docs/**", tracked) == "scope 'docs/**' matches no tracked file"


def test_the_closest_path_is_looked_for_at_the_glob_s_own_level() -> None:
    # a suggestion from another folder would mislead, and comparing with every tracked
    # path once per glob cost check seconds at 10,000 work orders
    paths = [f"pkg{n}/mod{n}.py" for n in range(300)] + ["src/app.py", "setup.py"]
    tracked = Tracked(paths)
    assert describe("src/ap.py", tracked).endswith("(did you mean 'src/app.py'?)")
    assert describe("setp.py", tracked).endswith("(did you mean 'setup.py'?)")
    assert describe("pkg7/mod7.pyx", tracked).endswith("(did you mean 'pkg7/mod7.py'?)")
    assert describe("mod7.py", tracked) == "scope 'mod7.py' matches no tracked file"
    assert describe("nowhere/mod7.py", tracked) == (
        "scope 'nowhere/mod7.py' matches no tracked file"
    )
    assert tracked.closest("src/ap.py") is tracked.closest("src/ap.py")  # remembered
