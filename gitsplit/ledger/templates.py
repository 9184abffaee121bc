"""Jinja2 templates: packaged in ``templates/``, overridable from ``.workledger/templates/``.

Templates are rendered in Jinja2's immutable sandbox with ``StrictUndefined``: a template
from the repository cannot reach Python internals or change the data it is given, nor build
something huge in one step (template_bounds), and every failure (syntax, undefined
variable, refused attribute, too large) names the template file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from gitsplit.errors import GitsplitError
from gitsplit.ledger import layout
from gitsplit.ledger.ids import LEDGER_DIR
from gitsplit.ledger.template_render import bounded_render, bounded_template

OVERRIDE_DIR = f"{LEDGER_DIR}/templates"
MAX_FLAT_SOURCE = 16 * 1024  # bytes of a template whose parse may be kept (flat_template)


class TemplateError(GitsplitError):
    """A template failed to load or render; the message names the file and line."""


def packaged_dir() -> Path:
    """The folder of templates shipped with gitsplit (inside the wheel, or the source tree)."""
    here = Path(__file__).resolve().parent.parent  # the gitsplit package
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise TemplateError("gitsplit's packaged templates are missing; reinstall gitsplit")


def find(root: Path | None, name: str) -> Path:
    """The template that wins for ``name``: the repository's override, else the packaged one."""
    if root is not None:
        override = root / OVERRIDE_DIR / name
        if override.is_file():
            return override
    return packaged_dir() / name


def render(root: Path | None, name: str, context: dict[str, Any]) -> str:
    """Render a template in a sandbox with strict undefined variables; errors name file:line.

    A template that is text with values in it is filled in from the parts Jinja2 parsed it
    into last time, without importing Jinja2 (flat_template, D-81).
    """
    from gitsplit.ledger import flat_template

    source = _flat_source(root, name)
    if source is not None:
        text = flat_template.render(root, name, source, context)
        if text is not None:
            return text
    renderer = Renderer(root)
    text = renderer.render(name, context)
    if source is not None:
        flat_template.learn(root, name, source, renderer.parse(source))
    return text


def _flat_source(root: Path | None, name: str) -> str | None:
    """The source of a top-level template as ``Renderer`` finds it (the override, else the
    packaged one), or None when it may not be kept (a link, too big, unreadable)."""
    if root is None or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = find(root, name)
    if path.parent != packaged_dir() and layout.linked(root, f"{OVERRIDE_DIR}/{name}"):
        return None
    try:
        if path.stat().st_size > MAX_FLAT_SOURCE:
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


class Renderer:
    """Renders one repository's templates: its overrides first, then the packaged ones.

    ``overrides`` ({name: text}) replaces reading ``.workledger/templates/`` from disk, so a
    caller can render the templates committed at some commit.
    """

    def __init__(self, root: Path | None, overrides: Mapping[str, str] | None = None) -> None:
        self.root = root
        self.overrides = overrides
        self.shown: dict[str, str] = {}  # the file name Jinja sees -> the name users see
        self._env: Any = None

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """Render template ``name``; TemplateError names the template file and line."""
        from jinja2 import TemplateSyntaxError

        try:
            template = self._environment().get_template(name)
            return bounded_render(template, context, self.shown)
        except TemplateSyntaxError as exc:
            where = self.shown.get(exc.filename or "", exc.filename or name)
            raise TemplateError(
                f"{where}:{exc.lineno}: template syntax error: {exc.message}"
            ) from None
        except TemplateError:
            raise
        except Exception as exc:  # a template can raise anything; report it as its fault
            raise TemplateError(
                f"{self._where(exc, name)}: template failed: {_describe(exc)}"
            ) from None

    def parse(self, source: str) -> Any:
        """Jinja2's parse of a template's source (a ``jinja2.nodes.Template``), or None."""
        try:
            return self._environment().parse(source)
        except Exception:  # changed meanwhile into something that does not parse
            return None

    def _environment(self) -> Any:
        """The sandboxed environment, built once."""
        if self._env is None:
            from jinja2 import FunctionLoader, StrictUndefined

            from gitsplit.ledger.template_cache import bytecode_cache

            self._env = _bounded_sandbox()(
                loader=FunctionLoader(self._load),
                bytecode_cache=bytecode_cache(self.root),
                undefined=StrictUndefined,
                keep_trailing_newline=True,
                autoescape=False,
                trim_blocks=True,
                lstrip_blocks=True,
                auto_reload=False,
            )
        return self._env

    def _load(self, name: str) -> tuple[str, str, Callable[[], bool]] | None:
        """(source, file name, up-to-date check) of a template, override first."""
        from jinja2.loaders import split_template_path

        rel = "/".join(split_template_path(name))  # refuses '..'
        override = f"{OVERRIDE_DIR}/{rel}"
        if self.overrides is not None:
            text = self.overrides.get(rel)
            if text is not None:
                return self._found(text, override, override)
        elif self.root is not None and (self.root / override).is_file():
            if layout.linked(self.root, override):
                raise TemplateError(f"{override}: {layout.SYMLINK}")
            path = self.root / override
            return self._found(_read(path, override), str(path), override)
        packaged = packaged_dir() / rel
        if packaged.is_file():
            return self._found(
                _read(packaged, f"templates/{rel}"), str(packaged), f"templates/{rel}"
            )
        return None

    def _found(self, text: str, filename: str, shown: str) -> tuple[str, str, Callable[[], bool]]:
        """Remember how to name a template file in messages, and hand it to Jinja."""
        self.shown[filename] = shown
        return text, filename, lambda: True

    def _where(self, exc: BaseException, name: str) -> str:
        """``file:line`` of the innermost template frame of an exception."""
        tb = exc.__traceback__
        found = None
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename in self.shown:
                found = f"{self.shown[filename]}:{tb.tb_lineno}"
            tb = tb.tb_next
        return found or name


def _bounded_sandbox() -> Any:
    """Jinja2's immutable sandbox, with each operation's size bounded (template_bounds)."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from gitsplit.ledger import template_limits as bounds

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        """Refuses ``*``, ``**``, ``%``, calls and filters that would build too much."""

        intercepted_binops = frozenset({"*", "**", "%", "+"})

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.filters = {
                name: bounds.bounded_filter(name, func) for name, func in self.filters.items()
            }
            self.template_class = bounded_template(self.template_class)
            # lipsum(n) builds n paragraphs in library code no bound or clock sees
            self.globals.pop("lipsum", None)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            bounds.check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            name = getattr(__obj, "__name__", "a call").removeprefix("safe_")  # safe_range
            bounds.check_arguments(args, kwargs, f"{name}()")
            if name == "join" and args:
                args = (bounds.countable(args[0]), *args[1:])
            bounds.check_call(name, getattr(__obj, "__self__", None), args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value: Any) -> Any:
            if isinstance(getattr(value, "__self__", None), str):
                bounds.check_format(value.__self__)
            return super().wrap_str_format(value)

    return BoundedSandbox


def _read(path: Path, shown: str) -> str:
    """A template file's text."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{shown}: cannot read template: {exc}") from None


def _describe(exc: BaseException) -> str:
    """Name the kind of template failure in a reader's words."""
    from jinja2.exceptions import SecurityError, TemplateNotFound, UndefinedError

    from gitsplit.ledger.template_limits import MAX_BUILT, TooLargeError

    if isinstance(exc, TooLargeError):
        return f"too large (refused: {exc}; a template may build at most {MAX_BUILT:,} at once)"
    if isinstance(exc, SecurityError):
        return f"unsafe template (refused by the sandbox): {exc}"
    if isinstance(exc, UndefinedError):
        return f"undefined variable: {exc}"
    if isinstance(exc, TemplateNotFound):
        return f"no template named {exc.name!r} (in {OVERRIDE_DIR}/ or the packaged templates)"
    return f"{type(exc).__name__}: {exc}"
