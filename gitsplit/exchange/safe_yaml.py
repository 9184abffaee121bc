"""YAML of other tools' files: safe, dates as text, and no anchors or aliases (no bombs)."""

from __future__ import annotations

from typing import Any

import yaml


class ImportLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases, so a small file cannot expand into a huge one."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Refuse ``*alias`` nodes; compose everything else as the safe loader does."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not read in imported files", event.start_mark
            )
        return super().compose_node(parent, index)


ImportLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in entries if tag != "tag:yaml.org,2002:timestamp"]
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def problem(exc: yaml.YAMLError) -> str:
    """``line N: what is wrong`` for a YAML error."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    words = " ".join(
        str(part) for part in (getattr(exc, "context", None), getattr(exc, "problem", None)) if part
    )
    where = f"line {mark.line + 1}: " if mark is not None else ""
    return where + " ".join((words or str(exc)).split())
