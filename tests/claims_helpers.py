"""Helpers for the claim tests: bare remotes, cheap clones, and racing worker processes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import git

# One worker of a race: for each round, wait for its start file, claim (or steal) the round's
# work order, and write what happened into a result file.
RACER = """\
import sys, time
from pathlib import Path
from gitsplit.claims import take
from gitsplit.claims.lease import Terms
from gitsplit.errors import ClaimError
clone, rounds, gate, me, act, lease = sys.argv[1:7]
clone, gate = Path(clone), Path(gate)
terms = Terms(lease=int(lease), skew=0)
for r in range(1, int(rounds) + 1):
    while not (gate / f"go-{r}").exists():
        time.sleep(0.001)
    wo = (gate / f"go-{r}").read_text()
    try:
        fn = take.steal if act == "steal" else take.claim
        done = fn(clone, "origin", wo, take.holder(clone, run=f"racer-{me}"), terms)
        words = f"won {done.claim.sha} {done.words}"
    except ClaimError as exc:
        words = f"lost {exc}"
    except Exception as exc:
        words = f"crashed {exc!r}"
    (gate / f"res-{r}-{me}.tmp").write_text(words)
    (gate / f"res-{r}-{me}.tmp").rename(gate / f"res-{r}-{me}")
"""

# A holder that claims WO-1 and renews it every second until it is killed.
HOLDER = """\
import sys, time
from pathlib import Path
from gitsplit.claims import take
from gitsplit.claims.lease import Terms
clone, ready = Path(sys.argv[1]), Path(sys.argv[2])
take.claim(clone, "origin", "WO-1", take.holder(clone, run="holder"), Terms(lease=2, skew=0))
ready.write_text("up")
while True:
    time.sleep(0.5)
    take.renew(clone, "origin", "WO-1")
"""


def bare_remote(tmp: Path) -> Path:
    """An empty bare repository to hold the claims."""
    remote = tmp / "remote.git"
    git(tmp, "init", "-q", "--bare", str(remote))
    return remote


def clones(tmp: Path, remote: Path, count: int) -> list[Path]:
    """``count`` repositories with ``origin`` set to the remote (no checkout needed)."""
    made = []
    for index in range(count):
        clone = tmp / f"clone-{index}"
        git(tmp, "init", "-q", str(clone))
        git(clone, "remote", "add", "origin", str(remote))
        made.append(clone)
    return made


def race(
    tmp: Path, repos: list[Path], wos: list[str], *, act: str = "claim", lease: int = 1800
) -> list[list[str]]:
    """Each repo's worker claims each work order in turn, all at once: the results by round."""
    gate = tmp / "gate"
    gate.mkdir()
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                RACER,
                str(repo),
                str(len(wos)),
                str(gate),
                str(i),
                act,
                str(lease),
            ],
        )
        for i, repo in enumerate(repos)
    ]
    results = []
    try:
        for r, wo in enumerate(wos, start=1):
            (gate / f"go-{r}.tmp").write_text(wo)
            (gate / f"go-{r}.tmp").rename(gate / f"go-{r}")
            files = [gate / f"res-{r}-{i}" for i in range(len(repos))]
            deadline = time.monotonic() + 60
            while not all(f.exists() for f in files):
                assert time.monotonic() < deadline, f"round {r}: a worker never answered"
                assert all(w.poll() in (None, 0) for w in workers), "a worker died"
                time.sleep(0.002)
            results.append([f.read_text() for f in files])
    finally:
        for worker in workers:
            worker.kill() if worker.poll() is None else None
            worker.wait()
    return results


def remote_tip(remote: Path, wo: str) -> str:
    """The claim commit the remote holds for a work order ('' when none)."""
    return git(
        remote, "for-each-ref", "--format=%(objectname)", f"refs/gitsplit/claims/{wo}"
    ).strip()
