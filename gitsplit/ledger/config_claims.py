"""Config keys for claims through the remote: ``remote``, ``claims``, ``lease``, ``lease_skew``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gitsplit.errors import ValidationError
from gitsplit.ledger.config_fields import ConfigReader
from gitsplit.ledger.config_model import CLAIM_MODES
from gitsplit.ledger.schema import suggest
from gitsplit.util.durations import parse_duration

KEYS = ("remote", "claims", "lease", "lease_skew")


def claims(reader: ConfigReader, data: Mapping[str, Any]) -> dict[str, Any]:
    """The remote, the claim mode (off, optional, required), the lease and the clock skew."""
    found: dict[str, Any] = {}
    if "remote" in data:
        found["remote"] = reader.text(data["remote"], "remote")
    if "claims" in data:
        mode = data["claims"]
        if mode is False:  # YAML reads a bare `off` as false
            mode = "off"
        if mode is True or mode not in CLAIM_MODES:
            shown = "on" if mode is True else str(mode)
            reader.fail(
                "claims",
                f"{shown!r} is not one of {', '.join(CLAIM_MODES)}" + suggest(shown, CLAIM_MODES),
            )
        found["claims"] = mode
    for key, zero in (("lease", False), ("lease_skew", True)):
        if key in data:
            try:
                found[key] = parse_duration(data[key], what="it", zero=zero)
            except ValidationError as exc:
                reader.fail(key, exc.message.removeprefix("it "))
    return found
