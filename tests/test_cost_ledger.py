"""``gitsplit cost ledger``: open work orders estimated per tier, against the architect tier."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gitsplit.errors import ConfigError
from gitsplit.ledger import config
from tests.conftest import Repo

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "config.yaml"


def new_wo(repo: Repo, title: str, klass: str, status: str, estimate: str = "") -> str:
    """Create a work order through the CLI; optionally add an ``estimate:`` line."""
    wo_id = repo.ok(
        "wo", "new", title, "--class", klass, "--status", status, "--scope", "src/**"
    ).strip()
    if estimate:
        path = f".workledger/workorders/{wo_id}.md"
        text = repo.read(path)
        assert "\nchecks: []\n" in text
        repo.write(path, text.replace("\nchecks: []\n", f"\nchecks: []\nestimate: {estimate}\n"))
    return wo_id


@pytest.fixture
def ledger_repo(repo: Repo) -> Repo:
    """Open work of every class, two closed ones, and two per-WO estimates."""
    new_wo(repo, "Rename a helper", "C1", "ready")  # WO-1
    new_wo(repo, "Parse the flags", "C2", "draft")  # WO-2
    new_wo(repo, "Rework the index", "C3", "review", "{turns: 20, input: 100k}")  # WO-3
    new_wo(repo, "Choose a storage design", "C4", "blocked")  # WO-4
    new_wo(repo, "Done already", "C1", "done")  # WO-5
    new_wo(repo, "Dropped", "C2", "cancelled")  # WO-6
    new_wo(repo, "Small flag", "C2", "in_progress", "{output: 2k}")  # WO-7
    return repo


def test_estimates_per_work_order_with_overrides(ledger_repo: Repo) -> None:
    data = json.loads(ledger_repo.ok("cost", "ledger", "--json"))
    rows = {row["id"]: row for row in data["workorders"]}
    assert list(rows) == ["WO-1", "WO-2", "WO-3", "WO-4", "WO-7"]  # done/cancelled left out
    assert (rows["WO-1"]["tier"], rows["WO-1"]["cost"], rows["WO-1"]["architect_cost"]) == (
        "cheap",
        "0.17",
        "3.15",
    )
    assert (rows["WO-2"]["cost"], rows["WO-2"]["architect_cost"]) == ("0.68", "12.60")
    three = rows["WO-3"]
    assert (three["turns"], three["input_per_turn"], three["output_per_turn"]) == (
        20,
        100_000,
        25_000,
    )  # output kept from the C3 default
    assert (three["estimate_source"], three["tier"], three["model"]) == (
        "workorder",
        "standard",
        "sonnet-4",
    )
    assert (three["cost"], three["architect_cost"]) == ("13.50", "67.50")
    assert (rows["WO-4"]["tier"], rows["WO-4"]["cost"]) == ("architect", "52.50")
    assert (rows["WO-7"]["output_per_turn"], rows["WO-7"]["cost"]) == (2_000, "0.41")
    assert rows["WO-2"]["estimate_source"] == "class"


def test_totals_per_tier_and_the_saving(ledger_repo: Repo) -> None:
    data = json.loads(ledger_repo.ok("cost", "ledger", "--json"))
    assert data["tiers"] == [
        {
            "tier": "cheap",
            "model": "gpt-5.4-mini",
            "workorders": 3,
            "turns": 15,
            "cost": "1.27",
        },  # 0.171 + 0.684 + 0.414 exactly; the rows show 0.17 + 0.68 + 0.41
        {"tier": "standard", "model": "sonnet-4", "workorders": 1, "turns": 20, "cost": "13.50"},
        {"tier": "architect", "model": "opus-4.1", "workorders": 1, "turns": 10, "cost": "52.50"},
    ]
    assert data["total"] == "67.27"
    assert data["architect"] == {"tier": "architect", "model": "opus-4.1", "cost": "143.85"}
    assert (data["saving"], data["saving_percent"]) == ("76.58", "53.2")
    assert data["problems"] == []


def test_text_report_through_a_subprocess(ledger_repo: Repo) -> None:
    proc = ledger_repo.run("cost", "ledger")
    assert proc.returncode == 0, proc.stderr
    assert (
        "WO-3*" in proc.stdout
        and "* estimate from the work order's `estimate:` field" in proc.stdout
    )
    assert "all on architect (opus-4.1): $143.85" in proc.stdout
    assert "saving: $76.58 (53.2%)" in proc.stdout
    total = next(line for line in proc.stdout.splitlines() if line.startswith("total"))
    assert total.split() == ["total", "5", "45", "$67.27"]


def test_status_option_and_an_empty_ledger(ledger_repo: Repo) -> None:
    data = json.loads(ledger_repo.ok("cost", "ledger", "--status", "done", "--json"))
    assert [row["id"] for row in data["workorders"]] == ["WO-5"]
    result = ledger_repo.cli("cost", "ledger", "--status", "cancelled", "--status", "done")
    assert result.exit_code == 0 and "WO-6" in result.stdout
    for wo_id in ("WO-1", "WO-2", "WO-3", "WO-4", "WO-7"):
        ledger_repo.ok("wo", "set", wo_id, "status=done")
    empty = ledger_repo.cli("cost", "ledger")
    assert empty.exit_code == 0 and empty.stdout == ""
    assert "no work orders to estimate (statuses: draft, ready" in empty.stderr


def test_config_estimates_and_routing_are_used(ledger_repo: Repo) -> None:
    ledger_repo.write(
        ".workledger/config.yaml",
        "routing: {C2: standard}\nestimates:\n  C2: {turns: 2, input: 1M}\n",
    )
    rows = {
        row["id"]: row
        for row in json.loads(ledger_repo.ok("cost", "ledger", "--json"))["workorders"]
    }
    # 2 × (1M × $3 + 12k × $15) / 1M = 2 × 3.18
    assert (rows["WO-2"]["tier"], rows["WO-2"]["turns"], rows["WO-2"]["cost"]) == (
        "standard",
        2,
        "6.36",
    )


@pytest.mark.parametrize(
    ("estimate", "message"),
    [
        ("{turns: -2}", "estimate.turns must not be negative"),
        ("{turns: 0}", "estimate.turns must be at least 1"),
        ("{turn: 3}", "unknown key 'turn' (did you mean 'turns'?)"),
        ("{input: lots}", "estimate.input must be a number of tokens"),
        ("lots", "estimate must be a mapping"),
    ],
)
def test_a_bad_estimate_is_named_by_file_and_line(repo: Repo, estimate: str, message: str) -> None:
    new_wo(repo, "Good", "C1", "ready")
    new_wo(repo, "Bad", "C2", "ready", estimate)
    result = repo.cli("cost", "ledger", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [row["id"] for row in data["workorders"]] == ["WO-1"]  # the rest is still shown
    line = (
        repo.read(".workledger/workorders/WO-2.md").splitlines().index(f"estimate: {estimate}") + 1
    )
    assert f".workledger/workorders/WO-2.md:{line}: " in result.stderr
    assert message in result.stderr and message in data["problems"][0]


def test_unreadable_work_order_is_reported(repo: Repo) -> None:
    new_wo(repo, "Good", "C1", "ready")
    repo.write(".workledger/workorders/WO-2.md", "no frontmatter here\n")
    result = repo.cli("cost", "ledger")
    assert result.exit_code == 1
    assert "WO-1" in result.stdout and "skipped .workledger/workorders/WO-2.md:1" in result.stderr


def test_template_config_matches_the_defaults() -> None:
    assert config.parse(TEMPLATE.read_text(encoding="utf-8")) == config.Config()


def test_unknown_report_parser_in_config_is_refused() -> None:
    with pytest.raises(
        ConfigError,
        match=r"config.yaml:3: agents.claude.report: unknown "
        r"report parser 'claude-jsn' \(did you mean "
        r"'claude-json'\?\)",
    ):
        config.parse("agents:\n  claude:\n    report: claude-jsn\n")
