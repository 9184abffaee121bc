"""OpenAI Responses with server-sent events, as Codex CLI speaks it (a custom model provider).

Codex 0.171 offers the model one shell tool, ``exec_command`` (``cmd``); files are written
with its ``apply_patch`` command, which Codex applies itself inside its sandbox rules.
Usage follows the Responses API: ``input_tokens`` counts cached tokens too, and
``input_tokens_details`` says how many were cache reads and cache writes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

from tests.contract.fakeapi import TURN, FakeAPI, Served, Step, sse


def answer(fake: FakeAPI, path: str, body: dict[str, Any]) -> tuple[int, str, Iterator[bytes]]:
    """The next scripted response as an event stream (a plain text for a side request)."""
    items = body.get("input") if isinstance(body.get("input"), list) else []
    results = [_output(i) for i in items if i.get("type") == "function_call_output"]
    if not body.get("tools"):
        fake.record(Served(path, body, None, results))
        return _response(body, _message("ok"), zero=True)
    done = len(results)
    fake.record(Served(path, body, done, results))
    step = fake.script.step(done)
    if step.kind == "say":
        return _response(body, _message(step.text))
    item = {
        "type": "function_call",
        "id": f"fc_{uuid.uuid4().hex[:16]}",
        "call_id": f"call_{done:04d}",
        "name": "exec_command",
        "arguments": json.dumps({"cmd": _command(step)}),
        "status": "completed",
    }
    return _response(body, item)


def _command(step: Step) -> str:
    """The shell command Codex runs for one step."""
    if step.kind == "read":
        return f"cat {step.path}"
    if step.kind == "write":
        added = "".join(f"+{line}\n" for line in step.text.splitlines())
        patch = f"*** Begin Patch\n*** Add File: {step.path}\n{added}*** End Patch\n"
        return f"apply_patch <<'PATCH'\n{patch}PATCH"
    return step.text


def _output(item: dict[str, Any]) -> str:
    """A ``function_call_output``'s text (a string, or a list of text parts)."""
    output = item.get("output")
    if isinstance(output, str):
        return output
    if isinstance(output, list):
        return "\n".join(str(p.get("text", "")) for p in output if isinstance(p, dict))
    return json.dumps(output)


def _message(text: str) -> dict[str, Any]:
    """An assistant message output item."""
    return {
        "type": "message",
        "id": f"msg_{uuid.uuid4().hex[:16]}",
        "role": "assistant",
        "status": "completed",
        "content": [{"type": "output_text", "text": text, "annotations": []}],
    }


def _usage(zero: bool) -> dict[str, Any]:
    """Responses usage: input counts cached tokens; the details split them out."""
    if zero:
        details = {"cached_tokens": 0, "cache_write_tokens": 0}
        return {
            "input_tokens": 0,
            "input_tokens_details": details,
            "output_tokens": 0,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 0,
        }
    total_in = TURN.input + TURN.cache_read + TURN.cache_write
    return {
        "input_tokens": total_in,
        "input_tokens_details": {
            "cached_tokens": TURN.cache_read,
            "cache_write_tokens": TURN.cache_write,
        },
        "output_tokens": TURN.output,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": total_in + TURN.output,
    }


def _response(
    body: dict[str, Any], item: dict[str, Any], *, zero: bool = False
) -> tuple[int, str, Iterator[bytes]]:
    """``response.created``, the item added and done, ``response.completed`` with usage."""
    rid = f"resp_{uuid.uuid4().hex[:16]}"
    base = {"id": rid, "object": "response", "model": body.get("model", "fake")}
    events: list[tuple[str | None, dict[str, Any]]] = [
        (
            "response.created",
            {"type": "response.created", "response": {**base, "status": "in_progress"}},
        ),
        (
            "response.output_item.added",
            {"type": "response.output_item.added", "output_index": 0, "item": item},
        ),
        (
            "response.output_item.done",
            {"type": "response.output_item.done", "output_index": 0, "item": item},
        ),
        (
            "response.completed",
            {
                "type": "response.completed",
                "response": {
                    **base,
                    "status": "completed",
                    "output": [item],
                    "usage": _usage(zero),
                },
            },
        ),
    ]
    return 200, "text/event-stream", sse(events)
