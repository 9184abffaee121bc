"""Names of work-order branches: make one from the config's pattern, and read one back."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Container

from gitsplit.config import Config
from gitsplit.records import WorkOrder

SLUG_MAX = 40
_ID = r"(?P<id>[Ww][Oo]-[1-9][0-9]*)(?![0-9])"
_SLUG = r"[^/]*"
_RETRY = r"(?:-r[0-9]+)?"
_SEPARATORS = "-_."


def slugify(title: str, *, limit: int = SLUG_MAX) -> str:
    """A short lowercase ASCII slug of a title: ``Parse the config!`` → ``parse-the-config``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or (words[0][:limit] if words else "work")


def branch_name(config: Config, wo: WorkOrder, *, attempt: int = 1) -> str:
    """The branch of a work order's run: ``wo/WO-12-parse-config`` (``-r2`` for a 2nd run)."""
    name = config.branch_pattern.replace("{id}", wo.id).replace("{slug}", slugify(wo.title))
    return name if attempt <= 1 else f"{name}-r{attempt}"


def free_branch_name(config: Config, wo: WorkOrder, taken: Container[str]) -> str:
    """The first of ``branch_name`` attempt 1, 2, 3… that is not in ``taken``."""
    attempt = 1
    while branch_name(config, wo, attempt=attempt) in taken:
        attempt += 1
    return branch_name(config, wo, attempt=attempt)


def parse_wo_branch(config: Config, name: str) -> str | None:
    """The work order id a branch name carries under the config's pattern, or None.

    ``name`` is a short branch name (``wo/WO-12-parse-config``, ``wo/WO-12-x-r2``);
    the slug part may be anything (titles change), and may be left out entirely.
    """
    for pattern in _patterns(config.branch_pattern):
        match = pattern.fullmatch(name)
        if match:
            return "WO-" + match.group("id")[3:]
    return None


def attempt_of(name: str) -> int:
    """The run attempt a branch name carries: ``…-r3`` → 3, no suffix → 1."""
    match = re.search(r"-r([0-9]+)$", name)
    return int(match.group(1)) if match else 1


def short_ref(ref: str) -> tuple[str | None, str]:
    """``refs/heads/x`` → (None, 'x'); ``refs/remotes/origin/x`` → ('origin', 'x')."""
    if ref.startswith("refs/heads/"):
        return None, ref[len("refs/heads/"):]
    if ref.startswith("refs/remotes/"):
        remote, _, branch = ref[len("refs/remotes/"):].partition("/")
        return remote, branch
    return None, ref


@functools.lru_cache(maxsize=8)
def _patterns(pattern: str) -> tuple[re.Pattern[str], ...]:
    """Regexes for the pattern as written, and with ``{slug}`` (and its separator) left out."""
    variants = [pattern]
    for sep in _SEPARATORS:
        if sep + "{slug}" in pattern:
            variants.append(pattern.replace(sep + "{slug}", "", 1))
    return tuple(re.compile(_regex(v)) for v in variants)


def _regex(pattern: str) -> str:
    """One branch pattern as a regular expression (a retry suffix allowed at the end)."""
    parts = re.split(r"(\{id\}|\{slug\})", pattern)
    pieces = [_ID if p == "{id}" else _SLUG if p == "{slug}" else re.escape(p) for p in parts]
    if pieces.count(_ID) > 1:  # a repeated {id} must repeat the same id
        first = pieces.index(_ID)
        pieces = [p if i == first or p != _ID else "(?i:(?P=id))" for i, p in enumerate(pieces)]
    return "".join(pieces) + _RETRY
