"""Human durations (``30m``, ``1h30m``, ``90s``, ``2d``) as whole seconds, and back."""

from __future__ import annotations

import re

from gitsplit.errors import ValidationError

_PART = re.compile(r"(\d+)\s*([smhd])")
_WHOLE = re.compile(r"^\s*(?:\d+\s*[smhd]\s*)+$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: object, *, what: str = "duration", zero: bool = False) -> int:
    """``30m`` → 1800, ``1h30m`` → 5400, ``45`` (seconds) → 45; refuses words and negatives."""
    if isinstance(value, bool):
        raise ValidationError(f"{what} must be a duration like 30m, not {value!r}")
    text = str(value).strip()
    if isinstance(value, int) or text.isdigit():
        seconds = int(text)
    elif _WHOLE.match(text):
        seconds = sum(int(n) * _SECONDS[unit] for n, unit in _PART.findall(text))
    else:
        raise ValidationError(
            f"{what} must be a duration like 90s, 30m, 1h30m or 2d, not {value!r}"
        )
    if seconds < 0:
        raise ValidationError(f"{what} must not be negative (got {value})")
    if seconds == 0 and not zero:
        raise ValidationError(f"{what} must be longer than zero")
    return seconds


def format_duration(seconds: float) -> str:
    """1800 → ``30m``, 5400 → ``1h30m``, 42 → ``42s`` (the two largest units)."""
    left = max(0, int(seconds))
    parts: list[str] = []
    for unit in ("d", "h", "m", "s"):
        size = _SECONDS[unit]
        if left >= size or (unit == "s" and not parts):
            parts.append(f"{left // size}{unit}")
            left %= size
    return "".join(parts[:2])
