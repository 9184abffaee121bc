"""``.workledger/config.yaml``: defaults, overrides, and errors that name file, line and key."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gitsplit.errors import ConfigError
from gitsplit.ledger import config, templates
from gitsplit.ledger.config import AgentProfile, Config, Estimate, Price, Tier
from tests.conftest import Repo


def test_defaults_without_a_config_file(tmp_path: Path) -> None:
    assert config.load(tmp_path) == Config()


def test_packaged_config_spells_out_the_defaults() -> None:
    text = (templates.packaged_dir() / "config.yaml").read_text(encoding="utf-8")
    parsed = config.parse(text)
    defaults = Config()
    for name in (
        "default_branch",
        "branch_pattern",
        "protected_paths",
        "briefing_budget",
        "excerpt_lines",
        "check_timeout",
        "accept_strategy",
        "worktree_setup",
        "routing",
        "architect_tier",
        "tiers",
        "prices",
        "prices_as_of",
        "estimates",
    ):
        assert getattr(parsed, name) == getattr(defaults, name), name
    for name, agent in defaults.agents.items():
        assert parsed.agents[name].argv == agent.argv
        assert parsed.agents[name].briefing == agent.briefing
        assert parsed.agents[name].report == agent.report
    assert "#" in text  # the config explains itself


def test_init_writes_the_commented_config(repo: Repo) -> None:
    text = repo.read(".workledger/config.yaml")
    assert text == (templates.packaged_dir() / "config.yaml").read_text(encoding="utf-8")
    assert config.load(repo.root).default_branch == "main"


EVERY_KEY = """\
default_branch: trunk
branch_pattern: "work/{id}"
protected_paths: [secret/**]
briefing:
  budget: 20k
  excerpt_lines: 10
checks:
  timeout: 30
routing:
  C1: local
  C2: local
  C3: frontier
  C4: frontier
architect_tier: frontier
tiers:
  local: {agent: mine, model: tiny-1}
  frontier: {model: gpt-5.5}
agents:
  mine:
    argv: [./agent.sh, "{model}"]
    briefing: file
    env: {AGENT_MODE: fast}
    report: claude-json
    description: a test stand-in
prices:
  as_of: "2027-01-01"
  models:
    tiny-1: {input: 0.1, output: "0.4"}
estimates:
  C1: {turns: 2, input: 1.5M, output: 500}
"""


def test_every_key_can_be_overridden() -> None:
    cfg = config.parse(EVERY_KEY)
    assert cfg.default_branch == "trunk"
    assert cfg.branch_pattern == "work/{id}"
    assert cfg.protected_paths == ("secret/**",)
    assert cfg.briefing_budget == 20_000
    assert cfg.excerpt_lines == 10
    assert cfg.check_timeout == 30
    assert dict(cfg.routing) == {"C1": "local", "C2": "local", "C3": "frontier", "C4": "frontier"}
    assert cfg.architect_tier == "frontier"
    assert cfg.tiers["local"] == Tier("local", "mine", "tiny-1")
    assert cfg.tiers["frontier"] == Tier("frontier", "codex", "gpt-5.5")  # agent kept
    assert cfg.tiers["cheap"] == config.DEFAULT_TIERS["cheap"]  # others kept
    assert cfg.agents["mine"] == AgentProfile(
        "mine",
        ("./agent.sh", "{model}"),
        "file",
        {"AGENT_MODE": "fast"},
        "claude-json",
        "a test stand-in",
    )
    assert cfg.prices["tiny-1"] == Price(Decimal("0.1"), Decimal("0.4"))
    assert cfg.prices["sonnet-4"] == config.DEFAULT_PRICES["sonnet-4"]
    assert cfg.prices_as_of == "2027-01-01"
    assert cfg.estimates["C1"] == Estimate(2, 1_500_000, 500)
    assert cfg.estimates["C4"] == config.DEFAULT_ESTIMATES["C4"]
    assert cfg.tier_for("C1").model == "tiny-1"


def test_config_is_frozen() -> None:
    cfg = Config()
    with pytest.raises(AttributeError):
        cfg.default_branch = "other"  # type: ignore[misc]


BAD = [
    # (text, line, words in the message)
    (
        "defualt_branch: main\n",
        1,
        ["defualt_branch", "unknown key", "did you mean 'default_branch'"],
    ),
    ("briefing:\n  budgte: 3\n", 2, ["briefing.budgte", "did you mean 'budget'"]),
    ("routing:\n  C5: cheap\n", 2, ["routing.C5", "unknown key", "C1, C2, C3, C4"]),
    ("tiers:\n  cheap: {agnet: codex}\n", 2, ["tiers.cheap.agnet", "did you mean 'agent'"]),
    ("agents:\n  codex:\n    argvs: [x]\n", 3, ["agents.codex.argvs", "did you mean 'argv'"]),
    ("prices:\n  model: {}\n", 2, ["prices.model", "did you mean 'models'"]),
    ("estimates:\n  C1: {turn: 3}\n", 2, ["estimates.C1.turn", "did you mean 'turns'"]),
    # bad types
    ("default_branch: [a, b]\n", 1, ["default_branch", "must be text"]),
    ("protected_paths: secret/**\n", 1, ["protected_paths", "must be a list"]),
    ("briefing:\n  budget: lots\n", 2, ["briefing.budget", "number of tokens", "'lots'"]),
    ("briefing: 12\n", 1, ["briefing", "must be a mapping"]),
    ("checks:\n  timeout: true\n", 2, ["checks.timeout", "whole number", "True"]),
    ("checks:\n  timeout: 0\n", 2, ["checks.timeout", "greater than zero"]),
    ("estimates:\n  C1: {turns: many}\n", 2, ["estimates.C1.turns", "whole number"]),
    ("agents:\n  codex:\n    argv: codex exec\n", 3, ["agents.codex.argv", "must be a list"]),
    ("agents:\n  codex:\n    env: {A: [1]}\n", 3, ["agents.codex.env.A", "must be text"]),
    ("agents:\n  codex: {briefing: stdn}\n", 2, ["agents.codex.briefing", "did you mean 'stdin'"]),
    ("agents:\n  mine: {briefing: stdin}\n", 2, ["agents.mine", "needs 'argv'"]),
    (
        "prices:\n  models:\n    gpt-5.5: {input: cheap, output: 2}\n",
        3,
        ["prices.models.gpt-5.5", "'input' and 'output'"],
    ),
    (
        "prices:\n  models:\n    gpt-5.5: {input: -1, output: 2}\n",
        3,
        ["prices.models.gpt-5.5", "negative"],
    ),
    ("branch_pattern: wo/{slug}\n", 1, ["branch_pattern", "{id}"]),
    ("key: [unclosed\n", 2, ["malformed YAML"]),
    # cross references
    ("routing:\n  C1: chep\n", 2, ["routing.C1", "unknown tier 'chep'", "did you mean 'cheap'"]),
    ("architect_tier: archtect\n", 1, ["architect_tier", "unknown tier"]),
    (
        "tiers:\n  cheap: {agent: codx, model: gpt-5.5}\n",
        2,
        ["tiers.cheap.agent", "unknown agent profile 'codx'", "did you mean 'codex'"],
    ),
    (
        "tiers:\n  cheap: {agent: codex, model: gpt-9}\n",
        2,
        ["tiers.cheap.model", "'gpt-9' is not in the price table", "prices.models"],
    ),
    ("tiers:\n  mine: {agent: codex}\n", 2, ["tiers.mine", "needs both 'agent' and 'model'"]),
]


@pytest.mark.parametrize("text, line, words", BAD, ids=[b[0].split("\n")[0] for b in BAD])
def test_bad_config_names_file_line_and_key(text: str, line: int, words: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        config.parse(text)
    message = str(info.value)
    assert message.startswith(f".workledger/config.yaml:{line}: "), message
    for word in words:
        assert word in message


def test_non_mapping_config_is_refused() -> None:
    with pytest.raises(ConfigError, match="must be a mapping"):
        config.parse("- a\n- b\n")


def test_empty_config_means_defaults() -> None:
    assert config.parse("") == Config()
    assert config.parse("# only comments\n") == Config()


def test_non_utf8_config_is_an_error_not_a_crash(repo: Repo) -> None:
    (repo.root / ".workledger/config.yaml").write_bytes(b"default_branch: ma\xffin\n")
    with pytest.raises(ConfigError, match=r"config\.yaml:1: not valid UTF-8"):
        config.load(repo.root)
    result = repo.cli("check")
    assert result.exit_code == 1
    assert ".workledger/config.yaml:1: not valid UTF-8 text" in result.output


def test_check_reports_an_unknown_key_with_did_you_mean(repo: Repo) -> None:
    path = repo.root / ".workledger/config.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("briefing:\n", "brefing:\n"), encoding="utf-8"
    )
    proc = repo.run("check")
    assert proc.returncode == 1
    line = 1 + path.read_text(encoding="utf-8").splitlines().index("brefing:")
    assert (
        f".workledger/config.yaml:{line}: brefing: unknown key (did you mean 'briefing'?)"
        in proc.stdout
    )
    assert "Traceback" not in proc.stderr


def test_check_rev_reads_the_committed_config(repo: Repo) -> None:
    repo.write(".workledger/config.yaml", "routing:\n  C1: nowhere\n")
    repo.commit_all("bad config")
    repo.write(".workledger/config.yaml", "")
    assert repo.cli("check").exit_code == 0
    result = repo.cli("check", "--rev", "HEAD")
    assert result.exit_code == 1
    assert ".workledger/config.yaml:2: routing.C1: unknown tier 'nowhere'" in result.output


def test_report_formats_name_exactly_the_usage_parsers() -> None:
    """The config validates `report` against a list kept equal to the parsers that exist."""
    from gitsplit.ledger.config import REPORT_FORMATS
    from gitsplit.runs.usage import PARSERS

    assert set(REPORT_FORMATS) == set(PARSERS)


def test_accept_strategy_is_checked() -> None:
    assert config.parse("accept:\n  strategy: squash\n").accept_strategy == "squash"
    with pytest.raises(ConfigError) as caught:
        config.parse("accept:\n  strategy: sqash\n")
    assert "accept.strategy: 'sqash' is not one of merge, squash, ff (did you mean 'squash'?)" in (
        str(caught.value)
    )
