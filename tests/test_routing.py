"""``gitsplit route`` and class suggestions, and ``wo new`` without ``--class``."""

from __future__ import annotations

import json

import pytest

from gitsplit.cost import routing
from tests.conftest import Repo

FOUR_DIRS = (
    "--scope",
    "src/**",
    "--scope",
    "tests/**",
    "--scope",
    "docs/*.md",
    "--scope",
    "bench/run.py",
)


def wo(repo: Repo, *args: str) -> str:
    """Create a work order and return its id."""
    return repo.ok("wo", "new", "Some work", *args).strip()


def suggestion(repo: Repo, wo_id: str) -> dict[str, object] | None:
    """The suggestion `route --json` gives."""
    data = json.loads(repo.ok("route", wo_id, "--json"))
    assert data["id"] == wo_id
    return data["suggestion"]  # type: ignore[no-any-return]


def test_route_names_tier_agent_model_and_why(repo: Repo) -> None:
    wo_id = wo(repo, "--class", "C3", "--scope", "src/index/**")
    data = json.loads(repo.ok("route", wo_id, "--json"))
    assert list(data) == [
        "id",
        "title",
        "class",
        "tier",
        "agent",
        "model",
        "price",
        "argv",
        "why",
        "estimate",
        "suggestion",
    ]
    # the model id Claude Code takes, priced by the price table's name for it
    assert (data["tier"], data["agent"], data["model"], data["price"]) == (
        "standard",
        "claude",
        "claude-sonnet-4-0",
        "sonnet-4",
    )
    assert data["argv"][:6] == [
        "claude",
        "-p",
        "--model",
        "claude-sonnet-4-0",
        "--output-format",
        "stream-json",
    ]
    assert data["argv"][-2:] == ["--allowedTools", "Bash(git:*),Bash(gitsplit:*)"]
    assert data["why"][0] == "class C3 routes to tier standard (config: routing.C3)"
    assert data["estimate"] == {
        "turns": 10,
        "input_per_turn": 150_000,
        "output_per_turn": 25_000,
        "source": "class",
        "cost": "8.25",
        "architect_cost": "41.25",
    }
    assert data["suggestion"] is None


def test_route_text_through_a_subprocess(repo: Repo) -> None:
    wo_id = wo(repo, "--class", "C1", *FOUR_DIRS)
    proc = repo.run("route", wo_id)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f'{wo_id} "Some work" → tier cheap\n')
    assert (
        "  agent:  codex (codex exec --json --model gpt-5.4-mini --sandbox danger-full-access -)"
        in proc.stdout
    )
    assert "suggestion (not applied): class C3 instead of C1, because" in proc.stdout
    assert "its scope spans 4 top-level directories (bench, docs, src, tests)" in proc.stdout
    assert f"to apply: gitsplit wo set {wo_id} class=C3" in proc.stdout
    assert "class: C1" in repo.read(f".workledger/workorders/{wo_id}.md")  # never applied


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ((), "it has no scope"),
        (("--scope", "**"), "its scope `**` reaches into every directory"),
        (("--scope", "./**/*"), "its scope `./**/*` reaches into every directory"),
        (("--scope", "**/*.md"), "its scope `**/*.md` reaches into every directory"),
    ],
)
def test_unbounded_scope_suggests_c2_for_a_c1(
    repo: Repo, scope: tuple[str, ...], expected: str
) -> None:
    found = suggestion(repo, wo(repo, "--class", "C1", *scope))
    assert found is not None and found["class"] == "C2" and found["tier"] == "cheap"
    assert found["reasons"][0]["code"] == "unbounded_scope"  # type: ignore[index]
    assert expected in found["reasons"][0]["message"]  # type: ignore[index]


def test_many_directories_suggests_c3(repo: Repo) -> None:
    found = suggestion(repo, wo(repo, "--class", "C2", *FOUR_DIRS))
    assert found is not None and found["class"] == "C3"
    assert [r["code"] for r in found["reasons"]] == ["many_directories"]  # type: ignore[attr-defined]
    three = wo(
        repo,
        "--class",
        "C1",
        "--scope",
        "src/**",
        "--scope",
        "tests/**",
        "--scope",
        "docs/**",
        "--scope",
        "README.md",
        "--scope",
        "pyproject.toml",
    )
    assert suggestion(repo, three) is None  # three directories and root files: bounded enough


def test_proposed_decision_suggests_c4(repo: Repo) -> None:
    proposed = repo.ok("decide", "Cache in SQLite", "--status", "proposed").strip()
    accepted = repo.ok("decide", "Keep YAML frontmatter").strip()
    wo_id = wo(
        repo,
        "--class",
        "C1",
        "--scope",
        "src/cache.py",
        "--decision",
        proposed,
        "--decision",
        accepted,
    )
    found = suggestion(repo, wo_id)
    assert found is not None and found["class"] == "C4" and found["tier"] == "architect"
    assert found["reasons"] == [
        {  # the accepted decision is no reason
            "code": "proposed_decision",
            "class": "C4",
            "message": f"it names {proposed}, which is still proposed: the design is not settled "
            "(accept the decision first, or leave the work to the architect)",
        }
    ]
    settled = wo(repo, "--class", "C1", "--scope", "src/cache.py", "--decision", accepted)
    assert suggestion(repo, settled) is None


def test_many_dependencies_suggest_c3(repo: Repo) -> None:
    deps = [wo(repo, "--class", "C1", "--scope", f"src/m{n}.py") for n in range(4)]
    args = [arg for dep in deps for arg in ("--depends-on", dep)]
    found = suggestion(repo, wo(repo, "--class", "C2", "--scope", "src/**", *args))
    assert found is not None and found["class"] == "C3"
    assert found["reasons"][0]["code"] == "many_dependencies"  # type: ignore[index]
    assert "depends on 4 work orders (WO-1, WO-2, WO-3, WO-4)" in found["reasons"][0]["message"]  # type: ignore[index]
    three = wo(repo, "--class", "C2", "--scope", "src/**", *args[:6])
    assert suggestion(repo, three) is None


def test_every_reason_at_once_and_never_a_lower_class(repo: Repo) -> None:
    proposed = repo.ok("decide", "Open question", "--status", "proposed").strip()
    wo_id = wo(repo, "--class", "C1", "--scope", "**", *FOUR_DIRS, "--decision", proposed)
    found = suggestion(repo, wo_id)
    assert found is not None and found["class"] == "C4"
    assert [r["code"] for r in found["reasons"]] == [  # type: ignore[attr-defined]
        "unbounded_scope",
        "many_directories",
        "proposed_decision",
    ]
    assert suggestion(repo, wo(repo, "--class", "C4", "--scope", "src/x.py")) is None


def test_unknown_work_order(repo: Repo) -> None:
    wo(repo, "--class", "C1")
    result = repo.cli("route", "WO-7")
    assert result.exit_code == 1
    assert "no work order WO-7" in result.stderr and "`gitsplit wo list`" in result.stderr


def test_wo_new_without_class_takes_the_suggestion(repo: Repo) -> None:
    result = repo.cli("wo", "new", "Across the tree", *FOUR_DIRS)
    assert result.exit_code == 0 and result.stdout == "WO-1\n"
    assert (
        "class C3: suggested because its scope spans 4 top-level directories" in result.stderr
        and "(no --class given)" in result.stderr
    )
    assert "class: C3" in repo.read(".workledger/workorders/WO-1.md")


def test_wo_new_without_class_falls_back_to_c2(repo: Repo) -> None:
    proc = repo.run("wo", "new", "Plain work")
    assert proc.returncode == 0 and proc.stdout == "WO-1\n"
    assert "class C2: the default (no --class given, nothing suggests more)" in proc.stderr
    assert "class: C2" in repo.read(".workledger/workorders/WO-1.md")


def test_wo_new_with_class_keeps_it_quietly(repo: Repo) -> None:
    result = repo.cli("wo", "new", "Mechanical", "--class", "C1", *FOUR_DIRS)
    assert result.exit_code == 0 and "class" not in result.stderr
    assert "class: C1" in repo.read(".workledger/workorders/WO-1.md")


def test_wo_new_suggestion_sees_proposed_decisions_by_short_id(repo: Repo) -> None:
    repo.ok("decide", "Undecided", "--status", "proposed")
    result = repo.cli("wo", "new", "Depends on a choice", "--decision", "d-1", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["class"] == "C4"
    assert "it names D-1, which is still proposed" in result.stderr


@pytest.mark.parametrize(
    ("glob", "top"),
    [
        ("src/**", "src"),
        ("./src/a.py", "src"),
        ("/docs/x", "docs"),
        ("README.md", "README.md"),
        ("**", None),
        ("*", None),
        ("**/*.py", None),
        ("*/x.py", None),
        ("", None),
        (".", None),
    ],
)
def test_top_directory(glob: str, top: str | None) -> None:
    assert routing.top_directory(glob) == top


def test_suggestion_only_raises() -> None:
    found = routing.reasons(
        scope=[], decisions={"D-1": "proposed", "D-2": "accepted"}, depends_on=[]
    )
    assert [r.code for r in found] == ["unbounded_scope", "proposed_decision"]
    assert routing.suggest_class("C4", found) is None
    raised = routing.suggest_class("C1", found)
    assert raised is not None and raised.klass == "C4" and len(raised.reasons) == 2
