"""Names of work-order branches: made from the config's pattern, and read back."""

from __future__ import annotations

import re
import unicodedata

from gitsplit.config import Config

_RUN_SUFFIX = re.compile(r"-r([0-9]+)$")


def slugify(title: str, *, limit: int = 40) -> str:
    """A short lowercase ASCII slug of a title: ``Parse the config!`` → ``parse-the-config``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug or "work"


def branch_name(config: Config, wo_id: str, title: str, run_number: int = 1) -> str:
    """The branch a run of a work order works on; runs after the first get ``-r<n>``."""
    name = config.branch_pattern.replace("{id}", wo_id).replace("{slug}", slugify(title))
    return name if run_number <= 1 else f"{name}-r{run_number}"


def parse_wo_branch(config: Config, name: str) -> str | None:
    """The work order id a branch name belongs to, or None when it is not a WO branch."""
    short = re.sub(r"^refs/(heads|remotes/[^/]+)/", "", name)
    head, _, tail = config.branch_pattern.partition("{id}")
    pattern = re.escape(head) + r"(?P<id>WO-[1-9][0-9]*)" + (
        _tail_regex(tail) if tail else r"(?:-r[0-9]+)?")
    match = re.fullmatch(pattern, short)
    return match.group("id") if match else None


def run_number(name: str) -> int:
    """The run number a branch name carries (1 when it has no ``-r<n>`` suffix)."""
    match = _RUN_SUFFIX.search(name)
    return int(match.group(1)) if match else 1


def _tail_regex(tail: str) -> str:
    """Regex for the part of the pattern after {id}: the slug matches any slug-like text."""
    parts = [re.escape(p) for p in tail.split("{slug}")]
    return r"[a-z0-9-]*".join(parts) + r"(?:-r[0-9]+)?"
