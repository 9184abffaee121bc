"""Config keys for the steps around a run: ``accept.strategy`` and ``worktree.setup``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gitsplit.ledger.config_fields import ConfigReader
from gitsplit.ledger.config_model import ACCEPT_STRATEGIES
from gitsplit.ledger.config_spec import keys_at
from gitsplit.ledger.schema import suggest


def accept_and_worktree(reader: ConfigReader, data: Mapping[str, Any]) -> dict[str, Any]:
    """``accept.strategy`` (merge, squash or ff) and ``worktree.setup`` (commands)."""
    found: dict[str, Any] = {}
    accept = reader.mapping(data.get("accept", {}), "accept")
    reader.known(accept, keys_at("accept"), "accept")
    if "strategy" in accept:
        strategy = reader.text(accept["strategy"], "accept.strategy")
        if strategy not in ACCEPT_STRATEGIES:
            reader.fail(
                "accept.strategy",
                f"{strategy!r} is not one of {', '.join(ACCEPT_STRATEGIES)}"
                + suggest(strategy, ACCEPT_STRATEGIES),
            )
        found["accept_strategy"] = strategy
    worktree = reader.mapping(data.get("worktree", {}), "worktree")
    reader.known(worktree, keys_at("worktree"), "worktree")
    if worktree.get("setup") is not None:
        found["worktree_setup"] = tuple(reader.texts(worktree["setup"], "worktree.setup"))
    return found
