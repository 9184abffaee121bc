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
    """Something left out of a briefing to fit the budget, and how to get it.

    Cuts of one ``group`` (the parts of one file's excerpt) are announced in one line:
    ``group (PARTS): group_command``, or only the cut that names the whole group.
    """

    section: str
    what: str
    command: str
    group: str = ""
    part: str = ""  # what of the group this cut leaves out, e.g. "lines 1–40"
    group_command: str = ""

    def as_json(self) -> dict[str, str]:
        """Plain data with stable keys."""
        return {"section": self.section, "what": self.what, "command": self.command}


@dataclass(frozen=True)
class Step:
    """One cut: which section it shrinks, how it changes the context, what it leaves out.

    ``save`` (optional) snapshots what ``apply`` changes and returns the function that puts
    it back, so a useless cut is undone without copying the whole context.
    """

    cut: Cut
    apply: Callable[[dict[str, Any]], None]
    save: Callable[[dict[str, Any]], Callable[[], None]] | None = None


def notices(cuts: list[Cut]) -> list[dict[str, str]]:
    """The cut lines a briefing shows: one per cut, the parts of one group in one line."""
    whole = {c.group for c in cuts if c.group and not c.part}
    shown: list[dict[str, str]] = []
    parts: dict[str, dict[str, str]] = {}
    for cut in cuts:
        if not cut.group or (cut.group in whole and not cut.part):
            shown.append({"what": cut.what, "command": cut.command})
        elif cut.group not in whole:
            if cut.group not in parts:
                parts[cut.group] = {"what": cut.group, "command": cut.group_command, "n": ""}
                shown.append(parts[cut.group])
            line = parts[cut.group]
            line["n"] = f"{line['n']}, {cut.part}" if line["n"] else cut.part
            line["what"] = f"{cut.group} ({line['n']})"
    return [{"what": line["what"], "command": line["command"]} for line in shown]


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
