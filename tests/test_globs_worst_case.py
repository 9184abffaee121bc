"""Globs that used to take exponential time (issue 16, item 10) stay linear: counted, not timed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gitsplit.util import globs
from tests.conftest import WO_BODY, Repo

DEEP = "/".join(["a"] * 25) + "/file.txt"


def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the calls of the real one-segment matcher."""
    calls = [0]
    real = globs.segment

    def segment(pattern: str, name: str) -> bool:
        calls[0] += 1
        return real(pattern, name)

    monkeypatch.setattr(globs, "segment", segment)
    return calls


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("/".join(["**"] * 10) + "/nomatch", DEEP, False),
        ("/".join(["**"] * 8) + "/nomatch", "/".join(["d"] * 23) + "/x", False),
        ("/".join(["**/a*"] * 8) + "/nomatch", DEEP, False),
        ("/".join(["**/a"] * 12) + "/**/file.txt", DEEP, True),
        ("**/**/file.txt", DEEP, True),
        ("a/**/**/a/file.txt", DEEP, True),
    ],
)
def test_worst_cases_take_at_most_one_test_per_segment_and_folder(
    monkeypatch: pytest.MonkeyPatch, pattern: str, path: str, expected: bool
) -> None:
    calls = counted(monkeypatch)
    assert globs.match(pattern, path) is expected
    segments, parts = pattern.count("/") + 1, path.count("/") + 1
    assert calls[0] <= segments * parts


def test_repeated_double_stars_mean_what_one_does() -> None:
    for path in ("x.md", "a/x.md", "a/b/c/x.md", "a/b/c/x.txt"):
        assert globs.match("**/**/**/*.md", path) is globs.match("**/*.md", path)
    assert globs.match("docs/**/**", "docs") and not globs.match("docs/**/**", "doc")


def test_a_commit_deep_in_a_hostile_scope_is_judged_at_once(repo: Repo) -> None:
    """The hook and the review on a 25-deep file with ten `**` (265 s before the fix)."""
    scope = "/".join(["**"] * 10) + "/nomatch"
    wo = repo.ok(
        "wo", "new", *WO_BODY, "Hostile scope", "--status", "ready", "--scope", scope
    ).strip()
    repo.commit_all(f"Add {wo}")
    assert repo.run("hooks", "install").returncode == 0
    assert repo.run("start", wo, "--no-launch").returncode == 0
    repo.write(DEEP, "deep\n")
    repo.git("add", DEEP)
    proc = subprocess.run(
        ["git", "commit", "-q", "-m", "Deep file", "--trailer", f"Work-Order: {wo}"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1 and "outside" in proc.stderr + proc.stdout
    brief = subprocess.run(
        [sys.executable, "-m", "gitsplit", "brief", wo],
        cwd=repo.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert brief.returncode == 0, brief.stderr
