"""The review-batch briefing: each work order's acceptance and checks beside its branch's diff.

For every work order: its acceptance, checks and scope, what ``gitsplit review`` found
(every violation and warning, passed in by the caller: briefing never imports review), the
branch found for it (as ``gitsplit review`` finds it: the newest run's, local or
remote-tracking), and the diff against its base (the base its run recorded, else the merge
base with the authority branch): the diffstat always, then the code's per-file diffs until
the budget is spent (later files of later work orders are cut first), and each ledger file
(``.workledger/**``) in one line, its diff never shown.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.briefing import diffs, gather
from gitsplit.briefing.budget import Cut, Step, resolve_budget
from gitsplit.briefing.model import Briefing, Part, Plan, assemble
from gitsplit.briefing.source import CommitSource, Source, open_source
from gitsplit.errors import ValidationError
from gitsplit.ledger import ids
from gitsplit.ledger.config import Config
from gitsplit.ledger.records import WorkOrder
from gitsplit.ledger.store import Ledger

MANDATORY = "each work order's acceptance, checks and diffstat"


def render_review_briefing(
    ledger: Ledger,
    wo_ids: Sequence[str],
    *,
    budget: int | None = None,
    rev: str | None = "HEAD",
    max_chars: int | None = None,
    findings: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> Briefing:
    """Render the briefing that reviews the branches of the given work orders.

    ``findings`` maps a work order id to what ``gitsplit review`` found on its branch
    (``Finding.as_json()`` items); a work order missing from it is shown as not judged.
    """
    from gitsplit.ledger.templates import Renderer

    if not wo_ids:
        raise ValidationError("name at least one work order to review")
    source = open_source(ledger, rev)
    orders = [source.get(ids.WORKORDER, wo_id, WorkOrder) for wo_id in wo_ids]
    plan = review_plan(ledger, source, list(orders_by_id(orders).values()), findings)
    return assemble(
        plan,
        Renderer(ledger.root, source.overrides()),
        budget=resolve_budget(budget, source.config.briefing_budget),
        warnings=source.warnings,
        max_chars=max_chars,
        read=source.consulted,
    )


def orders_by_id(orders: list[WorkOrder]) -> dict[str, WorkOrder]:
    """Work orders by id, in the order given, without repeats."""
    return {wo.id: wo for wo in orders}


def review_plan(
    ledger: Ledger,
    source: Source,
    orders: list[WorkOrder],
    findings: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> Plan:
    """The context, one section per work order, and the cutting order of a review."""
    items = [review_item(ledger, source, wo) for wo in orders]
    for item in items:
        found = None if findings is None else findings.get(item["wo"]["id"])
        item["findings"] = None if found is None else ordered_findings(found)
    context: dict[str, Any] = {
        "kind": "review",
        "items": items,
        "source": {"label": source.label, "commit": source.commit},
    }
    parts = [
        Part(item["wo"]["id"], "brief-review/item.md.j2", {"index": number})
        for number, item in enumerate(items)
    ]
    steps = [
        Step(
            Cut(
                item["wo"]["id"],
                f"list of the {len(item['ledger'])} ledger files changed ({item['wo']['id']})",
                f"git diff --stat {gather.short(item['base'])} {item['branch']} -- "
                f"{ids.LEDGER_DIR}",
            ),
            _clear_ledger(number),
        )
        for number, item in reversed(list(enumerate(items)))
        if len(item["ledger"]) > 1
    ]
    for number in reversed(range(len(items))):
        item = items[number]
        for index in reversed(range(len(item["diffs"]))):
            path = item["diffs"][index]["path"]
            steps.append(
                Step(
                    Cut(
                        item["wo"]["id"],
                        f"diff of {path} ({item['wo']['id']})",
                        f"git diff {gather.short(item['base'])} {item['branch']} -- "
                        f"{shlex.quote(path)}",
                    ),
                    _pop_diff(number, index),
                )
            )
    return Plan(
        "review",
        tuple(i["wo"]["id"] for i in items),
        "brief-review.md.j2",
        parts,
        context,
        steps,
        MANDATORY,
        source.commit,
    )


def ordered_findings(found: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Findings as the briefing lists them: violations first, then warnings, as found."""
    return sorted((dict(f) for f in found), key=lambda f: f.get("severity") != "violation")


def _clear_ledger(number: int) -> Any:
    """A cut that replaces one work order's ledger file lines by their count."""

    def apply(context: dict[str, Any]) -> None:
        item = context["items"][number]
        item["ledger_count"], item["ledger"] = len(item["ledger"]), []

    return apply


def _pop_diff(number: int, index: int) -> Any:
    """A cut that removes one file's diff from one work order's section."""
    return lambda context: context["items"][number]["diffs"].pop(index)


def review_item(ledger: Ledger, source: Source, wo: WorkOrder) -> dict[str, Any]:
    """One work order's acceptance, checks, branch, base, diffstat and per-file diffs."""
    from gitsplit.work import branches as wo_branches

    found = find_branches(source.root, source.config, wo)
    sections = wo.sections()
    item: dict[str, Any] = {
        "wo": {
            "id": wo.id,
            "title": wo.title,
            "status": wo.status,
            "scope": wo.scope,
            "checks": wo.checks,
            "acceptance": sections.get("Acceptance", ""),
            "expected": sections.get("Expected output", ""),
        },
        "branch": "",
        "others": [],
        "tip": "",
        "base": "",
        "base_from": "",
        "diffstat": "",
        "diffs": [],
        "ledger": [],
        "ledger_count": 0,
        "findings": None,
        "problem": "",
    }
    if not found:
        item["problem"] = (
            f"{wo_branches.no_branch_message(source.config, wo.id)}: nothing to review yet"
        )
        source.warnings.append(
            f"{wo.id} has no branch to review (`git fetch` brings branches pushed elsewhere)"
        )
        return item
    name, tip = found[0]
    item.update(branch=name, tip=tip, others=[other for other, _ in found[1:]])
    base, how = run_base(ledger, tip, wo) or (None, "")
    if base is None:
        authority = source.config.default_branch
        _ref, authority_tip = wo_branches.authority(source.root, source.config)
        if authority_tip is None:
            item["problem"] = (
                f"no branch `{authority}` here (local or remote-tracking) to "
                f"find the base of `{name}` from"
            )
            return item
        base = gitio.merge_base(source.root, tip, authority_tip)
        how = f"merge base with {authority}"
    if base is None:
        item["problem"] = f"`{name}` shares no history with the authority branch"
        return item
    item.update(
        base=base,
        base_from=how,
        diffstat=gitio.diff_text(source.root, base, tip, stat=True).rstrip(),
    )
    chunks = diffs.split_diff(gitio.diff_text(source.root, base, tip))
    item["diffs"] = [c for c in chunks if not diffs.is_ledger(c["path"])]
    item["ledger"] = [diffs.summary(c) for c in chunks if diffs.is_ledger(c["path"])]
    item["ledger_count"] = len(item["ledger"])
    return item


def find_branches(root: Path, config: Config, wo: WorkOrder) -> list[tuple[str, str]]:
    """A work order's branches as `gitsplit review` ranks them: (name, tip), newest run first.

    Remote-tracking branches count too (``origin/wo/WO-3-…``): a reviewer's clone or a CI
    checkout often has the run's branch only as fetched.
    """
    from gitsplit.work import branches as wo_branches

    tips = gitio.ref_tips(root)
    found: dict[str, tuple[str, str]] = {}  # one entry per branch: a local one hides its copies
    for ref in wo_branches.ranked_refs(config, tips, wo.id):
        name = ref.removeprefix("refs/heads/").removeprefix("refs/remotes/")
        found.setdefault(wo_branches.short_name(ref), (name, tips[ref]))
    return list(found.values())


def run_base(ledger: Ledger, tip: str, wo: WorkOrder) -> tuple[str, str] | None:
    """The base commit recorded by the newest run of the work order on its branch."""
    runs = CommitSource(ledger, tip).runs(wo.id)
    for run in reversed(runs):
        base = (
            gitio.resolve(ledger.root, f"{run.text('base')}^{{commit}}")
            if run.text("base")
            else None
        )
        if base:
            return base, f"recorded by run {run.id}"
    return None
