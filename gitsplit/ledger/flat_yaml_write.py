"""Frontmatter entries of the usual shape, written without PyYAML, exactly as PyYAML writes them.

Importing PyYAML is about a fifth of ``gitsplit wo new``, which writes nothing but
``key: text`` and ``key: [text, text]`` entries. This writes an entry whose key and
texts are printable ASCII (no tab, no line break), the same way the ledger's dumper does
(``yamlio.dump_entry``): a text plain where PyYAML's emitter would leave it plain (no
indicator it could act on, no space at either end, and read back as text, not as
``yes``, ``12`` or ``null``), otherwise in single quotes; a list of such texts on one
line. Anything else (a number, a nested list, a non-ASCII character, a line past the
emitter's width) returns None, and the caller asks PyYAML. A property test holds the two
writers to the same bytes wherever this one answers.
"""

from __future__ import annotations

import re
from typing import Any

from gitsplit.ledger.flat_yaml import is_text

# Printable ASCII, the space included: what the emitter writes with no escape or style choice
# of its own beyond plain or single quotes.
_PRINTABLE = re.compile(r"[\x20-\x7e]*")
# A key PyYAML writes as a simple key (it takes 128 characters or more as a complex one).
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,126}")
# First characters that are indicators wherever they stand (PyYAML's analyze_scalar).
_LEADING_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",?[]{}")
# Far below the dumper's width (10,000 columns): no line this long is ever folded.
MAX_LINE = 8_000


def entry(key: str, value: Any) -> str | None:
    """``key: value`` and a newline as the ledger's dumper writes it, or None (ask PyYAML)."""
    if not (_KEY.fullmatch(key) and is_text(key) and _plain(key, flow=False)):
        return None
    if type(value) is str:
        text = _scalar(value, flow=False)
    elif type(value) is list and all(type(item) is str for item in value):
        items = [_scalar(item, flow=True) for item in value]
        text = None if None in items else "[" + ", ".join(items) + "]"  # type: ignore[arg-type]
    else:
        return None
    if text is None or len(key) + len(text) + 2 > MAX_LINE:
        return None
    return f"{key}: {text}\n"


def _scalar(text: str, *, flow: bool) -> str | None:
    """The text as the emitter writes it in a block value or a flow list, or None."""
    if not _PRINTABLE.fullmatch(text):
        return None
    if text and is_text(text) and _plain(text, flow=flow):
        return text
    return "'" + text.replace("'", "''") + "'"


def _plain(text: str, *, flow: bool) -> bool:
    """True when PyYAML's emitter may write this printable-ASCII text plain.

    Its rules (``Emitter.analyze_scalar``) for such text: not empty, no space at either
    end, no ``---`` or ``...`` start, and no indicator: one of ``#,[]{}&*!|>'"%@```
    first, ``?``, ``:`` or ``-`` first and followed by a space (``?`` and ``:`` first in a
    flow list at all), ``: `` or a final ``:``, `` #``, and in a flow list ``,?[]{}:``
    anywhere.
    """
    if not text or text[0] == " " or text[-1] == " " or text.startswith(("---", "...")):
        return False
    first = text[0]
    if first in _LEADING_INDICATORS:
        return False
    followed = len(text) == 1 or text[1] == " "
    if first in "?:" and (flow or followed):
        return False
    if first == "-" and followed:
        return False
    rest = text[1:]
    if flow and any(ch in _FLOW_INDICATORS or ch == ":" for ch in rest):
        return False
    return not (": " in text or text.endswith(":") or " #" in text)
