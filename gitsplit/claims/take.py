"""Claiming, renewing, stealing and releasing a work order: compare-and-swap pushes.

Every change to a claim ref is one push whose lease names the value the ref must still
have on the remote (nothing, for a new claim), so two clones never both succeed. A
rejected push is read back: the claim now there is reported, with its holder and lease.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass, replace
from pathlib import Path

from gitsplit import gitio
from gitsplit.claims import lease, model, refs
from gitsplit.claims.lease import Terms
from gitsplit.claims.model import Claim, ClaimTakenError, Holder
from gitsplit.errors import ClaimError, GitError
from gitsplit.gitio import remote as remotes


@dataclass(frozen=True)
class Taken:
    """What a claim operation did: the claim now held, what it says, the claim it replaced."""

    claim: Claim
    words: str
    stolen: Claim | None = None


def holder(root: Path, *, agent: str = "", run: str = "") -> Holder:
    """This clone's person or runner (git's user.name), this host, and the agent and run."""
    name = gitio.config_get(root, "user.name") or os.environ.get("USER") or "someone"
    return Holder(name=name, host=socket.gethostname(), agent=agent, run=run)


def claim(root: Path, remote: str, wo: str, who: Holder, terms: Terms) -> Taken:
    """Create the claim on the remote; exactly one of many racing claimers gets it."""
    at = lease.now()
    new = Claim(wo, who, secrets.token_hex(8), at, at + terms.lease, terms.lease)
    for _attempt in range(2):
        pushed = _push(root, remote, new, parent="")
        if pushed is not None:
            return Taken(pushed, f"claimed {wo} (lease until {model.stamp(pushed.until)})")
        existing = refs.current(root, remote, wo, terms.lease)
        if existing is not None:
            if existing.token == refs.held_token(root, remote, wo):
                return Taken(existing, f"{wo} is already yours ({existing.words()})")
            raise _taken(existing, terms)
    raise ClaimError(f"the claim on {wo} kept changing on {remote!r} while claiming it; try again")


def renew(
    root: Path, remote: str, wo: str, *, lease_for: int | None = None, branch: str = ""
) -> Taken:
    """Extend the lease of the claim this clone holds (from now, by its lease or ``lease_for``).

    With ``branch``, the claim is handed in instead: its run is over and waits for review
    on that branch, and it holds, without a lease, until a verdict releases it. A renewal
    racing another renewal of the same claim (this clone's renewing thread) tries again.
    """
    mine = refs.held_token(root, remote, wo)
    for _attempt in range(3):
        existing = refs.current(root, remote, wo, lease_for or lease.DEFAULT_LEASE)
        if existing is None:
            raise ClaimError(
                f"{wo} is not claimed on {remote!r}, so there is nothing to renew",
                hint=f"`gitsplit claim {wo}` claims it",
            )
        if existing.token != mine:
            raise ClaimTakenError(existing, f"{wo} is not yours to renew: it is {existing.words()}")
        length = lease_for or existing.lease
        renewed = replace(existing, until=lease.now() + length, lease=length, sha="")
        if branch:
            renewed = replace(renewed, state=model.REVIEW, branch=branch)
        pushed = _push(root, remote, renewed, parent=existing.sha)
        if pushed is not None:
            if branch:
                return Taken(pushed, f"the claim on {wo} is kept until the review of {branch}")
            return Taken(pushed, f"renewed {wo} (lease until {model.stamp(pushed.until)})")
    raise ClaimError(f"the claim on {wo} kept changing on {remote!r} while renewing it")


def steal(root: Path, remote: str, wo: str, who: Holder, terms: Terms) -> Taken:
    """Take over an expired claim; of many racing stealers exactly one gets it."""
    existing = refs.current(root, remote, wo, terms.lease)
    if existing is None:
        return claim(root, remote, wo, who, terms)
    if existing.token == refs.held_token(root, remote, wo):
        return renew(root, remote, wo, lease_for=terms.lease)
    at = lease.now()
    if not lease.expired(existing, at, terms.skew):
        raise ClaimTakenError(
            existing,
            f"{wo} is {existing.words()}: {lease.state(existing, at, terms.skew)}",
            hint="a claim can be stolen once its lease has expired; "
            "its holder can release it (`gitsplit release`)",
        )
    new = Claim(
        wo,
        who,
        secrets.token_hex(8),
        at,
        at + terms.lease,
        terms.lease,
        stolen_from=f"{existing.holder.words()} at {existing.sha[:12]}",
    )
    pushed = _push(root, remote, new, parent=existing.sha)
    if pushed is None:
        now_there = refs.current(root, remote, wo, terms.lease)
        if now_there is None:
            raise ClaimError(f"the claim on {wo} was released while stealing it; claim it again")
        raise ClaimTakenError(now_there, f"{wo} was taken first: it is {now_there.words()}")
    words = f"stole {wo} from {existing.holder.words()}: {lease.state(existing, at, terms.skew)}"
    return Taken(pushed, words, stolen=existing)


def release(root: Path, remote: str, wo: str, *, force: bool = False) -> Claim | None:
    """Delete the claim (only its holder's, unless ``force``); None when there was none."""
    existing = refs.current(root, remote, wo, lease.DEFAULT_LEASE)
    if existing is None:
        refs.drop_held(root, remote, wo)
        return None
    if not force and existing.token != refs.held_token(root, remote, wo):
        raise ClaimTakenError(
            existing,
            f"{wo} is {existing.words()}, not by this clone",
            hint=f"`gitsplit release --force {wo}` releases it anyway",
        )
    result = _guarded_push(root, remote, "", refs.claim_ref(wo), existing.sha)
    if not result.ok:
        if result.remote_refused:
            raise ClaimError(f"{remote!r} refused to delete {refs.claim_ref(wo)}: {result.summary}")
        raise ClaimError(f"the claim on {wo} changed while releasing it; look again")
    refs.drop_held(root, remote, wo)
    return existing


def _taken(existing: Claim, terms: Terms) -> ClaimTakenError:
    """The loser's error: who holds it, and how to take it when its lease is over."""
    at = lease.now()
    state = lease.state(existing, at, terms.skew)
    hint = None
    if lease.expired(existing, at, terms.skew):
        hint = f"`gitsplit claim --steal {existing.wo}` takes it over"
    return ClaimTakenError(existing, f"{existing.wo} is {existing.words()}: {state}", hint=hint)


def _push(root: Path, remote: str, new: Claim, *, parent: str) -> Claim | None:
    """Write ``new`` as a commit and push it over ``parent`` (empty: over nothing); None if lost."""
    tree = remotes.empty_tree(root)
    sha = _commit(root, tree, parent, model.message(new))
    result = _guarded_push(root, remote, sha, refs.claim_ref(new.wo), parent)
    if result.ok:
        refs.set_held(root, remote, new.wo, sha)
        return refs.read(root, sha, new.wo, new.lease)
    if result.remote_refused and refs.current(root, remote, new.wo, new.lease) is None:
        raise ClaimError(
            f"{remote!r} refused the claim ref {refs.claim_ref(new.wo)}: {result.summary}",
            hint="this remote does not take refs outside branches and tags: set `claims: off` "
            "in .workledger/config.yaml and coordinate by WO branches alone",
        )
    return None


def _guarded_push(
    root: Path, remote: str, source: str, ref: str, expect: str
) -> remotes.PushResult:
    """One compare-and-swap push; an unreachable remote is a ClaimError."""
    try:
        return remotes.push_ref(root, remote, source, ref, expect=expect)
    except GitError as exc:
        raise refs.unreachable(remote, exc) from None


def _commit(root: Path, tree: str, parent: str, message: str) -> str:
    """The claim commit (a runner without a git identity gets gitsplit's)."""
    env = {}
    if not gitio.config_get(root, "user.email") and "GIT_COMMITTER_EMAIL" not in os.environ:
        host = socket.gethostname()
        env = {
            "GIT_AUTHOR_NAME": os.environ.get("USER") or "gitsplit",
            "GIT_AUTHOR_EMAIL": f"gitsplit@{host}",
            "GIT_COMMITTER_NAME": os.environ.get("USER") or "gitsplit",
            "GIT_COMMITTER_EMAIL": f"gitsplit@{host}",
        }
    parents = ["-p", parent] if parent else []
    return gitio.run(root, "commit-tree", tree, *parents, input=message, env=env).strip()
