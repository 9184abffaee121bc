"""``gitsplit claim`` and ``gitsplit release``: claims on work orders through the git remote."""

from __future__ import annotations

import click

from gitsplit.cli.common import emit_json, json_option, open_ledger
from gitsplit.ledger import ids
from gitsplit.ledger.store import Ledger
from gitsplit.util.durations import parse_duration


def _remote_option(func: click.decorators.FC) -> click.decorators.FC:
    """``--remote NAME``: the remote the claims live on (default: the config's ``remote``)."""
    return click.option(
        "--remote",
        metavar="NAME",
        help="The remote holding the claims (default: `remote` in config.yaml, else origin).",
    )(func)


def _work_order(ledger: Ledger, raw: str) -> str:
    """The id of a work order of this ledger (refuses unknown ids)."""
    return ledger.get(ids.WORKORDER, raw).id


@click.command("claim")
@click.argument("wo_id", metavar="WO-ID")
@click.option("--renew", is_flag=True, help="Extend the lease of the claim this clone holds.")
@click.option("--steal", is_flag=True, help="Take over a claim whose lease has expired.")
@_remote_option
@click.option("--lease", metavar="DURATION", help="How long the claim holds (default: config).")
@click.option("--agent", metavar="NAME", default="", help="The agent the claim is for.")
@click.option("--run", "run_id", metavar="RUN", default="", help="The run the claim is for.")
@json_option
def claim_cmd(
    wo_id: str,
    renew: bool,
    steal: bool,
    remote: str | None,
    lease: str | None,
    agent: str,
    run_id: str,
    as_json: bool,
) -> None:
    """Claim a work order on the remote, so no other clone or runner starts it.

    The claim is the ref refs/gitsplit/claims/WO-n on the remote, created by a push
    that succeeds only if the ref does not exist yet: of many clones claiming at
    once, exactly one wins; every other one is told who holds it and exits 1. A
    claim expires after its lease unless renewed (--renew). --steal takes over an
    expired claim, again exactly once.
    docs/claims.md has the details.

    \b
    Examples:
      gitsplit claim WO-12
      gitsplit claim WO-12 --renew
      gitsplit claim WO-12 --steal --lease 1h
    """
    from gitsplit.claims import take
    from gitsplit.claims.lease import Terms

    if renew and steal:
        raise click.UsageError("--renew and --steal do not go together")
    ledger = open_ledger()
    wo = _work_order(ledger, wo_id)
    cfg = ledger.config
    where = remote or cfg.remote
    length = parse_duration(lease, what="--lease") if lease else None
    terms = Terms(lease=length or cfg.lease, skew=cfg.lease_skew)
    if renew:
        done = take.renew(ledger.root, where, wo, lease_for=length)
    else:
        who = take.holder(ledger.root, agent=agent, run=run_id)
        act = take.steal if steal else take.claim
        done = act(ledger.root, where, wo, who, terms)
    if as_json:
        from gitsplit.claims import lease as leases

        stolen = done.stolen.as_json(leases.now()) if done.stolen else None
        emit_json({**done.claim.as_json(leases.now()), "remote": where, "stolen": stolen})
        return
    click.echo(done.words)


@click.command("release")
@click.argument("wo_id", metavar="WO-ID")
@_remote_option
@click.option("--force", is_flag=True, help="Release a claim another clone holds.")
def release_cmd(wo_id: str, remote: str | None, force: bool) -> None:
    """Release a claim on a work order (only the clone that holds it, unless --force).

    \b
    Examples:
      gitsplit release WO-12
      gitsplit release WO-12 --force
    """
    from gitsplit.claims import take

    ledger = open_ledger()
    wo = _work_order(ledger, wo_id)
    where = remote or ledger.config.remote
    gone = take.release(ledger.root, where, wo, force=force)
    if gone is None:
        click.echo(f"{wo} was not claimed on {where}")
    else:
        click.echo(f"released {wo} ({gone.words()})")
