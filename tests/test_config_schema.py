"""config.yaml's JSON Schema and `config.parse` agree: one table of keys drives both."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from gitsplit.errors import ConfigError
from gitsplit.ledger import config, json_schema
from gitsplit.ledger.config_spec import CONFIG, Key
from tests.conftest import Repo

ROOT = Path(__file__).resolve().parent.parent
# text keys that name another part of the config: only a name that exists is good there
# (that a name exists is `check`'s cross-reference, which a schema cannot express)
GOOD_TEXT = {
    "architect_tier": "standard",
    "branch_pattern": "wo/{id}-{slug}",
    "tiers.*.agent": "codex",
    "tiers.*.model": "gpt-5.5",
    "tiers.*.price": "sonnet-4",
    "routing.*": "cheap",
}
REFERENCES = {"architect_tier", "tiers.*.agent", "tiers.*.model", "tiers.*.price", "routing.*"}
# a new table entry needs these to be good; default entries need nothing
NEW_ENTRY = {
    "tiers": ("extra", {"agent": "codex", "model": "gpt-5.5"}),
    "agents": ("extra", {"argv": ["extra-agent", "--go"]}),
    "prices.models": ("extra", {"input": 1, "output": 2}),
}


def candidates(key: Key, where: str) -> list[Any]:
    """Values for one key, some good and some bad: both judges are asked of each."""
    good = GOOD_TEXT.get(where, "value")
    if key.kind == "text":
        odd = [] if where in REFERENCES else [12]
        return [good, "", None, ["a"], {"a": 1}, True, *odd]
    if key.kind == "texts":
        return [[], ["a"], ["a", ""], "a", [True], None, [["a"]]]
    if key.kind == "count":
        return [1, 600, 0, -3, "10", True, None, 2.5]
    if key.kind == "tokens":
        return [1, 12000, "12k", "1.5M", 0, -5, "twelve", True, None, "-3k"]
    if key.kind == "number":
        return [0, 1.25, "0.42", "x", True, None, -1, "-2", [1]]
    if key.kind == "duration":
        return [1, 90, "30m", "1h30m", " 45 ", 0, -5, "soon", "1.5h", True, None, 2.5]
    if key.kind == "enum":
        return [*key.choices, None, 3, "nonsense", ""]
    if key.kind == "strings":
        name = key.names[0] if key.names else "SOME_VAR"
        value = GOOD_TEXT.get(f"{where}.*", "value")
        return [{}, None, {name: value}, {name: ""}, {name: ["x"]}, {"C9": value}, [], "x"]
    return [{}, None, [], "x", {"no_such_key": 1}]


def put(data: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    """A copy of ``data`` with ``value`` at ``path``, making the sections on the way."""
    result = copy.deepcopy(data)
    here = result
    for part in path[:-1]:
        here = here.setdefault(part, {})
    here[path[-1]] = value
    return result


def corpus() -> list[Any]:
    """Every key × its candidate values, in default and new table entries alike."""
    cases: list[Any] = [{}, None, [], "x", {"no_such_key": 1}]

    def walk(node: Key, path: list[str], where: str, base: dict[str, Any]) -> None:
        for child in node.keys:
            spot = f"{where}.{child.name}" if where else child.name
            for value in candidates(child, spot):
                cases.append(put(base, [*path, child.name], value))
            if child.kind == "section":
                walk(child, [*path, child.name], spot, base)
            if child.kind == "table":
                entries: list[tuple[str, dict[str, Any]]] = []
                if child.defaults or child.names:
                    entries.append(((child.defaults or child.names)[0], {}))
                if spot in NEW_ENTRY:
                    entries.append(NEW_ENTRY[spot])
                else:
                    cases.append(put(base, [*path, child.name, "C9"], {}))
                for name, entry in entries:
                    with_entry = put(base, [*path, child.name, name], entry)
                    for value in (None, [], "x", {"no_such_key": 1}):
                        cases.append(put(base, [*path, child.name, name], value))
                    walk(child, [*path, child.name, name], f"{spot}.*", with_entry)

    walk(CONFIG, [], "", {})
    return cases


def parses(data: Any) -> bool:
    """Whether ``config.parse`` takes this config."""
    try:
        config.parse(yaml.safe_dump(data))
    except ConfigError:
        return False
    return True


def validator() -> jsonschema.Draft202012Validator:
    """A validator of the config's schema."""
    return jsonschema.Draft202012Validator(json_schema.kind_schema("config"))


def test_schema_and_parse_agree_on_every_case_of_the_corpus() -> None:
    cases = corpus()
    judge = validator()
    disagreements = [
        (case, by_parse, judge.is_valid(case))
        for case in cases
        if (by_parse := parses(case)) != judge.is_valid(case)
    ]
    assert len(cases) > 300
    good = sum(parses(case) for case in cases)
    assert 100 < good < len(cases) - 100  # the corpus holds plenty of both
    assert disagreements == []


def test_a_key_unknown_to_the_table_is_refused_by_both() -> None:
    text = "briefing:\n  budgett: 12k\n"
    assert not validator().is_valid(yaml.safe_load(text))
    try:
        config.parse(text)
    except ConfigError as exc:
        assert "budget" in exc.message  # did you mean
    else:
        raise AssertionError("config.parse took an unknown key")


def test_what_a_schema_cannot_say_is_left_to_check_and_said_so() -> None:
    data = {"routing": {"C1": "no-such-tier"}}
    assert validator().is_valid(data)
    assert not parses(data)
    assert "cannot say" in (ROOT / "gitsplit/ledger/config_schema.py").read_text()


def test_the_shipped_and_this_repository_s_configs_validate() -> None:
    judge = validator()
    for path in (ROOT / "templates/config.yaml", ROOT / ".workledger/config.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert [error.message for error in judge.iter_errors(data)] == [], path


def test_the_config_template_names_its_schema_and_init_writes_it(repo: Repo) -> None:
    first = (ROOT / "templates/config.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/config.schema.json"
    written = json.loads(repo.read(".workledger/schema/config.schema.json"))
    assert written == json_schema.kind_schema("config")
    assert repo.read(".workledger/config.yaml").splitlines()[0] == first


def test_schema_config_prints_the_schema(repo: Repo) -> None:
    printed = json.loads(repo.ok("schema", "config"))
    jsonschema.Draft202012Validator.check_schema(printed)
    assert printed["properties"]["accept"]["anyOf"][0]["properties"]["strategy"]["enum"] == [
        "merge",
        "squash",
        "ff",
    ]
