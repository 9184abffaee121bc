"""Report parsers for aider's analytics log, Gemini CLI and opencode (see runs/usage.py)."""

from __future__ import annotations

from typing import Any

from gitsplit.runs.usage_model import (
    Report,
    Usage,
    count,
    json_objects,
    mapping,
    money,
    text,
    total,
    usage_or_none,
)


def parse_aider(log: str) -> Report:
    """aider's ``--analytics-log`` file: its ``message_send`` events, summed.

    aider exits 0 after a provider error; the log shows it as a ``message_send_exception``
    or as a ``message_send_starting`` that no ``message_send`` followed.
    """
    sends: list[dict[str, Any]] = []
    waiting = False
    error = ""
    for data in json_objects(log, newest_first=False):
        event, props = data.get("event"), mapping(data.get("properties"))
        if event == "message_send_starting":
            waiting = True
        elif event == "message_send":
            sends.append(props)
            waiting = False
            error = ""
        elif event == "message_send_exception":
            error = text(props.get("exception") or "message_send_exception")
            waiting = False
    if waiting and not error:
        error = "aider sent a message to the model and got no reply (see the run's log)"
    costs = [money(p.get("cost")) for p in sends]
    known = [c for c in costs if c is not None]
    usage = Usage(
        input_tokens=total([count(p.get("prompt_tokens")) for p in sends]),
        output_tokens=total([count(p.get("completion_tokens")) for p in sends]),
        cost_usd=sum(known[1:], known[0]) if known else None,
    )
    return Report(usage_or_none(usage), error)


def parse_gemini(output: str) -> Report:
    """``gemini --output-format stream-json`` (or ``json``): the ``result`` line's ``stats``.

    ``input_tokens`` counts the cached ones (``cached``); thinking tokens are billed as
    output but counted only in ``total_tokens``, so output is total − input.
    """
    for data in json_objects(output):
        if data.get("type") != "result" and "stats" not in data:
            continue
        stats = mapping(data.get("stats"))
        read_in = count(stats.get("input_tokens"))
        out = count(stats.get("output_tokens"))
        whole = count(stats.get("total_tokens"))
        if read_in is not None and whole is not None and whole >= read_in + (out or 0):
            out = whole - read_in
        usage = Usage(
            input_tokens=read_in, output_tokens=out, cache_read_tokens=count(stats.get("cached"))
        )
        error = ""
        if data.get("status") == "error" or data.get("error"):
            error = text(data.get("error") or "status: error")
        return Report(usage_or_none(usage), error)
    return Report()


def parse_opencode(output: str) -> Report:
    """``opencode run --format json``: every ``step_finish`` part's tokens, summed.

    opencode's ``input`` leaves out cache reads and writes and its ``output`` leaves out
    reasoning: they are added back. Its own cost estimate is not used (the tier's price
    is). An ``error`` event is the agent's failure.
    """
    parts: dict[str, dict[str, Any]] = {}
    error = ""
    for data in json_objects(output, newest_first=False):
        if data.get("type") == "step_finish":
            part = mapping(data.get("part"))
            parts[str(part.get("id", len(parts)))] = part  # an update replaces its part
        elif data.get("type") == "error":
            error = text(data.get("error") or "error")
    tokens = [mapping(p.get("tokens")) for p in parts.values()]
    caches = [mapping(t.get("cache")) for t in tokens]
    read = total([count(c.get("read")) for c in caches])
    write = total([count(c.get("write")) for c in caches])
    fresh = total([count(t.get("input")) for t in tokens])
    out = total([count(t.get("output")) for t in tokens])
    reasoning = total([count(t.get("reasoning")) for t in tokens])
    usage = Usage(
        input_tokens=None if fresh is None else fresh + (read or 0) + (write or 0),
        output_tokens=None if out is None else out + (reasoning or 0),
        cache_read_tokens=read,
        cache_write_tokens=write,
    )
    return Report(usage_or_none(usage), error)
