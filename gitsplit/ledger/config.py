"""``.workledger/config.yaml``: a frozen, typed config with defaults and "did you mean" errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from gitsplit.errors import ConfigError
from gitsplit.ledger import config_cache, config_claims, config_steps
from gitsplit.ledger.config_fields import ConfigReader
from gitsplit.ledger.config_model import (
    BRIEFING_MODES as BRIEFING_MODES,
)
from gitsplit.ledger.config_model import (
    CONFIG_PATH as CONFIG_PATH,
)
from gitsplit.ledger.config_model import (
    DEFAULT_AGENTS as DEFAULT_AGENTS,
)
from gitsplit.ledger.config_model import (
    DEFAULT_ESTIMATES as DEFAULT_ESTIMATES,
)
from gitsplit.ledger.config_model import (
    DEFAULT_PRICES as DEFAULT_PRICES,
)
from gitsplit.ledger.config_model import (
    DEFAULT_PROTECTED as DEFAULT_PROTECTED,
)
from gitsplit.ledger.config_model import (
    DEFAULT_ROUTING as DEFAULT_ROUTING,
)
from gitsplit.ledger.config_model import (
    DEFAULT_TIERS as DEFAULT_TIERS,
)
from gitsplit.ledger.config_model import (
    DEFAULT_TIMEOUT as DEFAULT_TIMEOUT,
)
from gitsplit.ledger.config_model import (
    REPORT_FORMATS as REPORT_FORMATS,
)
from gitsplit.ledger.config_model import (
    AgentProfile as AgentProfile,
)
from gitsplit.ledger.config_model import (
    Config as Config,
)
from gitsplit.ledger.config_model import (
    Estimate as Estimate,
)
from gitsplit.ledger.config_model import (
    Price as Price,
)
from gitsplit.ledger.config_model import (
    Tier as Tier,
)
from gitsplit.ledger.config_spec import keys_at, node
from gitsplit.ledger.schema import suggest


def load(root: Path) -> Config:
    """Read the repository's config, or the defaults when it has none."""
    path = root / CONFIG_PATH
    if not path.exists():
        return Config()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=CONFIG_PATH) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError("not valid UTF-8 text", path=CONFIG_PATH, line=line) from None
    return parse(text, path=CONFIG_PATH, root=root)


def parse(text: str, *, path: str = CONFIG_PATH, root: Path | None = None) -> Config:
    """Parse config text; every error names the file, the line and the key.

    ``root``: the repository whose git dir keeps the parsed YAML (config_cache).
    """
    try:
        data = config_cache.parsed(text, root)
    except Exception as exc:  # PyYAML's error, met only when PyYAML parsed the text
        from gitsplit.ledger import yamlio

        if not isinstance(exc, yamlio.YAMLError):
            raise
        line = yamlio.error_line(exc)
        raise ConfigError(
            f"malformed YAML: {yamlio.error_text(exc)}",
            path=path,
            line=None if line is None else line + 1,
        ) from None
    reader = ConfigReader(text, path)
    mapping = reader.mapping(data, "")
    reader.known(mapping, keys_at(""), "")
    config = Config()
    scalars: dict[str, Any] = {}
    for key in ("default_branch", "branch_pattern", "architect_tier"):
        if key in mapping:
            scalars[key] = reader.text(mapping[key], key)
    if "protected_paths" in mapping:
        scalars["protected_paths"] = tuple(
            reader.texts(mapping["protected_paths"], "protected_paths")
        )
    briefing = reader.mapping(mapping.get("briefing", {}), "briefing")
    reader.known(briefing, keys_at("briefing"), "briefing")
    if "budget" in briefing:
        scalars["briefing_budget"] = reader.count(
            briefing["budget"], "briefing.budget", tokens=True
        )
    if "excerpt_lines" in briefing:
        scalars["excerpt_lines"] = reader.count(briefing["excerpt_lines"], "briefing.excerpt_lines")
    checks = reader.mapping(mapping.get("checks", {}), "checks")
    reader.known(checks, keys_at("checks"), "checks")
    if "timeout" in checks:
        scalars["check_timeout"] = reader.count(checks["timeout"], "checks.timeout")
    scalars.update(config_steps.accept_and_worktree(reader, mapping))
    scalars.update(config_claims.claims(reader, mapping))
    config = replace(
        config,
        **scalars,
        routing={**config.routing, **_routing(reader, mapping)},
        tiers={**config.tiers, **_tiers(reader, mapping)},
        agents={**config.agents, **_agents(reader, mapping)},
        estimates={**config.estimates, **_estimates(reader, mapping)},
        **_prices(reader, mapping, config),
    )
    _cross_check(reader, config)
    return config


def _routing(reader: ConfigReader, data: Mapping[str, Any]) -> dict[str, str]:
    """The class → tier table."""
    routing = reader.mapping(data.get("routing", {}), "routing")
    reader.known(routing, node("routing").names, "routing")
    return {klass: reader.text(tier, f"routing.{klass}") for klass, tier in routing.items()}


def _tiers(reader: ConfigReader, data: Mapping[str, Any]) -> dict[str, Tier]:
    """Named tiers: {agent, model, price, timeout}."""
    result = {}
    for name, raw in reader.mapping(data.get("tiers", {}), "tiers").items():
        where = f"tiers.{name}"
        item = reader.mapping(raw, where)
        reader.known(item, keys_at("tiers.*"), where)
        default = DEFAULT_TIERS.get(name)
        agent = item.get("agent", default.agent if default else None)
        model = item.get("model", default.model if default else None)
        if agent is None or model is None:
            reader.fail(where, "a tier needs both 'agent' and 'model'")
        if item.get("price") is not None:
            price = reader.text(item["price"], f"{where}.price")
        else:  # null or left out: a default's price names the default's own model
            price = default.price if default and "model" not in item and "price" not in item else ""
        timeout = item.get("timeout", default.timeout if default else DEFAULT_TIMEOUT)
        result[name] = Tier(
            name,
            reader.text(agent, f"{where}.agent"),
            reader.text(model, f"{where}.model"),
            price,
            reader.count(timeout, f"{where}.timeout"),
        )
    return result


def _agents(reader: ConfigReader, data: Mapping[str, Any]) -> dict[str, AgentProfile]:
    """Agent profiles: argv, briefing mode, env, report parser."""
    result = {}
    keys = keys_at("agents.*")
    for name, raw in reader.mapping(data.get("agents", {}), "agents").items():
        item = reader.mapping(raw, f"agents.{name}")
        reader.known(item, keys, f"agents.{name}")
        where = f"agents.{name}"
        if "argv" not in item and name not in DEFAULT_AGENTS:
            reader.fail(where, "an agent profile needs 'argv' (a list: program and arguments)")
        base = DEFAULT_AGENTS.get(name, AgentProfile(name, ()))
        mode = reader.text(item.get("briefing", base.briefing), f"{where}.briefing")
        if mode not in BRIEFING_MODES:
            reader.fail(
                f"{where}.briefing",
                f"{mode!r} is not one of "
                f"{', '.join(BRIEFING_MODES)}{suggest(mode, BRIEFING_MODES)}",
            )
        env = reader.mapping(item.get("env", dict(base.env)), f"{where}.env")
        report = (
            reader.text(item["report"], f"{where}.report")
            if item.get("report") is not None
            else base.report
        )
        if report is not None and report not in REPORT_FORMATS:
            reader.fail(
                f"{where}.report",
                f"unknown report parser {report!r}"
                f"{suggest(report, list(REPORT_FORMATS))}; parsers: "
                f"{', '.join(REPORT_FORMATS)}",
            )
        result[name] = AgentProfile(
            name=name,
            argv=tuple(reader.texts(item["argv"], f"{where}.argv"))
            if "argv" in item
            else base.argv,
            briefing=mode,
            env={str(k): reader.text(v, f"{where}.env.{k}") for k, v in env.items()},
            report=report,
            description=reader.text(item["description"], f"{where}.description")
            if "description" in item
            else base.description,
            models=_globs(reader, item, "models", where, base.models),
            exclude=_globs(reader, item, "exclude", where, base.exclude),
        )
    return result


def _globs(
    reader: ConfigReader,
    item: Mapping[str, Any],
    key: str,
    where: str,
    default: tuple[str, ...],
) -> tuple[str, ...]:
    """A profile's list of globs (an empty list or null: none)."""
    if key not in item:
        return default
    value = item[key]
    return () if value is None else tuple(reader.texts(value, f"{where}.{key}"))


def _prices(reader: ConfigReader, data: Mapping[str, Any], config: Config) -> dict[str, Any]:
    """The price table (USD per million tokens) and the date it was taken."""
    prices = reader.mapping(data.get("prices", {}), "prices")
    reader.known(prices, keys_at("prices"), "prices")
    models = dict(config.prices)
    for model, raw in reader.mapping(prices.get("models", {}), "prices.models").items():
        item = reader.mapping(raw, f"prices.models.{model}")
        reader.known(item, keys_at("prices.models.*"), f"prices.models.{model}")
        try:
            models[model] = Price(*(Decimal(str(item[k])) for k in ("input", "output")))
        except (KeyError, InvalidOperation):
            reader.fail(
                f"prices.models.{model}",
                "needs 'input' and 'output': USD per million tokens, as numbers",
            )
        price = models[model]
        if not (price.input.is_finite() and price.output.is_finite()):
            reader.fail(
                f"prices.models.{model}", "prices must be finite numbers (not .nan or .inf)"
            )
        if price.input < 0 or price.output < 0:
            reader.fail(f"prices.models.{model}", "prices must not be negative")
    as_of = reader.text(prices.get("as_of", config.prices_as_of), "prices.as_of")
    return {"prices": models, "prices_as_of": as_of}


def _estimates(reader: ConfigReader, data: Mapping[str, Any]) -> dict[str, Estimate]:
    """Per-class defaults of turns and tokens per turn."""
    result = {}
    for klass, raw in reader.mapping(data.get("estimates", {}), "estimates").items():
        where = f"estimates.{klass}"
        reader.known({klass: None}, node("estimates").names, "estimates")
        item = reader.mapping(raw, where)
        reader.known(item, keys_at("estimates.*"), where)
        base = DEFAULT_ESTIMATES[klass]
        result[klass] = Estimate(
            turns=reader.count(item.get("turns", base.turns), f"{where}.turns"),
            input=reader.count(item.get("input", base.input), f"{where}.input", tokens=True),
            output=reader.count(item.get("output", base.output), f"{where}.output", tokens=True),
        )
    return result


def _cross_check(reader: ConfigReader, config: Config) -> None:
    """Every class routes to a known tier, every tier to a known agent and priced model."""
    for klass, tier in config.routing.items():
        if tier not in config.tiers:
            reader.fail(
                f"routing.{klass}",
                f"unknown tier {tier!r}"
                f"{suggest(tier, list(config.tiers))}; tiers: {', '.join(config.tiers)}",
            )
    if config.architect_tier not in config.tiers:
        reader.fail("architect_tier", f"unknown tier {config.architect_tier!r}")
    for name, tier_spec in config.tiers.items():
        if tier_spec.agent not in config.agents:
            reader.fail(
                f"tiers.{name}.agent",
                f"unknown agent profile {tier_spec.agent!r}"
                f"{suggest(tier_spec.agent, list(config.agents))}",
            )
        if tier_spec.price_key not in config.prices:
            key = "price" if tier_spec.price else "model"
            reader.fail(
                f"tiers.{name}.{key}",
                f"{tier_spec.price_key!r} is not in the price table"
                f"{suggest(tier_spec.price_key, list(config.prices))}; add it under "
                f"prices.models, or name the entry it is priced by with tiers.{name}.price",
            )
    if "{id}" not in config.branch_pattern:
        reader.fail("branch_pattern", "must contain {id} (e.g. 'wo/{id}-{slug}')")
