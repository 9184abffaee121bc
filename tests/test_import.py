"""gitsplit import: Backlog.md, Beads, gh JSON and spec-kit into the ledger, twice, safely."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import Repo

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SOURCES = {
    "backlog": FIXTURES / "backlog",
    "beads": FIXTURES / "beads" / "issues.jsonl",
    "github": FIXTURES / "github" / "issues.json",
    "spec-kit": FIXTURES / "spec-kit" / "tasks.md",
}
EXPECTED_NEW = {"backlog": 52, "beads": 49, "github": 50, "spec-kit": 12}


def imported(repo: Repo, *args: str) -> dict:
    """Run ``gitsplit import ... --json`` and return its answer."""
    return json.loads(repo.ok("import", *args, "--json"))


def workorder_files(repo: Repo) -> list[str]:
    return sorted(p.name for p in (repo.root / ".workledger" / "workorders").glob("*.md"))


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_each_source_imports_cleanly_twice_and_commits_through_the_hooks(
    repo: Repo, source: str
) -> None:
    repo.ok("hooks", "install")
    dry = repo.ok("import", source, str(SOURCES[source]))
    assert "dry run: nothing written" in dry
    assert f"Would write {EXPECTED_NEW[source]} new and 0 updated records; 0 unchanged" in dry
    assert repo.git("status", "--porcelain") == ""

    first = imported(repo, source, str(SOURCES[source]), "--write")
    assert first["counts"] == {"new": EXPECTED_NEW[source], "update": 0, "unchanged": 0}
    assert "ledger OK" in repo.ok("check")
    repo.commit_all(f"import from {source}")  # through the installed hooks

    files = workorder_files(repo)
    again = imported(repo, source, str(SOURCES[source]), "--write")
    assert again["counts"] == {"new": 0, "update": 0, "unchanged": EXPECTED_NEW[source]}
    assert workorder_files(repo) == files
    assert repo.git("status", "--porcelain") == ""


def test_backlog_maps_status_priority_dependencies_criteria_and_decisions(repo: Repo) -> None:
    answer = imported(repo, "backlog", str(SOURCES["backlog"]), "--write")
    by_source = {a["source_id"]: a for a in answer["actions"]}
    assert by_source["task-5"]["priority"] == "P1"  # high
    assert by_source["task-3"]["status"] == "done"  # Done
    assert by_source["task-2"]["status"] == "ready"  # In Progress, reported
    assert by_source["draft-47"]["status"] == "draft"
    assert by_source["task-49"]["status"] == "done"  # completed/
    assert by_source["task-8"]["depends_on"] == [by_source["task-7"]["id"]]
    assert by_source["decision-1"]["kind"] == "decision"
    assert by_source["decision-1"]["status"] == "accepted"
    assert any("task-99" in line for line in answer["could_not_map"])
    assert any("In Progress" in line for line in answer["could_not_map"])
    shown = repo.ok("wo", "show", by_source["task-5"]["id"])
    assert "- [ ] The CSV export works on mobile" in shown
    assert "<!--" not in shown  # Backlog.md's section markers are dropped
    record = repo.read(f".workledger/workorders/{by_source['task-5']['id']}.md")
    assert "source: backlog" in record and "id: task-5" in record


def test_ids_never_collide_with_records_here_or_on_other_branches(repo: Repo) -> None:
    repo.ok("wo", "new", "Local work")
    repo.commit_all("one work order")
    repo.git("checkout", "-q", "-b", "other")
    repo.ok("wo", "new", "Work on another branch")
    repo.commit_all("another")
    repo.git("checkout", "-q", "main")
    answer = imported(repo, "spec-kit", str(SOURCES["spec-kit"]), "--write")
    assert [a["id"] for a in answer["actions"]][:2] == ["WO-3", "WO-4"]


def test_a_changed_source_updates_and_a_local_edit_is_kept(repo: Repo, tmp_path: Path) -> None:
    folder = tmp_path / "backlog"
    shutil.copytree(SOURCES["backlog"], folder)
    answer = imported(repo, "backlog", str(folder), "--write")
    ids = {a["source_id"]: a["id"] for a in answer["actions"]}
    task1 = next((folder / "tasks").glob("task-1 - *.md"))
    task1.write_text(task1.read_text().replace("title: Fix session cookie", "title: Fix cookies"))
    task6 = next((folder / "tasks").glob("task-6 - *.md"))
    task6.write_text(task6.read_text().replace("support ticket", "ticket"))
    edited = repo.root / ".workledger" / "workorders" / f"{ids['task-6']}.md"
    edited.write_text(edited.read_text().replace("## Notes", "## Notes\n\nArchitect's note."))

    again = imported(repo, "backlog", str(folder), "--write")
    verbs = {a["source_id"]: (a["action"], a["changes"]) for a in again["actions"]}
    assert verbs["task-1"] == ("update", ["title"])
    assert verbs["task-6"][0] == "update" and "body" not in verbs["task-6"][1]
    assert any("task-6" in line and "edited here" in line for line in again["could_not_map"])
    assert "Architect's note." in edited.read_text()
    assert "title: Fix cookies" in repo.read(f".workledger/workorders/{ids['task-1']}.md")
    assert again["counts"]["new"] == 0
    third = imported(repo, "backlog", str(folder))
    assert third["counts"] == {"new": 0, "update": 0, "unchanged": 52}


def test_an_import_never_moves_work_gitsplit_has_moved_on(repo: Repo, tmp_path: Path) -> None:
    folder = tmp_path / "backlog"
    shutil.copytree(SOURCES["backlog"], folder)
    ids = {
        a["source_id"]: a["id"]
        for a in imported(repo, "backlog", str(folder), "--write")["actions"]
    }
    repo.ok("wo", "set", ids["task-1"], "status=done")
    task1 = next((folder / "tasks").glob("task-1 - *.md"))
    task1.write_text(task1.read_text().replace("title: Fix session cookie", "title: Reopened"))
    again = imported(repo, "backlog", str(folder), "--write")
    action = next(a for a in again["actions"] if a["source_id"] == "task-1")
    assert "status" not in action["changes"]
    assert "status: done" in repo.read(f".workledger/workorders/{ids['task-1']}.md")


def test_spec_kit_phases_and_parallel_markers_become_dependencies(repo: Repo) -> None:
    answer = imported(repo, "spec-kit", str(SOURCES["spec-kit"]))
    deps = {a["source_id"]: a["depends_on"] for a in answer["actions"]}
    ids = {a["source_id"]: a["id"] for a in answer["actions"]}
    assert deps["T001"] == []
    assert deps["T002"] == deps["T003"] == [ids["T001"]]  # a [P] group after T001
    assert deps["T004"] == [ids["T002"], ids["T003"]]  # the next phase waits for the group
    assert deps["T008"] == [ids["T007"]]
    statuses = {a["source_id"]: a["status"] for a in answer["actions"]}
    assert statuses["T001"] == "done" and statuses["T002"] == "ready"
    priorities = {a["source_id"]: a["priority"] for a in answer["actions"]}
    assert priorities["T007"] == "P1" and priorities["T010"] == "P2"


def test_github_from_stdin_through_a_real_subprocess(repo: Repo) -> None:
    text = SOURCES["github"].read_text()
    proc = repo.run("import", "github", "-", "--write", input=text)
    assert proc.returncode == 0, proc.stderr
    assert "Wrote 50 new and 0 updated records" in proc.stdout
    answer = json.loads(repo.run("import", "github", "-", "--json", input=text).stdout)
    by_source = {a["source_id"]: a for a in answer["actions"]}
    assert by_source["#105"]["priority"] == "P1"  # the "priority: high" label
    assert by_source["#109"]["status"] == "done"  # CLOSED
    assert by_source["#106"]["depends_on"] == [by_source["#105"]["id"]]  # "Depends on #105"
    assert answer["counts"]["unchanged"] == 50


def test_beads_maps_blocks_edges_and_leaves_out_tombstones(repo: Repo) -> None:
    answer = imported(repo, "beads", str(SOURCES["beads"]))
    by_source = {a["source_id"]: a for a in answer["actions"]}
    assert "shop-032" not in by_source  # tombstone
    assert answer["left_out"] == ["shop-032: deleted in Beads (tombstone)"]
    assert by_source["shop-004"]["depends_on"] == [by_source["shop-003"]["id"]]
    assert by_source["shop-005"]["depends_on"] == []  # a "related" link is not a dependency
    assert by_source["shop-00a"]["priority"] == "P0"
    assert by_source["shop-003"]["status"] == "done"  # closed


def test_a_dependency_cycle_in_the_source_is_broken_and_reported(
    repo: Repo, tmp_path: Path
) -> None:
    lines = [
        {"id": "c-1", "title": "One", "dependencies": [{"depends_on_id": "c-2", "type": "blocks"}]},
        {"id": "c-2", "title": "Two", "dependencies": [{"depends_on_id": "c-1", "type": "blocks"}]},
    ]
    path = tmp_path / "cycle.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines))
    answer = imported(repo, "beads", str(path), "--write")
    assert any("cycle" in line for line in answer["could_not_map"])
    assert "ledger OK" in repo.ok("check")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "bomb.jsonl",
            '{"id": "x-1", "title": "ok"}\n{not json\n',
            "bomb.jsonl:2: not a JSON object",
        ),
        ("list.json", '{"number": 1}', "expected the JSON list"),
        ("latin1.json", None, "is not UTF-8 text"),
    ],
)
def test_broken_source_files_get_one_clear_error(
    repo: Repo, tmp_path: Path, name: str, text: str | None, message: str
) -> None:
    path = tmp_path / name
    if text is None:
        path.write_bytes('[{"number": 1, "title": "caf\xe9"}]'.encode("latin-1"))
    else:
        path.write_text(text)
    source = "beads" if name.endswith(".jsonl") else "github"
    result = repo.cli("import", source, str(path))
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert workorder_files(repo) == []


def test_yaml_aliases_in_a_backlog_file_are_refused_with_file_and_line(
    repo: Repo, tmp_path: Path
) -> None:
    tasks = tmp_path / "backlog" / "tasks"
    tasks.mkdir(parents=True)
    (tasks / "task-1 - Bomb.md").write_text(
        "---\nid: task-1\na: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\ntitle: *b\n---\nbody\n"
    )
    result = repo.cli("import", "backlog", str(tmp_path / "backlog"))
    assert result.exit_code == 1
    assert "task-1 - Bomb.md: frontmatter line 4" in result.output
    assert "aliases" in result.output


def test_control_characters_in_titles_never_reach_the_ledger(repo: Repo, tmp_path: Path) -> None:
    path = tmp_path / "issues.json"
    path.write_text(
        json.dumps([{"number": 7, "title": "Evil \x1b]52;c;aGk=\x07 title", "state": "OPEN"}])
    )
    repo.ok("import", "github", str(path), "--write")
    text = repo.read(".workledger/workorders/WO-1.md")
    assert "\x1b" not in text and "\x07" not in text
    assert "title: Evil ]52;c;aGk= title" in text


def test_a_source_that_is_not_there_or_not_the_right_shape(repo: Repo, tmp_path: Path) -> None:
    missing = repo.cli("import", "backlog", str(tmp_path / "nowhere"))
    assert missing.exit_code == 1 and "no such file or folder" in missing.output
    (tmp_path / "empty").mkdir()
    wrong = repo.cli("import", "backlog", str(tmp_path / "empty"))
    assert wrong.exit_code == 1 and "no Backlog.md folder here" in wrong.output
