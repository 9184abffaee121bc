"""Size bounds for sandboxed templates: refuse the one-line memory bombs before they run.

Jinja2's sandbox keeps a template away from Python internals and caps ``range`` at
100,000 items, but it lets ``{{ 'a' * 10**9 }}``, ``{{ 2 ** (10**9) }}``,
``{{ 'x'|center(10**9) }}`` or ``{{ '%1000000000s' % '' }}`` build whatever they ask for.
Here each such operation is checked before it runs: it may build at most ``MAX_BUILT``
characters or items (or bits, for ``**``). These are bounds on single operations, not on
a whole render; D-27 says what is left out and why.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

MAX_BUILT = 1_000_000
MAX_CONCAT = 4_000_000  # what `+` may build: a whole briefing's worth

_PRINTF_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
_SEQUENCES = (str, bytes, list, tuple)


class TooLargeError(Exception):
    """A template operation would build more than MAX_BUILT characters, items or bits."""


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``*``, ``**`` and ``%`` whose result would be too large to build."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, _SEQUENCES) and _is_int(times) and len(seq) * times > MAX_BUILT:
                raise TooLargeError(
                    f"{_kind(seq)} of length {len(seq):,} times {times:,} "
                    f"would build {len(seq) * times:,} {_unit(seq)}"
                )
    elif operator == "**":
        if (
            _is_int(left)
            and _is_int(right)
            and abs(left) > 1
            and right * abs(left).bit_length() > MAX_BUILT
        ):
            raise TooLargeError(
                f"{left} ** {right:,} would be a number of about "
                f"{right * abs(left).bit_length():,} bits"
            )
    elif operator == "%" and isinstance(left, str):
        check_printf(left, right)
    elif operator == "+" and _too_long(left, right):
        raise TooLargeError(
            f"adding {_kind(left)} of length {len(left):,} and one of "
            f"{len(right):,} would build {len(left) + len(right):,} {_unit(left)}"
        )


def _too_long(left: Any, right: Any) -> bool:
    """True when ``left + right`` would be a sequence longer than MAX_CONCAT."""
    both = isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES)
    return both and len(left) + len(right) > MAX_CONCAT


def check_printf(text: str, values: Any) -> None:
    """Refuse a ``%`` format whose widths or precisions are too large."""
    stars = False
    for match in _PRINTF_SPEC.finditer(text):
        for number in match.groups():
            if number == "*":
                stars = True
            elif number and int(number) > MAX_BUILT:
                raise TooLargeError(
                    f"the format {match.group(0)!r} asks for {int(number):,} characters"
                )
    if stars:
        check_arguments(values if isinstance(values, tuple) else (values,), {}, "a '*' width")


def check_format(text: str) -> None:
    """Refuse a ``str.format`` string whose field widths or precisions are too large."""
    for field in _FORMAT_FIELD.findall(text):
        spec = field.partition(":")[2]
        for number in re.findall(r"\d+", spec):
            if int(number) > MAX_BUILT:
                raise TooLargeError(
                    f"the format field {field!r} asks for {int(number):,} characters"
                )


def check_arguments(args: tuple[Any, ...], kwargs: Mapping[str, Any], what: str) -> None:
    """Refuse a number above MAX_BUILT given as an argument (a width, a count, a length)."""
    for value in (*args, *kwargs.values()):
        if _is_int(value) and abs(value) > MAX_BUILT:
            raise TooLargeError(f"{what} was given {value:,}")


def check_replace(value: Any, old: Any, new: Any) -> None:
    """Refuse a ``replace`` whose result would be longer than MAX_CONCAT characters."""
    if isinstance(value, str) and isinstance(old, str) and isinstance(new, str):
        grows = max(0, len(new) - len(old)) * (value.count(old) if old else len(value) + 1)
        if len(value) + grows > MAX_CONCAT:
            raise TooLargeError(f"replace would build {len(value) + grows:,} characters")


def check_call(name: str, subject: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a method or filter whose result would be longer than MAX_CONCAT characters.

    These are the calls whose arguments are small but whose result multiplies them: a
    separator joined between many items, a tab or a newline widened, a character mapped to a
    long string, an indent put before every item of a JSON array.
    """
    values = (*args, *kwargs.values())
    texts = [value for value in values if isinstance(value, str)]
    longest = max((len(text) for text in texts), default=0)
    widest = max((abs(value) for value in values if _is_int(value)), default=0)
    size = 0
    if name == "join" and isinstance(subject, str) and args:  # 'sep'.join(items)
        size = len(subject) * _count(args[0])
    elif name == "join":  # items|join(sep)
        size = longest * _count(subject)
    elif name == "replace" and len(args) >= 2:
        check_replace(subject, args[0], args[1])
    elif name == "expandtabs" and isinstance(subject, str):
        size = len(subject) + subject.count("\t") * widest
    elif name == "translate" and isinstance(subject, str) and args and isinstance(args[0], dict):
        mapped = max((len(str(value)) for value in args[0].values()), default=1)
        size = len(subject) * mapped
    elif name in ("indent", "wordwrap") and isinstance(subject, str):
        size = len(subject) + (subject.count("\n") + 1) * max(widest, longest)
        if name == "wordwrap":
            size = len(subject) * (1 + longest)
    elif name == "tojson":
        size = _count(subject) * (widest + 8)
    if size > MAX_CONCAT:
        raise TooLargeError(f"{name} would build about {size:,} characters")


def countable(value: Any) -> Any:
    """``value``, or a list of its items when it is an iterator with no length (a ``map``)."""
    if isinstance(value, str) or hasattr(value, "__len__") or not hasattr(value, "__iter__"):
        return value
    return list(value)


def _count(value: Any) -> int:
    """How many items a value holds (its length, or 1 when it has none)."""
    try:
        return len(value)
    except TypeError:
        return 1


def bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` with its arguments (not the value it filters) checked, and format strings."""
    first = 2 if getattr(func, "jinja_pass_arg", None) else 1  # after context and value

    @functools.wraps(func)  # keeps jinja_pass_arg, so Jinja passes the same arguments
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        check_arguments(args[first:], kwargs, f"the filter {name!r}")
        if name == "format" and isinstance(args[first - 1], str):
            check_printf(args[first - 1], tuple(args[first:]))
        if name in ("join", "tojson"):
            args = (*args[: first - 1], countable(args[first - 1]), *args[first:])
        check_call(name, args[first - 1], tuple(args[first:]), kwargs)
        return func(*args, **kwargs)

    return wrapper


def _is_int(value: Any) -> bool:
    """An int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(seq: Any) -> str:
    """``a string`` / ``a list`` for messages."""
    return "a string" if isinstance(seq, (str, bytes)) else f"a {type(seq).__name__}"


def _unit(seq: Any) -> str:
    """``characters`` or ``items``."""
    return "characters" if isinstance(seq, (str, bytes)) else "items"
