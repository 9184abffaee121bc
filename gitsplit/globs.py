"""Path globs as work orders and config write them: ``*`` within a folder, ``**`` across folders.

``src/**`` matches every file under ``src/``; ``*.md`` only top-level Markdown files;
``**/*.md`` Markdown files at any depth; ``a/**/b.py`` ``a/b.py`` and ``a/x/y/b.py``.
``?`` is one character and ``[abc]`` / ``[!abc]`` a character class, never ``/``.
A glob ending in ``/`` means everything under that folder, and a glob with no
wildcard also matches the files under the folder it names (``docs`` ≈ ``docs/**``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_MAGIC = re.compile(r"[*?\[]")


def matches(path: str, glob: str) -> bool:
    """True when the repository path (forward slashes) matches the glob."""
    return _compiled(glob).fullmatch(path.lstrip("/")) is not None


def matches_any(path: str, globs: Iterable[str]) -> bool:
    """True when the path matches at least one of the globs."""
    return any(matches(path, glob) for glob in globs)


@lru_cache(maxsize=512)
def _compiled(glob: str) -> re.Pattern[str]:
    """The regular expression a glob stands for."""
    glob = glob.strip().lstrip("/")
    if glob.startswith("./"):
        glob = glob[2:]
    if glob.endswith("/"):
        glob += "**"
    elif glob and not _MAGIC.search(glob):
        return re.compile(re.escape(glob) + r"(?:/.*)?", re.DOTALL)
    parts = glob.split("/")
    pieces = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            pieces.append(".*" if last else "(?:[^/]*/)*")
        else:
            pieces.append(_segment(part) + ("" if last else "/"))
    return re.compile("".join(pieces), re.DOTALL)


def _segment(part: str) -> str:
    """Regex for one path segment: wildcards never cross a ``/``."""
    out = []
    index = 0
    while index < len(part):
        char = part[index]
        index += 1
        if char == "*":
            while index < len(part) and part[index] == "*":
                index += 1
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            start = index + (part[index:index + 1] == "!")
            end = part.find("]", start + (part[start:start + 1] == "]"))
            if end == -1:
                out.append(re.escape(char))
                continue
            body = part[index:end]
            index = end + 1
            negate = body.startswith("!")
            body = body[1:] if negate else body
            body = body.replace("\\", "\\\\")
            if negate:
                out.append(f"[^/{body}]")
            else:
                out.append("[" + ("\\" + body if body.startswith("^") else body) + "]")
        else:
            out.append(re.escape(char))
    return "".join(out)
