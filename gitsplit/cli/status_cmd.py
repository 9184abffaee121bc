"""``gitsplit status``: where am I — repository, branch, work order and run in hand, counts."""

from __future__ import annotations

import click

from gitsplit.cli.common import emit_json, field_lines, json_option, open_ledger
from gitsplit.work import status as where
from gitsplit.work.status import Status


@click.command("status")
@click.option(
    "--offline", is_flag=True, help="With claims on: the claims last fetched, not the remote's."
)
@json_option
def status(offline: bool, as_json: bool) -> None:
    """Where am I: branch, the work order and run in hand, the authority, counts.

    The authority is the config's default_branch; "ledger tree" is the short hash
    of its .workledger/ tree, so two people can tell at a glance whether they see
    the same ledger. Counts include live state from unmerged WO branches. With
    `claims` on, the remote's claims are fetched and counted, and the claim on the
    work order in hand is shown (--offline: the claims last fetched).
    """
    from gitsplit.cli.queue_cmd import claim_notes

    ledger = open_ledger()
    info = where.gather(ledger)
    claims = claim_notes(ledger, offline, as_json=as_json)
    if as_json:
        emit_json({**info.as_json(), **({} if claims is None else {"claims": claims})})
        return
    pairs = _pairs(info)
    if claims is not None:
        mine = claims.get(info.wo_id or "", "not claimed" if info.wo_id else "")
        pairs[4:4] = [("claim", mine), ("claims", f"{len(claims)} on {ledger.config.remote}")]
    for line in field_lines(pairs):
        click.echo(line)


def _pairs(info: Status) -> list[tuple[str, object]]:
    """The ``name: value`` lines of the text output."""
    auth = info.authority
    where = (
        f"{auth.branch} @ {auth.commit[:7]} · ledger tree "
        f"{auth.ledger_tree[:7] if auth.ledger_tree else '(none)'}"
        if auth.commit
        else f"{auth.branch} (no such branch yet; compared with HEAD)"
    )
    if auth.ref and auth.ref.startswith("refs/remotes/"):
        where += f" (from {auth.ref[len('refs/remotes/') :]})"
    return [
        ("repo", str(info.repo)),
        (
            "branch",
            (info.branch or "(detached HEAD)")
            + (f" @ {info.head[:7]}" if info.head else " (no commits yet)"),
        ),
        ("work order", _work_order(info)),
        ("run", _run(info)),
        ("authority", where),
        ("work orders", f"{info.total}: " + _counts(info.by_status) if info.total else "none"),
        ("by class", _counts(info.by_class) if info.total else ""),
        (
            "live",
            [f"{item.wo} {item.state or 'ended'} on {item.primary.branch}" for item in info.live],
        ),
        (
            "uncommitted",
            f"{len(info.ledger_changes)} ledger file(s) — git status .workledger"
            if info.ledger_changes
            else "",
        ),
        ("problems", f"{info.problems} — `gitsplit queue` lists them" if info.problems else ""),
    ]


def _work_order(info: Status) -> str:
    """The work order of the WO branch checked out, if any."""
    if info.wo_id is None:
        return ""
    order = info.work_order
    if order is None:
        return f"{info.wo_id} (named by the branch, but not in the ledger)"
    return f"{order.id} · {order.title}  [{order.status} · {order.klass} · {order.priority}]"


def _run(info: Status) -> str:
    """The run record in hand on a WO branch."""
    if info.wo_id is None:
        return ""
    run = info.run
    if run is None:
        return "(no run record on this branch)"
    state = run.outcome or ("ended" if run.text("ended") else "open")
    return f"{run.id} · started {run.text('started') or '?'} · {state} · {run.path}"


def _counts(counts: dict[str, int]) -> str:
    """``ready 2 · done 3`` for the non-zero counts."""
    return " · ".join(f"{name} {n}" for name, n in counts.items() if n)
