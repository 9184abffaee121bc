"""The dependency graph as Mermaid (renders on GitHub as is) or Graphviz dot text."""

from __future__ import annotations

from collections.abc import Collection

from gitsplit.errors import UnknownIdError
from gitsplit.ledger import ids
from gitsplit.work.graph import Graph, Node

FORMATS = ("mermaid", "dot")
MISSING = "missing"
LIVE = "live"
# status: (fill, stroke, text colour)
COLOURS = {
    "draft": ("#f3f4f6", "#9ca3af", "#374151"),
    "ready": ("#dbeafe", "#2563eb", "#1e3a8a"),
    "in_progress": ("#fef3c7", "#d97706", "#78350f"),
    "review": ("#ede9fe", "#7c3aed", "#4c1d95"),
    "done": ("#dcfce7", "#16a34a", "#14532d"),
    "blocked": ("#fee2e2", "#dc2626", "#7f1d1d"),
    "cancelled": ("#f3f4f6", "#9ca3af", "#6b7280"),
    MISSING: ("#ffffff", "#dc2626", "#7f1d1d"),
}
_MERMAID_ESCAPES = {c: f"#{ord(c)};" for c in '"#&<>[](){}|`\\%'}


def select(graph: Graph, *, root: str | None = None, statuses: Collection[str] = ()) -> list[str]:
    """The ids to draw: all, or ``root`` with what it depends on and what depends on it."""
    keep = set(graph.nodes)
    if root is not None:
        root_id = ids.normalize_id(root, ids.WORKORDER)
        if root_id not in graph.nodes:
            raise UnknownIdError(
                f"no work order {root_id} in the ledger",
                hint="`gitsplit queue` lists the work orders there are",
            )
        keep = {root_id} | graph.reach(root_id, upward=True) | graph.reach(root_id, upward=False)
    if statuses:
        keep = {k for k in keep if graph.nodes[k].status in statuses}
    return sorted(keep, key=ids.sort_key)


def edges(graph: Graph, keep: list[str]) -> list[tuple[str, str]]:
    """(dependency, dependent) pairs among the kept ids, plus unknown dependencies."""
    kept = set(keep)
    pairs = []
    for wo_id in keep:
        for dep in dict.fromkeys(graph.nodes[wo_id].order.depends_on):
            if dep in kept or dep in graph.unknown.get(wo_id, ()):
                pairs.append((dep, wo_id))
    return pairs


def mermaid(graph: Graph, keep: list[str]) -> str:
    """A Mermaid flowchart: quoted, escaped labels, one classDef per status shown."""
    lines = [
        "flowchart LR",
        "  %% an arrow points from a dependency to the work order that waits on it",
    ]
    missing = _missing(graph, keep)
    for wo_id in keep:
        lines.append(f'  {_mermaid_id(wo_id)}["{_mermaid_text(_label(graph.nodes[wo_id]))}"]')
    for dep in missing:
        lines.append(f'  {_mermaid_id(dep)}["{_mermaid_text(dep + " · not in the ledger")}"]')
    lines += [f"  {_mermaid_id(a)} --> {_mermaid_id(b)}" for a, b in edges(graph, keep)]
    classes = _classes(graph, keep, missing)
    for name, members in classes.items():
        if name == LIVE:
            lines.append(f"  classDef {LIVE} stroke-dasharray:5 3,stroke-width:2px")
        else:
            fill, stroke, colour = COLOURS[name]
            lines.append(f"  classDef {name} fill:{fill},stroke:{stroke},color:{colour}")
        lines.append(f"  class {','.join(_mermaid_id(m) for m in members)} {name}")
    return "\n".join(lines) + "\n"


def dot(graph: Graph, keep: list[str]) -> str:
    """A Graphviz digraph with filled, status-coloured boxes."""
    lines = [
        "digraph workorders {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
    ]
    for wo_id in keep:
        node = graph.nodes[wo_id]
        fill, stroke, colour = COLOURS.get(node.status, COLOURS["draft"])
        style = ', style="rounded,filled,dashed"' if node.overlaid else ""
        lines.append(
            f'  "{_dot_text(wo_id)}" [label="{_dot_text(_label(node))}", '
            f'fillcolor="{fill}", color="{stroke}", fontcolor="{colour}"{style}];'
        )
    for dep in _missing(graph, keep):
        fill, stroke, colour = COLOURS[MISSING]
        lines.append(
            f'  "{_dot_text(dep)}" [label="{_dot_text(dep)}\\nnot in the ledger", '
            f'fillcolor="{fill}", color="{stroke}", fontcolor="{colour}", '
            'style="rounded,dashed"];'
        )
    lines += [f'  "{_dot_text(a)}" -> "{_dot_text(b)}";' for a, b in edges(graph, keep)]
    return "\n".join([*lines, "}"]) + "\n"


def _label(node: Node) -> str:
    """``WO-3 · Title``, then ``status · class``, then the live branch if the status is live."""
    text = f"{node.id} · {node.order.title}\n{node.status} · {node.order.klass}"
    if node.overlaid and node.live is not None:
        text += f"\nlive: {node.live.primary.branch}"
    return text


def _missing(graph: Graph, keep: list[str]) -> list[str]:
    """Unknown ids the kept work orders depend on."""
    return sorted({d for k in keep for d in graph.unknown.get(k, ())}, key=ids.sort_key)


def _classes(graph: Graph, keep: list[str], missing: list[str]) -> dict[str, list[str]]:
    """{class name: node ids}, statuses in their usual order, then missing and live."""
    classes: dict[str, list[str]] = {}
    for status in COLOURS:
        members = (
            missing if status == MISSING else [k for k in keep if graph.nodes[k].status == status]
        )
        if members:
            classes[status] = members
    live = [k for k in keep if graph.nodes[k].overlaid]
    if live:
        classes[LIVE] = live
    return classes


def _mermaid_id(wo_id: str) -> str:
    """A node id Mermaid accepts everywhere: ``WO_3``; anything unusual gets a prefix."""
    safe = "".join(c if c.isascii() and c.isalnum() else "_" for c in wo_id)
    return safe if ids.split_id(wo_id) else f"x_{safe}"


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label (entity codes; line breaks as <br/>)."""
    escaped = "".join(_MERMAID_ESCAPES.get(c, c) for c in text)
    return "<br/>".join(escaped.splitlines())


def _dot_text(text: str) -> str:
    """Text safe inside a double-quoted dot string."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
