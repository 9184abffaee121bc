"""Claims as listings show them: fetched from the remote (unless offline), with their age."""

from __future__ import annotations

from pathlib import Path

from gitsplit.claims import lease, refs
from gitsplit.claims.model import Claim
from gitsplit.errors import ClaimError
from gitsplit.ledger.config import Config


def visible(root: Path, config: Config, *, offline: bool) -> tuple[dict[str, Claim], str]:
    """The remote's claims by work order (none when claims are off), and a warning if stale.

    ``offline`` skips the fetch and shows the claims the last fetch found.
    """
    if config.claims == "off":
        return {}, ""
    warning = ""
    if not offline:
        try:
            refs.fetch(root, config.remote)
        except ClaimError as exc:
            warning = f"claims not fetched ({exc.message}); showing the ones last seen"
    return refs.seen(root, config.remote, config.lease), warning


def note(root: Path, config: Config, claim: Claim, at: int) -> str:
    """``claimed by Ada on box (run WO-3-r1), 12m ago; lease ends in 18m`` (or ``by you``)."""
    mine = refs.held_token(root, config.remote, claim.wo) == claim.token
    who = "you" if mine else claim.holder.words()
    return (
        f"claimed by {who}, {lease.age(claim, at)} ago; {lease.state(claim, at, config.lease_skew)}"
    )


def as_json(root: Path, config: Config, claim: Claim, at: int) -> dict[str, object]:
    """A claim's stable JSON, with whether this clone holds it."""
    mine = refs.held_token(root, config.remote, claim.wo) == claim.token
    return {**claim.as_json(at), "mine": mine}
