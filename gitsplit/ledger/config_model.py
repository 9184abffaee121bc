"""The config's data: frozen dataclasses for tiers, agent profiles and prices, and the defaults."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from gitsplit.ledger.ids import LEDGER_DIR

CONFIG_PATH = f"{LEDGER_DIR}/config.yaml"
BRIEFING_MODES = ("stdin", "file", "both", "none")
# the usage parsers of runs/usage.py, by the name a profile's `report` gives (a test keeps the two
# equal, so the ledger layer need not import the runs layer to validate a config)
REPORT_FORMATS = (
    "claude-json",
    "codex-json",
    "aider-analytics",
    "gemini-json",
    "opencode-json",
    "json",
)
# what gitsplit fills into a profile's argv and env (docs/agents.md says what each is)
PLACEHOLDERS = ("model", "briefing_file", "report_file", "git_dir", "run", "wo", "branch")
DEFAULT_TIMEOUT = 3600  # seconds an agent may run before its process group is ended
ACCEPT_STRATEGIES = ("merge", "squash", "ff")
CLAIM_MODES = ("off", "optional", "required")  # docs/claims.md says what each does


@dataclass(frozen=True)
class AgentProfile:
    """How to launch one agent: argv (no shell), how the briefing goes in, extra env."""

    name: str
    argv: tuple[str, ...]
    briefing: str = "stdin"
    env: Mapping[str, str] = field(default_factory=dict)
    report: str | None = None
    description: str = ""
    # globs of the model ids this CLI takes (empty: any); a tier's model matching none is
    # refused before launch instead of failing at the model API
    models: tuple[str, ...] = ()
    # patterns of the files the agent leaves in the checkout, kept out of `git status` by
    # .git/info/exclude (never by the project's .gitignore)
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tier:
    """An execution surface: an agent profile, the model id its CLI takes, how it is priced.

    ``model`` is passed to the agent's CLI as written; ``price`` names the entry of the
    price table the run is priced by (empty: the same name as ``model``).
    """

    name: str
    agent: str
    model: str
    price: str = ""
    timeout: int = DEFAULT_TIMEOUT

    @property
    def price_key(self) -> str:
        """The price table's name for what this tier runs."""
        return self.price or self.model


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


def _argv(line: str) -> tuple[str, ...]:
    """A default profile's argv, written as a shell would split it (it is never run by one)."""
    return tuple(shlex.split(line))


# Claude Code takes its aliases or a model's full API name; "sonnet-4" is neither
CLAUDE_MODELS = ("claude-*", "sonnet", "opus", "haiku", "opusplan", "fable")
# aider (litellm) needs provider/model, except for the names it knows without a provider
# Gemini CLI runs its shell with core.hooksPath="" and no global git config: command-line
# config is the layer it keeps, so this puts the person's config and gitsplit's hooks back
GEMINI_GIT_CONFIG = (
    "'include.path'='~/.config/git/config' 'include.path'='~/.gitconfig' "
    "'core.hooksPath'='{hooks_dir}'"
)
AIDER_MODELS = ("*/*", "gpt-*", "o[0-9]*", "claude-*", "sonnet", "opus", "haiku", "gemini")

DEFAULT_AGENTS: dict[str, AgentProfile] = {
    "codex": AgentProfile(
        "codex",
        _argv("codex exec --json --model {model} --sandbox danger-full-access -"),
        "stdin",
        report="codex-json",
        description="OpenAI Codex CLI, non-interactive, JSON events; its sandbox is off "
        "(workspace-write keeps .git read-only, so it could not commit)",
    ),
    "codex-sandboxed": AgentProfile(
        "codex-sandboxed",
        _argv("codex exec --json --model {model} --sandbox workspace-write --add-dir {git_dir} -"),
        "stdin",
        report="codex-json",
        description="Codex CLI inside its workspace-write sandbox, with the repository's "
        ".git writable; for a run in the repository itself, not --worktree",
    ),
    "claude": AgentProfile(
        "claude",
        _argv(
            "claude -p --model {model} --output-format stream-json --verbose"
            " --permission-mode acceptEdits --allowedTools 'Bash(git:*),Bash(gitsplit:*)'"
        ),
        "stdin",
        report="claude-json",
        description="Claude Code in print mode: edits accepted, git and gitsplit allowed",
        models=CLAUDE_MODELS,
    ),
    "aider": AgentProfile(
        "aider",
        _argv(
            "aider --yes-always --no-check-update --no-show-release-notes --no-pretty --no-stream"
            " --no-gitignore --git-commit-verify --no-analytics --analytics-log {report_file}"
            " --model {model} --message-file {briefing_file}"
        ),
        "file",
        report="aider-analytics",
        description="aider with the briefing as its message file; commits through the hooks",
        models=AIDER_MODELS,
        exclude=(".aider*",),
    ),
    "gemini": AgentProfile(
        "gemini",
        _argv(
            "gemini --skip-trust --approval-mode yolo --output-format stream-json --model {model}"
        ),
        "stdin",
        env={"GIT_CONFIG_PARAMETERS": GEMINI_GIT_CONFIG},
        report="gemini-json",
        description="Gemini CLI, headless (briefing on stdin), every tool call approved",
        models=("gemini-*", "auto", "pro", "flash", "flash-lite"),
    ),
    "opencode": AgentProfile(
        "opencode",
        _argv("opencode run --format json -m {model}"),
        "stdin",
        report="opencode-json",
        description="opencode run, JSON events; a permission it would ask for is refused",
        models=("*/*",),
    ),
    "manual": AgentProfile(
        "manual", (), "none", description="a person: print the briefing's path and next steps"
    ),
}
DEFAULT_TIERS: dict[str, Tier] = {
    "cheap": Tier("cheap", "codex", "gpt-5.4-mini"),
    "standard": Tier("standard", "claude", "claude-sonnet-4-0", "sonnet-4"),
    "frontier": Tier("frontier", "codex", "gpt-5.5"),
    "architect": Tier("architect", "manual", "claude-opus-4-1", "opus-4.1"),
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
    accept_strategy: str = "merge"
    worktree_setup: tuple[str, ...] = ()  # commands run in a new worktree before agent and checks
    routing: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_ROUTING))
    architect_tier: str = "architect"
    tiers: Mapping[str, Tier] = field(default_factory=lambda: dict(DEFAULT_TIERS))
    agents: Mapping[str, AgentProfile] = field(default_factory=lambda: dict(DEFAULT_AGENTS))
    prices: Mapping[str, Price] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    prices_as_of: str = "2026-05-01"
    estimates: Mapping[str, Estimate] = field(default_factory=lambda: dict(DEFAULT_ESTIMATES))
    remote: str = "origin"  # the remote claims are made on (and WO branches pushed to)
    claims: str = "off"  # one of CLAIM_MODES
    lease: int = 30 * 60  # seconds a claim holds unless renewed
    lease_skew: int = 60  # seconds of clock difference allowed before a lease counts as over

    def tier_for(self, klass: str) -> Tier:
        """The tier a class routes to."""
        return self.tiers[self.routing[klass]]
