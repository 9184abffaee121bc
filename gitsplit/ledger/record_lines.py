"""A record's lines as YAML breaks them, and the git conflict markers among them."""

from __future__ import annotations

import re

_CONFLICT = re.compile(r"^(<{7}( |\r?$)|={7}\s*$|>{7}( |\r?$)|\|{7}( |\r?$))")
_CONFLICT_EDGE = re.compile(r"^(<{7}|>{7})( |\r?$)")
# the line breaks YAML counts (so line numbers agree with the YAML parser's marks)
_LINE = re.compile(
    r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])"
    r"|[^\r\n\x85\u2028\u2029]+$"
)


def split_lines(text: str) -> list[str]:
    """Lines with their endings, broken where YAML breaks them (not at form feeds etc.)."""
    if "\x0b" in text or "\x0c" in text or "\x1c" in text or "\x1d" in text or "\x1e" in text:
        return _LINE.findall(text)
    # str.splitlines breaks where YAML does, and at these five, which this text has none of
    return text.splitlines(True)


def conflict_marker_line(lines: list[str]) -> int | None:
    """The 1-based line of the first git conflict marker, or None when there is none.

    A lone ``=======`` is a Markdown heading underline; it counts only next to the
    ``<<<<<<<``/``>>>>>>>`` lines of a real conflict.
    """
    if not any(_CONFLICT_EDGE.match(line) for line in lines):
        return None
    return next((index + 1 for index, line in enumerate(lines) if _CONFLICT.match(line)), None)


def conflict_line_of(text: str, lines: list[str] | None = None) -> int | None:
    """``conflict_marker_line`` of a whole text (its ``lines`` when split already); a text
    without a conflict's edges is not split at all."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return None
    return conflict_marker_line(split_lines(text) if lines is None else lines)
