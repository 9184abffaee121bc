"""The glob rules that decide which decisions apply to a work order's scope."""

from __future__ import annotations

import pytest

from gitsplit.briefing.paths import literal_prefix, overlaps
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import WorkOrder
from gitsplit.util.globs import match


def work_order(title: str, wo_id: str = "WO-12") -> WorkOrder:
    """A work order record with just an id and a title."""
    return WorkOrder(Document.new({"id": wo_id, "title": title}, "", path="x.md"))


@pytest.mark.parametrize(
    ("glob", "path", "hit"),
    [
        ("app/**", "app/a/b.py", True),
        ("app/*.py", "app/a/b.py", False),
        ("app/*.py", "app/b.py", True),
        ("**/*.py", "x.py", True),
        ("**/*.py", "a/b/x.py", True),
        ("docs/", "docs/a/b.md", True),
        ("docs", "docs/a.md", True),
        ("docs", "docsx", False),
        ("src/[ab].py", "src/a.py", True),
        ("src/[!ab].py", "src/a.py", False),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
        ("*.md", "a/b.md", False),
        ("./app/x.py", "app/x.py", True),
    ],
)
def test_glob_matching(glob: str, path: str, hit: bool) -> None:
    assert match(glob, path) is hit


@pytest.mark.parametrize(
    ("one", "two", "tracked", "hit"),
    [
        ("app/**", "app/auth/login.py", [], True),  # prefix of the other's prefix
        ("app/auth/**", "app/web/**", [], False),
        ("app/auth", "app/auth/login.py", [], True),  # a folder holds the file
        ("app/auth", "app/authz.py", [], False),
        ("docs/", "docs/a.md", [], True),
        ("**/*.py", "docs/**", [], True),  # an empty literal prefix starts everything
        ("app/*/x.py", "*/auth/*", [], True),
        ("app/a*.py", "app/b*.py", ["app/ab.py"], False),
        ("app/?.py", "app/[xy].py", ["app/x.py"], True),  # a tracked file matches both
    ],
)
def test_overlap_rule(one: str, two: str, tracked: list[str], hit: bool) -> None:
    assert overlaps(one, two, tracked) is hit
    assert overlaps(two, one, tracked) is hit


def test_literal_prefix() -> None:
    assert literal_prefix("gitsplit/brief*.py") == "gitsplit/brief"
    assert literal_prefix("docs/") == "docs/"
    assert literal_prefix("./a/b") == "a/b"
