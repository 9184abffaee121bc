"""The entry writer without PyYAML writes the bytes PyYAML writes, wherever it writes at all."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gitsplit.ledger import flat_yaml, flat_yaml_write, yamlio
from gitsplit.ledger.fileformat import Document
from tests.test_flat_yaml import ATOMS, KEYS

# Characters that decide a style: indicators, spaces, quotes, document markers, a colon.
TRICKY = " -?:,[]{}#&*!|>'\"%@`.~=<+0123456789eExyYnNtTfFoO/_\\"
texts = st.text(alphabet=st.sampled_from(TRICKY + "ab"), max_size=8) | st.sampled_from(ATOMS)
keys = st.sampled_from(KEYS) | st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,6}", fullmatch=True)


def same_as_pyyaml(key: str, value: Any) -> None:
    """Where the writer answers, its text is PyYAML's, and the readers read it back."""
    mine = flat_yaml_write.entry(key, value)
    if mine is None:
        return
    assert mine == yamlio.dump_entry(key, value), (key, value)
    assert yamlio.load(mine) == {key: value}
    assert flat_yaml.load(mine) in (None, {key: value})


@pytest.mark.parametrize("atom", ATOMS)
def test_each_value_is_written_as_pyyaml_writes_it(atom: str) -> None:
    same_as_pyyaml("title", atom)
    same_as_pyyaml("scope", [atom])
    same_as_pyyaml("scope", [atom, "b", atom])


@settings(max_examples=3000, deadline=None)
@given(key=keys, value=texts | st.lists(texts, max_size=4))
@example(key="title", value="---")
@example(key="title", value="- ")
@example(key="title", value=":")
@example(key="scope", value=["?a"])
@example(key="scope", value=["a:b"])
@example(key="on", value="x")
@example(key="title", value="a ?b")
def test_random_entries_are_written_as_pyyaml_writes_them(key: str, value: Any) -> None:
    same_as_pyyaml(key, value)


def test_the_usual_entries_are_written_without_pyyaml() -> None:
    # if these fall back, `wo new` imports PyYAML again
    usual = {
        "id": "WO-12",
        "title": "commit-msg: warn about another work order's trailer",
        "status": "draft",
        "depends_on": [],
        "scope": ["src/**", "docs/*.md"],
        "checks": ["pytest -q tests/test_x.py"],
        "created": "2026-11-24T17:34:55Z",
    }
    for key, value in usual.items():
        assert flat_yaml_write.entry(key, value) == yamlio.dump_entry(key, value)


@pytest.mark.parametrize(
    "value",
    [12, 1.5, True, None, "café", "a\tb", "a\nb", [["a"]], [{"a": 1}], [1], {"a": "b"}, "x" * 9000],
)
def test_anything_else_is_left_to_pyyaml(value: Any) -> None:
    assert flat_yaml_write.entry("title", value) is None


def test_a_long_key_is_left_to_pyyaml() -> None:
    # PyYAML writes a key of 128 characters or more as a complex key (`? key`)
    assert flat_yaml_write.entry("k" * 127, "x") == yamlio.dump_entry("k" * 127, "x")
    assert flat_yaml_write.entry("k" * 128, "x") is None


def test_a_new_document_is_written_as_before() -> None:
    rng = random.Random(81)
    for _ in range(300):
        fields = {key: rng.choice([rng.choice(ATOMS), rng.sample(ATOMS, 2), 3]) for key in KEYS}
        doc = Document.new(fields, "body\n", path=".workledger/workorders/WO-1.md")
        expected = "".join(yamlio.dump_entry(k, v) for k, v in fields.items())
        assert "".join(doc.frontmatter).startswith(expected)
