"""The Markdown body and frontmatter an imported item gets in gitsplit."""

from __future__ import annotations

import hashlib
from typing import Any

from gitsplit.exchange.items import SourceItem

TOOL_NAMES = {
    "backlog": "Backlog.md",
    "beads": "Beads",
    "github": "GitHub issue",
    "spec-kit": "spec-kit task",
}


def body_of(item: SourceItem) -> str:
    """A work order's or decision's body: the source's text under gitsplit's headings."""
    origin = f"Imported from {TOOL_NAMES.get(item.tool, item.tool)} {item.source_id}"
    labels = f" (labels: {', '.join(item.labels)})" if item.labels else ""
    if item.kind == "decision":
        parts = [item.description or "", f"{origin}."]
        return "\n\n".join(part for part in parts if part).strip() + "\n"
    acceptance = "\n".join(f"- [ ] {line}" for line in item.acceptance)
    notes = "\n\n".join([f"{origin}{labels}.", *item.notes])
    return (
        f"## Problem\n\n{item.description}\n\n"
        f"## Acceptance\n\n{acceptance}\n\n"
        f"## Notes\n\n{notes}\n"
    ).replace("\n\n\n\n", "\n\n")


def body_digest(body: str) -> str:
    """sha256 of a body as written, to tell later whether someone edited it here."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def imported_from(item: SourceItem, body: str) -> dict[str, Any]:
    """The ``imported_from`` field: where the record came from, and digests to notice change."""
    return {
        "source": item.tool,
        "id": item.source_id,
        "sha256": item.digest(),
        "body_sha256": body_digest(body),
    }
