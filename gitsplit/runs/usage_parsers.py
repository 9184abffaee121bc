"""Report parsers for Claude Code, Codex CLI and plain JSON output (see runs/usage.py)."""

from __future__ import annotations

import json
from typing import Any

from gitsplit.runs.usage_model import (
    Report,
    Usage,
    count,
    json_objects,
    mapping,
    money,
    text,
    total,
    usage_or_none,
)


def parse_claude(output: str) -> Report:
    """``claude -p --output-format json|stream-json``: the result object.

    Its ``modelUsage`` (every model the session called, side calls included) is summed
    when present, else its ``usage``; ``is_error`` is the agent's failure, in the words
    of its ``result``; ``permission_denials`` lists the tool calls it was refused.
    """
    for data in json_objects(output):
        if not ({"total_cost_usd", "cost_usd", "usage", "modelUsage"} & data.keys()):
            continue
        per_model = [mapping(m) for m in mapping(data.get("modelUsage")).values()]
        if per_model:
            fresh = total([count(m.get("inputTokens")) for m in per_model])
            read = total([count(m.get("cacheReadInputTokens")) for m in per_model])
            write = total([count(m.get("cacheCreationInputTokens")) for m in per_model])
            out = total([count(m.get("outputTokens")) for m in per_model])
        else:
            usage = mapping(data.get("usage"))
            fresh = count(usage.get("input_tokens"))
            read = count(usage.get("cache_read_input_tokens"))
            write = count(usage.get("cache_creation_input_tokens"))
            out = count(usage.get("output_tokens"))
        found = Usage(
            input_tokens=None if fresh is None else fresh + (read or 0) + (write or 0),
            output_tokens=out,
            cache_read_tokens=read,
            cache_write_tokens=write,
            cost_usd=money(data.get("total_cost_usd", data.get("cost_usd"))),
        )
        error = ""
        if data.get("is_error") is True or str(data.get("subtype", "")).startswith("error"):
            error = text(data.get("result") or data.get("subtype") or "is_error: true")
        denied = tuple(_denial(d) for d in data.get("permission_denials") or () if mapping(d))
        return Report(usage_or_none(found), error, denied)
    return Report()


def _denial(item: dict[str, Any]) -> str:
    """``Bash: git commit -m x`` for one of Claude Code's permission denials."""
    tool = str(item.get("tool_name") or "tool")
    given = mapping(item.get("tool_input"))
    what = given.get("command") or given.get("file_path") or given.get("path")
    if what is None and given:
        what = json.dumps(given, sort_keys=True, default=str)
    return text(f"{tool}: {what}" if what else tool, 200)


def parse_codex(output: str) -> Report:
    """``codex exec --json``: every ``turn.completed`` event's usage, summed.

    ``input_tokens`` already counts the cached ones (OpenAI's convention); a
    ``turn.failed`` or ``error`` event after the last completed turn is the agent's failure.
    """
    totals: dict[str, int] = {}
    error = ""
    for data in json_objects(output, newest_first=False):
        kind = data.get("type")
        if kind == "turn.completed":
            error = ""
            turn = mapping(data.get("usage"))
            for key in (
                "input_tokens",
                "cached_input_tokens",
                "cache_write_input_tokens",
                "output_tokens",
            ):
                found = count(turn.get(key))
                if found is not None:
                    totals[key] = totals.get(key, 0) + found
        elif kind == "turn.failed":
            error = text(data.get("error") or "turn.failed")
        elif kind == "error" and not error:
            error = text(data.get("message") or data.get("error") or "error")
    usage = Usage(
        input_tokens=totals.get("input_tokens"),
        output_tokens=totals.get("output_tokens"),
        cache_read_tokens=totals.get("cached_input_tokens"),
        cache_write_tokens=totals.get("cache_write_input_tokens"),
    )
    return Report(usage_or_none(usage), error)


def parse_plain(output: str) -> Report:
    """A JSON object with ``input_tokens``, ``output_tokens``, ``cost_usd`` and/or ``error``."""
    for data in json_objects(output):
        found = Usage(
            input_tokens=count(data.get("input_tokens")),
            output_tokens=count(data.get("output_tokens")),
            cost_usd=money(data.get("cost_usd")),
        )
        error = text(data["error"]) if data.get("error") else ""
        if found != Usage() or error:
            return Report(usage_or_none(found), error)
    return Report()
