"""``gitsplit cost runs`` over run records, and the parsers of agents' reported usage."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from gitsplit.errors import ValidationError
from gitsplit.ledger.fileformat import Document
from gitsplit.runs import usage
from tests.conftest import Repo

# The shape `claude -p --output-format json` prints (one object; values are illustrative).
CLAUDE_JSON = json.dumps(
    {
        "type": "result",
        "subtype": "success",
        "is_error": False,
        "duration_ms": 48211,
        "duration_api_ms": 45102,
        "num_turns": 7,
        "result": "Done: renamed the loader.",
        "session_id": "5f1c2a9e-0000-4000-8000-000000000000",
        "total_cost_usd": 0.4213795,
        "usage": {
            "input_tokens": 1204,
            "cache_creation_input_tokens": 20411,
            "cache_read_input_tokens": 180322,
            "output_tokens": 6120,
            "server_tool_use": {"web_search_requests": 0},
            "service_tier": "standard",
        },
    },
    indent=2,
)
CODEX_JSONL = "\n".join(
    json.dumps(event)
    for event in [
        {"type": "thread.started", "thread_id": "0199a213-81c0-7800-8aa1-bbab2a035a53"},
        {"type": "turn.started"},
        {"type": "item.completed", "item": {"id": "item_0", "type": "agent_message", "text": "ok"}},
        {
            "type": "turn.completed",
            "usage": {"input_tokens": 24763, "cached_input_tokens": 24448, "output_tokens": 122},
        },
        {
            "type": "turn.completed",
            "usage": {"input_tokens": 1000, "cached_input_tokens": 0, "output_tokens": 78},
        },
    ]
)


def write_run(repo: Repo, wo: str, run: str, **fields: Any) -> None:
    """Write a run record as the run feature would (fields in frontmatter, a result note)."""
    path = f".workledger/runs/{wo}/{run}.md"
    doc = Document.new(
        {
            "wo": wo,
            "run": run,
            "branch": f"wo/{wo}-x",
            "class": "C2",
            "started": f"2026-05-0{run[-1]}T10:00:00Z",
            "outcome": "succeeded",
            **fields,
        },
        "Result note.\n",
        path=path,
    )
    repo.write(path, doc.render())


@pytest.fixture
def runs_repo(repo: Repo) -> Repo:
    """Runs with reported costs, with tokens only, and with no figures."""
    reported = usage.parse_report("claude-json", CLAUDE_JSON)
    assert reported is not None
    write_run(repo, "WO-1", "r1", tier="standard", **reported.record_fields())
    write_run(repo, "WO-1", "r2", tier="cheap", tokens={"input": "120k", "output": 18000})
    write_run(repo, "WO-2", "r3", tier="cheap", cost_usd=1.005)
    write_run(repo, "WO-2", "r4", tier="cheap")
    write_run(repo, "WO-3", "r5", tier="gone", tokens={"input": 10, "output": 5})
    return repo


def test_costs_per_run_work_order_and_tier(runs_repo: Repo) -> None:
    data = json.loads(runs_repo.ok("cost", "runs", "--json"))
    by_run = {run["run"]: run for run in data["runs"]}
    assert (by_run["r1"]["cost"], by_run["r1"]["source"]) == ("0.42", "reported")
    assert (by_run["r1"]["input_tokens"], by_run["r1"]["output_tokens"]) == (201_937, 6_120)
    # 120k × $0.75 + 18k × $4.50 per million = 0.09 + 0.081
    assert (by_run["r2"]["cost"], by_run["r2"]["source"]) == ("0.17", "priced")
    assert by_run["r3"]["cost"] == "1.01"  # 1.005 read exactly, rounded half up
    assert by_run["r4"] == {
        **by_run["r4"],
        "cost": None,
        "source": "none",
        "why_no_cost": "no tokens or cost_usd recorded",
    }
    assert "tier 'gone' is not in the config" in by_run["r5"]["why_no_cost"]
    assert data["workorders"] == [
        {"wo": "WO-1", "runs": 2, "input_tokens": 321_937, "output_tokens": 24_120, "cost": "0.59"},
        {"wo": "WO-2", "runs": 1, "input_tokens": 0, "output_tokens": 0, "cost": "1.01"},
    ]
    assert [(t["tier"], t["runs"], t["cost"]) for t in data["tiers"]] == [
        ("cheap", 2, "1.18"),
        ("standard", 1, "0.42"),
    ]  # 0.171 + 1.005; config order
    assert (data["total"], data["priced_runs"], data["runs_without_figures"]) == (
        "1.60",
        3,
        2,
    )  # 0.4213795 + 0.171 + 1.005 = 1.5973795


def test_text_report_through_a_subprocess(runs_repo: Repo) -> None:
    proc = runs_repo.run("cost", "runs")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["WO", "RUNS", "INPUT", "OUTPUT", "COST"]
    assert lines[1].split() == ["WO-1", "2", "321,937", "24,120", "$0.59"]
    assert (
        "1 run priced from tokens at the tier's list price (no cost_usd reported): "
        "WO-1/r2" in proc.stdout
    )
    assert "2 runs without figures, not counted:" in proc.stdout
    assert "  WO-2/r4: no tokens or cost_usd recorded" in lines


def test_one_work_order_and_no_runs(runs_repo: Repo) -> None:
    data = json.loads(runs_repo.ok("cost", "runs", "--wo", "2", "--json"))
    assert [run["run"] for run in data["runs"]] == ["r3", "r4"] and data["total"] == "1.01"
    result = runs_repo.cli("cost", "runs", "--wo", "WO-9")
    assert result.exit_code == 0 and "no run records for WO-9" in result.stderr


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"cost_usd": "lots"}, "cost_usd must be an amount in USD, not 'lots'"),
        ({"cost_usd": -1}, "cost_usd must be an amount in USD"),
        ({"tokens": "many"}, "tokens must be a mapping"),
        ({"tokens": {"input": -4, "output": 1}}, "tokens.input must not be negative"),
    ],
)
def test_bad_figures_are_named_by_file_and_line(
    repo: Repo, fields: dict[str, Any], message: str
) -> None:
    write_run(repo, "WO-1", "r1", tier="cheap", cost_usd=2)
    write_run(repo, "WO-1", "r2", tier="cheap", **fields)
    result = repo.cli("cost", "runs")
    assert result.exit_code == 1
    assert "$2.00" in result.stdout
    assert ".workledger/runs/WO-1/r2.md:" in result.stderr and message in result.stderr


def test_claude_json_report() -> None:
    found = usage.parse_report("claude-json", CLAUDE_JSON)
    assert found == usage.Usage(
        input_tokens=201_937,
        output_tokens=6_120,
        cache_read_tokens=180_322,
        cache_write_tokens=20_411,
        cost_usd=Decimal("0.4213795"),
    )
    assert found.record_fields() == {
        "tokens": {"input": 201_937, "output": 6_120, "cache_read": 180_322, "cache_write": 20_411},
        "cost_usd": 0.4213795,
    }


def test_claude_stream_json_takes_the_result_line() -> None:
    stream = "\n".join(
        [
            json.dumps({"type": "system", "subtype": "init", "session_id": "s"}),
            json.dumps({"type": "assistant", "message": {"content": []}}),
            json.dumps(
                {
                    "type": "result",
                    "total_cost_usd": 0.0123,
                    "usage": {"input_tokens": 10, "output_tokens": 3},
                }
            ),
        ]
    )
    found = usage.parse_report("claude-json", "warming up\n" + stream + "\n")
    assert found == usage.Usage(
        input_tokens=10, output_tokens=3, cache_read_tokens=None, cost_usd=Decimal("0.0123")
    )


@pytest.mark.parametrize(
    "output",
    [
        "",
        "Error: not logged in\n",
        "[1, 2]",
        '{"type": "x"}',
        '{"total_cost_usd": "free", "usage": []}',
    ],
)
def test_output_without_figures_gives_none(output: str) -> None:
    assert usage.parse_report("claude-json", output) is None


def test_codex_json_sums_turns() -> None:
    found = usage.parse_report("codex-json", CODEX_JSONL)
    assert found == usage.Usage(input_tokens=25_763, output_tokens=200, cache_read_tokens=24_448)
    assert found.record_fields() == {
        "tokens": {"input": 25_763, "output": 200, "cache_read": 24_448}
    }
    assert usage.parse_report("codex-json", "plain text\n") is None


def test_plain_json_for_own_scripts() -> None:
    found = usage.parse_report("json", 'log line\n{"input_tokens": 5, "cost_usd": 0.25}\n')
    assert found == usage.Usage(input_tokens=5, cost_usd=Decimal("0.25"))


def test_unknown_parser_is_refused() -> None:
    with pytest.raises(
        ValidationError,
        match=r"unknown report parser 'claude' \(did you mean "
        r"'claude-json'\?\)",
    ):
        usage.parse_report("claude", CLAUDE_JSON)
