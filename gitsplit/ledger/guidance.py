"""The templates' guidance text: recognised, stripped from what runs read, and required away.

The record templates write their guidance as HTML comments (``<!-- … -->``), which GitHub
hides and which no briefing carries (D-65). A required section that holds only comments
(or only a line an older template wrote as plain text) is empty: ``check`` warns about it,
and ``start`` and ``dispatch`` refuse a work order whose Problem or Acceptance is empty.
"""

from __future__ import annotations

import re

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_FENCE = re.compile(r"^[ \t]*(```|~~~)", re.MULTILINE)
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")

# The guidance lines the templates wrote as plain text before D-65: still recognised.
LEGACY = frozenset(
    {
        "What is wrong or missing, and why it matters.",
        "What to change, and what to leave alone.",
        "- [ ] What must be true when this is done (the checks prove it).",
        "What forced a choice.",
        "What was decided.",
        "What follows, good and bad.",
        "The rule, stated so a run can tell whether it kept it.",
    }
)

# The sections a record of each kind must fill (none: the body as a whole).
REQUIRED: dict[str, tuple[str, ...]] = {
    "workorder": ("Problem", "Acceptance"),
    "decision": ("Decision",),
    "invariant": (),
}


def strip(text: str) -> str:
    """``text`` without HTML comments (outside code fences) and legacy guidance lines."""
    if _unguided(text):
        return text
    out: list[str] = []
    inside = False
    for chunk in _chunks(text):
        if inside:
            out.append(chunk)
        else:
            out.append(_COMMENT.sub("", chunk))
        inside = not inside
    kept = [line for line in "".join(out).split("\n") if line.strip() not in LEGACY]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept))


def _unguided(text: str) -> bool:
    """True when ``text`` holds no comment and no legacy guidance line (nothing to strip,
    in it or in any part of it)."""
    return "<!--" not in text and not any(line in text for line in LEGACY)


def _chunks(text: str) -> list[str]:
    """``text`` split at code fences: outside, fence, outside, fence, … (fences kept whole)."""
    chunks: list[str] = []
    start, fence = 0, None
    for match in _FENCE.finditer(text):
        if fence is None:
            chunks.append(text[start : match.start()])
            start, fence = match.start(), match.group(1)
        elif match.group(1) == fence:
            end = text.find("\n", match.end())
            end = len(text) if end < 0 else end
            chunks.append(text[start:end])
            start, fence = end, None
    chunks.append(text[start:])
    return chunks


def is_empty(text: str) -> bool:
    """True when ``text`` holds nothing but guidance and white space."""
    return not strip(text).strip()


def empty_sections(kind: str, body: str) -> list[str]:
    """The required sections of a ``kind`` record's body that are empty or guidance only.

    A heading counts when it starts with the section's name (``Acceptance criteria``). A
    body that uses none of the required headings is free Markdown: it is empty only when
    all of it is. ``["body"]`` names a body that is empty as a whole.
    """
    required = REQUIRED.get(kind)
    if required is None:
        return []
    plain = _unguided(body)  # then no section of it has guidance either: only spaces count
    if not (body if plain else strip(body)).strip():
        return list(required) or ["body"]
    sections = _sections(body)
    missing = []
    for name in required:
        found = [text for heading, text in sections if heading.lower().startswith(name.lower())]
        if found and all(not (text if plain else strip(text)).strip() for text in found):
            missing.append(name)
    return missing


def _sections(body: str) -> list[tuple[str, str]]:
    """(heading, text) of each heading of a body, outside code fences."""
    sections: list[tuple[str, list[str]]] = []
    fenced = False
    fences = "```" in body or "~~~" in body  # else no line need be matched as a fence
    for line in body.splitlines():
        if fences and _FENCE.match(line):
            fenced = not fenced
        match = None if fenced or line[:1] != "#" else _HEADING.match(line)
        if match:
            sections.append((match.group(1), []))
        elif sections:
            sections[-1][1].append(line)
    return [(name, "\n".join(lines)) for name, lines in sections]


def describe(kind: str, missing: list[str]) -> str:
    """``Problem and Acceptance are`` / ``the body is``: the subject of a warning."""
    if missing == ["body"]:
        return "the body is"
    names = " and ".join(missing) if len(missing) <= 2 else ", ".join(missing)
    return f"{names} {'is' if len(missing) == 1 else 'are'}"


def heading_line(body: str, name: str) -> int:
    """0-based line of the body where the heading ``name`` starts (0 when it has none)."""
    for index, line in enumerate(body.splitlines()):
        match = _HEADING.match(line)
        if match and match.group(1).lower().startswith(name.lower()):
            return index
    return 0
