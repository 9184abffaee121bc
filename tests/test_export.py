"""gitsplit export: every record as JSON, work orders as CSV a spreadsheet cannot be tricked by."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import Repo


def test_json_holds_every_record_with_fields_body_and_path(repo: Repo) -> None:
    repo.ok("wo", "new", "Parse the config", "--scope", "src/**")
    repo.ok("decide", "Use YAML", "--rejected", "TOML: fewer comments")
    data = json.loads(repo.ok("export"))
    assert set(data) == {"workorders", "decisions", "invariants", "checkpoints"}
    order = data["workorders"][0]
    assert order["id"] == "WO-1" and order["scope"] == ["src/**"]
    assert order["path"] == ".workledger/workorders/WO-1.md"
    assert "## Problem" in order["body"]
    assert data["decisions"][0]["rejected"] == [{"option": "TOML", "reason": "fewer comments"}]
    only = json.loads(repo.ok("export", "--kind", "decisions"))
    assert list(only) == ["decisions"]


def test_csv_has_a_row_per_work_order_and_defuses_formulas(repo: Repo) -> None:
    repo.ok("wo", "new", '=HYPERLINK("http://evil")', "--scope", "src/**", "--scope", "docs/**")
    repo.ok("wo", "new", "Second", "--depends-on", "WO-1")
    rows = list(csv.DictReader(io.StringIO(repo.ok("export", "--format", "csv"))))
    assert [row["id"] for row in rows] == ["WO-1", "WO-2"]
    assert rows[0]["title"].startswith("'=")
    assert rows[0]["scope"] == "src/**;docs/**"
    assert rows[1]["depends_on"] == "WO-1"


def test_output_file_is_written_whole(repo: Repo, tmp_path: Path) -> None:
    repo.ok("wo", "new", "One")
    target = tmp_path / "out.json"
    result = repo.cli("export", "-o", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text())["workorders"][0]["id"] == "WO-1"
    assert not list(tmp_path.glob(".out.json*"))


def test_csv_with_a_kind_is_refused_clearly(repo: Repo) -> None:
    result = repo.cli("export", "--format", "csv", "--kind", "decisions")
    assert result.exit_code == 1
    assert "--kind is for the JSON export" in result.output
