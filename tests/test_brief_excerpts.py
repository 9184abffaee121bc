"""Excerpts show the code a work order is about: named ranges and symbols, then matches."""

from __future__ import annotations

import json
import re

import pytest

from gitsplit.briefing import locate, relevance, render_work_order_briefing
from gitsplit.ledger.store import Ledger
from tests.conftest import Repo

HEAD = '"""Timed signatures."""\n\n' + "".join(f"import mod{n}\n" for n in range(1, 60))
TIMED = (
    HEAD
    + "\n\nclass TimestampSigner(Signer):\n"
    + '    """Signs with a time."""\n\n'
    + "    def sign(self, value):\n"
    + "        return value\n\n"
    + "    def unsign(self, signed_value, max_age=None):\n"
    + "        age = now() - stamp(signed_value)\n"
    + "        if max_age is not None and age > max_age:\n"
    + "            raise SignatureExpired(age)\n"
    + "        return signed_value\n\n"
    + "".join(f"def helper{n}(x):\n    return x + {n}\n\n" for n in range(1, 30))
)
BODY = """\
## Problem

`TimestampSigner.unsign` accepts a negative max_age: every signature then looks expired.

## Acceptance

- [ ] `unsign(value, max_age=-1)` raises ValueError.
"""
JS = (
    "// lib\n"
    + "".join(f"const c{n} = {n};\n" for n in range(1, 50))
    + ("\nexport function parseAge(text) {\n  return Number(text);\n}\n\nfunction other() {}\n")
)


def _lines(text: str, path: str) -> set[int]:
    """The line numbers a briefing's excerpt of one file shows."""
    section = text.split(f"### {path}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    return {int(m.group(1)) for m in re.finditer(r"^ *(\d+)  ", section, re.MULTILINE)}


@pytest.fixture
def timed_repo(repo: Repo) -> Repo:
    """A repository with a long file whose head is imports, and a work order about unsign."""
    repo.write("src/timed.py", TIMED)
    repo.write("lib/age.js", JS)
    repo.commit_all("code")
    repo.ok(
        "wo", "new", "Reject a negative max_age", "--class", "C2", "--scope", "src/**",
        "--file", "src/timed.py", "--status", "ready", "--body-file", "-", input=BODY,
    )  # fmt: skip
    repo.commit_all("wo")
    return repo


def _unsign_lines() -> tuple[int, int, int]:
    """(class line, first and last line of unsign) in TIMED."""
    lines = TIMED.splitlines()
    klass = lines.index("class TimestampSigner(Signer):") + 1
    start = lines.index("    def unsign(self, signed_value, max_age=None):") + 1
    return klass, start, start + 4


def test_a_plain_path_shows_the_definitions_the_work_order_is_about(timed_repo: Repo) -> None:
    text = timed_repo.ok("brief", "WO-1")
    klass, start, end = _unsign_lines()
    shown = _lines(text, "src/timed.py")
    assert set(range(start, end + 1)) <= shown  # today: only lines 1-40, imports
    assert klass in shown  # the enclosing class line, for context
    assert re.search(rf"- lines {start}–{end}: `TimestampSigner.unsign` — matches unsign", text)
    assert "- lines 1–40: the file's head" in text
    # code that matches nothing comes last, only while the budget has room, and says so
    assert re.search(r"- lines [-–, \d]+: more of the file, while the budget allows\n", text)
    assert "`helper" not in text


def test_a_range_or_a_symbol_entry_shows_exactly_that(timed_repo: Repo) -> None:
    klass, start, end = _unsign_lines()
    timed_repo.ok("wo", "set", "WO-1", "files=src/timed.py#L5-9")
    timed_repo.ok("wo", "set", "WO-1", "files+=lib/age.js::parseAge")
    timed_repo.commit_all("named parts")
    text = timed_repo.ok("brief", "WO-1")
    assert _lines(text, "src/timed.py") == set(range(5, 10))
    assert "- lines 5–9 — named in the work order's files" in text
    js_start = JS.splitlines().index("export function parseAge(text) {") + 1
    assert _lines(text, "lib/age.js") == set(range(js_start, js_start + 3))
    assert f"lines {js_start}–{js_start + 2}: `parseAge` — named in the work order's" in text
    timed_repo.ok("wo", "set", "WO-1", "files=src/timed.py::TimestampSigner.unsign")
    timed_repo.commit_all("symbol")
    text = timed_repo.ok("brief", "WO-1")
    assert _lines(text, "src/timed.py") == {klass, *range(start, end + 1)}


def test_a_symbol_that_is_not_there_warns_and_falls_back(timed_repo: Repo) -> None:
    timed_repo.ok("wo", "set", "WO-1", "files=src/timed.py::TimestampSigner.unsing")
    timed_repo.commit_all("typo")
    data = json.loads(timed_repo.ok("brief", "WO-1", "--json"))
    assert any("`TimestampSigner.unsing`" in w and "by relevance" in w for w in data["warnings"])
    _klass, start, _end = _unsign_lines()
    assert start in _lines(data["text"], "src/timed.py")


@pytest.mark.parametrize("entry", ["src/timed.py#L0", "src/timed.py#Lx", "src/timed.py::a b"])
def test_a_malformed_range_is_refused(timed_repo: Repo, entry: str) -> None:
    result = timed_repo.cli("wo", "set", "WO-1", f"files+={entry}")
    assert result.exit_code == 1, result.output
    assert entry in result.output and "Traceback" not in result.output


def test_a_range_past_the_end_or_backwards_warns(timed_repo: Repo) -> None:
    timed_repo.ok("wo", "set", "WO-1", "files=src/timed.py#L9-3")
    timed_repo.ok("wo", "set", "WO-1", "files+=lib/age.js#L900")
    timed_repo.commit_all("bad ranges")
    assert "ledger OK" in timed_repo.ok("check")
    warnings = json.loads(timed_repo.ok("brief", "WO-1", "--json"))["warnings"]
    assert any("src/timed.py has no lines 9–3" in w for w in warnings), warnings
    assert any("lib/age.js has no line 900" in w for w in warnings), warnings


def test_the_budget_cuts_the_rest_then_the_head_before_the_matched_code(
    timed_repo: Repo,
) -> None:
    ledger = Ledger.open(timed_repo.root)
    full = render_work_order_briefing(ledger, "WO-1")
    _klass, start, end = _unsign_lines()
    head = "excerpt of src/timed.py, lines 1–40"
    for budget in range(full.tokens - 20, 700, -40):
        briefing = render_work_order_briefing(ledger, "WO-1", budget=budget)
        assert briefing.tokens <= budget
        cuts = [c.what for c in briefing.cut]
        if head in cuts:
            before = cuts[: cuts.index(head)]
            pieces = r"excerpt of src/timed.py, lines \d+–\d+"
            assert before and all(re.fullmatch(pieces, c) for c in before)
            assert not {n for n in _lines(briefing.text, "src/timed.py") if n < start - 30}
            assert set(range(start, end + 1)) <= _lines(briefing.text, "src/timed.py")
            assert "| sed -n 1-40p" in briefing.cut[cuts.index(head)].command
            parts = ", ".join(c.part for c in briefing.cut)
            assert f"- excerpt of src/timed.py ({parts}): `git show " in briefing.text
            return
    pytest.fail("no budget cut the head alone")


def test_locate_finds_python_markdown_and_pattern_definitions() -> None:
    found = locate.definitions("src/timed.py", TIMED)
    unsign = locate.find_symbol(found, "unsign")
    assert unsign is not None and unsign.name == "TimestampSigner.unsign"
    assert locate.find_symbol(found, "TimestampSigner.nope") is None
    md = "# Title\n\nintro\n\n## Usage\n\ntext\n\n```\n# not a heading\n```\n\n## Other\n"
    usage = locate.find_symbol(locate.definitions("README.md", md), "Usage")
    assert usage is not None and (usage.start, usage.end, usage.context) == (5, 12, (1,))
    overloaded = (
        "@overload\ndef load(x: int) -> int: ...\n@overload\ndef load(x: str) -> str: ...\n"
        "def load(x):\n    return x\n"
    )
    load = locate.find_symbol(locate.definitions("x.py", overloaded), "load")
    assert load is not None and (load.start, load.end) == (5, 6)  # the implementation
    go = "package x\n\nfunc (s *Server) Serve(addr string) error {\n\treturn nil\n}\n"
    serve = locate.find_symbol(locate.definitions("x.go", go), "Serve")
    assert serve is not None and (serve.start, serve.end) == (3, 5)


def test_keywords_split_identifiers_and_drop_stop_words() -> None:
    keys = relevance.Keywords.of("Reject a negative max_age in TimestampSigner.unsign")
    assert {"max_age", "max", "age", "timestampsigner", "timestamp", "signer", "unsign"} <= (
        keys.terms
    )
    assert "the" not in keys.terms and "max_age" in keys.whole
