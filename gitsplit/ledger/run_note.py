"""A run record's body: the result note the run wrote, and what gitsplit logged apart from it.

The note is the text under ``## Result note`` up to the next ``##`` heading. What gitsplit
writes when it closes a run itself (how the agent exited) goes under ``## Closed by
gitsplit``, so it is never taken for the agent's own note.
"""

from __future__ import annotations

NOTE_HEADING = "## Result note"
LOG_HEADING = "## Closed by gitsplit"


def _parts(body: str) -> tuple[str, str | None, str]:
    """(what comes before the note, the note's text or None without a heading, what follows)."""
    lines = body.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.rstrip("\n") == NOTE_HEADING), None)
    if at is None:
        log = next(
            (i for i, line in enumerate(lines) if line.rstrip("\n") == LOG_HEADING), len(lines)
        )
        return "".join(lines[:log]), None, "".join(lines[log:])
    end = next((i for i in range(at + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "".join(lines[:at]), "".join(lines[at + 1 : end]), "".join(lines[end:])


def note_of(body: str) -> str:
    """The result note: the text under its heading (without a heading, all but gitsplit's log)."""
    before, note, _after = _parts(body)
    return (before if note is None else note).strip()


def append_note(body: str, text: str) -> str:
    """The body with ``text`` added as a new paragraph at the end of the result note."""
    before, note, after = _parts(body)
    head = before.rstrip("\n")
    current = (note or "").strip("\n")
    paragraphs = f"{current}\n\n{text.strip()}" if current else text.strip()
    return (
        (f"{head}\n\n" if head else "")
        + f"{NOTE_HEADING}\n\n{paragraphs}\n"
        + (f"\n{after}" if after else "")
    )


def append_log(body: str, text: str) -> str:
    """The body with ``text`` added under gitsplit's own heading (made at the end if missing)."""
    base = body.rstrip("\n")
    has_log = any(line == LOG_HEADING for line in base.splitlines())
    heading = "" if has_log else f"\n\n{LOG_HEADING}"
    return f"{base}{heading}\n\n{text.strip()}\n"
