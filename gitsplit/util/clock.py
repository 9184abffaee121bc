"""The current time for records; ``SOURCE_DATE_EPOCH`` pins it for reproducible output."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now() -> datetime:
    """The current UTC time, or the time ``SOURCE_DATE_EPOCH`` names."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH")
    if pinned and pinned.strip().isdigit():
        return datetime.fromtimestamp(int(pinned), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def timestamp() -> str:
    """``2026-11-24T14:03:12Z``."""
    return now().strftime("%Y-%m-%dT%H:%M:%SZ")


def today() -> str:
    """``2026-11-24``."""
    return now().strftime("%Y-%m-%d")
