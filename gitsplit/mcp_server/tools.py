"""The MCP tool set: eight compact tools over the CLI, rooted in the server's working directory."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import Field

from gitsplit import __version__
from gitsplit.mcp_server.calls import Answer, CallError, run_gitsplit
from gitsplit.runs import run_records

READ = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True)
WRITE = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=False)
INSTRUCTIONS = (
    "gitsplit: work orders in .workledger/. On a run's branch: gitsplit_brief (your mission), "
    "work, commit, then gitsplit_note and gitsplit_finish."
)
Bucket = Literal["now", "next", "later", "blocked", "in_flight"]
Id = Annotated[str, Field(description="WO-n, D-n, I-n or CP-n")]


def _call(args: list[str], stdin: str | None = None) -> Any:
    """Run a command with --json and return its data; a refusal becomes a tool error."""
    return _answer([*args, "--json"], stdin).data()


def _answer(args: list[str], stdin: str | None = None) -> Answer:
    """Run a command; a refusal becomes a tool error carrying the CLI's message and hint."""
    try:
        return run_gitsplit(args, stdin=stdin)
    except CallError as exc:
        raise ToolError(exc.message + (f"\n{exc.hint}" if exc.hint else "")) from None


def queue(bucket: Bucket | None = None, wo_class: str | None = None) -> dict[str, Any]:
    """Work orders by bucket (now, next, later, blocked, in_flight), best first."""
    data = _call(["queue", *(["--class", wo_class] if wo_class else [])])
    keep = ("id", "title", "status", "class", "priority", "reason")
    return {
        name: [{k: item[k] for k in keep} for item in items]
        for name, items in data["buckets"].items()
        if bucket in (None, name)
    }


def show(id: Id) -> dict[str, Any]:
    """One record (work order, decision, invariant or checkpoint): its fields and body."""
    kind = id.split("-", 1)[0].upper()
    args = {
        "WO": ["wo", "show", id],
        "D": ["decision", "show", id],
        "I": ["invariant", "show", id],
        "CP": ["checkpoint", "--show", id],
    }.get(kind)
    if args is None:
        raise ToolError(f"{id!r} is not a record id (WO-n, D-n, I-n or CP-n)")
    data: dict[str, Any] = _call(args)
    return {k: v for k, v in data.items() if v not in ([], None, "")}


def brief(wo_id: str | None = None, budget: int | None = None) -> dict[str, Any]:
    """A work order's briefing; with no id on a run's branch, the briefing that run was given."""
    if wo_id is None:
        return _run_briefing()
    data = _call(["brief", wo_id, *(["--budget", str(budget)] if budget else [])])
    return {"wo": wo_id, "sha256": data.get("sha256"), "text": data.get("text", data)}


def _run_briefing() -> dict[str, Any]:
    """The committed briefing of the run in hand, verified against its run record's sha256."""
    where = _call(["status"])
    run = where.get("run")
    if not run:
        raise ToolError(
            "no run in hand here: name a work order (wo_id), or call this on a run's "
            "branch (gitsplit start WO-n opens one)"
        )
    wo_id = where["work_order"]["id"]
    briefing = Path(where["repo"]) / run_records.briefing_path(wo_id, run["run"])
    records = _call(["runs", wo_id])
    recorded = next((r.get("briefing_sha256") for r in records if r.get("run") == run["run"]), None)
    try:
        text = briefing.read_text(encoding="utf-8")
    except OSError:
        raise ToolError(f"the run's briefing {briefing} is missing") from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if recorded and digest != recorded:
        raise ToolError(
            f"{briefing.name} differs from the briefing run {run['run']} was given "
            f"(sha256 {digest[:12]}, recorded {str(recorded)[:12]})"
        )
    return {"wo": wo_id, "run": run["run"], "sha256": digest, "text": text}


def search(
    query: str,
    kind: Literal["wo", "decision", "invariant", "checkpoint"] | None = None,
    limit: int = 10,
) -> list[dict[str, Any]]:
    """Ranked full-text search over the ledger's records."""
    words = query.split() or [query]
    hits: list[dict[str, Any]] = _call(
        ["search", *words, "--limit", str(limit), *(["--kind", kind] if kind else [])]
    )
    return hits


def status() -> dict[str, Any]:
    """Where am I: repository, branch, the work order and run in hand, the authority, counts."""
    data: dict[str, Any] = _call(["status"])
    data.pop("ledger_changes", None)
    return data


def note(text: str) -> dict[str, Any]:
    """On a run's branch: append TEXT to the run's result note (what you did and found)."""
    answer = _answer(["note", "-"], stdin=text)
    return {"noted": True, "message": answer.stderr or answer.stdout.strip()}


def finish(
    outcome: Literal["succeeded", "failed", "abandoned", "timed-out"] | None = None,
    no_checks: bool = False,
) -> dict[str, Any]:
    """On a run's branch: run the checks, record the result, commit and end clean."""
    args = [
        "finish",
        *(["--outcome", outcome] if outcome else []),
        *(["--no-checks"] if no_checks else []),
    ]
    data: dict[str, Any] = _call(args)
    return data


def new_work_order(
    title: str,
    wo_class: Literal["C1", "C2", "C3", "C4"],
    scope: list[str],
    body: str,
    depends_on: list[str] | None = None,
    checks: list[str] | None = None,
    status: str = "ready",
) -> dict[str, Any]:
    """Architects, on the authority branch only: write a new work order (left uncommitted)."""
    where = _call(["status"])
    authority = where["authority"]["branch"]
    if where.get("work_order") is not None or where.get("branch") != authority:
        raise ToolError(
            f"work orders are authored on {authority}, not on "
            f"{where.get('branch') or 'a detached HEAD'}: a run's branch may change "
            "only its own scope and run record"
        )
    args = ["wo", "new", title, "--class", wo_class, "--status", status, "--body-file", "-"]
    for glob in scope:
        args += ["--scope", glob]
    for dep in depends_on or []:
        args += ["--depends-on", dep]
    for check in checks or []:
        args += ["--check", check]
    data: dict[str, Any] = _call(args, stdin=body)
    return {k: data[k] for k in ("id", "title", "status", "class", "scope", "path") if k in data}


def build_server() -> MCPServer:
    """The server with its eight tools and the run's briefing as a resource."""
    server: MCPServer = MCPServer("gitsplit", version=__version__, instructions=INSTRUCTIONS)
    for fn, hints in (
        (queue, READ),
        (show, READ),
        (brief, READ),
        (search, READ),
        (status, READ),
        (note, WRITE),
        (finish, WRITE),
        (new_work_order, WRITE),
    ):
        server.add_tool(
            fn,
            name=f"gitsplit_{fn.__name__}",
            annotations=hints,
            description=(fn.__doc__ or "").strip(),
            structured_output=True,
        )

    @server.resource(
        "gitsplit://run/briefing",
        name="run-briefing",
        mime_type="text/markdown",
        description="The briefing of the run on this branch.",
    )
    def run_briefing() -> str:
        """The committed briefing of the run in hand."""
        return str(_run_briefing()["text"])

    return server
