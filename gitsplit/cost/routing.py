"""Where a work order goes (class → tier → agent and model), and when its class looks wrong.

The suggestion only ever raises a class, from signals in the work order's own fields;
it is shown with its reasons and never applied to an existing work order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from gitsplit.errors import GitsplitError
from gitsplit.ledger import ids
from gitsplit.ledger.config import AgentProfile, Config, Tier
from gitsplit.ledger.records import Decision, WorkOrder
from gitsplit.ledger.schema import CLASSES
from gitsplit.ledger.store import Ledger

DEFAULT_CLASS = "C2"
MANY_DIRECTORIES = 4  # top-level directories a scope reaches before it looks cross-cutting
MANY_DEPENDENCIES = 4  # work orders whose results one work order must integrate
_WHOLE_TREE = {"", "**", "**/*", "*", "*/**", "."}
_WILDCARDS = set("*?[")


@dataclass(frozen=True)
class Reason:
    """One signal that a work order needs at least a given class."""

    code: str  # unbounded_scope, many_directories, proposed_decision, many_dependencies
    klass: str
    message: str


@dataclass(frozen=True)
class Suggestion:
    """A class to use instead, and every reason for it."""

    klass: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Route:
    """Where one work order goes and why."""

    order: WorkOrder
    tier: Tier
    agent: AgentProfile
    argv: tuple[str, ...]
    why: tuple[str, ...]
    suggestion: Suggestion | None


def reasons(
    *, scope: Sequence[str], decisions: Mapping[str, str], depends_on: Sequence[str]
) -> list[Reason]:
    """Every signal in a work order's fields; ``decisions`` maps id → status."""
    found: list[Reason] = []
    unbounded = [glob for glob in scope if top_directory(glob) is None]
    if not scope:
        found.append(
            Reason(
                "unbounded_scope",
                "C2",
                "it has no scope, so nothing bounds what "
                "a run may change; C1 is for mechanical work inside known paths",
            )
        )
    elif unbounded:
        found.append(
            Reason(
                "unbounded_scope",
                "C2",
                f"its scope {_quoted(unbounded)} reaches "
                "into every directory; C1 is for mechanical work inside known paths",
            )
        )
    tops = sorted({top for glob in scope if "/" in _clean(glob) and (top := top_directory(glob))})
    if len(tops) >= MANY_DIRECTORIES:
        found.append(
            Reason(
                "many_directories",
                "C3",
                f"its scope spans {len(tops)} top-level "
                f"directories ({', '.join(tops)}): cross-cutting work",
            )
        )
    for decision_id, status in decisions.items():
        if status == "proposed":
            found.append(
                Reason(
                    "proposed_decision",
                    "C4",
                    f"it names {decision_id}, which is "
                    "still proposed: the design is not settled (accept the "
                    "decision first, or leave the work to the architect)",
                )
            )
    if len(depends_on) >= MANY_DEPENDENCIES:
        found.append(
            Reason(
                "many_dependencies",
                "C3",
                f"it depends on {len(depends_on)} work "
                f"orders ({', '.join(depends_on)}) whose results it must integrate",
            )
        )
    return found


def suggest_class(current: str, found: Iterable[Reason]) -> Suggestion | None:
    """The highest class the reasons call for, when it is above the current one."""
    above = tuple(reason for reason in found if _rank(reason.klass) > _rank(current))
    if not above:
        return None
    return Suggestion(max((reason.klass for reason in above), key=_rank), above)


def class_for_new(
    ledger: Ledger, *, scope: Sequence[str], decisions: Sequence[str], depends_on: Sequence[str]
) -> Suggestion:
    """The class a new work order gets without ``--class``: C2 unless its fields say more."""
    found = reasons(
        scope=scope,
        decisions=decision_statuses(ledger, decisions),
        depends_on=[ids.normalize_id(raw, ids.WORKORDER) for raw in depends_on],
    )
    suggestion = suggest_class(DEFAULT_CLASS, found)
    return suggestion or Suggestion(DEFAULT_CLASS, ())


def route(ledger: Ledger, order: WorkOrder) -> Route:
    """The tier, agent and argv a work order is routed to, the reasons, and any suggestion."""
    config = ledger.config
    if order.klass not in CLASSES:
        raise GitsplitError(
            f"{order.path}: class {order.klass!r} is not one of "
            f"{', '.join(CLASSES)}, so it cannot be routed",
            hint=f"gitsplit wo set {order.id} class=C2",
        )
    tier = config.tier_for(order.klass)
    agent = config.agents[tier.agent]
    found = reasons(
        scope=order.scope,
        decisions=decision_statuses(ledger, order.decisions),
        depends_on=order.depends_on,
    )
    return Route(
        order,
        tier,
        agent,
        agent_argv(agent, tier),
        _why(config, order, tier, agent),
        suggest_class(order.klass, found),
    )


def agent_argv(agent: AgentProfile, tier: Tier) -> tuple[str, ...]:
    """The agent's argv with the tier's model filled in ({briefing_file} stays a placeholder)."""
    return tuple(arg.replace("{model}", tier.model) for arg in agent.argv)


def decision_statuses(ledger: Ledger, raw_ids: Sequence[str]) -> dict[str, str]:
    """Status of each named decision that exists (missing ones are `check`'s business)."""
    statuses: dict[str, str] = {}
    for raw in raw_ids:
        decision_id = ids.normalize_id(raw, ids.DECISION)
        try:
            statuses[decision_id] = ledger.get(ids.DECISION, decision_id, Decision).status
        except GitsplitError:
            continue
    return statuses


def top_directory(glob: str) -> str | None:
    """The top-level entry a scope glob stays inside; None when it reaches everywhere."""
    text = _clean(glob)
    if text in _WHOLE_TREE:
        return None
    first = text.split("/", 1)[0]
    return None if _WILDCARDS & set(first) else first


def _clean(glob: str) -> str:
    """A glob without surrounding space, leading ``./`` or leading ``/``."""
    text = glob.strip()
    while text.startswith("./"):
        text = text[2:]
    return text.lstrip("/")


def _why(config: Config, order: WorkOrder, tier: Tier, agent: AgentProfile) -> tuple[str, ...]:
    """The lines that explain a route, each naming the config key it comes from."""
    lines = [
        f"class {order.klass} routes to tier {tier.name} (config: routing.{order.klass})",
        f"tier {tier.name} runs agent {agent.name} with model {tier.model}"
        + (f", priced as {tier.price}" if tier.price and tier.price != tier.model else "")
        + f" (config: tiers.{tier.name})",
    ]
    if agent.description:
        lines.append(f"agent {agent.name}: {agent.description}")
    if tier.name == config.architect_tier:
        lines.append(f"{tier.name} is the architect tier: this work stays with the architect")
    return tuple(lines)


def _rank(klass: str) -> int:
    """C1 → 0 … C4 → 3 (unknown classes rank lowest)."""
    return CLASSES.index(klass) if klass in CLASSES else -1


def _quoted(globs: Sequence[str]) -> str:
    """Globs as ``a``, ``b`` for a message."""
    return ", ".join(f"`{glob}`" for glob in globs)
