"""Branch names of work orders: ``config.branch_pattern`` filled with the id and a title slug."""

from __future__ import annotations

import re
import unicodedata

from gitsplit.config import Config
from gitsplit.records import WorkOrder

SLUG_MAX = 40
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str, *, limit: int = SLUG_MAX) -> str:
    """A branch-safe slug: lowercase ASCII words joined by hyphens, at most ``limit`` chars."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[:limit + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[:limit] else slug[:limit]
    return slug.strip("-") or "untitled"


def branch_name(config: Config, wo: WorkOrder) -> str:
    """The branch a work order runs on, e.g. ``wo/WO-12-parse-config``."""
    return config.branch_pattern.replace("{id}", wo.id).replace("{slug}", slugify(wo.title))
