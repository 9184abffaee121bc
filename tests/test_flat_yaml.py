"""The simple-frontmatter reader answers as PyYAML does, wherever it answers at all."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from gitsplit.ledger import flat_yaml, yamlio

ROOT = Path(__file__).resolve().parents[1]

# Values that are text, or look like it and are not, or break the simple shape.
ATOMS = [
    "ready",
    "WO-12",
    "P2",
    "C1",
    "Parse the queue",
    "a, b",
    "(draft)",
    "src/**",
    "x=y",
    "2026-01-01",
    "2026-01-01T00:00:00Z",
    "1e3",
    "0o7",
    "y",
    "n",
    ".",
    "./a",
    "a  b",
    "yes",
    "No",
    "ON",
    "off",
    "~",
    "null",
    "Null",
    "true",
    "False",
    "12",
    "1_000",
    "0x1F",
    "+1",
    "-1",
    "1.5",
    ".5",
    ".inf",
    "-.inf",
    ".NaN",
    "12:30",
    "=",
    "<<",
    "0b101",
    "'quoted'",
    "'it''s'",
    '"double"',
    '"esc\\n"',
    "'a # b'",
    "a # b",
    "a #b",
    "a:b",
    "a :b",
    "a::b",
    "http://x.y/z",
    "1:2",
    "10:20:30",
    "17:34:55Z",
    "2026-11-24T17:34:55Z",
    "a:",
    "a: ",
    "'it''s a ''x'''",
    "'a''",
    "[a:b]",
    "a: b",
    "- item",
    "-x",
    "*alias",
    "&anchor x",
    "!tag x",
    "|",
    ">",
    "%x",
    "@x",
    "`x`",
    "{a: 1}",
    "[a, b]",
    "[a,b]",
    "[a,  b]",
    "[]",
    "[a,]",
    "[[a]]",
    "['a, b']",
    "[WO-1, WO-2]",
    "['src/**', docs/*.md]",
    "[yes]",
    "[1]",
    "[~]",
    "[a b]",
    "[a]b",
    "[*x]",
    "['']",
    "''",
    '""',
    "a\tb",
    "é",
    "a\x0cb",
    "a\x85b",
    " lead",
    "trail ",
    "a\rb",
    '["q"]',
    "?x",
    ":x",
]
# lines that are comments, or look like one and are not
COMMENTS = [
    "# a comment",
    "#",
    "#x: y",
    "# yaml-language-server: $schema=x",
    " # indented",
    "\t#",
    "# tab\there",
    "# café",  # PyYAML reads it; the simple reader leaves non-ASCII to PyYAML
    "# a\rstatus: done",  # YAML breaks the line at a lone CR: a field after the comment
    "# a\x85status: done",
    "# a\u2028status: done",
    "# bell\x07",  # PyYAML refuses a control character anywhere, comments included
    "#\x0c",
]
KEYS = ["id", "title", "status", "depends_on", "scope", "x-y", "_k", "yes", "null", "1", "y"]


def yaml_answer(text: str) -> Any:
    """What PyYAML with the ledger loader reads, or the error it raises."""
    try:
        return ("ok", yamlio.load(text))
    except yaml.YAMLError:
        return ("error", None)


def same(text: str) -> None:
    """Where the simple reader answers, its answer is PyYAML's, types included."""
    fast = flat_yaml.load(text)
    if fast is None:
        return
    kind, slow = yaml_answer(text)
    assert kind == "ok", f"the simple reader accepted what PyYAML refuses: {text!r}"
    assert fast == slow and list(fast) == list(slow), text
    for key, value in fast.items():
        assert type(value) is type(slow[key]), (text, key)
        if isinstance(value, list):
            assert [type(v) for v in value] == [type(v) for v in slow[key]], (text, key)


@pytest.mark.parametrize("atom", ATOMS)
def test_each_value_alone(atom: str) -> None:
    same(f"id: {atom}\n")
    same(f"scope: [{atom}]\n")
    same(f"id: WO-1\ntitle: {atom}\r\n")


def test_random_frontmatters_read_alike() -> None:
    rng = random.Random(18)
    for _ in range(3000):
        lines = [
            rng.choice(COMMENTS)
            if rng.random() < 0.15
            else f"{rng.choice(KEYS)}:{rng.choice([' ', '  ', ''])}{rng.choice(ATOMS)}"
            for _ in range(rng.randint(1, 5))
        ]
        same(rng.choice(["\n", "\r\n", "\n\n"]).join(lines) + rng.choice(["", "\n"]))


def test_every_record_of_this_repository_reads_alike() -> None:
    texts = [
        path.read_text(encoding="utf-8").split("---\n")[1]
        for path in sorted((ROOT / ".workledger").rglob("*.md"))
        if path.read_text(encoding="utf-8").startswith("---\n")
    ]
    assert len(texts) > 50
    for text in texts:
        same(text)


def test_the_common_shape_is_read_without_pyyaml() -> None:
    # what `wo new` and the bench write: if this falls back, the fast path never runs
    text = (
        "id: WO-10\ntitle: Search queue commit index\nstatus: ready\nclass: C3\n"
        "priority: P2\ndepends_on: [WO-9]\nscope: ['src/area10/**']\n"
        "created: '2026-01-01T00:00:00Z'\n"
    )
    assert flat_yaml.load(text) == yamlio.load(text)
    as_written = (  # what `gitsplit wo new` writes, times unquoted and a quote doubled
        "id: WO-3\ntitle: 'commit-msg: warn about another work order''s trailer'\n"
        "status: done\nclass: C2\npriority: P3\ndepends_on: []\n"
        "scope: [gitsplit/hooks/**, tests/**]\nfiles: []\ndecisions: [D-19]\n"
        "checks: [.ci/run]\ncreated: 2026-11-24T17:34:55Z\nupdated: 2026-11-24T18:34:38Z\n"
    )
    assert flat_yaml.load(as_written) == yamlio.load(as_written)
    with_modeline = as_written + "# yaml-language-server: $schema=../schema/workorder.schema.json\n"
    assert flat_yaml.load(with_modeline) == yamlio.load(as_written)  # what `wo new` writes now
    assert flat_yaml.load("id: WO-1\nid: WO-2\n") is None  # PyYAML names the repeated key
    assert flat_yaml.load("title: yes\n") is None


@pytest.mark.parametrize(
    "comment", ["# a\rstatus: done", "# a\x85status: done", "# a\u2029status: done", "# \x07"]
)
def test_a_comment_holding_a_line_break_or_a_control_character_is_left_to_pyyaml(
    comment: str,
) -> None:
    # YAML ends a comment at any of its line breaks, so what follows a lone CR is a field
    # to PyYAML; skipping the whole line would hide it (and PyYAML refuses a bell)
    assert flat_yaml.load(f"id: WO-1\n{comment}\n") is None
