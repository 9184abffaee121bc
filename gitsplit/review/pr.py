"""``gitsplit pr``: open a pull request whose body is the review, through the GitHub CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gitsplit import gitio
from gitsplit.errors import GitsplitError
from gitsplit.review import markdown
from gitsplit.review.findings import Review


@dataclass(frozen=True)
class PullRequest:
    """The ``gh`` command that opens the pull request, and the body it reads on stdin."""

    argv: list[str]
    title: str
    body: str


@dataclass(frozen=True)
class Opened:
    """What ``gh`` answered."""

    exit: int
    stdout: str
    stderr: str


def prepare(review: Review, *, draft: bool = False) -> PullRequest:
    """The pull request from the reviewed branch into the authority branch."""
    t = review.target
    argv = [
        "gh",
        "pr",
        "create",
        "--head",
        t.branch,
        "--base",
        t.authority,
        "--title",
        markdown.title(review),
        "--body-file",
        "-",
        *(["--draft"] if draft else []),
    ]
    return PullRequest(argv, markdown.title(review), markdown.body(review))


def by_hand(review: Review) -> str:
    """How to open the pull request without ``gh``."""
    branch = review.target.branch
    return (
        f"install it (https://cli.github.com), or open the pull request by hand:\n"
        f"    git push -u origin {branch}\n"
        f"    gitsplit review {branch} --format md > pr-body.md\n"
        f"  then open a pull request from {branch} into {review.target.authority} with "
        f"pr-body.md as its description"
    )


def open_pr(root: Path, review: Review, request: PullRequest) -> Opened:
    """Run ``gh pr create`` with the body on stdin; refuses when gh is missing or not pushed."""
    gh = shutil.which("gh")
    if gh is None:
        raise GitsplitError("the GitHub CLI (gh) is not on PATH", hint=by_hand(review))
    if not pushed(root, review.target.branch):
        raise GitsplitError(
            f"{review.target.branch} is not pushed to any remote",
            hint=f"git push -u origin {review.target.branch}, then run `gitsplit pr` again",
        )
    proc = subprocess.run(
        [gh, *request.argv[1:]],
        cwd=root,
        input=request.body,
        text=True,
        capture_output=True,
        check=False,
    )
    return Opened(proc.returncode, proc.stdout, proc.stderr)


def pushed(root: Path, branch: str) -> bool:
    """True when some remote-tracking ref carries the branch."""
    pattern = re.compile(r"refs/remotes/[^/]+/" + re.escape(branch))
    return any(pattern.fullmatch(ref) for ref in gitio.ref_tips(root, ("refs/remotes",)))
