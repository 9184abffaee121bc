"""The review gate against a branch that lies about itself: forged bases, provenance, finishes.

Each test plays the attack of issue 16 with real `gitsplit start`/`note`/`finish` processes,
real commits (made with --no-verify, as an agent bypassing the hooks would) and a real
`gitsplit review` subprocess.
"""

from __future__ import annotations

import json
from pathlib import Path

from gitsplit.ledger.fileformat import Document
from tests.conftest import Repo
from tests.reviewkit import add_wo, commit, finish, start_branch
from tests.test_runs import add_agent

BRANCH = "wo/WO-1-write-the-done-file"
RECORD = ".workledger/runs/WO-1/WO-1-r1.md"


def review(repo: Repo, *args: str) -> tuple[int, dict, str]:
    """`gitsplit review BRANCH --format json` and the text review, both as subprocesses."""
    as_json = repo.run("review", BRANCH, "--format", "json", *args)
    assert "Traceback" not in as_json.stderr, as_json.stderr
    text = repo.run("review", BRANCH, *args)
    return as_json.returncode, json.loads(as_json.stdout), text.stdout


def edit_record(repo: Repo, **fields: object) -> None:
    """Rewrite fields of the run's own record in the checkout (as an agent would)."""
    doc = Document.parse(repo.read(RECORD), path=RECORD)
    repo.write(RECORD, doc.changed(dict(fields)).render())


def started(repo: Repo) -> str:
    """WO-1 (scope src/**, one check) on main and a real `gitsplit start` of it; main's tip."""
    add_wo(repo, "Write the done file", "--check", "test -f src/done.txt")
    proc = repo.run("start", "WO-1", "--no-launch")
    assert proc.returncode == 0, proc.stderr
    return repo.git("rev-parse", "main").strip()


def test_a_base_rewritten_in_the_run_record_does_not_hide_commits(repo: Repo) -> None:
    main = started(repo)
    evil = commit(repo, {"docs/evil.md": "out of scope\n"}, "Sneak a change in")
    edit_record(repo, base=evil)
    moved = commit(repo, {RECORD: repo.read(RECORD)}, "Move my base")
    commit(repo, {"src/done.txt": "done\n"}, "Write the done file")
    assert repo.run("note", "Wrote src/done.txt.").returncode == 0
    assert repo.run("finish").returncode == 0
    code, data, text = review(repo, "--strict")
    assert code == 1 and "PASS" not in text.splitlines()[-1]
    assert data["base"] == main and data["base_source"] == "run"
    assert evil in [c["sha"] for c in data["commits"]]
    scope = [f for f in data["findings"] if f["code"] == "scope"]
    assert [f["path"] for f in scope] == ["docs/evil.md"] and scope[0]["commits"] == [evil]
    edited = [f for f in data["findings"] if f["code"] == "provenance-edited"]
    assert len(edited) == 1 and edited[0]["severity"] == "violation"
    assert "edits base of run WO-1-r1" in edited[0]["message"]
    assert edited[0]["commits"] == [moved]
    assert "docs/evil.md is outside the scope of WO-1" in text


def test_a_history_rewritten_onto_its_own_base_is_judged_from_the_merge_base(repo: Repo) -> None:
    add_wo(repo, "Write the done file", "--check", "test -f src/done.txt")
    main = repo.git("rev-parse", "main").strip()
    repo.git("checkout", "-q", "-b", "scratch", main)
    evil = commit(repo, {"docs/evil.md": "out of scope\n"}, "Sneak a change in")
    start_branch(repo, base="scratch")  # a "start" commit whose record says base: evil
    repo.git("branch", "-q", "-D", "scratch")
    commit(repo, {"src/done.txt": "done\n"}, "Write the done file")
    finish(repo)
    code, data, text = review(repo)
    assert code == 1
    assert data["base"] == main and data["base_source"] == "merge-base"
    codes = {f["code"]: f for f in data["findings"]}
    assert codes["base-unverified"]["severity"] == "violation"
    assert evil[:10] in codes["base-unverified"]["message"]
    assert codes["scope"]["path"] == "docs/evil.md"
    assert "merge base with the authority branch" in text


def test_a_base_on_another_work_orders_branch_is_stacking_and_fails_strict(repo: Repo) -> None:
    add_wo(repo, "Write the done file", "--check", "test -f src/done.txt")
    repo.git("checkout", "-q", "-b", "wo/WO-9-cover", "main")
    commit(repo, {"docs/evil.md": "out of scope\n"}, "Sneak a change in", ("Work-Order: WO-9",))
    start_branch(repo, base="wo/WO-9-cover")
    commit(repo, {"src/done.txt": "done\n"}, "Write the done file")
    finish(repo)
    code, data, _text = review(repo)
    assert code == 0 and data["stacked_on"] == ["wo/WO-9-cover"]
    stacked = [f for f in data["findings"] if f["code"] == "stacked"]
    assert len(stacked) == 1 and stacked[0]["severity"] == "warning"
    assert "merge it first" in stacked[0]["message"]
    strict, _data, text = review(repo, "--strict")
    assert strict == 1 and text.rstrip().endswith("(--strict)")


def test_editing_who_ran_it_after_the_start_commit_is_a_violation(repo: Repo) -> None:
    started(repo)
    commit(repo, {"src/done.txt": "done\n"}, "Write the done file")
    edit_record(repo, tier="architect", model="the-best-model", agent_profile="person")
    sha = commit(repo, {RECORD: repo.read(RECORD)}, "Claim a better tier")
    assert repo.run("note", "Done.").returncode == 0
    assert repo.run("finish").returncode == 0
    code, data, _text = review(repo)
    assert code == 1
    edited = [f for f in data["findings"] if f["code"] == "provenance-edited"]
    assert len(edited) == 1 and edited[0]["commits"] == [sha]
    assert "edits tier, model, agent_profile of run WO-1-r1" in edited[0]["message"]


AGENT_FORGES_FINISH = """\
import pathlib, subprocess, sys
from gitsplit.ledger.fileformat import Document
record = pathlib.Path(".workledger/runs/WO-1/WO-1-r1.md")
doc = Document.parse(record.read_bytes(), path=str(record))
body = doc.body + "\\nAll done, trust me.\\n"
record.write_text(doc.changed({"outcome": "succeeded", "ended": "2026-05-01T11:00:00Z"},
                              body=body).render())
order = pathlib.Path(".workledger/workorders/WO-1.md")
order.write_text(order.read_text().replace("status: in_progress", "status: review"))
pathlib.Path("src").mkdir(exist_ok=True)
pathlib.Path("src/other.txt").write_text("not what was asked\\n")
subprocess.run(["git", "add", "-A"], check=True)
subprocess.run(["git", "commit", "-q", "--no-verify", "-m", "Finish it myself",
                "--trailer", "Work-Order: WO-1", "--trailer", "Run: WO-1-r1"], check=True)
"""


def test_a_finish_the_agent_wrote_itself_carries_no_check_results(
    repo: Repo, tmp_path: Path
) -> None:
    add_wo(repo, "Write the done file", "--check", "test -f src/done.txt")
    add_agent(repo, tmp_path, "forger", AGENT_FORGES_FINISH)
    proc = repo.run("start", "WO-1", "--agent", "forger")
    assert "succeeded (the agent finished the run itself)" in proc.stdout + proc.stderr
    code, data, text = review(repo, "--strict")
    assert code == 1
    [unrecorded] = [f for f in data["findings"] if f["code"] == "checks-unrecorded"]
    assert unrecorded["severity"] == "violation"
    assert "carries no check results recorded by `gitsplit finish`" in unrecorded["message"]
    assert "checks (not run here;" in text
    # asked to, review runs the checks itself: they fail, and the missing record only warns
    code, data, text = review(repo, "--run-checks")
    assert code == 1 and data["checks_run"] is True
    severities = {f["code"]: f["severity"] for f in data["findings"]}
    assert severities["check-failed"] == "violation"
    assert severities["checks-unrecorded"] == "warning"
    assert "FAIL    test -f src/done.txt" in text


def test_check_results_edited_after_finish_no_longer_match_their_digest(repo: Repo) -> None:
    started(repo)
    commit(repo, {"src/wrong.txt": "wrong\n"}, "Write the wrong file")
    assert repo.run("note", "Done, I think.").returncode == 0
    finished = repo.run("finish", "--outcome", "succeeded")  # a person overrides the check
    assert finished.returncode == 0, finished.stderr
    code, data, _text = review(repo)
    assert code == 1
    [failed] = [f for f in data["findings"] if f["code"] == "checks-failed-recorded"]
    assert "`test -f src/done.txt` failing (exit 1)" in failed["message"]
    doc = Document.parse(repo.read(RECORD), path=RECORD)
    checks = [{**c, "exit": 0, "passed": True} for c in doc.fields["checks"]]
    repo.write(RECORD, doc.changed({"checks": checks}).render())
    commit(repo, {RECORD: repo.read(RECORD)}, "Make the check pass on paper")
    code, data, _text = review(repo)
    assert code == 1
    assert "checks-altered" in [f["code"] for f in data["findings"]]


def test_a_run_finish_closed_with_passing_checks_passes_and_names_where_they_ran(
    repo: Repo,
) -> None:
    started(repo)
    commit(repo, {"src/done.txt": "done\n"}, "Write the done file")
    ran_at = repo.git("rev-parse", "HEAD").strip()
    assert repo.run("note", "Wrote src/done.txt.").returncode == 0
    assert repo.run("finish").returncode == 0
    fields = Document.parse(repo.read(RECORD), path=RECORD).fields
    assert fields["checks_commit"] == ran_at and fields["checks_digest"].startswith("sha256:")
    code, data, _text = review(repo, "--strict")
    assert code == 0, data["findings"]
    # a change after the checks ran: what they saw passed, the tip was never checked
    commit(repo, {"src/later.txt": "later\n"}, "One more thing")
    code, data, _text = review(repo, "--strict")
    assert code == 1
    [stale] = [f for f in data["findings"] if f["code"] == "checks-stale"]
    assert stale["severity"] == "warning" and "src/later.txt" in stale["message"]
    assert ran_at[:10] in stale["message"]
