"""Unit tests of the hooks' pure parts, their import weight, and .pre-commit-hooks.yaml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gitsplit.errors import GitsplitError
from gitsplit.hooks import HOOK_TYPES, model
from gitsplit.hooks.cache import Cache
from gitsplit.hooks.commitmsg import wants_trailers
from gitsplit.ledger import branch_names, config, ids
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import WorkOrder
from gitsplit.util import globs
from tests.conftest import Repo
from tests.hooks_helpers import commit, install, message, stage, wo_branch, write_run

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("src/**", "src/a/b.py", True),
        ("src/**", "src", True),
        ("src", "src/a/b.py", True),
        ("src/", "src/a.py", True),
        ("./src/*.py", "src/a.py", True),
        ("src/*.py", "src/sub/a.py", False),
        ("**/*.md", "a/b/c.md", True),
        ("**/*.md", "c.md", True),
        ("*.md", "docs/c.md", False),
        ("t?st/[a-c]x.py", "test/bx.py", True),
        ("t?st/[!a-c]x.py", "test/bx.py", False),
        ("docs/**/index.md", "docs/index.md", True),
        (".workledger/decisions/**", ".workledger/decisions/D-1.md", True),
        ("src/parser", "src/parser_old.py", False),
        ("", "anything", False),
    ],
)
def test_globs(pattern: str, path: str, expected: bool) -> None:
    assert globs.match(pattern, path) is expected


class _Pattern:
    def __init__(self, pattern: str) -> None:
        self.branch_pattern = pattern


@pytest.mark.parametrize(
    ("pattern", "name", "expected"),
    [
        ("wo/{id}-{slug}", "wo/WO-12-parse-config", "WO-12"),
        ("wo/{id}-{slug}", "refs/heads/wo/WO-3-x-r2", "WO-3"),
        ("wo/{id}-{slug}", "wo/WO-7", "WO-7"),
        ("wo/{id}-{slug}", "wo/WO-07-x", None),
        ("wo/{id}-{slug}", "wo/WO-1x", None),
        ("wo/{id}-{slug}", "feature/WO-1-x", None),
        ("wo/{id}-{slug}", "main", None),
        ("run/{slug}/{id}", "run/fix-it/WO-4", "WO-4"),
        ("{id}", "WO-9-r3", "WO-9"),
    ],
)
def test_parse_wo_branch(pattern: str, name: str, expected: str | None) -> None:
    assert branch_names.parse_wo_branch(_Pattern(pattern), name) == expected


def test_branch_name_round_trips() -> None:
    cfg = config.Config()

    def order(wo_id: str, title: str) -> WorkOrder:
        return WorkOrder(Document.new({"id": wo_id, "title": title}, "", path=f"{wo_id}.md"))

    name = branch_names.branch_name(cfg, order("WO-12", "Parse the Config — fast, café!"))
    assert name == "wo/WO-12-parse-the-config-fast-cafe"
    assert branch_names.parse_wo_branch(cfg, name) == "WO-12"
    assert branch_names.branch_name(cfg, order("WO-1", "!!!")) == "wo/WO-1-work"
    assert len(branch_names.slugify("word " * 40)) <= branch_names.SLUG_MAX


def test_skip_values() -> None:
    assert model.parse_skip("") == ()
    assert model.parse_skip("Ledger, scope") == ("scope", "ledger")
    assert model.parse_skip("scope,all") == ("all",)
    with pytest.raises(GitsplitError, match="did you mean 'checkpoint'"):
        model.parse_skip("checkpiont")


def test_raw_diff_parsing_keeps_both_sides_of_a_rename() -> None:
    raw = (
        b":100644 100644 aaa bbb M\0src/a.py\0:100644 100644 ccc ccc R100\0old/x.py\0"
        b"new/x.py\0:100644 000000 ddd 000 D\0gone.txt\0"
    )
    changes = model.parse_raw_diff(raw)
    assert [(c.status, c.paths) for c in changes] == [
        ("M", ("src/a.py",)),
        ("R", ("old/x.py", "new/x.py")),
        ("D", ("gone.txt",)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Add parser\n", True),
        ("\n\n# Please enter the commit message\n", False),
        ("fixup! Add parser\n", False),
        ("# comment\nsquash! Add parser\n", False),
        ("# ------------------------ >8 ------------------------\ndiff --git a b\n", False),
        ("  indented subject\n", True),
    ],
)
def test_which_messages_get_trailers(text: str, expected: bool) -> None:
    assert wants_trailers(text) is expected


def test_cache_round_trip_and_refusals(tmp_path: Path) -> None:
    cache = Cache(str(tmp_path / "gitsplit"))
    cache.put("abc", {"scope": ["src/**", "docs"], "title": ["T"], "empty": []})
    cache.put("bad", {"title": ["has\ttab"]})
    again = Cache(str(tmp_path / "gitsplit"))
    assert again.get("abc") == {"scope": ["src/**", "docs"], "title": ["T"], "empty": []}
    assert again.get("bad") is None
    (tmp_path / "gitsplit" / "hook-cache").write_text("something else\nabc\tx=\x1fy\n")
    assert Cache(str(tmp_path / "gitsplit")).get("abc") is None


def test_copied_constants_match_the_originals() -> None:
    defaults = config.Config()
    assert model.LEDGER == ids.LEDGER_DIR
    assert model.CONFIG == config.CONFIG_PATH
    assert ids.WORKORDER.dir == model.WORKORDERS
    assert ids.CHECKPOINT.dir == model.CHECKPOINTS
    assert model.RUNS == ids.RUNS_DIR
    assert (defaults.default_branch, defaults.branch_pattern, defaults.protected_paths) == (
        model.DEFAULT_BRANCH,
        model.BRANCH_PATTERN,
        model.PROTECTED,
    )


def test_hook_entry_imports_nothing_heavy() -> None:
    code = (
        "import sys, gitsplit.hooks.run, gitsplit.hooks.precommit, "
        "gitsplit.hooks.commitmsg; print(' '.join(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    loaded = set(out.stdout.split())
    for heavy in (
        "yaml",
        "click",
        "git",
        "jinja2",
        "subprocess",
        "dataclasses",
        "typing",
        "re",
        "gitsplit.gitio",
        "gitsplit.ledger.config",
        "gitsplit.ledger.validate",
    ):
        assert heavy not in loaded, f"the hook entry imports {heavy}"


def test_the_installed_hooks_start_python_without_runpy(repo: Repo) -> None:
    """The script calls the entry point with ``-c``: ``-m`` imported runpy (and with it
    importlib.util, contextlib and collections) on every commit, which no hook needs."""
    install(repo)
    wo_branch(repo, "src/**", run="r1")
    stage(repo, "src/a.py", "x = 1\n")
    proc = commit(repo, "in scope", env={"PYTHONPROFILEIMPORTTIME": "1"})  # imports: stderr
    assert proc.returncode == 0, proc.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()}
    assert "gitsplit.hooks.precommit" in imported  # the hook ran, and its imports show
    assert "runpy" not in imported, sorted(imported)


def test_commit_msg_works_without_a_hand_off(repo: Repo) -> None:
    """The Python commit-msg path (no pre-commit hand-off): same trailers as the fast path."""
    install(repo)
    wo_branch(repo, "src/**", run="r1")
    base = repo.git("rev-parse", "HEAD").strip()
    write_run(
        repo, "WO-1", "r2", branch="wo/WO-1-parser", base=base, started="2026-06-01T00:00:00Z"
    )
    stage(repo, ".workledger/runs/WO-1/r2.md", repo.read(".workledger/runs/WO-1/r2.md"))
    msg = repo.root / "msg.txt"
    for text, expected in (
        ("Subject\n", "Subject\n\nWork-Order: WO-1\nRun: r2\n"),
        ("fixup! Subject\n", "fixup! Subject\n"),
        ("S\n\nWork-Order: WO-9\n", "S\n\nWork-Order: WO-9\nRun: r2\n"),
    ):
        msg.write_text(text, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "gitsplit.hooks.run", "commit-msg", str(msg)],
            cwd=repo.root,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert msg.read_text(encoding="utf-8") == expected
        assert ("names Work-Order: WO-9, but its branch is WO-1's" in result.stderr) == (
            "WO-9" in text
        )
    assert message(repo).strip() == "start run"


def test_unknown_hook_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gitsplit.hooks.run", "pre-push"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "unknown hook 'pre-push'" in result.stderr


def test_pre_commit_hooks_manifest_shape() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and hooks
    ids_seen = [hook["id"] for hook in hooks]
    assert len(ids_seen) == len(set(ids_seen)) and "gitsplit-scope" in ids_seen
    stages = {"pre-commit", "commit-msg", "post-checkout"}
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        words = hook["entry"].split()
        assert words[:3] == ["gitsplit", "hooks", "run"] and words[3] in HOOK_TYPES
        assert hook["stages"] == [words[3]] and set(hook["stages"]) <= stages
        assert hook["always_run"] is True
    scope = hooks[ids_seen.index("gitsplit-scope")]
    assert scope["pass_filenames"] is False
    trailer_hook = hooks[ids_seen.index("gitsplit-trailers")]
    assert trailer_hook.get("pass_filenames", True) is True  # it needs the message file


def pre_commit_loads_yaml(repo: Repo) -> list[str]:
    """Stage a change, run the pre-commit hook in a fresh process: [its status, yaml loaded?]."""
    stage(repo, "src/a.py", "b\n")
    code = (
        "import sys; from gitsplit.hooks import run; status = run.main(['pre-commit']); "
        "print(status, 'yaml' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", code],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    return out.stdout.split() or [out.stderr]


def test_a_commit_that_hits_the_cache_does_not_load_yaml(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**", run="r1")
    stage(repo, "src/a.py", "a\n")
    assert (
        subprocess.run(
            ["git", "commit", "-q", "-m", "fills the cache"], cwd=repo.root, check=False
        ).returncode
        == 0
    )
    assert (repo.root / ".git/gitsplit/hook-cache").is_file()
    assert pre_commit_loads_yaml(repo) == ["0", "False"]


def test_a_branch_opened_by_start_hits_the_cache_too(repo: Repo) -> None:
    # `start` commits the briefing beside the run record; it is not a run record, and
    # reading it as one (and failing) parsed YAML again on every commit of the run
    from tests.reviewkit import add_wo

    install(repo)
    wo_id = add_wo(repo)
    repo.ok("start", wo_id, "--no-launch")
    committed = repo.git("ls-tree", "-r", "--name-only", "HEAD", f".workledger/runs/{wo_id}")
    assert ids.BRIEFING_SUFFIX in committed
    stage(repo, "src/a.py", "a\n")
    subprocess.run(["git", "commit", "-q", "-m", "fills the cache"], cwd=repo.root, check=True)
    assert pre_commit_loads_yaml(repo) == ["0", "False"]


def test_the_hooks_know_the_briefing_suffix_the_ledger_uses() -> None:
    assert model.BRIEFING_SUFFIX == ids.BRIEFING_SUFFIX


def test_hand_off_is_written_for_this_commit_and_stale_ones_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gitsplit.hooks.commitmsg import HANDOFF_PREFIX, write_handoff

    stale = tmp_path / f"{HANDOFF_PREFIX}99999999"
    stale.write_text("Work-Order: WO-9\n", encoding="utf-8")
    monkeypatch.setenv("GITSPLIT_HOOK_DIR", str(tmp_path))
    write_handoff(["Work-Order: WO-1", "Run: r1"])
    current = tmp_path / f"{HANDOFF_PREFIX}{os.getppid()}"
    assert current.read_text(encoding="utf-8") == "Work-Order: WO-1\nRun: r1\n"
    assert not stale.exists()


def test_hooks_run_commit_msg_without_its_file_is_a_usage_error(repo: Repo) -> None:
    result = repo.cli("hooks", "run", "commit-msg")
    assert result.exit_code == 2
    assert "commit-msg needs the commit message file" in result.output
