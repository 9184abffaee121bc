"""Money arithmetic: the price of turns on a model, and plans split across models.

Every amount is an exact ``Decimal``; it is quantised to the cent (ROUND_HALF_UP) only
when it is shown, so a total is the nearest cent to the true total.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

from gitsplit.errors import ValidationError
from gitsplit.ledger.config import Config, Price
from gitsplit.ledger.schema import suggest
from gitsplit.util.tokens import parse_tokens

CENT = Decimal("0.01")
MILLION = Decimal(1_000_000)
_TURNS = re.compile(r"^\s*\+?([0-9][0-9_]*)\s*$")


def cents(amount: Decimal) -> Decimal:
    """An amount rounded to the cent, half up (2.345 → 2.35), however large it is."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP, context=_room(amount, 2))


def money(amount: Decimal) -> str:
    """An amount as JSON shows it: ``"52.50"``."""
    return str(cents(amount))


def dollars(amount: Decimal) -> str:
    """An amount as text shows it: ``$1,052.50`` (``-$3.00`` when negative)."""
    rounded = cents(amount)
    sign = "-" if rounded < 0 else ""
    return f"{sign}${abs(rounded):,.2f}"


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal place (None when whole is 0)."""
    if whole == 0:
        return None
    share = part * 100 / whole
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP, context=_room(share, 1))


def _room(amount: Decimal, places: int) -> Context:
    """A context precise enough to show ``amount`` to ``places`` decimals (no overflow)."""
    return Context(prec=max(28, amount.adjusted() + places + 2))


def price_of(config: Config, model: str) -> Price:
    """The price of a model, or an error naming the models the table has."""
    price = config.prices.get(model)
    if price is None:
        raise ValidationError(
            f"model {model!r} is not in the price table{suggest(model, list(config.prices))}",
            hint=f"models priced: {', '.join(config.prices)}; add one under prices.models "
            "in .workledger/config.yaml",
        )
    return price


def turn_cost(price: Price, input_tokens: int, output_tokens: int) -> Decimal:
    """The exact cost of one turn of so many input and output tokens."""
    return (price.input * input_tokens + price.output * output_tokens) / MILLION


def parse_turns(value: object, *, what: str = "turns") -> int:
    """A whole, non-negative number of turns (``10``); refuses words and negatives."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value)
        match = _TURNS.match(text)
        if not match:
            problem = (
                "must not be negative" if text.strip().startswith("-") else "must be a whole number"
            )
            raise ValidationError(f"{what} {problem}, not {text!r}")
        number = int(match.group(1).replace("_", ""))
    if number < 0:
        raise ValidationError(f"{what} must not be negative, not {number}")
    return number


def single(model: str, turns: object) -> list[tuple[str, int]]:
    """The parts of ``--model M --turns N``, refusing zero turns."""
    number = parse_turns(turns, what="--turns")
    if number == 0:
        raise ValidationError("--turns must be at least 1")
    return [(model, number)]


def parse_split(text: str) -> list[tuple[str, int]]:
    """``opus-4.1:2,sonnet-4:8`` → [("opus-4.1", 2), ("sonnet-4", 8)]."""
    parts = []
    for item in text.split(","):
        if not item.strip():
            continue
        model, colon, turns = item.strip().rpartition(":")
        if not colon or not model.strip():
            raise ValidationError(
                f"--split part {item.strip()!r} is not MODEL:TURNS (e.g. opus-4.1:2,sonnet-4:8)"
            )
        parts.append((model.strip(), parse_turns(turns, what=f"turns of {model.strip()}")))
    if not parts:
        raise ValidationError(
            "--split names no parts; write MODEL:TURNS,MODEL:TURNS (e.g. opus-4.1:2,sonnet-4:8)"
        )
    return parts


@dataclass(frozen=True)
class Part:
    """Some turns on one model."""

    model: str
    turns: int
    price: Price
    per_turn: Decimal

    @property
    def cost(self) -> Decimal:
        """The exact cost of the part."""
        return self.per_turn * self.turns


@dataclass(frozen=True)
class Plan:
    """A plan priced: its parts, and the same turns all on the baseline model."""

    parts: tuple[Part, ...]
    input_tokens: int
    output_tokens: int
    baseline: Part
    prices_as_of: str

    @property
    def turns(self) -> int:
        """Turns in the whole plan."""
        return sum(part.turns for part in self.parts)

    @property
    def total(self) -> Decimal:
        """The exact cost of the plan."""
        return sum((part.cost for part in self.parts), Decimal(0))

    @property
    def saving(self) -> Decimal:
        """What the plan saves against every turn on the baseline model."""
        return self.baseline.cost - self.total


def plan(
    config: Config,
    parts: Sequence[tuple[str, int]],
    *,
    input_tokens: object,
    output_tokens: object,
    against: str | None = None,
) -> Plan:
    """Price turns of so many tokens each across models, against the dearest one named."""
    tokens_in = parse_tokens(input_tokens, what="--input")
    tokens_out = parse_tokens(output_tokens, what="--output")
    priced = []
    for model, turns in parts:
        price = price_of(config, model)
        if turns <= 0:
            raise ValidationError(
                f"no turns on {model}: every part needs at least one turn "
                "(leave out a part you do not want)"
            )
        priced.append(Part(model, turns, price, turn_cost(price, tokens_in, tokens_out)))
    if not priced:
        raise ValidationError("the plan names no turns")
    total_turns = sum(part.turns for part in priced)
    if against is not None:
        price = price_of(config, against)
        base = Part(against, total_turns, price, turn_cost(price, tokens_in, tokens_out))
    else:
        dearest = max(priced, key=lambda part: part.per_turn)  # first named wins a tie
        base = Part(dearest.model, total_turns, dearest.price, dearest.per_turn)
    return Plan(tuple(priced), tokens_in, tokens_out, base, config.prices_as_of)


def plan_json(result: Plan) -> dict[str, object]:
    """The stable JSON shape of a priced plan (money as strings)."""
    return {
        "prices_as_of": result.prices_as_of,
        "currency": "USD",
        "input_per_turn": result.input_tokens,
        "output_per_turn": result.output_tokens,
        "parts": [_part_json(part) for part in result.parts],
        "turns": result.turns,
        "total": money(result.total),
        "baseline": _part_json(result.baseline),
        "saving": money(result.saving),
        "saving_percent": _str_or_none(percent(result.saving, result.baseline.cost)),
    }


def _part_json(part: Part) -> dict[str, object]:
    """One part of a plan as JSON."""
    return {
        "model": part.model,
        "turns": part.turns,
        "input_per_million": str(part.price.input),
        "output_per_million": str(part.price.output),
        "per_turn": money(part.per_turn),
        "cost": money(part.cost),
    }


def _str_or_none(value: Decimal | None) -> str | None:
    """A Decimal as a string, keeping None."""
    return None if value is None else str(value)
