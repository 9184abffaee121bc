"""Mission briefings: bounded, deterministic context rendered from the ledger.

The public API (no click, no printing) that the CLI and execution runs call::

    render_work_order_briefing(ledger, "WO-12", base=None, branch=None, budget=None,
                               rev="HEAD")
    render_checkpoint_briefing(ledger, "CP-4", budget=None, rev="HEAD")
    render_review_briefing(ledger, ["WO-12", "WO-13"], budget=None, rev="HEAD")

Each returns a ``Briefing`` (``.text``, ``.sha256``, ``.tokens``, ``.sections``, ``.cut``,
``.warnings``, ``.as_json()``) or raises a ``GitsplitError`` (``BudgetError`` when the
parts never cut do not fit). ``rev=None`` reads the working tree instead of a commit.

May import ``errors``, ``util``, ``gitio``, ``ledger`` and ``work``; must never import
``runs``, ``cost``, ``review``, ``hooks`` or ``cli`` (runs and the CLI import it).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gitsplit.briefing.budget import ESTIMATE, BudgetError, Cut, estimate_tokens
    from gitsplit.briefing.checkpoint import render_checkpoint_briefing
    from gitsplit.briefing.model import Briefing, Section
    from gitsplit.briefing.review import render_review_briefing
    from gitsplit.briefing.workorder import render_work_order_briefing

# Where each public name lives: imported on first use, so that ``check``, which reads
# records through ``briefing.source``, does not import every renderer with it.
_HOME = {
    "ESTIMATE": "budget",
    "BudgetError": "budget",
    "Cut": "budget",
    "estimate_tokens": "budget",
    "render_checkpoint_briefing": "checkpoint",
    "Briefing": "model",
    "Section": "model",
    "render_review_briefing": "review",
    "render_work_order_briefing": "workorder",
}

__all__ = [
    "ESTIMATE",
    "Briefing",
    "BudgetError",
    "Cut",
    "Section",
    "estimate_tokens",
    "render_checkpoint_briefing",
    "render_review_briefing",
    "render_work_order_briefing",
]


def __getattr__(name: str) -> Any:
    """A public name of the package, imported from its module on first use (PEP 562)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
