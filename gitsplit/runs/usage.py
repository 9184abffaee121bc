"""What an agent reports it used: parsers for agents' JSON output, named by a profile's ``report``.

``parse_report("claude-json", stdout)`` reads ``claude -p --output-format json`` (or
``stream-json``) output; ``codex-json`` sums the ``turn.completed`` events of
``codex exec --json``; ``json`` reads a plain object with ``input_tokens``,
``output_tokens`` and ``cost_usd`` (for your own scripts). Each returns a ``Usage``, or
None when the output carries no figures (the agent crashed, or printed text).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gitsplit.errors import ValidationError
from gitsplit.ledger.schema import suggest


@dataclass(frozen=True)
class Usage:
    """Tokens and money one run used, as the agent reported them (None: not reported).

    ``input_tokens`` counts every input token the model read, cached or not;
    ``cache_read_tokens`` and ``cache_write_tokens`` say how many of them were cache hits
    and cache writes.
    """

    input_tokens: int | None = None
    output_tokens: int | None = None
    cache_read_tokens: int | None = None
    cache_write_tokens: int | None = None
    cost_usd: Decimal | None = None

    def record_fields(self) -> dict[str, Any]:
        """The run record's ``tokens`` mapping and ``cost_usd`` number (only what is known)."""
        tokens = {
            key: value
            for key, value in (
                ("input", self.input_tokens),
                ("output", self.output_tokens),
                ("cache_read", self.cache_read_tokens),
                ("cache_write", self.cache_write_tokens),
            )
            if value is not None
        }
        fields: dict[str, Any] = {}
        if tokens:
            fields["tokens"] = tokens
        if self.cost_usd is not None:
            # YAML has no decimal type; the float's shortest repr is the reported text
            fields["cost_usd"] = float(self.cost_usd)
        return fields


def parse_report(profile_report: str, output: str) -> Usage | None:
    """Parse an agent's output with the named parser; None when it reports nothing."""
    parser = PARSERS.get(profile_report)
    if parser is None:
        raise ValidationError(
            f"unknown report parser {profile_report!r}"
            f"{suggest(profile_report, list(PARSERS))}; "
            f"parsers: {', '.join(PARSERS)}"
        )
    return parser(output)


def parse_claude_json(output: str) -> Usage | None:
    """``claude -p --output-format json|stream-json``: the result object's cost and usage."""
    for data in _json_objects(output):
        if "total_cost_usd" not in data and "cost_usd" not in data and "usage" not in data:
            continue
        usage = data.get("usage") if isinstance(data.get("usage"), Mapping) else {}
        assert isinstance(usage, Mapping)
        fresh = _count(usage.get("input_tokens"))
        read = _count(usage.get("cache_read_input_tokens"))
        write = _count(usage.get("cache_creation_input_tokens"))
        found = Usage(
            input_tokens=None if fresh is None else fresh + (read or 0) + (write or 0),
            output_tokens=_count(usage.get("output_tokens")),
            cache_read_tokens=read,
            cache_write_tokens=write,
            cost_usd=_money(data.get("total_cost_usd", data.get("cost_usd"))),
        )
        return found if found != Usage() else None
    return None


def parse_codex_json(output: str) -> Usage | None:
    """``codex exec --json``: the sum of every ``turn.completed`` event's usage."""
    totals: dict[str, int] = {}
    for data in _json_objects(output, newest_first=False):
        usage = data.get("usage")
        if data.get("type") != "turn.completed" or not isinstance(usage, Mapping):
            continue
        for key in ("input_tokens", "cached_input_tokens", "output_tokens"):
            count = _count(usage.get(key))
            if count is not None:
                totals[key] = totals.get(key, 0) + count
    if not totals:
        return None
    return Usage(
        input_tokens=totals.get("input_tokens"),
        output_tokens=totals.get("output_tokens"),
        cache_read_tokens=totals.get("cached_input_tokens"),
    )


def parse_plain_json(output: str) -> Usage | None:
    """A JSON object with ``input_tokens``, ``output_tokens`` and/or ``cost_usd``."""
    for data in _json_objects(output):
        found = Usage(
            input_tokens=_count(data.get("input_tokens")),
            output_tokens=_count(data.get("output_tokens")),
            cost_usd=_money(data.get("cost_usd")),
        )
        if found != Usage():
            return found
    return None


PARSERS: dict[str, Callable[[str], Usage | None]] = {
    "claude-json": parse_claude_json,
    "codex-json": parse_codex_json,
    "json": parse_plain_json,
}


def _json_objects(output: str, *, newest_first: bool = True) -> Iterator[dict[str, Any]]:
    """The whole output as one JSON object, else each line that is one (last line first)."""
    whole = _object(output)
    if whole is not None:
        yield whole
        return
    lines = output.splitlines()
    for line in reversed(lines) if newest_first else lines:
        data = _object(line)
        if data is not None:
            yield data


def _object(text: str) -> dict[str, Any] | None:
    """Text parsed as a JSON object (floats kept exact as Decimal), or None."""
    text = text.strip()
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text, parse_float=Decimal)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _count(value: Any) -> int | None:
    """A non-negative whole token count, or None."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    if value < 0 or value != int(value):
        return None
    return int(value)


def _money(value: Any) -> Decimal | None:
    """A non-negative amount of money, or None."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    amount = Decimal(value)
    return amount if amount >= 0 and amount.is_finite() else None
