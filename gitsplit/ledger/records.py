"""Typed records, one dataclass per kind, each a view over its Document."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from gitsplit.ledger import guidance, ids
from gitsplit.ledger.fileformat import Document

_HEADING = re.compile(r"^#{1,3}\s+(.+?)\s*#*\s*$")


@dataclass
class Record:
    """A ledger record: frontmatter fields plus a Markdown body."""

    doc: Document
    KIND: ClassVar[str] = ""

    @property
    def fields(self) -> dict[str, Any]:
        """The frontmatter fields as read."""
        return self.doc.fields

    @property
    def id(self) -> str:
        """The record's id (from its frontmatter)."""
        value = self.doc.fields.get("id")
        return value if type(value) is str else _text(value)

    @property
    def path(self) -> str:
        """Repository-relative path of the file."""
        return self.doc.path

    @property
    def body(self) -> str:
        """The Markdown body."""
        return self.doc.body

    @property
    def title(self) -> str:
        """The title (or summary, for checkpoints)."""
        value = self.doc.fields.get("title")
        return value if type(value) is str else _text(value)

    @property
    def status(self) -> str:
        """The status field."""
        value = self.doc.fields.get("status")
        return value if type(value) is str else _text(value)

    def texts(self, name: str) -> list[str]:
        """A list-of-text field, tolerant of a lone string or a missing field."""
        return _texts(self.doc.fields.get(name))

    def text(self, name: str) -> str:
        """A text field, empty when missing."""
        value = self.doc.fields.get(name)
        return value if type(value) is str else _text(value)

    def changed(
        self,
        updates: Mapping[str, Any] | None = None,
        *,
        remove: Iterable[str] = (),
        body: str | None = None,
    ) -> Self:
        """A copy with fields set or removed (only their lines change on disk)."""
        return type(self)(self.doc.changed(updates or {}, remove=remove, body=body))

    def sections(self) -> dict[str, str]:
        """The body split by Markdown headings: {heading: text}, the guidance stripped."""
        return body_sections(guidance.strip(self.body))

    def as_json(self) -> dict[str, Any]:
        """The record as plain data: fields, body and path."""
        return {**self.fields, "body": self.body, "path": self.path}


@dataclass
class WorkOrder(Record):
    """One bounded unit of work."""

    KIND: ClassVar[str] = "workorder"

    @property
    def klass(self) -> str:
        """The class, C1–C4."""
        return self.text("class")

    @property
    def priority(self) -> str:
        """The priority, P0–P3 (P2 when unset)."""
        return self.text("priority") or "P2"

    @property
    def depends_on(self) -> list[str]:
        """Ids of the work orders this one waits for."""
        return self.texts("depends_on")

    @property
    def scope(self) -> list[str]:
        """Path globs this work order may change."""
        return self.texts("scope")

    @property
    def files(self) -> list[str]:
        """Likely files, to show in the briefing."""
        return self.texts("files")

    @property
    def decisions(self) -> list[str]:
        """Decision ids the briefing must carry."""
        return self.texts("decisions")

    @property
    def invariants(self) -> list[str]:
        """Invariant ids named explicitly."""
        return self.texts("invariants")

    @property
    def checks(self) -> list[str]:
        """Shell commands that prove acceptance."""
        return self.texts("checks")

    @property
    def created(self) -> str:
        """Creation time (ISO 8601)."""
        return self.text("created")


@dataclass(frozen=True)
class Rejected:
    """An option a decision rejected, and why."""

    option: str
    reason: str


@dataclass
class Decision(Record):
    """A decision with the options it rejected."""

    KIND: ClassVar[str] = "decision"

    @property
    def supersedes(self) -> list[str]:
        """Decisions this one replaces."""
        return self.texts("supersedes")

    @property
    def superseded_by(self) -> list[str]:
        """Decisions that replace this one."""
        return self.texts("superseded_by")

    @property
    def applies_to(self) -> list[str]:
        """Path globs this decision governs."""
        return self.texts("applies_to")

    @property
    def rejected(self) -> list[Rejected]:
        """The rejected options (well-formed entries only)."""
        value = self.fields.get("rejected")
        items = value if isinstance(value, list) else []
        return [
            Rejected(_text(i.get("option")), _text(i.get("reason")))
            for i in items
            if isinstance(i, Mapping)
        ]


@dataclass
class Invariant(Record):
    """A rule every run must keep."""

    KIND: ClassVar[str] = "invariant"

    @property
    def applies_to(self) -> list[str]:
        """Path globs the rule is about (empty: everywhere)."""
        return self.texts("applies_to")


@dataclass
class Checkpoint(Record):
    """An immutable snapshot of the architect's reasoning."""

    KIND: ClassVar[str] = "checkpoint"

    @property
    def title(self) -> str:
        """Checkpoints have a summary where others have a title."""
        return self.text("summary")

    @property
    def commit(self) -> str:
        """The commit the checkpoint was taken at."""
        return self.text("commit")

    @property
    def parent(self) -> str:
        """The checkpoint this one continues, if any."""
        return self.text("parent")


@dataclass
class Run(Record):
    """One execution attempt of one work order: its provenance."""

    KIND: ClassVar[str] = "run"

    @property
    def id(self) -> str:
        """The run id."""
        return self.text("run")

    @property
    def wo(self) -> str:
        """The work order this run executes."""
        return self.text("wo")

    @property
    def outcome(self) -> str:
        """succeeded, failed, abandoned, or empty while running."""
        return self.text("outcome")


RECORD_TYPES: dict[str, type[Record]] = {
    cls.KIND: cls for cls in (WorkOrder, Decision, Invariant, Checkpoint, Run)
}


def record_type(kind: ids.Kind) -> type[Record]:
    """The record class of a kind."""
    return RECORD_TYPES[kind.name]


def body_sections(body: str) -> dict[str, str]:
    """Split Markdown into {heading: text}; text before any heading is under ''."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    in_fence = False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            current = match.group(1)
            sections.setdefault(current, [])
            continue
        sections[current].append(line)
    return {
        name: "\n".join(lines).strip()
        for name, lines in sections.items()
        if name or "\n".join(lines).strip()
    }


def _text(value: Any) -> str:
    """A field value as text ('' for missing)."""
    return "" if value is None else str(value)


def _texts(value: Any) -> list[str]:
    """A field value as a list of text."""
    if value is None:
        return []
    if type(value) is list:
        if not value:
            return []
        return [item if type(item) is str else str(item) for item in value if item is not None]
    if isinstance(value, list):
        return [str(item) for item in value if item is not None]
    return [str(value)]
