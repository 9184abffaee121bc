"""A scripted fake model API on 127.0.0.1: it plays a fixed list of tool calls to a real CLI.

One server speaks every protocol the agents use (Anthropic Messages, OpenAI Responses,
OpenAI chat completions, Gemini generateContent); each protocol module turns the script's
next step into that protocol's tool call. The step to play is the number of tool results
already in the request's history, so a retried request gets the same answer. Every
answer to the agent's main loop reports the same fixed token counts (``TURN``); requests
without tools (titles, summaries, classifiers) are answered with a short text and zero
usage, so the figures a run records are exactly ``TURN`` times the turns served.
"""

from __future__ import annotations

import gzip
import json
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Step:
    """One thing the scripted model asks the agent to do.

    ``read`` a file, ``write`` a file (``text`` is its content), run a ``shell`` command
    (``text``), call a ``tool`` by its name (``path``) with JSON arguments (``text``), or
    ``say`` ``text`` and stop (the last step of every script).
    """

    kind: str
    path: str = ""
    text: str = ""


@dataclass(frozen=True)
class TurnUsage:
    """The token counts every main-loop answer reports."""

    input: int = 20_000  # fresh (uncached) input tokens
    cache_read: int = 8_000
    cache_write: int = 2_000
    output: int = 1_000


TURN = TurnUsage()


def read(path: str) -> Step:
    """Read a file of the checkout."""
    return Step("read", path=path)


def write(path: str, text: str) -> Step:
    """Write a file of the checkout."""
    return Step("write", path=path, text=text)


def shell(command: str) -> Step:
    """Run a shell command in the checkout."""
    return Step("shell", text=command)


def tool(name: str, arguments: dict[str, Any]) -> Step:
    """Call a tool the CLI offers by its own name (an MCP server's, say)."""
    return Step("tool", path=name, text=json.dumps(arguments))


def say(text: str) -> Step:
    """Answer with text and stop."""
    return Step("say", text=text)


@dataclass
class Served:
    """One request the fake answered: its path, body, which step it played, main or side."""

    path: str
    body: dict[str, Any]
    step: int | None  # None: a side request (no tools), answered with zero usage
    tool_results: list[str] = field(default_factory=list)


@dataclass
class Script:
    """The steps to play, where the agent works (paths are made absolute against it)."""

    steps: list[Step]
    checkout: Path = Path(".")

    def step(self, done: int) -> Step:
        """The step to play after ``done`` tool results (the final ``say`` once all are done)."""
        return self.steps[min(done, len(self.steps) - 1)]

    def absolute(self, path: str) -> str:
        """A step's path inside the checkout, absolute."""
        return str(self.checkout / path)


Handler = Callable[["FakeAPI", str, dict[str, Any]], tuple[int, str, Iterator[bytes]]]


class FakeAPI:
    """The server: routes each request to a protocol module and records what it served."""

    def __init__(self, script: Script, log: Path) -> None:
        self.script = script
        self.log = log
        self.served: list[Served] = []
        self.unknown: list[str] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _RequestHandler)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeAPI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def record(self, served: Served) -> None:
        """Remember one answered request (and log it for a person reading a failure)."""
        with self._lock:
            self.served.append(served)
            with self.log.open("a", encoding="utf-8") as out:
                step = "side" if served.step is None else f"step {served.step}"
                out.write(f"{served.path} [{step}] results={served.tool_results!r}\n")

    @property
    def main_turns(self) -> list[Served]:
        """The main-loop requests served, in order."""
        return [s for s in self.served if s.step is not None]

    def results(self) -> list[str]:
        """Every tool result the agent sent back, in the order of the latest request."""
        turns = self.main_turns
        return turns[-1].tool_results if turns else []


def route(path: str) -> Handler | None:
    """The protocol module that answers a request path, or None."""
    from tests.contract import proto_anthropic, proto_chat, proto_gemini, proto_responses

    bare = path.split("?", 1)[0]
    if bare.endswith("/messages"):
        return proto_anthropic.answer
    if bare.endswith("/responses"):
        return proto_responses.answer
    if bare.endswith("/chat/completions"):
        return proto_chat.answer
    if ":generateContent" in bare or ":streamGenerateContent" in bare:
        return proto_gemini.answer
    return None


class _RequestHandler(BaseHTTPRequestHandler):
    """Reads a JSON body, asks the protocol module for the answer, streams it back."""

    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        """Answer one API call."""
        fake: FakeAPI = self.server.fake  # type: ignore[attr-defined]
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        encoding = (self.headers.get("content-encoding") or "").lower()
        if encoding == "gzip":
            raw = gzip.decompress(raw)
        elif encoding == "deflate":
            raw = zlib.decompress(raw)
        elif encoding == "zstd":
            raw = _unzstd(raw)
        handler = route(self.path)
        if handler is None:
            fake.unknown.append(f"POST {self.path}")
            self._send(404, "application/json", iter([b'{"error":"not scripted"}']))
            return
        body = json.loads(raw or b"{}")
        status, kind, chunks = handler(fake, self.path, body)
        self._send(status, kind, chunks)

    def do_GET(self) -> None:
        """Model listings and anything else a CLI probes: an empty list, or 404."""
        fake: FakeAPI = self.server.fake  # type: ignore[attr-defined]
        if self.path.split("?", 1)[0].rstrip("/").endswith("/models"):
            self._send(200, "application/json", iter([b'{"object":"list","data":[]}']))
            return
        fake.unknown.append(f"GET {self.path}")
        self._send(404, "application/json", iter([b'{"error":"not scripted"}']))

    def _send(self, status: int, kind: str, chunks: Iterator[bytes]) -> None:
        """Send the answer: a complete body, or server-sent events chunk by chunk."""
        data = list(chunks)
        self.send_response(status)
        self.send_header("content-type", kind)
        if kind.startswith("text/event-stream"):
            self.send_header("cache-control", "no-cache")
        self.send_header("content-length", str(sum(len(c) for c in data)))
        self.end_headers()
        for chunk in data:
            self.wfile.write(chunk)
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the fake keeps its own log."""


def _unzstd(raw: bytes) -> bytes:
    """Decompress a zstd body (codex sends them) with the stdlib, where Python has it."""
    try:
        from compression import zstd  # type: ignore[import-not-found]
    except ImportError as exc:  # Python < 3.14
        raise RuntimeError("a CLI sent a zstd body; turn its request compression off") from exc
    return bytes(zstd.decompress(raw))


def sse(events: list[tuple[str | None, dict[str, Any]]]) -> Iterator[bytes]:
    """Server-sent events: ``event: NAME`` (when named) and one ``data:`` line each."""
    for name, data in events:
        head = f"event: {name}\n" if name else ""
        yield f"{head}data: {json.dumps(data)}\n\n".encode()


def json_body(data: dict[str, Any]) -> Iterator[bytes]:
    """A plain JSON answer."""
    yield json.dumps(data).encode()
