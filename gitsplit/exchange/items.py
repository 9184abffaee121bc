"""What an importer reads from another tool, in gitsplit's terms, before anything is written."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from gitsplit.errors import GitsplitError

MAX_SOURCE_BYTES = 20 * 1024 * 1024  # a whole export file (gh JSON, Beads JSONL, tasks.md)
MAX_ITEM_BYTES = 1024 * 1024  # one task file of a folder source
MAX_ITEMS = 20_000  # items one import may carry
MAX_TITLE_CHARS = 200


@dataclass
class SourceItem:
    """One task, issue or decision of the source tool, mapped onto gitsplit's fields."""

    tool: str  # backlog, beads, github, spec-kit
    source_id: str  # the id in the source tool (task-12, bd-a1b2, #42, T003)
    kind: str  # workorder or decision
    title: str
    status: str  # a gitsplit status
    priority: str = "P2"
    depends_on: list[str] = field(default_factory=list)  # source ids
    description: str = ""
    acceptance: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # paths the item names
    notes: list[str] = field(default_factory=list)  # extra sections kept in the body
    labels: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)  # what could not be carried over

    @property
    def key(self) -> str:
        """The value kept in ``imported_from.id``-style matching: tool and source id."""
        return f"{self.tool}:{self.source_id}"

    def digest(self) -> str:
        """A sha256 over everything the import maps, to tell a changed source item."""
        payload = json.dumps(
            [
                self.kind,
                self.title,
                self.status,
                self.priority,
                self.depends_on,
                self.description,
                self.acceptance,
                self.files,
                self.notes,
                self.labels,
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class Source:
    """Everything one import read: the items, and what it could not read at all."""

    tool: str
    origin: str  # the path (or "-") it came from, for messages
    items: list[SourceItem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # whole items left out, with why


def read_text(path: Path, what: str, limit: int = MAX_SOURCE_BYTES) -> str:
    """A source file's text, refusing huge, unreadable and non-UTF-8 files."""
    try:
        if path.is_symlink():
            raise GitsplitError(f"{path}: is a symbolic link; give the file itself")
        size = path.stat().st_size
        if size > limit:
            raise GitsplitError(
                f"{path}: {what} is {size // 1024} KiB, more than the {limit // 1024} KiB "
                "an import reads"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise GitsplitError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    return decode(data, str(path), what)


def decode(data: bytes, origin: str, what: str) -> str:
    """UTF-8 text (a BOM is dropped), or one clear error."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GitsplitError(
            f"{origin}: {what} is not UTF-8 text (byte {exc.start})",
            hint="export it again as UTF-8",
        ) from None


def clean_title(raw: object, fallback: str) -> str:
    """A title on one line without control characters, at most MAX_TITLE_CHARS long."""
    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = " ".join(text.split())
    if len(text) > MAX_TITLE_CHARS:
        text = text[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return text or fallback


def clean_text(raw: object) -> str:
    """Body text with control characters (other than newline and tab) removed."""
    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()


def too_many(count: int, origin: str) -> None:
    """Refuse a source with more items than one import carries."""
    if count > MAX_ITEMS:
        raise GitsplitError(
            f"{origin}: {count} items; one import carries at most {MAX_ITEMS}",
            hint="split the source and import it in parts",
        )
