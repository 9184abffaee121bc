"""Editing a record in the user's editor without ever losing the edit."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

from gitsplit import gitio
from gitsplit.errors import GitsplitError
from gitsplit.util.atomic import atomic_write


class EditKeptError(GitsplitError):
    """An edit did not validate; it was kept in a draft file."""


def editor_argv(root: Path) -> list[str]:
    """The editor git would use (GIT_EDITOR, core.editor, VISUAL, EDITOR), split without a shell."""
    command = gitio.run(root, "var", "GIT_EDITOR").strip() or "vi"
    return shlex.split(command)


def drafts_dir(root: Path) -> Path:
    """Where unfinished edits are kept: under .git/, never in the working tree."""
    return gitio.git_dir(root, common=True) / "gitsplit" / "drafts"


def edit_text(root: Path, name: str, text: str, accept: Callable[[str], None]) -> str | None:
    """Open ``text`` in the editor; ``accept`` validates the result (raise to refuse).

    Returns the edited text, or None when nothing changed. A draft left by an earlier
    refused edit of the same name is reopened instead of ``text``. A refused edit is kept.
    """
    draft = drafts_dir(root) / name
    resumed = draft.is_file()
    if not resumed:
        atomic_write(draft, text)
    argv = [*editor_argv(root), str(draft)]
    try:
        proc = subprocess.run(argv, cwd=root, check=False)
    except FileNotFoundError:
        raise GitsplitError(
            f"editor not found: {argv[0]}", hint="set $EDITOR (or git config core.editor)"
        ) from None
    if proc.returncode != 0:
        raise EditKeptError(
            f"the editor exited with status {proc.returncode}; your edit is kept at {draft}",
            hint="run the same command again to continue",
        )
    edited = draft.read_text(encoding="utf-8")
    if edited == text and not resumed:
        draft.unlink()
        return None
    try:
        accept(edited)
    except GitsplitError as exc:
        raise EditKeptError(
            f"{exc.message}\nyour edit was not applied; it is kept at {draft}",
            hint="run the same command again to reopen it, or delete that file to start over",
        ) from None
    draft.unlink()
    return edited
