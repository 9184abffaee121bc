"""Parsing of human token counts (``200k``, ``1.5M``) into integers."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from gitsplit.errors import ValidationError

_TOKENS = re.compile(r"^\s*([0-9][0-9_,]*(?:\.[0-9]+)?)\s*([kKmM]?)\s*$")
_SCALE = {"": 1, "k": 1_000, "m": 1_000_000}


def parse_tokens(value: object, *, what: str = "token count") -> int:
    """``200k`` → 200000, ``1.5M`` → 1500000; refuses negatives and words."""
    if isinstance(value, bool):
        raise ValidationError(f"{what} must be a number of tokens, not {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ValidationError(f"{what} must not be negative (got {value})")
        return value
    match = _TOKENS.match(str(value))
    if not match and _TOKENS.match(str(value).strip().removeprefix("-")):
        raise ValidationError(f"{what} must not be negative (got {value})")
    if not match:
        raise ValidationError(
            f"{what} must be a number of tokens like 200000, 200k or 1.5M, not {value!r}"
        )
    try:
        amount = Decimal(match.group(1).replace("_", "").replace(",", ""))
    except InvalidOperation:
        raise ValidationError(f"{what}: {value!r} is not a number") from None
    total = amount * _SCALE[match.group(2).lower()]
    if total != total.to_integral_value():
        raise ValidationError(f"{what}: {value!r} is not a whole number of tokens")
    return int(total)
