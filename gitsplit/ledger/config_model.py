"""The config's data: frozen dataclasses for tiers, agent profiles and prices, and the defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from gitsplit.ledger.ids import LEDGER_DIR

CONFIG_PATH = f"{LEDGER_DIR}/config.yaml"
BRIEFING_MODES = ("stdin", "file", "both", "none")
# the usage parsers of runs/usage.py, by the name a profile's `report` gives (a test keeps the two
# equal, so the ledger layer need not import the runs layer to validate a config)
REPORT_FORMATS = ("claude-json", "codex-json", "json")


@dataclass(frozen=True)
class AgentProfile:
    """How to launch one agent: argv (no shell), how the briefing goes in, extra env."""

    name: str
    argv: tuple[str, ...]
    briefing: str = "stdin"
    env: Mapping[str, str] = field(default_factory=dict)
    report: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Tier:
    """An execution surface: an agent profile and the model it runs."""

    name: str
    agent: str
    model: str


@dataclass(frozen=True)
class Price:
    """USD per million input and output tokens."""

    input: Decimal
    output: Decimal


@dataclass(frozen=True)
class Estimate:
    """Expected turns and tokens per turn for a class of work."""

    turns: int
    input: int
    output: int


DEFAULT_AGENTS: dict[str, AgentProfile] = {
    "codex": AgentProfile(
        "codex",
        ("codex", "exec", "--model", "{model}", "-"),
        "stdin",
        description="OpenAI Codex CLI, non-interactive; briefing on stdin",
    ),
    "claude": AgentProfile(
        "claude",
        ("claude", "-p", "--model", "{model}", "--output-format", "json"),
        "stdin",
        report="claude-json",
        description="Claude Code in print mode; reports total_cost_usd",
    ),
    "aider": AgentProfile(
        "aider",
        ("aider", "--yes-always", "--model", "{model}", "--message-file", "{briefing_file}"),
        "file",
        description="aider with the briefing as its message file",
    ),
    "manual": AgentProfile(
        "manual", (), "none", description="a person: print the briefing's path and next steps"
    ),
}
DEFAULT_TIERS: dict[str, Tier] = {
    "cheap": Tier("cheap", "codex", "gpt-5.4-mini"),
    "standard": Tier("standard", "claude", "sonnet-4"),
    "frontier": Tier("frontier", "codex", "gpt-5.5"),
    "architect": Tier("architect", "manual", "opus-4.1"),
}
DEFAULT_ROUTING = {"C1": "cheap", "C2": "cheap", "C3": "standard", "C4": "architect"}
DEFAULT_PRICES: dict[str, Price] = {
    "gpt-5.5": Price(Decimal("5"), Decimal("30")),
    "gpt-5.4-mini": Price(Decimal("0.75"), Decimal("4.50")),
    "sonnet-4": Price(Decimal("3"), Decimal("15")),
    "opus-4.1": Price(Decimal("15"), Decimal("75")),
}
DEFAULT_ESTIMATES = {
    "C1": Estimate(3, 40_000, 6_000),
    "C2": Estimate(6, 80_000, 12_000),
    "C3": Estimate(10, 150_000, 25_000),
    "C4": Estimate(10, 200_000, 30_000),
}
DEFAULT_PROTECTED = (
    f"{LEDGER_DIR}/config.yaml",
    f"{LEDGER_DIR}/decisions/**",
    f"{LEDGER_DIR}/invariants/**",
    f"{LEDGER_DIR}/checkpoints/**",
    f"{LEDGER_DIR}/templates/**",
)


@dataclass(frozen=True)
class Config:
    """Everything configurable, with the defaults gitsplit ships."""

    default_branch: str = "main"
    branch_pattern: str = "wo/{id}-{slug}"
    protected_paths: tuple[str, ...] = DEFAULT_PROTECTED
    briefing_budget: int = 12_000
    excerpt_lines: int = 40
    check_timeout: int = 600
    routing: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_ROUTING))
    architect_tier: str = "architect"
    tiers: Mapping[str, Tier] = field(default_factory=lambda: dict(DEFAULT_TIERS))
    agents: Mapping[str, AgentProfile] = field(default_factory=lambda: dict(DEFAULT_AGENTS))
    prices: Mapping[str, Price] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    prices_as_of: str = "2026-05-01"
    estimates: Mapping[str, Estimate] = field(default_factory=lambda: dict(DEFAULT_ESTIMATES))

    def tier_for(self, klass: str) -> Tier:
        """The tier a class routes to."""
        return self.tiers[self.routing[klass]]
