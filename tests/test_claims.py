"""``gitsplit claim`` / ``release`` against real bare remotes; lease, trailers, config, errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gitsplit.claims import lease, model, refs, take
from gitsplit.claims.lease import Terms
from gitsplit.errors import ClaimError, ConfigError, ValidationError
from gitsplit.ledger import config
from gitsplit.util.durations import format_duration, parse_duration
from tests.claims_helpers import remote_tip
from tests.conftest import Repo, git


@pytest.fixture
def shared(repo: Repo, tmp_path: Path) -> tuple[Repo, Path, Path]:
    """The repo with WO-1 and WO-2 pushed to a bare origin, and a second clone of it."""
    for title in ("First", "Second"):
        repo.ok("wo", "new", title, "--class", "C1", "--status", "ready")
    repo.commit_all("two work orders")
    remote = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "origin", "main")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    return repo, remote, other


def gitsplit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """gitsplit as a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "gitsplit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_claim_makes_an_empty_tree_commit_on_the_remote_and_touches_no_files(
    shared: tuple[Repo, Path, Path],
) -> None:
    repo, remote, _ = shared
    before = repo.git("status", "--porcelain")
    out = repo.ok("claim", "WO-1", "--agent", "codex", "--run", "WO-1-r1")
    assert out.startswith("claimed WO-1 (lease until ")
    sha = remote_tip(remote, "WO-1")
    assert (
        git(remote, "rev-parse", f"{sha}^{{tree}}").strip()
        == git(remote, "hash-object", "-t", "tree", "/dev/null").strip()
    )
    assert git(remote, "rev-list", "--count", sha).strip() == "1"
    body = git(remote, "log", "-1", "--format=%B", sha)
    for trailer in (
        "Work-Order: WO-1",
        "Holder: Test Author",
        "Agent: codex",
        "Run: WO-1-r1",
        "Lease: 1800",
        "Since: ",
        "Lease-Until: ",
        "Claim-Id: ",
        "Host: ",
    ):
        assert trailer in body
    assert repo.git("status", "--porcelain") == before
    assert repo.git("rev-parse", "HEAD") == repo.git("rev-parse", "main")
    assert repo.ok("claim", "WO-1").startswith("WO-1 is already yours")


def test_a_second_clone_is_told_who_holds_it_and_exits_1(shared: tuple[Repo, Path, Path]) -> None:
    repo, _, other = shared
    repo.ok("claim", "WO-1", "--lease", "10m")
    lost = gitsplit(other, "claim", "WO-1")
    assert lost.returncode == 1, lost
    assert "WO-1 is claimed by Test Author on " in lost.stderr
    assert " since 20" in lost.stderr and "(lease until 20" in lost.stderr
    assert "lease ends in " in lost.stderr and "Traceback" not in lost.stderr
    stolen = gitsplit(other, "claim", "--steal", "WO-1")
    assert stolen.returncode == 1 and "once its lease has expired" in stolen.stderr
    assert gitsplit(other, "claim", "WO-2").returncode == 0


def test_release_is_for_the_holder_unless_forced(shared: tuple[Repo, Path, Path]) -> None:
    repo, remote, other = shared
    repo.ok("claim", "WO-1")
    refused = gitsplit(other, "release", "WO-1")
    assert refused.returncode == 1 and "not by this clone" in refused.stderr
    assert "release --force WO-1" in refused.stderr
    assert remote_tip(remote, "WO-1")
    assert gitsplit(other, "release", "--force", "WO-1").returncode == 0
    assert remote_tip(remote, "WO-1") == ""
    assert repo.ok("release", "WO-1") == "WO-1 was not claimed on origin\n"
    repo.ok("claim", "WO-1")
    assert repo.ok("release", "WO-1").startswith("released WO-1 (claimed by Test Author")
    assert remote_tip(remote, "WO-1") == ""


def test_renew_extends_the_lease_and_fails_once_the_claim_is_lost(
    shared: tuple[Repo, Path, Path],
) -> None:
    repo, remote, other = shared
    first = take.claim(repo.root, "origin", "WO-1", take.holder(repo.root), Terms(lease=1, skew=0))
    renewed = take.renew(repo.root, "origin", "WO-1", lease_for=600)
    assert renewed.claim.token == first.claim.token and renewed.claim.since == first.claim.since
    assert renewed.claim.until >= first.claim.until + 599
    assert git(remote, "rev-parse", f"{remote_tip(remote, 'WO-1')}^").strip() == first.claim.sha
    refused = gitsplit(other, "claim", "--renew", "WO-1")
    assert refused.returncode == 1 and "not yours to renew" in refused.stderr
    gitsplit(other, "release", "--force", "WO-1")
    with pytest.raises(ClaimError, match="not claimed on 'origin'"):
        take.renew(repo.root, "origin", "WO-1")


def test_steal_of_an_expired_claim_says_whose_it_was(shared: tuple[Repo, Path, Path]) -> None:
    repo, _, other = shared
    expired = Terms(lease=1, skew=0)
    take.claim(repo.root, "origin", "WO-1", take.holder(repo.root, run="r1"), expired)
    _wait_past(take.renew(repo.root, "origin", "WO-1").claim.until)
    done = take.steal(other, "origin", "WO-1", take.holder(other, run="r2"), expired)
    assert done.stolen is not None and done.stolen.holder.run == "r1"
    assert done.words.startswith("stole WO-1 from Test Author on ") and "expired" in done.words
    assert "Stolen-From: Test Author on " in git(other, "log", "-1", "--format=%B", done.claim.sha)
    with pytest.raises(ClaimError, match="not yours to renew"):
        take.renew(repo.root, "origin", "WO-1")
    fresh = take.steal(other, "origin", "WO-2", take.holder(other), expired)
    assert fresh.words.startswith("claimed WO-2") and fresh.stolen is None


def test_an_unreachable_remote_is_one_clear_error(repo: Repo, tmp_path: Path) -> None:
    repo.ok("wo", "new", "First")
    repo.commit_all("WO-1")
    repo.git("remote", "add", "origin", str(tmp_path / "gone.git"))
    result = gitsplit(repo.root, "claim", "WO-1")
    assert result.returncode == 1
    assert "claims need the remote 'origin'" in result.stderr
    assert "does not appear to be a git repository" in result.stderr
    assert "git remote -v" in result.stderr and "Traceback" not in result.stderr
    assert gitsplit(repo.root, "claim", "WO-1", "--remote", "nowhere").returncode == 1


def test_a_remote_refusing_custom_refs_is_named_with_the_branch_only_fallback(
    shared: tuple[Repo, Path, Path],
) -> None:
    repo, remote, _ = shared
    hook = remote / "hooks" / "pre-receive"
    hook.write_text(
        "#!/bin/sh\nwhile read old new ref; do case $ref in refs/heads/*|refs/tags/*) ;; "
        '*) echo "only branches and tags here" >&2; exit 1;; esac; done\n',
        encoding="utf-8",
    )
    hook.chmod(0o755)
    result = gitsplit(repo.root, "claim", "WO-1")
    assert result.returncode == 1, result
    assert "'origin' refused the claim ref refs/gitsplit/claims/WO-1" in result.stderr
    assert "claims: off" in result.stderr and "Traceback" not in result.stderr


def test_claim_refuses_unknown_work_orders_and_bad_options(shared: tuple[Repo, Path, Path]) -> None:
    repo, _, _ = shared
    assert repo.cli("claim", "WO-9").exit_code == 1
    assert repo.cli("claim", "WO-1", "--renew", "--steal").exit_code == 2
    bad = repo.cli("claim", "WO-1", "--lease", "soon")
    assert bad.exit_code == 1 and "--lease must be a duration like" in bad.output


def test_claims_fetched_into_the_local_namespace(shared: tuple[Repo, Path, Path]) -> None:
    repo, _, other = shared
    repo.ok("claim", "WO-1")
    refs.fetch(other, "origin")
    seen = refs.seen(other, "origin", 1800)
    assert list(seen) == ["WO-1"] and seen["WO-1"].holder.name == "Test Author"
    repo.ok("release", "WO-1")
    refs.fetch(other, "origin")
    assert refs.seen(other, "origin", 1800) == {}


def test_leases_skew_and_the_message_round_trip() -> None:
    who = model.Holder("Ada", "box", "codex", "WO-3-r1")
    claim = model.Claim("WO-3", who, "t0k", 1_000_000, 1_001_800, 1800, stolen_from="Bob on b")
    back = model.parse("WO-3", model.message(claim), sha="abc", committed=5, lease=60)
    assert (back.holder, back.token, back.since, back.until, back.lease, back.stolen_from) == (
        who,
        "t0k",
        1_000_000,
        1_001_800,
        1800,
        "Bob on b",
    )
    assert back.words() == (
        "claimed by Ada on box (agent codex, run WO-3-r1) since 1970-01-12T13:46:40Z "
        "(lease until 1970-01-12T14:16:40Z)"
    )
    assert not lease.expired(claim, 1_001_800 + 60, 60) and lease.expired(claim, 1_001_861, 60)
    assert lease.state(claim, 1_002_000, 60) == "lease expired 3m20s ago"
    assert "its clock is 10m ahead of this machine's" in lease.state(claim, 1_000_000 - 600, 60)
    junk = model.parse("WO-3", "not a claim\n", sha="abc", committed=77, lease=60)
    assert (junk.since, junk.until, junk.holder.name) == (77, 137, "someone")
    assert lease.renew_every(1800) == 600


def test_durations() -> None:
    assert [parse_duration(v) for v in ("30m", "1h30m", "90s", 45, "2d")] == [
        1800,
        5400,
        90,
        45,
        172800,
    ]
    assert parse_duration("0", zero=True) == 0
    for bad in ("soon", "-5m", "0", True, "5x"):
        with pytest.raises(ValidationError):
            parse_duration(bad)
    assert [format_duration(s) for s in (1800, 5400, 42, 0, 90061)] == [
        "30m",
        "1h30m",
        "42s",
        "0s",
        "1d1h",
    ]


def test_config_keys_for_claims() -> None:
    assert (config.Config().claims, config.Config().remote, config.Config().lease) == (
        "off",
        "origin",
        1800,
    )
    cfg = config.parse("remote: upstream\nclaims: required\nlease: 1h\nlease_skew: 0\n")
    assert (cfg.remote, cfg.claims, cfg.lease, cfg.lease_skew) == ("upstream", "required", 3600, 0)
    assert config.parse("claims: off\n").claims == "off"  # YAML's bare off is false
    for text, words in (
        ("claims: on\n", "'on' is not one of off, optional, required"),
        ("claims: requried\n", "did you mean 'required'"),
        ("lease: soon\n", "lease: must be a duration"),
        ("lease: 0\n", "lease: must be longer than zero"),
    ):
        with pytest.raises(ConfigError, match=words) as caught:
            config.parse(text)
        assert caught.value.line == 1


def _wait_past(epoch: int) -> None:
    """Sleep until this machine's clock is past ``epoch``."""
    import time

    while lease.now() <= epoch:
        time.sleep(0.1)
