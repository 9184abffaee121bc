"""Where claims live: ``refs/gitsplit/claims/WO-n`` on the remote, and their local copies.

``refs/gitsplit/seen/<remote>/WO-n`` is what the last fetch of the remote's claims found;
``refs/gitsplit/held/<remote>/WO-n`` is the claim this clone took (its token proves it holds
the claim: renewals keep the token, a steal or another clone's claim does not).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from gitsplit import gitio
from gitsplit.claims import model
from gitsplit.claims.model import Claim
from gitsplit.errors import ClaimError, GitError
from gitsplit.gitio import remote as remotes

CLAIMS = "refs/gitsplit/claims"
_SIMPLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def claim_ref(wo: str) -> str:
    """The claim ref of a work order on the remote."""
    return f"{CLAIMS}/{wo}"


def space(remote: str) -> str:
    """A ref-safe name for a remote (a URL or path becomes ``url-<hash>``)."""
    if _SIMPLE.match(remote) and not remote.endswith((".lock", ".")) and ".." not in remote:
        return remote
    return "url-" + hashlib.sha1(remote.encode()).hexdigest()[:12]


def seen_prefix(remote: str) -> str:
    """The local namespace the remote's claims are fetched into."""
    return f"refs/gitsplit/seen/{space(remote)}"


def held_ref(remote: str, wo: str) -> str:
    """The local ref naming the claim this clone holds on a work order."""
    return f"refs/gitsplit/held/{space(remote)}/{wo}"


def read(root: Path, sha: str, wo: str, lease: int) -> Claim:
    """The claim a (local) claim commit holds."""
    committed, text = remotes.commit_text(root, sha)
    return model.parse(wo, text, sha=sha, committed=committed, lease=lease)


def fetch(root: Path, remote: str) -> None:
    """Copy every claim on the remote into the local namespace (gone ones are pruned)."""
    try:
        remotes.fetch_glob(root, remote, CLAIMS, seen_prefix(remote))
    except GitError as exc:
        raise unreachable(remote, exc) from None


def current(root: Path, remote: str, wo: str, lease: int) -> Claim | None:
    """The claim on a work order the remote holds right now, or None."""
    try:
        try:
            sha = remotes.fetch_ref(root, remote, claim_ref(wo), f"{seen_prefix(remote)}/{wo}")
        except GitError:
            # unreachable, or another process of this clone holds the local ref's lock
            sha = remotes.remote_tip(root, remote, claim_ref(wo))
            if sha is not None and not remotes.has_object(root, sha):
                remotes.fetch_glob(root, remote, CLAIMS, seen_prefix(remote))
    except GitError as exc:
        raise unreachable(remote, exc) from None
    return None if sha is None else read(root, sha, wo, lease)


def seen(root: Path, remote: str, lease: int) -> dict[str, Claim]:
    """The claims the last fetch found, by work order id."""
    prefix = seen_prefix(remote)
    found = {}
    for ref, sha in gitio.ref_tips(root, (prefix,)).items():
        wo = ref.removeprefix(prefix + "/")
        found[wo] = read(root, sha, wo, lease)
    return found


def held(root: Path, remote: str, wo: str) -> Claim | None:
    """The claim this clone took on a work order (as it last wrote it), or None."""
    sha = gitio.resolve(root, held_ref(remote, wo))
    return None if sha is None else read(root, sha, wo, 0)


def held_token(root: Path, remote: str, wo: str) -> str | None:
    """The token of the claim this clone took on a work order, or None."""
    claim = held(root, remote, wo)
    return None if claim is None else claim.token


def set_held(root: Path, remote: str, wo: str, sha: str) -> None:
    """Remember that this clone holds the claim commit ``sha``."""
    gitio.run(root, "update-ref", "-m", "gitsplit claim", held_ref(remote, wo), sha)


def drop_held(root: Path, remote: str, wo: str) -> None:
    """Forget a claim this clone held."""
    if gitio.resolve(root, held_ref(remote, wo)):
        gitio.run(root, "update-ref", "-d", held_ref(remote, wo))


def unreachable(remote: str, exc: GitError) -> ClaimError:
    """The error for a remote that cannot be reached."""
    return ClaimError(
        f"claims need the remote {remote!r}: {exc.message}",
        hint="check the remote (`git remote -v`, the network)",
    )


def held_everywhere(root: Path) -> list[tuple[str, str]]:
    """(remote, work order) of every claim this clone holds, by its local record."""
    found = []
    for ref in gitio.ref_tips(root, ("refs/gitsplit/held",)):
        space, _, wo = ref.removeprefix("refs/gitsplit/held/").rpartition("/")
        if space and wo and not space.startswith("url-"):
            found.append((space, wo))
    return found


def lost(root: Path) -> list[str]:
    """What became of the claims this clone holds that someone else took or removed."""
    said = []
    for remote, wo in held_everywhere(root):
        mine = held(root, remote, wo)
        try:
            now = current(root, remote, wo, 0)
        except ClaimError as exc:
            said.append(f"{wo}: cannot see its claim on {remote}: {exc.message}")
            continue
        if mine is None or (now is not None and now.token == mine.token):
            continue
        said.append(
            f"{wo}: the claim this clone held on {remote} "
            + (f"was taken: it is now {now.words()}" if now else "was released by someone else")
        )
    return said
