"""The shape of ``config.yaml``: every key, its type and what it holds, in one table.

``config.parse`` takes the keys it knows from here, and ``json_schema.config_schema`` makes
the editors' schema from the same table, so the two cannot drift apart (a test runs both
over a corpus of good and bad configs).
"""

from __future__ import annotations

from dataclasses import dataclass

from gitsplit.ledger.config_model import (
    ACCEPT_STRATEGIES,
    BRIEFING_MODES,
    CLAIM_MODES,
    DEFAULT_AGENTS,
    DEFAULT_TIERS,
    REPORT_FORMATS,
)
from gitsplit.ledger.schema import CLASSES


@dataclass(frozen=True)
class Key:
    """One config key.

    ``kind`` is one of: text, texts (a list of text), count (a whole number above zero),
    tokens (a count, also written 12k or 1.5M), duration (seconds, or 90s, 30m, 1h30m,
    2d; zero only for a skew), number (finite, not negative), enum
    (one of ``choices``), strings (a mapping of text to text, its keys one of ``names``
    when given), section (fixed ``keys``) and table (entries named freely, or one of
    ``names``, each a section of ``keys``). Sections, tables and strings may be null.
    """

    name: str
    kind: str
    help: str = ""
    choices: tuple[str, ...] = ()
    keys: tuple[Key, ...] = ()
    names: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    # a table's entries that have defaults, so need none of ``required``
    defaults: tuple[str, ...] = ()
    nullable: bool = False

    def key(self, name: str) -> Key:
        """The child key of this name."""
        return next(child for child in self.keys if child.name == name)

    def key_names(self) -> tuple[str, ...]:
        """The names of the child keys, in order."""
        return tuple(child.name for child in self.keys)


_TIER = (
    Key("agent", "text", "the agent profile that runs it"),
    Key("model", "text", "the model id the agent's CLI takes"),
    Key(
        "price",
        "text",
        "the entry of prices.models it is priced by (left out or null: model)",
        nullable=True,
    ),
    Key("timeout", "count", "seconds a run may take before its process group is ended"),
)
_AGENT = (
    Key("argv", "texts", "program and arguments, run without a shell"),
    Key("briefing", "enum", "how the briefing goes in", choices=BRIEFING_MODES),
    Key("env", "strings", "environment variables added for the agent"),
    Key(
        "report",
        "enum",
        "the parser of the agent's output",
        choices=REPORT_FORMATS,
        nullable=True,
    ),
    Key("description", "text", "one line on what this profile is"),
    Key("models", "texts", "globs of the model ids the CLI takes", nullable=True),
    Key("exclude", "texts", "files the agent leaves behind", nullable=True),
)
_ESTIMATE = (
    Key("turns", "count", "agent turns"),
    Key("input", "tokens", "input tokens per turn"),
    Key("output", "tokens", "output tokens per turn"),
)

CONFIG = Key(
    "",
    "section",
    "gitsplit configuration (.workledger/config.yaml); every key is optional",
    keys=(
        Key("default_branch", "text", "the authority branch: what is merged here is accepted"),
        Key("branch_pattern", "text", "a run's branch name; must contain {id}"),
        Key("protected_paths", "texts", "globs an execution run may never change"),
        Key(
            "briefing",
            "section",
            "mission briefings",
            keys=(
                Key("budget", "tokens", "tokens a briefing may use"),
                Key("excerpt_lines", "count", "lines shown of each likely file"),
            ),
        ),
        Key(
            "checks",
            "section",
            "work orders' checks",
            keys=(Key("timeout", "count", "seconds a check may run"),),
        ),
        Key(
            "accept",
            "section",
            "gitsplit accept",
            keys=(Key("strategy", "enum", "how a run lands", choices=ACCEPT_STRATEGIES),),
        ),
        Key(
            "worktree",
            "section",
            "new worktrees",
            keys=(Key("setup", "texts", "commands run in a new worktree", nullable=True),),
        ),
        Key("routing", "strings", "the tier each class of work goes to", names=CLASSES),
        Key("architect_tier", "text", "the tier that plans and reviews"),
        Key(
            "tiers",
            "table",
            "execution surfaces: agent, model, price, timeout",
            keys=_TIER,
            required=("agent", "model"),
            defaults=tuple(DEFAULT_TIERS),
        ),
        Key(
            "agents",
            "table",
            "how to launch each agent",
            keys=_AGENT,
            required=("argv",),
            defaults=tuple(DEFAULT_AGENTS),
        ),
        Key(
            "prices",
            "section",
            "USD per million tokens",
            keys=(
                Key("as_of", "text", "the date the prices were taken"),
                Key(
                    "models",
                    "table",
                    "price of each model",
                    keys=(
                        Key("input", "number", "USD per million input tokens"),
                        Key("output", "number", "USD per million output tokens"),
                    ),
                    required=("input", "output"),
                ),
            ),
        ),
        Key("remote", "text", "the git remote claims are made on (docs/claims.md)"),
        Key("claims", "enum", "off, optional or required", choices=CLAIM_MODES),
        Key("lease", "duration", "how long a claim holds unless renewed (30m, 1h)"),
        Key("lease_skew", "duration", "the clock difference allowed between machines"),
        Key(
            "estimates",
            "table",
            "what a work order of each class is assumed to take",
            names=CLASSES,
            keys=_ESTIMATE,
        ),
    ),
)


def keys_at(dotted: str) -> tuple[str, ...]:
    """The names of the keys allowed at a dotted section (``""`` is the top, ``tiers.*``)."""
    return node(dotted).key_names()


def node(dotted: str) -> Key:
    """The key at a dotted path, ``*`` standing for a table's entry (``agents.*.env``)."""
    current = CONFIG
    for part in dotted.split(".") if dotted else ():
        current = current if part == "*" else current.key(part)
    return current
