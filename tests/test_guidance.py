"""The templates' guidance text never goes out as the task (issue 17, defect 1).

Guidance is written as HTML comments: briefings strip it, ``check`` warns while a required
section holds nothing else, and ``start``/``dispatch`` refuse a work order without a Problem
or an Acceptance unless told ``--allow-empty-body``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gitsplit.ledger import guidance
from tests.conftest import WO_BODY, WO_TEXT, Repo

WO = ".workledger/workorders"
# What the templates used to write as plain text, and what their comments say now.
GUIDANCE = (
    "What is wrong or missing",
    "What to change, and what to leave alone",
    "What must be true when this is done",
    "What forced a choice",
    "What was decided",
    "What follows, good and bad",
    "The rule, stated so a run can tell",
    "<!--",
)


def no_guidance(text: str) -> None:
    found = [words for words in GUIDANCE if words in text]
    assert not found, f"guidance text in a briefing: {found}\n{text}"


def line_of(repo: Repo, rel: str, text: str) -> int:
    """The 1-based line of ``rel`` that is ``text``."""
    return repo.read(rel).splitlines().index(text) + 1


def bodiless(repo: Repo) -> None:
    """A ready work order, a decision and an invariant, all made without a body."""
    repo.write("src/app.py", "ANSWER = 42\n")
    repo.ok("invariant", "add", "Keep the API")
    repo.ok("decide", "Use plain files", "--applies-to", "src/**")
    repo.ok("wo", "new", "Tune it", "--status", "ready", "--scope", "src/**")
    repo.commit_all("plan")


def test_templates_write_their_guidance_as_comments(repo: Repo) -> None:
    bodiless(repo)
    text = repo.read(f"{WO}/WO-1.md")
    assert "<!-- What is wrong or missing, and why it matters. -->" in text
    assert "<!-- - [ ] What must be true when this is done" in text
    assert "<!-- What was decided. -->" in repo.read(".workledger/decisions/D-1.md")


def test_a_briefing_carries_no_guidance_text(repo: Repo) -> None:
    bodiless(repo)
    briefing = repo.ok("brief", "WO-1")
    no_guidance(briefing)
    assert "I-1: Keep the API**\n" in briefing  # the rule is empty: the title stands alone
    assert "### D-1: Use plain files" in briefing


def test_a_briefing_strips_comments_but_keeps_them_in_code(repo: Repo) -> None:
    body = (
        "## Problem\n\nIt is slow. <!-- a note to myself -->\n\n## Acceptance\n\n"
        "- [ ] Fast.\n\n```html\n<!-- kept: this is code -->\n```\n"
    )
    repo.ok("wo", "new", "Speed up", "--status", "ready", "--body", body)
    briefing = repo.ok("brief", "WO-1", "--worktree")
    assert "It is slow." in briefing and "a note to myself" not in briefing
    assert "<!-- kept: this is code -->" in briefing


def test_guidance_an_older_template_wrote_as_plain_text_is_recognised() -> None:
    old = (
        "## Problem\n\nWhat is wrong or missing, and why it matters.\n\n## Acceptance\n\n"
        "- [ ] What must be true when this is done (the checks prove it).\n"
    )
    assert guidance.empty_sections("workorder", old) == ["Problem", "Acceptance"]
    assert "What is wrong" not in guidance.strip(old)
    assert guidance.empty_sections("workorder", "Free text, no headings.\n") == []
    assert guidance.empty_sections("invariant", "<!-- The rule -->\n") == ["body"]


def test_check_warns_without_failing(repo: Repo) -> None:
    bodiless(repo)
    repo.ok("wo", "new", "Still a draft")  # a draft is expected to be unfinished
    result = repo.cli("check")
    assert result.exit_code == 0, result.output
    decision = line_of(repo, ".workledger/decisions/D-1.md", "## Decision")
    rule = line_of(
        repo,
        ".workledger/invariants/I-1.md",
        "<!-- The rule, stated so a run can tell whether it kept it. -->",
    )
    problem = line_of(repo, f"{WO}/WO-1.md", "## Problem")
    assert result.stdout.splitlines() == [
        f".workledger/decisions/D-1.md:{decision}: warning: Decision is empty or still the "
        "template's guidance; write it in .workledger/decisions/D-1.md",
        f".workledger/invariants/I-1.md:{rule}: warning: the body is empty or still the "
        "template's guidance; write it in .workledger/invariants/I-1.md",
        f"{WO}/WO-1.md:{problem}: warning: Problem and Acceptance are empty or still the "
        "template's guidance; write them (`gitsplit wo edit WO-1`) before the work order is "
        "started",
        "ledger OK, 3 warnings",
    ]
    data = json.loads(repo.ok("check", "--json"))
    assert data["ok"] is True and data["problems"] == []
    assert [(w["path"], w["code"]) for w in data["warnings"]] == [
        (".workledger/decisions/D-1.md", "guidance"),
        (".workledger/invariants/I-1.md", "guidance"),
        (f"{WO}/WO-1.md", "guidance"),
    ]
    assert repo.cli("check", "--rev", "HEAD").stdout.endswith("ledger OK, 3 warnings\n")


def test_check_warns_about_one_missing_section(repo: Repo) -> None:
    body = WO_TEXT.replace("- [ ] The test's checks pass.", "<!-- later -->")
    repo.ok("wo", "new", "Half written", "--status", "ready", "--body", body)
    line = line_of(repo, f"{WO}/WO-1.md", "## Acceptance")
    assert f"{WO}/WO-1.md:{line}: warning: Acceptance is empty" in repo.ok("check")


def test_start_refuses_an_empty_work_order(repo: Repo) -> None:
    bodiless(repo)
    result = repo.cli("start", "WO-1", "--no-launch")
    assert result.exit_code == 1
    assert result.output == (
        "gitsplit: error: WO-1's Problem and Acceptance are empty or still the template's "
        "guidance: a run would start from no task\n"
        "  hint: write them (`gitsplit wo edit WO-1`) and commit, or pass --allow-empty-body\n"
    )
    assert repo.git("branch", "--list", "wo/*") == ""
    started = repo.cli("start", "WO-1", "--no-launch", "--allow-empty-body")
    assert started.exit_code == 0, started.output
    assert "started run WO-1-r1" in started.output


def test_start_reads_the_body_at_the_base(repo: Repo) -> None:
    bodiless(repo)
    path = repo.root / WO / "WO-1.md"
    path.write_text(path.read_text().replace("## Problem\n", "## Problem\n\nWritten.\n"))
    result = repo.cli("start", "WO-1", "--no-launch", "--worktree")
    assert result.exit_code == 1  # the Problem written since is not committed: not at the base
    assert "WO-1's Problem and Acceptance are empty" in result.output


def test_dispatch_refuses_an_empty_work_order(repo: Repo, tmp_path: Path) -> None:
    bodiless(repo)
    result = repo.cli("dispatch")
    assert result.exit_code == 1
    assert "WO-1: failed-to-start WO-1's Problem and Acceptance are empty" in result.output
    assert repo.git("branch", "--list", "wo/*") == ""


def test_bundle_export_refuses_an_empty_work_order(repo: Repo) -> None:
    bodiless(repo)
    result = repo.cli("bundle", "export", "WO-1")
    assert result.exit_code == 1 and "--allow-empty-body" in result.output


def test_wo_new_says_what_it_left_empty(repo: Repo) -> None:
    result = repo.cli("wo", "new", "Tune it", "--class", "C1")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == (
        "WO-1: left Problem and Acceptance empty (the template's guidance); write them with "
        "`gitsplit wo edit WO-1` (`gitsplit start` refuses it until then)"
    )
    quiet = repo.cli("wo", "new", "Written", "--class", "C1", *WO_BODY)
    assert "left" not in quiet.stderr


@pytest.mark.parametrize("template", ["workorder", "decision", "invariant", "checkpoint"])
def test_every_record_template_marks_its_guidance(template: str) -> None:
    text = (Path(__file__).parents[1] / "templates" / f"{template}.md.j2").read_text()
    prose = [
        line
        for line in text.splitlines()
        if line
        and not line.startswith(("#", "{#", "    "))
        and "<!--" not in line
        and "{{" not in line
        and "Work-Order" not in line  # the one line a run is meant to read
    ]
    assert prose == []
