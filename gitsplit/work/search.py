"""Ranked full-text search over work orders, decisions, invariants and checkpoints."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from gitsplit.errors import RecordError, ValidationError
from gitsplit.ledger import ids
from gitsplit.ledger.records import Decision, Record
from gitsplit.ledger.store import Ledger

KINDS = {
    "wo": ids.WORKORDER,
    "decision": ids.DECISION,
    "invariant": ids.INVARIANT,
    "checkpoint": ids.CHECKPOINT,
}
SNIPPET_WIDTH = 100
# weights: an exact id beats a title phrase beats title words beats body text
ID_MATCH, TITLE_PHRASE, TITLE_WORD, TITLE_PART, BODY_PHRASE, BODY_CAP = 100, 30, 10, 4, 5, 5


@dataclass(frozen=True)
class Hit:
    """One matching record, its score, and where in its body the text first occurs."""

    record: Record
    kind: ids.Kind
    score: int
    line: int | None
    snippet: str

    def as_json(self) -> dict[str, Any]:
        """Stable JSON shape."""
        return {
            "id": self.record.id,
            "kind": self.kind.name,
            "title": self.record.title,
            "status": self.record.status or None,
            "path": self.record.path,
            "score": self.score,
            "line": self.line,
            "snippet": self.snippet or None,
        }


def terms_of(text: str) -> list[str]:
    """The lowercase words of a query (duplicates dropped)."""
    return list(dict.fromkeys(word.lower() for word in text.split()))


def search(
    ledger: Ledger, text: str, *, kinds: Collection[str] = ()
) -> tuple[list[Hit], list[RecordError]]:
    """Records containing every word of ``text`` (id, title or body), best first."""
    terms = terms_of(text)
    if not terms:
        raise ValidationError("nothing to search for: give one or more words")
    hits: list[Hit] = []
    errors: list[RecordError] = []
    for name, kind in KINDS.items():
        if kinds and name not in kinds:
            continue
        loaded = ledger.load(kind)
        errors += loaded.errors
        for record in loaded.records:
            hit = match(record, kind, terms, " ".join(terms))
            if hit is not None:
                hits.append(hit)
    order = {kind.name: i for i, kind in enumerate(ids.KINDS)}
    hits.sort(key=lambda h: (-h.score, order[h.kind.name], ids.sort_key(h.record.id)))
    return hits, errors


def match(record: Record, kind: ids.Kind, terms: list[str], phrase: str) -> Hit | None:
    """Score one record, or None when a word of the query is missing from it."""
    title = record.title.lower()
    body = searchable_body(record).lower()
    record_id = record.id.lower()
    if not all(t in title or t in body or t in record_id for t in terms):
        return None
    score = ID_MATCH if phrase == record_id else 0
    if len(terms) > 1 and phrase in title:
        score += TITLE_PHRASE
    if len(terms) > 1 and phrase in body:
        score += BODY_PHRASE
    for term in terms:
        if re.search(rf"\b{re.escape(term)}\b", title):
            score += TITLE_WORD
        elif term in title:
            score += TITLE_PART
        score += min(body.count(term), BODY_CAP)
    line, snippet = locate(record, phrase if phrase in body else terms[0])
    return Hit(record, kind, score, line, snippet)


def searchable_body(record: Record) -> str:
    """The body, plus a decision's rejected options (they are worth finding too)."""
    if not isinstance(record, Decision):
        return record.body
    rejected = "\n".join(f"rejected: {r.option}: {r.reason}" for r in record.rejected)
    return f"{record.body}\n{rejected}" if rejected else record.body


def locate(record: Record, needle: str) -> tuple[int | None, str]:
    """The file line and a short excerpt of the first line after the frontmatter with needle."""
    lines = record.doc.render().split("\n")
    start = next((i + 1 for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
    body_first = [*enumerate(lines[start:], start + 1), *enumerate(lines[1:start], 2)]
    for number, line in body_first:  # the frontmatter last: e.g. a rejected option, the title
        at = line.strip().lower().find(needle)
        if at >= 0:
            return number, excerpt(line.strip(), at)
    return None, ""


def excerpt(line: str, at: int) -> str:
    """At most SNIPPET_WIDTH characters of ``line`` around position ``at``."""
    if len(line) <= SNIPPET_WIDTH:
        return line
    begin = max(0, min(at - SNIPPET_WIDTH // 3, len(line) - SNIPPET_WIDTH))
    text = line[begin : begin + SNIPPET_WIDTH]
    return ("…" if begin else "") + text + ("…" if begin + SNIPPET_WIDTH < len(line) else "")
