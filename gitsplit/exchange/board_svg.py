"""The dependency graph of open work as inline SVG: layers by depth, no script, no network."""

from __future__ import annotations

from html import escape

NODE_W, NODE_H, GAP_X, GAP_Y = 92, 26, 48, 10
MAX_NODES = 400  # beyond this the page says so instead of drawing an unreadable hairball


def svg(nodes: list[str], edges: list[tuple[str, str]]) -> str:
    """An ``<svg>`` of ``nodes`` in columns by dependency depth, with an arrow per edge."""
    if not nodes:
        return '<p class="empty">No open work.</p>'
    if len(nodes) > MAX_NODES:
        return (
            f'<p class="empty">{len(nodes)} open work orders: too many to draw; '
            "`gitsplit graph` gives the whole graph as Mermaid or dot.</p>"
        )
    depth = _depths(nodes, edges)
    layers: dict[int, list[str]] = {}
    for node in nodes:
        layers.setdefault(depth[node], []).append(node)
    where: dict[str, tuple[int, int]] = {}
    for layer, members in layers.items():
        for row, node in enumerate(members):
            where[node] = (layer * (NODE_W + GAP_X) + 4, row * (NODE_H + GAP_Y) + 4)
    width = (max(layers) + 1) * (NODE_W + GAP_X)
    height = max(len(members) for members in layers.values()) * (NODE_H + GAP_Y) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        'aria-label="dependency graph">',
        '<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="7" refY="4" '
        'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#8a8f98"/></marker></defs>',
    ]
    for dep, dependent in edges:
        (x1, y1), (x2, y2) = where[dep], where[dependent]
        parts.append(
            f'<line x1="{x1 + NODE_W}" y1="{y1 + NODE_H // 2}" x2="{x2}" '
            f'y2="{y2 + NODE_H // 2}" stroke="#8a8f98" marker-end="url(#arrow)"/>'
        )
    for node, (x, y) in where.items():
        parts.append(
            f'<g class="node"><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="5"/>'
            f'<text x="{x + NODE_W // 2}" y="{y + 17}" text-anchor="middle">'
            f"{escape(node)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _depths(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest chain of dependencies below each node (cycles are cut where met)."""
    deps: dict[str, list[str]] = {node: [] for node in nodes}
    for dep, dependent in edges:
        deps[dependent].append(dep)
    depth: dict[str, int] = {}

    def visit(node: str, trail: frozenset[str]) -> int:
        if node in depth:
            return depth[node]
        below = [visit(dep, trail | {node}) + 1 for dep in deps[node] if dep not in trail]
        depth[node] = max(below, default=0)
        return depth[node]

    for node in nodes:
        visit(node, frozenset())
    return depth
