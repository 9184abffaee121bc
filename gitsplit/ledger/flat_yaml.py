"""The frontmatter most records have, read without PyYAML; anything else is not read here.

Parsing 10,000 records with PyYAML costs over two seconds of a cold listing, most of it in
its pure-Python constructor, for frontmatters that are nothing but ``key: value`` lines:
plain or simply quoted text and one-line lists of it, and whole-line comments in printable
ASCII (the schema modeline ``wo new`` writes). This reads exactly that shape and returns
None for everything else (a comment after a value, a block list, a multi-line value, an
escape, a non-ASCII character, a repeated key...), which the caller then gives to PyYAML.
Every plain value is typed with the ledger loader's own implicit types (a copy, so PyYAML
is not imported), so only what PyYAML reads as text is read here as text (``yes``,
``null``, ``12``, ``1.5`` and the like go to PyYAML). A test holds the two readers to the
same answer wherever this one answers.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any

from gitsplit.ledger.plain_data import SHORT

# The simple shape, as one pattern the regex engine checks a whole frontmatter against: a
# line is empty, a comment from its start in printable ASCII (YAML ends a comment at a
# lone CR, NEL or LS too, so what follows is a field to PyYAML, and it refuses control
# characters), or ``key: value``; lines end with LF or CRLF.
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
# A plain value in a block: printable ASCII that holds no indicator YAML could act on (a
# colon only inside a word, as in a time: ``17:34:55Z``), ending in no space. The loops
# are unrolled into runs of one character class, which the engine matches fastest.
_PLAIN = r"[A-Za-z0-9_./(][A-Za-z0-9 _./()+,=-]*(?::(?![ \r\n]|\Z)[A-Za-z0-9 _./()+,=-]*)*(?<! )"
# Quoted text in printable ASCII, without escapes (``''`` is a quote in single quotes).
_SINGLE = r"'[\x20-\x26\x28-\x7e]*(?:''[\x20-\x26\x28-\x7e]*)*'"
_DOUBLE = r'"[\x20\x21\x23-\x5b\x5d-\x7e]*"'
# An item of a one-line list: plain (no space, no comma, no bracket, no quote) or quoted
# without a comma; items are separated by a comma and at most one space.
_ITEM = (
    r"(?:[A-Za-z0-9_./(][A-Za-z0-9_./()+*=-]*"
    r"|'[\x20-\x26\x28-\x2b\x2d-\x7e]*(?:''[\x20-\x26\x28-\x2b\x2d-\x7e]*)*'"
    r'|"[\x20\x21\x23-\x2b\x2d-\x5b\x5d-\x7e]*")'
)
_LIST = rf"\[(?:{_ITEM}(?:, ?{_ITEM})*)?\]"
_LINE = rf"(?:#[\t\x20-\x7e]*|{_KEY}: (?:{_SINGLE}|{_DOUBLE}|{_LIST}|{_PLAIN}))?"
_SIMPLE = re.compile(rf"(?:{_LINE}\r?\n)*{_LINE}\r?")
# In a frontmatter of the simple shape: each entry's key and its value's text.
_ENTRIES = re.compile(rf"^({_KEY}): ([^\r\n]*)", re.M)
_ITEM_SPLIT = re.compile(r",[ ]?")
_STR = "tag:yaml.org,2002:str"


def load(text: str) -> dict[str, Any] | None:
    """The fields of a frontmatter of the simple shape, or None (read it with PyYAML).

    Keys and short texts are interned, so that 10,000 records share one ``status`` and
    one ``ready`` (the record index pickles each once)."""
    if _SIMPLE.fullmatch(text) is None:
        return None
    fields: dict[str, Any] = {}
    for key, raw in _ENTRIES.findall(text):
        if key in fields or (key[0] in _TYPED and not is_text(key)):
            return None
        if raw[0] == "[":
            items = [_text(item) for item in _ITEM_SPLIT.split(raw[1:-1])] if raw != "[]" else []
            if None in items:
                return None
            value: Any = items
        else:
            value = _text(raw)
            if value is None:
                return None
        fields[sys.intern(key)] = value
    return fields or None


def _text(raw: str) -> str | None:
    """A quoted or plain value (of the simple shape) as text; None when PyYAML would read
    the plain value as something else (``yes``, ``12``, ``~``...)."""
    first = raw[0]
    if first == "'":
        text = raw[1:-1].replace("''", "'")
    elif first == '"':
        text = raw[1:-1]
    elif first in _TYPED and not is_text(raw):
        return None
    else:
        text = raw
    return sys.intern(text) if len(text) <= SHORT else text


@functools.lru_cache(maxsize=1 << 16)
def is_text(value: str) -> bool:
    """True when PyYAML, with the ledger's resolvers, reads this plain value as text."""
    for tag, pattern in IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return tag == _STR
    return True


# The implicit types of the ledger loader (yamlio.LedgerLoader: YAML 1.1's, without
# timestamps), by the first character of a plain value, in the order PyYAML tries them;
# copied here so that reading the usual record imports no PyYAML. A test holds this table
# equal to the loader's, pattern by pattern.
_BOOL = (
    "tag:yaml.org,2002:bool",
    re.compile(
        r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
        re.X,
    ),
)
_NULL = (
    "tag:yaml.org,2002:null",
    re.compile(
        r"""^(?: ~
                    |null|Null|NULL
                    | )$""",
        re.X,
    ),
)
_FLOAT = (
    "tag:yaml.org,2002:float",
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
)
_INT = (
    "tag:yaml.org,2002:int",
    re.compile(
        r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
        re.X,
    ),
)
_ONE_OFF = {
    "<": ("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$")),
    "=": ("tag:yaml.org,2002:value", re.compile(r"^(?:=)$")),
    **dict.fromkeys("!&*", ("tag:yaml.org,2002:yaml", re.compile(r"^(?:!|&|\*)$"))),
}
IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    **dict.fromkeys("yYtTfFoO", (_BOOL,)),
    **dict.fromkeys("nN", (_BOOL, _NULL)),
    **dict.fromkeys(["~", ""], (_NULL,)),
    **dict.fromkeys("+-0123456789", (_FLOAT, _INT)),
    ".": (_FLOAT,),
    **{first: (entry,) for first, entry in _ONE_OFF.items()},
}
# the first characters of a plain value that may be something other than text
_TYPED = frozenset(first for first in IMPLICIT if first)
