"""Record templates that are text with a few values in them, filled in without Jinja2 (D-81).

``wo new``, ``decide`` and ``invariant new`` render a record template, and importing
Jinja2 was a third of such a run. The packaged record templates, and most overrides, are
text with ``{{ id }}`` or ``{{ problem if problem else "<!-- guidance -->" }}`` in it,
which Jinja2 parses into text, names, string constants and conditional expressions, and
renders as their concatenation. So after Jinja2 renders such a template, the parse Jinja2
made of it is kept, as those parts, in ``<git dir>/gitsplit/flat-templates`` under the
template's name and exact source, in a file keyed by the source files of gitsplit and
Jinja2 and Python's version. A later render of the same source fills the parts in
without importing Jinja2. Anything else (a filter, a test, a loop, an attribute, an
include) is not kept, and Jinja2 renders it every time; so does a value that is not a
string, a name the values lack (Jinja2 names it), and an override that is a symlink
(Jinja2's path refuses it). It is a cache: delete it at any time; ``GITSPLIT_NO_INDEX=1``
turns it off with the others.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gitsplit.util import cache_file

FILE_NAME = "flat-templates"
MAX_BYTES = 1024 * 1024  # a record template is a few hundred bytes
MAX_KEPT = 32  # templates (by name and source) kept at once; the oldest go first
_FORMAT = 1
_MAGIC = b"gitsplit-flat-templates\x00" + bytes([_FORMAT])
# Names Jinja2 resolves itself, not from the values it is given.
_SPECIAL = frozenset({"self", "loop", "super", "caller", "varargs", "kwargs"})
# A part: ("text", text) | ("name", name) | ("if", test, then, otherwise), each a part.
Part = tuple[Any, ...]


def render(root: Path | None, name: str, source: str, values: Mapping[str, Any]) -> str | None:
    """The template ``name`` of this exact ``source`` filled in with ``values``, or None
    when it is not kept as flat (or a value is not a string): render it with Jinja2."""
    if root is None:
        return None
    key = _code_key()
    parts = None if key is None else _kept(root, key).get((name, source))
    if not isinstance(parts, tuple):
        return None
    return fill(parts, values)


def learn(root: Path | None, name: str, source: str, tree: Any) -> None:
    """Keep the parts of a template Jinja2 parsed into ``tree``, when it is flat."""
    parts = flatten(tree)
    key = None if root is None or parts is None else _code_key()
    if key is None:
        return
    path = _path(root)  # type: ignore[arg-type]
    if path is None:
        return
    kept = _kept(root, key)  # type: ignore[arg-type]
    if kept.get((name, source)) == parts:  # kept already (a value of another type came)
        return
    kept[(name, source)] = parts
    while len(kept) > MAX_KEPT:
        del kept[next(iter(kept))]
    cache_file.write(path, _MAGIC, key, marshal.dumps(kept))


def fill(parts: tuple[Any, ...], values: Mapping[str, Any]) -> str | None:
    """The text of the parts with ``values`` put in, or None (a value missing or no string)."""
    out: list[str] = []
    for part in parts:
        text = _value(part, values)
        if text is None:
            return None
        out.append(text)
    return "".join(out)


def _value(part: Any, values: Mapping[str, Any]) -> str | None:
    """What one part prints, as Jinja2 prints it: ``str`` of the value (strings only)."""
    if not isinstance(part, tuple) or not part:
        return None
    kind = part[0]
    if kind == "text" and len(part) == 2:
        return part[1] if type(part[1]) is str else None
    if kind == "name" and len(part) == 2:
        value = values.get(part[1]) if type(part[1]) is str else None
        return value if type(value) is str else None
    if kind == "if" and len(part) == 4:
        test = _value(part[1], values)
        return None if test is None else _value(part[2] if test else part[3], values)
    return None


def flatten(tree: Any) -> tuple[Any, ...] | None:
    """The parts of a parsed template (a ``jinja2.nodes.Template``), or None when it holds
    anything but output of text, names, string constants and ``a if b else c``."""
    from jinja2 import nodes

    parts: list[Part] = []
    for statement in getattr(tree, "body", None) or ():
        if type(statement) is not nodes.Output:
            return None
        for child in statement.nodes:
            part = _part(child, nodes)
            if part is None:
                return None
            parts.append(part)
    return tuple(parts) if type(tree) is nodes.Template else None


def _part(node: Any, nodes: Any) -> Part | None:
    """One node as a part, or None when it is not one of the flat kinds."""
    if type(node) is nodes.TemplateData:
        return ("text", node.data)
    if type(node) is nodes.Const:
        return ("text", node.value) if type(node.value) is str else None
    if type(node) is nodes.Name:
        return ("name", node.name) if node.ctx == "load" and node.name not in _SPECIAL else None
    if type(node) is nodes.CondExpr and node.expr2 is not None:
        inner = [_part(child, nodes) for child in (node.test, node.expr1, node.expr2)]
        return None if None in inner else ("if", *inner)
    return None


def _kept(root: Path, key: bytes) -> dict[Any, Any]:
    """The kept parts by (name, source), for this key ({} when none or damaged)."""
    path = _path(root)
    data = None if path is None else cache_file.read(path, _MAGIC, key, MAX_BYTES)
    try:
        kept = None if data is None else marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return {}
    return kept if isinstance(kept, dict) else {}


def _path(root: Path) -> str | None:
    """The cache file, or None (off, no git dir)."""
    if os.environ.get(cache_file.ALL_OFF):
        return None
    from gitsplit.util.git_dir import cache_path

    return cache_path(root, FILE_NAME)


def _code_key() -> bytes | None:
    """The key of what decides a parse and its filling: the source files of gitsplit and
    Jinja2 and Python's version (None when Jinja2 is not found as a plain package)."""
    from gitsplit.util.code_key import GITSPLIT_PACKAGE, package_folder, source_files

    jinja = package_folder("jinja2")
    if jinja is None:
        return None
    try:
        code = (source_files(GITSPLIT_PACKAGE), source_files(jinja))
    except OSError:
        return None
    return marshal.dumps((_FORMAT, tuple(sys.version_info[:3]), code), 0)
