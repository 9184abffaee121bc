"""Lease arithmetic: when a claim expires, how often to renew it, what clock skew to allow.

Leases are judged by wall-clock time (never the ``SOURCE_DATE_EPOCH``-pinned clock of
records): a claim holds until its ``Lease-Until`` plus the allowed skew has passed on the
machine that looks. A claim stamped further in the future than the skew allows says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from gitsplit.claims.model import REVIEW, Claim
from gitsplit.util.durations import format_duration

DEFAULT_LEASE = 30 * 60
DEFAULT_SKEW = 60


@dataclass(frozen=True)
class Terms:
    """The lease a claimer asks for and the clock skew an observer allows."""

    lease: int = DEFAULT_LEASE
    skew: int = DEFAULT_SKEW


def now() -> int:
    """This machine's wall-clock time, in epoch seconds."""
    return int(time.time())


def renew_every(lease: int) -> float:
    """Seconds between renewals while an agent runs: a third of the lease."""
    return max(1.0, lease / 3)


def expired(claim: Claim, at: int, skew: int) -> bool:
    """True when the claim's lease (plus the allowed skew) has run out at ``at``.

    A claim handed in for review has no lease: its run is over, its verdict (accept,
    reject) releases it.
    """
    return claim.state != REVIEW and at > claim.until + skew


def age(claim: Claim, at: int) -> str:
    """``12m`` since the claim was taken (``0s`` for a claim stamped in the future)."""
    return format_duration(at - claim.since)


def state(claim: Claim, at: int, skew: int) -> str:
    """``lease expired 4m ago``, ``lease ends in 26m``, plus a clock-skew warning if any."""
    if claim.state == REVIEW:
        words = "its run waits for review"
    elif expired(claim, at, skew):
        words = f"lease expired {format_duration(at - claim.until)} ago"
    else:
        words = f"lease ends in {format_duration(claim.until - at)}"
    ahead = claim.since - at
    if ahead > skew:
        words += (
            f"; its clock is {format_duration(ahead)} ahead of this machine's "
            f"(allowed skew {format_duration(skew)})"
        )
    return words
