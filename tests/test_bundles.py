"""gitsplit bundle: a run goes out to a repository that cannot see this one, and comes back."""

from __future__ import annotations

import gzip
import json
import tarfile
from pathlib import Path

import pytest

from tests.bundle_helpers import git, gitsplit, pack, rewrite, work_there
from tests.conftest import WO_BODY, Repo


@pytest.fixture
def origin(repo: Repo) -> Repo:
    """A repository with hooks and a ready WO-1 whose scope is src/**."""
    repo.ok("hooks", "install")
    repo.write("src/app.py", "print('app')\n")
    repo.ok(
        "wo",
        "new",
        *WO_BODY,
        "Add the helper",
        "--class",
        "C1",
        "--status",
        "ready",
        "--scope",
        "src/**",
    )
    repo.commit_all("plan WO-1")
    return repo


def exported(origin: Repo, tmp_path: Path) -> Path:
    bundle = tmp_path / "WO-1.gitsplit-bundle"
    gitsplit(origin.root, "bundle", "export", "WO-1", "-o", str(bundle))
    return bundle


def replied(origin: Repo, tmp_path: Path, rel: str = "src/helper.py") -> Path:
    """Export, import elsewhere, work there, reply: the reply file."""
    bundle = exported(origin, tmp_path)
    there = tmp_path / "there"
    gitsplit(tmp_path, "bundle", "import", str(bundle), str(there))
    work_there(there, rel, "def helper():\n    return 1\n")
    reply = tmp_path / "WO-1.gitsplit-reply"
    gitsplit(there, "bundle", "reply", "-o", str(reply))
    return reply


def test_the_round_trip_lands_on_the_run_branch_and_review_passes(
    origin: Repo, tmp_path: Path
) -> None:
    main_before = origin.git("rev-parse", "main").strip()
    status_before = origin.git("status", "--porcelain")
    reply = replied(origin, tmp_path)
    applied = gitsplit(origin.root, "bundle", "apply", str(reply), "--json")
    answer = json.loads(applied.stdout)
    assert answer["review"]["passed"] is True, applied.stdout
    assert answer["commits"] == 2  # the work and the finish commit
    branch = answer["branch"]
    assert origin.git("show", f"{branch}:src/helper.py") == "def helper():\n    return 1\n"
    assert origin.git("rev-parse", "main").strip() == main_before  # the authority is untouched
    assert origin.git("status", "--porcelain") == status_before
    runs = json.loads(gitsplit(origin.root, "runs", "--json").stdout)
    record = next(run for run in runs if run["run"] == "WO-1-r1")
    assert record["via"] == "bundle" and record["bundle"]["commits"] == 2
    assert "Done there." in record["note"]
    assert "came back from" in gitsplit(origin.root, "runs").stdout


def test_an_out_of_scope_commit_comes_back_and_review_fails_it(
    origin: Repo, tmp_path: Path
) -> None:
    bundle = exported(origin, tmp_path)
    there = tmp_path / "there"
    gitsplit(tmp_path, "bundle", "import", str(bundle), str(there))
    refused = subprocess_commit(there, "README.md")
    assert refused.returncode != 0  # the hooks hold the scope there too
    git(there, "add", "README.md")
    git(there, "commit", "-q", "--no-verify", "-m", "Outside", "--trailer", "Work-Order: WO-1")
    reply = tmp_path / "reply"
    gitsplit(there, "bundle", "reply", "-o", str(reply))
    applied = gitsplit(origin.root, "bundle", "apply", str(reply), check=False)
    assert applied.returncode == 1
    assert "README.md" in applied.stdout and "FAIL" in applied.stdout


def subprocess_commit(there: Path, rel: str):  # type: ignore[no-untyped-def]
    import subprocess

    (there / rel).write_text("changed\n")
    subprocess.run(["git", "add", rel], cwd=there, check=True)
    return subprocess.run(
        ["git", "commit", "-q", "-m", "Outside"],
        cwd=there,
        capture_output=True,
        text=True,
        check=False,
    )


def test_inspect_verifies_and_shows_without_touching_a_repository(
    origin: Repo, tmp_path: Path
) -> None:
    bundle = exported(origin, tmp_path)
    shown = gitsplit(tmp_path, "bundle", "inspect", str(bundle))
    assert "checksums OK" in shown.stdout and "WO-1" in shown.stdout
    assert "## The task: WO-1" in shown.stdout
    data = json.loads(gitsplit(tmp_path, "bundle", "inspect", str(bundle), "--json").stdout)
    assert set(data["members"]) == {"repo.bundle", "briefing.md", "workorder.md"}
    assert data["manifest"]["scope"] == ["src/**"]


def test_scope_only_packs_the_scope_files_and_no_run(origin: Repo, tmp_path: Path) -> None:
    target = tmp_path / "scope.bundle"
    gitsplit(origin.root, "bundle", "export", "WO-1", "--scope-only", "-o", str(target))
    data = json.loads(gitsplit(tmp_path, "bundle", "inspect", str(target), "--json").stdout)
    assert data["files"] == ["src/app.py"]
    assert "wo/" not in origin.git("branch")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda m, man: m.update({"../evil": b"x"}), "is not one a bundle may hold"),
        (lambda m, man: man.update(version=9), "version 9"),
        (lambda m, man: m.pop("briefing.md"), "missing briefing.md"),
        (
            lambda m, man: (m.update({"workorder.md": b"changed"}), False)[1],
            "does not match its sha256",
        ),
    ],
)
def test_hostile_bundles_are_refused_and_nothing_is_written(
    origin: Repo,
    tmp_path: Path,
    change,
    words: str,  # type: ignore[no-untyped-def]
) -> None:
    bundle = exported(origin, tmp_path)
    evil = tmp_path / "evil.bundle"
    rewrite(bundle, evil, change)
    there = tmp_path / "there"
    refused = gitsplit(tmp_path, "bundle", "import", str(evil), str(there), check=False)
    assert refused.returncode == 1, refused.stdout
    assert words in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not there.exists()


def test_a_symlink_member_a_truncated_file_and_a_bomb_are_refused(
    origin: Repo, tmp_path: Path
) -> None:
    link = tmp_path / "link.bundle"
    pack(link, {"manifest.json": b"{}"}, links={"briefing.md": "/etc/passwd"})
    assert (
        "not a regular file"
        in gitsplit(tmp_path, "bundle", "inspect", str(link), check=False).stderr
    )
    truncated = tmp_path / "cut.bundle"
    truncated.write_bytes(exported(origin, tmp_path).read_bytes()[:200])
    cut = gitsplit(tmp_path, "bundle", "inspect", str(truncated), check=False)
    assert cut.returncode == 1 and "not a readable gitsplit bundle" in cut.stderr
    bomb = tmp_path / "bomb.bundle"
    header = tarfile.TarInfo("repo.bundle")
    header.size = 1 << 40  # a terabyte declared: refused before a byte of it is read
    bomb.write_bytes(gzip.compress(header.tobuf()))
    refused = gitsplit(tmp_path, "bundle", "inspect", str(bomb), check=False)
    assert refused.returncode == 1 and "too large" in refused.stderr
    many = tmp_path / "many.bundle"
    pack(many, {f"m{i}": b"" for i in range(100)})
    assert gitsplit(tmp_path, "bundle", "inspect", str(many), check=False).returncode == 1


def test_a_reply_that_answers_no_exported_bundle_is_refused(origin: Repo, tmp_path: Path) -> None:
    reply = replied(origin, tmp_path)
    forged = tmp_path / "forged"
    rewrite(reply, forged, lambda m, man: man["answers"].update(briefing_sha256="0" * 64))
    refused = gitsplit(origin.root, "bundle", "apply", str(forged), check=False)
    assert refused.returncode == 1 and "answers no bundle" in refused.stderr
    other = tmp_path / "other"
    rewrite(reply, other, lambda m, man: man["answers"].update(branch="wo/WO-9-nothing"))
    assert (
        "no branch wo/WO-9-nothing here"
        in gitsplit(origin.root, "bundle", "apply", str(other), check=False).stderr
    )
    onto_main = tmp_path / "main"
    rewrite(reply, onto_main, lambda m, man: man["answers"].update(branch="main"))
    assert (
        "authority branch"
        in gitsplit(origin.root, "bundle", "apply", str(onto_main), check=False).stderr
    )


def test_a_reply_never_lands_on_a_branch_that_moved_or_is_checked_out(
    origin: Repo, tmp_path: Path
) -> None:
    reply = replied(origin, tmp_path)
    branch = origin.git("branch", "--list", "wo/*").strip()
    origin.git("switch", "-q", branch)
    refused = gitsplit(origin.root, "bundle", "apply", str(reply), check=False)
    assert refused.returncode == 1 and "checked out in a worktree" in refused.stderr
    origin.write("src/local.py", "x\n")
    origin.git("add", "src/local.py")
    origin.git("commit", "-q", "-m", "Local", "--trailer", "Work-Order: WO-1")
    origin.git("switch", "-q", "main")
    moved = gitsplit(origin.root, "bundle", "apply", str(reply), check=False)
    assert moved.returncode == 1 and "has moved since the bundle was exported" in moved.stderr
    assert origin.git("show", f"{branch}:src/local.py") == "x\n"


def test_applying_twice_says_it_is_done(origin: Repo, tmp_path: Path) -> None:
    reply = replied(origin, tmp_path)
    gitsplit(origin.root, "bundle", "apply", str(reply))
    again = gitsplit(origin.root, "bundle", "apply", str(reply), check=False)
    assert again.returncode == 1


def test_a_reply_touching_protected_paths_is_applied_but_fails_review(
    origin: Repo, tmp_path: Path
) -> None:
    bundle = exported(origin, tmp_path)
    there = tmp_path / "there"
    gitsplit(tmp_path, "bundle", "import", str(bundle), str(there))
    config = there / ".workledger" / "config.yaml"
    config.write_text(config.read_text() + "\n# loosened elsewhere\n")
    git(there, "add", ".workledger/config.yaml")
    git(there, "commit", "-q", "--no-verify", "-m", "Loosen", "--trailer", "Work-Order: WO-1")
    reply = tmp_path / "reply"
    gitsplit(there, "bundle", "reply", "-o", str(reply))
    applied = gitsplit(origin.root, "bundle", "apply", str(reply), check=False)
    assert applied.returncode == 1
    assert ".workledger/config.yaml" in applied.stdout and "FAIL" in applied.stdout
    assert "commits from the reply" in applied.stdout  # applied, and said so


def test_commits_that_do_not_descend_from_the_bundle_are_refused(
    origin: Repo, tmp_path: Path
) -> None:
    reply = replied(origin, tmp_path)
    there = tmp_path / "there"
    branch = git(there, "branch", "--show-current").strip()
    git(there, "checkout", "-q", "--orphan", "elsewhere")
    git(there, "commit", "-q", "--no-verify", "-m", "Unrelated history")
    git(there, "branch", "-f", branch, "elsewhere")
    head = git(there, "rev-parse", "elsewhere").strip()
    git(there, "bundle", "create", "-q", str(tmp_path / "full.bundle"), branch)
    forged = tmp_path / "forged"

    def swap(members: dict[str, bytes], manifest: dict) -> None:  # type: ignore[type-arg]
        members["reply.bundle"] = (tmp_path / "full.bundle").read_bytes()
        manifest["head"] = head

    rewrite(reply, forged, swap)
    before = origin.git("rev-parse", branch).strip()
    refused = gitsplit(origin.root, "bundle", "apply", str(forged), check=False)
    assert refused.returncode == 1 and "do not descend" in refused.stderr
    assert origin.git("rev-parse", branch).strip() == before
    assert "incoming" not in origin.git("for-each-ref")
