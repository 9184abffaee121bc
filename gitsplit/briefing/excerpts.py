"""Excerpts of a work order's likely files: what its ``files`` entries name, else the
definitions its words match (with their class line), then the file's head.

Each file's excerpt is a list of chunks (line ranges, each with what it is and why it was
chosen). The budget cuts chunks one at a time, least useful first across all files: notes on
files not shown, then heads, then matched definitions from the weakest, then named parts.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Sequence
from typing import Any

from gitsplit.briefing import chunks as parts
from gitsplit.briefing import locate, relevance
from gitsplit.briefing.budget import Cut, Step
from gitsplit.briefing.chunks import HEAD, MATCHED, NAMED, NOTE
from gitsplit.briefing.paths import is_literal, matching
from gitsplit.briefing.source import FileHead, Source
from gitsplit.ledger.file_entries import FileEntry, parse_entry

MAX_EXCERPT_BYTES = 1024 * 1024
MAX_LINE_CHARS = 200
MAX_GLOB_FILES = 20
MAX_MATCHES = 8  # matched definitions excerpted per file, at most
GAP = "⋮"


def likely_files(raw: Sequence[str], tracked: Sequence[str]) -> list[tuple[str, list[FileEntry]]]:
    """A work order's ``files`` by path, in order: what each names, globs expanded."""
    grouped: dict[str, list[FileEntry]] = {}
    for text in raw:
        try:
            entry = parse_entry(text)
        except ValueError:
            entry = FileEntry(text, text)  # `check` reports it; brief the path as written
        if entry.plain and not is_literal(entry.path):
            for path in matching([entry.path], tracked)[:MAX_GLOB_FILES]:
                grouped.setdefault(path, []).append(FileEntry(path, path))
        else:
            grouped.setdefault(entry.path, []).append(entry)
    return list(grouped.items())


def keywords(title: str, body: str) -> relevance.Keywords:
    """The words a work order is about (see relevance)."""
    return relevance.Keywords.of(f"{title}\n{body}")


def excerpt(
    source: Source,
    path: str,
    entries: Sequence[FileEntry],
    words: relevance.Keywords,
    *,
    head: int,
) -> dict[str, Any]:
    """One file's excerpt: its chunks, best first, and the lines they show."""
    read = source.read(path, MAX_EXCERPT_BYTES)
    item: dict[str, Any] = {"path": path, "state": read.state, "note": _note(read), "total": 0}
    item.update(chunks=[], lines=[], captions=[], shown=0, fence="```", width=1)
    if read.state != "ok":
        return item
    lines = read.text.splitlines()
    item["total"] = len(lines)
    if not lines:
        item["note"] = "empty file"
        return item
    found = locate.definitions(path, read.text)
    chunks: list[dict[str, Any]] = []
    for entry in entries:
        if not entry.plain:
            named = _named(entry, found, len(lines))
            if named is None:
                source.warnings.append(_unresolved(entry, source.label))
            else:
                chunks.append(named)
    if any(entry.plain for entry in entries) or not chunks:
        chunks.extend(_matched(found, lines, words))
        whole = len(lines) <= head
        what = "the whole file" if whole else "the file's head"
        chunks.append(parts.chunk(1, min(head, len(lines)), HEAD, what, ""))
        chunks.extend(parts.fill(chunks, len(lines)))
    for chunk in chunks:
        numbers = [*chunk.pop("context"), *range(chunk["start"], chunk["end"] + 1)]
        chunk["text"] = {n: _clip(lines[n - 1]) for n in numbers}
    item["chunks"] = parts.unique(chunks)
    refresh(item)
    return item


def refresh(item: dict[str, Any]) -> None:
    """Recompute the lines an excerpt shows from its chunks (after one is cut)."""
    text: dict[int, str] = {}
    for chunk in item["chunks"]:
        text.update(chunk["text"])
    numbers = sorted(text)
    width = len(str(numbers[-1])) if numbers else 1
    out: list[str] = []
    for index, number in enumerate(numbers):
        if index and number != numbers[index - 1] + 1:
            out.append(" " * width + "  " + GAP)
        out.append(f"{number:>{width}}  {text[number]}".rstrip())
    item["lines"], item["shown"], item["width"] = out, len(numbers), width
    order = sorted(item["chunks"], key=lambda c: (c["start"], c["end"]))
    item["captions"] = parts.captions(order)
    longest = max((len(run) for run in re.findall(r"`+", "\n".join(out))), default=0)
    item["fence"] = "`" * max(3, longest + 1)


def steps(items: list[dict[str, Any]], show: Callable[[str], str]) -> list[Step]:
    """Cuts of every excerpt, least useful first; a file's last chunk removes its excerpt."""
    ranked = []
    for index, item in enumerate(items):
        for chunk in item["chunks"] or [None]:
            tier = NOTE if chunk is None else chunk["tier"]
            score = 0.0 if chunk is None else chunk["score"]
            start = 0 if chunk is None else chunk["start"]
            ranked.append(((tier, score, -index, -start), item["path"], chunk))
    ranked.sort(key=lambda entry: entry[0])
    left = {item["path"]: len(item["chunks"]) for item in items}
    result = []
    for _rank, path, chunk in ranked:
        left[path] -= 1
        group = f"excerpt of {path}"
        if chunk is None or left[path] <= 0:
            cut = Cut("excerpts", group, show(path), group=group)
            result.append(Step(cut, _drop_item(path), _save))
        else:
            lines = f"{chunk['start']}-{chunk['end']}"
            part = f"lines {chunk['start']}–{chunk['end']}"
            command = f"{show(path)} | sed -n {shlex.quote(lines + 'p')}"
            cut = Cut("excerpts", f"{group}, {part}", command, group, part, show(path))
            result.append(Step(cut, _drop_chunk(path, chunk["key"]), _save))
    return result


def _save(context: dict[str, Any]) -> Callable[[], None]:
    """Snapshot the excerpts (a cut replaces an item's fields, never edits them in place)."""
    saved = [dict(item) for item in context["excerpts"]]

    def undo() -> None:
        context["excerpts"] = saved

    return undo


def _drop_item(path: str) -> Callable[[dict[str, Any]], None]:
    """A cut that removes one file's excerpt."""

    def apply(context: dict[str, Any]) -> None:
        context["excerpts"] = [i for i in context["excerpts"] if i["path"] != path]

    return apply


def _drop_chunk(path: str, key: str) -> Callable[[dict[str, Any]], None]:
    """A cut that removes one chunk of one file's excerpt."""

    def apply(context: dict[str, Any]) -> None:
        for item in context["excerpts"]:
            if item["path"] == path:
                item["chunks"] = [c for c in item["chunks"] if c["key"] != key]
                refresh(item)

    return apply


def _named(entry: FileEntry, found: list[locate.Definition], total: int) -> dict[str, Any] | None:
    """The chunk a range or symbol entry names, or None when it names nothing in the file."""
    why = "named in the work order's files"
    if entry.start:
        if entry.start > total or entry.end < entry.start:
            return None
        return parts.chunk(entry.start, min(entry.end, total), NAMED, "", why)
    definition = locate.find_symbol(found, entry.symbol)
    if definition is None:
        return None
    return parts.chunk(
        definition.start, definition.end, NAMED, f"`{definition.name}`", why, definition.context
    )


def _matched(
    found: list[locate.Definition], lines: Sequence[str], words: relevance.Keywords
) -> list[dict[str, Any]]:
    """Chunks of the definitions the work order's words match, best first."""
    ranges = dict(zip(map(id, found), locate.own_ranges(found), strict=True))
    chunks = []
    for match in relevance.rank(words, found, lines)[:MAX_MATCHES]:
        d = match.definition
        start, end = ranges[id(d)]
        chunks.append(
            parts.chunk(
                start, end, MATCHED, f"`{d.name}`", match.why(), d.context, score=match.score
            )
        )
    return chunks


def _unresolved(entry: FileEntry, label: str) -> str:
    """The warning for a range or symbol that names nothing in its file."""
    what = (
        f"`{entry.symbol}`"
        if entry.symbol
        else f"lines {entry.start}–{entry.end}"
        if entry.end < entry.start
        else f"line {entry.start}"
    )
    return (
        f"files entry {entry.text!r}: {entry.path} has no {what} at {label}; "
        "its excerpt is chosen by relevance instead"
    )


def _clip(line: str) -> str:
    """One source line, cut at MAX_LINE_CHARS characters."""
    line = line.rstrip("\r")
    return line if len(line) <= MAX_LINE_CHARS else line[:MAX_LINE_CHARS] + " …[line cut]"


def _note(head: FileHead) -> str:
    """Why a file is not excerpted."""
    return {
        "missing": "does not exist yet (a file to create?)",
        "outside": "is outside the repository: not read",
        "binary": f"is a binary file ({head.size} bytes): not shown",
        "huge": f"is {head.size // 1024} KiB, too large to excerpt: open it yourself",
        "symlink": f"is a symbolic link to `{head.target}`: not followed",
        "folder": f"is a folder: name its files (or a glob such as `{head.path.rstrip('/')}/*`) "
        "in `files` to excerpt them",
    }.get(head.state, "")
