"""Review a WO branch against its work order: ``review()`` returns a ``Review``; render it with
``render.text``, ``render.as_json`` or ``markdown.body``.

May import ``errors``, ``util``, ``gitio``, ``ledger``, ``work`` and ``runs``; must never
import ``briefing`` (which reads reviews), ``hooks`` or ``cli``.
"""

from gitsplit.review.core import review
from gitsplit.review.findings import VIOLATION, WARNING, Finding, Review

__all__ = ["VIOLATION", "WARNING", "Finding", "Review", "review"]
