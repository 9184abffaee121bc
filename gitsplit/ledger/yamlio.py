"""YAML for the ledger: safe, fast (libyaml when present), dates kept as text."""

from __future__ import annotations

import re
from typing import Any

import yaml

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _without_timestamps(resolvers: dict[Any, Any]) -> dict[Any, Any]:
    """Copy a resolver table without the implicit timestamp rule, so dates stay strings."""
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag != "tag:yaml.org,2002:timestamp"]
        for first, entries in resolvers.items()
    }


class LedgerLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that reads ``2026-05-01`` as the string it looks like."""


class LedgerDumper(_BaseDumper):  # type: ignore[misc]
    """Safe dumper that writes date-like strings without quotes (they read back as strings)."""


LedgerLoader.yaml_implicit_resolvers = _without_timestamps(_BaseLoader.yaml_implicit_resolvers)
LedgerDumper.yaml_implicit_resolvers = _without_timestamps(_BaseDumper.yaml_implicit_resolvers)


def load(text: str) -> Any:
    """Parse YAML text with the ledger loader; raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=LedgerLoader)


def dump_entry(key: str, value: Any) -> str:
    """Render one top-level ``key: value`` entry; lists of scalars stay on one line."""
    scalar_list = isinstance(value, list) and not any(isinstance(v, list | dict) for v in value)
    return yaml.dump(
        {key: value},
        Dumper=LedgerDumper,
        default_flow_style=None if scalar_list else False,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
    )


def dump(data: Any) -> str:
    """Render a whole YAML document (used for JSON-like data, not for records)."""
    return yaml.dump(data, Dumper=LedgerDumper, sort_keys=False, allow_unicode=True, width=10_000)


def error_line(exc: yaml.YAMLError) -> int | None:
    """The 0-based line a YAML error points at, if it has one."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line if mark is not None else None


def error_text(exc: yaml.YAMLError) -> str:
    """A one-line description of a YAML error, without the mark lines."""
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    words = " ".join(part for part in (context, problem) if part)
    return re.sub(r"\s+", " ", words or str(exc)).strip()
