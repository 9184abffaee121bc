"""Path globs of scopes and protected paths, matched without ``re`` (the hooks import this).

A glob is a path from the repository root with ``/`` between folders:

- ``*`` matches any run of characters inside one folder or file name, ``?`` one character,
  ``[abc]`` / ``[a-z]`` / ``[!a]`` one character from (or not from) a set;
- ``**`` as a whole segment matches any number of folders, none included;
- a glob that matches a folder covers everything inside it: ``docs`` and ``docs/`` both
  cover ``docs/intro.md``;
- a leading ``/`` or ``./`` is ignored.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs the hooks ~10 ms
if TYPE_CHECKING:
    from collections.abc import Iterable


def match(pattern: str, path: str) -> bool:
    """True when ``path`` (repository-relative, ``/``-separated) is covered by ``pattern``."""
    segments = pattern_segments(pattern)
    return bool(segments) and _match(segments, path.split("/"))


def first_match(patterns: Iterable[str], path: str) -> str | None:
    """The first pattern that covers ``path``, or None."""
    return next((p for p in patterns if match(p, path)), None)


def pattern_segments(pattern: str) -> list[str]:
    """The non-empty segments of a pattern, without a leading ``/`` or ``./``; ``**/**`` is one."""
    text = pattern.strip()
    while text.startswith(("./", "/")):
        text = text[1:] if text.startswith("/") else text[2:]
    segments: list[str] = []
    for part in text.split("/"):
        if part and part != "." and not (part == "**" and segments[-1:] == ["**"]):
            segments.append(part)
    return segments


def _match(pattern: list[str], parts: list[str]) -> bool:
    """Match a pattern against a path's parts; a match may stop at a folder (it covers the rest).

    One pass over the pattern, keeping the set of path positions reached so far: at most
    len(pattern) * len(parts) segment tests, however many ``**`` the pattern has.
    """
    reached = [True] + [False] * len(parts)
    for seg in pattern:
        if seg == "**":
            first = reached.index(True)
            reached = [k >= first for k in range(len(parts) + 1)]
            continue
        after = [False] * (len(parts) + 1)
        for j in range(len(parts)):
            if reached[j] and segment(seg, parts[j]):
                after[j + 1] = True
        if not any(after):
            return False
        reached = after
    return True


def segment(pattern: str, name: str) -> bool:
    """True when one name (no ``/``) matches one pattern segment (``*``, ``?``, ``[...]``)."""
    p = n = 0
    star, resume = -1, 0
    while n < len(name):
        if p < len(pattern) and pattern[p] == "*":
            star, resume = p, n
            p += 1
            continue
        width = _one(pattern, p, name[n]) if p < len(pattern) else 0
        if width:
            p, n = p + width, n + 1
        elif star >= 0:
            resume += 1
            p, n = star + 1, resume
        else:
            return False
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


def _one(pattern: str, p: int, char: str) -> int:
    """How many pattern characters matched ``char`` at ``p`` (0 when it does not match)."""
    token = pattern[p]
    if token == "?":
        return 1
    if token == "[":
        end = pattern.find("]", p + 2)
        if end != -1:
            return end - p + 1 if _in_class(pattern[p + 1 : end], char) else 0
    return 1 if token == char else 0


def _in_class(body: str, char: str) -> bool:
    """True when ``char`` is in a ``[...]`` set body (``!`` or ``^`` negates)."""
    negate = body[:1] in ("!", "^")
    if negate:
        body = body[1:]
    found = False
    k = 0
    while k < len(body):
        if k + 2 < len(body) and body[k + 1] == "-":
            found = found or body[k] <= char <= body[k + 2]
            k += 3
        else:
            found = found or body[k] == char
            k += 1
    return found != negate
