"""What an agent reports it used: parsers for agents' output, named by a profile's ``report``.

``claude-json`` reads ``claude -p --output-format json`` or ``stream-json``;
``codex-json`` sums the ``turn.completed`` events of ``codex exec --json``;
``aider-analytics`` sums the ``message_send`` events of aider's ``--analytics-log``;
``gemini-json`` reads the ``result`` line of ``gemini --output-format stream-json``;
``opencode-json`` sums the ``step_finish`` parts of ``opencode run --format json``;
``json`` reads a plain object with ``input_tokens``, ``output_tokens`` and ``cost_usd``
(for your own scripts). ``read_report`` gives a ``Report``: the usage (None when the
output carries no figures), the agent's own error, and the tool calls it was refused.
"""

from __future__ import annotations

from collections.abc import Callable

from gitsplit.errors import ValidationError
from gitsplit.ledger.schema import suggest
from gitsplit.runs.usage_model import Report as Report
from gitsplit.runs.usage_model import Usage as Usage
from gitsplit.runs.usage_parsers import parse_claude, parse_codex, parse_plain
from gitsplit.runs.usage_parsers_more import parse_aider, parse_gemini, parse_opencode

PARSERS: dict[str, Callable[[str], Report]] = {
    "claude-json": parse_claude,
    "codex-json": parse_codex,
    "aider-analytics": parse_aider,
    "gemini-json": parse_gemini,
    "opencode-json": parse_opencode,
    "json": parse_plain,
}


def read_report(profile_report: str, output: str) -> Report:
    """Parse an agent's output (or report file) with the named parser."""
    parser = PARSERS.get(profile_report)
    if parser is None:
        raise ValidationError(
            f"unknown report parser {profile_report!r}"
            f"{suggest(profile_report, list(PARSERS))}; "
            f"parsers: {', '.join(PARSERS)}"
        )
    return parser(output)


def parse_report(profile_report: str, output: str) -> Usage | None:
    """The usage an agent's output reports, or None when it reports none."""
    return read_report(profile_report, output).usage
