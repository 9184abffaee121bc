"""Text that reaches a terminal: control characters shown as ``\\u001b``, never sent raw.

A title, an id, a file name or a branch name comes from the repository, which anyone who
can push to it writes. Sent raw, an ESC sequence clears the screen, rewrites what was
printed or sets the clipboard (OSC 52). gitsplit prints them escaped: every C0 control but
tab and newline (and ``\\r`` only as part of ``\\r\\n``), DEL, the C1 controls, and the
bidirectional overrides that reorder what a reader sees. ``\\uXXXX`` is also what a JSON
string means by it, so JSON output stays valid and means the same.

Imported by the hooks: no ``re``, no ``typing`` at run time.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: the hooks import this module
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import IO, Any

_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029)
_CONTROLS = (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *_BIDI)
_TABLE = {code: f"\\u{code:04x}" for code in _CONTROLS if code not in (0x09, 0x0A)}
_ONE_LINE = {**_TABLE, 0x09: "\\t", 0x0A: "\\n"}


def escape(text: str) -> str:
    """``text`` with control characters written as ``\\uXXXX`` (tabs, newlines, CRLF kept)."""
    if "\r\n" in text:
        return "\r\n".join(part.translate(_TABLE) for part in text.split("\r\n"))
    return text.translate(_TABLE)


def one_line(text: str) -> str:
    """``text`` escaped for one line of output: also tabs and newlines (``\\t``, ``\\n``)."""
    return text.translate(_ONE_LINE)


def control_characters(text: str) -> list[str]:
    """The control characters in ``text`` that must not be in a title or an id, as ``\\uXXXX``."""
    if text.isprintable():  # each of them is unprintable (Cc, Cf, Zl, Zp): none here
        return []
    return sorted({_ONE_LINE[ord(c)] for c in text if ord(c) in _ONE_LINE})


class EscapingStream:
    """A text stream that escapes what is written to it before passing it on."""

    def __init__(self, raw: IO[str]) -> None:
        """Wrap ``raw`` (kept as ``.raw``, for output that must pass unchanged)."""
        self.raw = raw

    def write(self, text: str) -> int:
        """Write ``text`` escaped; returns the length of ``text`` as given."""
        self.raw.write(escape(text))
        return len(text)

    def writelines(self, lines: Iterator[str]) -> None:
        """Write each line escaped."""
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        """Flush the stream underneath."""
        self.raw.flush()

    def __getattr__(self, name: str) -> Any:
        """Everything else (encoding, isatty, fileno, buffer: JSON-RPC bytes) is underneath."""
        return getattr(self.raw, name)


class EscapedOutput:
    """``with EscapedOutput():`` escapes everything written to sys.stdout and sys.stderr."""

    def __enter__(self) -> EscapedOutput:
        """Wrap both streams."""
        import sys

        self.saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = EscapingStream(sys.stdout), EscapingStream(sys.stderr)
        return self

    def __exit__(self, *exc: object) -> None:
        """Put the streams back."""
        import sys

        sys.stdout, sys.stderr = self.saved


def unwrapped(stream: Any) -> Any:
    """The stream under an ``EscapingStream`` (an agent's own output passes unchanged)."""
    return stream.raw if isinstance(stream, EscapingStream) else stream
