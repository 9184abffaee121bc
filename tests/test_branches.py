"""WO branch names: made from the config's pattern, and parsed back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gitsplit.ledger.branch_names import (
    branch_name,
    free_branch_name,
    parse_wo_branch,
    short_ref,
    slugify,
)
from gitsplit.ledger.config import Config
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import WorkOrder

DEFAULT = Config()


def order(wo_id: str = "WO-12", title: str = "Parse the config") -> WorkOrder:
    """A work order record held in memory."""
    return WorkOrder(
        Document.new(
            {"id": wo_id, "title": title, "status": "ready", "class": "C1"}, "", path=f"{wo_id}.md"
        )
    )


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Parse the config", "parse-the-config"),
        ("  Fix: `ids` (again)!! ", "fix-ids-again"),
        ("Café déjà vu", "cafe-deja-vu"),
        ("Crème brûlée: $(rm -rf /) & `ls`", "creme-brulee-rm-rf-ls"),
        ("日本語", "work"),
        ("", "work"),
        ("a" * 60, "a" * 40),
        (
            "one two three four five six seven eight nine ten",
            "one-two-three-four-five-six-seven-eight",
        ),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_branch_name_follows_the_pattern() -> None:
    assert branch_name(DEFAULT, order()) == "wo/WO-12-parse-the-config"
    assert branch_name(DEFAULT, order(), attempt=2) == "wo/WO-12-parse-the-config-r2"
    custom = replace(DEFAULT, branch_pattern="work/{slug}/{id}")
    assert branch_name(custom, order()) == "work/parse-the-config/WO-12"
    assert branch_name(replace(DEFAULT, branch_pattern="work/{id}"), order()) == "work/WO-12"


def test_free_branch_name_skips_taken_names() -> None:
    taken = {"wo/WO-12-parse-the-config", "wo/WO-12-parse-the-config-r2"}
    assert free_branch_name(DEFAULT, order(), taken) == "wo/WO-12-parse-the-config-r3"
    assert free_branch_name(DEFAULT, order(), set()) == "wo/WO-12-parse-the-config"


@pytest.mark.parametrize(
    ("name", "wo_id"),
    [
        ("wo/WO-12-parse-the-config", "WO-12"),
        ("wo/WO-12-parse-the-config-r2", "WO-12"),
        ("wo/WO-12-renamed-since", "WO-12"),
        ("wo/WO-12", "WO-12"),
        ("wo/WO-12-r3", "WO-12"),
        ("wo/wo-7-lower", "WO-7"),
        ("wo/WO-123-x", "WO-123"),
        ("wo/WO-0-zero", None),
        ("wo/WO-012-padded", None),
        ("wo/D-3-decision", None),
        ("feature/WO-12-x", None),
        ("main", None),
        ("wo/WO-12-a/b", None),
        ("wo/WO-12x", None),
    ],
)
def test_parse_default_pattern(name: str, wo_id: str | None) -> None:
    assert parse_wo_branch(DEFAULT, name) == wo_id


def test_parse_round_trips_every_generated_name() -> None:
    patterns = ("wo/{id}-{slug}", "{id}", "runs/{id}/{slug}", "x-{slug}-{id}", "wo/{id}_{slug}")
    for pattern in patterns:
        config = replace(DEFAULT, branch_pattern=pattern)
        for attempt in (1, 2, 11):
            name = branch_name(config, order("WO-5", "Do it: now"), attempt=attempt)
            assert parse_wo_branch(config, name) == "WO-5", (pattern, name)


def test_parse_custom_pattern_needs_its_prefix() -> None:
    config = replace(DEFAULT, branch_pattern="task-{id}")
    assert parse_wo_branch(config, "task-WO-4") == "WO-4"
    assert parse_wo_branch(config, "wo/WO-4-x") is None


def test_pattern_with_regex_characters_is_literal() -> None:
    config = replace(DEFAULT, branch_pattern="wo.{id}+{slug}")
    assert parse_wo_branch(config, "wo.WO-4+slug") == "WO-4"
    assert parse_wo_branch(config, "woxWO-4+slug") is None


def test_short_ref() -> None:
    assert short_ref("refs/heads/wo/WO-1-x") == (None, "wo/WO-1-x")
    assert short_ref("refs/remotes/origin/wo/WO-1-x") == ("origin", "wo/WO-1-x")
    assert short_ref("wo/WO-1-x") == (None, "wo/WO-1-x")
