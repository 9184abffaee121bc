"""The pieces an excerpt is made of: one range of lines each, with what it is and why it is
shown, in tiers the budget cuts from the lowest (``FILL``) up."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

MAX_CHUNK_LINES = 150  # a longer definition is shown from its start
FILL_LINES = 40  # the rest of a file is offered in pieces this long
MAX_FILL_LINES = 400  # and at most this much of it per file
FILL, NOTE, HEAD, MATCHED, NAMED = -1, 0, 1, 2, 3  # chunk tiers, cut in this order
FILLED = "more of the file, while the budget allows"


def captions(order: list[dict[str, Any]]) -> list[str]:
    """Each chunk's caption, in line order; the filler's pieces in one last caption."""
    found = [part["caption"] for part in order if part["tier"] != FILL]
    spans: list[list[int]] = []
    for part in order:
        if part["tier"] != FILL:
            continue
        if spans and part["start"] == spans[-1][1] + 1:
            spans[-1][1] = part["end"]
        else:
            spans.append([part["start"], part["end"]])
    if spans:
        listed = ", ".join(f"{a}–{b}" if b > a else f"{a}" for a, b in spans)
        found.append(f"line{'s' if len(spans) > 1 or spans[0][1] > spans[0][0] else ''} "
                     f"{listed}: {FILLED}")  # fmt: skip
    return found


def fill(chunks: list[dict[str, Any]], total: int) -> list[dict[str, Any]]:
    """The rest of a file in pieces, those nearest the chosen parts first, up to a limit."""
    covered: set[int] = set()
    for part in chunks:
        covered.update(range(part["start"], part["end"] + 1))
    pieces: list[tuple[int, int]] = []
    line = 1
    while line <= total:
        if line in covered:
            line += 1
            continue
        end = line
        while end + 1 <= total and end + 1 not in covered and end + 1 - line < FILL_LINES:
            end += 1
        pieces.append((line, end))
        line = end + 1
    anchors = sorted(covered)

    def distance(piece: tuple[int, int]) -> int:
        near = bisect.bisect_left(anchors, piece[0])
        gaps = [abs(anchors[i] - piece[0]) for i in (near - 1, near) if 0 <= i < len(anchors)]
        gaps += [abs(anchors[i] - piece[1]) for i in (near - 1, near) if 0 <= i < len(anchors)]
        return min(gaps, default=piece[0])

    kept: list[dict[str, Any]] = []
    budget = MAX_FILL_LINES
    for piece in sorted(pieces, key=lambda p: (distance(p), p[0])):
        if budget <= 0:
            break
        budget -= piece[1] - piece[0] + 1
        kept.append(chunk(*piece, FILL, "", FILLED, score=-float(distance(piece))))
    return kept


def chunk(
    start: int,
    end: int,
    tier: int,
    what: str,
    why: str,
    context: Sequence[int] = (),
    score: float = 0.0,
) -> dict[str, Any]:
    """One range to show, with the caption that says what it is and why it is shown."""
    cap = min(end, start + MAX_CHUNK_LINES - 1)
    span = f"line {start}" if cap == start else f"lines {start}–{cap}"
    if cap < end:
        span += f" (first {cap - start + 1} of {end - start + 1})"
    caption = span + (f": {what}" if what else "") + (f" — {why}" if why else "")
    return {
        "key": f"{start}-{end}-{tier}",
        "start": start,
        "end": cap,
        "tier": tier,
        "score": score,
        "context": [line for line in context if line < start],
        "caption": caption,
    }


def unique(chunks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Chunks without repeats of the same range (the first, most useful, kept)."""
    seen: set[str] = set()
    kept = []
    for part in chunks:
        span = f"{part['start']}-{part['end']}"
        if span not in seen:
            seen.add(span)
            kept.append(part)
    return kept
