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
    ledger_repo: Repo,
) -> None:
    ledger_repo.write(
        f"{OVERRIDES}/brief.md.j2",
        "OUR BRIEFING {{ wo.id }}\n{% for s in sections %}{{ s.text }}{% endfor %}",
    )
    ledger_repo.write(
        f"{OVERRIDES}/brief/checks.md.j2",
        "## Proof\n{% for c in checks %}* run {{ c }}\n{% endfor %}",
    )
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


def refused_briefing(repo: Repo, template: str) -> str:
    """Commit ``template`` as the checks section; insist `brief` refuses it; its output."""
    repo.write(f"{OVERRIDES}/brief/checks.md.j2", template)
    repo.commit_all("a bad template")
    result = repo.cli("brief", "WO-3")
    assert result.exit_code == 1, result.output[:300]
    assert "Traceback" not in result.output and result.stdout == ""
    return result.output


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("line one\n{% for x in %}\n", f"{OVERRIDES}/brief/checks.md.j2:2: template syntax error"),
        (
            "ok\n\n{{ no_such_thing }}\n",
            f"{OVERRIDES}/brief/checks.md.j2:3: template failed: "
            "undefined variable: 'no_such_thing' is undefined",
        ),
        ("{{ wo.nope }}\n", f"{OVERRIDES}/brief/checks.md.j2:1: template failed: undefined"),
        (
            "x\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
            f"{OVERRIDES}/brief/checks.md.j2:2: template failed: unsafe template (refused by the "
            "sandbox)",
        ),
        ("{{ checks.append('rm -rf /') }}\n", "refused by the sandbox"),
        ("{% include '../../../etc/passwd' %}\n", "no template named '../../../etc/passwd'"),
    ],
)
def test_broken_or_hostile_templates_fail_with_file_and_line(
    ledger_repo: Repo, template: str, words: str
) -> None:
    assert words in refused_briefing(ledger_repo, template)


def test_sandbox_escape_through_a_real_subprocess(ledger_repo: Repo) -> None:
    ledger_repo.write(f"{OVERRIDES}/brief.md.j2", "{{ cycler.__init__.__globals__.os }}\n")
    ledger_repo.commit_all("hostile")
    proc = ledger_repo.run("brief", "WO-3")
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"gitsplit: error: {OVERRIDES}/brief.md.j2:1: ")
    assert "Traceback" not in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("{{ 'a' * 10**9 }}\n", "a string of length 1 times 1,000,000,000 would build"),
        ("x\n{{ [0] * 10**8 }}\n", ":2: template failed: too large (refused: a list of length 1"),
        ("{{ 2 ** (10**9) }}\n", "2 ** 1,000,000,000 would be a number of about"),
        ("{{ range(10**9)|list }}\n", "range() was given 1,000,000,000"),
        ("{{ 'x'|center(10**9) }}\n", "the filter 'center' was given 1,000,000,000"),
        ("{{ 'x'.ljust(10**9) }}\n", "ljust() was given 1,000,000,000"),
        ("{{ '%1000000000s' % 'x' }}\n", "the format '%1000000000' asks for 1,000,000,000"),
        ("{{ '%*s' % (10**9, 'x') }}\n", "a '*' width was given 1,000,000,000"),
        ("{{ '%1000000000d'|format(1) }}\n", "the format '%1000000000' asks for"),
        ("{{ '{:>1000000000}'.format('x') }}\n", "the format field '{:>1000000000}' asks for"),
        ("{{ '{:>{w}}'.format('x', w=10**9) }}\n", "format() was given 1,000,000,000"),
    ],
)
def test_memory_bombs_are_refused_before_they_run(
    ledger_repo: Repo, template: str, words: str
) -> None:
    output = refused_briefing(ledger_repo, template)
    assert f"{OVERRIDES}/brief/checks.md.j2:" in output and words in output
    assert "a template may build at most 1,000,000 at once" in output


def test_ordinary_arithmetic_and_formatting_still_render(ledger_repo: Repo) -> None:
    ledger_repo.write(
        f"{OVERRIDES}/brief/checks.md.j2",
        "{{ '-' * 20 }}|{{ 2 ** 10 }}|{{ '%5s' % 'x' }}|{{ 'x'|center(5) }}|"
        "{{ '{:>4}'.format(7) }}|{{ (10**7)|tojson }}|{{ (10**8)|filesizeformat }}|"
        "{{ '%05d'|format(42) }}|{{ range(3)|join(',') }}|{{ [1, 2] * 2 }}\n",
    )
    ledger_repo.commit_all("ordinary template")
    text = ledger_repo.ok("brief", "WO-3")
    assert (
        "--------------------|1024|    x|  x  |   7|10000000|100.0 MB|00042|0,1,2|[1, 2, 1, 2]\n"
    ) in text
