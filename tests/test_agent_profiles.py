"""Agent profiles and tiers: the model a CLI takes vs the price key, placeholders, report files."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from gitsplit.errors import ConfigError
from gitsplit.ledger import config
from gitsplit.ledger.config import Tier
from tests.conftest import WO_BODY, Repo
from tests.test_runs import run_record, wo_status

# Commits in scope, then writes its report to the file named by its first argument.
AGENT_REPORTS = """\
import json, pathlib, subprocess, sys
sys.stdin.read()
pathlib.Path("src").mkdir(exist_ok=True)
pathlib.Path("src/done.txt").write_text("done\\n")
subprocess.run(["git", "add", "src/done.txt"], check=True)
subprocess.run(["git", "commit", "-q", "-m", "Do the work"], check=True)
pathlib.Path(sys.argv[1]).write_text(json.dumps({"input_tokens": 1234000, "output_tokens": 56000}))
print("git dir:", sys.argv[2])
"""


def add_profile(repo: Repo, tmp_path: Path, name: str, source: str, extra: str) -> None:
    """Write a stand-in agent and a profile for it (``extra``: more YAML lines), committed."""
    script = tmp_path / f"{name}.py"
    script.write_text(source, encoding="utf-8")
    text = repo.read(".workledger/config.yaml")
    argv = f"[{sys.executable}, {script}, '{{report_file}}', '{{git_dir}}']"
    profile = f"\nagents:\n  {name}:\n    argv: {argv}\n"
    repo.write(".workledger/config.yaml", text.replace("\nagents:\n", profile + extra, 1))
    repo.commit_all(f"agent {name}")


def set_cheap(config_text: str, tier: str) -> str:
    """The config with the cheap tier's line replaced (a second ``tiers:`` key is refused)."""
    line = "  cheap:     {agent: codex,  model: gpt-5.4-mini}\n"
    assert line in config_text
    return config_text.replace(line, f"  cheap: {tier}\n", 1)


@pytest.fixture
def ready(repo: Repo) -> Repo:
    """WO-1 (C1: the cheap tier, gpt-5.4-mini) ready, scope src/**."""
    repo.ok("wo", "new", *WO_BODY, "Write the done file", "--class", "C1", "--status", "ready",
            "--scope", "src/**")  # fmt: skip
    repo.commit_all("WO-1")
    return repo


def test_tier_names_the_cli_model_and_the_price_key() -> None:
    cfg = config.parse(
        "tiers:\n"
        "  standard: {model: anthropic/claude-sonnet-4-0, agent: aider, price: sonnet-4,"
        " timeout: 90}\n"
        "  frontier: {model: gpt-5.4-mini}\n"
    )
    assert cfg.tiers["standard"] == Tier(
        "standard", "aider", "anthropic/claude-sonnet-4-0", "sonnet-4", 90
    )
    assert cfg.tiers["standard"].price_key == "sonnet-4"
    assert (
        cfg.tiers["frontier"].price_key == "gpt-5.4-mini" and cfg.tiers["frontier"].timeout == 3600
    )
    # a default tier keeps its price only with its own model
    assert config.parse("").tiers["standard"].price_key == "sonnet-4"
    changed = config.parse("tiers:\n  standard: {model: gpt-5.5}\n").tiers["standard"]
    assert (changed.agent, changed.price_key) == ("claude", "gpt-5.5")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "tiers:\n  standard: {price: sonet-4}\n",
            ["config.yaml:2:", "tiers.standard.price", "'sonet-4' is not in the price table",
             "did you mean 'sonnet-4'"],
        ),
        ("tiers:\n  standard: {timeout: soon}\n", ["tiers.standard.timeout", "whole number"]),
        ("tiers:\n  standard: {timeout: 0}\n", ["tiers.standard.timeout", "greater than zero"]),
        ("agents:\n  claude: {models: claude-*}\n", ["agents.claude.models", "must be a list"]),
    ],
)  # fmt: skip
def test_bad_tier_or_profile_keys_are_named(text: str, words: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        config.parse(text)
    for word in words:
        assert word in str(info.value)


def test_a_model_the_cli_does_not_take_is_refused_before_anything_is_created(
    ready: Repo, tmp_path: Path
) -> None:
    add_profile(ready, tmp_path, "picky", AGENT_REPORTS, '    models: ["claude-*", sonnet]\n')
    before = ready.git("for-each-ref", "refs/heads")
    proc = ready.run("start", "WO-1", "--agent", "picky")
    assert proc.returncode == 1
    assert "agent profile 'picky' does not take the model 'gpt-5.4-mini'" in proc.stderr
    assert "claude-*, sonnet" in proc.stderr and "agents.picky.models" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert ready.git("for-each-ref", "refs/heads") == before


def test_the_default_claude_profile_refuses_a_price_key_as_its_model(ready: Repo) -> None:
    # the mistake this split exists for: "sonnet-4" is a price-table name, not a model id
    text = ready.read(".workledger/config.yaml")
    ready.write(".workledger/config.yaml", set_cheap(text, "{agent: claude, model: sonnet-4}"))
    ready.commit_all("cheap on claude")
    proc = ready.run("start", "WO-1", "--no-launch")
    assert proc.returncode == 1
    assert "does not take the model 'sonnet-4'" in proc.stderr
    assert "tiers.NAME.model / .price" in proc.stderr


def test_report_file_and_git_dir_placeholders_and_the_recorded_price(
    ready: Repo, tmp_path: Path
) -> None:
    add_profile(ready, tmp_path, "filer", AGENT_REPORTS, "    report: json\n")
    result = ready.cli("start", "WO-1", "--agent", "filer")
    assert result.exit_code == 0, result.output
    assert f"git dir: {(ready.root / '.git').resolve()}" in result.output
    fields = run_record(ready, "WO-1-r1").fields
    assert fields["outcome"] == "succeeded"
    assert (fields["model"], fields["price"]) == ("gpt-5.4-mini", "gpt-5.4-mini")
    assert fields["tokens"] == {"input": 1_234_000, "output": 56_000}
    report = ready.root / ".git/gitsplit/logs/WO-1-r1.report"
    assert report.is_file() and fields["agent"][2] == str(report)
    # `cost runs` prices what ran (the recorded price key), even after the tier changes
    ready.git("switch", "-q", "main")
    ready.git("merge", "-q", "--ff-only", "wo/WO-1-write-the-done-file")
    text = ready.read(".workledger/config.yaml")
    ready.write(".workledger/config.yaml", set_cheap(text, "{agent: codex, model: gpt-5.5}"))
    data = json.loads(ready.ok("cost", "runs", "--json"))
    # 1.234M × $0.75 + 56k × $4.50 per million = 0.9255 + 0.252 (on gpt-5.5 it would be 7.85)
    assert [(r["run"], r["source"], r["cost"]) for r in data["runs"]] == [
        ("WO-1-r1", "priced", "1.18")
    ]


# Leaves droppings the way aider does, then commits only its work.
AGENT_DROPS = """\
import pathlib, subprocess, sys
sys.stdin.read()
pathlib.Path(".tool.history.md").write_text("chat\\n")
pathlib.Path(".tool.cache").mkdir(exist_ok=True)
pathlib.Path(".tool.cache/tags").write_text("x\\n")
pathlib.Path("src").mkdir(exist_ok=True)
pathlib.Path("src/done.txt").write_text("done\\n")
subprocess.run(["git", "add", "src/done.txt"], check=True)
subprocess.run(["git", "commit", "-q", "-m", "Do the work"], check=True)
"""


def test_droppings_go_to_info_exclude_not_gitignore(ready: Repo, tmp_path: Path) -> None:
    exclude = ready.root / ".git/info/exclude"
    exclude.parent.mkdir(exist_ok=True)
    exclude.write_text("# mine\n*.swp")  # no newline at the end: kept, then added after
    add_profile(ready, tmp_path, "dropper", AGENT_DROPS, '    exclude: [".tool*"]\n')
    for attempt in (1, 2):
        again = ["--again"] if attempt == 2 else []  # r1 waits for review
        result = ready.cli("start", "WO-1", "--agent", "dropper", *again)
        assert result.exit_code == 0, result.output
        assert run_record(ready, f"WO-1-r{attempt}").fields["outcome"] == "succeeded"
        assert ready.git("status", "--porcelain") == ""  # the droppings are not in the way
        ready.git("switch", "-q", "main")
    assert exclude.read_text() == "# mine\n*.swp\n.tool*\n"  # added once
    assert not (ready.root / ".gitignore").exists()


CLAUDE_RESULT = {"type": "result", "subtype": "success", "total_cost_usd": 0.02,
                 "usage": {"input_tokens": 40, "output_tokens": 9}}  # fmt: skip

# Prints a claude-style result (its extra fields from argv[1], JSON); commits if argv[2] says so.
AGENT_CLAUDE_LIKE = """\
import json, pathlib, subprocess, sys
sys.stdin.read()
if sys.argv[2] == "commit":
    pathlib.Path("src").mkdir(exist_ok=True)
    pathlib.Path("src/done.txt").write_text("done\\n")
    subprocess.run(["git", "add", "src/done.txt"], check=True)
    subprocess.run(["git", "commit", "-q", "-m", "Do the work"], check=True)
if sys.argv[2] == "note":
    subprocess.run([sys.executable, "-m", "gitsplit", "note", "Already done on main."], check=True)
print(json.dumps({**RESULT, **json.loads(sys.argv[1])}))
""".replace("RESULT", repr(CLAUDE_RESULT))


def claude_like(repo: Repo, tmp_path: Path, extra: dict[str, object], act: str) -> None:
    """A stand-in that reports as Claude Code does, with ``extra`` in its result."""
    script = tmp_path / "claude_like.py"
    script.write_text(AGENT_CLAUDE_LIKE, encoding="utf-8")
    text = repo.read(".workledger/config.yaml")
    argv = json.dumps([sys.executable, str(script), json.dumps(extra), act])
    profile = f"\nagents:\n  like:\n    argv: {argv}\n    report: claude-json\n"
    repo.write(".workledger/config.yaml", text.replace("\nagents:\n", profile, 1))
    repo.commit_all("agent like")


def test_an_error_the_agent_reports_fails_the_run_with_its_words(
    ready: Repo, tmp_path: Path
) -> None:
    claude_like(ready, tmp_path, {"is_error": True, "result": "Not logged in · Run /login"}, "-")
    result = ready.cli("start", "WO-1", "--agent", "like")
    assert result.exit_code == 1, result.output
    record = run_record(ready, "WO-1-r1")
    assert record.fields["outcome"] == "failed"  # exit status 0, but never a success
    assert "reported an error: Not logged in · Run /login" in record.body
    assert record.fields["tokens"] == {"input": 40, "output": 9}


def test_no_commit_and_no_note_is_not_a_success_and_denials_are_listed(
    ready: Repo, tmp_path: Path
) -> None:
    denials = [{"tool_name": "Bash", "tool_input": {"command": "git commit -m x"}}]
    claude_like(ready, tmp_path, {"permission_denials": denials}, "-")
    result = ready.cli("start", "WO-1", "--agent", "like")
    assert result.exit_code == 1
    record = run_record(ready, "WO-1-r1")
    assert record.fields["outcome"] == "failed"
    assert record.fields["denied"] == ["Bash: git commit -m x"]
    assert "made no commit, and its note does not say why" in record.body
    assert "1 tool call(s) were refused" in record.body


def test_no_commit_with_a_note_saying_why_can_succeed(ready: Repo, tmp_path: Path) -> None:
    claude_like(ready, tmp_path, {}, "note")
    result = ready.cli("start", "WO-1", "--agent", "like")
    assert result.exit_code == 0, result.output
    record = run_record(ready, "WO-1-r1")
    assert record.fields["outcome"] == "succeeded" and "Already done on main." in record.body
    assert "denied" not in record.fields


def test_a_commit_and_a_clean_report_succeed(ready: Repo, tmp_path: Path) -> None:
    claude_like(ready, tmp_path, {}, "commit")
    assert ready.cli("start", "WO-1", "--agent", "like").exit_code == 0
    assert run_record(ready, "WO-1-r1").fields["outcome"] == "succeeded"


def running(pid: int) -> bool:
    """True while a process runs (a zombie nobody has reaped yet does not count)."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.joinpath("self").exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# Commits, starts a child that would outlive it, then hangs.
AGENT_HANGS = """\
import pathlib, subprocess, sys, time
sys.stdin.read()
pathlib.Path("src").mkdir(exist_ok=True)
pathlib.Path("src/done.txt").write_text("done\\n")
subprocess.run(["git", "add", "src/done.txt"], check=True)
subprocess.run(["git", "commit", "-q", "-m", "Half the work"], check=True)
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
pathlib.Path(sys.argv[1] + ".child").write_text(str(child.pid))
print("agent: working on it", flush=True)
time.sleep(120)
"""


def test_past_its_timeout_the_agents_group_is_ended_and_the_run_timed_out(
    ready: Repo, tmp_path: Path
) -> None:
    add_profile(ready, tmp_path, "hangs", AGENT_HANGS, "")
    text = ready.read(".workledger/config.yaml")
    tier = "{agent: codex, model: gpt-5.4-mini, timeout: 3}"
    ready.write(".workledger/config.yaml", set_cheap(text, tier))
    ready.commit_all("a short timeout")
    result = ready.cli("start", "WO-1", "--agent", "hangs")
    assert result.exit_code == 1
    record = run_record(ready, "WO-1-r1")
    assert record.fields["outcome"] == "timed-out"
    assert "ran past the tier's timeout (3 s)" in record.body
    assert "Half the work" in ready.git("log", "-3", "--format=%s")  # what it committed is kept
    assert len(record.fields["commits"]) == 2  # the start commit and the agent's
    child = int(Path(str(ready.root / ".git/gitsplit/logs/WO-1-r1.report") + ".child").read_text())
    assert not running(child)  # the agent's child went with it
    assert wo_status(ready.root) == "ready"
