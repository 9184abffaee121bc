"""The exceptions gitsplit raises on purpose; each maps to one message and exit status 1."""

from __future__ import annotations


class GitsplitError(Exception):
    """Base of every error gitsplit reports as a plain message (exit status 1)."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class NotARepositoryError(GitsplitError):
    """Run outside a git working tree, or in a bare repository."""


class NoLedgerError(GitsplitError):
    """The repository has no ``.workledger/`` yet."""


class GitError(GitsplitError):
    """A git command failed; the message carries git's own words."""


class RecordError(GitsplitError):
    """A ledger file cannot be read as a record (bad YAML, no frontmatter, binary...)."""

    def __init__(
        self, message: str, *, path: str, line: int | None = None, hint: str | None = None
    ) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}", hint=hint)
        self.path = path
        self.line = line
        self.detail = message


class ValidationError(GitsplitError):
    """A value given to gitsplit (option, field, id) is not acceptable."""


class UnknownIdError(GitsplitError):
    """An id that names no record of the expected kind."""


class ConfigError(RecordError):
    """``.workledger/config.yaml`` is malformed or has an unknown key."""


class DirtyTreeError(GitsplitError):
    """The operation would mix with uncommitted changes, so it refuses."""


class ClaimError(GitsplitError):
    """A claim on a work order could not be taken, renewed, stolen or released."""
