"""Claims through a real bare remote: N racing clones, exactly one winner; steals after a lease."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.claims_helpers import HOLDER, bare_remote, clones, race, remote_tip


def test_eight_clones_race_for_one_work_order_fifty_times_and_one_wins_each_time(
    tmp_path: Path,
) -> None:
    remote = bare_remote(tmp_path)
    repos = clones(tmp_path, remote, 8)
    wos = [f"WO-{n}" for n in range(1, 51)]
    for wo, answers in zip(wos, race(tmp_path, repos, wos), strict=True):
        winners = [a for a in answers if a.startswith("won ")]
        assert len(winners) == 1, (wo, answers)
        assert remote_tip(remote, wo) == winners[0].split()[1]
        losers = [a for a in answers if not a.startswith("won ")]
        assert all(a.startswith(f"lost {wo} is claimed by ") for a in losers), losers
        assert all(" since " in a and "(lease until " in a for a in losers), losers


def test_a_killed_holder_is_stolen_from_after_its_lease_and_only_once(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    holder_clone, *stealers = clones(tmp_path, remote, 5)
    ready = tmp_path / "holder-up"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(holder_clone), str(ready)])
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert holder.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(2.5)  # longer than the lease: only the renewals keep it
        first = race(_dir(tmp_path, "alive"), stealers, ["WO-1"], act="steal", lease=2)[0]
        assert all(a.startswith("lost WO-1 is claimed by ") for a in first), first
        assert all("holder" in a and "lease ends in" in a for a in first), first
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    killed_claim = remote_tip(remote, "WO-1")
    time.sleep(3.2)  # the last renewal's lease (2s) runs out
    answers = race(_dir(tmp_path, "dead"), stealers, ["WO-1"], act="steal", lease=2)[0]
    winners = [a for a in answers if a.startswith("won ")]
    assert len(winners) == 1, answers
    assert "stole WO-1 from " in winners[0] and "lease expired" in winners[0]
    assert remote_tip(remote, "WO-1") == winners[0].split()[1] != killed_claim
    losers = [a for a in answers if not a.startswith("won ")]
    assert all("lost WO-1 " in a and "claimed by" in a for a in losers), losers


def _dir(tmp: Path, name: str) -> Path:
    """A fresh folder for one race's gate files."""
    (tmp / name).mkdir()
    return tmp / name
