"""Where the definitions of a file are: Python through ``ast``, Markdown by its headings, other
languages by a plain definition pattern; and the lines a ``files`` entry's symbol names.

A definition is a function, method, class, module-level assignment or heading, with its line
range (1-based, inclusive) and the header lines of what encloses it (a method's class line).
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

MAX_SCAN_LINES = 400  # a definition found by pattern ends here at the latest
_PATTERN = re.compile(
    r"^(?P<indent>\s*)(?:(?:export|default|pub(?:\([a-z]+\))?|public|private|protected|static"
    r"|async|abstract|final|extern|inline)\s+)*"
    r"(?:def|class|function|fn|func|type|struct|interface|const|let|var|enum|trait|impl|module)"
    r"\s+(?:\([^)]*\)\s*)?(?P<name>[A-Za-z_$][\w$]*)"
)
_HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<name>.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Definition:
    """One definition: qualified name, kind, line range and the lines of its enclosing headers."""

    name: str
    kind: str  # function, class, assignment, heading, definition
    start: int
    end: int
    context: tuple[int, ...] = ()  # header lines of the enclosing definitions, outermost first

    @property
    def leaf(self) -> str:
        """The last part of the qualified name."""
        return self.name.rpartition(".")[2]


def definitions(path: str, text: str) -> list[Definition]:
    """Every definition of a file's text, in line order."""
    if path.endswith((".py", ".pyi")):
        found = _python(text)
        if found is not None:
            return found
    if path.endswith((".md", ".markdown")):
        return _headings(text.splitlines())
    return _by_pattern(text.splitlines())


def find_symbol(found: list[Definition], symbol: str) -> Definition | None:
    """The definition a symbol names: its qualified name, else a unique last part.

    A name defined more than once (``@overload`` stubs, then the implementation) is its
    last definition, the one that stands when the module has run.
    """
    exact = [d for d in found if d.name == symbol]
    tail = exact or [d for d in found if d.name.endswith("." + symbol) or d.leaf == symbol]
    if not tail or len({d.name for d in tail}) > 1:
        return None
    return max(tail, key=lambda d: d.start)


def _python(text: str) -> list[Definition] | None:
    """Definitions of Python source through ``ast`` (None when it does not parse)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
    found: list[Definition] = []
    _walk(tree.body, "", (), found, top=True)
    return sorted(found, key=lambda d: (d.start, d.end))


def _walk(
    body: list[ast.stmt], prefix: str, context: tuple[int, ...], found: list[Definition], top: bool
) -> None:
    """Collect the definitions of one block; classes recurse, functions keep their insides."""
    for node in body:
        end = getattr(node, "end_lineno", None) or node.lineno
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            name = prefix + node.name
            kind = "class" if isinstance(node, ast.ClassDef) else "function"
            found.append(Definition(name, kind, start, end, context))
            if isinstance(node, ast.ClassDef):
                _walk(node.body, name + ".", (*context, node.lineno), found, top=False)
        elif top and isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if names:
                found.append(Definition(names[0], "assignment", node.lineno, end, context))


def _headings(lines: list[str]) -> list[Definition]:
    """Markdown sections: each heading to the line before the next of its level or higher."""
    marks: list[tuple[int, int, str]] = []  # (line, level, title)
    in_fence = False
    for number, text in enumerate(lines, start=1):
        if _FENCE.match(text):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(text)
        if match:
            marks.append((number, len(match.group("level")), match.group("name")))
    found = []
    for index, (first, level, title) in enumerate(marks):
        end = next((m[0] - 1 for m in marks[index + 1 :] if m[1] <= level), len(lines))
        parents = [m for m in marks[:index] if m[1] < level]
        found.append(Definition(title, "heading", first, end, tuple(_ladder(parents))))
    return found


def _ladder(parents: list[tuple[int, int, str]]) -> list[int]:
    """The header lines of the headings that enclose one, outermost first."""
    ladder: list[tuple[int, int, str]] = []
    for mark in parents:
        while ladder and ladder[-1][1] >= mark[1]:
            ladder.pop()
        ladder.append(mark)
    return [mark[0] for mark in ladder]


def _by_pattern(lines: list[str]) -> list[Definition]:
    """Definitions found by a plain pattern; each ends before the next at its indent or less."""
    marks = []
    for number, text in enumerate(lines, start=1):
        match = _PATTERN.match(text)
        if match:
            marks.append((number, len(match.group("indent").expandtabs()), match.group("name")))
    found = []
    for index, (first, indent, name) in enumerate(marks):
        after = next((m[0] for m in marks[index + 1 :] if m[1] <= indent), len(lines) + 1)
        end = min(after - 1, first + MAX_SCAN_LINES - 1)
        while end > first and not lines[end - 1].strip():
            end -= 1
        outer = [m for m in marks[:index] if m[1] < indent and _encloses(marks, m, first)]
        qual = ".".join([*(m[2] for m in outer), name])
        found.append(Definition(qual, "definition", first, end, tuple(m[0] for m in outer)))
    return found


def _encloses(marks: list[tuple[int, int, str]], outer: tuple[int, int, str], line: int) -> bool:
    """True when no definition at the outer one's indent or less starts between it and line."""
    return not any(outer[0] < m[0] < line and m[1] <= outer[1] for m in marks)


def own_ranges(found: Sequence[Definition]) -> list[tuple[int, int]]:
    """Each definition's lines without those nested in it (a class's header part), in order."""
    starts = sorted(d.start for d in found)
    ranges = []
    for d in found:
        later = bisect.bisect_right(starts, d.start)
        end = d.end
        if later < len(starts) and starts[later] <= d.end:
            end = max(d.start, starts[later] - 1)
        ranges.append((d.start, end))
    return ranges
