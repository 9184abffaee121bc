"""One claim: who holds a work order, where, since when and until when, as commit trailers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from gitsplit.errors import ClaimError
from gitsplit.util.durations import format_duration

SUBJECT = "gitsplit claim"
REVIEW = "review"
_TRAILER = re.compile(r"^([A-Za-z][A-Za-z-]*): ?(.*)$")


@dataclass(frozen=True)
class Holder:
    """Who claims: a person or runner, on a host, with an agent, for a run."""

    name: str
    host: str
    agent: str = ""
    run: str = ""

    def words(self) -> str:
        """``Ada on laptop`` (with the agent and run when known)."""
        extra = ", ".join(
            x for x in (self.agent and f"agent {self.agent}", self.run and f"run {self.run}") if x
        )
        return f"{self.name} on {self.host}" + (f" ({extra})" if extra else "")


@dataclass(frozen=True)
class Claim:
    """A claim commit as read back: its trailers and where it sits."""

    wo: str
    holder: Holder
    token: str  # random, kept across renewals: the holder's proof of holding
    since: int  # epoch seconds, the claimer's clock
    until: int  # epoch seconds, the claimer's clock
    lease: int  # seconds a renewal extends it by
    sha: str = ""
    committed: int = 0  # the claim commit's committer time
    stolen_from: str = ""
    state: str = ""  # "review": its run succeeded and waits for a verdict (no lease then)
    branch: str = ""  # the run's branch, once it is handed in for review
    extra: dict[str, str] = field(default_factory=dict)

    def words(self) -> str:
        """``claimed by Ada on laptop since 06:12 UTC (lease until 06:42 UTC)``."""
        if self.state == REVIEW:
            return (
                f"claimed by {self.holder.words()} since {stamp(self.since)} "
                f"(its run waits for review on {self.branch or 'its branch'})"
            )
        return (
            f"claimed by {self.holder.words()} since {stamp(self.since)} "
            f"(lease until {stamp(self.until)})"
        )

    def as_json(self, now: int) -> dict[str, object]:
        """Stable keys for ``--json``."""
        return {
            "wo": self.wo,
            "holder": self.holder.name,
            "host": self.holder.host,
            "agent": self.holder.agent or None,
            "run": self.holder.run or None,
            "since": stamp(self.since),
            "until": stamp(self.until),
            "age_seconds": max(0, now - self.since),
            "expired": now > self.until and self.state != REVIEW,
            "state": self.state or "running",
            "branch": self.branch or None,
            "commit": self.sha,
        }


class ClaimTakenError(ClaimError):
    """The work order is claimed by someone else (the claim is attached)."""

    def __init__(self, claim: Claim, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.claim = claim


def stamp(epoch: int) -> str:
    """``2026-12-03T06:12:00Z``."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_stamp(text: str) -> int | None:
    """Epoch seconds of ``2026-12-03T06:12:00Z``, or None."""
    try:
        return int(
            datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
        )
    except ValueError:
        return None


def message(claim: Claim) -> str:
    """The claim commit's message: a subject and one trailer a field."""
    trailers = {
        "Work-Order": claim.wo,
        "Holder": claim.holder.name,
        "Host": claim.holder.host,
        "Agent": claim.holder.agent,
        "Run": claim.holder.run,
        "Claim-Id": claim.token,
        "Since": stamp(claim.since),
        "Lease-Until": stamp(claim.until),
        "Lease": str(claim.lease),
        "Stolen-From": claim.stolen_from,
        "State": claim.state,
        "Branch": claim.branch,
    }
    body = "\n".join(f"{k}: {_one_line(v)}" for k, v in trailers.items() if v)
    subject = f"{SUBJECT} {claim.wo} by {_one_line(claim.holder.name)}"
    return f"{subject}\n\nlease {format_duration(claim.lease)}\n\n{body}\n"


def _one_line(value: str) -> str:
    """A trailer value cannot span lines."""
    return " ".join(value.split())


def parse(wo: str, text: str, *, sha: str, committed: int, lease: int) -> Claim:
    """Read a claim commit's message; what is missing falls back to the commit's own time."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = _TRAILER.match(line.strip())
        if match:
            found[match.group(1).lower()] = match.group(2).strip()
    since = _parse_stamp(found.get("since", "")) or committed
    length = int(found["lease"]) if found.get("lease", "").isdigit() else lease
    until = _parse_stamp(found.get("lease-until", "")) or since + length
    holder = Holder(
        name=found.get("holder") or "someone",
        host=found.get("host") or "an unknown host",
        agent=found.get("agent", ""),
        run=found.get("run", ""),
    )
    known = {
        "state",
        "branch",
        "work-order",
        "holder",
        "host",
        "agent",
        "run",
        "claim-id",
        "since",
        "lease-until",
        "lease",
        "stolen-from",
    }
    return Claim(
        wo=wo,
        holder=holder,
        token=found.get("claim-id", sha),
        since=since,
        until=until,
        lease=length,
        sha=sha,
        committed=committed,
        stolen_from=found.get("stolen-from", ""),
        state=found.get("state", ""),
        branch=found.get("branch", ""),
        extra={k: v for k, v in found.items() if k not in known},
    )
