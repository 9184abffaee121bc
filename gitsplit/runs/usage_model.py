"""What an agent reported: its usage, its own error and its refused tool calls, and JSON helpers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


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


@dataclass(frozen=True)
class Report:
    """Everything a report parser found: usage, the agent's own error, refused tool calls."""

    usage: Usage | None = None
    error: str = ""  # the agent said it failed (is_error, a provider error…), in its words
    denied: tuple[str, ...] = ()  # tool calls the agent's permission rules refused


def usage_or_none(found: Usage) -> Usage | None:
    """The usage, or None when nothing was reported; a $0 cost beside tokens is not a cost.

    An agent that cannot price a model (a proxy's model name) reports 0: the tokens are
    then priced from gitsplit's price table instead of recording the run as free.
    """
    if found.cost_usd == 0 and (found.input_tokens or found.output_tokens):
        found = Usage(
            found.input_tokens,
            found.output_tokens,
            found.cache_read_tokens,
            found.cache_write_tokens,
        )
    return None if found == Usage() else found


def json_objects(output: str, *, newest_first: bool = True) -> Iterator[dict[str, Any]]:
    """The whole output as one JSON object, else each line that is one (last line first)."""
    whole = json_object(output)
    if whole is not None:
        yield whole
        return
    lines = output.splitlines()
    for line in reversed(lines) if newest_first else lines:
        data = json_object(line)
        if data is not None:
            yield data


def json_object(text: str) -> dict[str, Any] | None:
    """Text parsed as a JSON object (floats kept exact as Decimal), or None."""
    text = text.strip()
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text, parse_float=Decimal)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def mapping(value: Any) -> dict[str, Any]:
    """A JSON object's value as a dict (empty when it is not an object)."""
    return value if isinstance(value, dict) else {}


def count(value: Any) -> int | None:
    """A non-negative whole token count, or None."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    if value < 0 or value != int(value):
        return None
    return int(value)


def money(value: Any) -> Decimal | None:
    """A non-negative amount of money, or None."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    amount = Decimal(value)
    return amount if amount >= 0 and amount.is_finite() else None


def total(values: Iterator[int | None] | list[int | None]) -> int | None:
    """The sum of the counts given, None when none was given."""
    found = [v for v in values if v is not None]
    return sum(found) if found else None


def text(value: Any, limit: int = 300) -> str:
    """A message from an agent's JSON, on one line and cut to ``limit`` characters."""
    if isinstance(value, dict):
        value = value.get("message") or value.get("data") or value.get("name") or ""
        if isinstance(value, dict):
            value = value.get("message") or ""
    words = " ".join(str(value).split())
    return words if len(words) <= limit else words[: limit - 1] + "…"
