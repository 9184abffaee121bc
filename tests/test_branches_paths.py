"""Branch names from the pattern, and the glob rules that decide which decisions apply."""

from __future__ import annotations

import pytest

from gitsplit.branches import branch_name, slugify
from gitsplit.briefing.paths import literal_prefix, matches, overlaps
from gitsplit.config import Config
from gitsplit.document import Document
from gitsplit.records import WorkOrder


def work_order(title: str, wo_id: str = "WO-12") -> WorkOrder:
    """A work order record with just an id and a title."""
    return WorkOrder(Document.new({"id": wo_id, "title": title}, "", path="x.md"))


@pytest.mark.parametrize(("title", "slug"), [
    ("Parse the config", "parse-the-config"),
    ("Crème brûlée: $(rm -rf /) & `ls`", "creme-brulee-rm-rf-ls"),
    ("日本語", "untitled"),
    ("A very long title that goes on and on past the forty character limit",
     "a-very-long-title-that-goes-on-and-on"),
    ("x" * 60, "x" * 40),
])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert len(slugify(title)) <= 40


def test_branch_name_follows_the_pattern() -> None:
    assert branch_name(Config(), work_order("Parse the config")) == "wo/WO-12-parse-the-config"
    assert branch_name(Config(branch_pattern="work/{id}"), work_order("x")) == "work/WO-12"


@pytest.mark.parametrize(("glob", "path", "hit"), [
    ("app/**", "app/a/b.py", True), ("app/*.py", "app/a/b.py", False),
    ("app/*.py", "app/b.py", True), ("**/*.py", "x.py", True), ("**/*.py", "a/b/x.py", True),
    ("docs/", "docs/a/b.md", True), ("docs", "docs/a.md", True), ("docs", "docsx", False),
    ("src/[ab].py", "src/a.py", True), ("src/[!ab].py", "src/a.py", False),
    ("a/**/b", "a/b", True), ("a/**/b", "a/x/y/b", True), ("*.md", "a/b.md", False),
    ("./app/x.py", "app/x.py", True),
])
def test_glob_matching(glob: str, path: str, hit: bool) -> None:
    assert matches(glob, path) is hit


@pytest.mark.parametrize(("one", "two", "tracked", "hit"), [
    ("app/**", "app/auth/login.py", [], True),  # prefix of the other's prefix
    ("app/auth/**", "app/web/**", [], False),
    ("app/auth", "app/auth/login.py", [], True),  # a folder holds the file
    ("app/auth", "app/authz.py", [], False),
    ("docs/", "docs/a.md", [], True),
    ("**/*.py", "docs/**", [], True),  # an empty literal prefix starts everything
    ("app/*/x.py", "*/auth/*", [], True),
    ("app/a*.py", "app/b*.py", ["app/ab.py"], False),
    ("app/?.py", "app/[xy].py", ["app/x.py"], True),  # a tracked file matches both
])
def test_overlap_rule(one: str, two: str, tracked: list[str], hit: bool) -> None:
    assert overlaps(one, two, tracked) is hit
    assert overlaps(two, one, tracked) is hit


def test_literal_prefix() -> None:
    assert literal_prefix("gitsplit/brief*.py") == "gitsplit/brief"
    assert literal_prefix("docs/") == "docs/"
    assert literal_prefix("./a/b") == "a/b"
