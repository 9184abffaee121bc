"""``wo edit`` and ``wo new --edit`` with a real editor program written by the test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gitsplit.ledger.fileformat import Document
from tests.conftest import Repo

WO = ".workledger/workorders"
DRAFTS = ".git/gitsplit/drafts"

# A stand-in editor: replaces FROM with TO in the file it is given (literal text, from the
# environment), and logs what it saw, so tests can tell a reopened draft from a fresh one.
EDITOR_SCRIPT = """\
import os, sys
path = sys.argv[-1]
with open(path, encoding="utf-8", newline="") as handle:
    text = handle.read()
with open(os.environ["EDIT_LOG"], "a", encoding="utf-8") as log:
    log.write(text + "\\n=====\\n")
text = text.replace(os.environ.get("EDIT_FROM", "\\0"), os.environ.get("EDIT_TO", ""))
with open(path, "w", encoding="utf-8", newline="") as handle:
    handle.write(text)
sys.exit(int(os.environ.get("EDIT_EXIT", "0")))
"""


@pytest.fixture
def editor(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Install the stand-in editor as $EDITOR; returns the log of what it was shown."""
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    log = tmp_path / "editor.log"
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.setenv("EDIT_LOG", str(log))
    for title in ("one", "two"):
        repo.ok("wo", "new", title)
    return log


def edit(monkeypatch: pytest.MonkeyPatch, old: str, new: str, code: int = 0) -> None:
    monkeypatch.setenv("EDIT_FROM", old)
    monkeypatch.setenv("EDIT_TO", new)
    monkeypatch.setenv("EDIT_EXIT", str(code))


def seen(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").split("\n=====\n")[:-1]


def test_valid_edit_is_saved(repo: Repo, editor: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(monkeypatch, "status: draft", "status: ready")
    result = repo.cli("wo", "edit", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout == "WO-2: saved\n"
    assert "status: ready\n" in repo.read(f"{WO}/WO-2.md")
    assert not list((repo.root / DRAFTS).glob("*"))


def test_edit_through_a_subprocess_and_git_editor(
    repo: Repo, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(monkeypatch, "## Notes", "## Notes\n\nWritten in the editor.")
    # GIT_EDITOR wins over EDITOR, as it does for git itself
    script = editor.parent / "editor.py"
    proc = repo.run(
        "wo", "edit", "WO-1", env={"EDITOR": "false", "GIT_EDITOR": f"{sys.executable} {script}"}
    )
    assert proc.returncode == 0, proc.stderr
    assert repo.read(f"{WO}/WO-1.md").endswith("## Notes\n\nWritten in the editor.\n")


def test_unchanged_edit_writes_nothing(
    repo: Repo, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (repo.root / WO / "WO-1.md").stat().st_mtime_ns
    edit(monkeypatch, "no such text", "")
    assert repo.ok("wo", "edit", "1") == "WO-1: no changes\n"
    assert (repo.root / WO / "WO-1.md").stat().st_mtime_ns == before
    assert not list((repo.root / DRAFTS).glob("*"))


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("status: draft", "status: bogus", "'status' 'bogus' is not one of"),
        ("class: C2", "class: [C2", "malformed YAML"),
        ("id: WO-1", "id: WO-7", "the id must stay WO-1"),
        ("depends_on: []", "depends_on: [WO-9]", "no work order WO-9"),
        ("title: one", "title: ''", "'title' must not be empty"),
        ("---\nid", "id", "no YAML frontmatter"),
    ],
)
def test_invalid_edit_is_kept_and_reopened(
    repo: Repo, editor: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, message: str
) -> None:
    original = repo.read(f"{WO}/WO-1.md")
    edit(monkeypatch, old, new)
    proc = repo.run("wo", "edit", "1")
    assert proc.returncode == 1
    assert message in proc.stderr
    draft = (repo.root / DRAFTS / "WO-1.md").resolve()
    assert f"your edit was not applied; it is kept at {draft}" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert repo.read(f"{WO}/WO-1.md") == original
    kept = draft.read_text(encoding="utf-8")
    assert new in kept
    assert repo.git("status", "--porcelain", "--untracked-files=all").splitlines() == [
        f"?? {WO}/WO-1.md",
        f"?? {WO}/WO-2.md",
    ]  # nothing else was written

    # next time the draft is reopened, not the record; fixing it saves it
    edit(monkeypatch, new, old)
    result = repo.cli("wo", "edit", "1")
    assert result.exit_code == 0, result.output
    assert seen(editor)[-1] == kept
    assert repo.read(f"{WO}/WO-1.md") == original
    assert not draft.exists()


def test_failing_editor_keeps_the_draft(
    repo: Repo, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(monkeypatch, "status: draft", "status: ready", code=3)
    result = repo.cli("wo", "edit", "1")
    assert result.exit_code == 1
    assert "the editor exited with status 3" in result.output
    assert "status: draft" in repo.read(f"{WO}/WO-1.md")
    edit(monkeypatch, "no change", "")
    assert repo.cli("wo", "edit", "1").exit_code == 0  # the kept draft is applied
    assert "status: ready" in repo.read(f"{WO}/WO-1.md")


def test_missing_editor_is_a_clear_error(
    repo: Repo, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere --wait")
    result = repo.cli("wo", "edit", "1")
    assert result.exit_code == 1
    assert "editor not found: no-such-editor-anywhere" in result.output


def test_new_with_edit(repo: Repo, editor: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(monkeypatch, "What is wrong or missing, and why it matters.", "The parser is slow.")
    result = repo.cli("wo", "new", "Speed up", "--class", "C3", "--edit")
    assert result.exit_code == 0, result.output
    assert result.stdout == "WO-3\n"
    shown = seen(editor)[-1]
    assert shown.startswith("---\nid: WO-3\ntitle: Speed up\nstatus: draft\nclass: C3\n")
    text = repo.read(f"{WO}/WO-3.md")
    assert "The parser is slow." in text and "`Work-Order: WO-3`" in text
    assert repo.cli("check").exit_code == 0


def test_new_with_edit_unchanged_writes_the_template(
    repo: Repo, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(monkeypatch, "no such text", "")
    assert repo.ok("wo", "new", "As rendered", "--edit") == "WO-3\n"
    assert Document.parse(repo.read(f"{WO}/WO-3.md"), path="x").fields["title"] == "As rendered"


def test_new_with_invalid_edit_writes_nothing_and_resumes(
    repo: Repo, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(monkeypatch, "class: C2", "class: C9")
    result = repo.cli("wo", "new", "Draft me", "--edit")
    assert result.exit_code == 1
    assert "'class' 'C9' is not one of" in result.output and "kept at" in result.output
    assert not (repo.root / WO / "WO-3.md").exists()

    # meanwhile someone takes WO-3; the kept draft must neither block nor hijack it
    assert repo.ok("wo", "new", "Taken meanwhile") == "WO-3\n"
    edit(monkeypatch, "status: draft", "status: ready")
    assert repo.ok("wo", "edit", "3") == "WO-3: saved\n"
    assert "Taken meanwhile" in seen(editor)[-1]
    assert "title: Taken meanwhile\nstatus: ready\n" in repo.read(f"{WO}/WO-3.md")

    # the next `wo new --edit` reopens the kept draft and files it under a free id
    edit(monkeypatch, "class: C9", "class: C1")
    result = repo.cli("wo", "new", "Draft me", "--edit")
    assert result.exit_code == 0, result.output
    assert result.stdout == "WO-4\n"
    assert "class: C9" in seen(editor)[-1]
    fields = Document.parse(repo.read(f"{WO}/WO-4.md"), path="x").fields
    assert (fields["id"], fields["title"], fields["class"]) == ("WO-4", "Draft me", "C1")
    assert "`Work-Order: WO-4`" in repo.read(f"{WO}/WO-4.md")
    assert not list((repo.root / DRAFTS).glob("*"))
    assert repo.cli("check").exit_code == 0
