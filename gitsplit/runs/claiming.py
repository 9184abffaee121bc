"""A run's claim on the remote: taken before ``start`` branches, kept while its agent runs,
handed in for review when the run succeeds, released when it fails or gets its verdict.

Which runs claim is the config's ``claims`` (off, optional, required); ``--no-claim``
skips it, and ``dispatch --remote NAME`` requires it on that remote. A claim held by
someone else always stops a start; a remote that cannot be reached stops it only when
claims are required.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from gitsplit.claims import model, refs, renewer, take
from gitsplit.claims.lease import Terms
from gitsplit.claims.model import ClaimTakenError
from gitsplit.errors import ClaimError
from gitsplit.ledger.config import Config
from gitsplit.ledger.store import Ledger


def mode(config: Config, remote: str | None) -> str:
    """``off``, ``optional`` or ``required``: ``--remote`` asks for claims on that remote."""
    return "required" if remote else config.claims


def for_start(
    ledger: Ledger, wo_id: str, *, run: str, agent: str, wanted: bool, remote: str | None
) -> str:
    """Claim (or take over an expired claim on) the work order; what happened, in words.

    Raises ClaimTakenError when someone else holds it, and ClaimError when claims are
    required and the claim cannot be made; returns "" when this start does not claim.
    """
    config = ledger.config
    how = mode(config, remote)
    if not wanted or how == "off":
        return ""
    where = remote or config.remote
    if refs.space(where) != where:
        raise ClaimError(
            f"a run claims on a remote by name, not {where!r}",
            hint="`git remote add NAME URL`, then `remote: NAME` in the config or --remote NAME",
        )
    who = take.holder(ledger.root, agent=agent, run=run)
    try:
        done = take.steal(ledger.root, where, wo_id, who, Terms(config.lease, config.lease_skew))
    except ClaimTakenError:
        raise
    except ClaimError as exc:
        if how == "optional":
            return f"warning: {wo_id} is not claimed ({exc.message}); going on without a claim"
        raise ClaimError(
            exc.message,
            hint=f"{exc.hint + '; ' if exc.hint else ''}--no-claim starts without a claim",
        ) from None
    return done.words


def held_on(root: Path, wo_id: str) -> list[str]:
    """The remotes on which this clone holds a claim on the work order."""
    return [remote for remote, wo in refs.held_everywhere(root) if wo == wo_id]


@contextlib.contextmanager
def kept_while_running(root: Path, wo_id: str) -> Iterator[None]:
    """Renew this clone's claims on the work order every third of their lease, meanwhile."""
    with contextlib.ExitStack() as stack:
        for remote in held_on(root, wo_id):
            claim = refs.held(root, remote, wo_id)
            if claim is not None and claim.state != model.REVIEW:
                stack.enter_context(renewer.kept(root, remote, wo_id, renewer.every(claim.lease)))
        yield


def after_finish(root: Path, wo_id: str, outcome: str, branch: str) -> list[str]:
    """Hand the claim in for review (succeeded) or release it (failed, abandoned)."""
    said = []
    for remote in held_on(root, wo_id):
        try:
            if outcome == "succeeded":
                said.append(take.renew(root, remote, wo_id, branch=branch).words)
            else:
                take.release(root, remote, wo_id)
                said.append(f"released the claim on {wo_id} ({remote})")
        except ClaimError as exc:
            said.append(f"warning: the claim on {wo_id} ({remote}): {exc.message}")
    return said


def after_verdict(ledger: Ledger, wo_id: str, run: str) -> list[str]:
    """Release the claim of the run that got its verdict (whoever holds it), if claims are on."""
    config = ledger.config
    remotes = set(held_on(ledger.root, wo_id))
    if config.claims != "off":
        remotes.add(config.remote)
    said = []
    for remote in sorted(remotes):
        try:
            claim = refs.current(ledger.root, remote, wo_id, config.lease)
            if claim is None:
                refs.drop_held(ledger.root, remote, wo_id)
            elif claim.holder.run == run:
                take.release(ledger.root, remote, wo_id, force=True)
                said.append(f"released the claim on {wo_id} ({remote})")
        except ClaimError as exc:
            said.append(f"warning: the claim on {wo_id} ({remote}) is kept: {exc.message}")
    return said
