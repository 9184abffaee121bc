"""A rendered briefing, and the loop that renders its sections and cuts them to the budget."""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gitsplit.briefing.budget import (
    ESTIMATE,
    BudgetError,
    Cut,
    Step,
    estimate_tokens,
    notices,
    too_small,
)
from gitsplit.ledger.templates import Renderer

_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Section:
    """One section of a rendered briefing: its size and what was cut from it."""

    name: str
    tokens: int
    cut: bool
    omitted: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Plain data with stable keys."""
        return {
            "name": self.name,
            "tokens": self.tokens,
            "cut": self.cut,
            "omitted": list(self.omitted),
        }


@dataclass(frozen=True)
class Briefing:
    """A rendered briefing: its text, the sections it is made of, and what was cut."""

    kind: str
    ids: tuple[str, ...]
    text: str
    budget: int
    sections: tuple[Section, ...]
    cut: tuple[Cut, ...]
    commit: str | None
    branch: str | None = None
    base: str | None = None
    warnings: tuple[str, ...] = ()
    # the ledger files and folders it was made from (pathspecs; empty for the working tree)
    read: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        """Hex sha256 of the text's UTF-8 bytes (what a run records)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def tokens(self) -> int:
        """Estimated tokens of the whole text."""
        return estimate_tokens(self.text)

    def as_json(self) -> dict[str, Any]:
        """Plain data with stable keys, text included."""
        return {
            "kind": self.kind,
            "ids": list(self.ids),
            "sha256": self.sha256,
            "tokens": self.tokens,
            "budget": self.budget,
            "estimate": ESTIMATE,
            "commit": self.commit,
            "branch": self.branch,
            "base": self.base,
            "sections": [s.as_json() for s in self.sections],
            "cut": [c.as_json() for c in self.cut],
            "warnings": list(self.warnings),
            "text": self.text,
        }


@dataclass
class Part:
    """A section to render: its name, its template, and extra context just for it."""

    name: str
    template: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    """Everything needed to render one briefing and fit it to a budget."""

    kind: str
    ids: tuple[str, ...]
    top: str
    parts: list[Part]
    context: dict[str, Any]
    steps: list[Step]
    mandatory: str
    commit: str | None
    branch: str | None = None
    base: str | None = None


def tidy(text: str) -> str:
    """At most one blank line in a row, no leading blank lines, one final newline."""
    return _BLANK_RUNS.sub("\n\n", text).lstrip("\n").rstrip() + "\n"


def assemble(
    plan: Plan,
    renderer: Renderer,
    *,
    budget: int,
    warnings: list[str],
    max_chars: int | None = None,
    read: Iterable[str] = (),
) -> Briefing:
    """Render every part, then cut in the plan's order until the text fits the budget.

    ``max_chars`` also bounds the text's length in characters (``brief --max-chars``), cut
    in the same order. A cut that would not make the text shorter (its notice costs more
    than the part) is skipped, so the cuts made are always the plan's order minus the
    useless ones.
    """
    plan.context.update(budget=budget, estimate=ESTIMATE, max_chars=max_chars)

    def size(text: str) -> tuple[int, int]:
        return estimate_tokens(text), len(text)

    def fits(text: str) -> bool:
        return estimate_tokens(text) <= budget and (max_chars is None or len(text) <= max_chars)

    texts: dict[str, str] = {}

    def render(cuts: list[Cut], dirty: set[str]) -> str:
        for part in plan.parts:
            if part.name in dirty or part.name not in texts:
                texts[part.name] = tidy(
                    renderer.render(part.template, {**plan.context, **part.extra})
                )
        sections = [
            {"name": p.name, "text": texts[p.name]} for p in plan.parts if texts[p.name].strip()
        ]
        return tidy(
            renderer.render(plan.top, {**plan.context, "sections": sections, "cut": notices(cuts)})
        )

    cuts: list[Cut] = []
    text = render(cuts, set())
    for step in plan.steps:
        if fits(text):
            break
        saved_texts = dict(texts)
        undo = _saver(plan.context, step)
        step.apply(plan.context)
        candidate = render([*cuts, step.cut], {step.cut.section})
        if size(candidate) < size(text):
            cuts.append(step.cut)
            text = candidate
        else:
            undo()
            texts.update(saved_texts)
    if estimate_tokens(text) > budget:
        raise too_small(budget, _need(plan, cuts, text, render), plan.mandatory)
    if max_chars is not None and len(text) > max_chars:
        raise BudgetError(
            f"--max-chars {max_chars} is too small: {plan.mandatory} take {len(text)} "
            "characters even with everything else cut",
            hint=f"pass --max-chars {len(text)} or more",
        )
    sections = tuple(
        Section(
            p.name,
            estimate_tokens(texts[p.name]) if texts[p.name].strip() else 0,
            cut=not texts[p.name].strip() and any(c.section == p.name for c in cuts),
            omitted=tuple(c.what for c in cuts if c.section == p.name),
        )
        for p in plan.parts
    )
    return Briefing(
        plan.kind,
        plan.ids,
        text,
        budget,
        sections,
        tuple(cuts),
        plan.commit,
        plan.branch,
        plan.base,
        tuple(warnings),
        tuple(sorted(read)),
    )


def _saver(context: dict[str, Any], step: Step) -> Any:
    """What puts the context back if a step's cut does not help."""
    if step.save is not None:
        return step.save(context)
    saved = copy.deepcopy(context)

    def undo() -> None:
        context.clear()
        context.update(saved)

    return undo


def _need(plan: Plan, cuts: list[Cut], text: str, render: Any) -> int:
    """The smallest budget the fully cut text fits, with that budget written in its notice."""
    need = estimate_tokens(text)
    for _ in range(3):  # the budget's digits are part of the text: settle them
        plan.context["budget"] = need
        again = estimate_tokens(render(cuts, set()))
        if again <= need:
            break
        need = again
    return need
