"""The authoring commands, through click's runner and a real subprocess, on real repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gitsplit.ledger.fileformat import Document
from tests.conftest import Repo

WO = ".workledger/workorders"
NASTY_TITLE = "Fix `rm -rf $HOME`; echo \"pwned\" | tee /tmp/x && $(id) 'q' #c: ünïcödé 日本 ✓"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reproducible timestamps (2026-05-01T00:00:00Z)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1777593600")


def fields_of(repo: Repo, rel: str) -> dict[str, object]:
    return Document.parse((repo.root / rel).read_bytes(), path=rel).fields


def test_wo_new_with_every_option(repo: Repo) -> None:
    repo.ok("wo", "new", "Base")
    repo.ok("decide", "A decision")
    repo.ok("invariant", "add", "A rule")
    out = repo.ok(
        "wo",
        "new",
        "Everything",
        "--class",
        "C3",
        "--priority",
        "P0",
        "--depends-on",
        "1",
        "--depends-on",
        "wo-1",
        "--scope",
        "src/**",
        "--scope",
        "docs/*.md",
        "--file",
        "src/a.py",
        "--file",
        "src/b.py",
        "--decision",
        "D-1",
        "--invariant",
        "1",
        "--check",
        "pytest -q",
        "--check",
        "ruff check .",
        "--status",
        "ready",
    )
    assert out == "WO-2\n"
    text = repo.read(f"{WO}/WO-2.md")
    assert text.startswith(
        "---\nid: WO-2\ntitle: Everything\nstatus: ready\nclass: C3\npriority: P0\n"
        "depends_on: [WO-1]\nscope: [src/**, docs/*.md]\nfiles: [src/a.py, src/b.py]\n"
        "decisions: [D-1]\ninvariants: [I-1]\nchecks: [pytest -q, ruff check .]\n"
        "created: 2026-05-01T00:00:00Z\nupdated: 2026-05-01T00:00:00Z\n"
        "# yaml-language-server: $schema=../schema/workorder.schema.json\n---\n## Problem\n"
    )
    assert "`Work-Order: WO-2`" in text  # the template got the real id
    assert repo.cli("check").exit_code == 0


def test_wo_new_defaults(repo: Repo) -> None:
    repo.ok("wo", "new", "Plain")
    fields = fields_of(repo, f"{WO}/WO-1.md")
    assert (fields["status"], fields["class"], fields["priority"]) == ("draft", "C2", "P2")
    assert fields["depends_on"] == [] and fields["checks"] == []


def test_wo_new_body_from_a_file_and_from_stdin(repo: Repo, tmp_path: object) -> None:
    repo.write("notes/body.md", "## Problem\n\nFrom a file.")
    repo.ok("wo", "new", "From file", "--body-file", "notes/body.md")
    assert repo.read(f"{WO}/WO-1.md").endswith("---\n## Problem\n\nFrom a file.\n")
    proc = repo.run("wo", "new", "From stdin", "--body-file", "-", input="## Problem\n\nPiped.\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "WO-2\n"
    assert repo.read(f"{WO}/WO-2.md").endswith("---\n## Problem\n\nPiped.\n")


def test_wo_new_missing_body_file(repo: Repo) -> None:
    result = repo.cli("wo", "new", "x", "--body-file", "nope.md")
    assert result.exit_code == 1
    assert "cannot read --body-file nope.md" in result.output
    assert not list((repo.root / WO).glob("*.md"))


def test_wo_new_title_with_shell_metacharacters_and_non_ascii(repo: Repo) -> None:
    proc = repo.run("wo", "new", NASTY_TITLE, env={"PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 0, proc.stderr
    assert fields_of(repo, f"{WO}/WO-1.md")["title"] == NASTY_TITLE
    data = json.loads(repo.run("wo", "show", "1", "--json").stdout)
    assert data["title"] == NASTY_TITLE
    assert NASTY_TITLE in repo.ok("wo", "list")


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
def test_wo_new_refuses_an_empty_title(repo: Repo, title: str) -> None:
    proc = repo.run("wo", "new", title)
    assert proc.returncode == 1
    assert proc.stderr == "gitsplit: error: the title must not be empty\n"
    assert not list((repo.root / WO).glob("*.md"))


def test_wo_new_title_is_kept_on_one_line(repo: Repo) -> None:
    repo.ok("wo", "new", "two\nlines   and  spaces")
    assert fields_of(repo, f"{WO}/WO-1.md")["title"] == "two lines and spaces"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--depends-on", "WO-4"], "no work order WO-4"),
        (["--decision", "D-1"], "no decision D-1"),
        (["--invariant", "I-2"], "no invariant I-2"),
        (["--depends-on", "D-1"], "D-1 is a decision, not a work order"),
        (["--decision", "WO-1"], "WO-1 is a work order, not a decision"),
        (["--depends-on", "banana"], "'banana' is not a work order id"),
    ],
)
def test_wo_new_refuses_unknown_references(repo: Repo, args: list[str], message: str) -> None:
    result = repo.cli("wo", "new", "x", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert not list((repo.root / WO).glob("*.md"))


@pytest.mark.parametrize("args", [["--class", "C5"], ["--priority", "P9"], ["--status", "doing"]])
def test_wo_new_bad_choice_is_a_usage_error(repo: Repo, args: list[str]) -> None:
    result = repo.cli("wo", "new", "x", *args)
    assert result.exit_code == 2
    assert "Invalid value" in result.output


def test_wo_show_text_and_json(repo: Repo) -> None:
    repo.ok("wo", "new", "Shown", "--scope", "src/**", "--check", "make test")
    out = repo.ok("wo", "show", "WO-1")
    assert out.splitlines()[:4] == [
        "WO-1  Shown  [draft · C2 · P2]",
        "scope:   src/**",
        "checks:  make test",
        "created: 2026-05-01T00:00:00Z",
    ]
    assert "## Acceptance" in out
    data = json.loads(repo.ok("wo", "show", "1", "--json"))
    assert list(data) == [
        "id",
        "title",
        "status",
        "class",
        "priority",
        "depends_on",
        "scope",
        "files",
        "decisions",
        "invariants",
        "checks",
        "created",
        "updated",
        "body",
        "path",
    ]
    assert data["path"] == f"{WO}/WO-1.md" and data["scope"] == ["src/**"]


def test_wo_list_filters_and_json(repo: Repo) -> None:
    repo.ok("wo", "new", "a", "--class", "C1", "--priority", "P0", "--status", "ready")
    repo.ok("wo", "new", "b", "--class", "C3")
    repo.ok("wo", "new", "c", "--class", "C1", "--status", "done")
    for _ in range(8):
        repo.ok("wo", "new", "filler")
    out = repo.ok("wo", "list")
    assert out.splitlines()[0].split() == ["ID", "STATUS", "CLASS", "PRI", "TITLE"]
    assert [line.split()[0] for line in out.splitlines()[1:4]] == ["WO-1", "WO-2", "WO-3"]
    assert out.splitlines()[-1].startswith("WO-11")  # numeric order, not text order
    ids_of = [r["id"] for r in json.loads(repo.ok("wo", "list", "--class", "C1", "--json"))]
    assert ids_of == ["WO-1", "WO-3"]
    ids_of = [
        r["id"]
        for r in json.loads(
            repo.ok("wo", "list", "--status", "ready", "--status", "done", "--json")
        )
    ]
    assert ids_of == ["WO-1", "WO-3"]
    assert [r["id"] for r in json.loads(repo.ok("wo", "list", "--priority", "P0", "--json"))] == [
        "WO-1"
    ]
    data = json.loads(repo.ok("wo", "list", "--json"))
    assert "body" not in data[0] and data[0]["path"] == f"{WO}/WO-1.md"
    result = repo.cli("wo", "list", "--class", "C4")
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(repo.ok("wo", "list", "--class", "C4", "--json")) == []


def test_wo_list_names_unreadable_files_and_exits_1(repo: Repo) -> None:
    repo.ok("wo", "new", "fine")
    repo.write(f"{WO}/WO-2.md", "---\ntitle: [broken\n---\n")
    result = repo.cli("wo", "list")
    assert result.exit_code == 1
    assert "WO-1" in result.stdout
    assert "skipped .workledger/workorders/WO-2.md:3: malformed YAML" in result.stderr


class TestWoSet:
    """``wo set`` validates before writing anything."""

    @pytest.fixture(autouse=True)
    def three(self, repo: Repo) -> None:
        for title in ("one", "two", "three"):
            repo.ok("wo", "new", title)

    def test_set_add_remove(self, repo: Repo) -> None:
        out = repo.ok(
            "wo",
            "set",
            "3",
            "status=ready",
            "priority=P1",
            "depends_on+=WO-1",
            "depends_on+=2",
            "scope+=src/a, with comma/**",
            "checks=make check",
        )
        assert out == "WO-3: set status, priority, depends_on, scope, checks\n"
        fields = fields_of(repo, f"{WO}/WO-3.md")
        assert fields["status"] == "ready" and fields["priority"] == "P1"
        assert fields["depends_on"] == ["WO-1", "WO-2"]
        assert fields["scope"] == ["src/a, with comma/**"]
        assert fields["checks"] == ["make check"]
        repo.ok("wo", "set", "WO-3", "depends_on-=WO-1")
        assert fields_of(repo, f"{WO}/WO-3.md")["depends_on"] == ["WO-2"]
        repo.ok("wo", "set", "WO-3", "depends_on=1,2")
        assert fields_of(repo, f"{WO}/WO-3.md")["depends_on"] == ["WO-1", "WO-2"]
        repo.ok("wo", "set", "WO-3", "priority=")
        assert "priority" not in fields_of(repo, f"{WO}/WO-3.md")
        repo.ok("wo", "set", "WO-3", "title=  on\none   line ")
        assert fields_of(repo, f"{WO}/WO-3.md")["title"] == "on one line"

    def test_only_the_changed_lines_change(self, repo: Repo) -> None:
        path = repo.root / WO / "WO-2.md"
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "scope: []\n", "scope: []   # decide later\nx-team: parsers\n"
            ),
            encoding="utf-8",
        )
        before = path.read_text(encoding="utf-8").splitlines()
        repo.ok("wo", "set", "2", "status=blocked")
        after = path.read_text(encoding="utf-8").splitlines()
        changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
        assert changed == [("status: draft", "status: blocked")]  # updated keeps the pinned time

    def test_json(self, repo: Repo) -> None:
        data = json.loads(repo.ok("wo", "set", "1", "class=C4", "--json"))
        assert data["class"] == "C4" and data["id"] == "WO-1"

    @pytest.mark.parametrize(
        "args, message",
        [
            (
                ["status=redy"],
                "status: 'redy' is not one of draft, ready, in_progress, review, "
                "done, blocked, cancelled (did you mean 'ready'?)",
            ),
            (["class=c3"], "'c3' is not one of C1, C2, C3, C4 (did you mean 'C3'?)"),
            (["stauts=ready"], "unknown field 'stauts' (did you mean 'status'?)"),
            (["id=WO-9"], "use `gitsplit renumber`"),
            (["depends_on+=WO-3"], "WO-3 cannot depend on itself"),
            (["depends_on+=WO-9"], "no work order WO-9"),
            (["depends_on+=D-1"], "D-1 is a decision, not a work order"),
            (["decisions+=D-1"], "no decision D-1"),
            (["depends_on-=WO-1"], "depends_on has no WO-1"),
            (["title="], "title is required and cannot be emptied"),
            (["status+=x"], "status is not a list"),
            (["estimate=3"], "edit it with `gitsplit wo edit`"),
            (["nonsense"], "'nonsense' is not FIELD=VALUE"),
            ([], "nothing to set"),
            (["status=ready", "class=C9"], "'C9' is not one of"),  # all or nothing
        ],
    )
    def test_refused(self, repo: Repo, args: list[str], message: str) -> None:
        before = repo.read(f"{WO}/WO-3.md")
        proc = repo.run("wo", "set", "WO-3", *args)
        assert proc.returncode == 1, proc.stdout
        assert message in proc.stderr
        assert "Traceback" not in proc.stderr
        assert repo.read(f"{WO}/WO-3.md") == before

    def test_unknown_id(self, repo: Repo) -> None:
        result = repo.cli("wo", "set", "WO-9", "status=ready")
        assert result.exit_code == 1
        assert "no work order WO-9" in result.output


def test_decide_with_rejected_options_and_applies_to(repo: Repo) -> None:
    out = repo.ok(
        "decide",
        "Ids are file names",
        "--rejected",
        "UUIDs: unreadable in branch names",
        "--rejected",
        "A counter file: every branch edits it: conflicts",
        "--applies-to",
        ".workledger/**",
        "--applies-to",
        "gitsplit/ids.py",
    )
    assert out == "D-1\n"
    fields = fields_of(repo, ".workledger/decisions/D-1.md")
    assert fields == {
        "id": "D-1",
        "title": "Ids are file names",
        "status": "accepted",
        "date": "2026-05-01",
        "supersedes": [],
        "superseded_by": [],
        "applies_to": [".workledger/**", "gitsplit/ids.py"],
        "rejected": [
            {"option": "UUIDs", "reason": "unreadable in branch names"},
            {"option": "A counter file", "reason": "every branch edits it: conflicts"},
        ],
    }
    shown = repo.ok("decision", "show", "1")
    assert "rejected:\n  - UUIDs: unreadable in branch names\n" in shown
    assert "## Context" in shown


def test_decide_rejected_without_a_reason_is_refused(repo: Repo) -> None:
    result = repo.cli("decide", "x", "--rejected", "just an option")
    assert result.exit_code == 1
    assert 'write it as "OPTION: REASON"' in result.output
    assert not list((repo.root / ".workledger/decisions").glob("*.md"))


def test_decide_supersedes_updates_both_records(repo: Repo) -> None:
    repo.ok("decide", "First take")
    repo.ok("decide", "Unrelated")
    result = repo.cli(
        "decide",
        "Second take",
        "--supersedes",
        "D-1",
        "--supersedes",
        "1",
        "--body-file",
        "-",
        input="## Context\n\nWe learned more.\n",
    )
    assert result.exit_code == 0
    assert result.stdout == "D-3\n"
    assert result.stderr.count("D-1 is now superseded by D-3") == 1
    old = fields_of(repo, ".workledger/decisions/D-1.md")
    assert old["status"] == "superseded" and old["superseded_by"] == ["D-3"]
    new = fields_of(repo, ".workledger/decisions/D-3.md")
    assert new["supersedes"] == ["D-1"] and new["status"] == "accepted"
    assert repo.read(".workledger/decisions/D-3.md").endswith("We learned more.\n")
    assert repo.cli("check").exit_code == 0
    lines = repo.ok("decision", "list").splitlines()
    assert lines[1].split()[:2] == ["D-1", "superseded"]
    assert [
        r["id"] for r in json.loads(repo.ok("decision", "list", "--status", "accepted", "--json"))
    ] == ["D-2", "D-3"]


def test_superseding_an_already_superseded_decision_says_which_one_stands(repo: Repo) -> None:
    repo.ok("decide", "First take")
    repo.ok("decide", "Second take", "--supersedes", "D-1")
    result = repo.cli("decide", "Third take", "--supersedes", "D-1")
    assert result.exit_code == 0
    assert "D-1 is now superseded by D-2 and D-3" in result.stderr
    assert "already superseded by D-2, which stays accepted" in result.stderr
    assert "supersede D-2 instead" in result.stderr
    assert fields_of(repo, ".workledger/decisions/D-1.md")["superseded_by"] == ["D-2", "D-3"]
    assert repo.cli("check").exit_code == 0


def test_decide_supersedes_an_unknown_decision(repo: Repo) -> None:
    result = repo.cli("decide", "x", "--supersedes", "D-4")
    assert result.exit_code == 1
    assert "no decision D-4" in result.output
    assert not list((repo.root / ".workledger/decisions").glob("*.md"))


def test_decision_show_json(repo: Repo) -> None:
    repo.ok("decide", "x", "--rejected", "a: b")
    data = json.loads(repo.ok("decision", "show", "D-1", "--json"))
    assert data["rejected"] == [{"option": "a", "reason": "b"}]
    assert data["path"] == ".workledger/decisions/D-1.md"


def test_invariants_add_list_show_retire(repo: Repo) -> None:
    assert (
        repo.ok(
            "invariant",
            "add",
            "Never lose work",
            "--body",
            "No command resets uncommitted changes.",
            "--applies-to",
            "src/**",
        )
        == "I-1\n"
    )
    assert repo.ok("invariant", "add", "Short-lived") == "I-2\n"
    assert repo.read(".workledger/invariants/I-1.md") == (
        "---\nid: I-1\ntitle: Never lose work\nstatus: active\napplies_to: [src/**]\n"
        "# yaml-language-server: $schema=../schema/invariant.schema.json\n---\n"
        "No command resets uncommitted changes.\n"
    )
    assert repo.ok("invariant", "retire", "2") == "I-2 retired\n"
    result = repo.cli("invariant", "retire", "I-2")
    assert result.exit_code == 1 and "I-2 is already retired" in result.output
    assert [line.split()[0] for line in repo.ok("invariant", "list").splitlines()] == ["ID", "I-1"]
    everything = json.loads(repo.ok("invariant", "list", "--all", "--json"))
    assert [(r["id"], r["status"]) for r in everything] == [("I-1", "active"), ("I-2", "retired")]
    assert repo.ok("invariant", "show", "I-1").startswith("I-1  Never lose work  [active]\n")
    result = repo.cli("invariant", "retire", "WO-1")
    assert result.exit_code == 1 and "WO-1 is a work order, not an invariant" in result.output


class TestCheckpoint:
    """``checkpoint`` records HEAD and the ledger's tree hash at HEAD."""

    def test_records_head_and_the_ledger_tree(self, repo: Repo) -> None:
        repo.ok("wo", "new", "work")
        head = repo.commit_all("ledger")
        tree = repo.git("rev-parse", "HEAD:.workledger").strip()
        result = repo.cli(
            "checkpoint",
            "Planned the parser",
            "--body-file",
            "-",
            input="## State of the work\n\nPlanned.\n",
        )
        assert result.exit_code == 0, result.output
        assert result.stdout == "CP-1\n"
        fields = fields_of(repo, ".workledger/checkpoints/CP-1.md")
        assert fields == {
            "id": "CP-1",
            "summary": "Planned the parser",
            "commit": head,
            "ledger": tree,
            "parent": None,
            "lineage": None,
            "created": "2026-05-01T00:00:00Z",
        }
        assert repo.cli("check").exit_code == 0

    def test_refuses_a_dirty_ledger_unless_allowed(self, repo: Repo) -> None:
        repo.ok("wo", "new", "uncommitted")
        proc = repo.run("checkpoint", "too early")
        assert proc.returncode == 1
        assert "the ledger has uncommitted changes" in proc.stderr
        assert "?? .workledger/workorders/WO-1.md" in proc.stderr
        assert "--allow-dirty" in proc.stderr
        assert not list((repo.root / ".workledger/checkpoints").glob("*.md"))
        assert repo.ok("checkpoint", "anyway", "--allow-dirty") == "CP-1\n"
        fields = fields_of(repo, ".workledger/checkpoints/CP-1.md")
        assert fields["ledger"] == repo.git("rev-parse", "HEAD:.workledger").strip()

    def test_changes_outside_the_ledger_do_not_count(self, repo: Repo) -> None:
        repo.write("src/wip.py", "print('not the ledger')\n")
        assert repo.ok("checkpoint", "fine") == "CP-1\n"

    def test_parent_lineage_listing_and_show(self, repo: Repo) -> None:
        repo.ok("checkpoint", "first")
        repo.commit_all("CP-1")
        assert (
            repo.ok("checkpoint", "rewound", "--parent", "1", "--lineage", "rewound_to") == "CP-2\n"
        )
        fields = fields_of(repo, ".workledger/checkpoints/CP-2.md")
        assert (fields["parent"], fields["lineage"]) == ("CP-1", "rewound_to")
        listing = repo.ok("checkpoint").splitlines()
        assert listing[0].split() == ["ID", "CREATED", "COMMIT", "SUMMARY"]
        assert [line.split()[0] for line in listing[1:]] == ["CP-1", "CP-2"]
        shown = repo.ok("checkpoint", "--show", "CP-2")
        assert "parent:  CP-1\nlineage: rewound_to\n" in shown
        data = json.loads(repo.ok("checkpoint", "--json"))
        assert [c["id"] for c in data] == ["CP-1", "CP-2"] and "body" not in data[0]
        assert json.loads(repo.ok("checkpoint", "--show", "2", "--json"))["parent"] == "CP-1"

    @pytest.mark.parametrize(
        "args, code, message",
        [
            (["x", "--lineage", "branched_from"], 1, "--lineage needs --parent"),
            (["x", "--parent", "CP-5"], 1, "no checkpoint CP-5"),
            (["x", "--parent", "WO-1"], 1, "WO-1 is a work order, not a checkpoint"),
            (["x", "--lineage", "sideways", "--parent", "CP-1"], 2, "Invalid value"),
            (["   "], 1, "the summary must not be empty"),
        ],
    )
    def test_refused(self, repo: Repo, args: list[str], code: int, message: str) -> None:
        result = repo.cli("checkpoint", *args)
        assert result.exit_code == code
        assert message in result.output
        assert not list((repo.root / ".workledger/checkpoints").glob("*.md"))

    def test_without_commits(self, repo: Repo, tmp_path: object) -> None:
        from tests.conftest import git

        fresh = repo.root.parent / "fresh"
        fresh.mkdir()
        git(fresh, "init", "-q", "-b", "main")
        other = Repo(fresh, repo.monkeypatch)
        other.ok("init")
        result = other.cli("checkpoint", "nothing yet")
        assert result.exit_code == 1
        assert "no commits yet" in result.output


def test_init_is_idempotent_and_never_overwrites(repo: Repo) -> None:
    repo.write(".workledger/config.yaml", "default_branch: trunk\n")
    out = repo.ok("init")
    assert "already set up; nothing to do" in out
    assert repo.read(".workledger/config.yaml") == "default_branch: trunk\n"
    (repo.root / ".workledger/runs/.gitkeep").unlink()
    (repo.root / ".workledger/runs").rmdir()
    assert repo.ok("init").splitlines()[0] == "created .workledger/runs/"


def test_help_lists_sections_with_one_line_each(repo: Repo) -> None:
    proc = repo.run("--help")
    assert proc.returncode == 0
    for name in (
        "init",
        "wo",
        "decide",
        "decision",
        "invariant",
        "checkpoint",
        "check",
        "renumber",
    ):
        assert any(line.strip().startswith(name + " ") for line in proc.stdout.splitlines())
    result = repo.cli("chekc")
    assert result.exit_code == 2 and "Did you mean 'check'?" in result.output


@pytest.mark.parametrize(
    "argv",
    [
        ("decide", "Use files"),
        ("invariant", "add", "Keep data"),
        ("wo", "new", "Do a thing", "--class", "C1"),
        ("checkpoint", "Planned"),
    ],
)
def test_every_authoring_command_takes_body_and_body_file(
    repo: Repo, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    text = repo.ok(*argv, "--body", "## Context\n\nInline body.", "--json")
    assert "Inline body." in json.loads(text)["body"]
    source = tmp_path / "body.md"
    source.write_text("## Context\n\nFrom a file.\n", encoding="utf-8")
    repo.commit_all("record")
    again = json.loads(repo.ok(*argv, "--body-file", str(source), "--json"))
    assert "From a file." in again["body"]
    both = repo.cli(*argv, "--body", "x", "--body-file", str(source))
    assert both.exit_code == 2 and "not both" in both.output
