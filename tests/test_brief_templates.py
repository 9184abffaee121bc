"""Briefing templates: repository overrides win; broken or hostile ones fail cleanly."""

from __future__ import annotations

import pytest

from tests import brief_fixtures
from tests.conftest import Repo

OVERRIDES = ".workledger/templates"


@pytest.fixture
def ledger_repo(repo: Repo) -> Repo:
    """The realistic ledger of brief_fixtures, committed."""
    brief_fixtures.build(repo)
    return repo


def test_committed_override_wins_for_the_whole_briefing_and_for_a_section(
        ledger_repo: Repo) -> None:
    ledger_repo.write(f"{OVERRIDES}/brief.md.j2",
                      "OUR BRIEFING {{ wo.id }}\n{% for s in sections %}{{ s.text }}{% endfor %}")
    ledger_repo.write(f"{OVERRIDES}/brief/checks.md.j2",
                      "## Proof\n{% for c in checks %}* run {{ c }}\n{% endfor %}")
    ledger_repo.commit_all("our templates")
    text = ledger_repo.ok("brief", "WO-3")
    assert text.startswith("OUR BRIEFING WO-3\n")
    assert "## Proof\n* run pytest -q tests/test_auth.py\n" in text
    assert "Mission briefing" not in text and "Checks that prove acceptance" not in text
    assert "## Rejected approaches: do not retry" in text  # packaged sections still render


def test_uncommitted_override_only_with_worktree(ledger_repo: Repo) -> None:
    ledger_repo.write(f"{OVERRIDES}/brief/protocol.md.j2", "## Report\nLOCAL PROTOCOL\n")
    assert "LOCAL PROTOCOL" not in ledger_repo.ok("brief", "WO-3")
    assert "LOCAL PROTOCOL" in ledger_repo.ok("brief", "WO-3", "--worktree")


@pytest.mark.parametrize(("template", "words"), [
    ("line one\n{% for x in %}\n", f"{OVERRIDES}/brief/checks.md.j2:2: template syntax error"),
    ("ok\n\n{{ no_such_thing }}\n", f"{OVERRIDES}/brief/checks.md.j2:3: template failed: "
                                    "undefined variable: 'no_such_thing' is undefined"),
    ("{{ wo.nope }}\n", f"{OVERRIDES}/brief/checks.md.j2:1: template failed: undefined"),
    ("x\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
     f"{OVERRIDES}/brief/checks.md.j2:2: template failed: unsafe template (refused by the "
     "sandbox)"),
    ("{{ checks.append('rm -rf /') }}\n", "refused by the sandbox"),
    ("{% include '../../../etc/passwd' %}\n", "no template named '../../../etc/passwd'"),
])
def test_broken_or_hostile_templates_fail_with_file_and_line(ledger_repo: Repo, template: str,
                                                            words: str) -> None:
    ledger_repo.write(f"{OVERRIDES}/brief/checks.md.j2", template)
    ledger_repo.commit_all("a bad template")
    result = ledger_repo.cli("brief", "WO-3")
    assert result.exit_code == 1, result.output
    assert words in result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_sandbox_escape_through_a_real_subprocess(ledger_repo: Repo) -> None:
    ledger_repo.write(f"{OVERRIDES}/brief.md.j2", "{{ cycler.__init__.__globals__.os }}\n")
    ledger_repo.commit_all("hostile")
    proc = ledger_repo.run("brief", "WO-3")
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"gitsplit: error: {OVERRIDES}/brief.md.j2:1: ")
    assert "Traceback" not in proc.stderr and proc.stdout == ""
