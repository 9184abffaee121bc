"""A run that succeeded and waits for its verdict: ``start`` does not silently open another."""

from __future__ import annotations

from gitsplit.errors import GitsplitError
from gitsplit.ledger import ids
from gitsplit.ledger.store import Ledger
from gitsplit.work import live_state


def refuse_waiting_review(ledger: Ledger, wo_id: str, *, again: bool = False) -> None:
    """A run that succeeded and waits for its verdict is not silently doubled (as dispatch)."""
    if again or ids.split_id(wo_id.upper()) is None:
        return  # an id start itself refuses, with its own message
    wo_id = wo_id.upper()
    live = live_state.scan(ledger.root, ledger.config).get(wo_id)
    if live is not None and live.state == live_state.REVIEW:
        branch = live.primary
        raise GitsplitError(
            f"{wo_id} has run {branch.run or '?'} waiting for review on {branch.branch}",
            hint=f"`gitsplit accept {wo_id}` or `gitsplit reject {wo_id} --reason TEXT` "
            "gives it a verdict; --again opens another run anyway",
        )
