"""The config file's YAML kept parsed under the git dir, so reading it imports no PyYAML.

``config.yaml`` is the one ledger file PyYAML must read (comments, nested blocks), and
importing PyYAML is about a sixth of a briefing's CPU, more than parsing the config.
The parsed data (plain dicts, lists and scalars) is kept with the exact text it came
from in ``<git dir>/gitsplit/config-yaml``; a look compares the text and unmarshals the
data. Anything else there (another text, a damaged or foreign file, not a mapping) is a
miss: the text is parsed again and the file replaced (temporary file and rename). A
cache, deleted at any time, off with ``GITSPLIT_NO_INDEX=1`` (D-73).
"""

from __future__ import annotations

import contextlib
import marshal
import os
from pathlib import Path
from typing import Any

from gitsplit.util.bounded_read import read_at_most

FILE_NAME = "config-yaml"
_MAGIC = b"gitsplit-config\x00\x01"
MAX_BYTES = 4 * 1024 * 1024


def parsed(text: str, root: Path | None) -> Any:
    """The YAML data of config ``text``, kept for the repository at ``root`` (None: not kept).

    Raises ``yaml.YAMLError`` as PyYAML does when the text is not YAML.
    """
    path = _path(root)
    if path is not None:
        found = _read(path, text)
        if found is not None:
            return found
    from gitsplit.ledger import yamlio

    data = yamlio.load(text)
    if path is not None and type(data) is dict:
        _keep(path, text, data)
    return data


def _path(root: Path | None) -> str | None:
    """Where the parsed config of ``root`` is kept, or None (no git dir, caches off)."""
    from gitsplit.ledger.index import ENV_OFF, git_dir

    if root is None or os.environ.get(ENV_OFF):
        return None
    found = git_dir(root)
    if found is None or os.path.islink(os.path.join(found, "gitsplit")):
        return None
    return os.path.join(found, "gitsplit", FILE_NAME)


def _read(path: str, text: str) -> dict[str, Any] | None:
    """The kept data when the file holds it for exactly ``text``, else None."""
    data = read_at_most(path, MAX_BYTES)
    if data is None or len(data) > MAX_BYTES or not data.startswith(_MAGIC):
        return None
    try:
        kept_text, kept = marshal.loads(memoryview(data)[len(_MAGIC) :])
    except (ValueError, EOFError, TypeError):
        return None
    return kept if kept_text == text and type(kept) is dict else None


def _keep(path: str, text: str, data: dict[str, Any]) -> None:
    """Write the parsed data beside its text (best effort: it is a cache)."""
    try:
        payload = _MAGIC + marshal.dumps((text, data))
    except ValueError:  # nothing that is not plain data is kept
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(payload)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
