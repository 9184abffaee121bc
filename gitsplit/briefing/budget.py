"""Token estimates and fitting a briefing into its budget by cutting its lowest-priority parts.

The estimate is the text's UTF-8 size in bytes divided by four, rounded up: about one token
per English word-piece, no network and no tokenizer download, and the same number on every
machine. Code and non-English text tokenize denser than that, so leave some headroom.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gitsplit.errors import ValidationError

ESTIMATE = "UTF-8 bytes / 4, rounded up"


def estimate_tokens(text: str) -> int:
    """Estimated tokens of a text: UTF-8 bytes / 4, rounded up."""
    return (len(text.encode("utf-8")) + 3) // 4


class BudgetError(ValidationError):
    """The parts a briefing may never drop do not fit in the budget."""


@dataclass(frozen=True)
class Cut:
    """Something left out of a briefing to fit the budget, and how to get it."""

    section: str
    what: str
    command: str

    def as_json(self) -> dict[str, str]:
        """Plain data with stable keys."""
        return {"section": self.section, "what": self.what, "command": self.command}


@dataclass(frozen=True)
class Step:
    """One cut: which section it shrinks, how it changes the context, what it leaves out."""

    cut: Cut
    apply: Callable[[dict[str, Any]], None]


def too_small(budget: int, need: int, mandatory: str) -> BudgetError:
    """The error for a budget that cannot hold the parts never cut."""
    return BudgetError(
        f"a budget of {budget} tokens is too small: {mandatory} need about {need} tokens even "
        f"with everything else cut",
        hint=f"pass --budget {_round_up(need)} or more (estimate: {ESTIMATE})",
    )


def resolve_budget(budget: int | None, default: int) -> int:
    """The budget to fit: the one given, else the config's; it must be positive."""
    limit = default if budget is None else budget
    if limit <= 0:
        raise ValidationError(f"the budget must be a positive number of tokens, not {limit}")
    return limit


def _round_up(tokens: int) -> int:
    """A friendly budget at least ``tokens``: rounded up to the next hundred."""
    return -(-tokens // 100) * 100


def decision_text_cuts(context: dict[str, Any]) -> list[Step]:
    """Cuts that drop each decision's text, last decision first (titles and rejections stay)."""
    steps = []
    for index in reversed(range(len(context["decisions"]))):
        dec = context["decisions"][index]
        if dec["text"]:
            steps.append(
                Step(
                    Cut("decisions", f"text of {dec['id']}", f"gitsplit decision show {dec['id']}"),
                    _drop_text(index),
                )
            )
    return steps


def _drop_text(index: int) -> Any:
    """A cut that removes one decision's text (its title and rejected options stay)."""
    return lambda context: context["decisions"][index].update(text="")
