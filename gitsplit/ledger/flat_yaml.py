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
from typing import Any

# One line: a key, then a value (or nothing after the colon: left to PyYAML).
_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): (\S(?:.*\S)?)")
# A plain value in a block: printable ASCII that holds no indicator YAML could act on
# (a colon only inside a word, as in a time: ``17:34:55Z``). The loops are unrolled into
# runs of one character class, which the regex engine matches three times as fast.
_PLAIN = re.compile(r"[A-Za-z0-9_./(][A-Za-z0-9 _./()+,=-]*(?::(?! |$)[A-Za-z0-9 _./()+,=-]*)*")
# An item of a one-line list: no space, no comma, no bracket, no quote.
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9_./(][A-Za-z0-9_./()+*=-]*")
# Quoted text in printable ASCII, without escapes (``''`` is a quote in single quotes).
_SINGLE = re.compile(r"'([\x20-\x26\x28-\x7e]*(?:''[\x20-\x26\x28-\x7e]*)*)'")
_DOUBLE = re.compile(r'"([\x20\x21\x23-\x5b\x5d-\x7e]*)"')
_ITEM_SPLIT = re.compile(r",[ ]?")
# A whole-line comment in printable ASCII: YAML ends a comment at a lone CR, NEL or LS
# too (what follows is a field to PyYAML) and refuses control characters in it.
_COMMENT = re.compile(r"#[\t\x20-\x7e]*")
_STR = "tag:yaml.org,2002:str"


def load(text: str) -> dict[str, Any] | None:
    """The fields of a frontmatter of the simple shape, or None (read it with PyYAML)."""
    fields: dict[str, Any] = {}
    for line in text.split("\n"):  # not splitlines: YAML breaks lines at none of \v \f \x1c
        line = line.removesuffix("\r")
        if not line:
            continue
        if line[0] == "#":  # a comment from the line's start, such as the modeline
            if _COMMENT.fullmatch(line) is None:
                return None
            continue
        match = _ENTRY.fullmatch(line)
        if match is None:
            return None
        key, raw = match.groups()
        if key in fields or not _is_text(key):
            return None
        value = _list(raw[1:-1]) if raw[0] == "[" and raw[-1] == "]" else _scalar(raw, _PLAIN)
        if value is None:
            return None
        fields[key] = value
    return fields or None


def _scalar(raw: str, plain: re.Pattern[str]) -> str | None:
    """A quoted or plain value as text, or None when it is not of the simple shape."""
    first = raw[:1]  # a plain value never starts with a quote, so one pattern decides
    if first == "'":
        single = _SINGLE.fullmatch(raw)
        return None if single is None else single.group(1).replace("''", "'")
    if first == '"':
        double = _DOUBLE.fullmatch(raw)
        return None if double is None else double.group(1)
    return raw if plain.fullmatch(raw) and _is_text(raw) else None


def _list(inner: str) -> list[str] | None:
    """The items of a one-line list of texts, or None."""
    if not inner:
        return []
    items = [_scalar(item, _FLOW_PLAIN) for item in _ITEM_SPLIT.split(inner)]
    return None if any(item is None for item in items) else items  # type: ignore[return-value]


@functools.lru_cache(maxsize=1 << 16)
def _is_text(value: str) -> bool:
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
