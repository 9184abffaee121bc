"""``gitsplit cost plan``: the arithmetic of a plan, to the cent, and its bad inputs."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from gitsplit.cost import money
from gitsplit.errors import ValidationError
from gitsplit.ledger.config import Config, Price
from gitsplit.util.tokens import parse_tokens
from tests.conftest import Repo

TEN_ON_OPUS = (
    "cost",
    "plan",
    "--turns",
    "10",
    "--input",
    "200k",
    "--output",
    "30k",
    "--model",
    "opus-4.1",
)
SPLIT = ("cost", "plan", "--split", "opus-4.1:2,sonnet-4:8", "--input", "200K", "--output", "30K")


def test_ten_turns_on_opus_cost_52_50(repo: Repo) -> None:
    data = json.loads(repo.ok(*TEN_ON_OPUS, "--json"))
    assert data["total"] == "52.50"
    assert data["parts"] == [
        {
            "model": "opus-4.1",
            "turns": 10,
            "input_per_million": "15",
            "output_per_million": "75",
            "per_turn": "5.25",
            "cost": "52.50",
        }
    ]
    assert data["saving"] == "0.00"
    text = repo.ok(*TEN_ON_OPUS)
    assert "$52.50" in text and "saving" not in text


def test_two_on_opus_and_eight_on_sonnet_cost_18_90_and_save_33_60(repo: Repo) -> None:
    data = json.loads(repo.ok(*SPLIT, "--json"))
    assert [(p["model"], p["turns"], p["cost"]) for p in data["parts"]] == [
        ("opus-4.1", 2, "10.50"),
        ("sonnet-4", 8, "8.40"),
    ]
    assert (data["total"], data["saving"], data["saving_percent"]) == ("18.90", "33.60", "64.0")
    assert data["baseline"]["model"] == "opus-4.1" and data["baseline"]["cost"] == "52.50"
    assert data["turns"] == 10 and data["prices_as_of"] == "2026-05-01"
    assert list(data) == [
        "prices_as_of",
        "currency",
        "input_per_turn",
        "output_per_turn",
        "parts",
        "turns",
        "total",
        "baseline",
        "saving",
        "saving_percent",
    ]


def test_figures_through_a_real_subprocess(repo: Repo) -> None:
    proc = repo.run(*SPLIT)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[1].split() == ["opus-4.1", "2", "15.00", "75.00", "$5.25", "$10.50"]
    assert lines[2].split() == ["sonnet-4", "8", "3.00", "15.00", "$1.05", "$8.40"]
    assert lines[3].split() == ["total", "10", "$18.90"]
    assert "all 10 turns on opus-4.1: $52.50" in proc.stdout
    assert "saving: $33.60 (64.0%)" in proc.stdout


def test_plan_works_outside_a_repository(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    proc = repo.run(*TEN_ON_OPUS, "--json", cwd=outside)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"] == "52.50"


def test_repository_prices_are_used(repo: Repo) -> None:
    repo.write(
        ".workledger/config.yaml", "prices:\n  models:\n    local-7b: {input: 0.1, output: 0.2}\n"
    )
    data = json.loads(
        repo.ok(
            "cost",
            "plan",
            "--model",
            "local-7b",
            "--turns",
            "3",
            "--input",
            "1.5M",
            "--output",
            "500k",
            "--json",
        )
    )
    assert data["total"] == "0.75"  # 3 × (0.15 + 0.10)


def test_against_compares_with_a_named_model(repo: Repo) -> None:
    data = json.loads(
        repo.ok(
            "cost",
            "plan",
            "--model",
            "sonnet-4",
            "--turns",
            "10",
            "--input",
            "200k",
            "--output",
            "30k",
            "--against",
            "opus-4.1",
            "--json",
        )
    )
    assert (data["total"], data["baseline"]["cost"], data["saving"]) == ("10.50", "52.50", "42.00")


def test_half_cent_rounds_up_and_parts_are_exact() -> None:
    config = Config(prices={"m": Price(Decimal("0.05"), Decimal("0"))})
    result = money.plan(config, [("m", 1)], input_tokens="100k", output_tokens=0)
    assert result.total == Decimal("0.005")
    assert money.money(result.total) == "0.01"  # ROUND_HALF_UP, where float gives 0.00 or 0.01
    three = money.plan(config, [("m", 3)], input_tokens="100k", output_tokens=0)
    assert three.total == Decimal("0.015") and money.money(three.total) == "0.02"
    assert money.dollars(Decimal("-3")) == "-$3.00"
    assert money.dollars(Decimal("1234.5")) == "$1,234.50"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("opus-4.1:2,sonnet-4:8", [("opus-4.1", 2), ("sonnet-4", 8)]),
        (" opus-4.1 : 2 , sonnet-4:8 ,", [("opus-4.1", 2), ("sonnet-4", 8)]),
        ("vendor:model:3", [("vendor:model", 3)]),
        ("gpt-5.5:1_000", [("gpt-5.5", 1000)]),
    ],
)
def test_split_parsing(text: str, parts: list[tuple[str, int]]) -> None:
    assert money.parse_split(text) == parts


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("200k", 200_000),
        ("200K", 200_000),
        ("1.5M", 1_500_000),
        ("1.5m", 1_500_000),
        ("30000", 30_000),
        ("1,000", 1_000),
        ("2_500", 2_500),
        (" 12k ", 12_000),
        (0, 0),
    ],
)
def test_token_suffixes(text: object, number: int) -> None:
    assert parse_tokens(text) == number


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--model", "opus", "--turns", "2"),
            "model 'opus' is not in the price table (did you mean 'opus-4.1'?)",
        ),
        (("--split", "opus-4.1:2,sonet-4:8"), "(did you mean 'sonnet-4'?)"),
        (("--model", "opus-4.1", "--turns", "0"), "--turns must be at least 1"),
        (("--model", "opus-4.1", "--turns", "-3"), "--turns must not be negative"),
        (("--model", "opus-4.1", "--turns", "many"), "--turns must be a whole number"),
        (("--split", ","), "--split names no parts"),
        (("--split", ""), "--split names no parts"),
        (("--split", "opus-4.1"), "is not MODEL:TURNS"),
        (("--split", "opus-4.1:0"), "no turns on opus-4.1"),
        (("--split", "opus-4.1:x"), "turns of opus-4.1 must be a whole number"),
        (("--split", "opus-4.1:1", "--against", "gpt5"), "(did you mean 'gpt-5.5'?)"),
    ],
)
def test_bad_plans_exit_1_with_one_clear_message(
    repo: Repo, args: tuple[str, ...], message: str
) -> None:
    result = repo.cli("cost", "plan", "--input", "200k", "--output", "30k", *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        ("-5", "--input must not be negative"),
        ("-200k", "--input must not be negative"),
        ("lots", "--input must be a number of tokens like 200000, 200k or 1.5M, not 'lots'"),
        ("1.2345k", "is not a whole number of tokens"),
        ("10G", "must be a number of tokens"),
    ],
)
def test_bad_token_counts_exit_1(repo: Repo, tokens: str, message: str) -> None:
    result = repo.cli(
        "cost", "plan", "--model", "opus-4.1", "--turns", "1", "--input", tokens, "--output", "1k"
    )
    assert result.exit_code == 1 and message in result.stderr


def test_bad_token_count_through_a_subprocess(repo: Repo) -> None:
    proc = repo.run(
        "cost", "plan", "--model", "opus-4.1", "--turns", "1", "--input", "1k", "--output", "-1"
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == "gitsplit: error: --output must not be negative (got -1)"


@pytest.mark.parametrize(
    "args",
    [
        ("--input", "1k", "--output", "1k"),
        ("--model", "opus-4.1", "--input", "1k", "--output", "1k"),
        ("--split", "opus-4.1:1", "--turns", "2", "--input", "1k", "--output", "1k"),
        ("--model", "opus-4.1", "--turns", "2", "--output", "1k"),
    ],
)
def test_incomplete_options_are_usage_errors(repo: Repo, args: tuple[str, ...]) -> None:
    assert repo.cli("cost", "plan", *args).exit_code == 2


def test_parse_turns_refuses_words() -> None:
    with pytest.raises(ValidationError, match="whole number"):
        money.parse_turns("2.5")


def test_huge_token_counts_are_priced_not_a_traceback(repo: Repo) -> None:
    result = repo.cli(
        "cost",
        "plan",
        "--split",
        "opus-4.1:99999999999999999999",
        "--input",
        "99999999999999999999999999M",
        "--output",
        "1",
    )
    assert result.exit_code == 0, result.output
    assert "$1,499,999,999,999,999,999,999,9" in result.stdout
    assert money.dollars(Decimal("1e40")) == "$10" + ",000" * 13 + ".00"


def test_turns_with_split_says_the_split_holds_the_turns(repo: Repo) -> None:
    result = repo.cli(
        "cost",
        "plan",
        "--turns",
        "10",
        "--input",
        "200k",
        "--output",
        "30k",
        "--split",
        "opus-4.1:2,sonnet-4:8",
    )
    assert result.exit_code == 2
    assert "--split says how many turns each model gets" in result.stderr
    assert "leave out --turns" in result.stderr
