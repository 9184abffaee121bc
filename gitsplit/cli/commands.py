"""gitsplit's command table and the click group built on it (commands load on first use)."""

from __future__ import annotations

from typing import ClassVar

import click

from gitsplit import __version__
from gitsplit.cli.lazy_group import LazyGroup

# name: (module, attribute, section, one-line help). Modules load only when their command runs,
# so `gitsplit --help` imports neither Jinja2 nor PyYAML.
COMMANDS: dict[str, tuple[str, str, str, str]] = {
    "tour": (
        "gitsplit.cli.tour_cmd",
        "tour",
        "Set up",
        "The whole loop, run for real in a throwaway repository.",
    ),
    "init": (
        "gitsplit.cli.init_cmd",
        "init",
        "Set up",
        "Create .workledger/ with a commented config (idempotent).",
    ),
    "wo": (
        "gitsplit.cli.wo",
        "wo",
        "Author the ledger",
        "Work orders: new, show, list, set, edit.",
    ),
    "decide": (
        "gitsplit.cli.decisions",
        "decide",
        "Author the ledger",
        "Record a decision with the options it rejected.",
    ),
    "decision": (
        "gitsplit.cli.decisions",
        "decision",
        "Author the ledger",
        "Decisions: list, show.",
    ),
    "invariant": (
        "gitsplit.cli.invariants",
        "invariant",
        "Author the ledger",
        "Invariants every run must keep: add, list, show, retire.",
    ),
    "checkpoint": (
        "gitsplit.cli.checkpoints",
        "checkpoint",
        "Author the ledger",
        "Freeze the architect's reasoning at HEAD (or list checkpoints).",
    ),
    "queue": (
        "gitsplit.cli.queue_cmd",
        "queue",
        "See the work",
        "Work orders in buckets: now, next, later, blocked, in flight.",
    ),
    "ready": (
        "gitsplit.cli.queue_cmd",
        "ready",
        "See the work",
        "Work orders that can start now (--ids for scripts).",
    ),
    "next": (
        "gitsplit.cli.queue_cmd",
        "next_",
        "See the work",
        "The single best work order to start next, and why.",
    ),
    "graph": (
        "gitsplit.cli.graph_cmd",
        "graph",
        "See the work",
        "The dependency graph as Mermaid (GitHub renders it) or Graphviz dot.",
    ),
    "status": (
        "gitsplit.cli.status_cmd",
        "status",
        "See the work",
        "Where am I: branch, work order and run in hand, authority, counts.",
    ),
    "import": (
        "gitsplit.cli.import_cmd",
        "import_cmd",
        "Author the ledger",
        "Take work in from Backlog.md, Beads, GitHub issues or spec-kit.",
    ),
    "export": (
        "gitsplit.cli.export_cmd",
        "export_cmd",
        "See the work",
        "The ledger as JSON or CSV, for scripts and spreadsheets.",
    ),
    "schema": (
        "gitsplit.cli.schema_cmd",
        "schema_cmd",
        "See the work",
        "JSON Schemas of the records' frontmatter, for editors.",
    ),
    "board": (
        "gitsplit.cli.board_cmd",
        "board_cmd",
        "See the work",
        "The queue as one self-contained HTML page of cards and the graph.",
    ),
    "bundle": (
        "gitsplit.cli.bundle_cmd",
        "bundle",
        "Brief and run",
        "Hand a run to a place without the repository, and apply its reply.",
    ),
    "search": (
        "gitsplit.cli.search_cmd",
        "search",
        "See the work",
        "Ranked search over work orders, decisions, invariants, checkpoints.",
    ),
    "start": (
        "gitsplit.cli.run_cmds",
        "start_cmd",
        "Brief and run",
        "Open a fresh run of a work order on its own branch and launch its agent.",
    ),
    "note": (
        "gitsplit.cli.run_cmds",
        "note_cmd",
        "Brief and run",
        "On a WO branch: append to the run's result note.",
    ),
    "finish": (
        "gitsplit.cli.run_cmds",
        "finish_cmd",
        "Brief and run",
        "On a WO branch: run checks, record the result, commit, end clean.",
    ),
    "abandon": (
        "gitsplit.cli.run_cmds",
        "abandon_cmd",
        "Brief and run",
        "On a WO branch: end the run on purpose, keeping the branch.",
    ),
    "claim": (
        "gitsplit.cli.claim_cmd",
        "claim_cmd",
        "Brief and run",
        "Claim a work order on the remote (atomic; leases, --renew, --steal).",
    ),
    "release": (
        "gitsplit.cli.claim_cmd",
        "release_cmd",
        "Brief and run",
        "Release a claim on a work order.",
    ),
    "dispatch": (
        "gitsplit.cli.dispatch_cmd",
        "dispatch_cmd",
        "Brief and run",
        "Start every ready work order of a class, each in its own worktree.",
    ),
    "runs": (
        "gitsplit.cli.runs_cmd",
        "runs_cmd",
        "Brief and run",
        "The provenance of every run: branch, base, briefing, agent, outcome, cost.",
    ),
    "brief": (
        "gitsplit.cli.brief_cmd",
        "brief",
        "Brief and run",
        "Render a mission briefing (or --checkpoint, --review) within a token budget.",
    ),
    "check": (
        "gitsplit.cli.check_cmd",
        "check",
        "Guard and review",
        "Validate the ledger: schema, references, cycles, duplicates, checkpoints.",
    ),
    "review": (
        "gitsplit.cli.review_cmd",
        "review_cmd",
        "Guard and review",
        "Judge a WO branch against its work order (exit 1 on violations, for CI).",
    ),
    "pr": (
        "gitsplit.cli.review_cmd",
        "pr_cmd",
        "Guard and review",
        "Open a pull request with the review as its body (via gh).",
    ),
    "accept": ("gitsplit.cli.accept_cmd", "accept_cmd", "Guard and review", "Gate, merge, done."),
    "reject": ("gitsplit.cli.accept_cmd", "reject_cmd", "Guard and review", "Send a run back."),
    "renumber": (
        "gitsplit.cli.renumber_cmd",
        "renumber",
        "Author the ledger",
        "Move a record to a free id and rewrite every reference to it.",
    ),
    "recover": ("gitsplit.cli.recover_cmd", "recover", "Guard and review", "Mend killed commands."),
    "cost": ("gitsplit.cli.cost_cmd", "cost", "Cost and routing", "Price plans, ledger and runs."),
    "route": ("gitsplit.cli.route_cmd", "route", "Cost and routing", "Where a WO goes, and why."),
    "mcp": (
        "gitsplit.cli.mcp_cmd",
        "mcp",
        "Brief and run",
        "Serve the ledger and the return protocol to agents over MCP (stdio).",
    ),
    "hooks": (
        "gitsplit.cli.hooks_cmd",
        "hooks",
        "Guard and review",
        "Git hooks that hold each run to its work order: install, uninstall, status.",
    ),
}
SECTIONS = (
    "Set up",
    "Author the ledger",
    "See the work",
    "Brief and run",
    "Guard and review",
    "Cost and routing",
)


class GitsplitGroup(LazyGroup):
    """gitsplit's commands: the table above, listed by its sections."""

    table: ClassVar[dict[str, tuple[str, str, str, str]]] = COMMANDS
    sections: ClassVar[tuple[str, ...]] = SECTIONS


@click.group(
    cls=GitsplitGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="gitsplit")
def cli() -> None:
    """The architect–execute split inside git.

    An architect writes work orders, decisions, invariants and checkpoints into
    .workledger/; each work order is executed by a fresh, bounded run on its own
    branch, started from a generated briefing, and reviewed against its work order
    before it is merged. Start with `gitsplit init`, then `gitsplit wo new TITLE`.
    """
