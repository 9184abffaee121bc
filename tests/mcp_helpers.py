"""Talk to a real ``gitsplit mcp`` subprocess with the official SDK's own stdio client."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client


@dataclass(frozen=True)
class Reply:
    """One tool call's answer: the structured content, the text, and whether it is an error."""

    data: Any
    text: str
    is_error: bool


@dataclass(frozen=True)
class Session:
    """What a scripted session saw: the tools/list answer and each call's reply."""

    listing: dict[str, Any]
    listing_json: str
    replies: list[Reply]
    resources: list[str]


def converse(
    cwd: Path, calls: list[tuple[str, dict[str, Any]]], read: tuple[str, ...] = ()
) -> Session:
    """Start ``python -m gitsplit mcp`` in ``cwd``, list its tools, make the calls in order."""
    return asyncio.run(_converse(cwd, calls, read))


async def _converse(
    cwd: Path, calls: list[tuple[str, dict[str, Any]]], read: tuple[str, ...]
) -> Session:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "gitsplit", "mcp"], cwd=str(cwd), env=dict(os.environ)
    )
    async with stdio_client(params) as (reader, writer), ClientSession(reader, writer) as session:
        await session.initialize()
        listing = await session.list_tools()
        listing_json = listing.model_dump_json(by_alias=True, exclude_none=True)
        replies = []
        for name, arguments in calls:
            result = await session.call_tool(name, arguments)
            text = "".join(getattr(part, "text", "") for part in result.content)
            replies.append(Reply(result.structured_content, text, bool(result.is_error)))
        resources = []
        for uri in read:
            contents = await session.read_resource(uri)
            resources.append("".join(getattr(c, "text", "") for c in contents.contents))
    return Session(json.loads(listing_json), listing_json, replies, resources)
