"""The config file's YAML kept parsed under the git dir, so reading it imports no PyYAML.

``config.yaml`` is the one ledger file PyYAML must read (comments, nested blocks), and
importing PyYAML was a tenth of a briefing's instructions, more than parsing the config.
The parsed data (plain dicts, lists and scalars) is kept with the exact text it came
from in ``<git dir>/gitsplit/config-yaml``; a look compares the text and unmarshals the
data. Anything else there (another text, a damaged or foreign file, not a mapping) is a
miss: the text is parsed again and the file replaced (temporary file and rename). A
cache, deleted at any time, off with ``GITSPLIT_NO_INDEX=1`` (D-73).
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

from gitsplit.util import cache_file
from gitsplit.util.git_dir import cache_path

FILE_NAME = "config-yaml"
_MAGIC = b"gitsplit-config\x00\x02"
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
    if root is None or os.environ.get(cache_file.ALL_OFF):
        return None
    return cache_path(root, FILE_NAME)


def _read(path: str, text: str) -> dict[str, Any] | None:
    """The kept data when the file holds it for exactly ``text``, else None."""
    try:
        kept = cache_file.read(path, _MAGIC, text.encode("utf-8", "surrogatepass"), MAX_BYTES)
        data = None if kept is None else marshal.loads(kept)
    except (ValueError, EOFError, TypeError):
        return None
    return data if type(data) is dict else None


def _keep(path: str, text: str, data: dict[str, Any]) -> None:
    """Write the parsed data under its text (best effort: it is a cache)."""
    try:
        cache_file.write(path, _MAGIC, text.encode("utf-8", "surrogatepass"), marshal.dumps(data))
    except ValueError:  # nothing that is not plain data is kept
        return
