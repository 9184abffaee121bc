"""Jinja2 templates: packaged in ``templates/``, overridable from ``.workledger/templates/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gitsplit.errors import GitsplitError
from gitsplit.ids import LEDGER_DIR

OVERRIDE_DIR = f"{LEDGER_DIR}/templates"


class TemplateError(GitsplitError):
    """A template failed to load or render; the message names the file and line."""


def packaged_dir() -> Path:
    """The folder of templates shipped with gitsplit (inside the wheel, or the source tree)."""
    here = Path(__file__).resolve().parent
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
    """Render a template in a sandbox with strict undefined variables; errors name file:line."""
    from jinja2 import FileSystemLoader, StrictUndefined, TemplateSyntaxError
    from jinja2.sandbox import SandboxedEnvironment

    path = find(root, name)
    folders = [str(path.parent)] + [str(packaged_dir())] * (path.parent != packaged_dir())
    env = SandboxedEnvironment(loader=FileSystemLoader(folders), undefined=StrictUndefined,
                               keep_trailing_newline=True, autoescape=False, trim_blocks=True,
                               lstrip_blocks=True)
    try:
        return env.get_template(name).render(**context)
    except TemplateSyntaxError as exc:
        where = _shown(root, Path(exc.filename)) if exc.filename else _shown(root, path)
        raise TemplateError(f"{where}:{exc.lineno}: template syntax error: {exc.message}") from None
    except Exception as exc:  # a template can raise anything; report it as the template's fault
        raise TemplateError(f"{_where(root, exc, path)}: template failed: {_describe(exc)}") \
            from None


def _describe(exc: BaseException) -> str:
    """Name the kind of template failure in a reader's words."""
    from jinja2.exceptions import SecurityError, UndefinedError

    if isinstance(exc, SecurityError):
        return f"unsafe template (refused by the sandbox): {exc}"
    if isinstance(exc, UndefinedError):
        return f"undefined variable: {exc}"
    return f"{type(exc).__name__}: {exc}"


def _where(root: Path | None, exc: BaseException, fallback: Path) -> str:
    """``file:line`` of the innermost template frame of an exception."""
    tb = exc.__traceback__
    found: tuple[str, int] | None = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename.endswith(".md"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    if found is None:
        return _shown(root, fallback)
    return f"{_shown(root, Path(found[0]))}:{found[1]}"


def _shown(root: Path | None, path: Path) -> str:
    """How to name a template file in messages."""
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return f"templates/{path.name} (packaged)"
