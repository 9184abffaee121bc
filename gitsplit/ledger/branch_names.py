"""Work-order branch names: made from ``branch_pattern``, and read back (pure).

The pattern (config ``branch_pattern``, default ``wo/{id}-{slug}``) holds ``{id}`` (``WO-12``)
and may hold ``{slug}``, a short form of the title. Reading a name back, the slug may be
anything (titles change) or left out with the text just before it (``wo/WO-12``), the id
may be written in lower case, and a later run of the same work order adds ``-r2``, ``-r3``….
No ``re`` and no imports of gitsplit's heavier modules here: the git hooks import this.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs the hooks ~10 ms

if TYPE_CHECKING:
    from collections.abc import Container
    from typing import Protocol

    from gitsplit.ledger.records import WorkOrder

    class HasBranchPattern(Protocol):
        """Anything with a ``branch_pattern`` (the Config, or the hooks' lighter settings)."""

        @property
        def branch_pattern(self) -> str:
            """The pattern, e.g. ``wo/{id}-{slug}``."""


WO_PREFIX = "WO-"
SLUG_MAX = 40
_PLACEHOLDERS = ("{id}", "{slug}")


def slugify(title: str, *, limit: int = SLUG_MAX) -> str:
    """Lower-case ASCII words joined by ``-``, at most ``limit`` long (``work`` if none)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            slug = slug or word[:limit]
            break
        slug = candidate
    return slug or "work"


def branch_name(config: HasBranchPattern, wo: WorkOrder, *, attempt: int = 1) -> str:
    """The branch of a work order's run: ``wo/WO-12-parse-config`` (``-r2`` for a 2nd run)."""
    name = config.branch_pattern.replace("{id}", wo.id).replace("{slug}", slugify(wo.title))
    return name if attempt <= 1 else f"{name}-r{attempt}"


def free_branch_name(config: HasBranchPattern, wo: WorkOrder, taken: Container[str]) -> str:
    """The first of ``branch_name`` attempt 1, 2, 3… that is not in ``taken``."""
    attempt = 1
    while branch_name(config, wo, attempt=attempt) in taken:
        attempt += 1
    return branch_name(config, wo, attempt=attempt)


def parse_wo_branch(config: HasBranchPattern, name: str) -> str | None:
    """The work-order id (``WO-12``) a branch name carries under the pattern, or None."""
    if name.startswith("refs/heads/"):
        name = name[len("refs/heads/") :]
    return _match(_tokens(config.branch_pattern), 0, name, 0, None)


def attempt_of(name: str) -> int:
    """The run attempt a branch name carries: ``…-r3`` → 3, no suffix → 1."""
    head, sep, digits = name.rpartition("-r")
    return int(digits) if sep and head and digits.isdigit() and digits.isascii() else 1


def short_ref(ref: str) -> tuple[str | None, str]:
    """``refs/heads/x`` → (None, 'x'); ``refs/remotes/origin/x`` → ('origin', 'x')."""
    if ref.startswith("refs/heads/"):
        return None, ref[len("refs/heads/") :]
    if ref.startswith("refs/remotes/"):
        remote, _, branch = ref[len("refs/remotes/") :].partition("/")
        return remote, branch
    return None, ref


def _tokens(pattern: str) -> list[str]:
    """The pattern split into literal text and the placeholders ``{id}`` / ``{slug}``."""
    tokens: list[str] = []
    rest = pattern
    while rest:
        cuts = [(rest.find(p), p) for p in _PLACEHOLDERS if rest.find(p) != -1]
        if not cuts:
            tokens.append(rest)
            break
        at, placeholder = min(cuts)
        if at:
            tokens.append(rest[:at])
        tokens.append(placeholder)
        rest = rest[at + len(placeholder) :]
    return tokens


def _match(tokens: list[str], t: int, name: str, n: int, found: str | None) -> str | None:
    """Match tokens[t:] against name[n:]; returns the id when the whole name matches."""
    if t == len(tokens):
        return found if _is_run_suffix(name[n:]) else None
    token = tokens[t]
    if token == "{id}":
        end = n + len(WO_PREFIX)
        if name[n:end].upper() != WO_PREFIX or end >= len(name) or not "1" <= name[end] <= "9":
            return None
        while end < len(name) and "0" <= name[end] <= "9":
            end += 1
        wo_id = WO_PREFIX + name[n + len(WO_PREFIX) : end]
        if found is not None and found != wo_id:  # a repeated {id} must repeat the same id
            return None
        return _match(tokens, t + 1, name, end, wo_id)
    if token == "{slug}":
        stop = name.find("/", n)
        stop = len(name) if stop == -1 else stop
        for end in range(stop, n, -1):
            result = _match(tokens, t + 1, name, end, found)
            if result:
                return result
        return None
    if name.startswith(token, n):
        result = _match(tokens, t + 1, name, n + len(token), found)
        if result:
            return result
    if tokens[t + 1 : t + 2] == ["{slug}"]:  # the separator and slug may be left out: wo/WO-12
        return _match(tokens, t + 2, name, n, found)
    return None


def _is_run_suffix(rest: str) -> bool:
    """True for nothing, or the suffix of a later run (``-r2``)."""
    digits = rest[2:]
    return not rest or (
        rest.startswith("-r") and digits != "" and all("0" <= ch <= "9" for ch in digits)
    )
