"""Reading config values: type checks whose errors name the file, the line and the key."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NoReturn

from gitsplit.errors import ConfigError, ValidationError
from gitsplit.ledger.schema import suggest
from gitsplit.util.tokens import parse_tokens


class ConfigReader:
    """Type checks for config values, with errors that name file, line and key."""

    def __init__(self, text: str, path: str) -> None:
        self.lines = text.splitlines()
        self.path = path

    def line_of(self, dotted: str) -> int | None:
        """Best-effort line of a dotted key (searches each part after the previous one).

        A part that is not found is joined with the next one, so keys holding dots
        (``prices.models.gpt-5.5``) are still found.
        """
        start = 0
        found = None
        parts = dotted.split(".")
        while parts:
            part = parts.pop(0)
            line = self._find(part, start)
            while line is None and parts:
                part = f"{part}.{parts.pop(0)}"
                line = self._find(part, start)
            if line is None:
                return found
            found = start = line
        return found

    def _find(self, key: str, start: int) -> int | None:
        """The 1-based line of the first ``key:`` at or after line index ``start``."""
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*:")
        for index in range(start, len(self.lines)):
            if pattern.match(self.lines[index]):
                return index + 1
        return None

    def fail(self, key: str, message: str) -> NoReturn:
        """Raise a ConfigError located at the key."""
        line = self.line_of(key) if key else None
        raise ConfigError(f"{key + ': ' if key else ''}{message}", path=self.path, line=line)

    def known(self, data: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        """Refuse keys that are not allowed, suggesting the closest."""
        for key in data:
            if key not in allowed:
                dotted = f"{where}.{key}" if where else str(key)
                self.fail(
                    dotted,
                    f"unknown key{suggest(str(key), allowed)}; "
                    f"known keys here: {', '.join(allowed)}",
                )

    def mapping(self, value: Any, key: str) -> dict[str, Any]:
        """A mapping, or an error."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(key, "must be a mapping of keys to values")
        return {str(k): v for k, v in value.items()}

    def text(self, value: Any, key: str) -> str:
        """A non-empty string, or an error."""
        if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value):
            self.fail(key, f"must be text, not {value!r}")
        return str(value)

    def texts(self, value: Any, key: str) -> list[str]:
        """A list of strings, or an error."""
        if not isinstance(value, list):
            self.fail(key, "must be a list")
        return [self.text(item, key) for item in value]

    def count(self, value: Any, key: str, *, tokens: bool = False) -> int:
        """A positive integer (with ``tokens``, also written 12k or 1.5M), or an error."""
        if not tokens:
            if not isinstance(value, int) or isinstance(value, bool):
                self.fail(key, f"must be a whole number, not {value!r}")
            number = int(value)
        else:
            try:
                number = parse_tokens(value, what="it")
            except ValidationError as exc:
                self.fail(key, exc.message.removeprefix("it ").removeprefix("it: "))
        if number <= 0:
            self.fail(key, "must be greater than zero")
        return number
