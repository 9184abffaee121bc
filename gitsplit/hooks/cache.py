"""What the hooks parsed, remembered by blob id under ``.git/gitsplit/`` (disposable).

Parsing a record needs PyYAML, whose import alone costs more than the hooks' whole budget
on a slow machine. A blob id names its content exactly, so the few fields the hooks need
from the config, a work order or a run record are stored against it: the next commit reads
one small text file instead of importing YAML. Deleting the file loses nothing.

Format: a header line, then one line per parsed blob: ``<id> <parser>\\t<key>=<values>...``
where each value is preceded by ``\\x1f``. Values holding a tab, newline or ``\\x1f`` are
not stored.
"""

from __future__ import annotations

import os

from gitsplit import __version__

FORMAT = 2
HEADER = f"gitsplit hook cache {FORMAT} {__version__}\n"
FILE_NAME = "hook-cache"
MAX_BYTES = 256 * 1024
_SEP = "\x1f"
_FORBIDDEN = ("\t", "\n", "\r", _SEP)

Entry = dict[str, list[str]]


class Cache:
    """Parsed fields by blob id, read once and appended to."""

    def __init__(self, folder: str) -> None:
        self.path = os.path.join(folder, FILE_NAME)
        self._entries: dict[str, Entry] | None = None
        self._fresh = True

    def get(self, blob_id: str) -> Entry | None:
        """The fields stored for a blob, or None."""
        return self._load().get(blob_id)

    def put(self, blob_id: str, entry: Entry) -> None:
        """Remember a blob's fields (silently skipped when they cannot be stored)."""
        texts = [blob_id, *entry, *(value for values in entry.values() for value in values)]
        if any(ch in text for text in texts for ch in _FORBIDDEN) or any("=" in k for k in entry):
            return
        self._load()[blob_id] = entry
        items = [
            key + "=" + "".join(_SEP + value for value in values) for key, values in entry.items()
        ]
        try:
            self._append("\t".join([blob_id, *items]) + "\n")
        except OSError:
            return  # a cache that cannot be written only costs time

    def _load(self) -> dict[str, Entry]:
        """Read the file (once); a missing, foreign or outdated file reads as empty."""
        if self._entries is not None:
            return self._entries
        self._entries = {}
        try:
            with open(self.path, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError):
            return self._entries
        if not text.startswith(HEADER):
            return self._entries
        self._fresh = False
        for line in text[len(HEADER) :].splitlines():
            blob_id, _, rest = line.partition("\t")
            entry: Entry = {}
            for item in rest.split("\t") if rest else []:
                key, _, values = item.partition("=")
                entry[key] = values.split(_SEP)[1:]
            self._entries[blob_id] = entry
        return self._entries

    def _append(self, line: str) -> None:
        """Add one line; start the file over when it is new, outdated or too big."""
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        try:
            big = os.path.getsize(self.path) > MAX_BYTES
        except OSError:
            big = True
        if self._fresh or big:
            temp = f"{self.path}.{os.getpid()}.tmp"
            with open(temp, "w", encoding="utf-8") as handle:
                handle.write(HEADER + line)
            os.replace(temp, self.path)
            self._fresh = False
            return
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)
