"""A test seam: ``GITSPLIT_KILL_AT=<event>[:<n>]`` makes gitsplit SIGKILL itself at an event.

The events are the points where a command writes a file or runs a subprocess (``write.temp``:
a temporary file is written but not renamed yet; ``write.placed``: a file is in place;
``git.before`` / ``git.after``: around each git command; ``spawn.before``: before an agent,
check or editor starts). ``<n>`` counts the times the event is reached (default 1); ``*``
matches every event; ``<event>@<detail>`` only those with that detail (``git.after@commit``,
``write.placed@WO-1.md``). ``GITSPLIT_KILL_LOG=<file>`` appends each event reached, so a test can
enumerate them and then kill at each in turn. Both variables are read once and removed from
the environment, so git, the hooks and agents that gitsplit starts never see them. Unset,
each event costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

KILL_AT = "GITSPLIT_KILL_AT"
KILL_LOG = "GITSPLIT_KILL_LOG"
EVENTS = ("write.temp", "write.placed", "git.before", "git.after", "spawn.before")

_state: dict[str, object] = {}
_counts: dict[str, int] = {}


def reach(event: str, detail: str = "") -> None:
    """Count one arrival at ``event``; die by SIGKILL when it is the one asked for."""
    if not _state:
        _load()
    if _state.get("idle"):
        return
    total = _counts.get("*", 0) + 1
    _counts["*"] = total
    seen = _counts.get(event, 0) + 1
    _counts[event] = seen
    named = f"{event}@{detail}"
    seen_named = _counts.get(named, 0) + 1
    _counts[named] = seen_named
    log = _state.get("log")
    if isinstance(log, str):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{total}\t{event}\t{detail}\n")
    wanted, number = _state.get("event"), _state.get("n")
    if (
        (wanted == event and number == seen)
        or (wanted == named and number == seen_named)
        or (wanted == "*" and number == total)
    ):
        os.kill(os.getpid(), signal.SIGKILL)


def _load() -> None:
    """Read (and remove) the two variables once per process."""
    spec = os.environ.pop(KILL_AT, "")
    log = os.environ.pop(KILL_LOG, "")
    name, _, count = spec.partition(":")
    _state["event"] = name or None
    _state["n"] = int(count) if count.isdigit() else 1
    _state["log"] = log or None
    _state["idle"] = not name and not log
