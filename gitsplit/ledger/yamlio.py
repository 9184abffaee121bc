"""YAML for the ledger: safe, fast (libyaml when present), dates kept as text.

Aliases (``*name``) and duplicate keys are refused with their line: an alias lets a few
hundred bytes expand into gigabytes (or into a list that holds itself), and a duplicate
key would silently keep only its last value.
"""

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
    """Safe loader that reads ``2026-05-01`` as text and refuses aliases and duplicate keys."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        """Construct a node once: a node met again was reached through an alias."""
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "anchors and aliases (&name, *name) are not allowed; write the value out",
                node.start_mark,
            )
        return super().construct_object(node, deep)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        """A mapping whose keys are all different (a repeated key is an error, not a win)."""
        if isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key_node, _value in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"duplicate key {key_node.value!r}: each key may appear once",
                        key_node.start_mark,
                    )
                seen.add(key)
        return super().construct_mapping(node, deep)


class LedgerDumper(_BaseDumper):  # type: ignore[misc]
    """Safe dumper that writes date-like strings without quotes (they read back as strings)."""


LedgerLoader.yaml_implicit_resolvers = _without_timestamps(_BaseLoader.yaml_implicit_resolvers)
LedgerDumper.yaml_implicit_resolvers = _without_timestamps(_BaseDumper.yaml_implicit_resolvers)


YAMLError = yaml.YAMLError  # what load raises, for callers that import PyYAML through this


def compose_mapping(text: str) -> Any:
    """The node tree of YAML text with the ledger loader, or None when it is no mapping."""
    node = yaml.compose(text, Loader=LedgerLoader)
    return node if isinstance(node, yaml.MappingNode) else None


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
