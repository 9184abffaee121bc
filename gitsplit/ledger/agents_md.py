"""gitsplit's section of ``AGENTS.md``: a marked block that ``gitsplit init`` adds and refreshes.

Only the lines between the two markers are gitsplit's; everything else in the file is the
user's and is kept byte for byte.
"""

from __future__ import annotations

from pathlib import Path

from gitsplit.errors import GitsplitError
from gitsplit.ledger import config, templates
from gitsplit.util.atomic import atomic_write

FILENAME = "AGENTS.md"
BEGIN_MARK = "<!-- gitsplit:begin"
BEGIN = f"{BEGIN_MARK} (written by `gitsplit init`; edits inside this block are replaced) -->"
END = "<!-- gitsplit:end -->"


def block(root: Path) -> str:
    """The marked block, rendered from ``agents.md.j2`` with the repository's branch pattern."""
    cfg = config.load(root)
    example = cfg.branch_pattern.replace("{id}", "WO-<n>").replace("{slug}", "…")
    body = templates.render(
        root, "agents.md.j2", {"branch_example": example, "default_branch": cfg.default_branch}
    )
    return f"{BEGIN}\n{body.strip()}\n{END}\n"


def ensure(root: Path) -> str | None:
    """Create AGENTS.md or add/refresh gitsplit's block in it; say what changed (None: nothing)."""
    path = root / FILENAME
    wanted = block(root)
    if not path.exists():
        atomic_write(path, wanted, exclusive=True)
        return f"created {FILENAME} (instructions for execution agents)"
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GitsplitError(
            f"{FILENAME}: cannot read it: {exc}",
            hint="fix the file, or run `gitsplit init --no-agents-md`",
        ) from None
    updated = with_block(text, wanted)
    if updated == text:
        return None
    atomic_write(path, updated)
    had = any(line.lstrip().startswith(BEGIN_MARK) for line in text.splitlines())
    return f"{'updated' if had else 'added'} gitsplit's section in {FILENAME}"


def with_block(text: str, wanted: str) -> str:
    """``text`` with gitsplit's block replaced in place, or appended when it has none."""
    newline = "\r\n" if "\r\n" in text else "\n"
    if newline != "\n":
        wanted = wanted.replace("\n", newline)
    lines = text.splitlines(keepends=True)
    begins = [i for i, line in enumerate(lines) if line.lstrip().startswith(BEGIN_MARK)]
    ends = [i for i, line in enumerate(lines) if line.strip() == END]
    if not begins and not ends:
        sep = "" if not text.strip() else (newline if text.endswith(("\n", "\r")) else newline * 2)
        return (text if text.strip() else "") + sep + wanted
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        where = (begins or ends)[0] + 1
        raise GitsplitError(
            f"{FILENAME}:{where}: gitsplit's block markers are unbalanced (one "
            f"`{BEGIN_MARK}…` line, then one `{END}` line expected)",
            hint=f"fix or delete those marker lines in {FILENAME}, then run `gitsplit init` again",
        )
    return "".join(lines[: begins[0]]) + wanted + "".join(lines[ends[0] + 1 :])
