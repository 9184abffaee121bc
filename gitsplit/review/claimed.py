"""Whether the run under review still holds its work order's claim on the remote."""

from __future__ import annotations

from pathlib import Path

from gitsplit.claims import refs
from gitsplit.errors import ClaimError
from gitsplit.ledger.config import Config
from gitsplit.review.findings import Finding, RunInfo, warning


def findings(root: Path, cfg: Config, wo_id: str, run: RunInfo | None) -> list[Finding]:
    """A warning when claims are on and the work order's claim is held for another run."""
    if cfg.claims == "off" or run is None:
        return []
    try:
        claim = refs.current(root, cfg.remote, wo_id, cfg.lease)
    except ClaimError as exc:
        return [warning("claim-unknown", f"the claim on {wo_id} cannot be read: {exc.message}")]
    if claim is None or not claim.holder.run or claim.holder.run == run.id:
        return []
    return [
        warning(
            "claim-taken",
            f"{wo_id} is {claim.words()} on {cfg.remote}, for run {claim.holder.run}, not "
            f"this run ({run.id}): someone else took the work order over",
        )
    ]
