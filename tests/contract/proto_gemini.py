"""Gemini ``generateContent`` and ``streamGenerateContent`` (SSE), as Gemini CLI speaks it.

Gemini CLI sends ``GOOGLE_GEMINI_BASE_URL`` requests as a gateway; the steps become its
tools ``read_file`` and ``write_file`` (``file_path``) and ``run_shell_command``
(``command``). Usage: ``promptTokenCount`` counts cached tokens too
(``cachedContentTokenCount``); there is no cache-write figure.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tests.contract.fakeapi import TURN, FakeAPI, Served, Step, json_body, sse


def answer(fake: FakeAPI, path: str, body: dict[str, Any]) -> tuple[int, str, Iterator[bytes]]:
    """The next scripted candidate (a short text with zero usage for a side request)."""
    results = [
        json.dumps(part["functionResponse"].get("response"))
        for content in body.get("contents") or []
        for part in content.get("parts") or []
        if isinstance(part, dict) and "functionResponse" in part
    ]
    stream = ":streamGenerateContent" in path
    if not _has_tools(body):
        fake.record(Served(path, body, None, results))
        return _candidate(_side_answer(body), zero=True, stream=stream)
    done = len(results)
    fake.record(Served(path, body, done, results))
    step = fake.script.step(done)
    if step.kind == "say":
        return _candidate({"text": step.text}, stream=stream)
    name, args = _tool_call(fake, step)
    return _candidate({"functionCall": {"name": name, "args": args}}, stream=stream)


def _has_tools(body: dict[str, Any]) -> bool:
    """True when the request offers function declarations (the agent's main loop)."""
    return any(t.get("functionDeclarations") for t in body.get("tools") or [])


def _side_answer(body: dict[str, Any]) -> dict[str, Any]:
    """A side request's answer: JSON when a schema is asked for, else a word."""
    config = body.get("generationConfig") or {}
    if config.get("responseMimeType") == "application/json":
        return {"text": json.dumps({"next_speaker": "user", "reasoning": "scripted"})}
    return {"text": "ok"}


def _tool_call(fake: FakeAPI, step: Step) -> tuple[str, dict[str, Any]]:
    """Gemini CLI's tool and arguments for one step."""
    if step.kind == "read":
        return "read_file", {"file_path": fake.script.absolute(step.path)}
    if step.kind == "write":
        return "write_file", {"file_path": fake.script.absolute(step.path), "content": step.text}
    return "run_shell_command", {"command": step.text, "description": "Run a scripted command"}


def _usage(zero: bool) -> dict[str, int]:
    """usageMetadata: the prompt count includes the cached tokens."""
    if zero:
        return {"promptTokenCount": 0, "candidatesTokenCount": 0, "totalTokenCount": 0}
    prompt = TURN.input + TURN.cache_read
    return {
        "promptTokenCount": prompt,
        "cachedContentTokenCount": TURN.cache_read,
        "candidatesTokenCount": TURN.output,
        "totalTokenCount": prompt + TURN.output,
    }


def _candidate(
    part: dict[str, Any], *, stream: bool, zero: bool = False
) -> tuple[int, str, Iterator[bytes]]:
    """One model turn, as JSON or as a one-event stream."""
    data = {
        "candidates": [
            {"content": {"role": "model", "parts": [part]}, "finishReason": "STOP", "index": 0}
        ],
        "usageMetadata": _usage(zero),
        "modelVersion": "fake",
    }
    if not stream:
        return 200, "application/json", json_body(data)
    return 200, "text/event-stream", sse([(None, data)])
