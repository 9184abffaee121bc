"""Review a WO branch against its work order: ``review()`` returns a ``Review``; render it with
``render.text``, ``render.as_json`` or ``markdown.body``."""

from gitsplit.review.core import review
from gitsplit.review.findings import VIOLATION, WARNING, Finding, Review

__all__ = ["VIOLATION", "WARNING", "Finding", "Review", "review"]
