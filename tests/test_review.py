"""`gitsplit review` on WO branches built with real commits: scope, provenance, exit codes."""

from __future__ import annotations

import re

from tests.conftest import WO_BODY, Repo
from tests.reviewkit import (
    add_wo,
    clean_branch,
    codes,
    commit,
    finding,
    finish,
    review_json,
    start_branch,
)


def test_clean_branch_passes(repo: Repo) -> None:
    branch = clean_branch(repo)
    code, data = review_json(repo)
    assert code == 0, data["findings"]
    assert data["findings"] == [] and data["passed"] is True
    assert data["wo"] == "WO-1" and data["branch"] == branch
    assert data["base"] == repo.git("rev-parse", "main").strip()
    assert data["base_source"] == "run"
    assert data["run"]["outcome"] == "succeeded" and data["run"]["note"] == "Wrote src/done.txt."
    assert [c["work_order"] for c in data["commits"]] == [["WO-1"]] * 3
    assert data["acceptance"] == "- src/done.txt exists and says done."
    assert data["checks"] == [
        {
            "command": "test -f src/done.txt",
            "run": False,
            "exit": None,
            "passed": None,
            "timed_out": None,
            "seconds": None,
            "tail": None,
        }
    ]
    assert {f["path"] for f in data["diffstat"]["files"]} == {
        "src/done.txt",
        ".workledger/runs/WO-1/WO-1-r1.md",
    }
    result = repo.cli("review", "WO-1")
    assert result.exit_code == 0
    assert f"review {branch} against WO-1: Write the done file" in result.stdout
    assert result.stdout.rstrip().endswith("PASS")
    assert re.search(r"src/done.txt \(new\) +\| 1 \+\n", result.stdout)
    print(result.stdout)


def test_out_of_scope_commit_made_with_no_verify_fails(repo: Repo) -> None:
    clean_branch(repo)
    sha = commit(repo, {"docs/notes.md": "notes\n", "src/more.txt": "more\n"}, "Add notes")
    code, data = review_json(repo)
    assert code == 1
    assert codes(data, "violation") == ["scope"]
    scope = finding(data, "scope")
    assert scope["path"] == "docs/notes.md" and scope["commits"] == [sha]
    assert "outside the scope of WO-1 (src/**)" in scope["message"]
    commits = {c["sha"]: c for c in data["commits"]}
    assert commits[sha]["paths"] == ["docs/notes.md", "src/more.txt"]
    text = repo.cli("review").stdout
    assert "docs/notes.md is outside the scope of WO-1" in text and f"in {sha[:10]}" in text
    assert "FAIL: 1 violation" in text


def test_protected_ledger_edits_are_violations(repo: Repo) -> None:
    repo.ok("decide", "Use tabs", "--rejected", "spaces: no")
    repo.commit_all("D-1")
    clean_branch(repo)
    decision = ".workledger/decisions/D-1.md"
    own = ".workledger/workorders/WO-1.md"
    sha = commit(
        repo,
        {
            decision: repo.read(decision) + "\nEdited by the run.\n",
            ".workledger/workorders/WO-5.md": repo.read(own).replace("WO-1", "WO-5"),
            own: repo.read(own).replace("status: ready", "status: review"),
        },
        "Touch the ledger",
    )
    code, data = review_json(repo)
    assert code == 1
    edited = finding(data, "protected", decision)
    assert edited["commits"] == [sha] and "protected ledger path" in edited["message"]
    other = finding(data, "protected", ".workledger/workorders/WO-5.md")
    assert "another work order's record" in other["message"]
    # its own work order (status only) and its own runs are not protected
    assert not [f for f in data["findings"] if f["path"] and "WO-1" in f["path"]]
    assert codes(data) == ["protected", "protected"]


def test_missing_and_foreign_trailers(repo: Repo) -> None:
    clean_branch(repo)
    bare = commit(repo, {"src/a.txt": "a\n"}, "No trailer", ())
    foreign = commit(repo, {"src/b.txt": "b\n"}, "Someone else's", ("Work-Order: WO-7",))
    skipped = commit(
        repo, {"src/c.txt": "c\n"}, "Hook skipped", ("Work-Order: WO-1", "Gitsplit-Skipped: scope")
    )
    code, data = review_json(repo)
    assert code == 1
    assert finding(data, "trailer-missing")["commits"] == [bare]
    other = finding(data, "trailer-other")
    assert other["commits"] == [foreign] and "belongs to WO-7" in other["message"]
    hooks = finding(data, "hooks-skipped")
    assert hooks["severity"] == "warning" and hooks["commits"] == [skipped]
    text = repo.cli("review").stdout
    assert "has no 'Work-Order: WO-1' trailer" in text and "no trailer" in text


def test_unfinished_run_warns_and_strict_fails(repo: Repo) -> None:
    add_wo(repo)
    start_branch(repo)
    commit(repo, {"src/done.txt": "done\n"}, "Write it")
    code, data = review_json(repo)
    assert code == 0
    assert codes(data, "warning") == ["run-unfinished", "note-missing"]
    assert data["run"]["outcome"] is None
    strict = repo.cli("review", "--strict")
    assert strict.exit_code == 1 and "FAIL: 2 warnings (--strict)" in strict.stdout
    assert review_json(repo, "--strict")[1]["exit"] == 1


def test_failed_run_is_a_violation(repo: Repo) -> None:
    add_wo(repo)
    start_branch(repo)
    finish(repo, outcome="failed", note="Could not do it.")
    code, data = review_json(repo)
    assert code == 1 and codes(data, "violation") == ["run-failed"]


def test_dependency_not_merged_into_the_base(repo: Repo) -> None:
    add_wo(repo, "First")
    add_wo(repo, "Second", "--depends-on", "WO-1")
    start_branch(repo, "WO-2", "second")
    commit(repo, {"src/two.txt": "2\n"}, "Two", ("Work-Order: WO-2",))
    finish(repo, "WO-2", "WO-2-r1")
    code, data = review_json(repo)
    assert code == 1
    dep = finding(data, "dependency")
    assert dep["severity"] == "violation" and "WO-1" in dep["message"]
    assert data["dependencies"] == [
        {"id": "WO-1", "status_at_base": "ready", "status_at_authority": "ready", "merged": False}
    ]
    # once WO-1 is done on main (after the branch's base) it is only a warning
    repo.git("checkout", "-q", "main")
    repo.ok("wo", "set", "WO-1", "status=done")
    repo.commit_all("WO-1 done")
    code, data = review_json(repo, "WO-2")
    assert code == 0 and finding(data, "dependency")["severity"] == "warning"


def test_merge_from_main_is_not_blamed(repo: Repo) -> None:
    branch = clean_branch(repo)
    repo.git("checkout", "-q", "main")
    repo.write("docs/guide.md", "guide\n")
    repo.commit_all("Docs on main")  # outside WO-1's scope, and no trailer
    repo.git("checkout", "-q", branch)
    repo.git("merge", "-q", "--no-verify", "--no-edit", "main")
    commit(repo, {"src/after.txt": "after\n"}, "After the merge")
    code, data = review_json(repo)
    assert code == 0, data["findings"]
    merges = [c for c in data["commits"] if c["sync_merge"]]
    assert len(merges) == 1 and merges[0]["paths"] == []
    assert "Docs on main" not in {c["subject"] for c in data["commits"]}
    assert "docs/guide.md" not in {f["path"] for f in data["diffstat"]["files"]}
    assert data["diff_from"] == repo.git("rev-parse", "main").strip()


def test_renamed_and_deleted_files_judge_both_sides(repo: Repo) -> None:
    repo.write("src/keep.py", "x = 1\n")
    repo.write("docs/old.md", "old\n")
    repo.write("notes.txt", "n\n")
    repo.commit_all("Files")
    add_wo(repo)
    start_branch(repo)
    (repo.root / "lib").mkdir()
    repo.git("mv", "src/keep.py", "lib/keep.py")
    repo.git("mv", "docs/old.md", "src/old.md")
    moved = commit(repo, {}, "Move files")
    gone = commit(repo, {"notes.txt": None}, "Delete notes")
    finish(repo)
    code, data = review_json(repo)
    assert code == 1
    assert {f["path"]: f["commits"] for f in data["findings"] if f["code"] == "scope"} == {
        "lib/keep.py": [moved],
        "docs/old.md": [moved],
        "notes.txt": [gone],
    }
    stats = {f["path"]: f for f in data["diffstat"]["files"]}
    assert stats["lib/keep.py"]["old_path"] == "src/keep.py" and stats["notes.txt"]["status"] == "D"
    assert "src/keep.py → lib/keep.py" in repo.cli("review").stdout


def test_binary_file_in_the_diff(repo: Repo) -> None:
    clean_branch(repo)
    commit(repo, {"src/logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00binary"}, "Logo")
    code, data = review_json(repo)
    assert code == 0
    logo = next(f for f in data["diffstat"]["files"] if f["path"] == "src/logo.png")
    assert logo["binary"] is True and logo["added"] is None
    assert re.search(r"src/logo.png \(new\) +\| Bin\n", repo.cli("review").stdout)


def test_usage_errors_exit_2(repo: Repo) -> None:
    clean_branch(repo)
    repo.git("checkout", "-q", "main")
    result = repo.cli("review")
    assert result.exit_code == 2 and "'main' is not a work-order branch" in result.output
    assert repo.cli("review", "no-such-branch").exit_code == 2
    assert repo.cli("review", "WO-9").exit_code == 2
    bad = repo.cli("review", "WO-1", "--base", "nope")
    assert bad.exit_code == 2 and "Invalid value for --base: 'nope' names no commit" in bad.output
    proc = repo.run("review")
    assert proc.returncode == 2 and "not a work-order branch" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_real_subprocess_reports_a_violation(repo: Repo) -> None:
    branch = clean_branch(repo)
    commit(repo, {"README.md": "# changed\n"}, "Touch the readme")
    repo.git("checkout", "-q", "main")
    proc = repo.run("review", branch)
    assert proc.returncode == 1, proc.stderr
    assert "README.md is outside the scope of WO-1" in proc.stdout
    assert repo.git("branch", "--show-current").strip() == "main"  # nothing checked out


def test_a_merge_from_main_is_blamed_for_its_own_edits(repo: Repo) -> None:
    branch = clean_branch(repo)
    repo.git("checkout", "-q", "main")
    repo.write("docs/guide.md", "guide\n")
    repo.commit_all("Docs on main")
    repo.git("checkout", "-q", branch)
    repo.git("merge", "-q", "--no-commit", "main")
    repo.write("setup.cfg", "[evil]\n")  # slipped into the merge itself
    repo.git("add", "setup.cfg")
    repo.git("commit", "-q", "--no-verify", "--no-edit")
    merge = repo.git("rev-parse", "HEAD").strip()
    code, data = review_json(repo)
    assert code == 1
    assert finding(data, "scope")["path"] == "setup.cfg"
    assert finding(data, "scope")["commits"] == [merge]
    assert codes(data) == ["scope"]  # the merge's missing trailer is not blamed


def test_branch_without_run_record_uses_the_merge_base(repo: Repo) -> None:
    add_wo(repo)
    repo.git("checkout", "-q", "-b", "wo/WO-1-by-hand")
    commit(repo, {"src/x.txt": "x\n"}, "Work by hand")
    code, data = review_json(repo)
    assert code == 1  # issue 16: a branch whose run record is missing fails review
    assert data["base_source"] == "merge-base" and data["run"] is None
    assert codes(data) == ["run-missing"]


def test_review_is_callable_as_a_library(repo: Repo) -> None:
    from gitsplit.ledger.store import Ledger
    from gitsplit.review import markdown, render, review

    branch = clean_branch(repo)
    repo.git("checkout", "-q", "main")
    result = review(Ledger.open(repo.root), "WO-1", run_checks=True)
    assert result.target.branch == branch and result.exit_code() == 0
    assert render.text(result).endswith("PASS\n")
    assert markdown.title(result) == "WO-1: Write the done file"
    assert render.as_json(result)["checks"][0]["passed"] is True


def test_base_option_that_moved_on_is_judged_from_where_the_branch_left_it(repo: Repo) -> None:
    branch = clean_branch(repo)
    repo.git("checkout", "-q", "main")
    repo.write(
        ".workledger/config.yaml",
        repo.read(".workledger/config.yaml")
        + "\n# the architect tunes the config after the branch started\n",
    )
    repo.write("NEWS.md", "later on main\n")
    repo.commit_all("Main moves on")
    code, data = review_json(repo, branch, "--base", "main")
    assert code == 0, data["findings"]
    assert data["base"] == repo.git("merge-base", "main", branch).strip()
    assert data["base_source"] == "option"


def test_diffstat_bar_shows_a_one_line_change_beside_a_big_one(repo: Repo) -> None:
    clean_branch(repo)
    commit(repo, {"src/big.txt": "line\n" * 200, "src/one.txt": "one\n"}, "Big and small")
    text = repo.cli("review").stdout
    assert re.search(r"src/big.txt \(new\) +\| 200 \+{40}\n", text), text
    assert re.search(r"src/one.txt \(new\) +\| 1 \+\n", text), text


def test_broken_config_on_main_is_named_as_main_s(repo: Repo) -> None:
    branch = clean_branch(repo)
    repo.git("checkout", "-q", "main")
    repo.write(".workledger/config.yaml", "routing: [\n")
    repo.git("commit", "-q", "--no-verify", "-am", "Break the config")
    repo.git("checkout", "-q", branch)
    result = repo.cli("review")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "main:.workledger/config.yaml:2: malformed YAML" in result.stderr
    assert "fix it there" in result.stderr


def test_a_work_order_that_does_not_exist_is_not_offered_a_start(repo: Repo) -> None:
    clean_branch(repo)
    missing = repo.cli("review", "WO-77")
    assert missing.exit_code == 2 and "no work order WO-77" in missing.output
    assert "gitsplit start" not in missing.output and "gitsplit wo list" in missing.output
    repo.ok("wo", "new", *WO_BODY, "Not started yet", "--status", "ready")
    unstarted = repo.cli("review", "WO-2")
    assert unstarted.exit_code == 2 and "`gitsplit start WO-2` opens one" in unstarted.output


def test_stacked_run_is_reviewed_from_its_recorded_base_and_says_what_it_stands_on(
    repo: Repo,
) -> None:
    add_wo(repo, "Write the done file", "--check", "test -f src/done.txt")
    add_wo(repo, "Build on it", "--scope", "lib/**")
    first = start_branch(repo)
    commit(repo, {"src/done.txt": "done\n"}, "Write the done file")
    finish(repo)
    first_tip = repo.git("rev-parse", "HEAD").strip()
    second = start_branch(repo, "WO-2", "build-on-it", base=first)
    commit(repo, {"lib/on.txt": "on\n"}, "Build on it", ("Work-Order: WO-2",))
    finish(repo, "WO-2", "WO-2-r1", note="Built on WO-1.")
    code, data = review_json(repo, second)
    assert code == 0, data["findings"]
    assert data["base"] == first_tip and data["base_source"] == "run"
    assert data["stacked_on"] == [first]
    assert [c["work_order"] for c in data["commits"]] == [["WO-2"]] * 3  # none of WO-1's
    text = repo.cli("review", second).stdout
    assert f"  stacked on {first}: its base is not in main yet; merge that first" in text
    body = repo.cli("review", second, "--format", "md").stdout
    assert f"| Stacked on | `{first}`: its base is not in main yet" in body
    # once WO-1 is merged, WO-2 stands on main like any other branch
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge WO-1", first)
    code, data = review_json(repo, second)
    assert code == 0 and data["stacked_on"] == []
    assert "stacked on" not in repo.cli("review", second).stdout
