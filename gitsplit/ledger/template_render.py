"""A whole render of a template, bounded: its total output and the time it may take.

``template_limits`` refuses single operations that would build too much; these bounds are
on the render as a whole. ``{% for i in range(1000) %}{{ a }}{% endfor %}`` with a
million-character ``a`` builds nothing large at once yet prints a gigabyte, and nested
``range(100000)`` loops print nothing and never end. So the output is gathered chunk by
chunk and refused past ``MAX_OUTPUT`` characters, ``~`` joins are refused past it too, and
a trace function on the template's own frames stops a render after ``MAX_SECONDS``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Container, Mapping
from typing import Any

from gitsplit.ledger.template_limits import TooLargeError

MAX_OUTPUT = 4_000_000  # characters of one render; a briefing within any budget is far less
MAX_SECONDS = 5.0
_EVERY = 256  # line events between two looks at the clock


def bounded_render(template: Any, context: Mapping[str, Any], files: Container[str]) -> str:
    """Render ``template`` (a jinja2 Template) within MAX_OUTPUT characters and MAX_SECONDS.

    ``files`` holds the file names of the templates' compiled code, whose frames are timed.
    """
    deadline = time.monotonic() + MAX_SECONDS
    seen = [0]

    def timed(frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            seen[0] += 1
            if seen[0] % _EVERY == 0 and time.monotonic() > deadline:
                raise TooLargeError(f"the render ran for more than {MAX_SECONDS:g} s")
        return timed

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        return timed if frame.f_code.co_filename in files else None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        parts: list[str] = []
        total = 0
        for chunk in template.generate(**context):
            total += len(chunk)
            if total > MAX_OUTPUT:
                raise TooLargeError(f"the render printed more than {MAX_OUTPUT:,} characters")
            parts.append(chunk)
        return "".join(parts)
    finally:
        sys.settrace(previous)


def bounded_template(template_class: type[Any]) -> type[Any]:
    """A Template class whose compiled code joins (``~``) within MAX_OUTPUT characters."""

    class BoundedTemplate(template_class):  # type: ignore[misc]
        """Jinja's Template, with ``str_join`` and ``markup_join`` bounded."""

        @classmethod
        def _from_namespace(cls, environment: Any, namespace: Any, globals: Any) -> Any:
            for name in ("str_join", "markup_join"):
                if callable(namespace.get(name)):
                    namespace[name] = _bounded_join(namespace[name])
            return super()._from_namespace(environment, namespace, globals)

    return BoundedTemplate


def _bounded_join(join: Callable[[Any], str]) -> Callable[[Any], str]:
    """``join`` refusing to build a string longer than MAX_OUTPUT."""

    def bounded(seq: Any) -> str:
        items = list(seq)
        size = sum(len(item) for item in items if isinstance(item, str))
        if size > MAX_OUTPUT:
            raise TooLargeError(f"joining with ~ would build {size:,} characters")
        return join(items)

    return bounded
