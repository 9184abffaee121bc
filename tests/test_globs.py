"""Globs for scope and protected paths: `*` within a folder, `**` across folders."""

from __future__ import annotations

import pytest

from gitsplit.briefing.paths import matching
from gitsplit.util.globs import first_match, match


@pytest.mark.parametrize(
    ("path", "glob", "expected"),
    [
        ("src/a/b.py", "src/**", True),
        ("src/a.py", "src/**", True),
        ("srcx/a.py", "src/**", False),
        ("README.md", "*.md", True),
        ("docs/a.md", "*.md", False),
        ("docs/a.md", "**/*.md", True),
        ("a.md", "**/*.md", True),
        ("a/b.py", "a/**/b.py", True),
        ("a/x/y/b.py", "a/**/b.py", True),
        ("src/x.py", "src/*.py", True),
        ("src/y/x.py", "src/*.py", False),
        ("docs/guide/x.md", "docs", True),
        ("docsx", "docs", False),
        ("docs/x/y", "docs/", True),
        ("a1.txt", "a[0-9].txt", True),
        ("a/.txt", "a?.txt", False),
        ("ab.txt", "a[!b].txt", False),
        ("ac.txt", "a[!b].txt", True),
        ("a[.txt", "a[.txt", True),
        (".workledger/decisions/D-1.md", ".workledger/decisions/**", True),
        ("src/a.py", "./src/**", True),
    ],
)
def test_matches(path: str, glob: str, expected: bool) -> None:
    assert match(glob, path) is expected


def test_first_match() -> None:
    assert first_match(["src/**", "tests/**"], "tests/t.py") == "tests/**"
    assert first_match(["src/**", "tests/**"], "docs/x.md") is None
    assert first_match([], "x") is None


GLOBS = [
    "src/**",
    "./src/a/*.py",
    "/docs",
    "docs/",
    "src//a/b.py",
    "src/./a/b.py",
    "**/*.md",
    "a[0-9]/x",
    "a[/x",
    "src/a/**/c.py",
    "*",
    "",
    "tests/t?.py",
]
PATHS = [
    "src/a/b.py",
    "src/a/c.py",
    "src/a/x/c.py",
    "src/b.py",
    "srcx/a.py",
    "docs/index.md",
    "docsx/a.md",
    "README.md",
    "a1/x",
    "a[/x",
    "tests/t1.py",
    "tests/t12.py",
]


@pytest.mark.parametrize("glob", GLOBS)
def test_matching_skips_only_what_the_full_match_refuses(glob: str) -> None:
    # paths.matching skips a path that does not start with the glob's plain leading folders;
    # it must answer exactly as matching every path in full would, one glob and all together
    assert matching([glob], PATHS) == [p for p in PATHS if match(glob, p)]
    assert matching(GLOBS, PATHS) == [p for p in PATHS if first_match(GLOBS, p) is not None]
