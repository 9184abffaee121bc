"""Plain data (text, numbers, booleans, None, lists and mappings) as the record index keeps it."""

from __future__ import annotations

import sys
from typing import Any

_PLAIN = (str, int, float, bool, type(None))
SHORT = 40  # texts up to this long are interned: the index then pickles each once
NOT_PLAIN = object()


def stored(value: Any) -> Any:
    """Plain data as the index stores it, short strings interned so that it shares them;
    ``NOT_PLAIN`` when it holds anything else (one pass: the cold run does this 10,000 times)."""
    kind = type(value)
    if kind is str:
        return sys.intern(value) if len(value) <= SHORT else value
    if kind is list:
        items = [stored(item) for item in value]
        return NOT_PLAIN if NOT_PLAIN in items else items
    if kind is dict:
        mapping = {}
        for key, item in value.items():
            if type(key) is not str:
                return NOT_PLAIN
            found = stored(item)
            if found is NOT_PLAIN:
                return NOT_PLAIN
            mapping[sys.intern(key) if len(key) <= SHORT else key] = found
        return mapping
    return value if kind in _PLAIN else NOT_PLAIN


def is_plain(value: Any) -> bool:
    """True for data made only of text, numbers, booleans, None, lists and mappings."""
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, list):  # map, not a generator: check asks this of 20,000 values
        return all(map(is_plain, value))
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_plain(v) for k, v in value.items())
    return False


def copy(value: Any) -> Any:
    """A deep copy of plain data."""
    if isinstance(value, list):
        return [copy(item) for item in value]
    if isinstance(value, dict):
        return {k: copy(v) for k, v in value.items()}
    return value
