"""The ledger file format: Markdown with a YAML frontmatter, edited without disturbing its bytes.

A document keeps the exact text it was read from. Changing a field rewrites only the
lines of that field's entry; comments, spacing, field order and fields gitsplit does not
know stay as they were, so reading and writing an unchanged file gives back the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gitsplit.errors import RecordError, ValidationError
from gitsplit.ledger import flat_yaml
from gitsplit.ledger.record_lines import conflict_line_of, split_lines

MAX_RECORD_BYTES = 1024 * 1024
_FENCE = re.compile(r"^---[ \t]*\r?\n?$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*\r?\n?$")


@dataclass
class Document:
    """One ledger file: its frontmatter fields, its body, and the text it came from."""

    path: str
    fields: dict[str, Any]
    body: str
    head: str = "---\n"
    frontmatter: list[str] = field(default_factory=list)
    close: str = "---\n"
    # True when the fields were read without PyYAML (flat_yaml): text and lists of text
    # only, keys and short texts interned, which the record index stores as they are
    simple: bool = field(default=False, repr=False, compare=False)

    @classmethod
    def parse(cls, data: bytes | str, *, path: str) -> Document:
        """Parse a file's bytes; raises RecordError naming the file and line."""
        text = decode(data, path)
        lines = split_lines(text)
        _refuse_conflict_markers(text, lines, path)
        if not lines or not _FENCE.match(lines[0]):
            raise RecordError(
                "no YAML frontmatter: a record starts with a line '---'",
                path=path,
                line=1,
                hint="see `gitsplit wo new --help` for the layout of a record",
            )
        end = next(
            (i for i in range(1, len(lines)) if lines[i][:1] in "-." and _CLOSE.match(lines[i])),
            None,
        )
        if end is None:
            raise RecordError(
                "the frontmatter is never closed with a line '---'", path=path, line=1
            )
        fm_lines = lines[1:end]
        fm_text = "".join(fm_lines)
        fields = flat_yaml.load(fm_text)  # the usual shape, without PyYAML's constructor
        simple = fields is not None
        return cls(
            path=path,
            fields=fields if fields is not None else _load_mapping(fm_text, path),
            body="".join(lines[end + 1 :]),
            head=lines[0],
            frontmatter=fm_lines,
            close=lines[end],
            simple=simple,
        )

    @classmethod
    def new(cls, fields: Mapping[str, Any], body: str, *, path: str) -> Document:
        """A fresh document with fields in the given order, then its schema modeline."""
        lines = _dump(fields, "\n")
        modeline = schema_modeline(path)
        return cls(
            path=path,
            fields=dict(fields),
            body=body,
            frontmatter=[*lines, modeline + "\n"] if modeline else lines,
        )

    @property
    def newline(self) -> str:
        """The file's line ending, as its first line has it."""
        return "\r\n" if self.head.endswith("\r\n") else "\n"

    @property
    def text(self) -> str:
        """The full text of the document as it stands."""
        close = self.close
        if self.body and not close.endswith("\n"):
            close += self.newline
        return self.head + "".join(self.frontmatter) + close + self.body

    def render(self) -> str:
        """The full text to write, refused if reading it back would fail on a conflict marker.

        A body line such as ``<<<<<<<`` (an agent's note, an imported task) would make the
        file read as an unresolved merge; the writer says so before anything is written.
        """
        text = self.text
        line = conflict_line_of(text)
        if line is not None:
            raise ValidationError(
                f"{self.path}:{line}: this line would read as a git conflict marker, "
                "so the record could not be read back; nothing was written",
                hint="indent the line by a space (Markdown shows it the same) or reword it",
            )
        return text

    def line_of(self, key: str) -> int | None:
        """The 1-based line of the file where a top-level field starts, if present."""
        pattern = re.compile(rf"^[\"']?{re.escape(key)}[\"']?\s*:")
        for index, line in enumerate(self.frontmatter):
            if pattern.match(line):
                return index + 2
        return None

    @property
    def body_line(self) -> int:
        """The 1-based line where the body starts."""
        return len(self.frontmatter) + 3

    def changed(
        self, updates: Mapping[str, Any], *, remove: Iterable[str] = (), body: str | None = None
    ) -> Document:
        """A copy with some fields set or removed, touching only those fields' lines."""
        wanted = dict(self.fields)
        removals = [key for key in remove if key in wanted]
        for key in removals:
            del wanted[key]
        real_updates = {
            k: v
            for k, v in updates.items()
            if k not in self.fields or self.fields[k] != v or type(self.fields[k]) is not type(v)
        }
        wanted.update(updates)
        new_body = self.body if body is None else body
        if not real_updates and not removals:
            return Document(
                self.path, wanted, new_body, self.head, list(self.frontmatter), self.close
            )
        fm = _patch(self.frontmatter, real_updates, removals, self.newline)
        if fm is None or _safe_load(fm) != wanted:
            fm = _dump(wanted, self.newline)
        return Document(self.path, wanted, new_body, self.head, fm, self.close)


_KIND_OF_FOLDER = {
    "workorders": "workorder",
    "decisions": "decision",
    "invariants": "invariant",
    "checkpoints": "checkpoint",
    "runs": "run",
}


def schema_modeline(path: str) -> str:
    """``# yaml-language-server: $schema=../schema/workorder.schema.json`` for a record path
    under ``.workledger/`` (editors validate the frontmatter with it); "" for other paths."""
    parts = path.replace("\\", "/").split("/")
    if len(parts) < 3 or parts[0] != ".workledger" or parts[1] not in _KIND_OF_FOLDER:
        return ""
    up = "../" * (len(parts) - 2)
    return f"# yaml-language-server: $schema={up}schema/{_KIND_OF_FOLDER[parts[1]]}.schema.json"


def _dump(fields: Mapping[str, Any], newline: str) -> list[str]:
    """Frontmatter lines for fields, in order, with the given line ending."""
    return [line for key, value in fields.items() for line in _entry(key, value, newline)]


def _entry(key: str, value: Any, newline: str) -> list[str]:
    """The lines of one ``key: value`` entry, with the given line ending."""
    from gitsplit.ledger import flat_yaml_write  # only a command that writes loads it

    text = flat_yaml_write.entry(key, value)  # the usual entry, as PyYAML would write it
    if text is None:
        from gitsplit.ledger import yamlio  # PyYAML: only for an entry of another shape

        text = yamlio.dump_entry(key, value)
    return split_lines(text.replace("\n", newline))


def decode(data: bytes | str, path: str) -> str:
    """A record's bytes as text; RecordError for a binary, oversized or non-UTF-8 file."""
    if isinstance(data, str):
        return data
    if len(data) > MAX_RECORD_BYTES:
        raise RecordError(
            f"file is {len(data) // 1024} KiB; a ledger record may be at most "
            f"{MAX_RECORD_BYTES // 1024} KiB",
            path=path,
            hint="move large content out of .workledger/ and link to it from the record",
        )
    if b"\0" in data[:8192]:
        raise RecordError(
            "binary file in the ledger (it contains NUL bytes)",
            path=path,
            hint="only Markdown records belong in .workledger/",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RecordError("not valid UTF-8 text", path=path, line=line) from None


def _refuse_conflict_markers(text: str, lines: list[str], path: str) -> None:
    """Raise if the file still holds git conflict markers."""
    line = conflict_line_of(text, lines)
    if line is not None:
        raise RecordError(
            "unresolved merge conflict markers",
            path=path,
            line=line,
            hint="resolve the conflict; if both sides added the same id, "
            "`gitsplit renumber ID` gives one of them a new id",
        )


def _load_mapping(text: str, path: str) -> dict[str, Any]:
    """Load frontmatter text with PyYAML; it must be a mapping with string keys."""
    from gitsplit.ledger import yamlio  # PyYAML, for a frontmatter of another shape only

    try:
        data = yamlio.load(text)
    except yamlio.YAMLError as exc:
        line = yamlio.error_line(exc)
        raise RecordError(
            f"malformed YAML in the frontmatter: {yamlio.error_text(exc)}",
            path=path,
            line=None if line is None else line + 2,
        ) from None
    if not isinstance(data, dict):
        kind = {
            type(None): "empty",
            str: "text",
            list: "a list",
            int: "a number",
            float: "a number",
            bool: "true/false",
        }.get(type(data), type(data).__name__)
        raise RecordError(
            f"the frontmatter must be a mapping of fields, not {kind}", path=path, line=2
        )
    for key in data:
        if not isinstance(key, str):
            raise RecordError(f"field name {key!r} is not text", path=path, line=2)
    return data


def _safe_load(lines: list[str]) -> Any:
    """Load frontmatter lines, or None if they do not parse."""
    from gitsplit.ledger import yamlio

    try:
        return yamlio.load("".join(lines))
    except yamlio.YAMLError:
        return None


def _entry_spans(lines: list[str]) -> dict[str, tuple[int, int]] | None:
    """Map each top-level key to the [start, end) lines of its entry."""
    from gitsplit.ledger import yamlio

    try:
        node = yamlio.compose_mapping("".join(lines))
    except yamlio.YAMLError:
        return None
    if node is None:
        return None
    spans: dict[str, tuple[int, int]] = {}
    for key_node, value_node in node.value:
        start = key_node.start_mark.line
        end_mark = value_node.end_mark
        end = end_mark.line + (1 if end_mark.column > 0 else 0)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        spans[str(key_node.value)] = (start, max(end, start + 1))
    return spans


def _patch(
    lines: list[str], updates: Mapping[str, Any], removals: list[str], newline: str
) -> list[str] | None:
    """Rewrite only the entries of changed keys; None when the layout is too odd to patch."""
    spans = _entry_spans(lines)
    if spans is None:
        return None
    result = list(lines)
    edits = [(spans[k], _entry(k, v, newline)) for k, v in updates.items() if k in spans]
    edits += [(spans[k], []) for k in removals if k in spans]
    for (start, end), entry in sorted(edits, key=lambda edit: edit[0][0], reverse=True):
        result[start:end] = entry
    if result and not result[-1].endswith("\n"):
        result[-1] += newline
    for key, value in updates.items():
        if key not in spans:
            result.extend(_entry(key, value, newline))
    return result
