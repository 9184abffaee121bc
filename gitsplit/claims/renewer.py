"""Keeping a claim alive while something runs: a thread that renews it every third of its lease."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gitsplit.claims import lease, take
from gitsplit.claims.model import ClaimTakenError
from gitsplit.errors import ClaimError


@dataclass
class Renewals:
    """What the renewing thread saw: how many renewals, and the last failure (if any)."""

    done: int = 0
    failures: list[str] = field(default_factory=list)
    lost: bool = False


@contextlib.contextmanager
def kept(root: Path, remote: str, wo: str, every: float) -> Iterator[Renewals]:
    """Renew the claim on ``wo`` every ``every`` seconds until the block ends.

    A renewal that fails for a passing reason (the network) is tried again at the next
    tick; one that finds the claim taken by someone else stops renewing.
    """
    seen = Renewals()
    stop = threading.Event()

    def renew_until_stopped() -> None:
        while not stop.wait(every):
            try:
                take.renew(root, remote, wo)
                seen.done += 1
            except ClaimTakenError as exc:
                seen.failures.append(exc.message)
                seen.lost = True
                return
            except ClaimError as exc:
                seen.failures.append(exc.message)

    thread = threading.Thread(target=renew_until_stopped, name=f"renew {wo}", daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join(timeout=30)


def every(lease_seconds: int) -> float:
    """Seconds between renewals for a lease."""
    return lease.renew_every(lease_seconds)
