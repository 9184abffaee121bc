"""Read the JSON of ``gh issue list --json number,title,body,labels,state,milestone``.

gitsplit never calls the network: the user runs ``gh`` and gives the file (or stdin).
A ``Depends on #12`` or ``Blocked by #12`` line in a body becomes a dependency.
"""

from __future__ import annotations

import json
import re
from typing import Any

from gitsplit.errors import GitsplitError
from gitsplit.exchange.items import Source, SourceItem, clean_text, clean_title, too_many

TOOL = "github"
STATES = {"OPEN": "ready", "CLOSED": "done"}
_PRIORITY_LABEL = re.compile(
    r"^(?:priority[\s:/_-]*)?(p[0-3]|critical|urgent|high|medium|normal|low)$", re.I
)
PRIORITY_WORDS = {
    "critical": "P0",
    "urgent": "P0",
    "high": "P1",
    "medium": "P2",
    "normal": "P2",
    "low": "P3",
}
_DEPENDS = re.compile(
    r"(?im)^\s*(?:[-*]\s*)?(?:depends on|blocked by)[:\s]+((?:#\d+[\s,]*(?:and\s+)?)+)"
)


def read(text: str, origin: str) -> Source:
    """Every issue of a ``gh issue list --json`` answer."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GitsplitError(
            f"{origin}:{exc.lineno}: not JSON: {exc.msg}",
            hint="make it with: gh issue list --state all --limit 1000 "
            "--json number,title,body,labels,state,milestone > issues.json",
        ) from None
    if not isinstance(data, list):
        raise GitsplitError(f"{origin}: expected the JSON list `gh issue list --json` prints")
    too_many(len(data), origin)
    source = Source(TOOL, origin)
    for index, issue in enumerate(data):
        if not isinstance(issue, dict) or not isinstance(issue.get("number"), int):
            raise GitsplitError(f"{origin}: item {index} is not an issue with a number")
        source.items.append(_issue(issue))
    return source


def _issue(issue: dict[str, Any]) -> SourceItem:
    """One issue as a work order item."""
    number = issue["number"]
    state = str(issue.get("state") or "OPEN").upper()
    item = SourceItem(
        TOOL,
        f"#{number}",
        "workorder",
        clean_title(issue.get("title"), f"Issue {number}"),
        status=STATES.get(state, "draft"),
    )
    if state not in STATES:
        item.unmapped.append(f"state {state!r} is not OPEN or CLOSED; imported as draft")
    if state == "CLOSED" and str(issue.get("stateReason") or "").upper() == "NOT_PLANNED":
        item.status = "cancelled"
    body = clean_text(issue.get("body"))
    item.description = body
    item.depends_on = [
        f"#{n}" for match in _DEPENDS.finditer(body) for n in re.findall(r"#(\d+)", match.group(1))
    ]
    for label in issue.get("labels") or []:
        name = clean_title(label.get("name") if isinstance(label, dict) else label, "")
        found = _PRIORITY_LABEL.match(name)
        if found:
            word = found.group(1).lower()
            item.priority = word.upper() if word.startswith("p") else PRIORITY_WORDS[word]
        elif name:
            item.labels.append(name)
    milestone = issue.get("milestone")
    if isinstance(milestone, dict) and milestone.get("title"):
        item.notes.append(f"### Milestone\n\n{clean_title(milestone['title'], '')}")
    return item
