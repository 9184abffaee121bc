"""Record kinds and their short human ids (``WO-12``, ``D-3``, ``I-1``, ``CP-4``)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from gitsplit.errors import UnknownIdError, ValidationError

LEDGER_DIR = ".workledger"


@dataclass(frozen=True)
class Kind:
    """One kind of ledger record: its id prefix, folder and command name."""

    name: str
    label: str
    prefix: str
    folder: str
    command: str

    @property
    def dir(self) -> str:
        """The repository-relative folder holding this kind's records."""
        return f"{LEDGER_DIR}/{self.folder}"

    def path(self, record_id: str) -> str:
        """The repository-relative path of a record of this kind."""
        return f"{self.dir}/{record_id}.md"

    @property
    def list_command(self) -> str:
        """The command that lists records of this kind (``gitsplit checkpoint`` has no ``list``)."""
        return f"gitsplit {self.command}" + ("" if self.name == "checkpoint" else " list")

    def show_command(self, record_id: str) -> str:
        """The command that shows one record of this kind."""
        if self.name == "checkpoint":
            return f"gitsplit checkpoint --show {record_id}"
        return f"gitsplit {self.command} show {record_id}"


WORKORDER = Kind("workorder", "work order", "WO", "workorders", "wo")
DECISION = Kind("decision", "decision", "D", "decisions", "decision")
INVARIANT = Kind("invariant", "invariant", "I", "invariants", "invariant")
CHECKPOINT = Kind("checkpoint", "checkpoint", "CP", "checkpoints", "checkpoint")
KINDS: tuple[Kind, ...] = (WORKORDER, DECISION, INVARIANT, CHECKPOINT)
BY_PREFIX = {kind.prefix: kind for kind in KINDS}
BY_FOLDER = {kind.folder: kind for kind in KINDS}
RUNS_DIR = f"{LEDGER_DIR}/runs"
BRIEFING_SUFFIX = ".briefing.md"  # runs/<WO>/<run>.briefing.md: the briefing, not a record

_ID = re.compile(r"^([A-Za-z]+)-([0-9]+)$")
RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@functools.lru_cache(maxsize=1 << 16)
def split_id(text: str) -> tuple[Kind, int] | None:
    """The kind and number of a well-formed id, or None."""
    match = _ID.match(text)
    if not match:
        return None
    kind = BY_PREFIX.get(match.group(1))
    number = int(match.group(2))
    if kind is None or number < 1 or match.group(2) != str(number):
        return None
    return kind, number


def format_id(kind: Kind, number: int) -> str:
    """The id of record number ``number`` of a kind."""
    return f"{kind.prefix}-{number}"


def normalize_id(text: str, kind: Kind) -> str:
    """Accept ``12``, ``wo-12`` or ``WO-12`` for a work order; refuse another kind's id."""
    raw = text.strip()
    if raw.isdigit() and int(raw) > 0:
        return format_id(kind, int(raw))
    match = _ID.match(raw)
    if match and int(match.group(2)) > 0:
        other = BY_PREFIX.get(match.group(1).upper())
        number = int(match.group(2))
        if other is kind:
            return format_id(kind, number)
        if other is not None:
            raise UnknownIdError(
                f"{format_id(other, number)} is {_article(other.label)}, "
                f"not {_article(kind.label)}",
                hint=f"try `{other.show_command(format_id(other, number))}`",
            )
    raise ValidationError(
        f"{text!r} is not {_article(kind.label)} id (expected {kind.prefix}-<number>, "
        f"like {kind.prefix}-1)",
        hint=_typo_hint(raw, kind),
    )


_TYPO = re.compile(r"^([A-Za-z0-9]+?)[-_ .]?([0-9]+)$")


def _typo_hint(raw: str, kind: Kind) -> str | None:
    """``did you mean WO-2?`` for a mistyped prefix (``W0-2``, ``WO2``, ``W-2``), else None."""
    match = _TYPO.match(raw)
    if not match or int(match.group(2)) < 1:
        return None
    prefix = match.group(1).upper().replace("0", "O")
    import difflib  # only for a mistyped id

    if prefix != kind.prefix and (
        prefix in BY_PREFIX or difflib.SequenceMatcher(None, prefix, kind.prefix).ratio() < 0.5
    ):
        return None
    return f"did you mean {format_id(kind, int(match.group(2)))}?"


def number_of(record_id: str) -> int:
    """The number in a well-formed id (0 for anything else)."""
    parts = split_id(record_id)
    return parts[1] if parts else 0


@functools.lru_cache(maxsize=1 << 16)
def sort_key(record_id: str) -> tuple[str, int, str]:
    """Order ids by kind prefix, then number (WO-2 before WO-10)."""
    parts = split_id(record_id)
    if parts is None:
        return ("~", 0, record_id)
    return (parts[0].prefix, parts[1], "")


def _article(noun: str) -> str:
    """``a decision`` / ``an invariant``."""
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
