"""The report parsers of every built-in profile: exact tokens, the agent's own errors, denials."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from gitsplit.runs import usage
from gitsplit.runs.usage import Report, Usage


def lines(*events: dict[str, Any]) -> str:
    """JSONL, as the agents print it (with a stray text line, as a CLI may print)."""
    return "starting up\n" + "\n".join(json.dumps(e) for e in events) + "\n"


def test_claude_stream_json_sums_every_model_and_lists_denials() -> None:
    output = lines(
        {"type": "system", "subtype": "init", "model": "claude-sonnet-4-0"},
        {"type": "assistant", "message": {"usage": {"input_tokens": 3}}},
        {
            "type": "result",
            "subtype": "success",
            "is_error": False,
            "total_cost_usd": 0.051,
            "usage": {"input_tokens": 100, "output_tokens": 50},
            "modelUsage": {
                "claude-sonnet-4-0": {
                    "inputTokens": 100,
                    "outputTokens": 50,
                    "cacheReadInputTokens": 2000,
                    "cacheCreationInputTokens": 300,
                    "costUSD": 0.05,
                },
                "claude-haiku-4-5": {"inputTokens": 7, "outputTokens": 2, "costUSD": 0.001},
            },
            "permission_denials": [
                {"tool_name": "Bash", "tool_use_id": "t1", "tool_input": {"command": "rm -rf x"}},
                {"tool_name": "Write", "tool_input": {"file_path": "/etc/passwd"}},
            ],
        },
    )
    report = usage.read_report("claude-json", output)
    assert report.usage == Usage(
        input_tokens=2407, output_tokens=52, cache_read_tokens=2000, cache_write_tokens=300,
        cost_usd=Decimal("0.051"),
    )  # fmt: skip
    assert report.error == ""
    assert report.denied == ("Bash: rm -rf x", "Write: /etc/passwd")


def test_claude_not_logged_in_is_the_agents_error_not_a_free_run() -> None:
    output = json.dumps(
        {
            "type": "result",
            "subtype": "success",
            "is_error": True,
            "result": "Invalid API key · Please run /login",
            "total_cost_usd": 0,
            "usage": {"input_tokens": 0, "output_tokens": 0},
        }
    )
    report = usage.read_report("claude-json", output)
    assert report.error == "Invalid API key · Please run /login"
    assert report.usage is not None and report.usage.cost_usd == 0  # nothing was used


def test_a_zero_cost_beside_tokens_is_left_to_the_price_table() -> None:
    output = json.dumps({"type": "result", "total_cost_usd": 0, "usage": {"input_tokens": 9}})
    assert usage.parse_report("claude-json", output) == Usage(input_tokens=9)


def test_codex_sums_turns_with_cache_reads_and_writes() -> None:
    output = lines(
        {"type": "thread.started", "thread_id": "t"},
        {"type": "error", "message": "stream disconnected; retrying 1/5"},
        {
            "type": "turn.completed",
            "usage": {
                "input_tokens": 1000,
                "cached_input_tokens": 600,
                "cache_write_input_tokens": 50,
                "output_tokens": 70,
            },
        },
        {
            "type": "turn.completed",
            "usage": {"input_tokens": 500, "cached_input_tokens": 400, "output_tokens": 30},
        },
    )
    report = usage.read_report("codex-json", output)
    assert report == Report(
        Usage(input_tokens=1500, output_tokens=100, cache_read_tokens=1000, cache_write_tokens=50)
    )  # the retry notice before a completed turn is not a failure


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"type": "turn.failed", "error": {"message": "model not found"}}, "model not found"),
        ({"type": "error", "message": "unexpected status 401"}, "unexpected status 401"),
    ],
)
def test_codex_failure_after_the_last_turn_is_the_agents_error(
    event: dict[str, Any], message: str
) -> None:
    output = lines({"type": "turn.started"}, event)
    assert usage.read_report("codex-json", output) == Report(None, message)


def test_aider_analytics_log_sums_message_send_events() -> None:
    log = lines(
        {"event": "launched", "properties": {}},
        {"event": "message_send_starting", "properties": {}},
        {
            "event": "message_send",
            "properties": {"prompt_tokens": 7300, "completion_tokens": 410, "cost": 0.0281},
        },
        {"event": "message_send_starting", "properties": {}},
        {
            "event": "message_send",
            "properties": {"prompt_tokens": 8012, "completion_tokens": 95, "cost": 0.0254},
        },
        {"event": "exit", "properties": {"reason": "Completed --message-file"}},
    )
    assert usage.read_report("aider-analytics", log) == Report(
        Usage(input_tokens=15_312, output_tokens=505, cost_usd=Decimal("0.0535"))
    )


@pytest.mark.parametrize(
    ("last", "message"),
    [
        (
            {"event": "message_send_exception", "properties": {"exception": "AuthenticationError"}},
            "AuthenticationError",
        ),
        ({"event": "exit", "properties": {}}, "got no reply"),
    ],
)
def test_aider_provider_error_after_exit_status_0_is_an_error(
    last: dict[str, Any], message: str
) -> None:
    log = lines({"event": "message_send_starting", "properties": {}}, last)
    report = usage.read_report("aider-analytics", log)
    assert report.usage is None and message in report.error


def test_gemini_result_stats_count_thinking_as_output() -> None:
    output = lines(
        {"type": "init", "model": "gemini-2.5-pro"},
        {"type": "message", "role": "assistant", "content": "ok"},
        {
            "type": "result",
            "status": "success",
            "stats": {
                "total_tokens": 1300,
                "input_tokens": 1000,
                "output_tokens": 200,
                "cached": 400,
                "input": 600,
                "duration_ms": 10,
                "tool_calls": 2,
            },
        },
    )
    assert usage.read_report("gemini-json", output) == Report(
        Usage(input_tokens=1000, output_tokens=300, cache_read_tokens=400)
    )


def test_gemini_error_result() -> None:
    output = lines(
        {
            "type": "result",
            "status": "error",
            "error": {"type": "FatalAuthenticationError", "message": "API key not valid"},
            "stats": {"total_tokens": 0, "input_tokens": 0, "output_tokens": 0},
        }
    )
    assert usage.read_report("gemini-json", output).error == "API key not valid"


def step(
    part_id: str, fresh: int, out: int, reasoning: int, read: int, write: int
) -> dict[str, Any]:
    """One opencode step_finish event."""
    tokens = {"input": fresh, "output": out, "reasoning": reasoning}
    return {
        "type": "step_finish",
        "part": {
            "id": part_id,
            "type": "step-finish",
            "tokens": {**tokens, "cache": {"read": read, "write": write}},
            "cost": 0,
        },
    }


def test_opencode_sums_step_finish_parts() -> None:
    output = lines(
        {"type": "step_start", "part": {"id": "s1"}},
        step("p1", 100, 20, 5, 1000, 200),
        step("p2", 50, 10, 0, 1100, 0),
        step("p2", 50, 10, 0, 1100, 0),  # the same part sent twice counts once
    )
    assert usage.read_report("opencode-json", output) == Report(
        Usage(input_tokens=2450, output_tokens=35, cache_read_tokens=2100, cache_write_tokens=200)
    )


def test_opencode_error_event() -> None:
    output = lines(
        {"type": "error", "error": {"name": "APIError", "data": {"message": "Unauthorized"}}}
    )
    assert usage.read_report("opencode-json", output) == Report(None, "Unauthorized")


@pytest.mark.parametrize("name", sorted(usage.PARSERS))
def test_every_parser_reports_nothing_for_text(name: str) -> None:
    assert usage.read_report(name, "Error: something went wrong\n") == Report()
