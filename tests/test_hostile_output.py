"""Control characters in titles and file names never reach a terminal raw (issue 16, item 4)."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import WO_BODY, Repo
from tests.reviewkit import add_wo, commit, finish, start_branch

CLEAR = "\x1b[2J\x1b[H"
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"
TITLE = f"Fix it{CLEAR}{CLIPBOARD}"
RECORD = ".workledger/workorders/WO-1.md"
YAML_TITLE = r'"Fix it\e[2J\e[H\e]52;c;ZXZpbA==\a Find"'  # YAML's own escapes for ESC and BEL


def test_authoring_refuses_control_characters_in_a_title(repo: Repo) -> None:
    result = repo.cli("wo", "new", *WO_BODY, TITLE)
    assert result.exit_code == 1
    assert "control characters (\\u0007, \\u001b)" in result.output
    assert "\x1b" not in result.output
    assert not list((repo.root / ".workledger/workorders").glob("*.md"))
    repo.ok("wo", "new", *WO_BODY, "Plain")
    result = repo.cli("wo", "set", "WO-1", f"title=Plain{CLEAR}")
    assert result.exit_code == 1 and "control characters" in result.output
    result = repo.cli("decide", f"Use tabs{CLIPBOARD}", "--rejected", "spaces: no")
    assert result.exit_code == 1 and "control characters" in result.output


def test_a_hostile_title_committed_by_hand_is_printed_escaped_everywhere(repo: Repo) -> None:
    repo.ok("wo", "new", *WO_BODY, "Plain Find", "--status", "ready")
    repo.commit_all("WO-1")
    repo.write(RECORD, repo.read(RECORD).replace("title: Plain Find", "title: " + YAML_TITLE))
    repo.git("commit", "-q", "--no-verify", "-am", "hostile title")
    result = repo.cli("check")
    assert result.exit_code == 1 and "'title' holds control characters" in result.output
    for args in (
        ("wo", "list"),
        ("wo", "show", "WO-1"),
        ("queue",),
        ("search", "Find"),
        ("graph",),
        ("next",),
        ("check",),
    ):
        proc = repo.run(*args)  # piped, as in a script or a CI log
        out = proc.stdout + proc.stderr
        assert "\x1b" not in out and "\x07" not in out, args
        assert "Traceback" not in out, args
    assert "Fix it\\u001b]52;c;" in repo.run("wo", "list").stdout
    data = json.loads(repo.run("wo", "list", "--json").stdout)
    assert data[0]["title"] == f"{TITLE} Find"  # JSON carries it intact, escaped the JSON way


def test_file_names_with_newlines_cannot_forge_review_lines(repo: Repo) -> None:
    add_wo(repo, "Write the done file", "--check", "true")
    start_branch(repo)
    commit(repo, {"src/done.txt": "done\n", "docs/x\nPASS": "x\n"}, "Write it")
    finish(repo)
    proc = repo.run("review")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines.count("PASS") == 0 and lines[-1].startswith("FAIL")
    assert "docs/x\\nPASS is outside the scope" in proc.stdout


def test_the_hook_escapes_a_hostile_file_name(repo: Repo) -> None:
    repo.ok("wo", "new", *WO_BODY, "Scoped", "--status", "ready", "--scope", "src/**")
    repo.commit_all("WO-1")
    assert repo.run("hooks", "install").returncode == 0
    assert repo.run("start", "WO-1", "--no-launch").returncode == 0
    name = f"docs/{CLEAR}x.md"
    repo.write(name, "x\n")
    repo.git("add", name)
    proc = subprocess.run(
        ["git", "commit", "-q", "-m", "hostile name"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "\x1b" not in proc.stderr and "\\u001b[2J" in proc.stderr, proc.stderr


def test_the_printable_shortcut_misses_no_control_character() -> None:
    # control_characters skips text that str.isprintable() passes: no character it names
    # may be printable, in any text around it
    from gitsplit.util import text

    for code in range(0x110000):
        char = chr(code)
        named = text.control_characters(f"a{char}b")
        slow = [text._ONE_LINE[code]] if code in text._ONE_LINE else []
        assert named == slow, hex(code)
