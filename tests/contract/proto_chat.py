"""OpenAI chat completions, streamed or not: opencode's tool calls and aider's text edits.

A request with tools (opencode) gets the next step as a tool call: ``read`` (``filePath``),
``write`` (``filePath``, ``content``) or ``bash`` (``command``, ``description``). A
request without tools is aider's: aider edits files from the text of the reply (a
SEARCH/REPLACE block, or the whole file under its name) and runs no commands unattended,
so its script is the write steps, one reply each; aider's request for a commit message
is a side request. Usage: ``prompt_tokens`` counts cached tokens too.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from tests.contract.fakeapi import TURN, FakeAPI, Served, Step, json_body, sse

COMMIT_MESSAGE = "Add the scripted file"
MARK = "(scripted reply)"  # tells this fake's own replies from aider's few-shot examples


def answer(fake: FakeAPI, path: str, body: dict[str, Any]) -> tuple[int, str, Iterator[bytes]]:
    """The next scripted chat completion."""
    messages = body.get("messages") or []
    results = [_text(m.get("content")) for m in messages if m.get("role") == "tool"]
    if body.get("tools"):
        done = len(results)
        fake.record(Served(path, body, done, results))
        step = fake.script.step(done)
        if step.kind == "say":
            return _completion(body, {"content": step.text}, "stop")
        call = {
            "index": 0,
            "id": f"call_{done:04d}",
            "type": "function",
            "function": {"name": _tool(step)[0], "arguments": json.dumps(_tool(step)[1])},
        }
        return _completion(body, {"content": None, "tool_calls": [call]}, "tool_calls")
    system = " ".join(_text(m.get("content")) for m in messages if m.get("role") == "system")
    if "commit message" in system.lower() or not _is_aider_edit_turn(system):
        fake.record(Served(path, body, None, results))
        return _completion(body, {"content": COMMIT_MESSAGE}, "stop", zero=True)
    done = sum(
        1 for m in messages if m.get("role") == "assistant" and MARK in _text(m.get("content"))
    )
    fake.record(Served(path, body, done, results))
    edits = [s for s in fake.script.steps if s.kind == "write"]
    if done >= len(edits):
        return _completion(body, {"content": fake.script.steps[-1].text}, "stop")
    return _completion(body, {"content": _aider_edit(edits[done], system)}, "stop")


def _is_aider_edit_turn(system: str) -> bool:
    """True for aider's coder prompt (it asks for file edits in a fixed format)."""
    return "SEARCH/REPLACE" in system or "file listing" in system.lower()


def _aider_edit(step: Step, system: str) -> str:
    """One new file in aider's edit format: a SEARCH/REPLACE block, or the whole file."""
    if "SEARCH/REPLACE" in system:
        return (
            f"{MARK} Creating the file.\n\n{step.path}\n```\n<<<<<<< SEARCH\n=======\n"
            f"{step.text}>>>>>>> REPLACE\n```\n"
        )
    return f"{MARK} Creating the file.\n\n{step.path}\n```\n{step.text}```\n"


def _tool(step: Step) -> tuple[str, dict[str, Any]]:
    """opencode's tool and arguments for one step."""
    if step.kind == "read":
        return "read", {"filePath": step.path}
    if step.kind == "write":
        return "write", {"filePath": step.path, "content": step.text}
    return "bash", {"command": step.text, "description": "Run a scripted command"}


def _text(content: Any) -> str:
    """A message's content as text (a string, or a list of text parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return ""


def _usage(zero: bool) -> dict[str, Any]:
    """Chat usage: prompt tokens count cached ones; cache writes have no field here."""
    if zero:
        return {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    prompt = TURN.input + TURN.cache_read
    return {
        "prompt_tokens": prompt,
        "completion_tokens": TURN.output,
        "total_tokens": prompt + TURN.output,
        "prompt_tokens_details": {"cached_tokens": TURN.cache_read},
    }


def _completion(
    body: dict[str, Any], message: dict[str, Any], finish: str, *, zero: bool = False
) -> tuple[int, str, Iterator[bytes]]:
    """A chat completion, as one JSON object or as chunks ending in usage and [DONE]."""
    base = {
        "id": f"chatcmpl-{uuid.uuid4().hex[:16]}",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
    }
    usage = _usage(zero)
    if not body.get("stream"):
        choice = {"index": 0, "message": {"role": "assistant", **message}, "finish_reason": finish}
        return (
            200,
            "application/json",
            json_body({**base, "object": "chat.completion", "choices": [choice], "usage": usage}),
        )
    chunk = {**base, "object": "chat.completion.chunk"}
    delta = {"role": "assistant", **message}
    events: list[tuple[str | None, dict[str, Any]]] = [
        (None, {**chunk, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}),
        (None, {**chunk, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}),
        (None, {**chunk, "choices": [], "usage": usage}),
    ]
    return 200, "text/event-stream", _with_done(sse(events))


def _with_done(events: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks, then ``data: [DONE]``."""
    yield from events
    yield b"data: [DONE]\n\n"
