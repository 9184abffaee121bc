"""Anthropic Messages with server-sent events, as Claude Code speaks it (``ANTHROPIC_BASE_URL``).

The script's steps become Claude Code's own tools: ``Read`` and ``Write`` take an
absolute ``file_path``; ``Bash`` takes a ``command``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

from tests.contract.fakeapi import TURN, FakeAPI, Served, Step, json_body, sse


def answer(fake: FakeAPI, path: str, body: dict[str, Any]) -> tuple[int, str, Iterator[bytes]]:
    """The next scripted message (streamed when asked), or a plain text for a side request."""
    results = _tool_results(body.get("messages", []))
    if not body.get("tools"):
        fake.record(Served(path, body, None, results))
        return _message(body, [{"type": "text", "text": "ok"}], "end_turn", zero=True)
    done = len(results)
    fake.record(Served(path, body, done, results))
    step = fake.script.step(done)
    if step.kind == "say":
        return _message(body, [{"type": "text", "text": step.text}], "end_turn")
    name, args = _tool_call(fake, step)
    block = {"type": "tool_use", "id": f"toolu_{done:04d}", "name": name, "input": args}
    return _message(body, [block], "tool_use")


def _tool_call(fake: FakeAPI, step: Step) -> tuple[str, dict[str, Any]]:
    """Claude Code's tool and arguments for one step."""
    if step.kind == "read":
        return "Read", {"file_path": fake.script.absolute(step.path)}
    if step.kind == "write":
        return "Write", {"file_path": fake.script.absolute(step.path), "content": step.text}
    if step.kind == "tool":
        return step.path, json.loads(step.text)
    return "Bash", {"description": "Run a scripted command", "command": step.text}


def _tool_results(messages: list[dict[str, Any]]) -> list[str]:
    """The text of every ``tool_result`` block in the conversation, oldest first."""
    found = []
    for message in messages:
        content = message.get("content")
        if message.get("role") != "user" or not isinstance(content, list):
            continue
        for block in content:
            if isinstance(block, dict) and block.get("type") == "tool_result":
                found.append(_text(block.get("content")))
    return found


def _text(content: Any) -> str:
    """A tool result's content as text (a string, or a list of text blocks)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(b.get("text", "")) for b in content if isinstance(b, dict))
    return ""


def _usage(zero: bool) -> dict[str, int]:
    """The usage figures of one answer."""
    if zero:
        return {
            "input_tokens": 0,
            "output_tokens": 0,
            "cache_read_input_tokens": 0,
            "cache_creation_input_tokens": 0,
        }
    return {
        "input_tokens": TURN.input,
        "output_tokens": TURN.output,
        "cache_read_input_tokens": TURN.cache_read,
        "cache_creation_input_tokens": TURN.cache_write,
    }


def _message(
    body: dict[str, Any], blocks: list[dict[str, Any]], stop: str, *, zero: bool = False
) -> tuple[int, str, Iterator[bytes]]:
    """One assistant message, as JSON or as the event stream the API sends."""
    usage = _usage(zero)
    message = {
        "id": f"msg_{uuid.uuid4().hex[:24]}",
        "type": "message",
        "role": "assistant",
        "model": body.get("model", "fake"),
        "content": blocks,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": usage,
    }
    if not body.get("stream"):
        return 200, "application/json", json_body(message)
    events: list[tuple[str | None, dict[str, Any]]] = [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {
                    **message,
                    "content": [],
                    "stop_reason": None,
                    "usage": {**usage, "output_tokens": 1 if not zero else 0},
                },
            },
        )
    ]
    for index, block in enumerate(blocks):
        events += _block_events(index, block)
    events += [
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop, "stop_sequence": None},
                "usage": usage,
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
    return 200, "text/event-stream", sse(events)


def _block_events(index: int, block: dict[str, Any]) -> list[tuple[str | None, dict[str, Any]]]:
    """``content_block_start``, one delta and ``content_block_stop`` for one block."""
    if block["type"] == "text":
        start = {"type": "text", "text": ""}
        delta = {"type": "text_delta", "text": block["text"]}
    else:
        start = {**block, "input": {}}
        delta = {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}
    return [
        (
            "content_block_start",
            {"type": "content_block_start", "index": index, "content_block": start},
        ),
        ("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta}),
        ("content_block_stop", {"type": "content_block_stop", "index": index}),
    ]
